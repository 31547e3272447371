//! Gazetteers compiled in from `data/lexicon/`: countries (names, aliases, demonyms, capitals),
//! cities, US states, organisations, seats of government, role nouns and office holders (people
//! with the dates they held a government office). All phrases go into one
//! trie over normalised token forms, so an article is scanned once, token by token.

use std::collections::HashMap;

use crate::fxhash::FxHashMap;
use crate::ontology::Sector;
use crate::text::Document;

/// What a gazetteer phrase names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryKind {
    /// A country name or alias ("France", "U.S.").
    Country,
    /// A demonym adjective ("French").
    Demonym,
    /// A demonym plural noun ("Azerbaijanis") — people of that country.
    DemonymPlural,
    /// A capital city ("Baku").
    Capital,
    /// Another city.
    City,
    /// A US state or its abbreviation.
    UsState,
    /// An organisation or institution ("United Nations", "foreign ministry").
    Organization,
    /// A seat of government used as a name ("Quai d'Orsay").
    Metonym,
    /// A title that may precede a person's name ("ambassador", "President").
    Title,
    /// A role or group noun ("police", "protesters").
    Group,
    /// A person who held an office between [`Entry::from`] and [`Entry::to`] ("Erdogan").
    OfficeHolder,
}

/// One meaning of a phrase.
#[derive(Debug, Clone)]
pub struct Entry {
    /// What it names.
    pub kind: EntryKind,
    /// Alpha-3 country or special code; empty when the phrase is country-neutral.
    pub code: String,
    /// ISO 3166-2 subdivision (US places), else empty.
    pub admin1: String,
    /// Sector the phrase implies.
    pub sector: Option<Sector>,
    /// Canonical name.
    pub canonical: String,
    /// Population (cities), used to rank.
    pub population: u64,
    /// Whether the phrase is a plural noun (groups).
    pub plural: bool,
    /// Whether the phrase is written as an acronym ("WHO", "UN"): it then only matches text
    /// written in capitals, never a lower-case word ("who", "un").
    pub acronym: bool,
    /// First day of an office holder's term as `yyyymmdd` (0: unknown start); 0 for other entries.
    pub from: u32,
    /// Last day of an office holder's term as `yyyymmdd` (`u32::MAX`: still in office).
    pub to: u32,
    /// Latitude and longitude of a city (WGS 84), when the gazetteer has them.
    pub coordinates: Option<(f64, f64)>,
}

impl Entry {
    /// Whether an office holder held the office on a `yyyymmdd` day; with no day, whether the
    /// entry is an office holder at all.
    pub fn in_office(&self, day: Option<u32>) -> bool {
        self.kind == EntryKind::OfficeHolder && day.is_none_or(|d| self.from <= d && d <= self.to)
    }
}

/// A `yyyy-mm-dd` field as `yyyymmdd`; `None` when empty or malformed.
fn day_number(field: &str) -> Option<u32> {
    let digits: String = field.chars().filter(char::is_ascii_digit).collect();
    if digits.len() == 8 { digits.parse().ok() } else { None }
}

/// A phrase found in a document.
#[derive(Debug, Clone)]
pub struct LexMatch<'g> {
    /// First token.
    pub start: usize,
    /// One past the last token.
    pub end: usize,
    /// Indexes into [`Gazetteer::entries`].
    pub entries: &'g [u32],
}

/// One node of the phrase trie: a sequence of token forms.
#[derive(Debug, Default)]
struct TrieNode {
    /// The node reached by each next token form.
    children: FxHashMap<Box<str>, u32>,
    /// The pattern (index into `pattern_entries`) this sequence spells, if any.
    pattern: Option<u32>,
}

/// All gazetteers in one trie.
#[derive(Debug)]
pub struct Gazetteer {
    /// Node 0 is the root, the empty sequence.
    trie: Vec<TrieNode>,
    /// Entry ids per pattern.
    pattern_entries: Vec<Vec<u32>>,
    /// Every entry.
    pub entries: Vec<Entry>,
    /// Country alpha-3 → canonical country name.
    pub country_names: HashMap<String, String>,
    /// Phrase key → pattern index.
    by_key: FxHashMap<String, usize>,
}

/// Rows of a TSV file: non-empty, non-comment lines split on tabs.
pub fn tsv_rows(text: &'static str) -> impl Iterator<Item = Vec<&'static str>> {
    text.lines().filter(|l| !l.trim().is_empty() && !l.starts_with('#')).map(|l| l.split('\t').collect())
}

/// The words of one closed-class list of `data/lexicon/function_words.tsv` ("be-form",
/// "name-particle", …), in file order.
pub(crate) fn function_words(list: &str) -> impl Iterator<Item = &'static str> + '_ {
    tsv_rows(include_str!("../../data/lexicon/function_words.tsv"))
        .filter(move |row| row.first() == Some(&list))
        .filter_map(|row| row.get(1).copied())
}

/// Phrase in matching form: tokens' normalised forms joined by single spaces.
pub fn phrase_key(phrase: &str) -> String {
    // Most phrases are words of letters: their tokens are the words, their forms the
    // lower-case words, so the tokenizer can be skipped (it dominated lexicon loading).
    if phrase.chars().all(|c| c.is_alphabetic() || c == ' ') {
        let mut key = String::with_capacity(phrase.len());
        for word in phrase.split(' ').filter(|w| !w.is_empty()) {
            if !key.is_empty() {
                key.push(' ');
            }
            key.extend(word.chars().flat_map(char::to_lowercase));
        }
        return key;
    }
    let doc = Document::new(phrase);
    doc.tokens.iter().map(|t| t.norm.as_ref()).collect::<Vec<_>>().join(" ")
}

fn variants(field: &str) -> impl Iterator<Item = &str> {
    field.split('|').map(str::trim).filter(|s| !s.is_empty())
}

/// "WHO", "U.N.", "NATO": letters all upper-case, at most six of them.
fn is_acronym(phrase: &str) -> bool {
    let letters: Vec<char> = phrase.chars().filter(|c| c.is_alphabetic()).collect();
    !letters.is_empty() && letters.len() <= 6 && letters.iter().all(|c| c.is_uppercase())
}

struct Builder {
    index: FxHashMap<String, Vec<u32>>,
    entries: Vec<Entry>,
}

impl Builder {
    fn add(&mut self, phrase: &str, entry: Entry) {
        let key = phrase_key(phrase);
        if key.is_empty() {
            return;
        }
        let id = self.entries.len() as u32;
        self.entries.push(entry);
        self.index.entry(key).or_default().push(id);
    }
}

fn entry(kind: EntryKind, code: &str, sector: Option<Sector>, canonical: &str) -> Entry {
    Entry {
        kind,
        code: code.to_string(),
        admin1: String::new(),
        sector,
        canonical: canonical.to_string(),
        population: 0,
        plural: false,
        acronym: false,
        from: 0,
        to: 0,
        coordinates: None,
    }
}

impl Gazetteer {
    /// Loads the built-in lexicons.
    pub fn builtin() -> Gazetteer {
        let mut b = Builder { index: FxHashMap::default(), entries: Vec::new() };
        let mut country_names = HashMap::new();
        for row in tsv_rows(include_str!("../../data/lexicon/countries.tsv")) {
            let [code, name, aliases, demonyms, caps] = row[..] else { continue };
            country_names.insert(code.to_string(), name.to_string());
            for n in std::iter::once(name).chain(variants(aliases)) {
                b.add(n, entry(EntryKind::Country, code, None, name));
            }
            let demonym_list: Vec<&str> = variants(demonyms).collect();
            for d in &demonym_list {
                let plural = d.ends_with('s') && demonym_list.iter().any(|o| o.len() < d.len());
                let kind = if plural { EntryKind::DemonymPlural } else { EntryKind::Demonym };
                b.add(d, entry(kind, code, None, name));
            }
            for c in variants(caps) {
                b.add(c, entry(EntryKind::Capital, code, None, c));
            }
        }
        for row in tsv_rows(include_str!("../../data/lexicon/cities.tsv")) {
            let [name, code, admin1, population, latitude, longitude] = row[..] else { continue };
            let mut e = entry(EntryKind::City, code, None, name);
            e.admin1 = admin1.to_string();
            e.population = population.parse().unwrap_or(0);
            e.coordinates = latitude.parse().ok().zip(longitude.parse().ok());
            b.add(name, e);
        }
        for row in tsv_rows(include_str!("../../data/lexicon/us_states.tsv")) {
            let [name, code, abbreviations] = row[..] else { continue };
            for n in std::iter::once(name).chain(variants(abbreviations)) {
                let mut e = entry(EntryKind::UsState, "USA", None, name);
                e.admin1 = code.to_string();
                b.add(n, e);
            }
        }
        for row in tsv_rows(include_str!("../../data/lexicon/organizations.tsv")) {
            let [phrases, code, sector, canonical] = row[..] else { continue };
            for p in variants(phrases) {
                let mut e = entry(EntryKind::Organization, code, Sector::from_name(sector), canonical);
                e.acronym = is_acronym(p);
                b.add(p, e);
            }
        }
        for row in tsv_rows(include_str!("../../data/lexicon/metonyms.tsv")) {
            let [phrases, code, sector, canonical] = row[..] else { continue };
            for p in variants(phrases) {
                b.add(p, entry(EntryKind::Metonym, code, Sector::from_name(sector), canonical));
            }
        }
        for row in tsv_rows(include_str!("../../data/lexicon/roles.tsv")) {
            let [noun, plural, sector, kind] = row[..] else { continue };
            let kind = if kind.trim() == "title" { EntryKind::Title } else { EntryKind::Group };
            b.add(noun, entry(kind, "", Sector::from_name(sector), noun));
            for p in variants(plural) {
                let mut e = entry(EntryKind::Group, "", Sector::from_name(sector), noun);
                e.plural = true;
                b.add(p, e);
            }
        }
        for row in tsv_rows(include_str!("../../data/lexicon/office_holders.tsv")) {
            let [name, variants_field, code, sector, _office, from, to, _source] = row[..] else { continue };
            for p in std::iter::once(name).chain(variants(variants_field)) {
                let mut e = entry(EntryKind::OfficeHolder, code, Sector::from_name(sector), name);
                e.acronym = is_acronym(p);
                e.from = day_number(from).unwrap_or(0);
                e.to = day_number(to).unwrap_or(u32::MAX);
                b.add(p, e);
            }
        }
        let mut keys: Vec<(String, Vec<u32>)> = b.index.into_iter().collect();
        keys.sort_by(|a, b| a.0.cmp(&b.0));
        let mut trie = vec![TrieNode::default()];
        for (pattern, (key, _)) in keys.iter().enumerate() {
            let mut node = 0;
            for form in key.split(' ') {
                node = match trie[node].children.get(form) {
                    Some(&child) => child as usize,
                    None => {
                        let child = trie.len();
                        trie.push(TrieNode::default());
                        trie[node].children.insert(form.into(), child as u32);
                        child
                    }
                };
            }
            trie[node].pattern = Some(pattern as u32);
        }
        let by_key = keys.iter().enumerate().map(|(i, (k, _))| (k.clone(), i)).collect();
        Gazetteer {
            by_key,
            trie,
            pattern_entries: keys.into_iter().map(|(_, ids)| ids).collect(),
            entries: b.entries,
            country_names,
        }
    }

    /// Every meaning of an exact phrase ("Baku", "azerbaijan").
    pub fn lookup(&self, phrase: &str) -> impl Iterator<Item = &Entry> {
        let ids =
            self.by_key.get(&phrase_key(phrase)).map(|&p| self.pattern_entries[p].as_slice()).unwrap_or(&[]);
        ids.iter().map(|&i| &self.entries[i as usize])
    }

    /// Coordinates of the city `name` in `country` (and in `admin1` when given): the most
    /// populous such city of the gazetteer; `None` for a place that is not a known city.
    pub fn city_coordinates(&self, name: &str, country: &str, admin1: &str) -> Option<(f64, f64)> {
        self.lookup(name)
            .filter(|e| e.kind == EntryKind::City && e.code == country)
            .filter(|e| admin1.is_empty() || e.admin1 == admin1)
            .max_by_key(|e| e.population)
            .and_then(|e| e.coordinates)
    }

    /// Every gazetteer phrase in the document, longest first at each start, overlapping allowed.
    pub fn find(&self, doc: &Document<'_>) -> Vec<LexMatch<'_>> {
        let tokens = &doc.tokens;
        let mut found = Vec::new();
        for start in 0..tokens.len() {
            let mut node = &self.trie[0];
            for end in start + 1..=tokens.len() {
                let Some(&child) = node.children.get(tokens[end - 1].norm.as_ref()) else { break };
                node = &self.trie[child as usize];
                // a phrase never crosses a sentence boundary
                if let Some(pattern) = node.pattern
                    && tokens[start].sentence == tokens[end - 1].sentence
                {
                    found.push(LexMatch { start, end, entries: &self.pattern_entries[pattern as usize] });
                }
            }
        }
        found.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The key through the tokenizer, which the fast path of [`phrase_key`] must equal.
    fn tokenized_key(phrase: &str) -> String {
        let doc = Document::new(phrase);
        doc.tokens.iter().map(|t| t.norm.as_ref()).collect::<Vec<_>>().join(" ")
    }

    #[test]
    fn cities_carry_coordinates_and_namesakes_keep_their_own() {
        let g = Gazetteer::builtin();
        let (lat, lon) = g.city_coordinates("Oslo", "NOR", "").unwrap();
        assert!((59.0..60.5).contains(&lat) && (10.0..11.5).contains(&lon), "{lat} {lon}");
        let texas = g.city_coordinates("Paris", "USA", "US-TX").unwrap();
        let france = g.city_coordinates("Paris", "FRA", "").unwrap();
        assert!(texas.1 < -90.0 && france.1 > 0.0, "{texas:?} {france:?}");
        assert_eq!(g.city_coordinates("Norway", "NOR", ""), None);
    }

    #[test]
    fn the_fast_key_equals_the_tokenizer_on_every_built_in_phrase() {
        let files = [
            include_str!("../../data/lexicon/countries.tsv"),
            include_str!("../../data/lexicon/cities.tsv"),
            include_str!("../../data/lexicon/organizations.tsv"),
            include_str!("../../data/lexicon/roles.tsv"),
            include_str!("../../data/lexicon/metonyms.tsv"),
            include_str!("../../data/lexicon/us_states.tsv"),
            include_str!("../../data/lexicon/office_holders.tsv"),
        ];
        let mut checked = 0;
        for file in files {
            for row in tsv_rows(file) {
                for phrase in row.iter().flat_map(|field| variants(field)) {
                    assert_eq!(phrase_key(phrase), tokenized_key(phrase), "{phrase:?}");
                    checked += 1;
                }
            }
        }
        assert!(checked > 50_000, "only {checked} phrases checked");
        for phrase in ["São Tomé and Príncipe", "  New   York ", "İstanbul", "Côte d'Ivoire", "U.S. Army"]
        {
            assert_eq!(phrase_key(phrase), tokenized_key(phrase), "{phrase:?}");
        }
    }
}
