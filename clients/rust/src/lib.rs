//! eventx-client: a typed client for the eventx gRPC service, and the batch-mode helpers behind
//! the `eventx` command-line tool.

pub mod balance;
pub mod batch;
pub mod load;
pub mod remote;

pub use eventx_proto::v1;
pub use eventx_proto::v1::extraction_service_client::ExtractionServiceClient;

/// Connects to an eventx server such as `http://127.0.0.1:50051`.
pub async fn connect(
    address: impl Into<String>,
) -> Result<ExtractionServiceClient<tonic::transport::Channel>, tonic::transport::Error> {
    ExtractionServiceClient::connect(address.into()).await
}

/// Where a client sends its calls: one server over one connection, or several behind a
/// [`balance::Balancer`] that spreads every request over all of them.
#[derive(Debug)]
pub enum Servers {
    /// A single plain `http://host:port` server.
    One(String),
    /// Several targets, or a `dns:///name:port` target, balanced per request.
    Balanced(balance::Balancer),
}

impl Servers {
    /// Connects to `targets` (each may be a comma-separated list): a single plain URL gives
    /// [`Servers::One`], anything else a started [`balance::Balancer`].
    pub async fn connect<S: AsRef<str>>(
        targets: &[S],
        options: balance::BalanceOptions,
    ) -> anyhow::Result<Servers> {
        let parsed = balance::parse_targets(targets).map_err(anyhow::Error::msg)?;
        if balance::wants_balancing(&parsed) {
            return Ok(Servers::Balanced(balance::Balancer::start(parsed, options).await?));
        }
        let target = &parsed[0];
        let host = if target.host.contains(':') { format!("[{}]", target.host) } else { target.host.clone() };
        Ok(Servers::One(format!("http://{host}:{}", target.port)))
    }

    /// An extraction client: a new connection for [`Servers::One`], the shared balanced channel
    /// otherwise.
    pub async fn client(&self) -> anyhow::Result<ExtractionServiceClient<tonic::transport::Channel>> {
        Ok(match self {
            Servers::One(address) => connect(address.clone()).await?,
            Servers::Balanced(balancer) => balancer.client(),
        })
    }
}
