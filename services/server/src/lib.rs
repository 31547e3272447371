//! The eventx gRPC server: `eventx.v1.ExtractionService` over tonic, with grpc.health.v1,
//! reflection (v1 and v1alpha), gzip/zstd compression, admission control with load shedding,
//! deadlines, rich errors, a tracing span per call and Prometheus metrics on a side port.
//!
//! Tests and embedders start it with [`Server::start`] on `127.0.0.1:0`; the binary binds the
//! configured address and calls [`Server::serve`] with the SIGTERM/SIGINT future.

#![warn(missing_docs)]

mod admission;
mod auth;
mod cli;
mod config;
mod cutoff;
mod deadline;
mod errors;
mod extraction;
mod idle;
mod memory;
mod metrics;
mod metrics_server;
mod rpc;
mod security;
mod server;
mod service;
mod summary;
mod telemetry;
mod tls;

use std::future::Future;

pub use admission::Busy;
pub use cli::{Cli, parse_duration};
pub use config::Config;
pub use deadline::{Deadline, parse_grpc_timeout};
pub use errors::{ExtractError, code_name};
pub use extraction::ArticleExtractor;
pub use memory::configure as configure_allocator;
pub use security::{Security, SecurityArgs, TlsFiles};
pub use server::{SERVICE_NAME, Server, ServerHandle, Signal};
pub use telemetry::{LogFormat, init_tracing};

/// Serves the eventx engine on `listener` with `config` until `shutdown` completes, then drains
/// (see [`Server::serve`]). Metrics are off; use [`Server::serve`] to serve them too.
pub async fn serve(
    config: Config,
    listener: tokio::net::TcpListener,
    shutdown: impl Future<Output = ()> + Send,
) -> anyhow::Result<()> {
    Server::new(config).serve(listener, None, shutdown).await
}
