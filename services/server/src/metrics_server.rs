//! The plain-HTTP side port: `GET /metrics` (Prometheus, OpenMetrics text) and `GET /healthz`
//! (200 while serving, 503 once draining).

use std::convert::Infallible;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use bytes::Bytes;
use http::{Method, Request, Response, StatusCode, header};
use http_body_util::Full;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;
use tokio::task::JoinSet;
use tokio_util::sync::CancellationToken;

use crate::metrics::Metrics;

const OPENMETRICS: &str = "application/openmetrics-text; version=1.0.0; charset=utf-8";

/// What the side port reports.
#[derive(Debug, Clone)]
pub struct SidePort {
    /// The metrics to expose.
    pub metrics: Arc<Metrics>,
    /// Set once the server drains; `/healthz` then answers 503.
    pub draining: Arc<AtomicBool>,
}

/// Serves `listener` until `stop` is cancelled, then closes every connection.
pub async fn serve(listener: TcpListener, side: SidePort, stop: CancellationToken) {
    let mut connections = JoinSet::new();
    loop {
        let accepted = tokio::select! {
            () = stop.cancelled() => break,
            accepted = listener.accept() => accepted,
            Some(_) = connections.join_next(), if !connections.is_empty() => continue,
        };
        let stream = match accepted {
            Ok((stream, _)) => stream,
            Err(e) => {
                tracing::warn!(error = %e, "metrics port: accept failed");
                continue;
            }
        };
        let side = side.clone();
        connections.spawn(async move {
            let service =
                service_fn(move |request| std::future::ready(Ok::<_, Infallible>(answer(&side, &request))));
            if let Err(e) = http1::Builder::new().serve_connection(TokioIo::new(stream), service).await {
                tracing::debug!(error = %e, "metrics port: connection ended with an error");
            }
        });
    }
    connections.shutdown().await;
}

fn answer(side: &SidePort, request: &Request<Incoming>) -> Response<Full<Bytes>> {
    let (status, content_type, body) = match (request.method(), request.uri().path()) {
        (&Method::GET, "/metrics") => (StatusCode::OK, OPENMETRICS, side.metrics.encode()),
        (&Method::GET, "/healthz") if side.draining.load(Ordering::Acquire) => {
            (StatusCode::SERVICE_UNAVAILABLE, "text/plain", "draining\n".to_string())
        }
        (&Method::GET, "/healthz") => (StatusCode::OK, "text/plain", "ok\n".to_string()),
        (&Method::GET, _) => (StatusCode::NOT_FOUND, "text/plain", "not found; try /metrics\n".to_string()),
        _ => (StatusCode::METHOD_NOT_ALLOWED, "text/plain", "GET only\n".to_string()),
    };
    let mut response = Response::new(Full::new(Bytes::from(body)));
    *response.status_mut() = status;
    response.headers_mut().insert(header::CONTENT_TYPE, header::HeaderValue::from_static(content_type));
    response
}
