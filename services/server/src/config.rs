//! The settings of a running server, independent of how they were given (flags, environment or
//! code).

use std::time::Duration;

use eventx_api::Limits;

use crate::security::Security;

/// How the server limits and paces its work. [`Config::default`] gives the documented defaults.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// Largest accepted `article.text`, in bytes of UTF-8; larger articles are refused with
    /// RESOURCE_EXHAUSTED.
    pub max_text_bytes: usize,
    /// Largest accepted `article.title`, in bytes of UTF-8.
    pub max_title_bytes: usize,
    /// Largest accepted gRPC message after decompression, in bytes; larger messages are refused
    /// by tonic with OUT_OF_RANGE before they are decoded.
    pub max_message_bytes: usize,
    /// Extractions running at once, each on a blocking thread. Extraction is CPU-bound, so more
    /// than one per core only adds latency.
    pub max_concurrent: usize,
    /// Extractions allowed to wait for a free slot; beyond `max_concurrent + max_queue` requests
    /// are shed at once with RESOURCE_EXHAUSTED.
    pub max_queue: usize,
    /// Deadline of an `Extract` call whose client sent none, and of each article of an
    /// `ExtractStream` call.
    pub default_timeout: Duration,
    /// After a shutdown signal: how long the server keeps serving while reporting NOT_SERVING,
    /// so that load balancers stop sending new calls.
    pub drain_delay: Duration,
    /// After the drain delay: how long calls still open may take to finish once the server stops
    /// accepting connections. Streams still open then are ended with UNAVAILABLE.
    pub max_drain: Duration,
    /// A warning that repeats (one per shed request) is written the first time, then at most
    /// once per this interval with the number since the last line.
    pub log_repeat_interval: Duration,
    /// After this long without extractions, the memory the allocator holds but does not use is
    /// returned to the system; zero never does.
    pub idle_release: Duration,
    /// TLS, bearer tokens and reflection.
    pub security: Security,
}

impl Config {
    /// The article limits handed to the extractor.
    pub fn limits(&self) -> Limits {
        Limits { max_text_bytes: self.max_text_bytes, max_title_bytes: self.max_title_bytes }
    }
}

/// Number of cores the process may use (1 when unknown).
pub fn available_cores() -> usize {
    std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1)
}

/// Default of [`Config::max_queue`] for a given concurrency: 32 waiting per running slot. A
/// ~2.5 KB article takes about 0.3 ms of engine time, so a full queue is ~10 ms of work per core:
/// 32 clients per core are served without shedding, and a backlog beyond that is shed at once.
pub fn default_queue(max_concurrent: usize) -> usize {
    max_concurrent.saturating_mul(32)
}

impl Default for Config {
    fn default() -> Self {
        let limits = Limits::default();
        let max_concurrent = available_cores();
        Config {
            max_text_bytes: limits.max_text_bytes,
            max_title_bytes: limits.max_title_bytes,
            max_message_bytes: 4 * 1024 * 1024,
            max_concurrent,
            max_queue: default_queue(max_concurrent),
            default_timeout: Duration::from_secs(30),
            drain_delay: Duration::from_secs(5),
            max_drain: Duration::from_secs(10),
            log_repeat_interval: Duration::from_secs(10),
            idle_release: Duration::from_secs(2),
            security: Security::default(),
        }
    }
}
