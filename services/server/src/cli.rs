//! Command-line flags of `eventx-server`, each with an `EVENTX_*` environment twin.

use std::time::Duration;

use clap::Parser;

use crate::config::{Config, available_cores, default_queue};
use crate::security::SecurityArgs;
use crate::telemetry::LogFormat;

/// Flags of `eventx-server`. Every flag can also be set through the environment variable named
/// in its help; a flag on the command line wins over the environment.
#[derive(Debug, Clone, Parser)]
#[command(name = "eventx-server", version, about = "Serves eventx.v1.ExtractionService over gRPC.")]
pub struct Cli {
    /// Address the gRPC server listens on (HOST:PORT; port 0 picks a free port).
    #[arg(long, env = "EVENTX_ADDR", default_value = "127.0.0.1:50051")]
    pub addr: String,
    /// Address of the Prometheus endpoint (/metrics, /healthz); "off" or empty disables it.
    #[arg(long, env = "EVENTX_METRICS_ADDR", default_value = "127.0.0.1:9090")]
    pub metrics_addr: String,
    /// Largest accepted article text, in bytes.
    #[arg(long, env = "EVENTX_MAX_TEXT_BYTES", default_value_t = Config::default().max_text_bytes)]
    pub max_text_bytes: usize,
    /// Largest accepted article title, in bytes.
    #[arg(long, env = "EVENTX_MAX_TITLE_BYTES", default_value_t = Config::default().max_title_bytes)]
    pub max_title_bytes: usize,
    /// Largest accepted gRPC message after decompression, in bytes.
    #[arg(long, env = "EVENTX_MAX_MESSAGE_BYTES", default_value_t = Config::default().max_message_bytes)]
    pub max_message_bytes: usize,
    /// Extractions running at once [default: the number of cores].
    #[arg(long, env = "EVENTX_MAX_CONCURRENT", value_parser = positive)]
    pub max_concurrent: Option<usize>,
    /// Extractions allowed to wait for a slot before requests are shed with RESOURCE_EXHAUSTED
    /// [default: 32 × max-concurrent].
    #[arg(long, env = "EVENTX_MAX_QUEUE")]
    pub max_queue: Option<usize>,
    /// Deadline of a call whose client sent none, and of each streamed article ("30s", "500ms").
    #[arg(long, env = "EVENTX_DEFAULT_TIMEOUT", default_value = "30s", value_parser = parse_duration)]
    pub default_timeout: Duration,
    /// After SIGTERM/SIGINT: how long to keep serving while health reports NOT_SERVING.
    #[arg(long, env = "EVENTX_DRAIN_DELAY", default_value = "5s", value_parser = parse_duration)]
    pub drain_delay: Duration,
    /// After the drain delay: how long open calls may take to finish before the server exits.
    #[arg(long, env = "EVENTX_MAX_DRAIN", default_value = "10s", value_parser = parse_duration)]
    pub max_drain: Duration,
    /// Repeated warnings (one per shed request) are written once, then summarised at most once
    /// per this interval ("10s").
    #[arg(long, env = "EVENTX_LOG_REPEAT_INTERVAL", default_value = "10s", value_parser = parse_duration)]
    pub log_repeat_interval: Duration,
    /// After this long without extractions, return the memory the allocator holds but does not
    /// use to the system ("2s"; "0" never does).
    #[arg(long, env = "EVENTX_IDLE_RELEASE", default_value = "2s", value_parser = parse_duration)]
    pub idle_release: Duration,
    /// Log format.
    #[arg(long, env = "EVENTX_LOG_FORMAT", value_enum, default_value_t = LogFormat::Human)]
    pub log_format: LogFormat,
    /// Log filter in RUST_LOG syntax ("info", "eventx_server=debug,info").
    #[arg(long, env = "EVENTX_LOG_LEVEL", default_value = "info")]
    pub log_level: String,
    /// TLS, bearer tokens and reflection.
    #[command(flatten)]
    pub security: SecurityArgs,
}

impl Cli {
    /// The server settings these flags describe.
    pub fn config(&self) -> Config {
        let max_concurrent = self.max_concurrent.unwrap_or_else(available_cores);
        Config {
            max_text_bytes: self.max_text_bytes,
            max_title_bytes: self.max_title_bytes,
            max_message_bytes: self.max_message_bytes,
            max_concurrent,
            max_queue: self.max_queue.unwrap_or_else(|| default_queue(max_concurrent)),
            default_timeout: self.default_timeout,
            drain_delay: self.drain_delay,
            max_drain: self.max_drain,
            log_repeat_interval: self.log_repeat_interval,
            idle_release: self.idle_release,
            security: self.security.security(),
        }
    }

    /// The metrics address, or `None` when the metrics endpoint is disabled.
    pub fn metrics_addr(&self) -> Option<&str> {
        match self.metrics_addr.trim() {
            "" | "off" => None,
            addr => Some(addr),
        }
    }
}

fn positive(text: &str) -> Result<usize, String> {
    match text.trim().parse::<usize>() {
        Ok(0) => Err("must be at least 1".to_string()),
        Ok(n) => Ok(n),
        Err(e) => Err(e.to_string()),
    }
}

/// Parses a duration written as a number and a unit: "250ms", "30s", "2m", "1h"; a bare number
/// counts seconds.
pub fn parse_duration(text: &str) -> Result<Duration, String> {
    let text = text.trim();
    let split = text.find(|c: char| !c.is_ascii_digit() && c != '.').unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let value: f64 = number.parse().map_err(|_| format!("{text:?} is not a duration such as \"30s\""))?;
    let seconds = match unit.trim() {
        "ms" => value / 1000.0,
        "" | "s" => value,
        "m" => value * 60.0,
        "h" => value * 3600.0,
        other => return Err(format!("unknown unit {other:?} in {text:?}; use ms, s, m or h")),
    };
    Duration::try_from_secs_f64(seconds).map_err(|e| format!("{text:?}: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_take_units() {
        assert_eq!(parse_duration("250ms"), Ok(Duration::from_millis(250)));
        assert_eq!(parse_duration("30s"), Ok(Duration::from_secs(30)));
        assert_eq!(parse_duration("2m"), Ok(Duration::from_secs(120)));
        assert_eq!(parse_duration("1.5"), Ok(Duration::from_millis(1500)));
        assert_eq!(parse_duration("0"), Ok(Duration::ZERO));
        assert!(parse_duration("ten").is_err());
        assert!(parse_duration("5d").is_err());
    }

    #[test]
    fn flag_defaults_match_the_config_defaults() {
        if std::env::vars().any(|(k, _)| k.starts_with("EVENTX_")) {
            return;
        }
        let cli = Cli::try_parse_from(["eventx-server"]).unwrap();
        assert_eq!(cli.config(), Config::default());
        assert_eq!(cli.addr, "127.0.0.1:50051");
        assert_eq!(cli.metrics_addr(), Some("127.0.0.1:9090"));
    }

    #[test]
    fn metrics_can_be_switched_off() {
        let cli = Cli::try_parse_from(["eventx-server", "--metrics-addr", "off"]).unwrap();
        assert_eq!(cli.metrics_addr(), None);
        let cli = Cli::try_parse_from(["eventx-server", "--metrics-addr", ""]).unwrap();
        assert_eq!(cli.metrics_addr(), None);
    }

    #[test]
    fn zero_concurrency_is_refused() {
        assert!(Cli::try_parse_from(["eventx-server", "--max-concurrent", "0"]).is_err());
    }
}
