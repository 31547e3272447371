//! Bearer-token authentication as a tower layer. The server keeps only SHA-256 hashes of the
//! accepted tokens, read from a file (one lowercase or uppercase hex hash per line, `#` starts a
//! comment, anything after the hash on its line is a label); a call's token is hashed and
//! compared with every hash in constant time. Health checks need no token. A call without a
//! valid token gets UNAUTHENTICATED with the same message whatever was wrong, and the token
//! itself is removed from the request before any service sees it.

use std::future::Future;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::sync::{Arc, RwLock};
use std::task::{Context, Poll};

use anyhow::Context as _;
use ring::digest::{SHA256, digest};
use subtle::ConstantTimeEq;
use tonic::body::Body;
use tower_layer::Layer;
use tower_service::Service;

use crate::errors::unauthenticated;
use crate::security::Reload;

/// Paths that need no token: health checks, which load balancers and orchestrators make
/// without credentials.
const OPEN_PREFIX: &str = "/grpc.health.v1.Health/";

/// One SHA-256 hash.
type Hash = [u8; 32];

/// The accepted token hashes and the file they come from.
pub(crate) struct Tokens {
    path: PathBuf,
    hashes: RwLock<Arc<Vec<Hash>>>,
}

impl std::fmt::Debug for Tokens {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Tokens").field("path", &self.path).finish_non_exhaustive()
    }
}

impl Tokens {
    /// Reads the hashes of `path`; fails when the file cannot be read or a line is no hash.
    pub(crate) fn load(path: &Path) -> anyhow::Result<Tokens> {
        let hashes = read(path)?;
        if hashes.is_empty() {
            tracing::warn!(path = %path.display(), "the token file holds no hash: every call but health is refused");
        }
        Ok(Tokens { path: path.to_path_buf(), hashes: RwLock::new(Arc::new(hashes)) })
    }

    /// Whether `token` is one of the accepted tokens. Every hash is compared, in constant time,
    /// whichever matches.
    pub(crate) fn accepts(&self, token: &[u8]) -> bool {
        let presented = digest(&SHA256, token);
        let hashes = Arc::clone(&self.hashes.read().unwrap_or_else(|poisoned| poisoned.into_inner()));
        let mut found = subtle::Choice::from(0);
        for hash in hashes.iter() {
            found |= hash.as_slice().ct_eq(presented.as_ref());
        }
        found.into()
    }
}

impl Reload for Tokens {
    fn what(&self) -> &'static str {
        "token file"
    }

    fn reload(&self) -> anyhow::Result<bool> {
        let hashes = read(&self.path)?;
        let mut current = self.hashes.write().unwrap_or_else(|poisoned| poisoned.into_inner());
        if **current == hashes {
            return Ok(false);
        }
        *current = Arc::new(hashes);
        Ok(true)
    }
}

fn read(path: &Path) -> anyhow::Result<Vec<Hash>> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read the token file {}", path.display()))?;
    parse(&text).map_err(|line| {
        anyhow::anyhow!(
            "{} line {line}: expected the SHA-256 hash of a token as 64 hex digits \
             (printf %s \"$TOKEN\" | sha256sum)",
            path.display()
        )
    })
}

/// The hashes of a token file; the error is the number of the first bad line. The line itself
/// is never repeated: it might be a token pasted by mistake.
fn parse(text: &str) -> Result<Vec<Hash>, usize> {
    let mut hashes = Vec::new();
    for (number, line) in text.lines().enumerate() {
        let line = line.split('#').next().unwrap_or_default();
        let Some(field) = line.split_whitespace().next() else { continue };
        hashes.push(hex_hash(field).ok_or(number + 1)?);
    }
    Ok(hashes)
}

fn hex_hash(text: &str) -> Option<Hash> {
    let bytes = text.as_bytes();
    if bytes.len() != 64 {
        return None;
    }
    let mut hash = [0u8; 32];
    for (out, pair) in hash.iter_mut().zip(bytes.chunks_exact(2)) {
        let digit = |b: u8| (b as char).to_digit(16);
        *out = u8::try_from(digit(pair[0])? * 16 + digit(pair[1])?).ok()?;
    }
    Some(hash)
}

/// The token of an `authorization: Bearer TOKEN` header (the scheme in any case).
fn bearer(value: &[u8]) -> Option<&[u8]> {
    let scheme = b"bearer ";
    if value.len() <= scheme.len() || !value[..scheme.len()].eq_ignore_ascii_case(scheme) {
        return None;
    }
    let token = value[scheme.len()..].trim_ascii();
    (!token.is_empty()).then_some(token)
}

/// Refuses calls without an accepted bearer token (when tokens are configured).
#[derive(Debug, Clone)]
pub(crate) struct AuthLayer {
    tokens: Option<Arc<Tokens>>,
}

impl AuthLayer {
    /// A layer checking against `tokens`, or letting every call in when `None`.
    pub(crate) fn new(tokens: Option<Arc<Tokens>>) -> AuthLayer {
        AuthLayer { tokens }
    }
}

impl<S> Layer<S> for AuthLayer {
    type Service = AuthService<S>;

    fn layer(&self, inner: S) -> AuthService<S> {
        AuthService { inner, tokens: self.tokens.clone() }
    }
}

/// The service [`AuthLayer`] produces.
#[derive(Debug, Clone)]
pub(crate) struct AuthService<S> {
    inner: S,
    tokens: Option<Arc<Tokens>>,
}

impl<S, B> Service<http::Request<B>> for AuthService<S>
where
    S: Service<http::Request<B>, Response = http::Response<Body>>,
    S::Future: Send + 'static,
    S::Error: Send + 'static,
{
    type Response = http::Response<Body>;
    type Error = S::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Self::Response, Self::Error>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, mut request: http::Request<B>) -> Self::Future {
        if let Some(tokens) = &self.tokens {
            let presented = request.headers_mut().remove(http::header::AUTHORIZATION);
            let open = request.uri().path().starts_with(OPEN_PREFIX);
            let accepted = presented
                .as_ref()
                .and_then(|value| bearer(value.as_bytes()))
                .is_some_and(|t| tokens.accepts(t));
            if !open && !accepted {
                return Box::pin(std::future::ready(Ok(unauthenticated().into_http())));
            }
        }
        Box::pin(self.inner.call(request))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// SHA-256 of "abc" (FIPS 180-2 test vector), as `printf %s abc | sha256sum` prints it.
    const ABC: &str = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

    fn hash_hex(token: &str) -> String {
        digest(&SHA256, token.as_bytes()).as_ref().iter().map(|b| format!("{b:02x}")).collect()
    }

    fn tokens(text: &str) -> Tokens {
        Tokens { path: PathBuf::from("tokens"), hashes: RwLock::new(Arc::new(parse(text).unwrap())) }
    }

    #[test]
    fn files_hold_hashes_comments_and_labels() {
        let text = format!(
            "# deploy tokens\n\n{}  -\n  {}  # ci pipeline\n{ABC}\n",
            hash_hex("alpha"),
            hash_hex("beta").to_uppercase()
        );
        let tokens = tokens(&text);
        assert!(tokens.accepts(b"alpha"));
        assert!(tokens.accepts(b"beta"));
        assert!(tokens.accepts(b"abc"));
        assert!(!tokens.accepts(b"gamma"));
        assert!(!tokens.accepts(b""));
    }

    #[test]
    fn a_bad_line_is_named_by_number_only() {
        assert_eq!(parse("# ok\nnot-a-hash\n"), Err(2));
        assert_eq!(parse(&format!("{}\n{}0\n", hash_hex("a"), hash_hex("b"))), Err(2));
        assert_eq!(parse(&"g".repeat(64)), Err(1));
        assert_eq!(parse("# only comments\n\n"), Ok(Vec::new()));
    }

    #[test]
    fn bearer_takes_the_scheme_in_any_case() {
        assert_eq!(bearer(b"Bearer abc"), Some(&b"abc"[..]));
        assert_eq!(bearer(b"bearer  abc "), Some(&b"abc"[..]));
        assert_eq!(bearer(b"BEARER abc"), Some(&b"abc"[..]));
        assert_eq!(bearer(b"Basic abc"), None);
        assert_eq!(bearer(b"Bearer "), None);
        assert_eq!(bearer(b"Bearer"), None);
    }
}
