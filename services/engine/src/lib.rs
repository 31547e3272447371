//! eventx-engine: reads a news article and returns the political events it reports, coded in
//! PLOVER 2.0 with CAMEO codes, actors, dates, locations, counts and evidence spans.
//!
//! Pure Rust: no I/O, no async. All lexicons and rules are compiled in from `data/`.
//!
//! The pipeline: `frame` (boilerplate, dateline, article date) → `text` (tokens and
//! sentences) → `lexicon` (one pass of a token trie for every gazetteer) → `mentions::actors`
//! (actor composition) → [`time`] (dates resolved against the article date) → [`events`] (rule
//! matches and their arguments) → `resolve` (merging mentions of one event). [`syntax`] (tagger
//! and dependency parser) is a library stage the event stage does not call yet. Only the
//! stages whose types callers need are public: the rule set ([`events::rules`]), the ontology,
//! the model types re-exported here, dates and the syntax layer.

pub mod events;
pub(crate) mod frame;
mod fxhash;
pub(crate) mod lexicon;
pub(crate) mod mentions;
pub mod model;
pub(crate) mod numbers;
pub mod ontology;
pub(crate) mod resolve;
pub mod syntax;
pub(crate) mod text;
pub mod time;

use events::rules::RuleSet;
use lexicon::Gazetteer;

pub use model::{Actor, CharSpan, Details, Event, EventDate, Extraction, Location, Mention, Precision};
pub use ontology::{Category, Context, Mode, QuadClass, Sector};
pub use time::Date;

/// An article to read.
#[derive(Debug, Clone, Copy, Default)]
pub struct ArticleInput<'a> {
    /// Body text.
    pub text: &'a str,
    /// Headline, if any (not read yet; the body usually repeats it).
    pub title: Option<&'a str>,
    /// Publication date, if known.
    pub publication_date: Option<Date>,
}

/// One rule that fired, as reported by [`Engine::explain`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Explanation {
    /// Index into [`RuleSet::rules`].
    pub rule: usize,
    /// The category of the event it produced (after threat and promise conversions).
    pub category: Category,
    /// The sentence it fired in.
    pub sentence: usize,
}

/// Why the engine refused an article.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EngineError {
    /// The text is empty or only whitespace.
    #[error("article text is empty")]
    EmptyText,
}

/// The extraction engine: lexicons and rules compiled once, then shared by any number of
/// threads.
#[derive(Debug)]
pub struct Engine {
    gazetteer: Gazetteer,
    rules: RuleSet,
}

impl Engine {
    /// Compiles the built-in lexicons and rules. Rule lines that do not parse are skipped;
    /// the rule tests make sure the built-in files have none.
    pub fn new() -> Engine {
        let (rules, _errors) = RuleSet::builtin();
        Engine { gazetteer: Gazetteer::builtin(), rules }
    }

    /// Reads one article.
    pub fn extract(&self, article: &ArticleInput<'_>) -> Result<Extraction, EngineError> {
        self.run(article).map(|(extraction, _)| extraction)
    }

    /// Which rules fired on an article, in order, each with the category its event got: for
    /// rule writers and the rule-example tests.
    pub fn explain(&self, article: &ArticleInput<'_>) -> Result<Vec<Explanation>, EngineError> {
        self.run(article).map(|(_, fired)| fired)
    }

    /// The compiled rules.
    pub fn rules(&self) -> &RuleSet {
        &self.rules
    }

    fn run(&self, article: &ArticleInput<'_>) -> Result<(Extraction, Vec<Explanation>), EngineError> {
        if article.text.trim().is_empty() {
            return Err(EngineError::EmptyText);
        }
        let frame = frame::read(article.text, article.publication_date);
        let doc = text::Document::new(article.text);
        let matches = self.gazetteer.find(&doc);
        // page furniture (captions, credits, link lists) names no actor, time or event of the story
        let furniture = |bytes: std::ops::Range<usize>| {
            frame.boilerplate.iter().any(|b| b.start <= bytes.start && bytes.end <= b.end)
        };
        let in_furniture =
            |first: usize, last: usize| furniture(doc.tokens[first].range.start..doc.tokens[last].range.end);
        let mut actors = mentions::actors::find_actors(
            &doc,
            &self.gazetteer,
            &matches,
            frame.article_date.map(|d| d.date),
        );
        actors.retain(|a| !in_furniture(a.start, a.end - 1));
        let reference = frame.article_date.map(|d| d.date);
        let times: Vec<_> = time::find_time_expressions(article.text, reference)
            .into_iter()
            .filter(|t| !furniture(t.range.clone()))
            .collect();
        let home = mentions::places::home_place(&self.gazetteer, &frame, &doc, &actors);
        let home_country = home
            .as_ref()
            .map(|l| l.country.clone())
            .or_else(|| mentions::places::most_mentioned_country(&actors))
            .unwrap_or_default();
        let input = events::Input::new(&doc, &actors, &self.rules, &times, frame.article_date, &home_country);
        let mut candidates = events::find_candidates(&input);
        candidates.retain(|c| !in_furniture(c.trigger.start, c.trigger.end - 1));
        let fired = candidates
            .iter()
            .map(|c| Explanation { rule: c.rule as usize, category: c.category, sentence: c.sentence })
            .collect();
        let location_of = |c: &events::Candidate| {
            let tokens = &doc.sentences[c.sentence].tokens;
            mentions::places::sentence_place(&doc, &actors, tokens)
                .or_else(|| mentions::places::embedded_place(&self.gazetteer, &doc, &matches, tokens))
                .or_else(|| home.clone())
        };
        let mut events = resolve::merge(&doc, &actors, candidates, location_of, &home_country);
        if let Some(article_date) = frame.article_date {
            for e in &mut events {
                e.historical = e.date.is_some_and(|d| d.date.year < article_date.date.year);
            }
        }
        let mut dateline = frame
            .dateline_place
            .as_ref()
            .and_then(|_| mentions::places::home_from_dateline(&self.gazetteer, &frame, &doc));
        for location in events.iter_mut().filter_map(|e| e.location.as_mut()).chain(dateline.as_mut()) {
            location.coordinates =
                self.gazetteer.city_coordinates(&location.name, &location.country, &location.admin1);
        }
        let extraction = Extraction {
            events,
            article_date: frame.article_date,
            dateline,
            sentence_count: doc.sentences.len(),
        };
        Ok((extraction, fired))
    }
}

impl Default for Engine {
    fn default() -> Self {
        Engine::new()
    }
}
