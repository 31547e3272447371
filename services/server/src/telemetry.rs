//! Log output: human-readable lines or one JSON object per line, filtered RUST_LOG-style.

use std::io::IsTerminal;

use tracing_subscriber::EnvFilter;

/// How log lines are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LogFormat {
    /// One readable line per event, with the span fields in front; coloured only when stderr is
    /// a terminal.
    Human,
    /// One JSON object per event, with the fields of the current span under "span".
    Json,
}

/// The level names a filter directive may use.
const LEVELS: [&str; 6] = ["trace", "debug", "info", "warn", "error", "off"];

/// Installs the global tracing subscriber writing to stderr. `filter` uses the RUST_LOG syntax
/// ("info", "eventx_server=debug,info"); see [`log_filter`] for what is refused.
pub fn init_tracing(format: LogFormat, filter: &str) -> anyhow::Result<()> {
    let filter = log_filter(filter)?;
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr);
    let installed = match format {
        LogFormat::Human => builder.with_ansi(std::io::stderr().is_terminal()).try_init(),
        LogFormat::Json => builder.json().with_current_span(true).with_span_list(false).try_init(),
    };
    installed.map_err(|e| anyhow::anyhow!("cannot install the log subscriber: {e}"))
}

/// Parses a log filter in the RUST_LOG syntax. Stricter than `EnvFilter`, which reads an unknown
/// word such as "verbose" as the name of a module to log at every level and so silences the
/// server's own logs: every directive without `=` must be a level name, and every level after
/// `=` must be one too.
pub fn log_filter(filter: &str) -> anyhow::Result<EnvFilter> {
    let refuse = |why: String| {
        anyhow::anyhow!(
            "invalid log level {filter:?}: {why}; use one of {} or TARGET=LEVEL",
            LEVELS.join(", ")
        )
    };
    for directive in filter.split(',').map(str::trim).filter(|d| !d.is_empty()) {
        let level = match directive.rsplit_once('=') {
            Some((_, level)) => level,
            None if directive.contains('[') => continue,
            None => directive,
        };
        if !LEVELS.iter().any(|known| known.eq_ignore_ascii_case(level.trim())) {
            return Err(refuse(format!("{level:?} is not a level")));
        }
    }
    EnvFilter::try_new(filter).map_err(|e| refuse(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_and_targets_with_levels_are_accepted() {
        for filter in ["info", "WARN", "eventx_server=debug,info", "off", "h2=warn,tonic=error"] {
            assert!(log_filter(filter).is_ok(), "{filter}");
        }
    }

    #[test]
    fn unknown_levels_are_refused_with_the_known_ones() {
        for filter in ["verbose", "eventx_server", "info,loud", "eventx_server=chatty"] {
            let error = log_filter(filter).unwrap_err().to_string();
            assert!(error.contains("invalid log level"), "{filter}: {error}");
            assert!(error.contains("trace, debug, info, warn, error, off"), "{filter}: {error}");
        }
    }
}
