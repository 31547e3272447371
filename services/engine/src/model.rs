//! The engine's output types: events, actors, dates, locations and evidence, with spans in
//! Unicode characters of the caller's original text.

use crate::ontology::{Category, Context, Mode, Sector};
pub use crate::time::{EventDate, Precision};

/// A half-open range `[start, end)` of Unicode code points in the caller's original text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CharSpan {
    /// First character.
    pub start: usize,
    /// One past the last character.
    pub end: usize,
}

/// Who acts or is acted on.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Actor {
    /// ISO 3166-1 alpha-3 or a PLOVER special code (IGO, UNO, EUR, NGO, …); empty when unknown.
    pub country: String,
    /// PLOVER sector, when known.
    pub sector: Option<Sector>,
    /// Canonical name (person, institution or country name).
    pub name: String,
    /// The words as written.
    pub text: String,
    /// Where the words are, in characters of the original text.
    pub span: CharSpan,
}

/// Where an event happened.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Location {
    /// Place name as written or canonical.
    pub name: String,
    /// ISO 3166-1 alpha-3 of the country.
    pub country: String,
    /// ISO 3166-2 of the first-level subdivision ("US-TX"), when known.
    pub admin1: String,
    /// Latitude and longitude, when known.
    pub coordinates: Option<(f64, f64)>,
    /// Where it is named, when it is named in the text.
    pub span: Option<CharSpan>,
}

/// A sentence reporting an event.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Mention {
    /// Zero-based sentence index.
    pub sentence_index: usize,
    /// The sentence's range.
    pub sentence_span: CharSpan,
    /// The sentence text.
    pub sentence: String,
    /// The trigger words.
    pub trigger: CharSpan,
    /// The source actor's words in this sentence.
    pub source: Option<CharSpan>,
    /// The target actor's words in this sentence.
    pub target: Option<CharSpan>,
}

/// Category-specific facts; which fields apply depends on the category.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Details {
    /// People killed (ASSAULT).
    pub killed: Option<u32>,
    /// People injured (ASSAULT).
    pub injured: Option<u32>,
    /// People expelled, arrested, deported, released, extradited, deployed, protesting.
    pub count: Option<u32>,
    /// Whether a count is approximate ("dozens").
    pub approximate: bool,
    /// Departure deadline in hours (SANCTION/expel).
    pub deadline_hours: Option<u32>,
    /// The event is the summoning of an envoy (ACCUSE).
    pub summons: bool,
    /// The event is a denial of an accusation (REJECT).
    pub denial: bool,
}

/// One extracted event.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    /// PLOVER category.
    pub category: Category,
    /// PLOVER mode, when one fits.
    pub mode: Option<Mode>,
    /// "did not expel".
    pub negated: bool,
    /// "will expel".
    pub future: bool,
    /// "may expel", "threatened to expel", "if …".
    pub hypothetical: bool,
    /// A past event recalled as background.
    pub historical: bool,
    /// PLOVER contexts.
    pub contexts: Vec<Context>,
    /// Who acts.
    pub source: Option<Actor>,
    /// Who is acted on.
    pub target: Option<Actor>,
    /// When it happened.
    pub date: Option<EventDate>,
    /// Where it happened.
    pub location: Option<Location>,
    /// Confidence in [0, 1].
    pub confidence: f32,
    /// Closest CAMEO code.
    pub cameo: String,
    /// Evidence, one per sentence reporting it.
    pub mentions: Vec<Mention>,
    /// Category-specific facts.
    pub details: Details,
}

/// Everything the engine read from one article.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Extraction {
    /// Events in order of first mention.
    pub events: Vec<Event>,
    /// The date relative expressions were resolved against.
    pub article_date: Option<EventDate>,
    /// The dateline place, when there is one.
    pub dateline: Option<Location>,
    /// Number of sentences.
    pub sentence_count: usize,
}
