//! `eventx-server`: serves eventx.v1.ExtractionService until SIGTERM or SIGINT, then drains
//! (SIGTERM) or stops once no call is open (SIGINT; a second SIGINT stops at once).

use std::process::ExitCode;

use anyhow::Context;
use clap::Parser;
use eventx_server::{Cli, Server, Signal, init_tracing};
use futures::Stream;
use tokio::net::TcpListener;
use tokio::sync::mpsc;

/// mimalloc instead of the system allocator: the engine allocates small strings and vectors per
/// article on several threads at once, where glibc malloc spent ~12 % of server CPU under load.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let allocator = eventx_server::configure_allocator();
    let cli = Cli::parse();
    if let Err(e) = init_tracing(cli.log_format, &cli.log_level) {
        eprintln!("eventx-server: {e:#}");
        return ExitCode::FAILURE;
    }
    if let Err(e) = allocator {
        tracing::debug!(error = %e, "transparent huge pages stay on");
    }
    // Extractions run on blocking threads; one idle for --idle-release exits, and its allocator
    // heap with it, so that the idle server's memory release finds those pages free.
    let mut runtime = tokio::runtime::Builder::new_multi_thread();
    runtime.enable_all();
    if !cli.idle_release.is_zero() {
        runtime.thread_keep_alive(cli.idle_release);
    }
    let runtime = match runtime.build() {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("eventx-server: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli)) {
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
    Server::new(cli.config()).serve_signals(listener, metrics_listener, signals()).await
}

/// SIGTERM and SIGINT (Ctrl-C), as they arrive.
fn signals() -> impl Stream<Item = Signal> + Send {
    let (sender, receiver) = mpsc::unbounded_channel();
    tokio::spawn(async move {
        let mut watches = Watches::new();
        while let Some(signal) = watches.next().await {
            tracing::info!(?signal, "signal received");
            if sender.send(signal).is_err() {
                return;
            }
        }
    });
    futures::stream::unfold(receiver, |mut receiver| async move {
        receiver.recv().await.map(|signal| (signal, receiver))
    })
}

/// The watched signals.
#[cfg(unix)]
struct Watches {
    terminate: Option<tokio::signal::unix::Signal>,
    interrupt: Option<tokio::signal::unix::Signal>,
}

#[cfg(unix)]
impl Watches {
    fn new() -> Watches {
        use tokio::signal::unix::{SignalKind, signal};
        let watch = |kind: SignalKind, name: &str| {
            signal(kind).inspect_err(|e| tracing::warn!(error = %e, "cannot watch {name}")).ok()
        };
        Watches {
            terminate: watch(SignalKind::terminate(), "SIGTERM"),
            interrupt: watch(SignalKind::interrupt(), "SIGINT"),
        }
    }

    /// The next SIGTERM or SIGINT; `None` once neither can arrive.
    async fn next(&mut self) -> Option<Signal> {
        async fn recv(watch: &mut Option<tokio::signal::unix::Signal>) -> Option<()> {
            match watch {
                Some(watch) => watch.recv().await,
                None => None,
            }
        }
        tokio::select! {
            Some(()) = recv(&mut self.terminate) => Some(Signal::Terminate),
            Some(()) = recv(&mut self.interrupt) => Some(Signal::Interrupt),
            else => None,
        }
    }
}

/// The watched signals: Ctrl-C only.
#[cfg(not(unix))]
struct Watches;

#[cfg(not(unix))]
impl Watches {
    fn new() -> Watches {
        Watches
    }

    /// The next Ctrl-C; `None` when it cannot be watched.
    async fn next(&mut self) -> Option<Signal> {
        tokio::signal::ctrl_c().await.ok().map(|()| Signal::Interrupt)
    }
}
