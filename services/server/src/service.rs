//! The `eventx.v1.ExtractionService` implementation: `Extract`, `ExtractStream` and
//! `GetOntology` over a [`Runner`].

use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use eventx_proto::v1::extraction_service_server::ExtractionService;
use eventx_proto::v1::{
    ExtractRequest, ExtractResponse, ExtractStreamRequest, ExtractStreamResponse, GetOntologyRequest,
    GetOntologyResponse, extract_stream_response,
};
use futures::{Stream, StreamExt};
use tokio::time::Instant;
use tokio_util::sync::CancellationToken;
use tonic::{Code, Request, Response, Status, Streaming};
use tracing::{Instrument, Span};

use crate::cutoff;
use crate::deadline::Deadline;
use crate::errors::code_name;
use crate::extraction::{Runner, WhenFull};

/// The gRPC service. Cheap to clone: every clone shares the runner and the ontology.
#[derive(Debug, Clone)]
pub struct Extraction {
    runner: Runner,
    default_timeout: Duration,
    stream_window: usize,
    stop: CancellationToken,
    ontology: Arc<GetOntologyResponse>,
}

impl Extraction {
    /// A service running extractions on `runner`. Calls without a client deadline get
    /// `default_timeout`, as does each article of a stream. A stream works on at most
    /// `stream_window` articles at once. Cancelling `stop` ends the open streams with UNAVAILABLE.
    pub fn new(
        runner: Runner,
        default_timeout: Duration,
        stream_window: usize,
        stop: CancellationToken,
    ) -> Self {
        Extraction {
            runner,
            default_timeout,
            stream_window: stream_window.max(1),
            stop,
            ontology: Arc::new(eventx_api::ontology()),
        }
    }

    fn after_default_timeout(&self) -> Instant {
        let now = Instant::now();
        now.checked_add(self.default_timeout).unwrap_or_else(|| now + Duration::from_secs(365 * 24 * 3600))
    }

    /// Answers one article of a stream, in a span under the stream's `rpc` span; failures become
    /// error entries.
    async fn answer(&self, request: ExtractStreamRequest, rpc: &Span) -> ExtractStreamResponse {
        let ExtractStreamRequest { request_id, article, options } = request;
        let request_id = match (request_id.is_empty(), &article) {
            (true, Some(article)) => article.id.clone(),
            _ => request_id,
        };
        let span = tracing::debug_span!(parent: rpc, "article", request_id = %request_id);
        let deadline = self.after_default_timeout();
        let result = self
            .runner
            .run(ExtractRequest { article, options }, deadline, WhenFull::Wait)
            .instrument(span.clone())
            .await;
        let result = match result {
            Ok(response) => extract_stream_response::Result::Response(response),
            Err(error) => {
                let entry = error.to_rpc_status();
                span.in_scope(|| {
                    tracing::debug!(
                        code = code_name(Code::from(entry.code)),
                        message = %entry.message,
                        "article refused"
                    )
                });
                extract_stream_response::Result::Error(entry)
            }
        };
        ExtractStreamResponse { request_id, result: Some(result) }
    }
}

/// The response stream of `ExtractStream`.
pub type ResponseStream = Pin<Box<dyn Stream<Item = Result<ExtractStreamResponse, Status>> + Send>>;

#[tonic::async_trait]
impl ExtractionService for Extraction {
    async fn extract(&self, request: Request<ExtractRequest>) -> Result<Response<ExtractResponse>, Status> {
        let deadline =
            request.extensions().get::<Deadline>().map_or_else(|| self.after_default_timeout(), |d| d.0);
        let request = request.into_inner();
        let span = Span::current();
        if let Some(article) = &request.article {
            span.record("article_id", article.id.as_str());
            span.record("text_bytes", article.text.len());
        }
        let response = self.runner.run(request, deadline, WhenFull::Shed).await.map_err(|e| e.to_status())?;
        span.record("events", response.events.len());
        Ok(Response::new(response))
    }

    type ExtractStreamStream = ResponseStream;

    async fn extract_stream(
        &self,
        request: Request<Streaming<ExtractStreamRequest>>,
    ) -> Result<Response<ResponseStream>, Status> {
        let deadline = request.extensions().get::<Deadline>().map(|d| d.0);
        let service = self.clone();
        let rpc = Span::current();
        // The next request is read only once the server has room for it, so a full server slows
        // the stream down through HTTP/2 flow control.
        let runner = self.runner.clone();
        let requests = futures::stream::unfold(request.into_inner(), move |mut requests| {
            let runner = runner.clone();
            async move {
                runner.room().await;
                let next = requests.next().await?;
                Some((next, requests))
            }
        });
        let responses = requests
            .map(move |item| {
                let service = service.clone();
                let rpc = rpc.clone();
                async move { Ok(service.answer(item?, &rpc).await) }
            })
            .buffer_unordered(self.stream_window);
        let cutoff = cutoff::deadline_or_stop(deadline, self.stop.clone());
        Ok(Response::new(Box::pin(cutoff::until(responses, cutoff))))
    }

    async fn get_ontology(
        &self,
        _request: Request<GetOntologyRequest>,
    ) -> Result<Response<GetOntologyResponse>, Status> {
        Ok(Response::new(GetOntologyResponse::clone(&self.ontology)))
    }
}
