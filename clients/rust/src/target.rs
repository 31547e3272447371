//! Server addresses as people write them: `http://host:port`, `https://host:port`, a bare
//! `host:port`, `dns:///name:port`, or several of these separated by commas.

use std::collections::BTreeSet;
use std::fmt;
use std::net::SocketAddr;

/// The port used when a target names none.
pub const DEFAULT_PORT: u16 = 50051;

/// One place to find servers: a host name or IP address and a port. A name may resolve to
/// several addresses (a Kubernetes headless Service does), and every one of them is used when
/// balancing.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Target {
    /// Host name or IP address (IPv6 without brackets).
    pub host: String,
    /// TCP port.
    pub port: u16,
    /// Whether the target was written as `dns:///host:port`, asking for every resolved address.
    pub dns: bool,
    /// Whether the connection uses TLS (`https://`).
    pub tls: bool,
}

impl Target {
    /// Parses `http://host:port`, `https://host:port`, `host:port` (plain HTTP/2),
    /// `dns:///host:port` or `dns:host:port`; IPv6 addresses go in brackets (`[::1]:50051`).
    /// A missing port means [`DEFAULT_PORT`].
    pub fn parse(text: &str) -> Result<Target, String> {
        let text = text.trim();
        let (rest, dns, tls) = if let Some(rest) = text.strip_prefix("dns:") {
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
            (rest, true, false)
        } else if let Some(rest) = text.strip_prefix("http://") {
            (rest, false, false)
        } else if let Some(rest) = text.strip_prefix("https://") {
            (rest, false, true)
        } else if let Some((scheme, _)) = text.split_once("://") {
            return Err(format!("{text:?}: unknown scheme {scheme:?}; use http://, https:// or dns:///"));
        } else {
            (text, false, false)
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
        if host.is_empty() || host.contains(['/', ' ', '[', ']']) {
            return Err(format!("{text:?}: expected host:port"));
        }
        let port = match port {
            Some(port) => port.parse().map_err(|_| format!("{text:?}: bad port {port:?}"))?,
            None => DEFAULT_PORT,
        };
        Ok(Target { host: host.to_string(), port, dns, tls })
    }

    /// The URI of this target for one connection: `http://host:port` or `https://host:port`.
    pub fn uri(&self) -> String {
        let scheme = if self.tls { "https" } else { "http" };
        if self.host.contains(':') {
            format!("{scheme}://[{}]:{}", self.host, self.port)
        } else {
            format!("{scheme}://{}:{}", self.host, self.port)
        }
    }

    /// The URI of one resolved address of this target, with the target's scheme.
    pub(crate) fn uri_of(&self, addr: SocketAddr) -> String {
        let scheme = if self.tls { "https" } else { "http" };
        format!("{scheme}://{addr}")
    }

    /// Every address the host resolves to.
    pub(crate) async fn resolve(&self) -> std::io::Result<BTreeSet<SocketAddr>> {
        Ok(tokio::net::lookup_host((self.host.as_str(), self.port)).await?.collect())
    }
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.dns { write!(f, "dns:///{}:{}", self.host, self.port) } else { f.write_str(&self.uri()) }
    }
}

/// Parses targets, each of which may itself be a comma-separated list
/// (`["a:50051,b:50051", "dns:///eventx-headless:50051"]`).
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

/// Whether `targets` ask for per-request balancing: several targets, or one written as
/// `dns:///`. A single plain address keeps one connection.
pub fn wants_balancing(targets: &[Target]) -> bool {
    targets.len() > 1 || targets.iter().any(|t| t.dns)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target(host: &str, port: u16, dns: bool, tls: bool) -> Target {
        Target { host: host.to_string(), port, dns, tls }
    }

    #[test]
    fn targets_parse_in_every_written_form() {
        assert_eq!(Target::parse("http://127.0.0.1:50051"), Ok(target("127.0.0.1", 50051, false, false)));
        assert_eq!(Target::parse("127.0.0.1:7"), Ok(target("127.0.0.1", 7, false, false)));
        assert_eq!(Target::parse("localhost:7000/"), Ok(target("localhost", 7000, false, false)));
        assert_eq!(Target::parse("https://api.example:443"), Ok(target("api.example", 443, false, true)));
        assert_eq!(
            Target::parse("dns:///eventx-headless:50051"),
            Ok(target("eventx-headless", 50051, true, false))
        );
        assert_eq!(Target::parse("dns:eventx"), Ok(target("eventx", DEFAULT_PORT, true, false)));
        assert_eq!(Target::parse("[::1]:9"), Ok(target("::1", 9, false, false)));
        assert!(Target::parse("ftp://a:1").is_err());
        assert!(Target::parse("dns://8.8.8.8/a:1").is_err());
        assert!(Target::parse("a:port").is_err());
        assert!(Target::parse("http://:1").is_err());
    }

    #[test]
    fn uris_carry_the_scheme_and_bracket_ipv6() {
        assert_eq!(Target::parse("a:1").unwrap().uri(), "http://a:1");
        assert_eq!(Target::parse("https://a").unwrap().uri(), "https://a:50051");
        assert_eq!(Target::parse("[::1]:9").unwrap().uri(), "http://[::1]:9");
        assert_eq!(Target::parse("dns:///b:2").unwrap().to_string(), "dns:///b:2");
    }

    #[test]
    fn lists_split_on_commas_and_decide_balancing() {
        let targets = parse_targets(&["a:1,b:2", "dns:///c:3"]).unwrap();
        assert_eq!(
            targets,
            [target("a", 1, false, false), target("b", 2, false, false), target("c", 3, true, false)]
        );
        assert!(wants_balancing(&targets));
        assert!(!wants_balancing(&parse_targets(&["http://a:1"]).unwrap()));
        assert!(wants_balancing(&parse_targets(&["dns:///a:1"]).unwrap()));
        assert!(parse_targets(&[" , "]).is_err());
    }
}
