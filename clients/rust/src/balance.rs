//! Client-side, per-request load balancing over every address behind one or more targets.
//!
//! gRPC runs over long-lived HTTP/2 connections, so a connection-level balancer (a Kubernetes
//! ClusterIP Service, an L4 load balancer) pins each client to one server for the life of the
//! connection. A [`Balancer`] instead keeps one connection per server address and sends each
//! request to one of them: tonic's [`Channel::balance_channel`], a tower power-of-two-choices
//! balancer over a discover stream of endpoints. A background task feeds that stream: it
//! resolves every target again every [`BalanceOptions::refresh`], asks each address for its
//! `grpc.health.v1` status, and inserts the addresses that are SERVING and removes the others.
//! A caller that sees UNAVAILABLE calls [`Balancer::report_unavailable`], which runs that
//! refresh at once, so a server that went away stops getting requests within one probe.

use std::collections::{BTreeMap, BTreeSet};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::{Notify, mpsc};
use tokio::task::{JoinHandle, JoinSet};
use tonic::transport::channel::Change;
use tonic::transport::{Channel, Endpoint};
use tonic_health::pb::health_client::HealthClient;
use tonic_health::pb::{HealthCheckRequest, health_check_response::ServingStatus};

use crate::ExtractionServiceClient;

/// The port used when a target names none.
pub const DEFAULT_PORT: u16 = 50051;

/// The health-checked service name: SERVING while the server takes extraction calls.
pub const SERVICE: &str = "eventx.v1.ExtractionService";

/// One place to find servers: a host name or IP address and a port. A name may resolve to
/// several addresses (a Kubernetes headless Service does), and every one of them is used.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Target {
    /// Host name or IP address (IPv6 without brackets).
    pub host: String,
    /// TCP port.
    pub port: u16,
    /// Whether the target was written as `dns:///host:port`, asking for every resolved address.
    pub dns: bool,
}

impl Target {
    /// Parses `http://host:port`, `host:port`, `dns:///host:port` or `dns:host:port`; IPv6
    /// addresses go in brackets (`[::1]:50051`). A missing port means [`DEFAULT_PORT`].
    pub fn parse(text: &str) -> Result<Target, String> {
        let text = text.trim();
        let (rest, dns) = if let Some(rest) = text.strip_prefix("dns:") {
            let rest = match rest.strip_prefix("//") {
                Some(with_authority) => match with_authority.split_once('/') {
                    Some(("", rest)) => rest,
                    _ => {
                        return Err(format!(
                            "{text:?}: a DNS authority is not supported; write dns:///host:port"
                        ));
                    }
                },
                None => rest,
            };
            (rest, true)
        } else if let Some(rest) = text.strip_prefix("http://") {
            (rest, false)
        } else if text.contains("://") {
            return Err(format!("{text:?}: only http:// and dns:/// targets are supported (no TLS)"));
        } else {
            (text, false)
        };
        let rest = rest.trim_end_matches('/');
        let (host, port) = if let Some(bracketed) = rest.strip_prefix('[') {
            let (host, after) =
                bracketed.split_once(']').ok_or_else(|| format!("{text:?}: unclosed '[' in the address"))?;
            (host, after.strip_prefix(':'))
        } else {
            match rest.rsplit_once(':') {
                Some((host, port)) => (host, Some(port)),
                None => (rest, None),
            }
        };
        if host.is_empty() || host.contains(['/', ' ']) {
            return Err(format!("{text:?}: expected host:port"));
        }
        let port = match port {
            Some(port) => port.parse().map_err(|_| format!("{text:?}: bad port {port:?}"))?,
            None => DEFAULT_PORT,
        };
        Ok(Target { host: host.to_string(), port, dns })
    }

    async fn resolve(&self) -> std::io::Result<BTreeSet<SocketAddr>> {
        Ok(tokio::net::lookup_host((self.host.as_str(), self.port)).await?.collect())
    }
}

/// Parses targets, each of which may itself be a comma-separated list
/// (`--server a:50051,b:50051 --server dns:///eventx-headless:50051`).
pub fn parse_targets<S: AsRef<str>>(items: &[S]) -> Result<Vec<Target>, String> {
    let targets: Vec<Target> = items
        .iter()
        .flat_map(|item| item.as_ref().split(','))
        .filter(|part| !part.trim().is_empty())
        .map(Target::parse)
        .collect::<Result<_, _>>()?;
    if targets.is_empty() {
        return Err("no server given".to_string());
    }
    Ok(targets)
}

/// Whether `targets` ask for balancing: several targets, or one written as `dns:///`. A single
/// plain `http://host:port` keeps the one-connection behaviour.
pub fn wants_balancing(targets: &[Target]) -> bool {
    targets.len() > 1 || targets.iter().any(|t| t.dns)
}

/// How a [`Balancer`] finds and checks its servers.
#[derive(Debug, Clone)]
pub struct BalanceOptions {
    /// How often every target is resolved and every address health-checked again.
    pub refresh: Duration,
    /// The shortest time between two refreshes, however often UNAVAILABLE is reported.
    pub min_refresh: Duration,
    /// Connect and answer timeout of one health check.
    pub probe_timeout: Duration,
    /// Connect timeout of the connections that carry requests.
    pub connect_timeout: Duration,
}

impl Default for BalanceOptions {
    fn default() -> BalanceOptions {
        BalanceOptions {
            refresh: Duration::from_secs(5),
            min_refresh: Duration::from_millis(100),
            probe_timeout: Duration::from_secs(1),
            connect_timeout: Duration::from_secs(2),
        }
    }
}

/// A channel that balances each request over the SERVING addresses of its targets, kept up to
/// date by a background task that ends when the balancer is dropped.
#[derive(Debug)]
pub struct Balancer {
    channel: Channel,
    wake: Arc<Notify>,
    current: Arc<Mutex<BTreeSet<SocketAddr>>>,
    task: JoinHandle<()>,
}

impl Balancer {
    /// Resolves and health-checks the targets once, then keeps doing so in the background.
    /// Fails when no target resolves to any address.
    pub async fn start(targets: Vec<Target>, options: BalanceOptions) -> anyhow::Result<Balancer> {
        anyhow::ensure!(!targets.is_empty(), "no server given");
        let (channel, changes) = Channel::balance_channel::<SocketAddr>(64);
        let mut discovery = Discovery {
            targets,
            options,
            changes,
            resolved: BTreeMap::new(),
            current: Arc::new(Mutex::new(BTreeSet::new())),
        };
        discovery.refresh().await;
        let resolved: BTreeSet<SocketAddr> = discovery.resolved.values().flatten().copied().collect();
        anyhow::ensure!(!resolved.is_empty(), "no address found for {}", describe(&discovery.targets));
        let wake = Arc::new(Notify::new());
        let current = discovery.current.clone();
        let task = tokio::spawn(discovery.run(wake.clone()));
        Ok(Balancer { channel, wake, current, task })
    }

    /// The balanced channel; clones share the balancer.
    pub fn channel(&self) -> Channel {
        self.channel.clone()
    }

    /// An extraction client over the balanced channel.
    pub fn client(&self) -> ExtractionServiceClient<Channel> {
        ExtractionServiceClient::new(self.channel())
    }

    /// Tells the balancer that a call failed with UNAVAILABLE: it resolves and health-checks its
    /// targets at once (at most once per [`BalanceOptions::min_refresh`]).
    pub fn report_unavailable(&self) {
        self.wake.notify_one();
    }

    /// A handle that tasks of their own can keep to call [`Reporter::unavailable`].
    pub fn reporter(&self) -> Reporter {
        Reporter(self.wake.clone())
    }

    /// The addresses that currently receive requests.
    pub fn addresses(&self) -> Vec<SocketAddr> {
        self.current.lock().expect("address set lock").iter().copied().collect()
    }
}

impl Drop for Balancer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Reports UNAVAILABLE to a [`Balancer`] (see [`Balancer::report_unavailable`]); it is cheap to
/// clone and may outlive the balancer, when it does nothing.
#[derive(Debug, Clone)]
pub struct Reporter(Arc<Notify>);

impl Reporter {
    /// Asks the balancer to resolve and health-check its targets at once.
    pub fn unavailable(&self) {
        self.0.notify_one();
    }
}

fn describe(targets: &[Target]) -> String {
    targets.iter().map(|t| format!("{}:{}", t.host, t.port)).collect::<Vec<_>>().join(", ")
}

/// The background half of a [`Balancer`]: resolution, health checks and the endpoint changes.
struct Discovery {
    targets: Vec<Target>,
    options: BalanceOptions,
    changes: mpsc::Sender<Change<SocketAddr, Endpoint>>,
    /// The last good resolution of each target (kept when a later lookup fails).
    resolved: BTreeMap<Target, BTreeSet<SocketAddr>>,
    current: Arc<Mutex<BTreeSet<SocketAddr>>>,
}

impl Discovery {
    async fn run(mut self, wake: Arc<Notify>) {
        loop {
            tokio::select! {
                _ = tokio::time::sleep(self.options.refresh) => {}
                _ = wake.notified() => {}
            }
            if !self.refresh().await {
                return;
            }
            tokio::time::sleep(self.options.min_refresh).await;
        }
    }

    /// One round: resolve, health-check, apply the difference. Returns false once the balanced
    /// channel is gone.
    async fn refresh(&mut self) -> bool {
        for target in &self.targets {
            // A failed lookup keeps the target's last addresses: a DNS hiccup must not empty
            // the balancer.
            if let Ok(addresses) = target.resolve().await {
                self.resolved.insert(target.clone(), addresses);
            }
        }
        let resolved: BTreeSet<SocketAddr> = self.resolved.values().flatten().copied().collect();
        let mut probes = JoinSet::new();
        for &addr in &resolved {
            probes.spawn(serving(addr, self.options.probe_timeout));
        }
        let mut wanted = BTreeSet::new();
        while let Some(result) = probes.join_next().await {
            if let Ok((addr, true)) = result {
                wanted.insert(addr);
            }
        }
        // With no server answering SERVING, keep sending to every address: callers then get
        // errors they can act on instead of requests that wait for an endpoint forever.
        if wanted.is_empty() {
            wanted = resolved;
        }
        let current = self.current.lock().expect("address set lock").clone();
        let mut changes = Vec::new();
        for &addr in current.difference(&wanted) {
            changes.push(Change::Remove(addr));
        }
        for &addr in wanted.difference(&current) {
            let endpoint = Endpoint::from_shared(format!("http://{addr}"))
                .expect("a socket address is a valid URI")
                .connect_timeout(self.options.connect_timeout)
                .tcp_nodelay(true);
            changes.push(Change::Insert(addr, endpoint));
        }
        *self.current.lock().expect("address set lock") = wanted;
        for change in changes {
            if self.changes.send(change).await.is_err() {
                return false;
            }
        }
        true
    }
}

/// Whether the server at `addr` reports [`SERVICE`] as SERVING within `timeout`.
async fn serving(addr: SocketAddr, timeout: Duration) -> (SocketAddr, bool) {
    let check = async {
        let channel = Endpoint::from_shared(format!("http://{addr}"))
            .ok()?
            .connect_timeout(timeout)
            .connect()
            .await
            .ok()?;
        let request = HealthCheckRequest { service: SERVICE.to_string() };
        let response = HealthClient::new(channel).check(request).await.ok()?;
        Some(response.into_inner().status() == ServingStatus::Serving)
    };
    let ok = tokio::time::timeout(timeout, check).await.ok().flatten().unwrap_or(false);
    (addr, ok)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target(host: &str, port: u16, dns: bool) -> Target {
        Target { host: host.to_string(), port, dns }
    }

    #[test]
    fn targets_parse_in_every_written_form() {
        assert_eq!(Target::parse("http://127.0.0.1:50051"), Ok(target("127.0.0.1", 50051, false)));
        assert_eq!(Target::parse("localhost:7000/"), Ok(target("localhost", 7000, false)));
        assert_eq!(Target::parse("dns:///eventx-headless:50051"), Ok(target("eventx-headless", 50051, true)));
        assert_eq!(Target::parse("dns:eventx"), Ok(target("eventx", DEFAULT_PORT, true)));
        assert_eq!(Target::parse("[::1]:9"), Ok(target("::1", 9, false)));
        assert!(Target::parse("https://a:1").is_err());
        assert!(Target::parse("dns://8.8.8.8/a:1").is_err());
        assert!(Target::parse("a:port").is_err());
        assert!(Target::parse("http://:1").is_err());
    }

    #[test]
    fn lists_split_on_commas_and_decide_balancing() {
        let targets = parse_targets(&["a:1,b:2", "dns:///c:3"]).unwrap();
        assert_eq!(targets, [target("a", 1, false), target("b", 2, false), target("c", 3, true)]);
        assert!(wants_balancing(&targets));
        assert!(!wants_balancing(&parse_targets(&["http://a:1"]).unwrap()));
        assert!(wants_balancing(&parse_targets(&["dns:///a:1"]).unwrap()));
        assert!(parse_targets(&[" , "]).is_err());
    }
}
