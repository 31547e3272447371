//! End-to-end tests of the server's security: TLS with certificates made here (rcgen), mutual TLS,
//! certificates reloaded on change and on SIGHUP, bearer tokens, and reflection switched off.

mod common;

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::{ARTICLES, article, bounded, request};
use eventx_proto::v1::extraction_service_client::ExtractionServiceClient;
use eventx_server::{Config, Security, ServerHandle, TlsFiles};
use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, Issuer, KeyPair};
use tonic::Code;
use tonic::transport::{Certificate, ClientTlsConfig, Endpoint, Identity};
use tonic_health::pb::HealthCheckRequest;
use tonic_health::pb::health_check_response::ServingStatus;
use tonic_health::pb::health_client::HealthClient;
use tonic_reflection::pb::v1::ServerReflectionRequest;
use tonic_reflection::pb::v1::server_reflection_client::ServerReflectionClient;
use tonic_reflection::pb::v1::server_reflection_request::MessageRequest;

/// A certificate authority made for one test.
struct Ca {
    issuer: Issuer<'static, KeyPair>,
    pem: String,
}

impl Ca {
    fn new(name: &str) -> Ca {
        let key = KeyPair::generate().unwrap();
        let mut params = CertificateParams::new(Vec::<String>::new()).unwrap();
        params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        params.distinguished_name.push(DnType::CommonName, name);
        let pem = params.self_signed(&key).unwrap().pem();
        Ca { issuer: Issuer::new(params, key), pem }
    }

    /// A certificate and key for `names` (DNS names or IP addresses) signed by this CA, as PEM.
    fn issue(&self, common_name: &str, names: &[&str]) -> (String, String) {
        let key = KeyPair::generate().unwrap();
        let names: Vec<String> = names.iter().map(|n| n.to_string()).collect();
        let mut params = CertificateParams::new(names).unwrap();
        params.distinguished_name.push(DnType::CommonName, common_name);
        let cert = params.signed_by(&key, &self.issuer).unwrap();
        (cert.pem(), key.serialize_pem())
    }
}

/// The server's files in a directory of their own, removed at the end of the test.
struct Files {
    dir: PathBuf,
}

impl Files {
    fn new(test: &str) -> Files {
        let dir = std::env::temp_dir().join(format!("eventx-security-{test}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Files { dir }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.join(name)
    }

    /// Writes `contents` to `name` atomically (a new file renamed over the old one, as
    /// certificate tools and Kubernetes secret mounts do).
    fn write(&self, name: &str, contents: &str) -> PathBuf {
        let path = self.path(name);
        let temporary = self.path(&format!(".{name}.new"));
        std::fs::write(&temporary, contents).unwrap();
        std::fs::rename(&temporary, &path).unwrap();
        path
    }

    /// Writes a server certificate for localhost and 127.0.0.1 signed by `ca`, and its key.
    fn server_certificate(&self, ca: &Ca, common_name: &str) -> TlsFiles {
        let (cert, key) = ca.issue(common_name, &["localhost", "127.0.0.1"]);
        TlsFiles {
            cert: self.write("server.pem", &cert),
            key: self.write("server.key", &key),
            client_ca: None,
        }
    }
}

impl Drop for Files {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn config(security: Security) -> Config {
    Config { security, ..common::config() }
}

fn with_tls(files: TlsFiles) -> Config {
    config(Security { tls: Some(files), ..Security::default() })
}

/// A TLS endpoint for `addr` trusting `ca`, presenting `identity` when given.
fn tls_endpoint(addr: &str, ca: &Ca, identity: Option<(String, String)>) -> Endpoint {
    let mut tls =
        ClientTlsConfig::new().domain_name("localhost").ca_certificate(Certificate::from_pem(&ca.pem));
    if let Some((cert, key)) = identity {
        tls = tls.identity(Identity::from_pem(cert, key));
    }
    Endpoint::from_shared(format!("https://{addr}"))
        .unwrap()
        .connect_timeout(Duration::from_secs(5))
        .tls_config(tls)
        .unwrap()
}

/// One `Extract` call over a new connection to `endpoint`: the number of events, or the code of
/// whatever failed (the connection or the call).
async fn extract_over(endpoint: Endpoint) -> Result<usize, String> {
    let channel = bounded(endpoint.connect()).await.map_err(|e| format!("connect: {e:?}"))?;
    let mut client = ExtractionServiceClient::new(channel);
    let answer = bounded(client.extract(request(article("a1", ARTICLES[0])))).await;
    answer
        .map(|r| r.into_inner().events.len())
        .map_err(|status| format!("{:?}: {}", status.code(), status.message()))
}

#[tokio::test]
async fn tls_serves_a_client_that_trusts_the_ca() {
    let files = Files::new("tls-serves");
    let ca = Ca::new("eventx test CA");
    let server = common::start(with_tls(files.server_certificate(&ca, "server"))).await;
    let addr = server.addr().to_string();

    let events = extract_over(tls_endpoint(&addr, &ca, None)).await.expect("a TLS call succeeds");
    assert!(events > 0, "the article has events");
    let mut health = HealthClient::new(tls_endpoint(&addr, &ca, None).connect().await.unwrap());
    let status = health.check(HealthCheckRequest { service: String::new() }).await.unwrap();
    assert_eq!(status.into_inner().status(), ServingStatus::Serving);
    server.stop().await.unwrap();
}

#[tokio::test]
async fn a_plain_client_or_an_untrusting_one_fails_cleanly_and_the_server_carries_on() {
    let files = Files::new("tls-plain");
    let ca = Ca::new("eventx test CA");
    let server = common::start(with_tls(files.server_certificate(&ca, "server"))).await;
    let addr = server.addr().to_string();

    let plain =
        Endpoint::from_shared(format!("http://{addr}")).unwrap().connect_timeout(Duration::from_secs(5));
    let outcome = extract_over(plain).await;
    assert!(outcome.is_err(), "a plain HTTP/2 client got an answer from the TLS port: {outcome:?}");

    let stranger = Ca::new("another CA");
    let outcome = extract_over(tls_endpoint(&addr, &stranger, None)).await;
    let error = outcome.expect_err("a client that does not trust the server's CA connected");
    assert!(error.contains("connect"), "{error}");

    assert!(
        extract_over(tls_endpoint(&addr, &ca, None)).await.is_ok(),
        "the server still serves TLS clients"
    );
    server.stop().await.unwrap();
}

/// A server asking for client certificates signed by `client_ca`.
async fn mutual(files: &Files, server_ca: &Ca, client_ca: &Ca) -> ServerHandle {
    let mut tls = files.server_certificate(server_ca, "server");
    tls.client_ca = Some(files.write("clients.pem", &client_ca.pem));
    common::start(with_tls(tls)).await
}

#[tokio::test]
async fn mutual_tls_admits_a_client_with_a_certificate_from_the_client_ca() {
    let files = Files::new("mtls-admits");
    let (server_ca, client_ca) = (Ca::new("server CA"), Ca::new("client CA"));
    let server = mutual(&files, &server_ca, &client_ca).await;
    let identity = client_ca.issue("pipeline", &["pipeline.example"]);
    let events = extract_over(tls_endpoint(&server.addr().to_string(), &server_ca, Some(identity))).await;
    assert!(events.expect("a client with a certificate is served") > 0);
    server.stop().await.unwrap();
}

#[tokio::test]
async fn mutual_tls_refuses_a_client_without_a_certificate_or_with_one_from_another_ca() {
    let files = Files::new("mtls-refuses");
    let (server_ca, client_ca) = (Ca::new("server CA"), Ca::new("client CA"));
    let server = mutual(&files, &server_ca, &client_ca).await;
    let addr = server.addr().to_string();

    let outcome = extract_over(tls_endpoint(&addr, &server_ca, None)).await;
    assert!(outcome.is_err(), "a client without a certificate was served: {outcome:?}");

    let impostor = Ca::new("client CA");
    let outcome =
        extract_over(tls_endpoint(&addr, &server_ca, Some(impostor.issue("pipeline", &["p.example"])))).await;
    assert!(outcome.is_err(), "a client whose certificate another CA signed was served: {outcome:?}");

    let identity = client_ca.issue("pipeline", &["pipeline.example"]);
    assert!(extract_over(tls_endpoint(&addr, &server_ca, Some(identity))).await.is_ok());
    server.stop().await.unwrap();
}

/// Retries `attempt` until it gives `Ok` or [`common::PATIENCE`] has passed.
async fn eventually<F, Fut>(what: &str, mut attempt: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<usize, String>>,
{
    let started = std::time::Instant::now();
    loop {
        match attempt().await {
            Ok(_) => return,
            Err(error) if started.elapsed() > common::PATIENCE => panic!("{what}: {error}"),
            Err(_) => tokio::time::sleep(Duration::from_millis(50)).await,
        }
    }
}

#[tokio::test]
async fn a_changed_certificate_is_served_to_new_connections() {
    let files = Files::new("reload-change");
    let (old_ca, new_ca) = (Ca::new("old CA"), Ca::new("new CA"));
    let mut config = with_tls(files.server_certificate(&old_ca, "old"));
    config.security.reload_interval = Duration::from_millis(50);
    let server = common::start(config).await;
    let addr = server.addr().to_string();
    let old_channel = tls_endpoint(&addr, &old_ca, None).connect().await.unwrap();
    assert!(extract_over(tls_endpoint(&addr, &new_ca, None)).await.is_err(), "the new CA is not in use yet");

    files.server_certificate(&new_ca, "new");
    eventually("the new certificate is served", || extract_over(tls_endpoint(&addr, &new_ca, None))).await;
    assert!(
        extract_over(tls_endpoint(&addr, &old_ca, None)).await.is_err(),
        "new connections get the new one"
    );
    let mut open = ExtractionServiceClient::new(old_channel);
    let answer = bounded(open.extract(request(article("a1", ARTICLES[1])))).await;
    assert!(answer.is_ok(), "a connection made before the change keeps working: {answer:?}");

    std::fs::write(files.path("server.pem"), "not a certificate").unwrap();
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert!(
        extract_over(tls_endpoint(&addr, &new_ca, None)).await.is_ok(),
        "a broken file keeps the last good one"
    );
    server.stop().await.unwrap();
}

/// SHA-256 of `token` in hex, as `printf %s "$TOKEN" | sha256sum` prints it.
fn sha256_hex(token: &str) -> String {
    let output = Command::new("sha256sum")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            child.stdin.take().unwrap().write_all(token.as_bytes())?;
            child.wait_with_output()
        })
        .expect("sha256sum runs");
    String::from_utf8(output.stdout).unwrap().split_whitespace().next().unwrap().to_string()
}

fn with_tokens(files: &Files, tokens: &[&str]) -> Config {
    let lines: Vec<String> = tokens.iter().map(|t| format!("{}  # a client", sha256_hex(t))).collect();
    let path = files.write("tokens", &format!("# accepted tokens\n{}\n", lines.join("\n")));
    config(Security { auth_tokens: Some(path), ..Security::default() })
}

/// An `Extract` call with `authorization` set to `header` (none when `None`).
async fn extract_with(server: &ServerHandle, header: Option<&str>) -> Result<usize, tonic::Status> {
    let mut client = common::client(server).await;
    let mut call = tonic::Request::new(request(article("a1", ARTICLES[0])));
    if let Some(header) = header {
        call.metadata_mut().insert("authorization", header.parse().unwrap());
    }
    bounded(client.extract(call)).await.map(|r| r.into_inner().events.len())
}

#[tokio::test]
async fn calls_need_an_accepted_token_and_every_refusal_reads_the_same() {
    let files = Files::new("auth-refuses");
    let server = common::start(with_tokens(&files, &["tok-alpha-123", "tok-beta-456"])).await;

    assert!(extract_with(&server, Some("Bearer tok-alpha-123")).await.unwrap() > 0);
    assert!(extract_with(&server, Some("bearer tok-beta-456")).await.is_ok());
    let mut refusals = Vec::new();
    for header in [
        None,
        Some("Bearer tok-gamma-789"),
        Some("Bearer "),
        Some("Basic tok-alpha-123"),
        Some("tok-alpha-123"),
    ] {
        let status = extract_with(&server, header).await.expect_err("refused");
        assert_eq!(status.code(), Code::Unauthenticated, "{header:?}");
        assert!(status.details().is_empty(), "no details for {header:?}");
        refusals.push(status.message().to_string());
    }
    refusals.dedup();
    assert_eq!(refusals, ["missing or invalid bearer token"]);

    let mut ontology = common::client(&server).await;
    let status = bounded(ontology.get_ontology(eventx_proto::v1::GetOntologyRequest {})).await.unwrap_err();
    assert_eq!(status.code(), Code::Unauthenticated);
    server.stop().await.unwrap();
}

#[tokio::test]
async fn health_needs_no_token_and_reflection_does() {
    let files = Files::new("auth-health");
    let server = common::start(with_tokens(&files, &["tok-alpha-123"])).await;
    assert_eq!(common::health(&server, "").await, ServingStatus::Serving);
    let status = reflection_status(&server).await;
    assert_eq!(status, Code::Unauthenticated);
    server.stop().await.unwrap();
}

/// The code of a reflection `ListServices` call without a token (OK when it answers).
async fn reflection_status(server: &ServerHandle) -> Code {
    let mut client = ServerReflectionClient::new(common::channel(server).await);
    let request = ServerReflectionRequest {
        host: String::new(),
        message_request: Some(MessageRequest::ListServices(String::new())),
    };
    let outcome = async {
        let mut answers = client.server_reflection_info(futures::stream::iter([request])).await?.into_inner();
        answers.message().await?;
        Ok::<_, tonic::Status>(())
    };
    match bounded(outcome).await {
        Ok(()) => Code::Ok,
        Err(status) => status.code(),
    }
}

#[tokio::test]
async fn reflection_can_be_turned_off() {
    let server = common::start(config(Security { reflection: false, ..Security::default() })).await;
    assert_eq!(reflection_status(&server).await, Code::Unimplemented);
    assert!(extract_with(&server, None).await.is_ok(), "the service itself still answers");
    server.stop().await.unwrap();
    let server = common::start(config(Security::default())).await;
    assert_eq!(reflection_status(&server).await, Code::Ok);
    server.stop().await.unwrap();
}

#[tokio::test]
async fn a_changed_token_file_takes_effect_without_a_restart() {
    let files = Files::new("auth-reload");
    let mut config = with_tokens(&files, &["tok-old-111"]);
    config.security.reload_interval = Duration::from_millis(50);
    let server = common::start(config).await;
    assert!(extract_with(&server, Some("Bearer tok-old-111")).await.is_ok());

    files.write("tokens", &format!("{}\n", sha256_hex("tok-new-222")));
    let started = std::time::Instant::now();
    while extract_with(&server, Some("Bearer tok-new-222")).await.is_err() {
        assert!(started.elapsed() < common::PATIENCE, "the new token was never accepted");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let status = extract_with(&server, Some("Bearer tok-old-111")).await.unwrap_err();
    assert_eq!(status.code(), Code::Unauthenticated, "the removed token is refused");
    server.stop().await.unwrap();
}

/// A log sink shared with the test.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn tokens_never_reach_the_logs_even_at_trace_level() {
    let captured = Captured::default();
    let sink = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_writer(move || sink.clone())
        .finish();
    // This test runs on a current-thread runtime: the server's tasks log on this thread.
    let _default = tracing::subscriber::set_default(subscriber);

    let files = Files::new("auth-logs");
    let server = common::start(with_tokens(&files, &["tok-secret-accepted-31337"])).await;
    assert!(extract_with(&server, Some("Bearer tok-secret-accepted-31337")).await.is_ok());
    assert!(extract_with(&server, Some("Bearer tok-secret-refused-27182")).await.is_err());
    server.stop().await.unwrap();

    let logs = String::from_utf8_lossy(&captured.0.lock().unwrap()).into_owned();
    assert!(logs.contains("rpc finished") && logs.contains("UNAUTHENTICATED"), "logs were captured:\n{logs}");
    assert!(!logs.contains("tok-secret"), "a token reached the logs:\n{logs}");
}

/// The server binary with `args`, JSON logs and no metrics port, and the address it listens on.
fn spawn_binary(args: &[&str]) -> (Child, String) {
    let binary =
        std::env::var("EVENTX_SERVER_BIN").unwrap_or_else(|_| env!("CARGO_BIN_EXE_eventx-server").into());
    let mut child = Command::new(binary)
        .args([
            "--addr",
            "127.0.0.1:0",
            "--metrics-addr",
            "off",
            "--drain-delay",
            "0s",
            "--max-drain",
            "1s",
            "--log-format",
            "json",
        ])
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the server binary starts");
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let addr = loop {
        let line = lines.next().expect("the server logs its address before exiting").unwrap();
        let entry: serde_json::Value = serde_json::from_str(&line).unwrap_or_default();
        if let Some(addr) = entry["fields"]["addr"].as_str() {
            break addr.to_string();
        }
    };
    std::thread::spawn(move || lines.for_each(drop));
    (child, addr)
}

fn signal(child: &Child, name: &str) {
    let status = Command::new("kill").args([&format!("-{name}"), &child.id().to_string()]).status().unwrap();
    assert!(status.success(), "kill -{name} failed");
}

/// Stops the child with SIGTERM when dropped, so a failed test leaves no server behind.
struct Stop(Child);

impl Drop for Stop {
    fn drop(&mut self) {
        signal(&self.0, "TERM");
        let _ = self.0.wait();
    }
}

#[tokio::test]
async fn the_binary_reloads_its_certificate_on_sighup_and_checks_tokens_from_flags() {
    let files = Files::new("reload-sighup");
    let (old_ca, new_ca) = (Ca::new("old CA"), Ca::new("new CA"));
    let tls = files.server_certificate(&old_ca, "old");
    let tokens = files.write("tokens", &format!("{}\n", sha256_hex("tok-binary-555")));
    let path = |p: &Path| p.to_str().unwrap().to_string();
    let (cert, key, tokens) = (path(&tls.cert), path(&tls.key), path(&tokens));
    let (child, addr) = spawn_binary(&[
        "--tls-cert",
        &cert,
        "--tls-key",
        &key,
        "--auth-tokens",
        &tokens,
        "--reload-interval",
        "0",
    ]);
    let child = Stop(child);

    let call = |ca: &Ca| {
        let endpoint = tls_endpoint(&addr, ca, None);
        async move {
            let channel = endpoint.connect().await.map_err(|e| format!("connect: {e:?}"))?;
            let mut client = ExtractionServiceClient::new(channel);
            let mut call = tonic::Request::new(request(article("a1", ARTICLES[0])));
            call.metadata_mut().insert("authorization", "Bearer tok-binary-555".parse().unwrap());
            bounded(client.extract(call))
                .await
                .map(|r| r.into_inner().events.len())
                .map_err(|s| format!("{s:?}"))
        }
    };
    assert!(call(&old_ca).await.unwrap() > 0, "TLS and the token work");

    files.server_certificate(&new_ca, "new");
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(call(&new_ca).await.is_err(), "polling is off: the file alone changes nothing");
    signal(&child.0, "HUP");
    eventually("the new certificate is served after SIGHUP", || call(&new_ca)).await;
}
