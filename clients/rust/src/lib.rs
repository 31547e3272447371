//! eventx-client: a typed client for the eventx gRPC service, and the `eventx` command-line
//! tool built on it.
//!
//! [`Client`] connects to one server (`http://host:port`, `https://host:port` or a bare
//! `host:port`) or balances every call over several (`a:50051,b:50051`, `dns:///name:port`).
//! Calls get a deadline, retries with backoff on UNAVAILABLE and on a busy server, optional gzip
//! and a bearer token; failures come back as a typed [`Error`] decoded from the status details.
//! [`Client::extract_many`] turns a stream of articles into a stream of results in input order.

#![warn(missing_docs)]

pub mod balance;
#[cfg(feature = "cli")]
pub mod cli;
mod client;
#[cfg(feature = "embedded")]
pub mod embedded;
mod endpoint;
mod error;
pub mod input;
pub mod load;
mod many;
pub mod options;
pub mod render;
mod retry;
pub mod target;

pub use client::{Client, ClientBuilder};
pub use endpoint::TlsSettings;
pub use error::{Error, FieldViolation, REASON_BUSY, REASON_TOO_LARGE, code_name};
pub use eventx_proto::v1;
pub use retry::{DEFAULT_RETRIES, RetryPolicy};
pub use tonic_health::pb::health_check_response::ServingStatus;
