//! Helpers of the end-to-end tests: real servers on ephemeral ports, an extractor that holds
//! chosen articles back, articles written for these tests, and the server's own metrics.

#![allow(dead_code)]

use std::future::Future;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

use eventx_api::{ApiError, Extractor};
use eventx_client::v1::{Article, ExtractRequest, ExtractResponse};
use eventx_server::{ArticleExtractor, Config, Server, ServerHandle};

/// The longest any single wait may take before the test fails as hung.
pub const PATIENCE: Duration = Duration::from_secs(60);

/// Texts of our own, each with at least one event.
pub const TEXTS: [&str; 4] = [
    "Norway expelled three Iranian diplomats on Friday, the foreign ministry in Oslo said.",
    "Police in Nairobi arrested 14 protesters on Tuesday after clashes near parliament.",
    "The Chilean president met the visiting Argentine foreign minister in Santiago on Monday.",
    "Gunmen attacked a police post near Kaduna on Sunday, killing four officers, officials said.",
];

/// Test settings: a few slots, no drain delay, metrics on a free port.
pub fn config() -> Config {
    Config {
        max_concurrent: 4,
        max_queue: 64,
        drain_delay: Duration::ZERO,
        max_drain: Duration::from_secs(2),
        ..Config::default()
    }
}

/// Starts `server` on 127.0.0.1:0 with metrics on another free port.
pub async fn start(server: Server) -> ServerHandle {
    bounded(server.start("127.0.0.1:0", Some("127.0.0.1:0"))).await.expect("server starts")
}

/// Awaits `future`, failing the test if it takes longer than [`PATIENCE`].
pub async fn bounded<F: Future>(future: F) -> F::Output {
    tokio::time::timeout(PATIENCE, future).await.expect("gave up waiting: the call hung")
}

/// `n` articles with ids `0..n` cycling through [`TEXTS`], dated 2024-03-05.
pub fn articles(n: usize) -> Vec<Article> {
    (0..n)
        .map(|i| Article {
            id: i.to_string(),
            text: TEXTS[i % TEXTS.len()].to_string(),
            publication_date: "2024-03-05".into(),
            ..Article::default()
        })
        .collect()
}

/// The text that marks an article for [`Holding`]: it waits until others have been read.
pub const HOLD: &str = "[hold] ";

/// An extractor that keeps every article whose text starts with [`HOLD`] waiting until
/// `release_after` other articles have been read, so its answer comes after theirs whatever
/// the timing: a sure way to get answers out of order. Servers may share one, so that a held
/// article on one server waits for articles read by the others.
#[derive(Debug)]
pub struct Holding {
    inner: Extractor,
    release_after: usize,
    done: Mutex<usize>,
    changed: Condvar,
    calls: AtomicUsize,
}

impl Holding {
    /// An extractor with the default limits whose held articles wait for `release_after` others.
    pub fn new(release_after: usize) -> Arc<Holding> {
        Arc::new(Holding {
            inner: Extractor::new(config().limits()),
            release_after,
            done: Mutex::new(0),
            changed: Condvar::new(),
            calls: AtomicUsize::new(0),
        })
    }

    /// A server with [`config`] that reads through this extractor.
    pub fn server(self: &Arc<Holding>) -> Server {
        Server::new(config()).with_extractor(self.clone())
    }

    /// Extractions started so far.
    pub fn calls(&self) -> usize {
        self.calls.load(Ordering::SeqCst)
    }
}

impl ArticleExtractor for Holding {
    fn extract(&self, request: &ExtractRequest) -> Result<ExtractResponse, ApiError> {
        self.calls.fetch_add(1, Ordering::SeqCst);
        let text = request.article.as_ref().map_or("", |a| a.text.as_str());
        if text.starts_with(HOLD) {
            let done = self.done.lock().unwrap();
            let _done =
                self.changed.wait_timeout_while(done, PATIENCE, |done| *done < self.release_after).unwrap();
            return self.inner.extract(request);
        }
        let result = self.inner.extract(request);
        *self.done.lock().unwrap() += 1;
        self.changed.notify_all();
        result
    }
}

/// A gate that holds every extraction until opened.
#[derive(Debug, Default)]
pub struct Gate {
    open: Mutex<bool>,
    opened: Condvar,
    entered: AtomicUsize,
    inner: Option<Extractor>,
}

impl Gate {
    /// A server with `config` whose extractions wait at the returned gate (opened on drop).
    pub fn server(config: Config) -> (Server, Valve) {
        let gate = Arc::new(Gate { inner: Some(Extractor::new(config.limits())), ..Gate::default() });
        (Server::new(config).with_extractor(gate.clone()), Valve(gate))
    }

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
}

impl ArticleExtractor for Gate {
    fn extract(&self, request: &ExtractRequest) -> Result<ExtractResponse, ApiError> {
        self.entered.fetch_add(1, Ordering::SeqCst);
        let open = self.open.lock().unwrap();
        let _open = self.opened.wait_timeout_while(open, PATIENCE, |open| !*open).unwrap();
        self.inner.as_ref().expect("a gate made by Gate::server").extract(request)
    }
}

/// Holds a [`Gate`] and opens it when dropped, so a failing test never leaves extractions
/// blocked.
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

/// The text of the server's `/metrics`.
async fn metrics(handle: &ServerHandle) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let addr = handle.metrics_addr().expect("metrics enabled");
    bounded(async {
        let mut stream = tokio::net::TcpStream::connect(addr).await.expect("metrics port connects");
        let request = format!("GET /metrics HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n");
        stream.write_all(request.as_bytes()).await.expect("request written");
        let mut body = String::new();
        stream.read_to_string(&mut body).await.expect("response read");
        body
    })
    .await
}

/// The value of the first metrics line that starts with `prefix` and contains every `part`.
async fn metric(handle: &ServerHandle, prefix: &str, parts: &[&str]) -> u64 {
    metrics(handle)
        .await
        .lines()
        .find(|l| l.starts_with(prefix) && parts.iter().all(|p| l.contains(p)))
        .and_then(|l| l.rsplit(' ').next()?.parse().ok())
        .unwrap_or(0)
}

/// `Extract` calls the server at `handle` has finished with status `code` (`OK`,
/// `RESOURCE_EXHAUSTED`, …), read from its own `/metrics`.
pub async fn extract_calls(handle: &ServerHandle, code: &str) -> u64 {
    let code = format!("code=\"{code}\"");
    metric(handle, "eventx_requests_total{", &["method=\"eventx.v1.ExtractionService/Extract\"", &code]).await
}

/// Articles the server at `handle` has received, in any call, admitted or shed.
pub async fn articles_received(handle: &ServerHandle) -> u64 {
    metric(handle, "eventx_article_bytes_count", &[]).await
}
