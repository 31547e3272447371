//! tonic endpoints for one server address: plain HTTP/2 or TLS (rustls, with the webpki roots or
//! the CA the caller gives, and an optional client certificate), with the connect timeout and TCP
//! settings every connection of the client shares.

use std::path::Path;
use std::time::Duration;

use tonic::transport::{Certificate, ClientTlsConfig, Endpoint, Identity};

use crate::target::Target;

/// How a client checks servers and proves who it is over TLS. The default trusts the webpki
/// roots (the public CAs) and presents no certificate; [`TlsSettings::is_custom`] settings switch
/// every target to TLS, whatever its scheme.
#[derive(Debug, Clone, Default)]
pub struct TlsSettings {
    ca: Option<Certificate>,
    identity: Option<Identity>,
}

impl TlsSettings {
    /// Trusts only the CA certificates of `pem` (PEM, one or more) instead of the public roots.
    pub fn ca_pem(mut self, pem: impl AsRef<[u8]>) -> TlsSettings {
        self.ca = Some(Certificate::from_pem(pem));
        self
    }

    /// Presents the client certificate chain `cert_pem` with its private key `key_pem` (PEM), for
    /// servers that require mutual TLS.
    pub fn identity_pem(mut self, cert_pem: impl AsRef<[u8]>, key_pem: impl AsRef<[u8]>) -> TlsSettings {
        self.identity = Some(Identity::from_pem(cert_pem, key_pem));
        self
    }

    /// [`TlsSettings::ca_pem`] with the contents of the file `path`.
    pub fn ca_file(self, path: impl AsRef<Path>) -> Result<TlsSettings, String> {
        Ok(self.ca_pem(read(path.as_ref(), "CA certificate")?))
    }

    /// [`TlsSettings::identity_pem`] with the contents of the files `cert` and `key`.
    pub fn identity_files(
        self,
        cert: impl AsRef<Path>,
        key: impl AsRef<Path>,
    ) -> Result<TlsSettings, String> {
        let cert = read(cert.as_ref(), "client certificate")?;
        let key = read(key.as_ref(), "client key")?;
        Ok(self.identity_pem(cert, key))
    }

    /// Whether a CA or a client certificate was given, which makes every connection use TLS.
    pub fn is_custom(&self) -> bool {
        self.ca.is_some() || self.identity.is_some()
    }
}

fn read(path: &Path, what: &str) -> Result<Vec<u8>, String> {
    std::fs::read(path).map_err(|e| format!("cannot read the {what} file {}: {e}", path.display()))
}

/// Builds the endpoint of `uri`, a URI of `target` (the target's own or one resolved address).
/// With TLS the certificate is checked against the target's host name, not the address.
pub(crate) fn endpoint(
    target: &Target,
    uri: String,
    connect_timeout: Duration,
    settings: &TlsSettings,
) -> Result<Endpoint, String> {
    let endpoint = Endpoint::from_shared(uri.clone())
        .map_err(|e| format!("{uri:?} is not a valid address: {e}"))?
        .connect_timeout(connect_timeout)
        .tcp_nodelay(true)
        .http2_keep_alive_interval(Duration::from_secs(30))
        .keep_alive_while_idle(true);
    if !target.tls {
        return Ok(endpoint);
    }
    let mut tls = ClientTlsConfig::new().domain_name(target.host.clone());
    tls = match &settings.ca {
        Some(ca) => tls.ca_certificate(ca.clone()),
        None => tls.with_webpki_roots(),
    };
    if let Some(identity) = &settings.identity {
        tls = tls.identity(identity.clone());
    }
    endpoint.tls_config(tls).map_err(|e| format!("TLS for {uri}: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_and_tls_endpoints_build() {
        let plain = Target::parse("127.0.0.1:1").unwrap();
        let settings = TlsSettings::default();
        assert!(endpoint(&plain, plain.uri(), Duration::from_secs(1), &settings).is_ok());
        let tls = Target::parse("https://example.invalid:443").unwrap();
        assert!(endpoint(&tls, tls.uri(), Duration::from_secs(1), &settings).is_ok());
        assert!(!settings.is_custom());
        assert!(
            TlsSettings::default()
                .ca_file("/nonexistent/ca.pem")
                .unwrap_err()
                .contains("/nonexistent/ca.pem")
        );
    }
}
