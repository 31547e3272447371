//! The one place where a failed extraction becomes a gRPC status, and the stream entry that
//! mirrors it, so `Extract` and `ExtractStream` report the same failure the same way.

use std::collections::HashMap;
use std::time::Duration;

use eventx_api::ApiError;
use eventx_proto::v1::ArticleError;
use tonic::{Code, Status};
use tonic_types::{ErrorDetails, StatusExt};

use crate::admission::Busy;

/// The `domain` of the `google.rpc.ErrorInfo` details this server attaches.
pub const ERROR_DOMAIN: &str = "eventx.v1";

/// Why one article got no extraction.
#[derive(Debug, Clone, PartialEq)]
pub enum ExtractError {
    /// The request itself is at fault (validation, size).
    Api(ApiError),
    /// The server is at its concurrency and queue limits.
    Busy(Busy),
    /// The deadline passed before the extraction finished.
    DeadlineExceeded(Duration),
    /// The extraction task failed (a bug in the engine); details are in the server log.
    Internal,
}

impl From<ApiError> for ExtractError {
    fn from(error: ApiError) -> Self {
        ExtractError::Api(error)
    }
}

impl From<Busy> for ExtractError {
    fn from(busy: Busy) -> Self {
        ExtractError::Busy(busy)
    }
}

impl ExtractError {
    /// The gRPC status of this failure, with `google.rpc` details: `BadRequest` naming each
    /// faulty field for request errors, `ErrorInfo` (and `RetryInfo` when busy) for limits.
    pub fn to_status(&self) -> Status {
        match self {
            ExtractError::Api(error @ ApiError::InvalidArgument(_)) => Status::with_error_details(
                Code::InvalidArgument,
                error.to_string(),
                ErrorDetails::with_bad_request(bad_request(error)),
            ),
            ExtractError::Api(error @ ApiError::TooLarge { field, limit, actual }) => {
                let mut details = ErrorDetails::with_bad_request(bad_request(error));
                details.set_error_info(
                    "ARTICLE_TOO_LARGE",
                    ERROR_DOMAIN,
                    HashMap::from([
                        ("field".to_string(), field.to_string()),
                        ("limit_bytes".to_string(), limit.to_string()),
                        ("actual_bytes".to_string(), actual.to_string()),
                    ]),
                );
                Status::with_error_details(Code::ResourceExhausted, error.to_string(), details)
            }
            ExtractError::Busy(busy) => {
                let mut details = ErrorDetails::with_error_info(
                    "SERVER_BUSY",
                    ERROR_DOMAIN,
                    HashMap::from([
                        ("pending".to_string(), busy.pending.to_string()),
                        ("max_concurrent".to_string(), busy.max_concurrent.to_string()),
                        ("max_queue".to_string(), busy.max_queue.to_string()),
                    ]),
                );
                details.set_retry_info(Some(Duration::from_millis(100)));
                Status::with_error_details(
                    Code::ResourceExhausted,
                    format!(
                        "server busy: {} extractions in flight (limit {} running + {} queued); retry later",
                        busy.pending, busy.max_concurrent, busy.max_queue
                    ),
                    details,
                )
            }
            ExtractError::DeadlineExceeded(budget) => Status::deadline_exceeded(format!(
                "deadline exceeded: the extraction did not finish within {budget:?}"
            )),
            ExtractError::Internal => Status::internal("the extraction failed; see the server log"),
        }
    }

    /// The same failure as an `ExtractStream` entry: the code name and message of
    /// [`ExtractError::to_status`], and the fields at fault.
    pub fn to_article_error(&self) -> ArticleError {
        let status = self.to_status();
        ArticleError {
            code: code_name(status.code()).to_string(),
            message: status.message().to_string(),
            field_violations: match self {
                ExtractError::Api(error) => error.violations(),
                _ => Vec::new(),
            },
        }
    }
}

fn bad_request(error: &ApiError) -> Vec<tonic_types::FieldViolation> {
    error.violations().into_iter().map(|v| tonic_types::FieldViolation::new(v.field, v.description)).collect()
}

/// The canonical upper-case name of a gRPC status code ("INVALID_ARGUMENT").
pub fn code_name(code: Code) -> &'static str {
    match code {
        Code::Ok => "OK",
        Code::Cancelled => "CANCELLED",
        Code::Unknown => "UNKNOWN",
        Code::InvalidArgument => "INVALID_ARGUMENT",
        Code::DeadlineExceeded => "DEADLINE_EXCEEDED",
        Code::NotFound => "NOT_FOUND",
        Code::AlreadyExists => "ALREADY_EXISTS",
        Code::PermissionDenied => "PERMISSION_DENIED",
        Code::ResourceExhausted => "RESOURCE_EXHAUSTED",
        Code::FailedPrecondition => "FAILED_PRECONDITION",
        Code::Aborted => "ABORTED",
        Code::OutOfRange => "OUT_OF_RANGE",
        Code::Unimplemented => "UNIMPLEMENTED",
        Code::Internal => "INTERNAL",
        Code::Unavailable => "UNAVAILABLE",
        Code::DataLoss => "DATA_LOSS",
        Code::Unauthenticated => "UNAUTHENTICATED",
    }
}

#[cfg(test)]
mod tests {
    use eventx_proto::v1::FieldViolation;

    use super::*;

    fn invalid() -> ApiError {
        ApiError::InvalidArgument(vec![FieldViolation {
            field: "article.text".into(),
            description: "must contain text other than whitespace".into(),
        }])
    }

    fn too_large() -> ApiError {
        ApiError::TooLarge { field: "article.text", limit: 10, actual: 12 }
    }

    #[test]
    fn code_names_agree_with_the_api_crate() {
        for error in [invalid(), too_large()] {
            let status = ExtractError::from(error.clone()).to_status();
            assert_eq!(code_name(status.code()), error.code_name());
        }
    }

    #[test]
    fn invalid_argument_names_the_field_in_bad_request() {
        let status = ExtractError::from(invalid()).to_status();
        assert_eq!(status.code(), Code::InvalidArgument);
        let details = status.get_error_details();
        let fields: Vec<_> =
            details.bad_request().unwrap().field_violations.iter().map(|v| v.field.as_str()).collect();
        assert_eq!(fields, ["article.text"]);
    }

    #[test]
    fn too_large_carries_the_limit() {
        let status = ExtractError::from(too_large()).to_status();
        assert_eq!(status.code(), Code::ResourceExhausted);
        assert!(status.message().contains("limit of 10 bytes"), "{}", status.message());
        let details = status.get_error_details();
        assert_eq!(details.error_info().unwrap().metadata["limit_bytes"], "10");
        assert_eq!(details.bad_request().unwrap().field_violations[0].field, "article.text");
    }

    #[test]
    fn busy_says_how_many_are_in_flight() {
        let busy = Busy { pending: 3, max_concurrent: 2, max_queue: 1 };
        let status = ExtractError::Busy(busy).to_status();
        assert_eq!(status.code(), Code::ResourceExhausted);
        assert!(status.message().starts_with("server busy: 3 extractions in flight"));
        assert_eq!(status.get_error_details().error_info().unwrap().reason, "SERVER_BUSY");
    }

    #[test]
    fn stream_entries_mirror_the_status() {
        let entry = ExtractError::from(invalid()).to_article_error();
        assert_eq!(entry.code, "INVALID_ARGUMENT");
        assert_eq!(entry.field_violations[0].field, "article.text");
        let entry = ExtractError::DeadlineExceeded(Duration::from_millis(5)).to_article_error();
        assert_eq!(entry.code, "DEADLINE_EXCEEDED");
        assert!(entry.field_violations.is_empty());
    }
}
