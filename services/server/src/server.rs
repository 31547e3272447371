//! Putting the server together: services, layers, listeners, health, and the shutdown sequence
//! (NOT_SERVING, drain delay, stop accepting, bounded drain).

use std::future::Future;
use std::net::SocketAddr;
use std::pin::{Pin, pin};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use anyhow::Context;
use eventx_api::Extractor;
use eventx_proto::FILE_DESCRIPTOR_SET;
use eventx_proto::v1::extraction_service_server::ExtractionServiceServer;
use futures::future::Either;
use futures::{Stream, StreamExt};
use tokio::net::TcpListener;
use tokio::sync::mpsc;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;
use tonic::codec::CompressionEncoding;
use tonic::transport::server::TcpIncoming;
use tonic_health::ServingStatus;
use tonic_health::server::HealthReporter;

use crate::admission::Admission;
use crate::auth::{AuthLayer, Tokens};
use crate::config::Config;
use crate::extraction::{ArticleExtractor, Runner};
use crate::idle;
use crate::metrics::Metrics;
use crate::metrics_server::{self, SidePort};
use crate::rpc::RpcLayer;
use crate::security::{self, Reload};
use crate::service::Extraction;
use crate::summary::CallWarnings;
use crate::tls::{self, Tls};

/// How long streams ended at the close of the drain get to deliver their final status.
const STREAM_CLOSE_GRACE: Duration = Duration::from_secs(1);

/// The same after a second Ctrl-C: someone is waiting at the terminal.
const INTERRUPTED_CLOSE_GRACE: Duration = Duration::from_millis(200);

/// The health-checked name of the extraction service.
pub const SERVICE_NAME: &str = "eventx.v1.ExtractionService";

/// A server ready to run: its settings and its extractor.
pub struct Server {
    config: Config,
    extractor: Option<Arc<dyn ArticleExtractor>>,
}

impl std::fmt::Debug for Server {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Server").field("config", &self.config).finish_non_exhaustive()
    }
}

impl Server {
    /// A server running the eventx engine with the limits of `config`.
    pub fn new(config: Config) -> Server {
        Server { config, extractor: None }
    }

    /// Replaces the engine by another extractor (tests use this to make extractions slow).
    pub fn with_extractor(mut self, extractor: Arc<dyn ArticleExtractor>) -> Server {
        self.extractor = Some(extractor);
        self
    }

    /// Binds `addr` (and `metrics_addr` when given) and runs the server in a background task.
    /// Port 0 picks a free port; the handle tells which.
    pub async fn start(self, addr: &str, metrics_addr: Option<&str>) -> anyhow::Result<ServerHandle> {
        let listener = TcpListener::bind(addr).await.with_context(|| format!("cannot listen on {addr}"))?;
        let metrics_listener = match metrics_addr {
            Some(addr) => Some(
                TcpListener::bind(addr)
                    .await
                    .with_context(|| format!("cannot listen for metrics on {addr}"))?,
            ),
            None => None,
        };
        let local = listener.local_addr()?;
        let metrics_local = metrics_listener.as_ref().map(TcpListener::local_addr).transpose()?;
        let (trigger, triggered) = mpsc::unbounded_channel::<Signal>();
        // A dropped handle is a SIGTERM.
        let signals = futures::stream::unfold(Some(triggered), |receiver| async move {
            let mut receiver = receiver?;
            match receiver.recv().await {
                Some(signal) => Some((signal, Some(receiver))),
                None => Some((Signal::Terminate, None)),
            }
        });
        let task = tokio::spawn(self.serve_signals(listener, metrics_listener, signals));
        Ok(ServerHandle { addr: local, metrics_addr: metrics_local, trigger, task })
    }

    /// Serves gRPC on `listener` (and metrics on `metrics_listener`) until `shutdown` completes,
    /// then drains as after a SIGTERM (see [`Server::serve_signals`]). Returns once the server
    /// has stopped.
    pub async fn serve(
        self,
        listener: TcpListener,
        metrics_listener: Option<TcpListener>,
        shutdown: impl Future<Output = ()> + Send,
    ) -> anyhow::Result<()> {
        let signals = futures::stream::once(shutdown).map(|()| Signal::Terminate);
        self.serve_signals(listener, metrics_listener, signals).await
    }

    /// Serves gRPC on `listener` (and metrics on `metrics_listener`) until the first of
    /// `signals`, then drains. After [`Signal::Terminate`]: health turns NOT_SERVING for the
    /// drain delay while calls are still served, the listener closes, open calls get at most the
    /// max drain time, and streams still open then are ended with UNAVAILABLE. After
    /// [`Signal::Interrupt`] the same, except that the server stops as soon as no call is open
    /// (health watches included) instead of waiting out the drain delay. A later
    /// [`Signal::Interrupt`] stops it at once. Returns once the server has stopped.
    pub async fn serve_signals(
        self,
        listener: TcpListener,
        metrics_listener: Option<TcpListener>,
        signals: impl Stream<Item = Signal> + Send,
    ) -> anyhow::Result<()> {
        let config = self.config;
        let addr = listener.local_addr().context("the listener has no address")?;
        let extractor = match self.extractor {
            Some(extractor) => extractor,
            None => {
                let limits = config.limits();
                let extractor = tokio::task::spawn_blocking(move || Extractor::new(limits))
                    .await
                    .context("the engine failed to start")?;
                Arc::new(extractor)
            }
        };

        let metrics = Metrics::new();
        let mut signals = pin!(signals);
        let admission = Admission::new(config.max_concurrent, config.max_queue);
        let window = admission.max_concurrent();
        let runner = Runner::new(extractor, admission, Arc::clone(&metrics), config.log_repeat_interval);
        let housekeeping_stop = CancellationToken::new();
        let call_warnings = Arc::new(CallWarnings::new(config.log_repeat_interval));
        let housekeeping = tokio::spawn(idle::housekeeping(
            runner.clone(),
            Arc::clone(&call_warnings),
            config.idle_release,
            housekeeping_stop.clone(),
        ));
        let end_streams = CancellationToken::new();
        let extraction = ExtractionServiceServer::new(Extraction::new(
            runner,
            config.default_timeout,
            window,
            end_streams.clone(),
        ))
        .accept_compressed(CompressionEncoding::Gzip)
        .accept_compressed(CompressionEncoding::Zstd)
        .send_compressed(CompressionEncoding::Gzip)
        .send_compressed(CompressionEncoding::Zstd)
        .max_decoding_message_size(config.max_message_bytes);

        let (health, health_service) = tonic_health::server::health_reporter();
        health.set_service_status("", ServingStatus::Serving).await;
        health.set_service_status(SERVICE_NAME, ServingStatus::Serving).await;
        let reflection_v1 = tonic_reflection::server::Builder::configure()
            .register_encoded_file_descriptor_set(FILE_DESCRIPTOR_SET)
            .register_encoded_file_descriptor_set(tonic_health::pb::FILE_DESCRIPTOR_SET)
            .register_encoded_file_descriptor_set(tonic_types::pb::FILE_DESCRIPTOR_SET)
            .build_v1()
            .context("cannot build the reflection service")?;
        let reflection_v1alpha = tonic_reflection::server::Builder::configure()
            .register_encoded_file_descriptor_set(FILE_DESCRIPTOR_SET)
            .register_encoded_file_descriptor_set(tonic_health::pb::FILE_DESCRIPTOR_SET)
            .register_encoded_file_descriptor_set(tonic_types::pb::FILE_DESCRIPTOR_SET)
            .build_v1alpha()
            .context("cannot build the reflection service")?;

        let tls = config.security.tls.clone().map(Tls::load).transpose()?.map(Arc::new);
        let tokens = config.security.auth_tokens.as_deref().map(Tokens::load).transpose()?.map(Arc::new);
        let reloadable: Vec<Arc<dyn Reload>> = [
            tls.clone().map(|tls| tls as Arc<dyn Reload>),
            tokens.clone().map(|tokens| tokens as Arc<dyn Reload>),
        ]
        .into_iter()
        .flatten()
        .collect();

        let draining = Arc::new(AtomicBool::new(false));
        let side_stop = CancellationToken::new();
        let side_task = match metrics_listener {
            Some(listener) => {
                let side_addr = listener.local_addr()?;
                tracing::info!(%side_addr, "metrics on http://{side_addr}/metrics");
                let side = SidePort { metrics: Arc::clone(&metrics), draining: Arc::clone(&draining) };
                Some(tokio::spawn(metrics_server::serve(listener, side, side_stop.clone())))
            }
            None => None,
        };

        let reload_task =
            tokio::spawn(security::watch(reloadable, config.security.reload_interval, side_stop.clone()));

        let stop_accepting = CancellationToken::new();
        let router = tonic::transport::Server::builder()
            .layer(RpcLayer::new(Arc::clone(&metrics), call_warnings))
            .layer(AuthLayer::new(tokens.clone()))
            .add_service(health_service)
            .add_optional_service(config.security.reflection.then_some(reflection_v1))
            .add_optional_service(config.security.reflection.then_some(reflection_v1alpha))
            .add_service(extraction);
        let stopped = stop_accepting.clone().cancelled_owned();
        let serving = match &tls {
            Some(tls) => {
                let incoming =
                    tls::incoming(listener, Arc::clone(tls), config.security.tls_handshake_timeout);
                Either::Left(router.serve_with_incoming_shutdown(incoming, stopped))
            }
            None => {
                let incoming = TcpIncoming::from(listener).with_nodelay(Some(true));
                Either::Right(router.serve_with_incoming_shutdown(incoming, stopped))
            }
        };
        let mut server = pin!(serving);
        let scheme = if tls.is_some() { "https" } else { "http" };
        tracing::info!(
            %addr,
            tls = tls.is_some(),
            mutual_tls = tls.as_ref().is_some_and(|tls| tls.mutual()),
            tokens = tokens.is_some(),
            ?config,
            "listening on {addr} ({scheme})"
        );

        let outcome = tokio::select! {
            result = &mut server => result.context("the gRPC server failed"),
            Some(signal) = signals.next() => {
                draining.store(true, Ordering::Release);
                let stop = Stop { health: &health, metrics: &metrics, stop_accepting: &stop_accepting, end_streams: &end_streams };
                drain(&config, signal, signals, stop, server).await
            }
        };
        side_stop.cancel();
        housekeeping_stop.cancel();
        let _ = housekeeping.await;
        let _ = reload_task.await;
        if let Some(task) = side_task {
            let _ = task.await;
        }
        tracing::info!("stopped");
        outcome
    }
}

/// A request to stop the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Signal {
    /// SIGTERM: the whole drain, so that load balancers see NOT_SERVING before the listener
    /// closes.
    Terminate,
    /// SIGINT (Ctrl-C): stops as soon as no call is open; a second one stops at once.
    Interrupt,
}

/// What the shutdown sequence acts on.
struct Stop<'a> {
    health: &'a HealthReporter,
    metrics: &'a Metrics,
    stop_accepting: &'a CancellationToken,
    end_streams: &'a CancellationToken,
}

/// How often an interrupted server checks whether calls are still open.
const IDLE_CHECK: Duration = Duration::from_millis(20);

/// The shutdown sequence, once `signal` came; `signals` brings any later one.
async fn drain(
    config: &Config,
    signal: Signal,
    signals: Pin<&mut impl Stream<Item = Signal>>,
    stop: Stop<'_>,
    mut server: Pin<&mut impl Future<Output = Result<(), tonic::transport::Error>>>,
) -> anyhow::Result<()> {
    stop.health.set_service_status("", ServingStatus::NotServing).await;
    stop.health.set_service_status(SERVICE_NAME, ServingStatus::NotServing).await;
    let mut interrupted = pin!(next_interrupt(signals));
    let nothing_open = async {
        if signal != Signal::Interrupt {
            return std::future::pending().await;
        }
        while stop.metrics.rpcs_in_flight() > 0 {
            tokio::time::sleep(IDLE_CHECK).await;
        }
    };
    tracing::info!(?signal, drain_delay = ?config.drain_delay, "shutting down: health is NOT_SERVING, still serving");
    tokio::select! {
        result = &mut server => return result.context("the gRPC server failed"),
        () = tokio::time::sleep(config.drain_delay) => {}
        () = nothing_open => tracing::info!("interrupted with no call open: stopping now"),
        () = &mut interrupted => {
            tracing::info!("interrupted again: stopping now");
            return stop_now(stop, server, INTERRUPTED_CLOSE_GRACE).await;
        }
    }
    tracing::info!(max_drain = ?config.max_drain, "no longer accepting connections; draining open calls");
    stop.stop_accepting.cancel();
    let grace = tokio::select! {
        result = tokio::time::timeout(config.max_drain, &mut server) => {
            if let Ok(result) = result {
                return result.context("the gRPC server failed while draining");
            }
            tracing::warn!(max_drain = ?config.max_drain, "drain time is over: ending the calls still open");
            STREAM_CLOSE_GRACE
        }
        () = &mut interrupted => {
            tracing::info!("interrupted again: stopping now");
            INTERRUPTED_CLOSE_GRACE
        }
    };
    stop_now(stop, server, grace).await
}

/// Completes at the next [`Signal::Interrupt`] of `signals`; never when they end first.
async fn next_interrupt(mut signals: Pin<&mut impl Stream<Item = Signal>>) {
    loop {
        match signals.next().await {
            Some(Signal::Interrupt) => return,
            Some(Signal::Terminate) => {}
            None => return std::future::pending().await,
        }
    }
}

/// Closes the listener, ends the open streams with UNAVAILABLE and gives them `grace` to send
/// that status.
async fn stop_now(
    stop: Stop<'_>,
    server: Pin<&mut impl Future<Output = Result<(), tonic::transport::Error>>>,
    grace: Duration,
) -> anyhow::Result<()> {
    stop.stop_accepting.cancel();
    stop.end_streams.cancel();
    let _ = tokio::time::timeout(grace, server).await;
    Ok(())
}

/// A server running in a background task, started by [`Server::start`]. Dropping the handle
/// begins the shutdown sequence.
#[derive(Debug)]
pub struct ServerHandle {
    addr: SocketAddr,
    metrics_addr: Option<SocketAddr>,
    trigger: mpsc::UnboundedSender<Signal>,
    task: JoinHandle<anyhow::Result<()>>,
}

impl ServerHandle {
    /// The address the gRPC server listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The address of the metrics endpoint, when enabled.
    pub fn metrics_addr(&self) -> Option<SocketAddr> {
        self.metrics_addr
    }

    /// Begins the shutdown sequence (as SIGTERM does for the binary) without waiting for it.
    pub fn shutdown(&mut self) {
        let _ = self.trigger.send(Signal::Terminate);
    }

    /// Sends what Ctrl-C sends the binary: the first stops the server once no call is open, a
    /// second one at once.
    pub fn interrupt(&mut self) {
        let _ = self.trigger.send(Signal::Interrupt);
    }

    /// Begins the shutdown sequence if not yet begun and waits until the server has stopped.
    pub async fn stop(mut self) -> anyhow::Result<()> {
        self.shutdown();
        self.task.await.context("the server task failed")?
    }
}
