//! Running one extraction: admission (shed when full), a blocking thread off the async reactor,
//! and the deadline.

use std::sync::Arc;
use std::time::Duration;

use eventx_api::{ApiError, Extractor};
use eventx_proto::v1::{ExtractRequest, ExtractResponse};
use tokio::time::Instant;
use tracing::Span;

use crate::admission::Admission;
use crate::errors::ExtractError;
use crate::metrics::Metrics;
use crate::summary::Repeated;

/// What turns a request into a response. [`eventx_api::Extractor`] is the real one; tests may
/// wrap it (to make an extraction slow on purpose, for instance).
pub trait ArticleExtractor: Send + Sync + 'static {
    /// Reads one article. Called on a blocking thread; may take as long as it needs.
    fn extract(&self, request: &ExtractRequest) -> Result<ExtractResponse, ApiError>;
}

impl ArticleExtractor for Extractor {
    fn extract(&self, request: &ExtractRequest) -> Result<ExtractResponse, ApiError> {
        Extractor::extract(self, request)
    }
}

/// What happens to an extraction when the server is full.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WhenFull {
    /// Refuse it at once with RESOURCE_EXHAUSTED (unary calls: the client retries later).
    Shed,
    /// Wait for a slot (stream articles: the stream's window bounds how many wait, and the
    /// stream reads no further request meanwhile).
    Wait,
}

/// Runs extractions within the server's limits.
#[derive(Clone)]
pub struct Runner {
    extractor: Arc<dyn ArticleExtractor>,
    admission: Arc<Admission>,
    metrics: Arc<Metrics>,
    shed: Arc<Repeated>,
}

impl std::fmt::Debug for Runner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Runner").field("admission", &self.admission).finish_non_exhaustive()
    }
}

impl Runner {
    /// A runner over `extractor`, gated by `admission`, recording into `metrics`. The warning
    /// about shed extractions is written once, then summarised every `warnings_every`.
    pub fn new(
        extractor: Arc<dyn ArticleExtractor>,
        admission: Arc<Admission>,
        metrics: Arc<Metrics>,
        warnings_every: Duration,
    ) -> Runner {
        Runner { extractor, admission, metrics, shed: Arc::new(Repeated::new(warnings_every)) }
    }

    /// Waits until the server has room for another extraction (see [`Admission::room`]).
    pub async fn room(&self) {
        self.admission.room().await;
    }

    /// Extractions admitted since the start.
    pub fn extractions_admitted(&self) -> u64 {
        self.admission.admitted()
    }

    /// Extractions running or waiting now.
    pub fn extractions_pending(&self) -> usize {
        self.admission.pending()
    }

    /// Writes the summary of the shed extractions not logged yet, when one is due, or whenever
    /// there are some when `last` (at shutdown).
    pub fn summarise_warnings(&self, last: bool) {
        if let Some(shed) = if last { self.shed.remaining() } else { self.shed.summary() } {
            let every = self.shed.every();
            tracing::warn!(shed, "server busy: {shed} more extractions shed in the last {every:?}");
        }
    }

    /// Extracts the events of `request` by `deadline`. When the server is full it refuses at
    /// once or waits for a slot, as `when_full` says; below the limits it waits for a slot. An
    /// extraction the deadline cut short keeps its slot until its
    /// thread finishes, so the concurrency limit always counts the CPU in use.
    pub async fn run(
        &self,
        request: ExtractRequest,
        deadline: Instant,
        when_full: WhenFull,
    ) -> Result<ExtractResponse, ExtractError> {
        let text_bytes = request.article.as_ref().map_or(0, |a| a.text.len());
        self.metrics.article_received(text_bytes);
        let ticket = match when_full {
            WhenFull::Shed => self.admission.try_admit().inspect_err(|busy| {
                if let Some(earlier) = self.shed.occur() {
                    let every = self.shed.every();
                    tracing::warn!(
                        pending = busy.pending,
                        shed_before = earlier,
                        "server busy: shedding an extraction (further ones are summarised every {every:?})"
                    );
                }
            })?,
            WhenFull::Wait => self.admission.admit(),
        };
        let started = Instant::now();
        let extractor = Arc::clone(&self.extractor);
        let span = Span::current();
        let work = async move {
            let slot = ticket.run().await;
            tokio::task::spawn_blocking(move || {
                let _slot = slot;
                span.in_scope(|| extractor.extract(&request))
            })
            .await
        };
        let response = match tokio::time::timeout_at(deadline, work).await {
            Err(_) => {
                return Err(ExtractError::DeadlineExceeded(deadline.saturating_duration_since(started)));
            }
            Ok(Err(failure)) => {
                tracing::error!(error = %failure, "extraction task failed");
                return Err(ExtractError::Internal);
            }
            Ok(Ok(result)) => result?,
        };
        self.metrics.events_returned(&response);
        Ok(response)
    }
}
