//! The engine in-process, for work without a server: the same answers, and the same errors, as
//! a server with the same limits.

use eventx_api::Extractor;
pub use eventx_api::Limits;
use eventx_proto::v1::{Article, ExtractOptions, ExtractResponse, GetOntologyResponse};

use crate::error::Error;

/// The embedded engine with its limits and request options.
#[derive(Debug)]
pub struct Embedded {
    extractor: Extractor,
    options: Option<ExtractOptions>,
}

impl Embedded {
    /// Loads the engine (about a tenth of a second) with `limits` and default options.
    pub fn new(limits: Limits) -> Embedded {
        Embedded { extractor: Extractor::new(limits), options: None }
    }

    /// The same engine with `options` for every article.
    pub fn with_options(mut self, options: ExtractOptions) -> Embedded {
        self.options = Some(options);
        self
    }

    /// The events of one article; a bad article gives the [`Error`] a server would have sent.
    pub fn extract(&self, article: &Article) -> Result<ExtractResponse, Error> {
        self.extractor
            .extract_article(article, self.options.as_ref())
            .map_err(|error| Error::from(error.to_rpc_status()))
    }

    /// The vocabulary the engine speaks, as a server's `GetOntology` returns it.
    pub fn ontology() -> GetOntologyResponse {
        eventx_api::ontology()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_are_the_servers_errors() {
        let engine = Embedded::new(Limits { max_text_bytes: 10, ..Limits::default() });
        let blank = Article { text: "  ".into(), ..Article::default() };
        assert!(matches!(engine.extract(&blank), Err(Error::InvalidArgument { field_violations, .. })
            if field_violations[0].field == "article.text"));
        let long = Article { text: "Police arrested two men.".into(), ..Article::default() };
        assert!(matches!(engine.extract(&long), Err(Error::TooLarge { limit_bytes: Some(10), .. })));
    }
}
