//! The client and the `eventx` CLI against a real server with mutual TLS and bearer tokens, with
//! certificates made here (rcgen): a CA file, a client certificate and a token get in; a missing
//! client certificate or token does not.

mod common;

use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

use common::{TEXTS, bounded, config, start};
use eventx_client::v1::Article;
use eventx_client::{Client, Error};
use eventx_server::{Config, Security, Server, ServerHandle, TlsFiles};
use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, Issuer, KeyPair};

/// The token the server accepts; its SHA-256 hash is in the server's token file.
const TOKEN: &str = "client-test-token-4711";

/// A CA, server and client certificates and a token file in a directory of their own.
struct Pki {
    dir: PathBuf,
}

impl Pki {
    fn new(test: &str) -> Pki {
        let dir = std::env::temp_dir().join(format!("eventx-client-tls-{test}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let key = KeyPair::generate().unwrap();
        let mut params = CertificateParams::new(Vec::<String>::new()).unwrap();
        params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        params.distinguished_name.push(DnType::CommonName, "eventx client test CA");
        std::fs::write(dir.join("ca.pem"), params.self_signed(&key).unwrap().pem()).unwrap();
        let issuer = Issuer::new(params, key);
        for (name, sans) in [("server", vec!["localhost", "127.0.0.1"]), ("client", vec!["pipeline.example"])]
        {
            let key = KeyPair::generate().unwrap();
            let params =
                CertificateParams::new(sans.into_iter().map(String::from).collect::<Vec<_>>()).unwrap();
            let cert = params.signed_by(&key, &issuer).unwrap();
            std::fs::write(dir.join(format!("{name}.pem")), cert.pem()).unwrap();
            std::fs::write(dir.join(format!("{name}.key")), key.serialize_pem()).unwrap();
        }
        let hash = sha256_hex(TOKEN);
        std::fs::write(dir.join("tokens"), format!("{hash}  # the test client\n")).unwrap();
        Pki { dir }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.join(name)
    }

    fn arg(&self, name: &str) -> String {
        self.path(name).to_str().unwrap().to_string()
    }

    /// Server settings: mutual TLS with this CA, and the token file.
    fn config(&self) -> Config {
        let tls = TlsFiles {
            cert: self.path("server.pem"),
            key: self.path("server.key"),
            client_ca: Some(self.path("ca.pem")),
        };
        let security =
            Security { tls: Some(tls), auth_tokens: Some(self.path("tokens")), ..Security::default() };
        Config { security, ..config() }
    }
}

impl Drop for Pki {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// SHA-256 in hex through `sha256sum`, the command the documentation gives.
fn sha256_hex(text: &str) -> String {
    use std::io::Write;
    let mut child = Command::new("sha256sum").stdin(Stdio::piped()).stdout(Stdio::piped()).spawn().unwrap();
    child.stdin.take().unwrap().write_all(text.as_bytes()).unwrap();
    let output = child.wait_with_output().unwrap();
    String::from_utf8(output.stdout).unwrap().split_whitespace().next().unwrap().to_string()
}

fn article() -> Article {
    Article { id: "a1".into(), text: TEXTS[0].into(), ..Article::default() }
}

async fn server(pki: &Pki) -> ServerHandle {
    start(Server::new(pki.config())).await
}

#[tokio::test]
async fn a_ca_file_a_client_certificate_and_a_token_get_in() {
    let pki = Pki::new("gets-in");
    let server = server(&pki).await;
    let client = Client::builder(server.addr().to_string())
        .tls_ca_file(pki.path("ca.pem"))
        .tls_identity_files(pki.path("client.pem"), pki.path("client.key"))
        .bearer_token(TOKEN)
        .retries(0)
        .connect()
        .await
        .expect("connects over mutual TLS");
    let response = bounded(client.extract(article())).await.expect("extracts");
    assert!(!response.events.is_empty());
    assert_eq!(bounded(client.ontology()).await.unwrap().categories.len(), 16);
    let results: Vec<_> = futures::StreamExt::collect(client.extract_iter([article(), article()])).await;
    assert!(results.iter().all(Result::is_ok), "{results:?}");
    server.stop().await.unwrap();
}

#[tokio::test]
async fn without_a_token_or_a_client_certificate_the_calls_fail() {
    let pki = Pki::new("fails");
    let server = server(&pki).await;
    let addr = server.addr().to_string();

    let no_token = Client::builder(&addr)
        .tls_ca_file(pki.path("ca.pem"))
        .tls_identity_files(pki.path("client.pem"), pki.path("client.key"))
        .retries(0)
        .connect()
        .await
        .unwrap();
    let error = bounded(no_token.extract(article())).await.unwrap_err();
    assert!(matches!(error, Error::Other { code: tonic::Code::Unauthenticated, .. }), "{error:?}");
    assert_eq!(bounded(no_token.health()).await.unwrap(), eventx_client::ServingStatus::Serving);

    let no_certificate =
        Client::builder(&addr).tls_ca_file(pki.path("ca.pem")).bearer_token(TOKEN).retries(0);
    let outcome = match no_certificate.connect().await {
        Ok(client) => bounded(client.extract(article())).await.map(|_| ()),
        Err(error) => Err(error),
    };
    assert!(outcome.is_err(), "served without a client certificate");

    let missing =
        Client::builder(&addr).tls_ca_file(pki.path("nonexistent.pem")).connect().await.unwrap_err();
    assert!(missing.to_string().contains("nonexistent.pem"), "{missing}");
    server.stop().await.unwrap();
}

/// Runs `eventx args…` with `input` on standard input, off the async runtime.
async fn eventx(args: Vec<String>, input: &'static str) -> Output {
    bounded(tokio::task::spawn_blocking(move || {
        use std::io::Write;
        let mut child = Command::new(env!("CARGO_BIN_EXE_eventx"))
            .args(&args)
            .env_remove("EVENTX_SERVER")
            .env_remove("EVENTX_TOKEN")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("eventx starts");
        child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
        child.wait_with_output().expect("eventx runs")
    }))
    .await
    .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_cli_takes_tls_flags_and_a_token() {
    let pki = Pki::new("cli");
    let server = server(&pki).await;
    let addr = server.addr().to_string();
    let tls = [
        "--tls-ca",
        &pki.arg("ca.pem"),
        "--tls-cert",
        &pki.arg("client.pem"),
        "--tls-key",
        &pki.arg("client.key"),
    ]
    .map(String::from);
    let with = |args: &[&str], token: bool| {
        let mut all: Vec<String> = args.iter().map(|a| a.to_string()).collect();
        all.extend(tls.iter().cloned());
        if token {
            all.extend(["--token".to_string(), TOKEN.to_string()]);
        }
        all
    };

    let extract =
        eventx(with(&["extract", "-", "--server", &addr, "--format", "json"], true), TEXTS[1]).await;
    assert!(extract.status.success(), "{}", String::from_utf8_lossy(&extract.stderr));
    assert!(String::from_utf8_lossy(&extract.stdout).contains("EVENT_CATEGORY_COERCE"));

    let refused = eventx(
        with(&["extract", "-", "--server", &addr, "--format", "json", "--retries", "0"], false),
        TEXTS[1],
    )
    .await;
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("missing or invalid bearer token"));

    let ontology = eventx(with(&["ontology", "--server", &addr, "--format", "json"], true), "").await;
    assert!(ontology.status.success(), "{}", String::from_utf8_lossy(&ontology.stderr));

    let health = eventx(with(&["health", "--server", &addr], false), "").await;
    assert_eq!(String::from_utf8_lossy(&health.stdout).trim(), "SERVING");
    server.stop().await.unwrap();
}
