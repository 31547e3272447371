//! Actor mentions: gazetteer phrases, role nouns, titles, person names and pronouns composed
//! into actors with a country, a sector and a name.
//!
//! Composition rules, in order of strength:
//! - a possessive country ("Azerbaijan's special services"), a demonym ("the Azerbaijani
//!   embassy"), a country, capital or seat of government used as a name ("Moscow said") give
//!   the actor's country;
//! - "of X" gives it when nothing stronger did ("the Ministry of Foreign Affairs of Iran");
//! - "to X" and "in X" never do: they name the host country ("French ambassador to Azerbaijan",
//!   "the embassy in Paris");
//! - the sector is that of the most specific role or institution; a bare country is its
//!   government; a demonym plural ("Azerbaijanis") is its civilians;
//! - a capitalised name next to a title is the person's name ("ambassador … Anne Buyon");
//! - a known office holder ("Erdogan", "Sergei Lavrov") is a person with the country and sector
//!   of the office held on the article's date (any date when the article has none); out of
//!   office, or named as several people of different countries or sectors, the name is only a
//!   name. A country or sector the rest of the phrase gives wins over the office's.

use std::collections::HashSet;
use std::sync::OnceLock;

use crate::fxhash::{FxHashMap, FxHashSet};
use crate::lexicon::{Entry, EntryKind, Gazetteer, LexMatch};
use crate::ontology::Sector;
use crate::text::{Document, TokenKind};
use crate::time::Date;

/// What kind of thing an actor mention is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActorKind {
    /// A country, capital or seat of government standing for a state.
    State,
    /// An organisation or institution.
    Organization,
    /// A group of people ("police", "two diplomats").
    Group,
    /// A named or titled person.
    Person,
    /// A pronoun to be resolved ("she", "they", "we").
    Pronoun,
    /// A place named inside an actor or alone ("in Paris").
    Place,
}

/// One actor mention.
#[derive(Debug, Clone)]
pub struct ActorMention {
    /// First token.
    pub start: usize,
    /// One past the last token.
    pub end: usize,
    /// Kind of mention.
    pub kind: ActorKind,
    /// Alpha-3 or special code; empty when unknown.
    pub country: String,
    /// Sector, when known.
    pub sector: Option<Sector>,
    /// Canonical name.
    pub name: String,
    /// ISO 3166-2 of a place mention.
    pub admin1: String,
    /// The head is plural ("diplomats", "they").
    pub plural: bool,
    /// The pronoun's lower-case form, for pronouns.
    pub pronoun: &'static str,
    /// Tokens of the city or state phrase that gave `admin1`, for choosing among namesakes.
    pub place_tokens: Option<(usize, usize)>,
    /// The mention is a US state name.
    pub is_state: bool,
    /// The country named by "to X" / "in X" inside the mention ("ambassador to Uruguay").
    pub host_country: String,
    /// The country named by "from X" inside the mention ("employees from Minsk").
    pub from_country: String,
}

impl ActorMention {
    /// The sentence the mention is in.
    pub fn sentence_of(&self, doc: &Document<'_>) -> usize {
        doc.tokens[self.start].sentence
    }
}

const PRONOUNS: &[(&str, bool)] = &[
    ("he", false),
    ("she", false),
    ("they", true),
    ("we", true),
    ("it", false),
    ("him", false),
    ("her", false),
    ("them", true),
    ("us", true),
];

/// How many lower-case modifiers may stand between a possessive and its role noun
/// ("Egypt's water resources minister").
const POSSESSED_ROLE_MODIFIERS: usize = 3;

/// Lower-case words that stand inside a personal name ("de", "von", "bin").
fn name_particles() -> &'static FxHashSet<&'static str> {
    static SET: OnceLock<FxHashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| crate::lexicon::function_words("name-particle").collect())
}

/// Capitalised words that make the demonym after them a region's ("Latin American").
fn region_qualifiers() -> &'static FxHashSet<&'static str> {
    static SET: OnceLock<FxHashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| crate::lexicon::function_words("region-qualifier").collect())
}

fn stop_capitals() -> &'static FxHashSet<&'static str> {
    static SET: OnceLock<FxHashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| {
        include_str!("../../data/lexicon/not_names.txt")
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .collect()
    })
}

/// A unit of the chunker: one gazetteer phrase, one name run, one connector.
#[derive(Debug, Clone)]
enum Unit<'g> {
    Lex(&'g Entry),
    Name,
    Possessive,
    Connector(&'static str),
    Determiner,
    Number,
}

fn is_place(kind: EntryKind) -> bool {
    matches!(kind, EntryKind::Capital | EntryKind::City | EntryKind::UsState)
}

/// Whether a phrase may be read at this position given the text's casing.
fn case_allows(doc: &Document<'_>, m: &LexMatch<'_>, e: &Entry) -> bool {
    let text = doc.slice(m.start, m.end);
    if e.acronym {
        // "WHO" but never "who"; in lower-cased feeds only acronyms that are no English word
        return text.chars().filter(|c| c.is_alphabetic()).all(|c| c.is_uppercase())
            || (doc.lower_cased && text.chars().filter(|c| c.is_alphabetic()).count() >= 4);
    }
    if doc.lower_cased {
        return true;
    }
    let first = &doc.tokens[m.start];
    match e.kind {
        EntryKind::Title | EntryKind::Group => true,
        // a person's name only where every word of it is capitalised
        EntryKind::OfficeHolder => doc.tokens[m.start..m.end]
            .iter()
            .all(|t| t.capitalized || t.kind != TokenKind::Word || t.norm.len() <= 3),
        EntryKind::Organization => {
            if e.code.is_empty() {
                true
            } else {
                first.capitalized
            }
        }
        _ => first.capitalized,
    }
}

/// Picks the best meaning of a phrase: specific kinds before places, big cities before small.
/// Office holders count only in office on `day` (`yyyymmdd`; any day when `None`), and only when
/// all of them in office agree on country and sector.
fn best_entry<'g>(g: &'g Gazetteer, doc: &Document<'_>, m: &LexMatch, day: Option<u32>) -> Option<&'g Entry> {
    let mut holders = m
        .entries
        .iter()
        .map(|&i| &g.entries[i as usize])
        .filter(|e| e.in_office(day))
        .map(|e| (e.code.as_str(), e.sector));
    let first_holder = holders.next();
    let holders_agree = holders.all(|h| Some(h) == first_holder);
    let rank = |e: &Entry| match e.kind {
        EntryKind::Country => 0,
        EntryKind::Metonym => 1,
        EntryKind::Organization => 2,
        EntryKind::Demonym | EntryKind::DemonymPlural | EntryKind::OfficeHolder => 3,
        EntryKind::Title | EntryKind::Group => 4,
        EntryKind::UsState => 5,
        EntryKind::Capital => 6,
        EntryKind::City => 7,
    };
    m.entries
        .iter()
        .map(|&i| &g.entries[i as usize])
        .filter(|e| e.kind != EntryKind::OfficeHolder || (holders_agree && e.in_office(day)))
        .filter(|e| case_allows(doc, m, e))
        .min_by(|a, b| rank(a).cmp(&rank(b)).then(b.population.cmp(&a.population)))
}

/// Splits each sentence into units; returns (start, end, unit) triples in order.
fn units<'g>(
    doc: &Document<'_>,
    g: &'g Gazetteer,
    matches: &[LexMatch<'_>],
    day: Option<u32>,
) -> Vec<(usize, usize, Unit<'g>)> {
    let mut best_at: Vec<Option<(usize, &'g Entry)>> = vec![None; doc.tokens.len()];
    for m in matches {
        if best_at[m.start].is_some_and(|(end, _)| end >= m.end) {
            continue;
        }
        if let Some(e) = best_entry(g, doc, m, day) {
            best_at[m.start] = Some((m.end, e));
        }
    }
    let stops = stop_capitals();
    let mut out = Vec::new();
    let mut i = 0;
    while i < doc.tokens.len() {
        let t = &doc.tokens[i];
        // "Latin American", "West African": a demonym after a region word names a region, not
        // the country the demonym belongs to
        let regional = |e: &Entry| {
            matches!(e.kind, EntryKind::Demonym | EntryKind::DemonymPlural)
                && i > 0
                && doc.tokens[i - 1].capitalized
                && region_qualifiers().contains(doc.tokens[i - 1].norm.as_ref())
        };
        if let Some((end, e)) = best_at[i].filter(|(_, e)| !regional(e)) {
            // "Vienna Convention", "Washington Post": a place glued to an unknown capitalised
            // word names something else.
            let glued = is_place(e.kind)
                && !doc.lower_cased
                && doc.tokens.get(end).is_some_and(|n| {
                    n.capitalized
                        && n.kind == TokenKind::Word
                        && best_at[end].is_none()
                        && !stops.contains(n.norm.as_ref())
                });
            // "Hunter Biden": an office holder's surname after another, unknown name is someone else
            if e.kind == EntryKind::OfficeHolder
                && let Some((s, prev_end, Unit::Name)) = out.last()
                && *prev_end == i
                && !other_names_of(doc, *s, i, e)
            {
                let s = *s;
                out.pop();
                out.push((s, end, Unit::Name));
                i = end;
                continue;
            }
            if !glued {
                out.push((i, end, Unit::Lex(e)));
                i = end;
                continue;
            }
        }
        let unit = match t.norm.as_ref() {
            "'s" | "'" => Some(Unit::Possessive),
            "of" => Some(Unit::Connector("of")),
            "to" => Some(Unit::Connector("to")),
            "in" => Some(Unit::Connector("in")),
            "at" => Some(Unit::Connector("at")),
            "from" => Some(Unit::Connector("from")),
            "the" | "a" | "an" | "its" | "their" | "his" | "her" | "these" | "those" | "this" | "two" => {
                Some(Unit::Determiner)
            }
            _ if t.kind == TokenKind::Number => Some(Unit::Number),
            _ => None,
        };
        if let Some(u) = unit {
            out.push((i, i + 1, u));
            i += 1;
            continue;
        }
        if !doc.lower_cased && t.capitalized && t.kind == TokenKind::Word && !stops.contains(t.norm.as_ref())
        {
            let sentence_start = doc.sentences[t.sentence].tokens.start == i;
            let capital_name_word = |j: usize| {
                j < doc.tokens.len()
                    && doc.tokens[j].capitalized
                    && doc.tokens[j].kind == TokenKind::Word
                    && best_at[j].is_none()
                    && doc.tokens[j].sentence == t.sentence
                    && !stops.contains(doc.tokens[j].norm.as_ref())
            };
            let mut j = i + 1;
            loop {
                if capital_name_word(j) {
                    j += 1;
                    continue;
                }
                // "Rebelo de Sousa", "von der Leyen": particles between capitalised names
                let particles = (j..doc.tokens.len())
                    .take_while(|&k| {
                        !doc.tokens[k].capitalized && name_particles().contains(doc.tokens[k].norm.as_ref())
                    })
                    .count();
                if particles > 0 && capital_name_word(j + particles) {
                    j += particles + 1;
                    continue;
                }
                break;
            }
            if !sentence_start || j > i + 1 {
                out.push((i, j, Unit::Name));
                i = j;
                continue;
            }
        }
        i += 1;
    }
    out
}

/// Whether the words `start..end` are all words of the office holder's full name ("Shah
/// Mehmood" before "Qureshi").
fn other_names_of(doc: &Document<'_>, start: usize, end: usize, holder: &Entry) -> bool {
    let full = holder.canonical.to_lowercase();
    let words: Vec<&str> = full.split([' ', '-']).collect();
    doc.tokens[start..end].iter().all(|t| words.contains(&t.norm.as_ref()))
}

/// Finds actor mentions in every sentence. `date` is the article's date: office holders take the
/// office they held that day (any office they held when it is `None`).
pub fn find_actors(
    doc: &Document<'_>,
    g: &Gazetteer,
    matches: &[LexMatch<'_>],
    date: Option<Date>,
) -> Vec<ActorMention> {
    let day = date.map(|d| d.year.max(0) as u32 * 10_000 + u32::from(d.month) * 100 + u32::from(d.day));
    let units = units(doc, g, matches, day);
    let mut actors = Vec::new();
    let mut k = 0;
    while k < units.len() {
        let (start, _, ref unit) = units[k];
        if !matches!(unit, Unit::Lex(_) | Unit::Name | Unit::Determiner | Unit::Number) {
            k += 1;
            continue;
        }
        // grow a chunk of adjacent units within one sentence
        let sentence = doc.tokens[start].sentence;
        let mut last = k;
        let mut j = k + 1;
        while j < units.len() {
            let (s, _, ref u) = units[j];
            let prev_end = units[j - 1].1;
            // "India's external affairs minister": a few lower-case modifiers between a
            // possessive and the role noun it owns
            let owned_role = matches!(units[j - 1].2, Unit::Possessive)
                && matches!(u, Unit::Lex(e) if matches!(e.kind, EntryKind::Title | EntryKind::Group))
                && s > prev_end
                && s - prev_end <= POSSESSED_ROLE_MODIFIERS
                && doc.tokens[prev_end..s].iter().all(|t| t.kind == TokenKind::Word && !t.capitalized);
            if (s != prev_end && !owned_role) || doc.tokens[s].sentence != sentence {
                break;
            }
            match u {
                Unit::Connector(_) => {
                    // a connector joins only when a content unit follows (after determiners)
                    let mut n = j + 1;
                    while n < units.len()
                        && matches!(units[n].2, Unit::Determiner)
                        && units[n].0 == units[n - 1].1
                    {
                        n += 1;
                    }
                    let joins = n < units.len()
                        && units[n].0 == units[n - 1].1
                        && matches!(units[n].2, Unit::Lex(_) | Unit::Name)
                        && units[k..j].iter().any(|(_, _, u)| is_head(u));
                    if !joins {
                        break;
                    }
                }
                Unit::Possessive | Unit::Lex(_) | Unit::Name | Unit::Determiner | Unit::Number => {}
            }
            if matches!(u, Unit::Lex(_) | Unit::Name | Unit::Possessive) {
                last = j;
            }
            j += 1;
        }
        let chunk = &units[k..=last];
        if let Some(actor) = compose(doc, g, chunk) {
            actors.push(actor);
        }
        k = last + 1;
    }
    // pronouns
    for (i, t) in doc.tokens.iter().enumerate() {
        if let Some(&(p, plural)) = PRONOUNS.iter().find(|(p, _)| *p == t.norm) {
            actors.push(ActorMention {
                start: i,
                end: i + 1,
                kind: ActorKind::Pronoun,
                country: String::new(),
                sector: None,
                name: String::new(),
                admin1: String::new(),
                plural,
                pronoun: p,
                place_tokens: None,
                is_state: false,
                host_country: String::new(),
                from_country: String::new(),
            });
        }
    }
    actors.sort_by_key(|a| a.start);
    code_surnames(doc, &mut actors);
    qualify_places(doc, &mut actors);
    prefer_named_states(doc, g, &mut actors);
    actors
}

/// A person named again by surname alone ("Sousa arrived on Thursday" after "Portuguese
/// President Marcelo Rebelo de Sousa") is the person named in full earlier: same country,
/// sector and name.
fn code_surnames(doc: &Document<'_>, actors: &mut [ActorMention]) {
    let surname = |a: &ActorMention| {
        let last = doc.tokens.get(a.end.checked_sub(1)?)?;
        (last.capitalized && last.kind == TokenKind::Word).then_some(last.norm.as_ref())
    };
    // the latest coded person of each surname
    let mut known: FxHashMap<&str, usize> = FxHashMap::default();
    for i in 0..actors.len() {
        let a = &actors[i];
        if a.kind != ActorKind::Person {
            continue;
        }
        let Some(name) = surname(a) else { continue };
        if !a.country.is_empty() {
            known.insert(name, i);
            continue;
        }
        if let Some(&k) = known.get(name) {
            let (country, sector, full) =
                (actors[k].country.clone(), actors[k].sector, actors[k].name.clone());
            let a = &mut actors[i];
            a.country = country;
            a.sector = a.sector.or(sector);
            if !full.is_empty() {
                a.name = full;
            }
        }
    }
}

/// A city name shared by several US cities ("Springfield") is the one in a state the article
/// names; a name shared with a foreign city ("Birmingham") is the US one when the article
/// names a US state.
fn prefer_named_states(doc: &Document<'_>, g: &Gazetteer, actors: &mut [ActorMention]) {
    let states: HashSet<String> = actors.iter().filter(|a| a.is_state).map(|a| a.admin1.clone()).collect();
    if states.is_empty() {
        return;
    }
    for a in actors.iter_mut().filter(|a| !a.is_state) {
        let Some((s, e)) = a.place_tokens else { continue };
        if states.contains(&a.admin1) {
            continue;
        }
        let better = g
            .lookup(doc.slice(s, e))
            .filter(|c| matches!(c.kind, EntryKind::City | EntryKind::Capital) && states.contains(&c.admin1))
            .max_by_key(|c| c.population);
        if let Some(c) = better {
            a.admin1 = c.admin1.clone();
            if a.kind == ActorKind::Place {
                a.country = c.code.clone();
            }
        }
    }
}

/// "Princeton, Kentucky", "Bokoshe, Ark.": a place followed by a comma and a US state lies in
/// that state, whatever the gazetteer's most populous namesake says.
fn qualify_places(doc: &Document<'_>, actors: &mut [ActorMention]) {
    for k in 0..actors.len().saturating_sub(1) {
        let (a, b) = (&actors[k], &actors[k + 1]);
        let state = b.kind == ActorKind::Place && b.admin1.starts_with("US-") && b.country == "USA";
        let comma = a.end < doc.tokens.len() && doc.tokens[a.end].norm == "," && b.start == a.end + 1;
        let is_state_name = doc.slice(b.start, b.end).len() <= 20;
        if state && comma && is_state_name && a.kind != ActorKind::Pronoun && !a.admin1.is_empty() {
            let admin1 = b.admin1.clone();
            actors[k].admin1 = admin1;
            actors[k].country = "USA".to_string();
        }
    }
}

fn is_head(u: &Unit<'_>) -> bool {
    matches!(u, Unit::Lex(e) if matches!(e.kind, EntryKind::Title | EntryKind::Group | EntryKind::Organization | EntryKind::Metonym | EntryKind::OfficeHolder))
        || matches!(u, Unit::Name)
}

/// Builds one actor from a chunk of units.
fn compose(doc: &Document<'_>, g: &Gazetteer, chunk: &[(usize, usize, Unit<'_>)]) -> Option<ActorMention> {
    let content: Vec<_> = chunk.iter().filter(|(_, _, u)| matches!(u, Unit::Lex(_) | Unit::Name)).collect();
    if content.is_empty() {
        return None;
    }
    let start = chunk
        .iter()
        .find(|(_, _, u)| !matches!(u, Unit::Determiner | Unit::Number))
        .map_or(chunk[0].0, |c| c.0);
    let end = chunk.last().map_or(start + 1, |c| c.1);
    let mut country: Option<(u8, String)> = None;
    let mut offer = |rank: u8, code: &str| {
        if code.is_empty() {
            return;
        }
        if country.as_ref().is_none_or(|(r, _)| rank < *r) {
            country = Some((rank, code.to_string()));
        }
    };
    let mut sector: Option<Sector> = None;
    let mut sector_rank = u8::MAX;
    let mut name = String::new();
    let mut org_name = String::new();
    let mut kind = ActorKind::Group;
    let mut plural = false;
    let mut has_role = false;
    let mut place_only = true;
    let mut admin1 = String::new();
    let mut place_tokens = None;
    let mut host_country = String::new();
    let mut from_country = String::new();
    let mut connector: Option<&str> = None;
    let mut after_title = false;
    let mut holder: Option<&Entry> = None;
    for (i, (s, e, u)) in chunk.iter().enumerate() {
        let possessive = chunk.get(i + 1).is_some_and(|(_, _, u)| matches!(u, Unit::Possessive));
        match u {
            Unit::Connector(c) => connector = Some(c),
            Unit::Lex(entry) => {
                let hosted = matches!(connector, Some("to" | "in" | "at" | "from"));
                if hosted && matches!(entry.kind, EntryKind::Country | EntryKind::Capital | EntryKind::City) {
                    let slot = if connector == Some("from") { &mut from_country } else { &mut host_country };
                    if slot.is_empty() {
                        *slot = entry.code.clone();
                    }
                }
                match entry.kind {
                    EntryKind::Country | EntryKind::Capital | EntryKind::Metonym => {
                        if !hosted {
                            offer(if connector == Some("of") { 2 } else { 1 }, &entry.code);
                            if entry.kind == EntryKind::Metonym {
                                place_only = false;
                                org_name = entry.canonical.clone();
                                if let Some(s) = entry.sector
                                    && sector_rank > 2
                                {
                                    sector = Some(s);
                                    sector_rank = 2;
                                }
                            } else if entry.kind == EntryKind::Country || !possessive {
                                place_only &= entry.kind != EntryKind::Country;
                            }
                            if entry.kind == EntryKind::Country {
                                kind = ActorKind::State;
                            }
                        }
                        if entry.kind == EntryKind::Capital && !hosted && chunk.len() == 1 {
                            // a capital alone stands for its government ("Moscow said")
                            place_only = false;
                            kind = ActorKind::State;
                        }
                    }
                    EntryKind::City | EntryKind::UsState => {
                        if admin1.is_empty() {
                            place_tokens = Some((*s, *e));
                            admin1 = entry.admin1.clone();
                        }
                    }
                    EntryKind::Demonym | EntryKind::DemonymPlural => {
                        if !hosted {
                            offer(1, &entry.code);
                        }
                        place_only = false;
                        if entry.kind == EntryKind::DemonymPlural {
                            plural = true;
                            if sector_rank > 5 {
                                sector = Some(Sector::Cvl);
                                sector_rank = 5;
                            }
                        }
                    }
                    EntryKind::Organization => {
                        place_only = false;
                        has_role = true;
                        if !hosted {
                            offer(1, &entry.code);
                        }
                        if org_name.is_empty() {
                            org_name = entry.canonical.clone();
                        }
                        if let Some(s) = entry.sector {
                            let r = if s == Sector::Cvl { 4 } else { 1 };
                            if r < sector_rank {
                                sector = Some(s);
                                sector_rank = r;
                            }
                        }
                        kind = ActorKind::Organization;
                    }
                    EntryKind::OfficeHolder => {
                        place_only = false;
                        if !hosted {
                            kind = ActorKind::Person;
                            if name.is_empty() {
                                name = entry.canonical.clone();
                            }
                            holder = holder.or(Some(entry));
                        }
                    }
                    EntryKind::Title | EntryKind::Group => {
                        place_only = false;
                        has_role = true;
                        plural |= entry.plural;
                        if let Some(s) = entry.sector {
                            let r = if matches!(s, Sector::Cvl | Sector::Unk) { 4 } else { 3 };
                            if r < sector_rank && !hosted {
                                sector = Some(s);
                                sector_rank = r;
                            }
                        }
                        after_title = entry.kind == EntryKind::Title;
                        if entry.kind == EntryKind::Title && !entry.plural {
                            kind = ActorKind::Person;
                        }
                    }
                }
                connector = None;
            }
            Unit::Name => {
                place_only = false;
                if name.is_empty() {
                    name = doc.slice(*s, *e).to_string();
                }
                if after_title || has_role || chunk.len() == 1 {
                    kind = ActorKind::Person;
                }
                connector = None;
            }
            _ => {}
        }
    }
    if place_only {
        let place = content.iter().find_map(|(_, _, u)| match u {
            Unit::Lex(e) if is_place(e.kind) || e.kind == EntryKind::Country => Some(*e),
            _ => None,
        })?;
        let tokens = content
            .iter()
            .find(|(_, _, u)| matches!(u, Unit::Lex(e) if is_place(e.kind) || e.kind == EntryKind::Country))
            .map(|(s, e, _)| (*s, *e));
        return Some(ActorMention {
            start,
            end,
            kind: ActorKind::Place,
            country: place.code.clone(),
            sector: None,
            name: place.canonical.clone(),
            admin1: if admin1.is_empty() { place.admin1.clone() } else { admin1 },
            plural: false,
            pronoun: "",
            place_tokens: place_tokens.or(tokens),
            is_state: place.kind == EntryKind::UsState,
            host_country: String::new(),
            from_country: String::new(),
        });
    }
    // an office holder gives country and sector unless the phrase names another country
    if let Some(h) = holder
        && country.as_ref().is_none_or(|(_, c)| *c == h.code)
    {
        country = Some((3, h.code.clone()));
        if sector_rank > 3 || sector == h.sector {
            sector = h.sector;
        }
    }
    let country = country.map(|(_, c)| c).unwrap_or_default();
    if sector.is_none() && kind == ActorKind::State {
        sector = Some(Sector::Gov);
    }
    if name.is_empty() {
        name = if !org_name.is_empty() {
            org_name
        } else if kind == ActorKind::State {
            g.country_names.get(&country).cloned().unwrap_or_default()
        } else {
            String::new()
        };
    }
    if kind == ActorKind::Group && !has_role && !plural && !name.is_empty() && country.is_empty() {
        kind = ActorKind::Person;
    }
    Some(ActorMention {
        start,
        end,
        kind,
        country,
        sector,
        name,
        admin1,
        plural,
        pronoun: "",
        place_tokens,
        is_state: false,
        host_country,
        from_country,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gazetteer() -> &'static Gazetteer {
        static G: OnceLock<Gazetteer> = OnceLock::new();
        G.get_or_init(Gazetteer::builtin)
    }

    /// The first person mention's (name, country, sector) in `text` on `date`.
    fn person(text: &str, date: Option<(i32, u8, u8)>) -> Option<(String, String, Option<Sector>)> {
        let g = gazetteer();
        let doc = Document::new(text);
        let matches = g.find(&doc);
        let date = date.map(|(year, month, day)| Date { year, month, day });
        find_actors(&doc, g, &matches, date)
            .into_iter()
            .find(|a| a.kind == ActorKind::Person)
            .map(|a| (a.name, a.country, a.sector))
    }

    fn coded(text: &str, date: Option<(i32, u8, u8)>) -> (String, Option<Sector>) {
        person(text, date).map(|(_, c, s)| (c, s)).unwrap_or_default()
    }

    #[test]
    fn a_leaders_full_name_gives_country_and_government() {
        let (name, country, sector) =
            person("On Monday Recep Tayyip Erdogan phoned the mayor.", None).unwrap();
        assert!(name.starts_with("Recep Tayyip Erdo"), "{name}");
        assert_eq!((country.as_str(), sector), ("TUR", Some(Sector::Gov)));
    }

    #[test]
    fn the_article_date_decides_whether_the_office_is_held() {
        let text = "Later that week Jacinda Ardern opened a new hospital wing.";
        assert_eq!(coded(text, Some((2019, 3, 2))), ("NZL".to_string(), Some(Sector::Gov)));
        assert_eq!(coded(text, Some((2012, 3, 2))), (String::new(), None));
        assert_eq!(coded(text, Some((2024, 3, 2))), (String::new(), None));
    }

    #[test]
    fn a_distinctive_surname_alone_is_enough() {
        assert_eq!(
            coded("Late on Friday, Zelensky thanked the volunteers.", Some((2023, 6, 1))),
            ("UKR".to_string(), Some(Sector::Gov))
        );
        assert_eq!(
            coded("In a short call, Lavrov asked for a delay.", None),
            ("RUS".to_string(), Some(Sector::Gov))
        );
    }

    #[test]
    fn lower_case_text_still_finds_the_leader() {
        assert_eq!(
            coded("yesterday narendra modi visited the flooded district.", Some((2020, 8, 1))),
            ("IND".to_string(), Some(Sector::Gov))
        );
    }

    #[test]
    fn a_surname_in_capitalised_text_must_be_capitalised() {
        assert_eq!(coded("The old rivals met where zelensky banners hung.", Some((2023, 6, 1))).0, "");
    }

    #[test]
    fn an_unknown_person_stays_uncoded() {
        let (_, country, sector) =
            person("Yesterday Marguerite Tollefsen thanked the volunteers.", None).unwrap();
        assert_eq!((country.as_str(), sector), ("", None));
    }

    #[test]
    fn another_name_before_a_leaders_surname_is_someone_else() {
        assert_eq!(coded("On Tuesday Kevin Zelensky opened a bakery.", Some((2023, 6, 1))).0, "");
    }

    #[test]
    fn a_title_and_a_name_still_compose() {
        let (_, country, sector) =
            person("The Belgian ambassador to Armenia Claire Dumont was summoned.", None).unwrap();
        assert_eq!((country.as_str(), sector), ("BEL", Some(Sector::Gov)));
        assert_eq!(
            coded("Turkish President Erdogan spoke first.", Some((2021, 5, 5))),
            ("TUR".to_string(), Some(Sector::Gov))
        );
    }

    #[test]
    fn a_surname_alone_is_the_person_named_in_full_before() {
        let text =
            "Chilean Foreign Minister Lucia Ines de Olarte arrived on Monday. Later, Olarte met the press.";
        let g = gazetteer();
        let doc = Document::new(text);
        let actors = find_actors(&doc, g, &g.find(&doc), None);
        let full =
            actors.iter().find(|a| doc.slice(a.start, a.end).ends_with("de Olarte")).expect("one mention");
        assert_eq!(full.country, "CHL");
        let again = actors.iter().rfind(|a| doc.slice(a.start, a.end) == "Olarte").expect("the surname");
        assert_eq!((again.country.as_str(), again.kind), ("CHL", ActorKind::Person));
    }

    #[test]
    fn a_demonym_after_a_region_word_names_no_country() {
        let g = gazetteer();
        let countries = |text: &str| {
            let doc = Document::new(text);
            find_actors(&doc, g, &g.find(&doc), None).into_iter().map(|a| a.country).collect::<Vec<_>>()
        };
        assert!(!countries("Several Latin American envoys left the capital.").contains(&"USA".to_string()));
        assert!(countries("South African envoys left the capital.").contains(&"ZAF".to_string()));
        assert!(countries("American envoys left the capital.").contains(&"USA".to_string()));
    }
}
