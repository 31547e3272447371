//! The bridge between the wire and the engine, shared by the server and the CLI: validates
//! `eventx.v1` requests, runs the engine, applies per-request options and converts engine
//! events into wire events. Errors are domain errors ([`ApiError`]); the server maps them to
//! gRPC statuses in one place.

mod convert;
mod ontology;
pub mod status;

use eventx_engine::{ArticleInput, Date, Engine, EngineError};
use eventx_proto::google::rpc::Status as RpcStatus;
use eventx_proto::v1::{Article, EventCategory, ExtractOptions, ExtractRequest, ExtractResponse, SpanUnit};

pub use ontology::ontology;
use status::{StatusBuilder, code};

/// Limits applied to every article before the engine sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest accepted `article.text`, in bytes of UTF-8.
    pub max_text_bytes: usize,
    /// Largest accepted `article.title`, in bytes of UTF-8.
    pub max_title_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { max_text_bytes: 1024 * 1024, max_title_bytes: 4 * 1024 }
    }
}

/// One request field at fault.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldViolation {
    /// Path of the field ("article.text", "options.min_confidence").
    pub field: String,
    /// What is wrong with it.
    pub description: String,
}

/// Why a request was refused.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ApiError {
    /// One or more fields are malformed.
    #[error("invalid request: {}", describe(.0))]
    InvalidArgument(Vec<FieldViolation>),
    /// A field is larger than the configured limit.
    #[error("{field} is {actual} bytes, over the limit of {limit} bytes")]
    TooLarge {
        /// The field path, e.g. "article.text".
        field: &'static str,
        /// The configured limit in bytes.
        limit: usize,
        /// The size received in bytes.
        actual: usize,
    },
}

fn describe(violations: &[FieldViolation]) -> String {
    violations.iter().map(|v| format!("{}: {}", v.field, v.description)).collect::<Vec<_>>().join("; ")
}

impl ApiError {
    /// The gRPC status code name this error maps to ("INVALID_ARGUMENT", "RESOURCE_EXHAUSTED").
    pub fn code_name(&self) -> &'static str {
        match self {
            ApiError::InvalidArgument(_) => "INVALID_ARGUMENT",
            ApiError::TooLarge { .. } => "RESOURCE_EXHAUSTED",
        }
    }

    /// The fields at fault.
    pub fn violations(&self) -> Vec<FieldViolation> {
        match self {
            ApiError::InvalidArgument(v) => v.clone(),
            ApiError::TooLarge { field, .. } => vec![violation(field, &self.to_string())],
        }
    }

    /// The error as a `google.rpc.Status`: a `BadRequest` naming each field at fault, and for an
    /// oversized field an `ErrorInfo` (reason `ARTICLE_TOO_LARGE`) with the limit and the size.
    pub fn to_rpc_status(&self) -> RpcStatus {
        let violations = self.violations();
        let pairs = violations.iter().map(|v| (v.field.as_str(), v.description.as_str()));
        match self {
            ApiError::InvalidArgument(_) => {
                StatusBuilder::new(code::INVALID_ARGUMENT, self.to_string()).bad_request(pairs).build()
            }
            ApiError::TooLarge { field, limit, actual } => {
                StatusBuilder::new(code::RESOURCE_EXHAUSTED, self.to_string())
                    .bad_request(pairs)
                    .error_info(
                        "ARTICLE_TOO_LARGE",
                        &[
                            ("field", field.to_string()),
                            ("limit_bytes", limit.to_string()),
                            ("actual_bytes", actual.to_string()),
                        ],
                    )
                    .build()
            }
        }
    }
}

fn violation(field: &str, description: &str) -> FieldViolation {
    FieldViolation { field: field.to_string(), description: description.to_string() }
}

/// Runs the engine on wire requests.
#[derive(Debug)]
pub struct Extractor {
    engine: Engine,
    limits: Limits,
}

impl Extractor {
    /// Compiles the engine and keeps the limits.
    pub fn new(limits: Limits) -> Extractor {
        Extractor { engine: Engine::new(), limits }
    }

    /// The limits in force.
    pub fn limits(&self) -> Limits {
        self.limits
    }

    /// Handles one `Extract` request.
    pub fn extract(&self, request: &ExtractRequest) -> Result<ExtractResponse, ApiError> {
        let article = request.article.as_ref().ok_or_else(|| {
            ApiError::InvalidArgument(vec![violation("article", "required: the article to read")])
        })?;
        self.extract_article(article, request.options.as_ref())
    }

    /// Handles one article with its options.
    pub fn extract_article(
        &self,
        article: &Article,
        options: Option<&ExtractOptions>,
    ) -> Result<ExtractResponse, ApiError> {
        let options = options.cloned().unwrap_or_default();
        let input = self.validate(article, &options)?;
        let extraction = self.engine.extract(&input).map_err(|e| match e {
            EngineError::EmptyText => ApiError::InvalidArgument(vec![violation(
                "article.text",
                "must contain text other than whitespace",
            )]),
        })?;
        Ok(convert::response(&article.id, &article.text, extraction, &options))
    }

    fn validate<'a>(
        &self,
        article: &'a Article,
        options: &ExtractOptions,
    ) -> Result<ArticleInput<'a>, ApiError> {
        if article.text.len() > self.limits.max_text_bytes {
            return Err(ApiError::TooLarge {
                field: "article.text",
                limit: self.limits.max_text_bytes,
                actual: article.text.len(),
            });
        }
        if article.title.len() > self.limits.max_title_bytes {
            return Err(ApiError::TooLarge {
                field: "article.title",
                limit: self.limits.max_title_bytes,
                actual: article.title.len(),
            });
        }
        let mut violations = Vec::new();
        if article.text.trim().is_empty() {
            violations.push(violation("article.text", "must contain text other than whitespace"));
        }
        let publication_date = match article.publication_date.trim() {
            "" => None,
            text => {
                let date = Date::parse_iso(text);
                if date.is_none() {
                    violations.push(violation(
                        "article.publication_date",
                        &format!("{text:?} is not a valid date in the form YYYY-MM-DD"),
                    ));
                }
                date
            }
        };
        let language = article.language.trim().to_ascii_lowercase();
        if !(language.is_empty() || language == "en" || language.starts_with("en-")) {
            violations.push(violation(
                "article.language",
                &format!("{:?} is not supported; only English (\"en\") is", article.language),
            ));
        }
        violations.extend(option_violations(options));
        if !violations.is_empty() {
            return Err(ApiError::InvalidArgument(violations));
        }
        Ok(ArticleInput {
            text: &article.text,
            title: (!article.title.trim().is_empty()).then_some(article.title.as_str()),
            publication_date,
        })
    }
}

/// How many unknown categories an error names one by one; the rest are counted, so a request
/// with a million bad values gets a short answer.
const MAX_REPORTED_CATEGORIES: usize = 10;

/// What is wrong with the request options, if anything.
fn option_violations(options: &ExtractOptions) -> Vec<FieldViolation> {
    let mut violations = Vec::new();
    let min = options.min_confidence;
    if !(0.0..=1.0).contains(&min) {
        violations
            .push(violation("options.min_confidence", &format!("{min} is not a number between 0 and 1")));
    }
    let unknown: Vec<(usize, i32)> = options
        .categories
        .iter()
        .copied()
        .enumerate()
        .filter(|&(_, value)| !EventCategory::try_from(value).is_ok_and(|c| c != EventCategory::Unspecified))
        .collect();
    for &(i, value) in unknown.iter().take(MAX_REPORTED_CATEGORIES) {
        violations.push(violation(
            &format!("options.categories[{i}]"),
            &format!("{value} is not an EventCategory (1 AGREE to 16 ASSAULT)"),
        ));
    }
    if unknown.len() > MAX_REPORTED_CATEGORIES {
        violations.push(violation(
            "options.categories",
            &format!("{} more values are not an EventCategory", unknown.len() - MAX_REPORTED_CATEGORIES),
        ));
    }
    if SpanUnit::try_from(options.span_unit).is_err() {
        violations.push(violation(
            "options.span_unit",
            &format!("{} is not a SpanUnit (0 to 3)", options.span_unit),
        ));
    }
    violations
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(text: &str) -> Article {
        Article { id: "a1".into(), text: text.into(), ..Default::default() }
    }

    #[test]
    fn empty_text_names_the_field() {
        let err = Extractor::new(Limits::default()).extract_article(&article("  \n "), None).unwrap_err();
        assert_eq!(err.code_name(), "INVALID_ARGUMENT");
        assert_eq!(err.violations()[0].field, "article.text");
    }

    #[test]
    fn bad_date_and_language_are_both_reported() {
        let mut a = article("Police arrested two men.");
        a.publication_date = "2023-02-30".into();
        a.language = "fr".into();
        let err = Extractor::new(Limits::default()).extract_article(&a, None).unwrap_err();
        let fields: Vec<_> = err.violations().into_iter().map(|v| v.field).collect();
        assert_eq!(fields, ["article.publication_date", "article.language"]);
    }

    #[test]
    fn publication_dates_outside_the_calendar_name_the_field() {
        for bad in ["0000-12-31", "2024-13-01", "10000-01-01", "2024-00-10", "-001-01-01", "2023-02-29"] {
            let mut a = article("Police arrested two men yesterday.");
            a.publication_date = bad.into();
            let err = Extractor::new(Limits::default()).extract_article(&a, None).unwrap_err();
            assert_eq!(err.code_name(), "INVALID_ARGUMENT", "{bad}");
            let violations = err.violations();
            assert_eq!(violations[0].field, "article.publication_date", "{bad}");
            assert!(violations[0].description.contains(bad), "{bad}: {}", violations[0].description);
        }
    }

    #[test]
    fn relative_dates_at_the_calendar_ends_stay_valid() {
        let extractor = Extractor::new(Limits::default());
        for (published, text) in [
            ("0001-01-01", "Police in Paris arrested two protesters yesterday."),
            ("9999-12-31", "France will expel two Russian diplomats tomorrow, the ministry said."),
        ] {
            let mut a = article(text);
            a.publication_date = published.into();
            let response = extractor.extract_article(&a, None).unwrap();
            assert!(!response.events.is_empty(), "{text}");
            let document_date = response.document.as_ref().and_then(|d| d.article_date.as_ref());
            let dates = response.events.iter().filter_map(|e| e.date.as_ref()).chain(document_date);
            for date in dates {
                assert!(Date::parse_iso(&date.date).is_some(), "{published} {text}: {:?}", date.date);
            }
        }
    }

    #[test]
    fn oversized_text_reports_the_limit() {
        let limits = Limits { max_text_bytes: 10, ..Limits::default() };
        let err = Extractor::new(limits).extract_article(&article("0123456789AB"), None).unwrap_err();
        assert_eq!(err.code_name(), "RESOURCE_EXHAUSTED");
        assert!(err.to_string().contains("limit of 10 bytes"), "{err}");
    }

    #[test]
    fn missing_article_is_invalid() {
        let err = Extractor::new(Limits::default()).extract(&ExtractRequest::default()).unwrap_err();
        assert_eq!(err.violations()[0].field, "article");
    }

    #[test]
    fn bad_options_name_their_fields() {
        let options = ExtractOptions {
            min_confidence: f32::NAN,
            categories: vec![13, 0, 999],
            span_unit: 7,
            ..Default::default()
        };
        let err = Extractor::new(Limits::default())
            .extract_article(&article("Police arrested two men."), Some(&options))
            .unwrap_err();
        let fields: Vec<_> = err.violations().into_iter().map(|v| v.field).collect();
        assert_eq!(
            fields,
            ["options.min_confidence", "options.categories[1]", "options.categories[2]", "options.span_unit"]
        );
        for min_confidence in [-0.5, 2.0] {
            let options = ExtractOptions { min_confidence, ..Default::default() };
            let err = Extractor::new(Limits::default())
                .extract_article(&article("Talks were held."), Some(&options))
                .unwrap_err();
            assert_eq!(err.violations()[0].field, "options.min_confidence");
        }
    }

    #[test]
    fn a_million_bad_categories_get_a_short_answer() {
        let options = ExtractOptions { categories: vec![999; 1_000_000], ..Default::default() };
        let err = Extractor::new(Limits::default())
            .extract_article(&article("Police arrested two men."), Some(&options))
            .unwrap_err();
        let violations = err.violations();
        assert_eq!(violations.len(), MAX_REPORTED_CATEGORIES + 1);
        assert_eq!(violations[0].field, "options.categories[0]");
        assert_eq!(violations[MAX_REPORTED_CATEGORIES].field, "options.categories");
        assert!(violations[MAX_REPORTED_CATEGORIES].description.starts_with("999990 more"));
        assert!(err.to_string().len() < 2_000, "{}", err.to_string().len());
        let options = ExtractOptions { categories: vec![3; 1_000_000], ..Default::default() };
        let extractor = Extractor::new(Limits::default());
        assert!(extractor.extract_article(&article("Police arrested two men."), Some(&options)).is_ok());
    }

    #[test]
    fn errors_become_rpc_statuses_with_details() {
        let err = Extractor::new(Limits::default()).extract_article(&article(" "), None).unwrap_err();
        let status = err.to_rpc_status();
        assert_eq!(status.code, code::INVALID_ARGUMENT);
        assert_eq!(status.details[0].type_url, "type.googleapis.com/google.rpc.BadRequest");
        let limits = Limits { max_text_bytes: 3, ..Limits::default() };
        let status =
            Extractor::new(limits).extract_article(&article("long"), None).unwrap_err().to_rpc_status();
        assert_eq!(status.code, code::RESOURCE_EXHAUSTED);
        assert_eq!(status.details[1].type_url, "type.googleapis.com/google.rpc.ErrorInfo");
    }

    #[test]
    fn response_echoes_the_article_id() {
        let response =
            Extractor::new(Limits::default()).extract_article(&article("Talks were held."), None).unwrap();
        assert_eq!(response.article_id, "a1");
    }
}
