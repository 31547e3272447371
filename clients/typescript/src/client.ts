// A thin wrapper over the generated grpc-js stub of eventx.v1.ExtractionService: plain
// functions and options for the common calls, spans in UTF-16 code units (the unit of
// JavaScript strings), ordered streaming, and typed errors.

import {
  credentials as grpcCredentials,
  Metadata,
  type CallOptions,
  type ChannelCredentials,
  type ChannelOptions,
  type ClientDuplexStream,
  type ServiceError,
} from "@grpc/grpc-js";
import { Code, EventxError } from "./errors.js";
import { EventCategory } from "./gen/eventx/v1/ontology.js";
import {
  Article,
  ExtractionServiceClient,
  type ExtractOptions,
  type ExtractResponse,
  type ExtractStreamRequest,
  type ExtractStreamResponse,
  type GetOntologyResponse,
  SpanUnit,
} from "./gen/eventx/v1/service.js";

/** A category by enum value (`EventCategory.SANCTION`) or by name (`"SANCTION"`). */
export type CategoryName = WithoutPrefix<Exclude<keyof typeof EventCategory, "EVENT_CATEGORY_UNSPECIFIED">>;
type WithoutPrefix<K> = K extends `EVENT_CATEGORY_${infer Name}` ? Name : never;

/** How to connect. Every field is optional. */
export interface ClientOptions {
  /** Channel credentials; default plaintext (`credentials.createInsecure()`). */
  credentials?: ChannelCredentials;
  /**
   * How calls are spread over the addresses the target resolves to: `"round_robin"` (default:
   * every call goes to the next ready address, so a `dns:///` name of several replicas shares
   * the load) or `"pick_first"` (one connection to the first address that answers).
   */
  loadBalancing?: "round_robin" | "pick_first";
  /** Deadline of `extract` and `ontology` calls that set none, in ms; default 30 000. 0: none. */
  defaultDeadlineMs?: number;
  /** Most articles of `extractMany` sent but not yet handed to the caller; default 64. */
  streamWindow?: number;
  /** Further grpc-js channel options (`grpc.keepalive_time_ms`, …); they win over the above. */
  channelOptions?: ChannelOptions;
}

/** An article: its text and, optionally, the other fields of `eventx.v1.Article`. */
export type ArticleInput = Partial<Article> & { text: string };

/** Options of one extraction (or of every article of an `extractMany`). */
export interface RequestOptions {
  /** Keep only events of these categories; default all. */
  categories?: ReadonlyArray<EventCategory | CategoryName>;
  /** Drop events whose confidence is below this value, in [0, 1]; default 0 (keep all). */
  minConfidence?: number;
  /** Return mentions and actor/location spans; default true (the server's default). */
  includeSpans?: boolean;
  /**
   * What span offsets count. Default UTF-16 code units, so that `text.slice(span.start,
   * span.end)` is right for a JavaScript string, whatever emoji or accents come before.
   */
  spanUnit?: SpanUnit;
  /** Deadline of the call in ms (for `extractMany`, of the whole stream). */
  deadlineMs?: number;
  /** Cancels the call. */
  signal?: AbortSignal;
}

/** Options of `extract`: the article's metadata and the request options. */
export interface ExtractCallOptions extends RequestOptions {
  /** Your identifier, echoed back as `articleId`. */
  id?: string;
  /** Headline (metadata; eventx reads events from the text only). */
  title?: string;
  /** Publication date, `"YYYY-MM-DD"` or a Date (its UTC day); resolves "yesterday", "on Monday". */
  published?: string | Date;
}

/** One answer of `extractMany`: the response, or the error of that article alone. */
export type ExtractResult =
  | {
      readonly ok: true;
      /** Position of the article in the input, from 0. */
      readonly index: number;
      /** The article's `id` as sent ("" when none). */
      readonly id: string;
      readonly response: ExtractResponse;
      readonly error?: undefined;
    }
  | {
      readonly ok: false;
      readonly index: number;
      readonly id: string;
      readonly response?: undefined;
      /** Why this article got no extraction (INVALID_ARGUMENT naming `article.text`, …). */
      readonly error: EventxError;
    };

const DEFAULT_DEADLINE_MS = 30_000;
const DEFAULT_STREAM_WINDOW = 64;

/**
 * A connection to an eventx server.
 *
 * ```ts
 * const client = new Client("127.0.0.1:50051");
 * const { events } = await client.extract("Norway expelled three Iranian diplomats on Monday.");
 * client.close();
 * ```
 *
 * The target is any grpc-js target: `host:port`, `dns:///name:port` (every address of the name,
 * re-resolved as replicas come and go, calls spread round-robin), `ipv4:a:port,b:port`,
 * `unix:/path`.
 */
export class Client {
  /** The generated grpc-js stub, for what this wrapper does not cover (metadata, interceptors). */
  readonly stub: ExtractionServiceClient;
  private readonly defaultDeadlineMs: number;
  private readonly streamWindow: number;

  constructor(target: string, options: ClientOptions = {}) {
    const policy = options.loadBalancing ?? "round_robin";
    const channelOptions: ChannelOptions = {
      "grpc.service_config": JSON.stringify({ loadBalancingConfig: [{ [policy]: {} }] }),
      ...options.channelOptions,
    };
    this.stub = new ExtractionServiceClient(
      target,
      options.credentials ?? grpcCredentials.createInsecure(),
      channelOptions,
    );
    this.defaultDeadlineMs = options.defaultDeadlineMs ?? DEFAULT_DEADLINE_MS;
    this.streamWindow = Math.max(1, options.streamWindow ?? DEFAULT_STREAM_WINDOW);
  }

  /** Closes the channel; calls in flight fail with CANCELLED or UNAVAILABLE. */
  close(): void {
    this.stub.close();
  }

  /** `await using client = new Client(…)` closes it at the end of the block. */
  async [Symbol.asyncDispose](): Promise<void> {
    this.close();
  }

  /**
   * The events of one article. Rejects with an `EventxError` (INVALID_ARGUMENT with
   * `fieldViolations`, RESOURCE_EXHAUSTED with `errorInfo`, DEADLINE_EXCEEDED, …).
   */
  extract(article: string | ArticleInput, options: ExtractCallOptions = {}): Promise<ExtractResponse> {
    let request;
    try {
      request = { article: toArticle(article, options), options: toOptions(options) };
    } catch (error) {
      return Promise.reject(error);
    }
    return this.unary(options, (callOptions, done) => this.stub.extract(request, new Metadata(), callOptions, done));
  }

  /** The vocabulary of the server: categories with their modes, contexts, sectors. */
  ontology(options: { deadlineMs?: number; signal?: AbortSignal } = {}): Promise<GetOntologyResponse> {
    return this.unary(options, (callOptions, done) => this.stub.getOntology({}, new Metadata(), callOptions, done));
  }

  /**
   * Extracts many articles over ONE ExtractStream call and yields one result per article, in
   * input order, whatever order the server answers in. A bad article gives a result with
   * `ok: false` and the stream goes on; the iteration throws only when the stream itself fails
   * (deadline, server gone, the input iterable threw). At most `streamWindow` articles are
   * sent ahead of what you have consumed, so a slow consumer slows the sending and memory stays
   * bounded. Breaking out of the loop cancels the call.
   */
  extractMany(
    articles: Iterable<string | ArticleInput> | AsyncIterable<string | ArticleInput>,
    options: RequestOptions = {},
  ): AsyncGenerator<ExtractResult, void, undefined> {
    return this.runStream(articles, options);
  }

  private callOptions(options: { deadlineMs?: number | undefined }, fallbackMs: number): Partial<CallOptions> {
    const ms = options.deadlineMs ?? fallbackMs;
    return ms > 0 && Number.isFinite(ms) ? { deadline: Date.now() + ms } : {};
  }

  private unary<T>(
    options: { deadlineMs?: number | undefined; signal?: AbortSignal | undefined },
    start: (callOptions: Partial<CallOptions>, done: (error: ServiceError | null, value: T) => void) => { cancel(): void },
  ): Promise<T> {
    const signal = options.signal;
    if (signal?.aborted) return Promise.reject(abortError(signal));
    return new Promise<T>((resolve, reject) => {
      const onAbort = (): void => call.cancel();
      const call = start(this.callOptions(options, this.defaultDeadlineMs), (error, value) => {
        signal?.removeEventListener("abort", onAbort);
        if (error) reject(signal?.aborted ? abortError(signal) : EventxError.fromServiceError(error));
        else resolve(value);
      });
      signal?.addEventListener("abort", onAbort, { once: true });
    });
  }

  private async *runStream(
    articles: Iterable<string | ArticleInput> | AsyncIterable<string | ArticleInput>,
    options: RequestOptions,
  ): AsyncGenerator<ExtractResult, void, undefined> {
    const requestOptions = toOptions(options);
    const signal = options.signal;
    if (signal?.aborted) throw abortError(signal);

    const call: ClientDuplexStream<ExtractStreamRequest, ExtractStreamResponse> = this.stub.extractStream(
      new Metadata(),
      this.callOptions(options, 0),
    );
    // The iterator below reports errors; this keeps a late one (after we stop) from crashing.
    call.on("error", () => {});

    const window = this.streamWindow;
    const ids = new Map<number, string>(); // sent, not yet yielded: index → article id
    const arrived = new Map<number, ExtractResult>(); // answered, waiting for earlier ones
    let sent = 0; // articles written
    let next = 0; // index of the next result to yield
    let inputDone = false;
    let stopped = false;
    let inputError: { error: unknown } | undefined;
    let wakeWriter: (() => void) | undefined;
    const wake = (): void => {
      const w = wakeWriter;
      wakeWriter = undefined;
      w?.();
    };
    const stop = (): void => {
      if (stopped) return;
      stopped = true;
      wake();
      call.cancel();
    };
    const onAbort = (): void => stop();
    signal?.addEventListener("abort", onAbort, { once: true });

    // The writer runs beside the reader: it sends while fewer than `window` articles are
    // unconsumed and the HTTP/2 stream accepts more.
    const writer = (async (): Promise<void> => {
      try {
        for await (const item of articles) {
          while (!stopped && sent - next >= window) await new Promise<void>((r) => (wakeWriter = r));
          if (stopped) return;
          const article = toArticle(item, {});
          const index = sent++;
          ids.set(index, article.id);
          if (!call.write({ requestId: String(index), article, options: requestOptions })) {
            await drained(call, (w) => (wakeWriter = w));
          }
          if (stopped) return;
        }
        inputDone = true;
        call.end();
      } catch (error) {
        inputError = { error };
        stop();
      }
    })();

    let completed = false;
    try {
      try {
        for await (const message of call as AsyncIterable<ExtractStreamResponse>) {
          const index = parseRequestId(message.requestId);
          const id = index === undefined ? undefined : ids.get(index);
          if (index === undefined || id === undefined || arrived.has(index)) {
            throw new EventxError(Code.INTERNAL, `stream answered unknown request_id "${message.requestId}"`);
          }
          arrived.set(index, toResult(index, id, message));
          for (let result = arrived.get(next); result !== undefined; result = arrived.get(next)) {
            arrived.delete(next);
            ids.delete(next);
            next++;
            wake();
            yield result;
          }
        }
      } catch (error) {
        if (inputError) throw inputError.error;
        if (signal?.aborted) throw abortError(signal);
        throw EventxError.from(error);
      }
      if (inputError) throw inputError.error;
      if (signal?.aborted) throw abortError(signal);
      if (!inputDone || next !== sent) {
        throw new EventxError(Code.INTERNAL, `stream ended with ${sent - next} of ${sent} articles unanswered`);
      }
      completed = true;
    } finally {
      signal?.removeEventListener("abort", onAbort);
      // The writer never rejects; after a normal end it has already finished.
      if (!completed) stop();
      else await writer;
    }
  }
}

function toResult(index: number, id: string, message: ExtractStreamResponse): ExtractResult {
  const result = message.result;
  if (result?.$case === "response") return { ok: true, index, id, response: result.value };
  if (result?.$case === "error") return { ok: false, index, id, error: EventxError.fromStatus(result.value) };
  return { ok: false, index, id, error: new EventxError(Code.INTERNAL, "stream answer carries no result") };
}

function parseRequestId(requestId: string): number | undefined {
  return /^(0|[1-9][0-9]*)$/.test(requestId) ? Number(requestId) : undefined;
}

/** Resolves when the stream takes writes again, is over, or the caller wakes it up. */
function drained(
  call: ClientDuplexStream<ExtractStreamRequest, ExtractStreamResponse>,
  setWaker: (wake: () => void) => void,
): Promise<void> {
  if (call.destroyed || call.writableEnded) return Promise.resolve();
  return new Promise<void>((resolve) => {
    const done = (): void => {
      call.off("drain", done);
      call.off("close", done);
      call.off("error", done);
      resolve();
    };
    call.on("drain", done);
    call.on("close", done);
    call.on("error", done);
    setWaker(done);
  });
}

function toArticle(input: string | ArticleInput, options: ExtractCallOptions): Article {
  const base: ArticleInput = typeof input === "string" ? { text: input } : input;
  if (base === null || typeof base !== "object" || typeof base.text !== "string") {
    throw new TypeError("an article is a string or an object with a string `text`");
  }
  const article = Article.fromPartial(base);
  if (options.id !== undefined) article.id = options.id;
  if (options.title !== undefined) article.title = options.title;
  if (options.published !== undefined) article.publicationDate = toDate(options.published);
  return article;
}

function toDate(value: string | Date): string {
  if (typeof value === "string") return value;
  if (Number.isNaN(value.getTime())) throw new RangeError("published is an invalid Date");
  return value.toISOString().slice(0, 10);
}

function toOptions(options: RequestOptions): ExtractOptions {
  const result: ExtractOptions = {
    categories: (options.categories ?? []).map(toCategory),
    minConfidence: options.minConfidence ?? 0,
    includeSpans: options.includeSpans,
    spanUnit: options.spanUnit ?? SpanUnit.SPAN_UNIT_UTF16_CODE_UNIT,
  };
  return result;
}

function toCategory(category: EventCategory | CategoryName): EventCategory {
  if (typeof category === "number") return category;
  const value = (EventCategory as unknown as Record<string, unknown>)[`EVENT_CATEGORY_${category}`];
  if (typeof value !== "number") throw new RangeError(`unknown event category "${String(category)}"`);
  return value;
}

function abortError(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new DOMException("The call was aborted", "AbortError");
}
