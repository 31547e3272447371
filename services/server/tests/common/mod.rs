//! Helpers shared by the end-to-end tests: a server on an ephemeral port, clients, articles
//! written for these tests, a slow extractor and span checks.

#![allow(dead_code)]

use std::future::Future;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

use eventx_api::{ApiError, Extractor};
use eventx_proto::v1::extraction_service_client::ExtractionServiceClient;
use eventx_proto::v1::{Article, ExtractRequest, ExtractResponse, Span};
use eventx_server::{ArticleExtractor, Config, Server, ServerHandle};
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use tonic::transport::Channel;
use tonic_health::pb::health_client::HealthClient;
use tonic_health::pb::{HealthCheckRequest, health_check_response::ServingStatus};

/// The longest any single wait in a test may take before the test fails as hung.
pub const PATIENCE: Duration = Duration::from_secs(60);

/// Short articles written for these tests.
pub const ARTICLES: [&str; 4] = [
    "PARIS, March 3 (Wire) - France expelled two Russian diplomats on Monday, the foreign ministry said.",
    "Police in Nairobi arrested 14 protesters on Tuesday after clashes near parliament.",
    "The prime minister met the visiting Japanese foreign minister in Canberra to discuss trade.",
    "Rebels attacked an army post in the north of the country, killing three soldiers, officials said.",
];

/// Settings for tests: a few slots, no drain delay, a short drain.
pub fn config() -> Config {
    Config {
        max_concurrent: 4,
        max_queue: 16,
        drain_delay: Duration::ZERO,
        max_drain: Duration::from_secs(2),
        ..Config::default()
    }
}

/// Starts the real server on 127.0.0.1:0 with metrics on another free port.
pub async fn start(config: Config) -> ServerHandle {
    start_server(Server::new(config)).await
}

/// Starts `server` on 127.0.0.1:0 with metrics on another free port.
pub async fn start_server(server: Server) -> ServerHandle {
    bounded(server.start("127.0.0.1:0", Some("127.0.0.1:0"))).await.expect("server starts")
}

/// A client of the extraction service at `handle`.
pub async fn client(handle: &ServerHandle) -> ExtractionServiceClient<Channel> {
    ExtractionServiceClient::new(channel(handle).await)
}

/// A connected channel to `handle`.
pub async fn channel(handle: &ServerHandle) -> Channel {
    let endpoint = Channel::from_shared(format!("http://{}", handle.addr())).expect("valid uri");
    bounded(endpoint.connect()).await.expect("connects")
}

/// The health status of `service` ("" for the whole server).
pub async fn health(handle: &ServerHandle, service: &str) -> ServingStatus {
    let mut client = HealthClient::new(channel(handle).await);
    let request = HealthCheckRequest { service: service.to_string() };
    let response = bounded(client.check(request)).await.expect("health check answers");
    response.into_inner().status()
}

/// An article with an id and text.
pub fn article(id: &str, text: &str) -> Article {
    Article { id: id.to_string(), text: text.to_string(), ..Default::default() }
}

/// An `Extract` request for `article`.
pub fn request(article: Article) -> ExtractRequest {
    ExtractRequest { article: Some(article), options: None }
}

/// Awaits `future`, failing the test if it takes longer than [`PATIENCE`].
pub async fn bounded<F: Future>(future: F) -> F::Output {
    tokio::time::timeout(PATIENCE, future).await.expect("gave up waiting: the call hung")
}

/// Fails unless every span of `response` lies within `text` (counted in code points).
pub fn assert_spans_valid(text: &str, response: &ExtractResponse) {
    let chars = text.chars().count() as u32;
    let check = |what: &str, span: Option<&Span>| {
        if let Some(span) = span {
            assert!(
                span.start <= span.end && span.end <= chars,
                "{what} span {}..{} outside the {chars} characters of the text",
                span.start,
                span.end
            );
        }
    };
    for event in &response.events {
        for actor in [&event.source, &event.target].into_iter().flatten() {
            check("actor", actor.span.as_ref());
        }
        if let Some(location) = &event.location {
            check("location", location.span.as_ref());
        }
        for mention in &event.mentions {
            check("sentence", mention.sentence_span.as_ref());
            check("trigger", mention.trigger.as_ref());
            check("source", mention.source.as_ref());
            check("target", mention.target.as_ref());
        }
    }
}

/// A gate that holds extractions until opened, so tests can make an extraction last as long as
/// they need without relying on how fast the engine is.
#[derive(Debug, Default)]
pub struct Gate {
    open: Mutex<bool>,
    opened: Condvar,
    entered: AtomicUsize,
}

impl Gate {
    /// Lets every held and future extraction through.
    pub fn open(&self) {
        *self.open.lock().unwrap() = true;
        self.opened.notify_all();
    }

    /// Waits until `n` extractions have reached the gate.
    pub async fn entered(&self, n: usize) {
        bounded(async {
            while self.entered.load(Ordering::SeqCst) < n {
                tokio::time::sleep(Duration::from_millis(5)).await;
            }
        })
        .await;
    }

    fn pass(&self) {
        self.entered.fetch_add(1, Ordering::SeqCst);
        let open = self.open.lock().unwrap();
        let _open = self.opened.wait_timeout_while(open, PATIENCE, |open| !*open).unwrap();
    }
}

/// The real extractor behind a [`Gate`].
#[derive(Debug)]
pub struct Gated {
    inner: Extractor,
    gate: Arc<Gate>,
}

impl ArticleExtractor for Gated {
    fn extract(&self, request: &ExtractRequest) -> Result<ExtractResponse, ApiError> {
        self.gate.pass();
        self.inner.extract(request)
    }
}

/// Holds a [`Gate`] and opens it when dropped, so a failing test never leaves extractions
/// blocked (the runtime would wait for them).
#[derive(Debug)]
pub struct Valve(Arc<Gate>);

impl std::ops::Deref for Valve {
    type Target = Gate;

    fn deref(&self) -> &Gate {
        &self.0
    }
}

impl Drop for Valve {
    fn drop(&mut self) {
        self.0.open();
    }
}

/// A server with `config` whose extractions wait at the returned gate.
pub fn gated(config: Config) -> (Server, Valve) {
    let gate = Arc::new(Gate::default());
    let extractor = Gated { inner: Extractor::new(config.limits()), gate: Arc::clone(&gate) };
    (Server::new(config).with_extractor(Arc::new(extractor)), Valve(gate))
}

/// An HTTP/2 channel without tonic's client-side deadline.
pub type RawChannel = hyper_util::client::legacy::Client<HttpConnector, tonic::body::Body>;

/// A client that leaves deadlines to the server. tonic's own channel gives up locally (with
/// CANCELLED) at the deadline it sends, before the server's answer can arrive, so it cannot
/// show what the server answers.
pub fn raw_client(handle: &ServerHandle) -> ExtractionServiceClient<RawChannel> {
    let channel =
        hyper_util::client::legacy::Client::builder(TokioExecutor::new()).http2_only(true).build_http();
    let origin = http::Uri::try_from(format!("http://{}", handle.addr())).expect("valid uri");
    ExtractionServiceClient::with_origin(channel, origin)
}

/// The body of `GET path` on the metrics port of `handle`.
pub async fn http_get(handle: &ServerHandle, path: &str) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let addr = handle.metrics_addr().expect("metrics enabled");
    bounded(async {
        let mut stream = tokio::net::TcpStream::connect(addr).await.expect("metrics port connects");
        let request = format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n");
        stream.write_all(request.as_bytes()).await.expect("request written");
        let mut response = String::new();
        stream.read_to_string(&mut response).await.expect("response read");
        response
    })
    .await
}

/// An extractor that panics on articles whose text contains "PANIC", as a buggy engine would.
#[derive(Debug)]
pub struct Panicky(pub Extractor);

impl ArticleExtractor for Panicky {
    fn extract(&self, request: &ExtractRequest) -> Result<ExtractResponse, ApiError> {
        let text = request.article.as_ref().map_or("", |a| a.text.as_str());
        assert!(!text.contains("PANIC"), "the engine fell over");
        self.0.extract(request)
    }
}
