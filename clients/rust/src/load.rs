//! A bounded load generator for an eventx server on loopback: fixed concurrency or fixed rate,
//! unary `Extract` calls or `ExtractStream` streams, stopped by a duration and a request cap.
//! It reports successful requests per second and their latency percentiles, and failed requests
//! apart, counted by status code, so that refusals (a shed request is answered fast) do not
//! flatter the throughput or the latency.

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use eventx_proto::v1::extract_stream_response::Result as StreamResult;
use eventx_proto::v1::{Article, ExtractRequest, ExtractStreamRequest};
use tokio::sync::{Mutex, Semaphore, mpsc};
use tokio_stream::wrappers::ReceiverStream;

/// Which RPC carries the load.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// One `Extract` call per article.
    Unary,
    /// Articles over long-lived `ExtractStream` calls, one stream per worker.
    Stream,
}

/// What to send and when to stop.
#[derive(Debug, Clone)]
pub struct LoadConfig {
    /// Server address, e.g. `127.0.0.1:50051`, or several targets separated by commas
    /// (`host:port`, `dns:///name:port`), balanced per request.
    pub server: String,
    /// Unary or stream.
    pub mode: Mode,
    /// Requests in flight at once (unary: workers; stream: articles in flight over all streams).
    pub concurrency: usize,
    /// Fixed request rate per second; `None` sends as fast as the concurrency allows.
    pub rate: Option<f64>,
    /// Stop after this long.
    pub duration: Duration,
    /// Stop after this many requests.
    pub max_requests: u64,
    /// Articles sent round-robin.
    pub articles: Vec<Article>,
}

/// The outcome of a run.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// Requests answered successfully.
    pub ok: u64,
    /// Failed requests by status code name.
    pub errors: BTreeMap<String, u64>,
    /// Wall time of the run.
    pub elapsed: Duration,
    /// Latency of every successful request, sorted, in microseconds.
    pub latencies_us: Vec<u64>,
    /// Article bytes of the successful requests.
    pub bytes: u64,
    /// Time to the answer of every failed request, sorted, in microseconds: how fast a refusal
    /// comes back.
    pub failed_latencies_us: Vec<u64>,
}

impl Report {
    /// Failed requests, all codes together.
    pub fn failed(&self) -> u64 {
        self.errors.values().sum()
    }

    /// Successful requests per second.
    pub fn requests_per_second(&self) -> f64 {
        self.ok as f64 / self.elapsed.as_secs_f64().max(1e-9)
    }

    /// The latency of successful requests at quantile `q` in [0, 1], in milliseconds.
    pub fn percentile_ms(&self, q: f64) -> f64 {
        percentile_ms(&self.latencies_us, q)
    }

    /// The time to the answer of failed requests at quantile `q` in [0, 1], in milliseconds.
    pub fn failed_percentile_ms(&self, q: f64) -> f64 {
        percentile_ms(&self.failed_latencies_us, q)
    }
}

fn percentile_ms(sorted_us: &[u64], q: f64) -> f64 {
    if sorted_us.is_empty() {
        return 0.0;
    }
    let index = ((sorted_us.len() - 1) as f64 * q).round() as usize;
    sorted_us[index] as f64 / 1000.0
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let failed = self.failed();
        let share = 100.0 * failed as f64 / (self.ok + failed).max(1) as f64;
        writeln!(
            f,
            "requests   {} ok, {failed} failed ({share:.1} %) in {:.2} s",
            self.ok,
            self.elapsed.as_secs_f64()
        )?;
        writeln!(
            f,
            "throughput {:.0} ok requests/s, {:.2} MB/s of article text answered",
            self.requests_per_second(),
            self.bytes as f64 / 1e6 / self.elapsed.as_secs_f64().max(1e-9)
        )?;
        writeln!(
            f,
            "latency    of ok requests: p50 {:.2} ms, p90 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
            self.percentile_ms(0.5),
            self.percentile_ms(0.9),
            self.percentile_ms(0.99),
            self.percentile_ms(1.0)
        )?;
        if failed > 0 {
            writeln!(
                f,
                "failed in  p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
                self.failed_percentile_ms(0.5),
                self.failed_percentile_ms(0.99),
                self.failed_percentile_ms(1.0)
            )?;
        }
        for (code, n) in &self.errors {
            writeln!(f, "failed     {code}: {n}")?;
        }
        Ok(())
    }
}

/// Shared state of the workers.
struct Shared {
    config: LoadConfig,
    issued: AtomicU64,
    start: Instant,
    results: Mutex<Report>,
}

impl Shared {
    /// The next article index, or `None` when a cap is reached.
    fn next(&self) -> Option<u64> {
        if self.start.elapsed() >= self.config.duration {
            return None;
        }
        let n = self.issued.fetch_add(1, Ordering::Relaxed);
        (n < self.config.max_requests).then_some(n)
    }

    /// When request `n` is due under a fixed rate (`None`: now).
    fn due(&self, n: u64) -> Option<Instant> {
        self.config.rate.map(|rate| self.start + Duration::from_secs_f64(n as f64 / rate))
    }

    fn article(&self, n: u64) -> Article {
        let articles = &self.config.articles;
        let mut article = articles[(n as usize) % articles.len()].clone();
        article.id = n.to_string();
        article
    }

    async fn record(&self, latency: Duration, bytes: usize, outcome: Result<(), String>) {
        let mut r = self.results.lock().await;
        match outcome {
            Ok(()) => {
                r.ok += 1;
                r.latencies_us.push(latency.as_micros() as u64);
                r.bytes += bytes as u64;
            }
            Err(code) => {
                *r.errors.entry(code).or_default() += 1;
                r.failed_latencies_us.push(latency.as_micros() as u64);
            }
        }
    }
}

/// Runs the load and returns its report. Every loop is bounded by the duration and the request
/// cap; nothing outlives the call.
pub async fn run(config: LoadConfig) -> anyhow::Result<Report> {
    anyhow::ensure!(!config.articles.is_empty(), "no articles to send");
    anyhow::ensure!(config.concurrency > 0, "concurrency must be at least 1");
    // The connection (and its balancer, if any) lives until the end of the run.
    let connection = crate::Client::connect(config.server.clone()).await?;
    let client = connection.grpc();
    let shared = Arc::new(Shared {
        config: config.clone(),
        issued: AtomicU64::new(0),
        start: Instant::now(),
        results: Mutex::new(Report::default()),
    });
    let mut workers = Vec::new();
    match config.mode {
        Mode::Unary => {
            for _ in 0..config.concurrency {
                let shared = shared.clone();
                let mut client = client.clone();
                workers.push(tokio::spawn(async move {
                    while let Some(n) = shared.next() {
                        let due = shared.due(n);
                        if let Some(at) = due {
                            tokio::time::sleep_until(at.into()).await;
                        }
                        let article = shared.article(n);
                        let bytes = article.text.len();
                        let sent = due.unwrap_or_else(Instant::now);
                        let request = ExtractRequest { article: Some(article), options: None };
                        let outcome =
                            client.extract(request).await.map(|_| ()).map_err(|s| code_name(s.code()));
                        shared.record(sent.elapsed(), bytes, outcome).await;
                    }
                }));
            }
        }
        Mode::Stream => {
            let streams = config.concurrency.div_ceil(8).max(1);
            let window = Arc::new(Semaphore::new(config.concurrency));
            for _ in 0..streams {
                let shared = shared.clone();
                let mut client = client.clone();
                let window = window.clone();
                workers.push(tokio::spawn(async move {
                    let (sender, receiver) = mpsc::channel(8);
                    let pending: Arc<Mutex<HashMap<String, (Instant, usize)>>> = Arc::default();
                    let feeder = {
                        let shared = shared.clone();
                        let pending = pending.clone();
                        let window = window.clone();
                        tokio::spawn(async move {
                            while let Some(n) = shared.next() {
                                let Ok(permit) = window.clone().acquire_owned().await else { break };
                                permit.forget();
                                let due = shared.due(n);
                                if let Some(at) = due {
                                    tokio::time::sleep_until(at.into()).await;
                                }
                                let article = shared.article(n);
                                let id = n.to_string();
                                pending.lock().await.insert(
                                    id.clone(),
                                    (due.unwrap_or_else(Instant::now), article.text.len()),
                                );
                                let request = ExtractStreamRequest {
                                    request_id: id,
                                    article: Some(article),
                                    options: None,
                                };
                                if sender.send(request).await.is_err() {
                                    break;
                                }
                            }
                        })
                    };
                    let Ok(answers) = client.extract_stream(ReceiverStream::new(receiver)).await else {
                        feeder.abort();
                        return;
                    };
                    let mut answers = answers.into_inner();
                    while let Ok(Some(answer)) = answers.message().await {
                        window.add_permits(1);
                        let Some((sent, bytes)) = pending.lock().await.remove(&answer.request_id) else {
                            continue;
                        };
                        let outcome = match answer.result {
                            Some(StreamResult::Response(_)) => Ok(()),
                            Some(StreamResult::Error(e)) => Err(code_name(tonic::Code::from(e.code))),
                            None => Err("EMPTY".to_string()),
                        };
                        shared.record(sent.elapsed(), bytes, outcome).await;
                    }
                    feeder.abort();
                }));
            }
        }
    }
    for worker in workers {
        worker.await?;
    }
    let mut report = std::mem::take(&mut *shared.results.lock().await);
    report.elapsed = shared.start.elapsed();
    report.latencies_us.sort_unstable();
    report.failed_latencies_us.sort_unstable();
    Ok(report)
}

fn code_name(code: tonic::Code) -> String {
    crate::error::code_name(code).to_string()
}

/// Synthetic wire articles of about `bytes` bytes each, written for load tests: expulsions,
/// summons, arrests and shootings between varying countries, so every engine stage works.
pub fn synthetic_articles(count: usize, bytes: usize) -> Vec<Article> {
    const COUNTRIES: [(&str, &str, &str); 8] = [
        ("France", "French", "Paris"),
        ("Poland", "Polish", "Warsaw"),
        ("Kenya", "Kenyan", "Nairobi"),
        ("Japan", "Japanese", "Tokyo"),
        ("Brazil", "Brazilian", "Brasilia"),
        ("Egypt", "Egyptian", "Cairo"),
        ("Norway", "Norwegian", "Oslo"),
        ("India", "Indian", "New Delhi"),
    ];
    const PARAGRAPHS: [&str; 6] = [
        "{A} has declared two employees of the {b} embassy in {ca} persona non grata, the foreign ministry said on Tuesday, giving them 72 hours to leave the country.",
        "The {b} ambassador to {A} was summoned to the ministry on Wednesday and handed a note of protest over what officials called activities incompatible with diplomatic status.",
        "\u{201c}We categorically reject the accusations made by {B},\u{201d} a ministry spokesperson told reporters in {ca}, adding that the measure was a reciprocal step.",
        "Police in {ca} arrested 14 protesters on Monday after demonstrators blocked a bridge near parliament, and officers fired tear gas to disperse the crowd.",
        "Gunmen opened fire on a checkpoint outside {cb} late on Saturday, killing three soldiers and wounding five others, the army said in a statement.",
        "Talks between the two foreign ministers are scheduled for next week in Geneva, where both sides are expected to discuss trade, visas and the return of diplomats.",
    ];
    (0..count)
        .map(|i| {
            let (a, _, ca) = COUNTRIES[i % COUNTRIES.len()];
            let (b_name, b, cb) = COUNTRIES[(i + 3) % COUNTRIES.len()];
            let mut text = format!("{}, March {} (Harbour Wire) -- ", ca.to_uppercase(), 1 + i % 28);
            let mut k = i;
            while text.len() < bytes {
                let p = PARAGRAPHS[k % PARAGRAPHS.len()]
                    .replace("{A}", a)
                    .replace("{B}", b_name)
                    .replace("{b}", b)
                    .replace("{ca}", ca)
                    .replace("{cb}", cb);
                text.push_str(&p);
                text.push_str("\n\n");
                k += 1;
            }
            Article { id: i.to_string(), text, publication_date: "2024-03-28".into(), ..Article::default() }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn synthetic_articles_have_the_asked_size() {
        let articles = synthetic_articles(5, 2500);
        assert_eq!(articles.len(), 5);
        assert!(articles.iter().all(|a| (2500..4000).contains(&a.text.len())));
    }

    #[test]
    fn failures_count_apart_from_the_throughput() {
        let report = Report {
            ok: 90,
            errors: BTreeMap::from([("RESOURCE_EXHAUSTED".to_string(), 10)]),
            elapsed: Duration::from_secs(2),
            latencies_us: vec![1000; 90],
            bytes: 9000,
            failed_latencies_us: vec![200; 10],
        };
        assert_eq!(report.requests_per_second(), 45.0);
        let text = report.to_string();
        assert!(text.contains("90 ok, 10 failed (10.0 %)"), "{text}");
        assert!(text.contains("45 ok requests/s"), "{text}");
        assert!(text.contains("failed     RESOURCE_EXHAUSTED: 10"), "{text}");
        assert!(text.contains("failed in  p50 0.20 ms"), "{text}");
    }

    #[test]
    fn percentiles_come_from_sorted_latencies() {
        let report = Report { latencies_us: (1..=100).map(|v| v * 1000).collect(), ..Report::default() };
        assert_eq!(report.percentile_ms(0.5), 51.0);
        assert_eq!(report.percentile_ms(0.99), 99.0);
        assert_eq!(report.percentile_ms(1.0), 100.0);
    }
}
