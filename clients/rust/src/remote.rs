//! Batch mode against running servers: the same JSON lines in and out as [`crate::batch`].
//!
//! With one server ([`run`]) the batch goes over one `ExtractStream` call. Each request carries
//! its input line number as `request_id`, so errors name their line; answers are written as
//! they arrive. With several servers ([`run_balanced`]) every article is its own `Extract` call
//! through a [`Balancer`], so the calls spread over all of them, and a call that meets a server
//! going away is sent again elsewhere.

use std::io::{BufRead, Write};
use std::sync::Arc;
use std::time::{Duration, Instant};

use eventx_proto::v1::extract_stream_response::Result as StreamResult;
use eventx_proto::v1::{Article, ExtractOptions, ExtractRequest, ExtractResponse, ExtractStreamRequest};
use tokio::sync::{Mutex, mpsc};
use tokio::task::JoinSet;
use tokio_stream::wrappers::ReceiverStream;
use tonic::transport::Channel;
use tonic::{Code, Status};

use crate::ExtractionServiceClient;
use crate::balance::{Balancer, Reporter};
use crate::batch::{LineError, article_from};

/// Reads JSON lines of `input` on a blocking thread and sends each article, made into a
/// message by `message` (with its 1-based line number), until the receiver is gone. Lines that
/// are not articles come back as errors when the reading ends.
fn spawn_reader<T: Send + 'static>(
    input: impl BufRead + Send + 'static,
    sender: mpsc::Sender<T>,
    message: impl Fn(usize, Article) -> T + Send + 'static,
) -> tokio::task::JoinHandle<std::io::Result<Vec<LineError>>> {
    tokio::task::spawn_blocking(move || {
        let mut errors = Vec::new();
        for (index, line) in input.lines().enumerate() {
            let line = line?;
            if line.trim().is_empty() {
                continue;
            }
            match article_from(&line) {
                Ok(article) => {
                    if sender.blocking_send(message(index + 1, article)).is_err() {
                        break;
                    }
                }
                Err(message) => errors.push(LineError { line: index + 1, message }),
            }
        }
        Ok(errors)
    })
}

/// Sends every article of `input` to the server at `address` and writes one JSON
/// `ExtractResponse` line per answered article to `output`. Returns the lines that could not
/// be read or that the server refused.
pub async fn run(
    address: &str,
    options: &ExtractOptions,
    input: impl BufRead + Send + 'static,
    mut output: impl Write,
) -> anyhow::Result<Vec<LineError>> {
    let mut client = crate::connect(address.to_string()).await?;
    let (sender, receiver) = mpsc::channel(64);
    let options = options.clone();
    let reader = spawn_reader(input, sender, move |line, article| ExtractStreamRequest {
        request_id: line.to_string(),
        article: Some(article),
        options: Some(options.clone()),
    });
    let mut answers = client.extract_stream(ReceiverStream::new(receiver)).await?.into_inner();
    let mut errors = Vec::new();
    while let Some(answer) = answers.message().await? {
        let line = answer.request_id.parse().unwrap_or(0);
        match answer.result {
            Some(StreamResult::Response(response)) => {
                serde_json::to_writer(&mut output, &response)?;
                output.write_all(b"\n")?;
            }
            Some(StreamResult::Error(error)) => errors.push(LineError {
                line,
                message: format!("{}: {}", code_name(tonic::Code::from(error.code)), error.message),
            }),
            None => errors.push(LineError { line, message: "empty answer from the server".into() }),
        }
    }
    output.flush()?;
    errors.extend(reader.await??);
    errors.sort_by_key(|e| e.line);
    Ok(errors)
}

/// How the balanced batch sends its articles.
#[derive(Debug, Clone)]
pub struct BalancedBatch {
    /// Options of every request.
    pub options: ExtractOptions,
    /// `Extract` calls in flight at once, spread by the balancer over the servers.
    pub concurrency: usize,
    /// How long one article may keep being retried after UNAVAILABLE before it is reported
    /// as failed.
    pub retry_for: Duration,
}

impl Default for BalancedBatch {
    fn default() -> BalancedBatch {
        BalancedBatch {
            options: ExtractOptions::default(),
            concurrency: 32,
            retry_for: Duration::from_secs(30),
        }
    }
}

/// Sends every article of `input` as its own `Extract` call through `balancer`, so the calls
/// spread over every server, and writes one JSON `ExtractResponse` line per answered article to
/// `output` in completion order. A call that fails with UNAVAILABLE (a server stopped, was
/// killed or is draining) is reported to the balancer and sent again, to whichever server
/// the balancer then picks, for up to [`BalancedBatch::retry_for`]. Returns the lines that
/// could not be read or that the servers refused.
pub async fn run_balanced(
    balancer: &Balancer,
    batch: &BalancedBatch,
    input: impl BufRead + Send + 'static,
    mut output: impl Write,
) -> anyhow::Result<Vec<LineError>> {
    anyhow::ensure!(batch.concurrency > 0, "concurrency must be at least 1");
    let (sender, receiver) = mpsc::channel::<(usize, Article)>(batch.concurrency * 2);
    let reader = spawn_reader(input, sender, |line, article| (line, article));
    let receiver = Arc::new(Mutex::new(receiver));
    let (answers, mut answered) =
        mpsc::channel::<(usize, Result<ExtractResponse, Status>)>(batch.concurrency);
    let mut workers = JoinSet::new();
    for _ in 0..batch.concurrency {
        let receiver = receiver.clone();
        let answers = answers.clone();
        let client = balancer.client();
        let reporter = balancer.reporter();
        let options = batch.options.clone();
        let retry_for = batch.retry_for;
        workers.spawn(async move {
            loop {
                let next = receiver.lock().await.recv().await;
                let Some((line, article)) = next else { break };
                let request = ExtractRequest { article: Some(article), options: Some(options.clone()) };
                let result = extract_with_retry(client.clone(), request, retry_for, &reporter).await;
                if answers.send((line, result)).await.is_err() {
                    break;
                }
            }
        });
    }
    drop(answers);
    let mut errors = Vec::new();
    while let Some((line, result)) = answered.recv().await {
        match result {
            Ok(response) => {
                serde_json::to_writer(&mut output, &response)?;
                output.write_all(b"\n")?;
            }
            Err(status) => errors.push(LineError {
                line,
                message: format!("{}: {}", code_name(status.code()), status.message()),
            }),
        }
    }
    output.flush()?;
    while workers.join_next().await.transpose()?.is_some() {}
    errors.extend(reader.await??);
    errors.sort_by_key(|e| e.line);
    Ok(errors)
}

/// Whether a failed `Extract` may be sent again, to whichever server the balancer picks next:
/// the server could not be reached, went away during the call, or is shutting down.
/// `Extract` has no side effects, so a repeated call is safe.
pub fn retryable(status: &Status) -> bool {
    match status.code() {
        Code::Unavailable => true,
        // The connection broke before the server answered (a killed server): tonic reports
        // that as UNKNOWN carrying the transport error, where a server's own status has none.
        Code::Unknown => std::error::Error::source(status).is_some_and(|e| e.is::<tonic::transport::Error>()),
        _ => false,
    }
}

/// One `Extract` call, sent again with a growing pause while it fails in a [`retryable`] way and
/// `retry_for` has not passed; each such failure is reported to the balancer.
async fn extract_with_retry(
    mut client: ExtractionServiceClient<Channel>,
    request: ExtractRequest,
    retry_for: Duration,
    reporter: &Reporter,
) -> Result<ExtractResponse, Status> {
    let give_up = Instant::now() + retry_for;
    let mut pause = Duration::from_millis(10);
    loop {
        match client.extract(request.clone()).await {
            Ok(response) => return Ok(response.into_inner()),
            Err(status) if retryable(&status) && Instant::now() + pause < give_up => {
                reporter.unavailable();
                tokio::time::sleep(pause).await;
                pause = (pause * 2).min(Duration::from_millis(500));
            }
            Err(status) => return Err(status),
        }
    }
}

/// The canonical name of a status code, as in `INVALID_ARGUMENT`.
pub fn code_name(code: Code) -> String {
    let mut name = String::new();
    for (i, c) in format!("{code:?}").chars().enumerate() {
        if c.is_ascii_uppercase() && i > 0 {
            name.push('_');
        }
        name.push(c.to_ascii_uppercase());
    }
    name
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_unavailable_and_broken_connections_are_retried() {
        assert!(retryable(&Status::unavailable("connection refused")));
        assert!(!retryable(&Status::unknown("an answer from the server")));
        assert!(!retryable(&Status::invalid_argument("empty text")));
        assert!(!retryable(&Status::resource_exhausted("too large")));
    }

    #[test]
    fn code_names_are_the_canonical_ones() {
        assert_eq!(code_name(Code::InvalidArgument), "INVALID_ARGUMENT");
        assert_eq!(code_name(Code::Unavailable), "UNAVAILABLE");
        assert_eq!(code_name(Code::Ok), "OK");
    }
}
