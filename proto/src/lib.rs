//! The eventx.v1 contract as Rust types: messages, enums, the `ExtractionService` client and
//! server stubs, serde implementations following the canonical proto3 JSON mapping, and the
//! encoded descriptor set that gRPC reflection serves.

/// The `eventx` proto packages.
pub mod eventx {
    /// Generated types of the `eventx.v1` package.
    pub mod v1 {
        #![allow(missing_docs, clippy::all, clippy::pedantic)]
        tonic::include_proto!("eventx.v1");
        include!(concat!(env!("OUT_DIR"), "/eventx.v1.serde.rs"));
    }
}

/// The `google` proto packages the contract uses.
pub mod google {
    /// `google.rpc.Status`, the error of one article in an `ExtractStream` response.
    pub mod rpc {
        #![allow(missing_docs, clippy::all, clippy::pedantic)]
        tonic::include_proto!("google.rpc");
        include!(concat!(env!("OUT_DIR"), "/google.rpc.serde.rs"));
    }
}

pub use eventx::v1;

/// The canonical upper-case name of a gRPC status code (`INVALID_ARGUMENT`), as the gRPC
/// specification and `google.rpc.Code` spell it: for logs, metrics labels and error messages.
pub fn code_name(code: tonic::Code) -> &'static str {
    use tonic::Code;
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

/// The encoded `FileDescriptorSet` of the eventx.v1 protos, for gRPC reflection.
pub const FILE_DESCRIPTOR_SET: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/eventx_descriptor.bin"));

#[cfg(test)]
mod tests {
    use super::v1::*;

    #[test]
    fn json_uses_enum_names_and_camel_case() {
        let event = Event {
            category: EventCategory::Sanction as i32,
            cameo_code: "166".into(),
            mode: EventMode::Expel as i32,
            details: Some(event::Details::Sanction(SanctionDetails { count: Some(2), ..Default::default() })),
            ..Default::default()
        };
        let json = serde_json::to_value(&event).unwrap();
        assert_eq!(json["category"], "EVENT_CATEGORY_SANCTION");
        assert_eq!(json["cameoCode"], "166");
        assert_eq!(json["sanction"]["count"], 2);
        assert_eq!(json["mode"], "EVENT_MODE_EXPEL");
    }

    #[test]
    fn descriptor_set_names_the_service() {
        let text = String::from_utf8_lossy(super::FILE_DESCRIPTOR_SET);
        assert!(text.contains("ExtractionService"));
    }
}
