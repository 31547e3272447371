//! The `eventx` command-line tool.

use std::fs::File;
use std::io::{self, BufReader, BufWriter};
use std::process::ExitCode;

use anyhow::Context as _;
use clap::{Parser, Subcommand};
use eventx_api::{Extractor, Limits};
use eventx_client::{batch, remote};
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
