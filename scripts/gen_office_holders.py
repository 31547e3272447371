#!/usr/bin/env python3
"""Generate services/engine/data/lexicon/office_holders.tsv: people in government office with dates.

Usage, from the repository root:  python3 scripts/gen_office_holders.py [RESOURCES_DIR]
(RESOURCES_DIR defaults to ../shared/resources). Python 3 standard library only; sorted output, so
two runs give the same bytes.

Sources:
- phoenix_country_actors.tsv (PETRARCH2 Phoenix dictionaries, generated from CountryInfo, CC BY-SA
  3.0): every phrase that has a dated row is a person; only its dated rows whose code is a country
  plus an office sector (OFFICE_SECTORS below) are kept. Phoenix data ends early in 2015, so a term
  the file leaves open is closed at the latest date the file mentions.
- scripts/office_holders_supplement.tsv (hand-written public facts, about 2015-2024).

A bare surname becomes a variant only when it is distinctive: no word of English (the UD EWT
training file used as a word list), no given name, place, country, demonym, role or organisation
name, and no other person of the sources with another country bears it (for Phoenix persons: no
other Phoenix phrase at all ends in it; for the hand-picked supplement variants: no place or
lexicon name, and no supplement person of another country).
"""

import os
import re
import sys
import unicodedata

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LEXICON = os.path.join(REPO, "services", "engine", "data", "lexicon")
OUT = os.path.join(LEXICON, "office_holders.tsv")
SUPPLEMENT = os.path.join(REPO, "scripts", "office_holders_supplement.tsv")

# Phoenix sector suffix (after the country code) -> PLOVER sector. Ministers of any portfolio are
# government (GOV); the Phoenix GOVMIL code marks defence ministers and soldiers in cabinet.
OFFICE_SECTORS = {
    "GOV": "GOV", "GOVBUS": "GOV", "GOVAGR": "GOV", "GOVMED": "GOV", "GOVEDU": "GOV", "GOVDEV": "GOV",
    "GOVHLH": "GOV", "GOVLAB": "GOV", "GOVENV": "GOV", "GOVHRI": "GOV", "GOVREL": "GOV", "GOVREF": "GOV",
    "GOVMIL": "GOV", "GOVJUD": "JUD", "GOVLEG": "LEG", "GOVCOP": "COP", "GOVSPY": "SPY", "MIL": "MIL",
    "SPY": "SPY",
}
# Codes of bodies that are not countries, allowed in the supplement.
SPECIAL_CODES = {"EUR", "UNO", "IGO"}
SECTORS = {"GOV", "MIL", "COP", "JUD", "LEG", "SPY"}
# Words that precede a name in Phoenix phrases; they are not given names.
TITLE_WORDS = {"president", "sir", "king", "queen", "prince", "princess", "sheikh", "general", "gen", "dr",
               "emir", "sultan", "prime", "minister", "lord", "dame", "ayatollah", "imam", "mullah", "colonel"}
NAME_PARTICLES = {"al", "bin", "bint", "ibn", "de", "da", "do", "dos", "du", "van", "von", "der", "den", "la",
                  "le", "y", "el", "ul", "ud"}


def fold(s):
    """Case- and accent-insensitive comparison key."""
    s = unicodedata.normalize("NFKD", s.replace("’", "'"))
    s = "".join(c for c in s if not unicodedata.combining(c)).replace("ı", "i")
    return re.sub(r"\s+", " ", s.lower()).strip()


def read_rows(path):
    with open(path, encoding="utf-8") as f:
        return [line.rstrip("\n").split("\t") for line in f if line.strip() and not line.startswith("#")]


def phoenix_date(d):
    """yymmdd or yyyymmdd -> yyyy-mm-dd; None when malformed."""
    if len(d) == 6 and d.isdigit():
        d = ("20" if int(d[:2]) <= 30 else "19") + d
    if len(d) != 8 or not d.isdigit():
        return None
    y, m, day = int(d[:4]), int(d[4:6]), int(d[6:])
    if not (1 <= m <= 12 and 1 <= day <= 31):
        return None
    return f"{y:04d}-{m:02d}-{day:02d}"


def title_case(phrase):
    words = []
    for i, w in enumerate(phrase.split(" ")):
        parts = []
        for p in w.split("-"):
            if p in NAME_PARTICLES and i > 0:
                parts.append(p)
            elif p[:2] in ("o'", "d'") and len(p) > 2:
                parts.append(p[:2].upper() + p[2:].capitalize())
            else:
                parts.append(p[:1].upper() + p[1:])
        words.append("-".join(parts))
    return " ".join(words)


def word_list(res):
    """Lower-case word forms of the UD EWT training file: words of English."""
    words = set()
    path = os.path.join(res, "ud_ewt", "en_ewt-ud-train.conllu")
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line and line[0].isdigit():
                form = line.split("\t")[1]
                if form.islower():
                    words.add(fold(form))
    return words


def blocked_names(res, small_places):
    """Places, countries, demonyms, roles, organisations and not-a-name words: never a bare surname.
    With `small_places`, every GeoNames city of 15,000 people is a place too."""
    out = set()
    if small_places:
        for row in read_rows(os.path.join(res, "cities15000.tsv"))[1:]:
            out.add(fold(row[1]))
    for name, cols in (("countries.tsv", (1, 2, 3, 4)), ("cities.tsv", (0,)), ("organizations.tsv", (0,)),
                       ("metonyms.tsv", (0,)), ("roles.tsv", (0, 1)), ("us_states.tsv", (0,))):
        for row in read_rows(os.path.join(LEXICON, name)):
            for c in cols:
                if c < len(row):
                    out.update(fold(p) for p in row[c].split("|") if p)
    with open(os.path.join(LEXICON, "not_names.txt"), encoding="utf-8") as f:
        out.update(fold(l) for l in f if l.strip() and not l.startswith("#"))
    return out


def main():
    res = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(REPO, "..", "shared", "resources"))
    countries = {r[0] for r in read_rows(os.path.join(LEXICON, "countries.tsv"))}
    phoenix = read_rows(os.path.join(res, "phoenix_country_actors.tsv"))[1:]
    latest = max(d for r in phoenix for d in (phoenix_date(x) for x in r[2:4] if x) if d)

    # persons: Phoenix phrases with at least one dated row
    by_phrase = {}
    for r in phoenix:
        r = (r + ["", "", ""])[:4]
        by_phrase.setdefault(r[0].strip(), []).append(r)
    persons = {p for p, rows in by_phrase.items() if any(r[2] or r[3] for r in rows)}
    words = word_list(res)
    blocked = blocked_names(res, True)
    blocked_lexicon = blocked_names(res, False)
    rows = []  # (name, variants, code, sector, office, from, to, source)
    supplement = []
    for r in read_rows(SUPPLEMENT):
        name, variants, code, sector, office, start = r[:6]
        end = r[6] if len(r) > 6 else ""
        if code not in countries and code not in SPECIAL_CODES:
            sys.exit(f"supplement: unknown code {code} for {name}")
        if sector not in SECTORS:
            sys.exit(f"supplement: unknown sector {sector} for {name}")
        supplement.append((name, [v for v in variants.split("|") if v], code, sector, office, start, end))
    supp_keys = {fold(s[0]) for s in supplement}
    supp_keys |= {fold(v) for s in supplement for v in s[1] if " " in v}
    given = {fold(s[0].split(" ")[0]) for s in supplement}
    last_count = {}
    for p in persons:
        toks = [t for t in p.split(" ") if t not in TITLE_WORDS]
        if len(toks) > 1:
            given.add(fold(toks[0]))
        if toks:
            last_count[fold(toks[-1])] = last_count.get(fold(toks[-1]), 0) + 1

    supp_last = {}
    for s in supplement:
        for v in [s[0]] + s[1]:
            if " " not in v:
                supp_last.setdefault(fold(v), set()).add((fold(s[0]), s[2]))
            supp_last.setdefault(fold(v.split(" ")[-1]), set()).add((fold(s[0]), s[2]))

    def surname_ok(v, own_name, own_first):
        k = fold(v)
        return len(k) >= 4 and k not in blocked and (k not in given or k == own_first)

    for name, variants, code, sector, office, start, end in supplement:
        kept = []
        for v in variants:
            if " " in v or v.isupper():
                kept.append(v)
                continue
            others = {c for n, c in supp_last.get(fold(v), ()) if n != fold(name)}
            if len(fold(v)) >= 4 and fold(v) not in blocked_lexicon and not (others - {code}):
                kept.append(v)
        rows.append((name, "|".join(kept), code, sector, office, start, end, "supplement"))

    n_phoenix = 0
    for phrase in sorted(persons):
        if not re.fullmatch(r"[a-z][a-z .'-]*[a-z.]", phrase):
            continue
        toks = [t for t in phrase.split(" ") if t not in TITLE_WORDS]
        name = title_case(phrase)
        variant = ""
        last = toks[-1] if toks else ""
        if (len(toks) == 1 or fold(phrase) not in supp_keys) and last_count.get(fold(last), 0) == 1 \
                and fold(last) not in words and fold(last) not in supp_last and surname_ok(last, name, None) \
                and " " in phrase and re.fullmatch(r"[a-z][a-z'-]+", last):
            variant = title_case(last)
        if len(toks) == 1 and (fold(phrase) in words or not surname_ok(phrase, name, None)
                               or fold(phrase) in supp_last):
            continue
        for _, code, start, end in by_phrase[phrase]:
            country, suffix = code[:3], code[3:]
            if country not in countries or suffix not in OFFICE_SECTORS or not (start or end):
                continue
            s = phoenix_date(start) if start else ""
            e = phoenix_date(end) if end else latest
            if s is None or e is None or (s and s > e):
                continue
            rows.append((name, variant, country, OFFICE_SECTORS[suffix], code, s, e, "phoenix"))
            n_phoenix += 1

    rows = sorted(set(rows), key=lambda r: (fold(r[0]), r[0], r[5], r[6], r[2], r[3], r[4], r[1]))
    header = [
        "# People in government office, with the dates they held it. Generated by scripts/gen_office_holders.py; do",
        "# not edit. Columns: name  variants  code  sector  office  from  to  source. variants: |-separated other",
        "# spellings and the bare surname where distinctive. code: ISO alpha-3 (EUR/UNO/IGO for the EU, the UN and",
        "# other bodies). sector: PLOVER sector. office: the office, or the Phoenix code it came from. from/to:",
        "# yyyy-mm-dd, empty = open (from: unknown start; to: still in office). source: phoenix = PETRARCH2 Phoenix",
        f"# country actors from CountryInfo (CC BY-SA 3.0; open Phoenix terms closed at {latest}, its last date);",
        "# supplement = hand-written public facts (scripts/office_holders_supplement.tsv). See DATA_SOURCES.md.",
    ]
    with open(OUT, "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(header) + "\n")
        for r in rows:
            f.write("\t".join(r) + "\n")
    n_supp = sum(1 for r in rows if r[7] == "supplement")
    people = len({r[0] for r in rows})
    print(f"office_holders.tsv: {len(rows)} rows ({len(rows) - n_supp} phoenix, {n_supp} supplement), "
          f"{people} names, {sum(1 for r in rows if r[1])} rows with variants")


if __name__ == "__main__":
    main()
