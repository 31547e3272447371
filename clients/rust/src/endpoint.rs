//! tonic endpoints for one server address: plain HTTP/2 or TLS (rustls with the webpki roots),
//! with the connect timeout and TCP settings every connection of the client shares.

use std::time::Duration;

use tonic::transport::{ClientTlsConfig, Endpoint};

use crate::target::Target;

/// Builds the endpoint of `uri`, a URI of `target` (the target's own or one resolved address).
/// With TLS the certificate is checked against the target's host name, not the address.
pub(crate) fn endpoint(target: &Target, uri: String, connect_timeout: Duration) -> Result<Endpoint, String> {
    let endpoint = Endpoint::from_shared(uri.clone())
        .map_err(|e| format!("{uri:?} is not a valid address: {e}"))?
        .connect_timeout(connect_timeout)
        .tcp_nodelay(true)
        .http2_keep_alive_interval(Duration::from_secs(30))
        .keep_alive_while_idle(true);
    if !target.tls {
        return Ok(endpoint);
    }
    let tls = ClientTlsConfig::new().domain_name(target.host.clone()).with_webpki_roots();
    endpoint.tls_config(tls).map_err(|e| format!("TLS for {uri}: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_and_tls_endpoints_build() {
        let plain = Target::parse("127.0.0.1:1").unwrap();
        assert!(endpoint(&plain, plain.uri(), Duration::from_secs(1)).is_ok());
        let tls = Target::parse("https://example.invalid:443").unwrap();
        assert!(endpoint(&tls, tls.uri(), Duration::from_secs(1)).is_ok());
    }
}
