//! Who may talk to the server and how: TLS (optionally mutual), bearer tokens and reflection, as
//! settings ([`Security`]), as flags ([`SecurityArgs`]), and the watcher that reloads the
//! certificate and token files when they change or on SIGHUP.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use clap::{ArgAction, Args};
use tokio_util::sync::CancellationToken;

use crate::cli::parse_duration;

/// The certificate files of the gRPC port, read again whenever they change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TlsFiles {
    /// PEM certificate chain of the server, its own certificate first.
    pub cert: PathBuf,
    /// PEM private key of the server (PKCS#8, PKCS#1 or SEC1).
    pub key: PathBuf,
    /// PEM certificates of the authorities that sign client certificates. When set, every client
    /// must present a certificate signed by one of them (mutual TLS).
    pub client_ca: Option<PathBuf>,
}

/// Transport security, authentication and reflection. [`Security::default`] is plain HTTP/2, no
/// tokens, reflection on: the settings of a server on a trusted network or behind a proxy that
/// terminates TLS.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Security {
    /// TLS on the gRPC port; `None` serves plain HTTP/2.
    pub tls: Option<TlsFiles>,
    /// A file of SHA-256 hashes of the accepted bearer tokens; `None` lets every call in.
    pub auth_tokens: Option<PathBuf>,
    /// Whether the reflection services (v1 and v1alpha) are served.
    pub reflection: bool,
    /// How often the certificate and token files are checked for changes; zero checks only on
    /// SIGHUP.
    pub reload_interval: Duration,
    /// How long a client may take to complete the TLS handshake before its connection is closed.
    pub tls_handshake_timeout: Duration,
}

impl Default for Security {
    fn default() -> Self {
        Security {
            tls: None,
            auth_tokens: None,
            reflection: true,
            reload_interval: Duration::from_secs(10),
            tls_handshake_timeout: Duration::from_secs(10),
        }
    }
}

/// The security flags of `eventx-server`, each with an `EVENTX_*` environment twin.
#[derive(Debug, Clone, Args)]
pub struct SecurityArgs {
    /// PEM certificate chain of the gRPC port; with --tls-key, the port speaks TLS only.
    #[arg(long, env = "EVENTX_TLS_CERT", value_name = "FILE", requires = "tls_key")]
    pub tls_cert: Option<PathBuf>,
    /// PEM private key matching --tls-cert.
    #[arg(long, env = "EVENTX_TLS_KEY", value_name = "FILE", requires = "tls_cert")]
    pub tls_key: Option<PathBuf>,
    /// PEM certificates of the CAs that sign client certificates; clients without one are refused
    /// (mutual TLS). Needs --tls-cert.
    #[arg(long, env = "EVENTX_TLS_CLIENT_CA", value_name = "FILE", requires = "tls_cert")]
    pub tls_client_ca: Option<PathBuf>,
    /// How long a client may take to finish the TLS handshake ("10s").
    #[arg(long, env = "EVENTX_TLS_HANDSHAKE_TIMEOUT", default_value = "10s", value_parser = parse_duration)]
    pub tls_handshake_timeout: Duration,
    /// File of SHA-256 hashes (hex, one per line, `#` comments) of the accepted bearer tokens;
    /// every call but health then needs `authorization: Bearer TOKEN`.
    #[arg(long, env = "EVENTX_AUTH_TOKENS", value_name = "FILE")]
    pub auth_tokens: Option<PathBuf>,
    /// Serve gRPC reflection (true or false).
    #[arg(
        long,
        env = "EVENTX_REFLECTION",
        default_value_t = true,
        action = ArgAction::Set,
        num_args = 0..=1,
        default_missing_value = "true",
        value_parser = clap::builder::BoolishValueParser::new(),
        overrides_with = "no_reflection"
    )]
    pub reflection: bool,
    /// Do not serve gRPC reflection (the same as --reflection=false).
    #[arg(long, overrides_with = "reflection")]
    pub no_reflection: bool,
    /// How often the certificate and token files are checked for changes ("10s"; 0 checks only
    /// on SIGHUP).
    #[arg(long, env = "EVENTX_RELOAD_INTERVAL", default_value = "10s", value_parser = parse_duration)]
    pub reload_interval: Duration,
}

impl SecurityArgs {
    /// The settings these flags describe.
    pub fn security(&self) -> Security {
        let tls = match (&self.tls_cert, &self.tls_key) {
            (Some(cert), Some(key)) => {
                Some(TlsFiles { cert: cert.clone(), key: key.clone(), client_ca: self.tls_client_ca.clone() })
            }
            _ => None,
        };
        Security {
            tls,
            auth_tokens: self.auth_tokens.clone(),
            reflection: self.reflection && !self.no_reflection,
            reload_interval: self.reload_interval,
            tls_handshake_timeout: self.tls_handshake_timeout,
        }
    }
}

/// Something read from files that can be read again while the server runs.
pub(crate) trait Reload: Send + Sync {
    /// What is reloaded, for log lines ("TLS certificate").
    fn what(&self) -> &'static str;

    /// Reads the files again and takes them into use when they changed. Returns whether they
    /// changed; on an error the previous contents stay in use.
    fn reload(&self) -> anyhow::Result<bool>;
}

/// Reloads `items` every `interval` (unless zero) and on SIGHUP, until `stop` is cancelled.
pub(crate) async fn watch(items: Vec<Arc<dyn Reload>>, interval: Duration, stop: CancellationToken) {
    if items.is_empty() {
        return;
    }
    let mut hangup = hangup_signal();
    let mut ticks = (!interval.is_zero()).then(|| {
        let mut ticks = tokio::time::interval_at(tokio::time::Instant::now() + interval, interval);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        ticks
    });
    loop {
        let by_signal = tokio::select! {
            () = stop.cancelled() => return,
            () = next_tick(&mut ticks) => false,
            () = next_hangup(&mut hangup) => true,
        };
        for item in &items {
            match item.reload() {
                Ok(true) => tracing::info!(what = item.what(), "reloaded the {}", item.what()),
                Ok(false) if by_signal => {
                    tracing::info!(what = item.what(), "SIGHUP: the {} is unchanged", item.what())
                }
                Ok(false) => {}
                Err(e) => tracing::error!(
                    what = item.what(),
                    error = format!("{e:#}"),
                    "cannot reload the {}; the previous one stays in use",
                    item.what()
                ),
            }
        }
    }
}

async fn next_tick(ticks: &mut Option<tokio::time::Interval>) {
    match ticks {
        Some(ticks) => {
            ticks.tick().await;
        }
        None => std::future::pending().await,
    }
}

#[cfg(unix)]
type Hangup = Option<tokio::signal::unix::Signal>;
#[cfg(not(unix))]
type Hangup = Option<()>;

#[cfg(unix)]
fn hangup_signal() -> Hangup {
    use tokio::signal::unix::{SignalKind, signal};
    match signal(SignalKind::hangup()) {
        Ok(signal) => Some(signal),
        Err(e) => {
            tracing::warn!(error = %e, "cannot watch SIGHUP; files are reloaded only when they change");
            None
        }
    }
}

#[cfg(not(unix))]
fn hangup_signal() -> Hangup {
    None
}

#[cfg(unix)]
async fn next_hangup(hangup: &mut Hangup) {
    match hangup {
        Some(signal) => {
            if signal.recv().await.is_none() {
                std::future::pending::<()>().await;
            }
        }
        None => std::future::pending().await,
    }
}

#[cfg(not(unix))]
async fn next_hangup(_hangup: &mut Hangup) {
    std::future::pending().await
}

#[cfg(test)]
mod tests {
    use clap::Parser;

    use super::*;

    #[derive(Debug, Parser)]
    struct Flags {
        #[command(flatten)]
        security: SecurityArgs,
    }

    fn parse(args: &[&str]) -> Result<Security, clap::Error> {
        let all = std::iter::once("eventx-server").chain(args.iter().copied());
        Flags::try_parse_from(all).map(|flags| flags.security.security())
    }

    #[test]
    fn defaults_are_plain_open_and_reflective() {
        if std::env::vars().any(|(k, _)| k.starts_with("EVENTX_")) {
            return;
        }
        assert_eq!(parse(&[]).unwrap(), Security::default());
    }

    #[test]
    fn reflection_can_be_turned_off_either_way() {
        assert!(!parse(&["--reflection=false"]).unwrap().reflection);
        assert!(!parse(&["--reflection", "off"]).unwrap().reflection);
        assert!(!parse(&["--no-reflection"]).unwrap().reflection);
        assert!(parse(&["--reflection"]).unwrap().reflection);
    }

    #[test]
    fn a_certificate_needs_its_key() {
        assert!(parse(&["--tls-cert", "c.pem"]).is_err());
        assert!(parse(&["--tls-key", "k.pem"]).is_err());
        assert!(parse(&["--tls-client-ca", "ca.pem"]).is_err());
        let security =
            parse(&["--tls-cert", "c.pem", "--tls-key", "k.pem", "--tls-client-ca", "ca.pem"]).unwrap();
        let tls = security.tls.unwrap();
        assert_eq!(tls.cert, PathBuf::from("c.pem"));
        assert_eq!(tls.key, PathBuf::from("k.pem"));
        assert_eq!(tls.client_ca, Some(PathBuf::from("ca.pem")));
    }
}
