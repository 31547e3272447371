//! When to send a failed call again, and how long to wait first: exponential backoff with
//! jitter, or the server's own `google.rpc.RetryInfo` delay when it gave one.

use std::time::Duration;

use crate::error::Error;

/// How a [`crate::Client`] retries calls that failed in a retryable way
/// ([`Error::is_retryable`]: UNAVAILABLE, or RESOURCE_EXHAUSTED from a busy server).
#[derive(Debug, Clone, PartialEq)]
pub struct RetryPolicy {
    /// Retries after the first attempt; 0 turns retrying off.
    pub max_retries: u32,
    /// The backoff before the first retry; each further retry doubles it.
    pub initial_backoff: Duration,
    /// The longest backoff.
    pub max_backoff: Duration,
}

/// Retries of the default policy: with the backoff doubling from 50 ms to its 5 s cap they span
/// about 6 to 12 s, longer than the balancer's 5 s health refresh, so an article sent to a
/// server that just died is answered by another one.
pub const DEFAULT_RETRIES: u32 = 8;

impl Default for RetryPolicy {
    fn default() -> RetryPolicy {
        RetryPolicy {
            max_retries: DEFAULT_RETRIES,
            initial_backoff: Duration::from_millis(50),
            max_backoff: Duration::from_secs(5),
        }
    }
}

impl RetryPolicy {
    /// A policy that never retries.
    pub fn none() -> RetryPolicy {
        RetryPolicy { max_retries: 0, ..RetryPolicy::default() }
    }

    /// How long to wait before retry number `retry` (1 for the first) after `error`, or `None`
    /// when the call must not be sent again. The backoff is drawn between half and all of
    /// `initial_backoff × 2^(retry-1)` (capped at `max_backoff`), so clients that failed together
    /// do not come back together; a server's `RetryInfo` delay is waited at least.
    pub fn delay(&self, retry: u32, error: &Error) -> Option<Duration> {
        if retry == 0 || retry > self.max_retries || !error.is_retryable() {
            return None;
        }
        let doublings = (retry - 1).min(20);
        let ceiling = self.initial_backoff.saturating_mul(1 << doublings).min(self.max_backoff);
        let backoff = ceiling / 2 + ceiling.mul_f64(fastrand::f64() / 2.0);
        Some(error.retry_after().map_or(backoff, |asked| asked.max(backoff)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unavailable() -> Error {
        Error::Unavailable { message: "gone".into() }
    }

    #[test]
    fn backoff_doubles_within_its_jitter_and_stops_at_the_cap() {
        let policy = RetryPolicy {
            max_retries: 10,
            initial_backoff: Duration::from_millis(100),
            max_backoff: Duration::from_millis(500),
        };
        for _ in 0..50 {
            let first = policy.delay(1, &unavailable()).unwrap();
            assert!((Duration::from_millis(50)..=Duration::from_millis(100)).contains(&first), "{first:?}");
            let third = policy.delay(3, &unavailable()).unwrap();
            assert!((Duration::from_millis(200)..=Duration::from_millis(400)).contains(&third), "{third:?}");
            let late = policy.delay(9, &unavailable()).unwrap();
            assert!((Duration::from_millis(250)..=Duration::from_millis(500)).contains(&late), "{late:?}");
        }
        assert_eq!(policy.delay(11, &unavailable()), None);
    }

    #[test]
    fn the_servers_delay_is_honoured_and_permanent_errors_are_not_retried() {
        let policy = RetryPolicy::default();
        let busy = Error::Busy { retry_after: Some(Duration::from_secs(2)), message: "busy".into() };
        assert!(policy.delay(1, &busy).unwrap() >= Duration::from_secs(2));
        let invalid = Error::InvalidArgument { message: "blank".into(), field_violations: Vec::new() };
        assert_eq!(policy.delay(1, &invalid), None);
        let large = Error::TooLarge {
            field: "article.text".into(),
            limit_bytes: None,
            actual_bytes: None,
            message: String::new(),
        };
        assert_eq!(policy.delay(1, &large), None);
        assert_eq!(RetryPolicy::none().delay(1, &unavailable()), None);
    }
}
