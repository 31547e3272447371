//! eventx-engine: reads a news article and returns the political events it reports, coded in
//! PLOVER 2.0 with CAMEO codes, actors, dates, locations, counts and evidence spans.
//!
//! Pure Rust: no I/O, no async. All lexicons and rules are compiled in from `data/`.

pub mod model;
pub mod ontology;
pub mod time;

pub use model::{Actor, CharSpan, Details, Event, EventDate, Extraction, Location, Mention, Precision};
pub use ontology::{Category, Context, Mode, QuadClass, Sector};
pub use time::Date;

/// An article to read.
#[derive(Debug, Clone, Copy, Default)]
pub struct ArticleInput<'a> {
    /// Body text.
    pub text: &'a str,
    /// Headline, if any.
    pub title: Option<&'a str>,
    /// Publication date, if known.
    pub publication_date: Option<Date>,
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
    _private: (),
}

impl Engine {
    /// Compiles the built-in lexicons and rules.
    pub fn new() -> Engine {
        Engine { _private: () }
    }

    /// Reads one article.
    pub fn extract(&self, article: &ArticleInput<'_>) -> Result<Extraction, EngineError> {
        if article.text.trim().is_empty() {
            return Err(EngineError::EmptyText);
        }
        Ok(Extraction::default())
    }
}

impl Default for Engine {
    fn default() -> Self {
        Engine::new()
    }
}
