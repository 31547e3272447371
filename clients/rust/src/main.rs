//! The `eventx` command-line tool.

use std::fs::File;
use std::io::{self, BufReader, BufWriter};
use std::process::ExitCode;

use anyhow::Context as _;
use clap::{Parser, Subcommand};
use eventx_api::{Extractor, Limits};
use eventx_client::{batch, load, remote};
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
        /// running the embedded engine.
        #[arg(long, value_name = "URL", env = "EVENTX_SERVER")]
        server: Option<String>,
    },
    /// Puts a bounded load on a running server and prints throughput, latency and errors.
    Bench {
        /// Server URL.
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
        Command::Extract { jsonl, max_text_bytes, server } => {
            let input: Box<dyn io::BufRead + Send> = if jsonl == "-" {
                Box::new(BufReader::new(io::stdin()))
            } else {
                Box::new(BufReader::new(File::open(&jsonl).with_context(|| format!("cannot open {jsonl}"))?))
            };
            let output = BufWriter::new(io::stdout().lock());
            let errors = match server {
                Some(address) => tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()?
                    .block_on(remote::run(&address, &ExtractOptions::default(), input, output))
                    .with_context(|| format!("server {address}"))?,
                None => {
                    let extractor = Extractor::new(Limits { max_text_bytes, ..Limits::default() });
                    batch::run(&extractor, &ExtractOptions::default(), input, output)?
                }
            };
            for error in &errors {
                eprintln!("eventx: {jsonl}: {error}");
            }
            Ok(if errors.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) })
        }
    }
}
