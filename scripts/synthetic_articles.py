#!/usr/bin/env python3
"""Writes N synthetic wire articles of about BYTES bytes each as JSON lines on stdout, for load
and scale-out runs of the CLI batch (`eventx extract --jsonl`). The texts are made up here
(expulsions, summons, arrests, shootings, protests, talks between varying countries), so every
engine stage works and the output can be shared.

    python3 scripts/synthetic_articles.py 20000 2500 > /tmp/articles.jsonl
"""
import json
import sys

COUNTRIES = [
    ("France", "French", "Paris"), ("Poland", "Polish", "Warsaw"), ("Kenya", "Kenyan", "Nairobi"),
    ("Japan", "Japanese", "Tokyo"), ("Brazil", "Brazilian", "Brasilia"), ("Egypt", "Egyptian", "Cairo"),
    ("Norway", "Norwegian", "Oslo"), ("India", "Indian", "New Delhi"),
]
PARAGRAPHS = [
    "{A} has declared two employees of the {b} embassy in {ca} persona non grata, the foreign "
    "ministry said on Tuesday, giving them 72 hours to leave the country.",
    "The {b} ambassador to {A} was summoned to the ministry on Wednesday and handed a note of "
    "protest over what officials called activities incompatible with diplomatic status.",
    "Police in {ca} arrested 14 protesters on Monday after demonstrators blocked a bridge near "
    "parliament, and officers fired tear gas to disperse the crowd.",
    "Gunmen opened fire on a checkpoint outside {cb} late on Saturday, killing three soldiers and "
    "wounding five others, the army said in a statement.",
    "Talks between the two foreign ministers are scheduled for next week in Geneva, where both "
    "sides are expected to discuss trade, visas and the return of diplomats.",
]


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    size = int(sys.argv[2]) if len(sys.argv) > 2 else 2500
    out = sys.stdout
    for i in range(count):
        a, _, ca = COUNTRIES[i % len(COUNTRIES)]
        _, b, cb = COUNTRIES[(i + 3) % len(COUNTRIES)]
        text = f"{ca.upper()}, March {1 + i % 28} (Harbour Wire) -- "
        k = i
        while len(text) < size:
            text += PARAGRAPHS[k % len(PARAGRAPHS)].format(A=a, b=b, ca=ca, cb=cb) + "\n\n"
            k += 1
        out.write(json.dumps({"id": f"s{i}", "text": text, "publication_date": "2024-03-28"}) + "\n")


if __name__ == "__main__":
    main()
