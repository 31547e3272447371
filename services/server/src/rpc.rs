//! A tower layer around every gRPC call: it opens the call's tracing span, reads the client's
//! deadline, answers DEADLINE_EXCEEDED itself when that deadline passes (tonic's own timeout would
//! answer CANCELLED), counts the call in the metrics and logs its status once it is known (from
//! the headers of an error reply, else from the trailers at the end of the body).

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use bytes::Bytes;
use http::HeaderMap;
use http_body::{Frame, SizeHint};
use tokio::time::Instant;
use tonic::body::Body;
use tonic::{Code, Status};
use tower_layer::Layer;
use tower_service::Service;
use tracing::field::Empty;
use tracing::{Instrument, Level, Span};

use crate::deadline::{Deadline, grpc_timeout};
use crate::errors::{BUSY, code_name, unreadable_request};
use crate::metrics::Metrics;
use crate::summary::CallWarnings;

/// The full method names the server answers; any other path is counted as "other", so a client
/// cannot grow the metrics without bound.
const METHODS: [&str; 8] = [
    "eventx.v1.ExtractionService/Extract",
    "eventx.v1.ExtractionService/ExtractStream",
    "eventx.v1.ExtractionService/GetOntology",
    "grpc.health.v1.Health/Check",
    "grpc.health.v1.Health/Watch",
    "grpc.health.v1.Health/List",
    "grpc.reflection.v1.ServerReflection/ServerReflectionInfo",
    "grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo",
];

/// Adds span, deadline and metrics to each call of the wrapped service.
#[derive(Debug, Clone)]
pub struct RpcLayer {
    metrics: Arc<Metrics>,
    warnings: Arc<CallWarnings>,
}

impl RpcLayer {
    /// A layer recording into `metrics`, whose warnings for calls that end with the same code
    /// again and again are summarised by `warnings`.
    pub fn new(metrics: Arc<Metrics>, warnings: Arc<CallWarnings>) -> RpcLayer {
        RpcLayer { metrics, warnings }
    }
}

impl<S> Layer<S> for RpcLayer {
    type Service = RpcService<S>;

    fn layer(&self, inner: S) -> RpcService<S> {
        RpcService { inner, metrics: Arc::clone(&self.metrics), warnings: Arc::clone(&self.warnings) }
    }
}

/// The service [`RpcLayer`] produces.
#[derive(Debug, Clone)]
pub struct RpcService<S> {
    inner: S,
    metrics: Arc<Metrics>,
    warnings: Arc<CallWarnings>,
}

impl<S, B> Service<http::Request<B>> for RpcService<S>
where
    S: Service<http::Request<B>, Response = http::Response<Body>>,
    S::Future: Send + 'static,
    S::Error: Send + 'static,
{
    type Response = http::Response<Body>;
    type Error = S::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Self::Response, Self::Error>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, mut request: http::Request<B>) -> Self::Future {
        let arrived = Instant::now();
        let method = method_label(request.uri().path());
        let deadline = grpc_timeout(request.headers()).and_then(|timeout| arrived.checked_add(timeout));
        if let Some(deadline) = deadline {
            request.extensions_mut().insert(Deadline(deadline));
        }
        let span = tracing::info_span!("rpc", method, article_id = Empty, text_bytes = Empty, events = Empty);
        let call =
            Call::start(Arc::clone(&self.metrics), Arc::clone(&self.warnings), method, arrived, span.clone());
        let response = span.in_scope(|| self.inner.call(request));
        Box::pin(
            async move {
                let outcome = match deadline {
                    Some(deadline) => tokio::time::timeout_at(deadline, response)
                        .await
                        .unwrap_or_else(|_| Ok(deadline_exceeded())),
                    None => response.await,
                };
                match outcome {
                    Ok(response) => Ok(call.observe(response)),
                    Err(error) => {
                        call.finish(Code::Unknown);
                        Err(error)
                    }
                }
            }
            .instrument(span),
        )
    }
}

fn method_label(path: &str) -> &'static str {
    let name = path.strip_prefix('/').unwrap_or(path);
    METHODS.iter().find(|known| **known == name).copied().unwrap_or("other")
}

fn deadline_exceeded() -> http::Response<Body> {
    Status::deadline_exceeded("deadline exceeded before the call was answered").into_http()
}

/// Rewrites the INTERNAL status tonic gives a request body it cannot read into the
/// INVALID_ARGUMENT it is, and its OUT_OF_RANGE for a message over the size limit into
/// RESOURCE_EXHAUSTED (see [`unreadable_request`]), in the headers of an error reply or in the
/// trailers at the end of a stream.
fn client_fault(headers: &mut HeaderMap) {
    let Some(status) = Status::from_header_map(headers) else { return };
    let Some(replacement) = unreadable_request(&status) else { return };
    for name in ["grpc-status", "grpc-message", "grpc-status-details-bin"] {
        headers.remove(name);
    }
    if replacement.add_header(headers).is_err() {
        headers.insert("grpc-status", http::HeaderValue::from(Code::InvalidArgument as i32));
    }
}

/// Whether a reply is a shed call's: each logs at DEBUG, as the shedding has its own warning with
/// a summary per interval.
fn shed(code: Code, headers: &HeaderMap) -> bool {
    code == Code::ResourceExhausted
        && Status::from_header_map(headers).is_some_and(|status| status.message().starts_with(BUSY))
}

fn status_code(headers: &HeaderMap) -> Option<Code> {
    headers.get("grpc-status").map(|value| Code::from_bytes(value.as_bytes()))
}

/// One call in progress; records its end exactly once (as CANCELLED when dropped unfinished,
/// which is what a client that resets the call produces).
struct Call {
    metrics: Arc<Metrics>,
    warnings: Arc<CallWarnings>,
    method: &'static str,
    arrived: Instant,
    span: Span,
    finished: bool,
    shed: bool,
}

impl Call {
    fn start(
        metrics: Arc<Metrics>,
        warnings: Arc<CallWarnings>,
        method: &'static str,
        arrived: Instant,
        span: Span,
    ) -> Call {
        metrics.rpc_started();
        Call { metrics, warnings, method, arrived, span, finished: false, shed: false }
    }

    /// Finishes now when the headers carry the status (an error reply), else when the body
    /// delivers its trailers.
    fn observe(mut self, mut response: http::Response<Body>) -> http::Response<Body> {
        client_fault(response.headers_mut());
        match status_code(response.headers()) {
            Some(code) => {
                if shed(code, response.headers()) {
                    self.shed = true;
                }
                self.finish(code);
                response
            }
            None => response.map(|body| Body::new(ObservedBody { inner: body, call: Some(self) })),
        }
    }

    fn finish(mut self, code: Code) {
        self.record(code);
    }

    fn record(&mut self, code: Code) {
        if std::mem::replace(&mut self.finished, true) {
            return;
        }
        let elapsed = self.arrived.elapsed();
        self.metrics.rpc_finished(self.method, code, elapsed);
        let latency_ms = elapsed.as_secs_f64() * 1000.0;
        let code = code_name(code);
        let _entered = self.span.enter();
        let level = if self.shed { Level::DEBUG } else { level(self.method, code) };
        match level {
            Level::ERROR => tracing::error!(code, latency_ms, "rpc finished"),
            Level::WARN => match self.warnings.occur(code) {
                Some(unlogged_before) => tracing::warn!(code, latency_ms, unlogged_before, "rpc finished"),
                None => tracing::debug!(code, latency_ms, "rpc finished"),
            },
            Level::INFO => tracing::info!(code, latency_ms, "rpc finished"),
            _ => tracing::debug!(code, latency_ms, "rpc finished"),
        }
    }
}

impl Drop for Call {
    fn drop(&mut self) {
        self.record(Code::Cancelled);
    }
}

/// Server faults log as ERROR, missed deadlines and unavailability as WARN (the first of each
/// code per interval; the others at DEBUG, counted in a summary), client mistakes
/// (an oversized article included) and successes as INFO, and health checks and reflection,
/// which probes call often, as DEBUG. Load shedding logs its own WARN where it happens.
fn level(method: &str, code: &str) -> Level {
    match code {
        "UNKNOWN" | "INTERNAL" | "DATA_LOSS" => Level::ERROR,
        "DEADLINE_EXCEEDED" | "UNAVAILABLE" | "ABORTED" => Level::WARN,
        _ if method.starts_with("eventx.") => Level::INFO,
        _ => Level::DEBUG,
    }
}

/// A response body that records the call's status when its trailers pass by.
struct ObservedBody {
    inner: Body,
    call: Option<Call>,
}

impl ObservedBody {
    fn finish(&mut self, code: Code) {
        if let Some(call) = self.call.take() {
            call.finish(code);
        }
    }
}

impl http_body::Body for ObservedBody {
    type Data = Bytes;
    type Error = Status;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Status>>> {
        let mut polled = Pin::new(&mut self.inner).poll_frame(cx);
        match &mut polled {
            Poll::Ready(Some(Ok(frame))) => {
                if let Some(trailers) = frame.trailers_mut() {
                    client_fault(trailers);
                    let code = status_code(trailers).unwrap_or(Code::Unknown);
                    self.finish(code);
                }
            }
            Poll::Ready(Some(Err(status))) => self.finish(status.code()),
            Poll::Ready(None) => self.finish(Code::Unknown),
            Poll::Pending => {}
        }
        polled
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_paths_share_one_label() {
        assert_eq!(
            method_label("/eventx.v1.ExtractionService/Extract"),
            "eventx.v1.ExtractionService/Extract"
        );
        assert_eq!(method_label("/grpc.health.v1.Health/Check"), "grpc.health.v1.Health/Check");
        assert_eq!(method_label("/x.Y/Z"), "other");
    }

    #[test]
    fn a_shed_reply_is_told_from_an_oversized_article() {
        let mut headers = HeaderMap::new();
        Status::resource_exhausted(format!("{BUSY}: 5 extractions in flight"))
            .add_header(&mut headers)
            .unwrap();
        assert!(shed(Code::ResourceExhausted, &headers));
        let mut headers = HeaderMap::new();
        Status::resource_exhausted("article.text is 12 bytes, over the limit of 10 bytes")
            .add_header(&mut headers)
            .unwrap();
        assert!(!shed(Code::ResourceExhausted, &headers));
    }

    #[test]
    fn client_mistakes_never_log_as_errors() {
        for code in ["INVALID_ARGUMENT", "RESOURCE_EXHAUSTED", "OUT_OF_RANGE", "CANCELLED", "UNIMPLEMENTED"] {
            assert_eq!(level("eventx.v1.ExtractionService/Extract", code), Level::INFO);
        }
        assert_eq!(level("eventx.v1.ExtractionService/Extract", "INTERNAL"), Level::ERROR);
        assert_eq!(level("grpc.health.v1.Health/Check", "OK"), Level::DEBUG);
    }
}
