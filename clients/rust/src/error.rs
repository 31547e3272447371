//! The client's error type, decoded from a gRPC status and its `google.rpc` details.
//!
//! A unary call fails with a tonic [`Status`] that carries a `google.rpc.Status` in its
//! `grpc-status-details-bin` trailer; an `ExtractStream` answer carries the same
//! `google.rpc.Status` as a message. [`Error::from_status`] is the one decoder: a stream error
//! is first turned back into the [`Status`] a unary call would have returned.

use std::time::Duration;

use eventx_proto::google::rpc::Status as RpcStatus;
use prost::Message;
use tonic::{Code, Status};
use tonic_types::StatusExt;

/// The `ErrorInfo.reason` of an article over the server's size limit.
pub const REASON_TOO_LARGE: &str = "ARTICLE_TOO_LARGE";

/// The `ErrorInfo.reason` of a server at its concurrency and queue limits.
pub const REASON_BUSY: &str = "SERVER_BUSY";

/// One request field at fault, from a `google.rpc.BadRequest`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldViolation {
    /// Path of the field: `article.text`, `options.categories[1]`, …
    pub field: String,
    /// What is wrong with it.
    pub description: String,
}

/// Why a call, or one article of a batch, got no answer.
///
/// The `Display` form starts with the canonical gRPC code name (`INVALID_ARGUMENT: …`), except
/// for [`Error::Connect`], which happens before any call.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The request is malformed (empty text, bad date, unknown category, …); sending it again
    /// gives the same answer.
    #[error("INVALID_ARGUMENT: {message}")]
    InvalidArgument {
        /// The server's message.
        message: String,
        /// Each field at fault, with what is wrong with it.
        field_violations: Vec<FieldViolation>,
    },
    /// The article's text or title is over the server's size limit (RESOURCE_EXHAUSTED with
    /// `ErrorInfo` reason [`REASON_TOO_LARGE`]); sending it again gives the same answer.
    #[error("RESOURCE_EXHAUSTED: {message}")]
    TooLarge {
        /// The oversized field (`article.text`, `article.title`).
        field: String,
        /// The server's limit in bytes, when it said.
        limit_bytes: Option<u64>,
        /// The size sent in bytes, when the server said.
        actual_bytes: Option<u64>,
        /// The server's message.
        message: String,
    },
    /// The server is at its limits and shed the call (RESOURCE_EXHAUSTED); worth retrying later.
    #[error("RESOURCE_EXHAUSTED: {message}")]
    Busy {
        /// How long the server asked callers to wait (`google.rpc.RetryInfo`), when it did.
        retry_after: Option<Duration>,
        /// The server's message.
        message: String,
    },
    /// The call's deadline passed, at the server or while waiting for its answer.
    #[error("DEADLINE_EXCEEDED: {message}")]
    DeadlineExceeded {
        /// What passed the deadline.
        message: String,
    },
    /// The server could not be reached, went away during the call, or is shutting down.
    #[error("UNAVAILABLE: {message}")]
    Unavailable {
        /// What went wrong.
        message: String,
    },
    /// No connection could be set up: a bad address, a name that does not resolve, a refused
    /// connection or a failed TLS handshake when connecting.
    #[error("cannot connect to {target}: {message}")]
    Connect {
        /// The target as given.
        target: String,
        /// Why not.
        message: String,
    },
    /// Any other status (INTERNAL, OUT_OF_RANGE, UNAUTHENTICATED, …).
    #[error("{}: {message}", code_name(*.code))]
    Other {
        /// The gRPC status code.
        code: Code,
        /// The status message.
        message: String,
    },
}

impl Error {
    /// Decodes a gRPC status and the `google.rpc` details in its `grpc-status-details-bin`
    /// trailer (`BadRequest`, `ErrorInfo`, `RetryInfo`). A broken connection (reported by tonic
    /// as UNKNOWN with a transport error) counts as [`Error::Unavailable`], and the client's own
    /// deadline timer (CANCELLED, "Timeout expired") as [`Error::DeadlineExceeded`].
    pub fn from_status(status: &Status) -> Error {
        let message = status.message().to_string();
        match status.code() {
            Code::InvalidArgument => {
                let field_violations = status
                    .get_details_bad_request()
                    .map(|bad| {
                        bad.field_violations
                            .into_iter()
                            .map(|v| FieldViolation { field: v.field, description: v.description })
                            .collect()
                    })
                    .unwrap_or_default();
                Error::InvalidArgument { message, field_violations }
            }
            Code::ResourceExhausted => match status.get_details_error_info() {
                Some(info) if info.reason == REASON_TOO_LARGE => {
                    let number = |key: &str| info.metadata.get(key).and_then(|v| v.parse().ok());
                    let field = info.metadata.get("field").cloned().or_else(|| {
                        status.get_details_bad_request()?.field_violations.into_iter().next().map(|v| v.field)
                    });
                    Error::TooLarge {
                        field: field.unwrap_or_default(),
                        limit_bytes: number("limit_bytes"),
                        actual_bytes: number("actual_bytes"),
                        message,
                    }
                }
                _ => Error::Busy {
                    retry_after: status.get_details_retry_info().and_then(|retry| retry.retry_delay),
                    message,
                },
            },
            Code::DeadlineExceeded => Error::DeadlineExceeded { message },
            Code::Cancelled if caused_by::<tonic::TimeoutExpired>(status) => {
                Error::DeadlineExceeded { message }
            }
            Code::Unavailable => Error::Unavailable { message },
            Code::Unknown
                if caused_by::<tonic::transport::Error>(status)
                    || caused_by::<tonic::ConnectError>(status) =>
            {
                Error::Unavailable { message }
            }
            code => Error::Other { code, message },
        }
    }

    /// Decodes an `ExtractStream` error entry: the same decoding as [`Error::from_status`], so an
    /// article fails the same way in a stream as in a unary call.
    pub fn from_rpc_status(status: &RpcStatus) -> Error {
        let unary = Status::with_details(
            Code::from(status.code),
            status.message.clone(),
            status.encode_to_vec().into(),
        );
        Error::from_status(&unary)
    }

    /// The gRPC status code this error stands for (UNAVAILABLE for [`Error::Connect`]).
    pub fn code(&self) -> Code {
        match self {
            Error::InvalidArgument { .. } => Code::InvalidArgument,
            Error::TooLarge { .. } | Error::Busy { .. } => Code::ResourceExhausted,
            Error::DeadlineExceeded { .. } => Code::DeadlineExceeded,
            Error::Unavailable { .. } | Error::Connect { .. } => Code::Unavailable,
            Error::Other { code, .. } => *code,
        }
    }

    /// Whether sending the same request again may succeed: [`Error::Unavailable`] and
    /// [`Error::Busy`]. An invalid or oversized article never is.
    pub fn is_retryable(&self) -> bool {
        matches!(self, Error::Unavailable { .. } | Error::Busy { .. })
    }

    /// The wait the server asked for before a retry (`google.rpc.RetryInfo`), if any.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            Error::Busy { retry_after, .. } => *retry_after,
            _ => None,
        }
    }
}

impl From<Status> for Error {
    fn from(status: Status) -> Error {
        Error::from_status(&status)
    }
}

impl From<RpcStatus> for Error {
    fn from(status: RpcStatus) -> Error {
        Error::from_rpc_status(&status)
    }
}

/// Whether an error of type `E` is somewhere in the source chain of `status`.
fn caused_by<E: std::error::Error + 'static>(status: &Status) -> bool {
    let mut source = std::error::Error::source(status);
    while let Some(error) = source {
        if error.is::<E>() {
            return true;
        }
        source = error.source();
    }
    false
}

pub use eventx_proto::code_name;

#[cfg(test)]
mod tests {
    use tonic_types::{ErrorDetails, FieldViolation as PbViolation};

    use super::*;

    fn rich(code: Code, message: &str, details: ErrorDetails) -> Status {
        Status::with_error_details(code, message, details)
    }

    #[test]
    fn bad_requests_keep_their_fields() {
        let details = ErrorDetails::with_bad_request(vec![PbViolation::new("article.text", "is blank")]);
        let error = Error::from(rich(Code::InvalidArgument, "invalid request", details));
        assert_eq!(
            error,
            Error::InvalidArgument {
                message: "invalid request".into(),
                field_violations: vec![FieldViolation {
                    field: "article.text".into(),
                    description: "is blank".into()
                }],
            }
        );
        assert!(!error.is_retryable());
        assert_eq!(error.to_string(), "INVALID_ARGUMENT: invalid request");
    }

    #[test]
    fn resource_exhausted_is_too_large_or_busy_by_reason() {
        let mut details = ErrorDetails::new();
        details.set_error_info(
            REASON_TOO_LARGE,
            "eventx.v1",
            [
                ("field".to_string(), "article.title".to_string()),
                ("limit_bytes".to_string(), "4096".to_string()),
            ],
        );
        let error = Error::from(rich(Code::ResourceExhausted, "too big", details));
        assert!(
            matches!(&error, Error::TooLarge { field, limit_bytes: Some(4096), actual_bytes: None, .. } if field == "article.title"),
            "{error:?}"
        );
        assert!(!error.is_retryable());

        let mut details = ErrorDetails::with_retry_info(Some(Duration::from_millis(250)));
        details.set_error_info(REASON_BUSY, "eventx.v1", []);
        let error = Error::from(rich(Code::ResourceExhausted, "busy", details));
        assert_eq!(error.retry_after(), Some(Duration::from_millis(250)));
        assert!(error.is_retryable());
    }

    #[test]
    fn stream_errors_decode_like_unary_ones() {
        let status = rich(
            Code::InvalidArgument,
            "bad",
            ErrorDetails::with_bad_request(vec![PbViolation::new("options.min_confidence", "out of range")]),
        );
        let rpc = RpcStatus::decode(status.details()).unwrap();
        assert_eq!(Error::from(rpc), Error::from_status(&status));
    }

    #[test]
    fn plain_codes_map_to_their_variants() {
        assert!(matches!(Error::from(Status::unavailable("gone")), Error::Unavailable { .. }));
        assert!(matches!(Error::from(Status::deadline_exceeded("late")), Error::DeadlineExceeded { .. }));
        assert_eq!(Error::from(Status::unknown("server said so")).code(), Code::Unknown);
        assert_eq!(Error::from(Status::internal("bug")).to_string(), "INTERNAL: bug");
        assert_eq!(Error::from(Status::resource_exhausted("shed")).retry_after(), None);
    }
}
