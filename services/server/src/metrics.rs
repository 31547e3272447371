//! Prometheus metrics of the server, kept in one registry and written in the OpenMetrics text
//! format.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use eventx_proto::v1::{EventCategory, ExtractResponse};
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;
use tonic::Code;

use crate::errors::code_name;

/// Upper bounds of the request-duration buckets, in seconds.
const DURATION_BUCKETS: [f64; 15] =
    [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0];

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    method: &'static str,
    code: &'static str,
}

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct MethodLabels {
    method: &'static str,
}

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct CategoryLabels {
    category: &'static str,
}

/// The server's metrics:
/// `eventx_requests_total{method,code}`, `eventx_request_duration_seconds{method}`,
/// `eventx_events_total{category}`, `eventx_inflight_requests` and `eventx_article_bytes`.
pub struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    durations: Family<MethodLabels, Histogram, fn() -> Histogram>,
    events: Family<CategoryLabels, Counter>,
    inflight: Gauge,
    article_bytes: Histogram,
}

impl fmt::Debug for Metrics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Metrics").finish_non_exhaustive()
    }
}

fn duration_histogram() -> Histogram {
    Histogram::new(DURATION_BUCKETS)
}

impl Metrics {
    /// A fresh registry with every metric registered.
    pub fn new() -> Arc<Metrics> {
        let mut registry = Registry::default();
        let requests = Family::<RequestLabels, Counter>::default();
        registry.register(
            "eventx_requests",
            "Finished gRPC calls by full method name and status code",
            requests.clone(),
        );
        let durations =
            Family::<MethodLabels, Histogram, fn() -> Histogram>::new_with_constructor(duration_histogram);
        registry.register(
            "eventx_request_duration_seconds",
            "Time from a call's arrival to its status, in seconds, by full method name",
            durations.clone(),
        );
        let events = Family::<CategoryLabels, Counter>::default();
        registry.register("eventx_events", "Events returned, by PLOVER category", events.clone());
        let inflight = Gauge::default();
        registry.register("eventx_inflight_requests", "gRPC calls in progress", inflight.clone());
        let article_bytes = Histogram::new(exponential_buckets(256.0, 4.0, 8));
        registry.register(
            "eventx_article_bytes",
            "Size of the article texts received, in bytes",
            article_bytes.clone(),
        );
        Arc::new(Metrics { registry, requests, durations, events, inflight, article_bytes })
    }

    /// Counts a call as started; it stays in flight until [`Metrics::rpc_finished`].
    pub fn rpc_started(&self) {
        self.inflight.inc();
    }

    /// Records a finished call: its status and duration.
    pub fn rpc_finished(&self, method: &'static str, code: Code, elapsed: Duration) {
        self.inflight.dec();
        self.requests.get_or_create(&RequestLabels { method, code: code_name(code) }).inc();
        self.durations.get_or_create(&MethodLabels { method }).observe(elapsed.as_secs_f64());
    }

    /// Calls in progress now, health watches included.
    pub fn rpcs_in_flight(&self) -> i64 {
        self.inflight.get()
    }

    /// Records the size of an article text received.
    pub fn article_received(&self, text_bytes: usize) {
        self.article_bytes.observe(text_bytes as f64);
    }

    /// Counts the events of a response by category.
    pub fn events_returned(&self, response: &ExtractResponse) {
        for event in &response.events {
            let category = EventCategory::try_from(event.category)
                .map(|c| c.as_str_name().trim_start_matches("EVENT_CATEGORY_"))
                .unwrap_or("UNKNOWN");
            self.events.get_or_create(&CategoryLabels { category }).inc();
        }
    }

    /// The metrics in the OpenMetrics text format, ending with `# EOF`.
    pub fn encode(&self) -> String {
        let mut text = String::new();
        if let Err(e) = prometheus_client::encoding::text::encode(&mut text, &self.registry) {
            tracing::warn!(error = %e, "cannot encode the metrics");
        }
        text
    }
}

#[cfg(test)]
mod tests {
    use eventx_proto::v1::Event;

    use super::*;

    #[test]
    fn text_names_every_metric() {
        let metrics = Metrics::new();
        metrics.rpc_started();
        metrics.rpc_finished("eventx.v1.ExtractionService/Extract", Code::Ok, Duration::from_millis(3));
        metrics.article_received(1000);
        let response = ExtractResponse {
            events: vec![Event { category: EventCategory::Sanction as i32, ..Default::default() }],
            ..Default::default()
        };
        metrics.events_returned(&response);
        let text = metrics.encode();
        for needle in [
            "eventx_requests_total{method=\"eventx.v1.ExtractionService/Extract\",code=\"OK\"} 1",
            "eventx_request_duration_seconds_bucket{le=\"0.005\",method=\"eventx.v1.ExtractionService/Extract\"} 1",
            "eventx_events_total{category=\"SANCTION\"} 1",
            "eventx_inflight_requests 0",
            "eventx_article_bytes_count 1",
            "# EOF",
        ] {
            assert!(text.contains(needle), "{needle} missing from\n{text}");
        }
    }
}
