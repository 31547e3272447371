// End-to-end tests of @eventx/client against the real eventx-server binary (see server.ts).
// Every article here was written for these tests.

import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  Client,
  Code,
  EventCategory,
  EventxError,
  SpanUnit,
  Status,
  type Event,
  type ExtractResult,
} from "../src/index.js";
import { RetryInfo } from "../src/gen/google/rpc/error_details.js";
import { startServer, type RunningServer } from "./server.js";

const EXPULSION = "Norway expelled three Iranian diplomats on Monday, the foreign ministry said.";

function sanctionOf(events: readonly Event[]): Event {
  const event = events.find((e) => e.category === EventCategory.EVENT_CATEGORY_SANCTION);
  assert.ok(event, `no SANCTION among ${events.map((e) => EventCategory[e.category]).join(", ")}`);
  return event;
}

async function rejection(promise: Promise<unknown>): Promise<EventxError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof EventxError, `expected an EventxError, got ${String(error)}`);
    return error;
  }
  assert.fail("the call succeeded");
}

async function collect(results: AsyncIterable<ExtractResult>): Promise<ExtractResult[]> {
  const all: ExtractResult[] = [];
  for await (const result of results) all.push(result);
  return all;
}

describe("eventx client against the real server", () => {
  let server: RunningServer;
  let client: Client;

  before(async () => {
    server = await startServer();
    client = new Client(server.addr);
  });

  after(async () => {
    client?.close();
    await server?.stop();
  });

  it("extracts an expulsion: SANCTION, NOR → IRN, count 3, dated from the publication date", async () => {
    const response = await client.extract(EXPULSION, { id: "oslo-1", published: "2024-05-15" });
    assert.equal(response.articleId, "oslo-1");
    const event = sanctionOf(response.events);
    assert.equal(event.source?.country, "NOR");
    assert.equal(event.target?.country, "IRN");
    assert.equal(event.details?.$case, "sanction");
    assert.equal(event.details.value.count, 3);
    assert.equal(event.date?.date, "2024-05-13"); // the Monday before Wednesday 15 May
    assert.match(event.fingerprint, /^[0-9a-f]{16}$/);
    assert.ok(event.confidence > 0 && event.confidence <= 1);
  });

  it("accepts a Date as the publication date and an Article object", async () => {
    const response = await client.extract(
      { id: "oslo-2", text: EXPULSION, title: "Oslo expels envoys" },
      { published: new Date(Date.UTC(2024, 4, 15, 23, 30)) },
    );
    assert.equal(response.articleId, "oslo-2");
    assert.equal(response.document?.articleDate?.date, "2024-05-15");
  });

  it("gives spans in UTF-16 code units, so they slice a JS string with an emoji before them", async () => {
    const text = `🇳🇴📰 Update: ${EXPULSION}`; // a flag (4 code units, 2 code points) and a newspaper (2, 1)
    const { events } = await client.extract(text);
    const event = sanctionOf(events);
    const source = event.source!;
    const target = event.target!;
    assert.equal(text.slice(source.span!.start, source.span!.end), "Norway");
    assert.equal(text.slice(source.span!.start, source.span!.end), source.text);
    assert.equal(text.slice(target.span!.start, target.span!.end), target.text);
    assert.equal(target.text, "Iranian diplomats");
    const mention = event.mentions[0]!;
    assert.equal(text.slice(mention.sentenceSpan!.start, mention.sentenceSpan!.end), mention.sentence);
    assert.equal(text.slice(mention.trigger!.start, mention.trigger!.end), "expelled");

    // Code points, the server's own default, would be 3 short here: proof the default matters.
    const points = await client.extract(text, { spanUnit: SpanUnit.SPAN_UNIT_CODE_POINT });
    assert.equal(sanctionOf(points.events).source!.span!.start, source.span!.start - 3);
  });

  it("drops spans and mentions when asked, and filters by category and confidence", async () => {
    const text = `${EXPULSION} Police arrested two protesters in Tehran on Tuesday.`;
    const all = await client.extract(text, { includeSpans: false });
    assert.ok(all.events.length >= 2);
    assert.ok(all.events.every((e) => e.mentions.length === 0 && e.source?.span === undefined));
    const only = await client.extract(text, { categories: ["COERCE"] });
    assert.ok(only.events.length >= 1);
    assert.ok(only.events.every((e) => e.category === EventCategory.EVENT_CATEGORY_COERCE));
    const none = await client.extract(text, { minConfidence: 1 });
    assert.ok(none.events.every((e) => e.confidence >= 1));
  });

  it("rejects minConfidence 2 with INVALID_ARGUMENT naming options.min_confidence", async () => {
    const error = await rejection(client.extract(EXPULSION, { minConfidence: 2 }));
    assert.equal(error.code, Code.INVALID_ARGUMENT);
    assert.equal(error.codeName, "INVALID_ARGUMENT");
    assert.deepEqual(
      error.fieldViolations.map((v) => v.field),
      ["options.min_confidence"],
    );
    assert.ok(error.violates("options.min_confidence"));
    assert.ok(error.fieldViolations[0]!.description.length > 0);
    assert.match(error.message, /^INVALID_ARGUMENT: /);
  });

  it("rejects a blank article with INVALID_ARGUMENT naming article.text", async () => {
    const error = await rejection(client.extract(" \n\t "));
    assert.equal(error.code, Code.INVALID_ARGUMENT);
    assert.ok(error.violates("article.text"));
  });

  it("reports DEADLINE_EXCEEDED for a deadline that cannot be met", async () => {
    const long = `${EXPULSION} `.repeat(10_000); // 780 kB, under the 1 MiB limit
    const error = await rejection(client.extract(long, { deadlineMs: 1 }));
    assert.equal(error.code, Code.DEADLINE_EXCEEDED);
  });

  it("cancels a call through an AbortSignal", async () => {
    const controller = new AbortController();
    const pending = client.extract(`${EXPULSION} `.repeat(10_000), { signal: controller.signal });
    controller.abort();
    await assert.rejects(pending, (error: Error) => error.name === "AbortError");
  });

  it("streams ~50 articles over one call and yields them in input order, a blank one as its own error", async () => {
    const countries = [
      ["Norway", "Iranian"],
      ["Kenya", "Somali"],
      ["Chile", "Peruvian"],
      ["Poland", "Belarusian"],
      ["Japan", "Chinese"],
    ] as const;
    const articles = Array.from({ length: 51 }, (_, i) => {
      if (i === 25) return { id: "blank", text: "   " };
      const [country, demonym] = countries[i % countries.length]!;
      const sentence = `${country} expelled ${i + 2} ${demonym} diplomats on Friday, officials said. `;
      // Articles of very different lengths finish out of order on a multi-core server.
      return { id: `a${i}`, text: sentence + "The talks went on. ".repeat(i % 3 === 0 ? 2_000 : 1) };
    });
    const results = await collect(client.extractMany(articles, { includeSpans: false }));
    assert.equal(results.length, articles.length);
    results.forEach((result, i) => {
      assert.equal(result.index, i);
      assert.equal(result.id, articles[i]!.id);
      if (i === 25) {
        assert.equal(result.ok, false);
        assert.equal(result.error?.code, Code.INVALID_ARGUMENT);
        assert.ok(result.error?.violates("article.text"), JSON.stringify(result.error?.fieldViolations));
      } else {
        assert.ok(result.ok, result.error?.message);
        assert.equal(result.response.articleId, articles[i]!.id);
        const event = sanctionOf(result.response.events);
        assert.equal(event.details?.$case === "sanction" ? event.details.value.count : undefined, i + 2);
      }
    });
  });

  it("streams from an async iterable of strings through a small window", async () => {
    const small = new Client(server.addr, { streamWindow: 2 });
    try {
      async function* produce(): AsyncGenerator<string> {
        for (let i = 0; i < 20; i++) {
          if (i % 4 === 0) await new Promise((r) => setTimeout(r, 1));
          yield `Kenya expelled ${i + 1} Somali diplomats, the ministry said.`;
        }
      }
      const results = await collect(small.extractMany(produce()));
      assert.deepEqual(
        results.map((r) => r.index),
        Array.from({ length: 20 }, (_, i) => i),
      );
      assert.ok(results.every((r) => r.ok && r.id === ""));
    } finally {
      small.close();
    }
  });

  it("stops the stream when the consumer breaks out, and the client stays usable", async () => {
    let pulled = 0;
    function* endless(): Generator<string> {
      for (;;) {
        pulled++;
        yield EXPULSION;
      }
    }
    let seen = 0;
    for await (const result of client.extractMany(endless())) {
      assert.ok(result.ok);
      if (++seen === 5) break;
    }
    assert.ok(pulled < 5 + 64 + 2, `the writer ran ahead by ${pulled}`);
    const response = await client.extract(EXPULSION);
    assert.ok(response.events.length > 0);
  });

  it("ends the iteration with the input's own error when the input throws", async () => {
    function* broken(): Generator<string> {
      yield EXPULSION;
      throw new Error("feed went away");
    }
    await assert.rejects(collect(client.extractMany(broken())), /feed went away/);
  });

  it("serves the ontology: 16 categories with their modes", async () => {
    const ontology = await client.ontology();
    assert.equal(ontology.categories.length, 16);
    const sanction = ontology.categories.find((c) => c.category === EventCategory.EVENT_CATEGORY_SANCTION);
    assert.equal(sanction?.name, "SANCTION");
    assert.ok(sanction.modes.some((m) => m.name === "expel"));
    assert.ok(ontology.sectors.some((s) => s.code === "GOV"));
  });

  it("connects to dns:///localhost:PORT with round-robin balancing", async () => {
    await using dns = new Client(`dns:///localhost:${server.port}`);
    const response = await dns.extract(EXPULSION);
    assert.equal(sanctionOf(response.events).source?.country, "NOR");
    const results = await collect(dns.extractMany([EXPULSION, EXPULSION]));
    assert.equal(results.filter((r) => r.ok).length, 2);
  });

  it("fails fast with UNAVAILABLE when nothing listens", async () => {
    const nowhere = new Client("127.0.0.1:1", { defaultDeadlineMs: 5_000 });
    try {
      const error = await rejection(nowhere.extract(EXPULSION));
      assert.equal(error.code, Code.UNAVAILABLE);
    } finally {
      nowhere.close();
    }
  });
});

describe("a server with --max-text-bytes 100", () => {
  let server: RunningServer;
  let client: Client;
  const tooLarge = `${EXPULSION} ${EXPULSION}`; // 155 bytes

  before(async () => {
    server = await startServer(["--max-text-bytes", "100"]);
    client = new Client(server.addr);
  });

  after(async () => {
    client?.close();
    await server?.stop();
  });

  it("rejects a longer article with RESOURCE_EXHAUSTED and ErrorInfo ARTICLE_TOO_LARGE", async () => {
    const error = await rejection(client.extract(tooLarge));
    assert.equal(error.code, Code.RESOURCE_EXHAUSTED);
    assert.equal(error.errorInfo?.reason, "ARTICLE_TOO_LARGE");
    assert.equal(error.errorInfo?.domain, "eventx.v1");
    assert.equal(error.errorInfo?.metadata["limit_bytes"], "100");
    assert.ok(error.violates("article.text"));
    assert.ok(error.metadata !== undefined);
  });

  it("reports the same error for that article alone inside a stream", async () => {
    const results = await collect(client.extractMany([EXPULSION, tooLarge, EXPULSION]));
    assert.deepEqual(
      results.map((r) => r.ok),
      [true, false, true],
    );
    const error = results[1]!.error!;
    assert.equal(error.code, Code.RESOURCE_EXHAUSTED);
    assert.equal(error.errorInfo?.reason, "ARTICLE_TOO_LARGE");
    assert.equal(error.metadata, undefined);
  });
});

describe("a server with one slot and no queue", () => {
  let server: RunningServer;
  let client: Client;

  before(async () => {
    server = await startServer(["--max-concurrent", "1", "--max-queue", "0"]);
    client = new Client(server.addr);
  });

  after(async () => {
    client?.close();
    await server?.stop();
  });

  it("sheds load with RESOURCE_EXHAUSTED, ErrorInfo SERVER_BUSY and a retry delay", async () => {
    const long = `${EXPULSION} `.repeat(4_000);
    const settled = await Promise.allSettled(Array.from({ length: 16 }, () => client.extract(long)));
    const busy = settled.flatMap((s) => (s.status === "rejected" ? [s.reason as EventxError] : []));
    assert.ok(busy.length > 0, "16 calls at once on one slot were all served");
    for (const error of busy) {
      assert.ok(error instanceof EventxError);
      assert.equal(error.code, Code.RESOURCE_EXHAUSTED);
      assert.equal(error.errorInfo?.reason, "SERVER_BUSY");
      assert.ok(error.retryDelayMs !== undefined && error.retryDelayMs > 0);
    }
  });
});

describe("EventxError.fromStatus", () => {
  it("decodes RetryInfo and keeps details of unknown types", () => {
    const status: Status = {
      code: Code.RESOURCE_EXHAUSTED,
      message: "busy",
      details: [
        {
          typeUrl: "type.googleapis.com/google.rpc.RetryInfo",
          value: Buffer.from(RetryInfo.encode({ retryDelay: { seconds: 1, nanos: 250_000_000 } }).finish()),
        },
        { typeUrl: "type.googleapis.com/example.Unknown", value: Buffer.from([8, 1]) },
      ],
    };
    const error = EventxError.fromStatus(Status.decode(Status.encode(status).finish()));
    assert.equal(error.retryDelayMs, 1250);
    assert.equal(error.unknownDetails.length, 1);
    assert.equal(error.unknownDetails[0]!.typeUrl, "type.googleapis.com/example.Unknown");
    assert.equal(error.message, "RESOURCE_EXHAUSTED: busy");
  });
});
