//! Warnings that can repeat many times a second (one per shed request, say) are written once,
//! then summarised: at most one line per interval, saying how many occurred since the last line.

use std::sync::Mutex;
use std::time::{Duration, Instant};

/// A warning logged at its first occurrence and then at most once per interval.
#[derive(Debug)]
pub struct Repeated {
    every: Duration,
    state: Mutex<State>,
}

#[derive(Debug, Default)]
struct State {
    last_line: Option<Instant>,
    unlogged: u64,
}

impl Repeated {
    /// A warning written at most once per `every` (every occurrence when `every` is zero).
    pub fn new(every: Duration) -> Repeated {
        Repeated { every, state: Mutex::new(State::default()) }
    }

    /// The summary interval.
    pub fn every(&self) -> Duration {
        self.every
    }

    /// Counts one occurrence. `Some(n)` when it is to be logged now, `n` being the occurrences
    /// before it that were not logged; `None` when it only counts towards the next summary.
    pub fn occur(&self) -> Option<u64> {
        self.occur_at(Instant::now())
    }

    fn occur_at(&self, now: Instant) -> Option<u64> {
        let mut state = self.state.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if state.last_line.is_some_and(|last| now.duration_since(last) < self.every) {
            state.unlogged += 1;
            return None;
        }
        state.last_line = Some(now);
        Some(std::mem::take(&mut state.unlogged))
    }

    /// The occurrences not logged yet, once the interval has passed since the last line (which
    /// this summary then is); `None` when there are none or it is too early.
    pub fn summary(&self) -> Option<u64> {
        self.summary_at(Instant::now())
    }

    /// The occurrences not logged yet, whenever the last line was; for the final summary at
    /// shutdown.
    pub fn remaining(&self) -> Option<u64> {
        let mut state = self.state.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        Some(std::mem::take(&mut state.unlogged)).filter(|&n| n > 0)
    }

    fn summary_at(&self, now: Instant) -> Option<u64> {
        let mut state = self.state.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if state.unlogged == 0 || state.last_line.is_some_and(|last| now.duration_since(last) < self.every) {
            return None;
        }
        state.last_line = Some(now);
        Some(std::mem::take(&mut state.unlogged))
    }
}

/// The status codes whose calls end in a warning (see the RPC layer's levels).
pub const WARNING_CODES: [&str; 3] = ["DEADLINE_EXCEEDED", "UNAVAILABLE", "ABORTED"];

/// The warnings of calls that end with one of [`WARNING_CODES`], one [`Repeated`] per code: the
/// first call of a code is logged at WARN, those after it within the interval at DEBUG, and
/// counted in a summary.
#[derive(Debug)]
pub struct CallWarnings {
    codes: Vec<(&'static str, Repeated)>,
}

impl CallWarnings {
    /// Warnings summarised at most once per `every`.
    pub fn new(every: Duration) -> CallWarnings {
        CallWarnings { codes: WARNING_CODES.iter().map(|&code| (code, Repeated::new(every))).collect() }
    }

    /// Counts a call that ended with `code`: `Some(n)` when it is to be logged at WARN now (`n`
    /// calls with that code before it were not), `None` when it only counts towards the summary.
    pub fn occur(&self, code: &str) -> Option<u64> {
        match self.codes.iter().find(|(known, _)| *known == code) {
            Some((_, repeated)) => repeated.occur(),
            None => Some(0),
        }
    }

    /// Writes the summaries that are due, or all that are pending when `last` (at shutdown).
    pub fn summarise(&self, last: bool) {
        for (code, repeated) in &self.codes {
            if let Some(calls) = if last { repeated.remaining() } else { repeated.summary() } {
                let every = repeated.every();
                tracing::warn!(code, calls, "{calls} more calls finished with {code} in the last {every:?}");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_occurrence_is_logged_and_the_rest_summarised() {
        let warning = Repeated::new(Duration::from_secs(10));
        let start = Instant::now();
        let at = |seconds: u64| start + Duration::from_secs(seconds);
        assert_eq!(warning.occur_at(at(0)), Some(0));
        for _ in 0..1000 {
            assert_eq!(warning.occur_at(at(1)), None);
        }
        assert_eq!(warning.summary_at(at(9)), None, "too early for a summary");
        assert_eq!(warning.summary_at(at(10)), Some(1000));
        assert_eq!(warning.summary_at(at(30)), None, "nothing new to summarise");
        assert_eq!(warning.occur_at(at(31)), Some(0), "after a quiet interval, a warning is logged at once");
        assert_eq!(warning.occur_at(at(32)), None);
        assert_eq!(warning.occur_at(at(42)), Some(1), "the line after the interval counts the ones before");
        assert_eq!(warning.occur_at(at(43)), None);
        assert_eq!(warning.remaining(), Some(1), "the final summary does not wait for the interval");
        assert_eq!(warning.remaining(), None);
    }

    #[test]
    fn call_warnings_are_counted_per_code() {
        let warnings = CallWarnings::new(Duration::from_secs(60));
        assert_eq!(warnings.occur("DEADLINE_EXCEEDED"), Some(0));
        assert_eq!(warnings.occur("DEADLINE_EXCEEDED"), None);
        assert_eq!(warnings.occur("UNAVAILABLE"), Some(0), "another code has its own count");
        assert_eq!(warnings.occur("OK"), Some(0), "other codes are not summarised");
        assert_eq!(warnings.occur("OK"), Some(0));
    }

    #[test]
    fn a_zero_interval_logs_every_occurrence() {
        let warning = Repeated::new(Duration::ZERO);
        assert_eq!(warning.occur(), Some(0));
        assert_eq!(warning.occur(), Some(0));
        assert_eq!(warning.summary(), None);
    }
}
