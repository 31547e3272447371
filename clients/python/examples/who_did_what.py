"""Prints who did what to whom, when and where, one line per event of a short article.

    python examples/who_did_what.py [HOST:PORT]      (default 127.0.0.1:50051)
"""

import sys

import eventx

ARTICLE = (
    "OSLO, May 6 (Wire) -- Norway expelled three Iranian diplomats on Monday, the foreign ministry "
    "said. Police in Bergen arrested two men on Sunday after protesters clashed with officers "
    "outside a mosque. Iran's foreign minister condemned the expulsions and summoned the "
    "Norwegian ambassador in Tehran on Tuesday."
)


def who(actor: eventx.Actor) -> str:
    return f"{actor.name or actor.text or '?'} ({actor.country or '?'})"


with eventx.Client(sys.argv[1] if len(sys.argv) > 1 else "127.0.0.1:50051") as client:
    for event in client.extract(ARTICLE, published="2024-05-07").events:
        what = eventx.EventCategory.Name(event.category).removeprefix("EVENT_CATEGORY_")
        mode = eventx.EventMode.Name(event.mode).removeprefix("EVENT_MODE_").lower()
        where = f"{event.location.name} ({event.location.country})" if event.location.name else "?"
        print(f"{who(event.source)} {what}/{mode} {who(event.target)}, "
              f"when {event.date.date or '?'}, where {where}")
