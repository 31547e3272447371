// Sends one article to an eventx server and prints one line per event: who did what to whom,
// when, where. Run it with `npm run example` (or `npm run example -- HOST:PORT`).
import { Client, eventCategoryToJSON, eventModeToJSON, type Actor, type Event } from "@eventx/client";

const target = process.argv[2] ?? "127.0.0.1:50051";
const article =
  "OSLO -- Norway expelled three Iranian diplomats on Monday, the foreign ministry said. Iran summoned " +
  "the Norwegian ambassador in Tehran on Tuesday. Police arrested two men in Bergen on Wednesday on " +
  "suspicion of spying for Iran.";

const who = (a?: Actor) => (a ? `${a.name || a.text} [${a.country || "?"}]` : "someone");
const what = (e: Event) => {
  const mode = e.mode ? `/${eventModeToJSON(e.mode).slice("EVENT_MODE_".length).toLowerCase()}` : "";
  const details = e.details?.value;
  const count = details && "count" in details && details.count !== undefined ? ` ×${details.count}` : "";
  return eventCategoryToJSON(e.category).slice("EVENT_CATEGORY_".length) + mode + count;
};

await using client = new Client(target);
const { events } = await client.extract(article, { published: "2024-05-16" });
for (const e of events) {
  const where = e.location ? `${e.location.name} [${e.location.admin1 || e.location.country}]` : "somewhere";
  console.log(`${who(e.source)} ${what(e)} ${who(e.target)}, ${e.date?.date ?? "undated"}, in ${where}`);
}
