//! TLS on the gRPC port, terminated here with rustls (ring) rather than by tonic, so that the
//! certificate, key and client CA can be swapped while the server runs: each new connection
//! takes the configuration current when it arrives, and connections already open keep theirs.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::{Arc, RwLock};
use std::time::Duration;

use anyhow::Context;
use futures::Stream;
use ring::digest::{Context as Digest, SHA256};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::mpsc;
use tokio_rustls::TlsAcceptor;
use tokio_rustls::rustls::crypto::CryptoProvider;
use tokio_rustls::rustls::pki_types::pem::PemObject;
use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer};
use tokio_rustls::rustls::server::WebPkiClientVerifier;
use tokio_rustls::rustls::{RootCertStore, ServerConfig};
use tokio_rustls::server::TlsStream;

use crate::security::{Reload, TlsFiles};

/// Accepted connections waiting for tonic to take them.
const ACCEPTED_BACKLOG: usize = 64;

/// How long to wait before accepting again after the listener failed (out of file descriptors).
const ACCEPT_ERROR_PAUSE: Duration = Duration::from_millis(100);

/// The TLS settings in use and the files they come from.
pub(crate) struct Tls {
    files: TlsFiles,
    current: RwLock<Loaded>,
}

impl std::fmt::Debug for Tls {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Tls").field("files", &self.files).finish_non_exhaustive()
    }
}

/// One reading of the files: a digest of what they held and the configuration made from it.
struct Loaded {
    digest: Vec<u8>,
    config: Arc<ServerConfig>,
}

impl Tls {
    /// Reads the files; fails when they are missing or do not make a valid configuration.
    pub(crate) fn load(files: TlsFiles) -> anyhow::Result<Tls> {
        let loaded = read(&files)?;
        Ok(Tls { files, current: RwLock::new(loaded) })
    }

    /// Whether clients must present a certificate.
    pub(crate) fn mutual(&self) -> bool {
        self.files.client_ca.is_some()
    }

    fn acceptor(&self) -> TlsAcceptor {
        let current = self.current.read().unwrap_or_else(|poisoned| poisoned.into_inner());
        TlsAcceptor::from(Arc::clone(&current.config))
    }
}

impl Reload for Tls {
    fn what(&self) -> &'static str {
        "TLS certificate"
    }

    fn reload(&self) -> anyhow::Result<bool> {
        let contents = contents(&self.files)?;
        let digest = digest_of(&contents);
        if self.current.read().unwrap_or_else(|poisoned| poisoned.into_inner()).digest == digest {
            return Ok(false);
        }
        let config = server_config(&self.files, &contents)?;
        let mut current = self.current.write().unwrap_or_else(|poisoned| poisoned.into_inner());
        *current = Loaded { digest, config: Arc::new(config) };
        Ok(true)
    }
}

/// The bytes of the certificate, key and client CA files, in that order.
fn contents(files: &TlsFiles) -> anyhow::Result<[Vec<u8>; 3]> {
    let read = |path: &std::path::Path, what: &str| {
        std::fs::read(path).with_context(|| format!("cannot read the {what} {}", path.display()))
    };
    let cert = read(&files.cert, "TLS certificate")?;
    let key = read(&files.key, "TLS key")?;
    let client_ca = match &files.client_ca {
        Some(path) => read(path, "client CA")?,
        None => Vec::new(),
    };
    Ok([cert, key, client_ca])
}

fn digest_of(contents: &[Vec<u8>; 3]) -> Vec<u8> {
    let mut digest = Digest::new(&SHA256);
    for part in contents {
        digest.update(&(part.len() as u64).to_le_bytes());
        digest.update(part);
    }
    digest.finish().as_ref().to_vec()
}

fn read(files: &TlsFiles) -> anyhow::Result<Loaded> {
    let contents = contents(files)?;
    let config = server_config(files, &contents)?;
    Ok(Loaded { digest: digest_of(&contents), config: Arc::new(config) })
}

/// A rustls server configuration (TLS 1.2 and 1.3, ring, ALPN h2) from the files' contents.
fn server_config(files: &TlsFiles, [cert, key, client_ca]: &[Vec<u8>; 3]) -> anyhow::Result<ServerConfig> {
    let chain = CertificateDer::pem_slice_iter(cert)
        .collect::<Result<Vec<_>, _>>()
        .with_context(|| format!("{}: not a PEM certificate chain", files.cert.display()))?;
    anyhow::ensure!(!chain.is_empty(), "{}: no certificate in the file", files.cert.display());
    let key = PrivateKeyDer::from_pem_slice(key)
        .with_context(|| format!("{}: no PEM private key in the file", files.key.display()))?;
    let provider = Arc::new(ring_provider());
    let builder = ServerConfig::builder_with_provider(Arc::clone(&provider))
        .with_safe_default_protocol_versions()
        .context("the TLS provider supports no protocol version")?;
    let builder = match &files.client_ca {
        Some(path) => {
            let mut roots = RootCertStore::empty();
            for ca in CertificateDer::pem_slice_iter(client_ca) {
                let ca = ca.with_context(|| format!("{}: not a PEM certificate", path.display()))?;
                roots.add(ca).with_context(|| format!("{}: not a usable CA certificate", path.display()))?;
            }
            anyhow::ensure!(!roots.is_empty(), "{}: no CA certificate in the file", path.display());
            let verifier = WebPkiClientVerifier::builder_with_provider(Arc::new(roots), provider)
                .build()
                .with_context(|| format!("{}: cannot verify clients with these CAs", path.display()))?;
            builder.with_client_cert_verifier(verifier)
        }
        None => builder.with_no_client_auth(),
    };
    let mut config = builder.with_single_cert(chain, key).with_context(|| {
        format!("{} and {} do not make a certificate and its key", files.cert.display(), files.key.display())
    })?;
    config.alpn_protocols = vec![b"h2".to_vec()];
    Ok(config)
}

/// The ring crypto provider, as the client's tonic `tls-ring` uses. rustls marks it deprecated
/// because ring has no post-quantum key exchange (X25519MLKEM768 needs aws-lc-rs, a much heavier
/// build); classical X25519 and the P-256/P-384 curves remain, which SECURITY.md states.
#[allow(deprecated)]
fn ring_provider() -> CryptoProvider {
    tokio_rustls::rustls::crypto::ring::default_provider()
}

/// The TLS connections made on `listener`: each TCP connection is handshaken in a task of its
/// own (so one slow client delays no other), with the configuration current when it arrived,
/// within `handshake_timeout`. Failed handshakes are logged at DEBUG and dropped. Accepting stops
/// when the stream is dropped, which closes the listener.
pub(crate) fn incoming(
    listener: TcpListener,
    tls: Arc<Tls>,
    handshake_timeout: Duration,
) -> impl Stream<Item = Result<TlsStream<TcpStream>, Infallible>> + Send + 'static {
    let (sender, receiver) = mpsc::channel(ACCEPTED_BACKLOG);
    tokio::spawn(accept(listener, tls, handshake_timeout, sender));
    futures::stream::unfold(receiver, |mut receiver| async move {
        receiver.recv().await.map(|stream| (Ok(stream), receiver))
    })
}

async fn accept(
    listener: TcpListener,
    tls: Arc<Tls>,
    handshake_timeout: Duration,
    sender: mpsc::Sender<TlsStream<TcpStream>>,
) {
    loop {
        let accepted = tokio::select! {
            () = sender.closed() => return,
            accepted = listener.accept() => accepted,
        };
        match accepted {
            Ok((tcp, peer)) => {
                let _ = tcp.set_nodelay(true);
                tokio::spawn(handshake(tls.acceptor(), tcp, peer, handshake_timeout, sender.clone()));
            }
            Err(e) => {
                tracing::warn!(error = %e, "cannot accept a connection");
                tokio::time::sleep(ACCEPT_ERROR_PAUSE).await;
            }
        }
    }
}

async fn handshake(
    acceptor: TlsAcceptor,
    tcp: TcpStream,
    peer: SocketAddr,
    timeout: Duration,
    sender: mpsc::Sender<TlsStream<TcpStream>>,
) {
    match tokio::time::timeout(timeout, acceptor.accept(tcp)).await {
        Ok(Ok(stream)) => {
            let _ = sender.send(stream).await;
        }
        Ok(Err(e)) => tracing::debug!(%peer, error = %e, "TLS handshake failed"),
        Err(_) => tracing::debug!(%peer, ?timeout, "TLS handshake timed out"),
    }
}
