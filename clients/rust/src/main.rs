//! The `eventx` command-line tool.

use std::fs::File;
use std::io::{self, BufReader, BufWriter};
use std::process::ExitCode;

use anyhow::Context as _;
use clap::{Parser, Subcommand};
use eventx_api::{Extractor, Limits};
use eventx_client::balance::BalanceOptions;
use eventx_client::{Servers, batch, load, remote};
use eventx_proto::v1::ExtractOptions;

/// Reads news articles and prints the political events they report.
#[derive(Debug, Parser)]
#[command(name = "eventx", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Extracts events with the embedded engine (no server needed).
    Extract {
        /// JSON-lines file of articles ({"id","text","title"?,"publication_date"?}); `-` reads stdin.
        #[arg(long, value_name = "FILE")]
        jsonl: String,
        /// Largest accepted article text in bytes (embedded engine only).
        #[arg(long, default_value_t = Limits::default().max_text_bytes, env = "EVENTX_MAX_TEXT_BYTES")]
        max_text_bytes: usize,
        /// Send the articles to this eventx server (e.g. http://127.0.0.1:50051) instead of
        /// running the embedded engine. Repeat the flag or separate targets with commas to
        /// balance every article over several servers; `dns:///name:port` balances over every
        /// address the name resolves to (re-resolved every few seconds).
        #[arg(long, value_name = "URL", env = "EVENTX_SERVER", value_delimiter = ',')]
        server: Vec<String>,
        /// Extract calls in flight at once when balancing over several servers.
        #[arg(long, default_value_t = 32)]
        concurrency: usize,
    },
    /// Asks a server for its grpc.health.v1 status; exits 0 when it is SERVING, 1 otherwise.
    Health {
        /// Server URL.
        #[arg(long, default_value = "http://127.0.0.1:50051", env = "EVENTX_SERVER")]
        server: String,
        /// Service to ask about; empty for the server as a whole.
        #[arg(long, default_value = eventx_client::balance::SERVICE)]
        service: String,
        /// Give up (and exit 1) after this many seconds.
        #[arg(long, default_value_t = 2.0)]
        timeout: f64,
    },
    /// Puts a bounded load on a running server and prints throughput, latency and errors.
    Bench {
        /// Server URL, or several targets separated by commas (`host:port`, `dns:///name:port`),
        /// balanced per request.
        #[arg(long, default_value = "http://127.0.0.1:50051", env = "EVENTX_SERVER")]
        server: String,
        /// `unary` (Extract calls) or `stream` (ExtractStream).
        #[arg(long, default_value = "unary", value_parser = ["unary", "stream"])]
        mode: String,
        /// Requests in flight at once.
        #[arg(long, default_value_t = 32)]
        concurrency: usize,
        /// Fixed rate in requests per second (default: as fast as the concurrency allows).
        #[arg(long)]
        rate: Option<f64>,
        /// Stop after this many seconds.
        #[arg(long, default_value_t = 10.0)]
        duration: f64,
        /// Stop after this many requests.
        #[arg(long, default_value_t = 1_000_000)]
        requests: u64,
        /// JSON-lines articles to send (default: synthetic wire articles).
        #[arg(long, value_name = "FILE")]
        corpus: Option<String>,
        /// Size of the synthetic articles in bytes.
        #[arg(long, default_value_t = 2500)]
        article_bytes: usize,
    },
}

/// Reads the articles of a JSON-lines file, skipping lines that are not articles.
fn load_corpus(path: &str) -> anyhow::Result<Vec<eventx_proto::v1::Article>> {
    let text = std::fs::read_to_string(path).with_context(|| format!("cannot read {path}"))?;
    Ok(text.lines().filter_map(|line| batch::article_from(line).ok()).collect())
}

fn main() -> ExitCode {
    match run(Cli::parse()) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("eventx: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Bench { server, mode, concurrency, rate, duration, requests, corpus, article_bytes } => {
            let articles = match corpus {
                Some(path) => load_corpus(&path)?,
                None => load::synthetic_articles(64, article_bytes),
            };
            let config = load::LoadConfig {
                server,
                mode: if mode == "stream" { load::Mode::Stream } else { load::Mode::Unary },
                concurrency,
                rate,
                duration: std::time::Duration::from_secs_f64(duration.max(0.0)),
                max_requests: requests,
                articles,
            };
            let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
            let report = runtime.block_on(load::run(config))?;
            print!("{report}");
            Ok(ExitCode::SUCCESS)
        }
        Command::Health { server, service, timeout } => {
            let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
            let timeout = std::time::Duration::from_secs_f64(timeout.max(0.0));
            let status = runtime.block_on(health(&server, &service, timeout));
            println!("{status}");
            Ok(if status == "SERVING" { ExitCode::SUCCESS } else { ExitCode::from(1) })
        }
        Command::Extract { jsonl, max_text_bytes, server, concurrency } => {
            let input: Box<dyn io::BufRead + Send> = if jsonl == "-" {
                Box::new(BufReader::new(io::stdin()))
            } else {
                Box::new(BufReader::new(File::open(&jsonl).with_context(|| format!("cannot open {jsonl}"))?))
            };
            let output = BufWriter::new(io::stdout().lock());
            let errors = if !server.is_empty() {
                let servers = server.join(",");
                tokio::runtime::Builder::new_multi_thread()
                    .enable_all()
                    .build()?
                    .block_on(async {
                        match Servers::connect(&server, BalanceOptions::default()).await? {
                            Servers::One(address) => {
                                remote::run(&address, &ExtractOptions::default(), input, output).await
                            }
                            Servers::Balanced(balancer) => {
                                let batch = remote::BalancedBatch { concurrency, ..Default::default() };
                                remote::run_balanced(&balancer, &batch, input, output).await
                            }
                        }
                    })
                    .with_context(|| format!("server {servers}"))?
            } else {
                let extractor = Extractor::new(Limits { max_text_bytes, ..Limits::default() });
                batch::run(&extractor, &ExtractOptions::default(), input, output)?
            };
            for error in &errors {
                eprintln!("eventx: {jsonl}: {error}");
            }
            Ok(if errors.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) })
        }
    }
}

/// The health status name of `service` at `server` ("SERVING", "NOT_SERVING", …), or the reason
/// no status came back.
async fn health(server: &str, service: &str, timeout: std::time::Duration) -> String {
    use tonic_health::pb::HealthCheckRequest;
    use tonic_health::pb::health_client::HealthClient;
    let check = async {
        let channel = tonic::transport::Endpoint::from_shared(server.to_string())?.connect().await?;
        let request = HealthCheckRequest { service: service.to_string() };
        let response = HealthClient::new(channel).check(request).await?;
        anyhow::Ok(
            response.into_inner().status().as_str_name().trim_start_matches("SERVING_STATUS_").to_string(),
        )
    };
    match tokio::time::timeout(timeout, check).await {
        Ok(Ok(status)) => status,
        Ok(Err(e)) => format!("unreachable: {e:#}"),
        Err(_) => "unreachable: timed out".to_string(),
    }
}
