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

use crate::endpoint::{TlsSettings, endpoint};
use crate::target::Target;

/// The health-checked service name: SERVING while the server takes extraction calls.
pub const SERVICE: &str = "eventx.v1.ExtractionService";

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
    /// The CA and client certificate of TLS connections (default: the public roots, none).
    pub tls: TlsSettings,
}

impl Default for BalanceOptions {
    fn default() -> BalanceOptions {
        BalanceOptions {
            refresh: Duration::from_secs(5),
            min_refresh: Duration::from_millis(100),
            probe_timeout: Duration::from_secs(1),
            connect_timeout: Duration::from_secs(2),
            tls: TlsSettings::default(),
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
    pub async fn start(targets: Vec<Target>, options: BalanceOptions) -> Result<Balancer, String> {
        if targets.is_empty() {
            return Err("no server given".to_string());
        }
        let (channel, changes) = Channel::balance_channel::<SocketAddr>(64);
        let mut discovery = Discovery {
            targets,
            options,
            changes,
            resolved: BTreeMap::new(),
            current: Arc::new(Mutex::new(BTreeSet::new())),
        };
        discovery.refresh().await;
        if discovery.resolved.values().all(BTreeSet::is_empty) {
            return Err(format!("no address found for {}", describe(&discovery.targets)));
        }
        let wake = Arc::new(Notify::new());
        let current = discovery.current.clone();
        let task = tokio::spawn(discovery.run(wake.clone()));
        Ok(Balancer { channel, wake, current, task })
    }

    /// The balanced channel; clones share the balancer.
    pub fn channel(&self) -> Channel {
        self.channel.clone()
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
    targets.iter().map(Target::to_string).collect::<Vec<_>>().join(", ")
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
        // Each address with the first target that resolved to it (its scheme and TLS name).
        let mut resolved: BTreeMap<SocketAddr, Target> = BTreeMap::new();
        for (target, addresses) in &self.resolved {
            for &addr in addresses {
                resolved.entry(addr).or_insert_with(|| target.clone());
            }
        }
        let mut probes = JoinSet::new();
        for (&addr, target) in &resolved {
            if let Ok(endpoint) =
                endpoint(target, target.uri_of(addr), self.options.probe_timeout, &self.options.tls)
            {
                probes.spawn(serving(addr, endpoint, self.options.probe_timeout));
            }
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
            wanted = resolved.keys().copied().collect();
        }
        let current = self.current.lock().expect("address set lock").clone();
        let mut changes = Vec::new();
        for &addr in current.difference(&wanted) {
            changes.push(Change::Remove(addr));
        }
        for &addr in wanted.difference(&current) {
            let target = &resolved[&addr];
            if let Ok(endpoint) =
                endpoint(target, target.uri_of(addr), self.options.connect_timeout, &self.options.tls)
            {
                changes.push(Change::Insert(addr, endpoint));
            }
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

/// Whether the server at `addr` (reached through `endpoint`) reports [`SERVICE`] as SERVING
/// within `timeout`.
async fn serving(addr: SocketAddr, endpoint: Endpoint, timeout: Duration) -> (SocketAddr, bool) {
    let check = async {
        let channel = endpoint.connect().await.ok()?;
        let request = HealthCheckRequest { service: SERVICE.to_string() };
        let response = HealthClient::new(channel).check(request).await.ok()?;
        Some(response.into_inner().status() == ServingStatus::Serving)
    };
    let ok = tokio::time::timeout(timeout, check).await.ok().flatten().unwrap_or(false);
    (addr, ok)
}
