//! `google.rpc.Status` values with their standard details (BadRequest, ErrorInfo, RetryInfo),
//! built without tonic so the CLI's local mode reports errors exactly as the server does.

use std::collections::HashMap;
use std::time::Duration;

use eventx_proto::google::rpc::Status;
use prost::Message;
use tonic_types::pb::{BadRequest, ErrorInfo, RetryInfo, bad_request};

/// The `domain` of the `google.rpc.ErrorInfo` details eventx attaches.
pub const ERROR_DOMAIN: &str = "eventx.v1";

/// gRPC status code numbers used by eventx (google.rpc.Code).
pub mod code {
    /// The request is malformed.
    pub const INVALID_ARGUMENT: i32 = 3;
    /// The call's deadline passed.
    pub const DEADLINE_EXCEEDED: i32 = 4;
    /// A size or concurrency limit was reached.
    pub const RESOURCE_EXHAUSTED: i32 = 8;
    /// A bug in the server.
    pub const INTERNAL: i32 = 13;
}

/// A `google.rpc.Status` under construction.
#[derive(Debug, Clone, PartialEq)]
pub struct StatusBuilder(Status);

impl StatusBuilder {
    /// A status with a code and message and no details yet.
    pub fn new(code: i32, message: impl Into<String>) -> StatusBuilder {
        StatusBuilder(Status { code, message: message.into(), details: Vec::new() })
    }

    /// Adds a `google.rpc.BadRequest` listing `(field, description)` pairs.
    pub fn bad_request<'a>(self, violations: impl IntoIterator<Item = (&'a str, &'a str)>) -> StatusBuilder {
        let field_violations = violations
            .into_iter()
            .map(|(field, description)| bad_request::FieldViolation {
                field: field.to_string(),
                description: description.to_string(),
                ..Default::default()
            })
            .collect();
        self.detail("google.rpc.BadRequest", BadRequest { field_violations })
    }

    /// Adds a `google.rpc.ErrorInfo` with `reason`, eventx's domain and `metadata`.
    pub fn error_info(self, reason: &str, metadata: &[(&str, String)]) -> StatusBuilder {
        let metadata: HashMap<String, String> =
            metadata.iter().map(|(k, v)| (k.to_string(), v.clone())).collect();
        self.detail(
            "google.rpc.ErrorInfo",
            ErrorInfo { reason: reason.to_string(), domain: ERROR_DOMAIN.to_string(), metadata },
        )
    }

    /// Adds a `google.rpc.RetryInfo` asking the caller to wait `delay` before retrying.
    pub fn retry_info(self, delay: Duration) -> StatusBuilder {
        let retry_delay =
            prost_types::Duration { seconds: delay.as_secs() as i64, nanos: delay.subsec_nanos() as i32 };
        self.detail("google.rpc.RetryInfo", RetryInfo { retry_delay: Some(retry_delay) })
    }

    fn detail(mut self, type_name: &str, message: impl Message) -> StatusBuilder {
        self.0.details.push(pbjson_types::Any {
            type_url: format!("type.googleapis.com/{type_name}"),
            value: message.encode_to_vec().into(),
        });
        self
    }

    /// The finished status.
    pub fn build(self) -> Status {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn details_decode_as_the_standard_messages() {
        let status = StatusBuilder::new(code::RESOURCE_EXHAUSTED, "busy")
            .bad_request([("article.text", "too long")])
            .error_info("SERVER_BUSY", &[("pending", "3".to_string())])
            .retry_info(Duration::from_millis(1500))
            .build();
        assert_eq!(status.details.len(), 3);
        assert_eq!(status.details[0].type_url, "type.googleapis.com/google.rpc.BadRequest");
        let bad = BadRequest::decode(status.details[0].value.clone()).unwrap();
        assert_eq!(bad.field_violations[0].field, "article.text");
        let info = ErrorInfo::decode(status.details[1].value.clone()).unwrap();
        assert_eq!((info.reason.as_str(), info.domain.as_str()), ("SERVER_BUSY", ERROR_DOMAIN));
        let retry = RetryInfo::decode(status.details[2].value.clone()).unwrap().retry_delay.unwrap();
        assert_eq!((retry.seconds, retry.nanos), (1, 500_000_000));
    }
}
