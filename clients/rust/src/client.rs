//! [`Client`]: typed calls to one eventx server or to a balanced set of them, with deadlines,
//! retries, compression and a bearer token.

use std::future::Future;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use eventx_proto::v1::extraction_service_client::ExtractionServiceClient;
use eventx_proto::v1::{
    Article, ExtractOptions, ExtractRequest, ExtractResponse, GetOntologyRequest, GetOntologyResponse,
};
use futures::Stream;
use futures::stream::BoxStream;
use tonic::codec::CompressionEncoding;
use tonic::metadata::{AsciiMetadataValue, MetadataMap};
use tonic::transport::Channel;
use tonic_health::pb::HealthCheckRequest;
use tonic_health::pb::health_check_response::ServingStatus;
use tonic_health::pb::health_client::HealthClient;

use crate::balance::{BalanceOptions, Balancer, SERVICE};
use crate::endpoint::{TlsSettings, endpoint};
use crate::error::Error;
use crate::many;
use crate::retry::RetryPolicy;
use crate::target::{Target, parse_targets, wants_balancing};

/// The largest answer the client accepts, after decompression.
const MAX_ANSWER_BYTES: usize = 64 * 1024 * 1024;

/// A client of the eventx `ExtractionService`; cheap to clone (clones share the connections).
///
/// One plain address (`http://host:port`, `https://host:port` or a bare `host:port`) gives one
/// HTTP/2 connection. Several addresses separated by commas, or a `dns:///name:port` target,
/// give a [`Balancer`] that spreads every call over every SERVING address.
///
/// ```no_run
/// use eventx_client::{Client, Error, v1::Article};
/// use std::time::Duration;
///
/// # async fn run() -> Result<(), Error> {
/// let client = Client::builder("127.0.0.1:50051")
///     .timeout(Duration::from_secs(10))
///     .retries(3)
///     .connect()
///     .await?;
/// let article = Article {
///     id: "a1".into(),
///     text: "Kenya expelled two Somali diplomats on Monday.".into(),
///     publication_date: "2024-03-05".into(),
///     ..Article::default()
/// };
/// match client.extract(article).await {
///     Ok(response) => println!("{} events", response.events.len()),
///     Err(Error::InvalidArgument { field_violations, .. }) => eprintln!("bad fields: {field_violations:?}"),
///     Err(other) => return Err(other),
/// }
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone)]
pub struct Client {
    shared: Arc<Shared>,
    options: Option<ExtractOptions>,
}

/// What every clone of a [`Client`] shares.
struct Shared {
    transport: Transport,
    timeout: Option<Duration>,
    retry: RetryPolicy,
    authorization: Option<AsciiMetadataValue>,
    gzip: bool,
    concurrency: usize,
}

impl std::fmt::Debug for Shared {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The bearer token stays out of logs.
        f.debug_struct("Shared")
            .field("transport", &self.transport)
            .field("timeout", &self.timeout)
            .field("retry", &self.retry)
            .field("authorization", &self.authorization.as_ref().map(|_| "Bearer …"))
            .field("gzip", &self.gzip)
            .field("concurrency", &self.concurrency)
            .finish()
    }
}

/// Where the calls go.
#[derive(Debug)]
enum Transport {
    /// One connection to one server.
    Single(Channel),
    /// Every call to one of the SERVING addresses of the targets.
    Balanced(Balancer),
}

/// Settings of a [`Client`], from [`Client::builder`].
#[derive(Clone)]
#[must_use]
pub struct ClientBuilder {
    targets: String,
    connect_timeout: Duration,
    timeout: Option<Duration>,
    retry: RetryPolicy,
    bearer_token: Option<String>,
    gzip: bool,
    concurrency: usize,
    options: Option<ExtractOptions>,
    balance: BalanceOptions,
    tls_ca: Option<PathBuf>,
    tls_identity: Option<(PathBuf, PathBuf)>,
}

impl std::fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("targets", &self.targets)
            .field("connect_timeout", &self.connect_timeout)
            .field("timeout", &self.timeout)
            .field("retry", &self.retry)
            .field("bearer_token", &self.bearer_token.as_ref().map(|_| "…"))
            .field("gzip", &self.gzip)
            .field("concurrency", &self.concurrency)
            .field("options", &self.options)
            .field("balance", &self.balance)
            .field("tls_ca", &self.tls_ca)
            .field("tls_identity", &self.tls_identity)
            .finish()
    }
}

impl ClientBuilder {
    /// How long setting up a connection may take (default 5 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> ClientBuilder {
        self.connect_timeout = timeout;
        self
    }

    /// The deadline of each call, retries included, sent to the server as `grpc-timeout`
    /// (default: none, so the server's own default applies). Batches over one `ExtractStream`
    /// have no overall deadline; the server bounds each of their articles.
    pub fn timeout(mut self, timeout: Duration) -> ClientBuilder {
        self.timeout = Some(timeout);
        self
    }

    /// How many times a call that failed with UNAVAILABLE or RESOURCE_EXHAUSTED (server busy) is
    /// sent again, with exponential backoff and jitter (default 5; 0 turns retrying off).
    pub fn retries(mut self, retries: u32) -> ClientBuilder {
        self.retry.max_retries = retries;
        self
    }

    /// The whole retry policy: the number of retries and the backoff bounds.
    pub fn retry_policy(mut self, policy: RetryPolicy) -> ClientBuilder {
        self.retry = policy;
        self
    }

    /// Sends `authorization: Bearer <token>` with every call.
    pub fn bearer_token(mut self, token: impl Into<String>) -> ClientBuilder {
        self.bearer_token = Some(token.into());
        self
    }

    /// Trusts only the CA certificates (PEM) in the file `path` for the servers' certificates,
    /// instead of the public roots, and connects to every target over TLS, whatever its scheme.
    /// The file is read by [`ClientBuilder::connect`].
    pub fn tls_ca_file(mut self, path: impl Into<PathBuf>) -> ClientBuilder {
        self.tls_ca = Some(path.into());
        self
    }

    /// Presents the client certificate chain in `cert` with the private key in `key` (PEM files)
    /// to servers that require mutual TLS, and connects to every target over TLS. The files are
    /// read by [`ClientBuilder::connect`].
    pub fn tls_identity_files(mut self, cert: impl Into<PathBuf>, key: impl Into<PathBuf>) -> ClientBuilder {
        self.tls_identity = Some((cert.into(), key.into()));
        self
    }

    /// Compresses requests with gzip and asks for gzip-compressed answers (default off).
    pub fn gzip(mut self, enabled: bool) -> ClientBuilder {
        self.gzip = enabled;
        self
    }

    /// Articles in flight at once in [`Client::extract_many`] (default 32): unary calls over a
    /// balancer, or articles sent ahead on the one stream.
    pub fn concurrency(mut self, articles: usize) -> ClientBuilder {
        self.concurrency = articles.max(1);
        self
    }

    /// The options of every extraction (categories, minimum confidence, spans); see also
    /// [`Client::with_options`].
    pub fn options(mut self, options: ExtractOptions) -> ClientBuilder {
        self.options = Some(options);
        self
    }

    /// How a balancer resolves and health-checks its targets (several addresses or `dns:///`).
    pub fn balance_options(mut self, options: BalanceOptions) -> ClientBuilder {
        self.balance = options;
        self
    }

    /// Connects: one connection to a single address (failing with [`Error::Connect`] when it
    /// cannot be made), or a balancer that has resolved and health-checked its targets once.
    pub async fn connect(self) -> Result<Client, Error> {
        let connect_error = |message: String| Error::Connect { target: self.targets.clone(), message };
        let mut targets = parse_targets(&[&self.targets]).map_err(connect_error)?;
        let tls = self.tls_settings().map_err(connect_error)?;
        if tls.is_custom() {
            for target in &mut targets {
                target.tls = true;
            }
        }
        let authorization = match &self.bearer_token {
            Some(token) => Some(
                AsciiMetadataValue::try_from(format!("Bearer {token}"))
                    .map_err(|_| connect_error("the bearer token is not a valid header value".into()))?,
            ),
            None => None,
        };
        let transport = if wants_balancing(&targets) {
            let options =
                BalanceOptions { connect_timeout: self.connect_timeout, tls, ..self.balance.clone() };
            Transport::Balanced(Balancer::start(targets, options).await.map_err(connect_error)?)
        } else {
            Transport::Single(single(&targets[0], self.connect_timeout, &tls).await.map_err(connect_error)?)
        };
        Ok(Client {
            shared: Arc::new(Shared {
                transport,
                timeout: self.timeout,
                retry: self.retry,
                authorization,
                gzip: self.gzip,
                concurrency: self.concurrency,
            }),
            options: self.options,
        })
    }
}

impl ClientBuilder {
    /// The TLS settings of the CA and identity files, read now.
    fn tls_settings(&self) -> Result<TlsSettings, String> {
        let mut settings = self.balance.tls.clone();
        if let Some(ca) = &self.tls_ca {
            settings = settings.ca_file(ca)?;
        }
        if let Some((cert, key)) = &self.tls_identity {
            settings = settings.identity_files(cert, key)?;
        }
        Ok(settings)
    }
}

/// One connection to `target`.
async fn single(target: &Target, connect_timeout: Duration, tls: &TlsSettings) -> Result<Channel, String> {
    let endpoint = endpoint(target, target.uri(), connect_timeout, tls)?;
    let connected = tokio::time::timeout(connect_timeout, endpoint.connect()).await;
    match connected {
        Ok(Ok(channel)) => Ok(channel),
        Ok(Err(e)) => Err(describe_transport_error(&e)),
        Err(_) => Err(format!("no connection within {connect_timeout:?}")),
    }
}

/// A transport error with its causes ("transport error: tcp connect error: Connection refused").
fn describe_transport_error(error: &(dyn std::error::Error + 'static)) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        let cause_text = cause.to_string();
        if !text.contains(&cause_text) {
            text = format!("{text}: {cause_text}");
        }
        source = cause.source();
    }
    text
}

impl Client {
    /// Connects to `url` with the default settings; see [`Client::builder`].
    pub async fn connect(url: impl Into<String>) -> Result<Client, Error> {
        Client::builder(url).connect().await
    }

    /// Settings for a client of `url`: `http://host:port`, `https://host:port`, `host:port`,
    /// `dns:///name:port`, or several of these separated by commas.
    pub fn builder(url: impl Into<String>) -> ClientBuilder {
        ClientBuilder {
            targets: url.into(),
            connect_timeout: Duration::from_secs(5),
            timeout: None,
            retry: RetryPolicy::default(),
            bearer_token: None,
            gzip: false,
            concurrency: 32,
            options: None,
            balance: BalanceOptions::default(),
            tls_ca: None,
            tls_identity: None,
        }
    }

    /// A client sharing this one's connections whose extractions use `options`.
    pub fn with_options(&self, options: ExtractOptions) -> Client {
        Client { shared: Arc::clone(&self.shared), options: Some(options) }
    }

    /// The events of one article, with the client's options.
    pub async fn extract(&self, article: Article) -> Result<ExtractResponse, Error> {
        self.extract_request(ExtractRequest { article: Some(article), options: self.options.clone() }).await
    }

    /// The events of one article with the request's own options.
    pub async fn extract_request(&self, request: ExtractRequest) -> Result<ExtractResponse, Error> {
        self.call(|mut stub, request_meta| {
            let request = with_metadata(request.clone(), request_meta);
            async move { stub.extract(request).await }
        })
        .await
    }

    /// The events of every article of `articles`, one result per article **in input order**;
    /// a bad article gives an error in its place and the others are still answered.
    ///
    /// With one server the articles go over one `ExtractStream` call (answers that arrive out of
    /// order are held back until their turn); with a balancer each article is its own `Extract`
    /// call, spread over the servers. Either way at most [`ClientBuilder::concurrency`] articles
    /// are in flight or waiting for their turn, and retryable failures are retried as in
    /// [`Client::extract`]. Must be polled within a Tokio runtime.
    pub fn extract_many<S>(&self, articles: S) -> BoxStream<'static, Result<ExtractResponse, Error>>
    where
        S: Stream<Item = Article> + Send + 'static,
    {
        match &self.shared.transport {
            Transport::Single(_) => many::over_stream(self.clone(), Box::pin(articles)),
            Transport::Balanced(_) => many::over_calls(self.clone(), Box::pin(articles)),
        }
    }

    /// [`Client::extract_many`] over the articles of an iterator.
    pub fn extract_iter<I>(&self, articles: I) -> BoxStream<'static, Result<ExtractResponse, Error>>
    where
        I: IntoIterator<Item = Article>,
        I::IntoIter: Send + 'static,
    {
        self.extract_many(futures::stream::iter(articles))
    }

    /// The vocabulary the server speaks: categories with their modes, contexts, sectors.
    pub async fn ontology(&self) -> Result<GetOntologyResponse, Error> {
        self.call(|mut stub, meta| async move {
            stub.get_ontology(with_metadata(GetOntologyRequest {}, meta)).await
        })
        .await
    }

    /// The `grpc.health.v1` status of the extraction service (one attempt, no retries).
    pub async fn health(&self) -> Result<ServingStatus, Error> {
        self.health_of(SERVICE).await
    }

    /// The `grpc.health.v1` status of `service` (`""` for the server as a whole).
    pub async fn health_of(&self, service: &str) -> Result<ServingStatus, Error> {
        let mut client = HealthClient::new(self.channel());
        let request = HealthCheckRequest { service: service.to_string() };
        let answer = client.check(with_metadata(request, self.metadata(self.shared.timeout))).await;
        Ok(answer.map_err(Error::from)?.into_inner().status())
    }

    /// The generated tonic client on this client's channel, with its compression settings, for
    /// calls this type does not wrap. Its calls are neither retried nor given a deadline.
    pub fn grpc(&self) -> ExtractionServiceClient<Channel> {
        let stub = ExtractionServiceClient::new(self.channel()).max_decoding_message_size(MAX_ANSWER_BYTES);
        if self.shared.gzip {
            stub.send_compressed(CompressionEncoding::Gzip).accept_compressed(CompressionEncoding::Gzip)
        } else {
            stub
        }
    }

    /// The balancer behind this client, when it has several addresses.
    pub fn balancer(&self) -> Option<&Balancer> {
        match &self.shared.transport {
            Transport::Balanced(balancer) => Some(balancer),
            Transport::Single(_) => None,
        }
    }

    /// The options of this client's extractions.
    pub(crate) fn options(&self) -> Option<&ExtractOptions> {
        self.options.as_ref()
    }

    /// The retry policy.
    pub(crate) fn retry_policy(&self) -> &RetryPolicy {
        &self.shared.retry
    }

    /// Articles in flight at once in batches.
    pub(crate) fn concurrency(&self) -> usize {
        self.shared.concurrency
    }

    /// The request metadata of a call: the deadline left and the bearer token.
    pub(crate) fn metadata(&self, timeout: Option<Duration>) -> CallMetadata {
        CallMetadata { timeout, authorization: self.shared.authorization.clone() }
    }

    /// Tells the balancer, if any, that a call found a server unavailable.
    pub(crate) fn report_unavailable(&self) {
        if let Some(balancer) = self.balancer() {
            balancer.report_unavailable();
        }
    }

    fn channel(&self) -> Channel {
        match &self.shared.transport {
            Transport::Single(channel) => channel.clone(),
            Transport::Balanced(balancer) => balancer.channel(),
        }
    }

    /// Runs `attempt` until it succeeds, fails in a way that is not retried, runs out of
    /// retries, or the client's deadline would pass during the next backoff.
    async fn call<T, F, Fut>(&self, mut attempt: F) -> Result<T, Error>
    where
        F: FnMut(ExtractionServiceClient<Channel>, CallMetadata) -> Fut,
        Fut: Future<Output = Result<tonic::Response<T>, tonic::Status>>,
    {
        let deadline = self.shared.timeout.map(|timeout| Instant::now() + timeout);
        let mut retry = 0;
        loop {
            let left = deadline.map(|d| d.saturating_duration_since(Instant::now()));
            let error = match attempt(self.grpc(), self.metadata(left)).await {
                Ok(answer) => return Ok(answer.into_inner()),
                Err(status) => Error::from(status),
            };
            if matches!(error, Error::Unavailable { .. }) {
                self.report_unavailable();
            }
            retry += 1;
            let Some(pause) = self.shared.retry.delay(retry, &error) else { return Err(error) };
            if deadline.is_some_and(|d| Instant::now() + pause >= d) {
                return Err(error);
            }
            tokio::time::sleep(pause).await;
        }
    }
}

/// The metadata one call sends.
#[derive(Debug, Clone)]
pub(crate) struct CallMetadata {
    timeout: Option<Duration>,
    authorization: Option<AsciiMetadataValue>,
}

/// `message` as a request with `meta`: `grpc-timeout` and `authorization`.
pub(crate) fn with_metadata<T>(message: T, meta: CallMetadata) -> tonic::Request<T> {
    let mut request = tonic::Request::new(message);
    if let Some(timeout) = meta.timeout {
        request.set_timeout(timeout);
    }
    if let Some(value) = meta.authorization {
        let metadata: &mut MetadataMap = request.metadata_mut();
        metadata.insert("authorization", value);
    }
    request
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calls_carry_their_deadline_and_bearer_token() {
        let meta = CallMetadata {
            timeout: Some(Duration::from_millis(1500)),
            authorization: Some(AsciiMetadataValue::from_static("Bearer s3cret")),
        };
        let request = with_metadata((), meta);
        let headers = request.into_parts().0.into_headers();
        assert_eq!(headers["authorization"], "Bearer s3cret");
        assert_eq!(headers["grpc-timeout"], "1500000u");

        let bare = with_metadata((), CallMetadata { timeout: None, authorization: None });
        // The token never shows in debug output.
        let builder = Client::builder("a:1").bearer_token("s3cret");
        assert!(!format!("{builder:?}").contains("s3cret"));
        let headers = bare.into_parts().0.into_headers();
        assert!(headers.get("authorization").is_none() && headers.get("grpc-timeout").is_none());
    }
}
