//! The one place where a failed extraction becomes a gRPC status, and the stream entry that
//! mirrors it, so `Extract` and `ExtractStream` report the same failure the same way.

use std::time::Duration;

use eventx_api::ApiError;
use eventx_api::status::{StatusBuilder, code};
use eventx_proto::google::rpc::Status as RpcStatus;
use prost::Message;
use tonic::{Code, Status};

use crate::admission::Busy;

/// The beginning of the message of a shed call, by which the RPC layer tells a shed call (logged
/// in summary) from other RESOURCE_EXHAUSTED answers (an article over its limit, logged each).
pub const BUSY: &str = "server busy";

/// How long a shed caller is asked to wait before retrying (google.rpc.RetryInfo).
const BUSY_RETRY_DELAY: Duration = Duration::from_millis(100);

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
    /// The failure as a `google.rpc.Status`, with details: `BadRequest` naming each faulty field
    /// for request errors, `ErrorInfo` for limits, and `RetryInfo` when busy. `ExtractStream`
    /// sends it as the article's error entry; [`ExtractError::to_status`] wraps the same value.
    pub fn to_rpc_status(&self) -> RpcStatus {
        match self {
            ExtractError::Api(error) => error.to_rpc_status(),
            ExtractError::Busy(busy) => StatusBuilder::new(
                code::RESOURCE_EXHAUSTED,
                format!(
                    "{BUSY}: {} extractions in flight (limit {} running + {} queued); retry later",
                    busy.pending, busy.max_concurrent, busy.max_queue
                ),
            )
            .error_info(
                "SERVER_BUSY",
                &[
                    ("pending", busy.pending.to_string()),
                    ("max_concurrent", busy.max_concurrent.to_string()),
                    ("max_queue", busy.max_queue.to_string()),
                ],
            )
            .retry_info(BUSY_RETRY_DELAY)
            .build(),
            ExtractError::DeadlineExceeded(budget) => StatusBuilder::new(
                code::DEADLINE_EXCEEDED,
                format!("deadline exceeded: the extraction did not finish within {budget:?}"),
            )
            .build(),
            ExtractError::Internal => {
                StatusBuilder::new(code::INTERNAL, "the extraction failed; see the server log").build()
            }
        }
    }

    /// The gRPC status of this failure: the code and message of [`ExtractError::to_rpc_status`],
    /// with the whole `google.rpc.Status` in the `grpc-status-details-bin` trailer.
    pub fn to_status(&self) -> Status {
        let rpc = self.to_rpc_status();
        let details = rpc.encode_to_vec();
        Status::with_details(Code::from(rpc.code), rpc.message, details.into())
    }
}

pub use eventx_proto::code_name;

/// The beginnings of the messages tonic gives a request body it cannot read (a string field that
/// is not UTF-8, bytes that are no protobuf message, a frame cut short, a compressed message that
/// does not decompress, no message at all). tonic reports these as INTERNAL, but the fault is the
/// client's.
const UNREADABLE_REQUEST: [&str; 4] = [
    "failed to decode Protobuf message",
    "Unexpected EOF decoding stream",
    "Missing request message",
    "Error decompressing",
];

/// The beginning of the message tonic gives a request message over `--max-message-bytes`,
/// which it reports as OUT_OF_RANGE; a request over a limit is RESOURCE_EXHAUSTED.
const OVERSIZED_REQUEST: &str = "Error, decoded message length too large";

/// The status to send instead of the one tonic gives a request body it cannot read (INTERNAL:
/// INVALID_ARGUMENT) or a message over the size limit (OUT_OF_RANGE: RESOURCE_EXHAUSTED);
/// `None` for any other status.
pub fn unreadable_request(status: &Status) -> Option<Status> {
    let message = status.message();
    if status.code() == Code::OutOfRange && message.starts_with(OVERSIZED_REQUEST) {
        return Some(Status::resource_exhausted(format!(
            "the request message is over the server's limit (--max-message-bytes): {message}"
        )));
    }
    if status.code() != Code::Internal {
        return None;
    }
    UNREADABLE_REQUEST
        .iter()
        .any(|prefix| message.starts_with(prefix))
        .then(|| Status::invalid_argument(format!("the request message cannot be read: {message}")))
}

/// The status of a call without an accepted bearer token. The message is the same whether the
/// token is missing, malformed or unknown, so a caller learns nothing about the accepted ones.
pub fn unauthenticated() -> Status {
    Status::unauthenticated("missing or invalid bearer token")
}

#[cfg(test)]
mod tests {
    use eventx_api::FieldViolation;
    use tonic_types::StatusExt;

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
    fn busy_asks_for_a_retry_later() {
        let busy = Busy { pending: 3, max_concurrent: 2, max_queue: 1 };
        let details = ExtractError::Busy(busy).to_status().get_error_details();
        assert_eq!(details.retry_info().unwrap().retry_delay, Some(BUSY_RETRY_DELAY));
    }

    #[test]
    fn an_unreadable_request_is_the_client_s_mistake() {
        let decode = Status::internal(
            "failed to decode Protobuf message: Article.text: invalid string value: data is not UTF-8 encoded",
        );
        let mapped = unreadable_request(&decode).unwrap();
        assert_eq!(mapped.code(), Code::InvalidArgument);
        assert!(mapped.message().ends_with("data is not UTF-8 encoded"), "{}", mapped.message());
        assert!(unreadable_request(&Status::internal("the extraction failed; see the server log")).is_none());
        assert!(unreadable_request(&Status::unavailable("failed to decode Protobuf message")).is_none());
        let oversized = Status::out_of_range(
            "Error, decoded message length too large: found 5000000 bytes, the limit is: 4194304 bytes",
        );
        assert_eq!(unreadable_request(&oversized).map(|s| s.code()), Some(Code::ResourceExhausted));
        assert!(unreadable_request(&Status::out_of_range("a date is out of range")).is_none());
    }

    #[test]
    fn stream_entries_mirror_the_status() {
        for error in [
            ExtractError::from(invalid()),
            ExtractError::DeadlineExceeded(Duration::from_millis(5)),
            ExtractError::Internal,
        ] {
            let status = error.to_status();
            let entry = error.to_rpc_status();
            assert_eq!(Code::from(entry.code), status.code());
            assert_eq!(entry.message, status.message());
            assert_eq!(RpcStatus::decode(status.details()).unwrap(), entry);
        }
        let entry = ExtractError::from(invalid()).to_rpc_status();
        assert_eq!(entry.details[0].type_url, "type.googleapis.com/google.rpc.BadRequest");
    }
}
