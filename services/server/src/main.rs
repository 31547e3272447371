//! `eventx-server`: serves eventx.v1.ExtractionService until SIGTERM or SIGINT, then drains.

use std::process::ExitCode;

use anyhow::Context;
use clap::Parser;
use eventx_server::{Cli, Server, init_tracing};
use tokio::net::TcpListener;

/// mimalloc instead of the system allocator: the engine allocates small strings and vectors per
/// article on several threads at once, where glibc malloc spent ~12 % of server CPU under load.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Err(e) = init_tracing(cli.log_format, &cli.log_level) {
        eprintln!("eventx-server: {e:#}");
        return ExitCode::FAILURE;
    }
    match run(cli).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            tracing::error!(error = format!("{e:#}"), "eventx-server failed");
            ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> anyhow::Result<()> {
    let listener =
        TcpListener::bind(&cli.addr).await.with_context(|| format!("cannot listen on {}", cli.addr))?;
    let metrics_listener = match cli.metrics_addr() {
        Some(addr) => Some(
            TcpListener::bind(addr).await.with_context(|| format!("cannot listen for metrics on {addr}"))?,
        ),
        None => None,
    };
    Server::new(cli.config()).serve(listener, metrics_listener, shutdown_signal()).await
}

/// Completes on SIGTERM or SIGINT (Ctrl-C).
async fn shutdown_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut terminate) => {
                tokio::select! {
                    _ = terminate.recv() => tracing::info!("SIGTERM received"),
                    _ = tokio::signal::ctrl_c() => tracing::info!("SIGINT received"),
                }
                return;
            }
            Err(e) => tracing::warn!(error = %e, "cannot watch SIGTERM; only SIGINT stops the server"),
        }
    }
    if tokio::signal::ctrl_c().await.is_ok() {
        tracing::info!("SIGINT received");
    }
}
