//! The `eventx` command-line tool: arguments in, the library's commands out.

use std::fs::File;
use std::io::{self, BufReader, BufWriter, Read};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::Context as _;
use clap::{Args, Parser, Subcommand, ValueEnum};
use eventx_client::cli::{self, Backend, Format, Output, Progress, Sink};
use eventx_client::embedded::{Embedded, Limits};
use eventx_client::v1::{Article, ExtractOptions, GetOntologyResponse, SpanUnit};
use eventx_client::{Client, ClientBuilder, load, options, render};

/// Reads news articles and prints the political events they report: who did what to whom,
/// when and where, coded in PLOVER 2.0 with the closest CAMEO code.
///
/// Articles are read by the engine built into this program, or sent to eventx servers with
/// --server. Output is a table on a terminal and JSON lines (one ExtractResponse per article)
/// otherwise.
#[derive(Debug, Parser)]
#[command(name = "eventx", version)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Prints the events of one plain-text article, or of every article of a JSON-lines file.
    Extract(Box<ExtractArgs>),
    /// Prints the vocabulary: the categories with their modes, the contexts and the sectors.
    Ontology {
        /// Ask this server instead of the embedded engine.
        #[arg(long, value_name = "URL", env = "EVENTX_SERVER")]
        server: Option<String>,
        /// `table` (indented lists) or `json`; default: table on a terminal, JSON otherwise.
        #[arg(long, value_enum)]
        format: Option<FormatArg>,
        /// Send `authorization: Bearer TOKEN` with the call.
        #[arg(long, value_name = "TOKEN", env = "EVENTX_TOKEN", hide_env_values = true)]
        token: Option<String>,
        #[command(flatten)]
        tls: TlsArgs,
    },
    /// Asks a server for its grpc.health.v1 status; exits 0 when it is SERVING, 1 otherwise.
    Health {
        /// Server address: host:port, http://host:port or https://host:port.
        #[arg(long, value_name = "URL", default_value = "127.0.0.1:50051", env = "EVENTX_SERVER")]
        server: String,
        /// Service to ask about; empty for the server as a whole.
        #[arg(long, default_value = eventx_client::balance::SERVICE)]
        service: String,
        /// Give up (and exit 1) after this many seconds.
        #[arg(long, default_value_t = 2.0)]
        timeout: f64,
        #[command(flatten)]
        tls: TlsArgs,
    },
    /// Puts a bounded load on a running server and prints throughput, latency and errors.
    Bench(BenchArgs),
}

#[derive(Debug, Args)]
struct ExtractArgs {
    /// The input file; `-` reads standard input. One plain-text article unless --jsonl.
    #[arg(value_name = "FILE|-")]
    input: String,
    /// Read JSON lines, one article per line: {"id", "text", "title"?, "publication_date"?}.
    #[arg(long)]
    jsonl: bool,
    /// Identifier of the plain-text article, echoed as articleId.
    #[arg(long, conflicts_with = "jsonl")]
    id: Option<String>,
    /// Headline of the plain-text article.
    #[arg(long, conflicts_with = "jsonl")]
    title: Option<String>,
    /// Publication date of the plain-text article, to resolve "yesterday" and weekdays.
    #[arg(long, value_name = "YYYY-MM-DD", conflicts_with = "jsonl")]
    published: Option<String>,
    /// `table` (one row per event) or `json` (one ExtractResponse per line, canonical proto3
    /// JSON); default: table on a terminal, JSON otherwise.
    #[arg(long, value_enum)]
    format: Option<FormatArg>,
    #[command(flatten)]
    request: RequestArgs,
    #[command(flatten)]
    connection: ConnectionArgs,
    /// Largest accepted article text in bytes (embedded engine only).
    #[arg(long, default_value_t = Limits::default().max_text_bytes, env = "EVENTX_MAX_TEXT_BYTES")]
    max_text_bytes: usize,
}

/// The options sent with every article.
#[derive(Debug, Args)]
struct RequestArgs {
    /// Keep only these categories (names, any case): --categories SANCTION,ACCUSE.
    #[arg(long, value_name = "NAMES", value_delimiter = ',')]
    categories: Vec<String>,
    /// Drop events whose confidence is below this value, in [0, 1].
    #[arg(long, value_name = "X", default_value_t = 0.0)]
    min_confidence: f32,
    /// Include evidence mentions and spans (the default).
    #[arg(long, overrides_with = "no_spans")]
    spans: bool,
    /// Leave out evidence mentions and spans.
    #[arg(long, overrides_with = "spans")]
    no_spans: bool,
    /// What span offsets count.
    #[arg(long, value_enum, default_value_t = SpanUnitArg::CodePoint)]
    span_unit: SpanUnitArg,
}

/// Where to send the articles instead of the embedded engine, and how.
#[derive(Debug, Args)]
struct ConnectionArgs {
    /// Send the articles to this eventx server (host:port, http://… or https://…) instead of
    /// the embedded engine. Repeat the flag or separate addresses with commas to balance every
    /// article over several servers; dns:///name:port balances over every address of the name.
    #[arg(long, value_name = "URL", env = "EVENTX_SERVER", value_delimiter = ',')]
    server: Vec<String>,
    /// Articles in flight at once with --server.
    #[arg(long, default_value_t = 32)]
    concurrency: usize,
    /// Deadline of each call, in seconds (default: the server's).
    #[arg(long, value_name = "SECONDS")]
    timeout: Option<f64>,
    /// Retries of an article after UNAVAILABLE or a busy server.
    #[arg(long, default_value_t = eventx_client::DEFAULT_RETRIES)]
    retries: u32,
    /// Compress requests and answers with gzip.
    #[arg(long)]
    gzip: bool,
    /// Send `authorization: Bearer TOKEN` with every call.
    #[arg(long, value_name = "TOKEN", env = "EVENTX_TOKEN", hide_env_values = true)]
    token: Option<String>,
    #[command(flatten)]
    tls: TlsArgs,
}

/// The CA and client certificate of TLS connections to a server.
#[derive(Debug, Args)]
struct TlsArgs {
    /// Trust only the CA certificates (PEM) of FILE for the server's certificate, and use TLS
    /// whatever the address's scheme (default for https://: the public roots).
    #[arg(long, value_name = "FILE", env = "EVENTX_TLS_CA")]
    tls_ca: Option<PathBuf>,
    /// Present this client certificate (PEM) to a server that requires mutual TLS.
    #[arg(long, value_name = "FILE", env = "EVENTX_CLIENT_CERT", requires = "tls_key")]
    tls_cert: Option<PathBuf>,
    /// The private key (PEM) of --tls-cert.
    #[arg(long, value_name = "FILE", env = "EVENTX_CLIENT_KEY", requires = "tls_cert")]
    tls_key: Option<PathBuf>,
}

impl TlsArgs {
    /// `builder` with these TLS settings.
    fn apply(&self, mut builder: ClientBuilder) -> ClientBuilder {
        if let Some(ca) = &self.tls_ca {
            builder = builder.tls_ca_file(ca);
        }
        if let (Some(cert), Some(key)) = (&self.tls_cert, &self.tls_key) {
            builder = builder.tls_identity_files(cert, key);
        }
        builder
    }
}

#[derive(Debug, Args)]
struct BenchArgs {
    /// Server address, or several separated by commas (host:port, dns:///name:port), balanced
    /// per request.
    #[arg(long, default_value = "127.0.0.1:50051", env = "EVENTX_SERVER")]
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
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum FormatArg {
    Table,
    Json,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum SpanUnitArg {
    /// Unicode code points (Python, Rust chars).
    CodePoint,
    /// UTF-16 code units (JavaScript, Java).
    Utf16,
    /// UTF-8 bytes.
    Utf8,
}

fn main() -> ExitCode {
    match run(Cli::parse()) {
        Ok(code) => code,
        Err(e) if cli::is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("eventx: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Extract(args) => extract(*args),
        Command::Ontology { server, format, token, tls } => ontology(server, format, token, &tls),
        Command::Health { server, service, timeout, tls } => health(&server, &service, timeout, &tls),
        Command::Bench(args) => bench(args),
    }
}

fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    Ok(tokio::runtime::Builder::new_multi_thread().enable_all().build()?)
}

fn format(arg: Option<FormatArg>) -> Format {
    match arg {
        Some(FormatArg::Table) => Format::Table,
        Some(FormatArg::Json) => Format::Json,
        None => Format::for_stdout(),
    }
}

fn extract(args: ExtractArgs) -> anyhow::Result<ExitCode> {
    let options = request_options(&args.request)?;
    let unit = SpanUnit::try_from(options.span_unit).unwrap_or(SpanUnit::CodePoint);
    let runtime = runtime()?;
    let backend = if args.connection.server.is_empty() {
        let limits = Limits { max_text_bytes: args.max_text_bytes, ..Limits::default() };
        Backend::Embedded(Box::new(Embedded::new(limits).with_options(options)))
    } else {
        let builder = client_builder(&args.connection)?.options(options);
        Backend::Remote(runtime.block_on(builder.connect())?)
    };
    let (input, size): (Box<dyn Read + Send>, Option<u64>) = if args.input == "-" {
        (Box::new(io::stdin()), None)
    } else {
        let file = File::open(&args.input).with_context(|| format!("cannot open {}", args.input))?;
        let size = file.metadata().ok().map(|m| m.len());
        (Box::new(file), size)
    };
    let output = Output::new(BufWriter::new(io::stdout().lock()), format(args.format), unit);
    let name = if args.input == "-" { "stdin" } else { args.input.as_str() };
    let failures = if args.jsonl {
        let progress = Progress::new(size);
        let input = BufReader::new(progress.reader(input));
        let mut sink = Sink::new(output, progress, name);
        runtime.block_on(cli::extract::batch(&backend, input, &mut sink))?;
        sink.finish(true)?
    } else {
        let mut text = String::new();
        BufReader::new(input).read_to_string(&mut text).with_context(|| format!("cannot read {name}"))?;
        let article = Article {
            id: args.id.unwrap_or_default(),
            title: args.title.unwrap_or_default(),
            publication_date: args.published.unwrap_or_default(),
            text,
            ..Article::default()
        };
        let mut sink = Sink::new(output, Progress::new(None), name);
        runtime.block_on(cli::extract::one(&backend, article, &mut sink))?;
        sink.finish(false)?
    };
    // Tasks still waiting on a server or the input must not hold the exit.
    runtime.shutdown_background();
    Ok(if failures == 0 { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

fn request_options(args: &RequestArgs) -> anyhow::Result<ExtractOptions> {
    let categories = args
        .categories
        .iter()
        .filter(|name| !name.trim().is_empty())
        .map(|name| options::category(name).map(|c| c as i32))
        .collect::<Result<Vec<_>, _>>()
        .map_err(anyhow::Error::msg)?;
    anyhow::ensure!(
        (0.0..=1.0).contains(&args.min_confidence),
        "--min-confidence {} is not a number between 0 and 1",
        args.min_confidence
    );
    let unit = match args.span_unit {
        SpanUnitArg::CodePoint => SpanUnit::CodePoint,
        SpanUnitArg::Utf16 => SpanUnit::Utf16CodeUnit,
        SpanUnitArg::Utf8 => SpanUnit::Utf8Byte,
    };
    Ok(ExtractOptions {
        categories,
        min_confidence: args.min_confidence,
        include_spans: if args.no_spans { Some(false) } else { None },
        span_unit: unit as i32,
    })
}

fn client_builder(args: &ConnectionArgs) -> anyhow::Result<ClientBuilder> {
    let mut builder = Client::builder(args.server.join(","))
        .retries(args.retries)
        .gzip(args.gzip)
        .concurrency(args.concurrency);
    if let Some(seconds) = args.timeout {
        anyhow::ensure!(seconds > 0.0, "--timeout must be more than 0 seconds");
        builder = builder.timeout(Duration::from_secs_f64(seconds));
    }
    if let Some(token) = &args.token {
        builder = builder.bearer_token(token);
    }
    Ok(args.tls.apply(builder))
}

fn ontology(
    server: Option<String>,
    format_arg: Option<FormatArg>,
    token: Option<String>,
    tls: &TlsArgs,
) -> anyhow::Result<ExitCode> {
    let ontology: GetOntologyResponse = match server {
        Some(server) => {
            let mut builder = tls.apply(Client::builder(server));
            if let Some(token) = token {
                builder = builder.bearer_token(token);
            }
            runtime()?.block_on(async { builder.connect().await?.ontology().await })?
        }
        None => Embedded::ontology(),
    };
    let mut out = BufWriter::new(io::stdout().lock());
    match format(format_arg) {
        Format::Table => render::ontology(&mut out, &ontology)?,
        Format::Json => {
            serde_json::to_writer_pretty(&mut out, &ontology)?;
            io::Write::write_all(&mut out, b"\n")?;
        }
    }
    io::Write::flush(&mut out)?;
    Ok(ExitCode::SUCCESS)
}

fn health(server: &str, service: &str, timeout: f64, tls: &TlsArgs) -> anyhow::Result<ExitCode> {
    let timeout = Duration::from_secs_f64(timeout.max(0.001));
    let check = async {
        let builder = tls.apply(Client::builder(server)).connect_timeout(timeout).timeout(timeout);
        let client = builder.connect().await?;
        client.health_of(service).await
    };
    let status = match runtime()?.block_on(async { tokio::time::timeout(timeout, check).await }) {
        Ok(Ok(status)) => status.as_str_name().to_string(),
        Ok(Err(e)) => format!("unreachable: {e}"),
        Err(_) => "unreachable: timed out".to_string(),
    };
    io::Write::write_all(&mut io::stdout(), format!("{status}\n").as_bytes())?;
    Ok(if status == "SERVING" { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

fn bench(args: BenchArgs) -> anyhow::Result<ExitCode> {
    let articles = match &args.corpus {
        Some(path) => {
            let text = std::fs::read_to_string(path).with_context(|| format!("cannot read {path}"))?;
            text.lines().filter_map(|line| eventx_client::input::article_from_json(line).ok()).collect()
        }
        None => load::synthetic_articles(64, args.article_bytes),
    };
    let config = load::LoadConfig {
        server: args.server,
        mode: if args.mode == "stream" { load::Mode::Stream } else { load::Mode::Unary },
        concurrency: args.concurrency,
        rate: args.rate,
        duration: Duration::from_secs_f64(args.duration.max(0.0)),
        max_requests: args.requests,
        articles,
    };
    let report = runtime()?.block_on(load::run(config))?;
    io::Write::write_all(&mut io::stdout(), report.to_string().as_bytes())?;
    Ok(ExitCode::SUCCESS)
}
