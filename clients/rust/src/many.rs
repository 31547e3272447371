//! Batches for [`Client::extract_many`]: one result per article, in input order, over one
//! `ExtractStream` call ([`over_stream`]) or over one `Extract` call per article through a
//! balancer ([`over_calls`]).
//!
//! Both bound the articles in flight or held back to [`Client::concurrency`]. A window of that
//! many permits is taken for each article when it is sent and given back only when its result is
//! handed to the caller, so an early article that is slow cannot make later answers pile up.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use eventx_proto::v1::extract_stream_response::Result as Answer;
use eventx_proto::v1::{Article, ExtractResponse, ExtractStreamRequest, ExtractStreamResponse};
use futures::future::BoxFuture;
use futures::stream::{BoxStream, FuturesUnordered};
use futures::{FutureExt, StreamExt};
use tokio::sync::{Semaphore, mpsc};
use tokio::task::JoinHandle;
use tokio_stream::wrappers::UnboundedReceiverStream;
use tonic::Code;

use crate::client::{Client, with_metadata};
use crate::error::Error;

/// One result of a batch.
type Item = Result<ExtractResponse, Error>;

/// Each article as its own `Extract` call (with the client's retries), at most
/// [`Client::concurrency`] at once; `buffered` hands the results back in input order.
pub(crate) fn over_calls(client: Client, articles: BoxStream<'static, Article>) -> BoxStream<'static, Item> {
    let concurrency = client.concurrency();
    articles
        .map(move |article| {
            let client = client.clone();
            async move { client.extract(article).await }
        })
        .buffered(concurrency)
        .boxed()
}

/// The articles over one `ExtractStream` call, the results in input order.
pub(crate) fn over_stream(client: Client, articles: BoxStream<'static, Article>) -> BoxStream<'static, Item> {
    let window = Arc::new(Semaphore::new(client.concurrency()));
    let (results, received) = mpsc::channel(client.concurrency());
    let driver = Driver::new(client, articles, results, Arc::clone(&window)).run().boxed();
    let state = Reorder { start: Some(driver), task: None, received, held: BTreeMap::new(), next: 0, window };
    futures::stream::unfold(state, Reorder::next_item).boxed()
}

/// Aborts the stream's driver task when the caller drops the result stream.
struct AbortOnDrop(JoinHandle<()>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// The caller's half: holds back results that arrive before their turn.
struct Reorder {
    /// The driver, spawned on the first poll (so the stream can be made outside a runtime).
    start: Option<BoxFuture<'static, ()>>,
    task: Option<AbortOnDrop>,
    received: mpsc::Receiver<(u64, Item)>,
    held: BTreeMap<u64, Item>,
    next: u64,
    window: Arc<Semaphore>,
}

impl Reorder {
    async fn next_item(mut self) -> Option<(Item, Reorder)> {
        if let Some(driver) = self.start.take() {
            self.task = Some(AbortOnDrop(tokio::spawn(driver)));
        }
        loop {
            if let Some(item) = self.held.remove(&self.next) {
                self.next += 1;
                self.window.add_permits(1);
                return Some((item, self));
            }
            let (index, item) = self.received.recv().await?;
            self.held.insert(index, item);
        }
    }
}

/// Where an article of the stream stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// Sent on the current stream, or to be sent again when a new stream opens.
    Sent,
    /// Waiting for its retry backoff to pass.
    Waiting,
}

/// An article sent and not yet answered for good.
struct Pending {
    article: Article,
    attempts: u32,
    state: State,
}

/// The task that owns the `ExtractStream` call: sends articles as the window allows, matches
/// answers to articles by `request_id`, retries retryable article errors on the same stream,
/// and opens a new stream (sending the unanswered articles again) when the stream breaks.
struct Driver {
    client: Client,
    articles: BoxStream<'static, Article>,
    input_done: bool,
    results: mpsc::Sender<(u64, Item)>,
    window: Arc<Semaphore>,
    pending: BTreeMap<u64, Pending>,
    next: u64,
    backoffs: FuturesUnordered<BoxFuture<'static, u64>>,
}

/// How a stream ended.
enum Ended {
    /// Every article is answered.
    Done,
    /// The caller dropped the results.
    Abandoned,
    /// The stream failed with this error.
    Failed(Error),
}

impl Driver {
    fn new(
        client: Client,
        articles: BoxStream<'static, Article>,
        results: mpsc::Sender<(u64, Item)>,
        window: Arc<Semaphore>,
    ) -> Driver {
        Driver {
            client,
            articles,
            input_done: false,
            results,
            window,
            pending: BTreeMap::new(),
            next: 0,
            backoffs: FuturesUnordered::new(),
        }
    }

    async fn run(mut self) {
        let mut failures = 0;
        loop {
            let error = match self.one_stream(&mut failures).await {
                Ended::Done | Ended::Abandoned => return,
                Ended::Failed(error) => error,
            };
            if error.is_retryable() {
                self.client.report_unavailable();
            }
            failures += 1;
            match self.client.retry_policy().delay(failures, &error) {
                Some(pause) => tokio::time::sleep(pause).await,
                None => return self.fail_everything(error).await,
            }
        }
    }

    /// Opens a stream, sends again what the last one left unanswered, and serves the stream
    /// until it ends. An answer resets `failures`.
    async fn one_stream(&mut self, failures: &mut u32) -> Ended {
        let (requests, outgoing) = mpsc::unbounded_channel();
        for (&index, pending) in &self.pending {
            if pending.state == State::Sent {
                let _ = requests.send(self.request(index, &pending.article));
            }
        }
        let call = with_metadata(UnboundedReceiverStream::new(outgoing), self.client.metadata(None));
        let mut answers = match self.client.grpc().extract_stream(call).await {
            Ok(answers) => answers.into_inner(),
            Err(status) => return Ended::Failed(Error::from(status)),
        };
        loop {
            if self.input_done && self.pending.is_empty() {
                // Half-close the call and let the server end it, instead of cancelling it.
                drop(requests);
                while let Ok(Some(_)) = answers.message().await {}
                return Ended::Done;
            }
            tokio::select! {
                _ = self.results.closed() => return Ended::Abandoned,
                answer = answers.message() => match answer {
                    Ok(Some(answer)) => {
                        *failures = 0;
                        if !self.answered(answer).await {
                            return Ended::Abandoned;
                        }
                    }
                    Ok(None) => {
                        let message = "the server ended the stream before answering every article".to_string();
                        return Ended::Failed(Error::Unavailable { message });
                    }
                    Err(status) => return Ended::Failed(Error::from(status)),
                },
                Some(index) = self.backoffs.next(), if !self.backoffs.is_empty() => {
                    if let Some(pending) = self.pending.get_mut(&index) {
                        pending.state = State::Sent;
                        let _ = requests.send(self.request(index, &self.pending[&index].article));
                    }
                }
                article = next_article(&self.window, &mut self.articles), if !self.input_done => match article {
                    Some(article) => {
                        let _ = requests.send(self.request(self.next, &article));
                        self.pending.insert(self.next, Pending { article, attempts: 0, state: State::Sent });
                        self.next += 1;
                    }
                    None => self.input_done = true,
                },
            }
        }
    }

    /// Handles one answer: the result goes to the caller, or the article waits for a retry.
    /// Returns false once the caller is gone.
    async fn answered(&mut self, answer: ExtractStreamResponse) -> bool {
        let Ok(index) = answer.request_id.parse::<u64>() else { return true };
        let Some(pending) = self.pending.get_mut(&index) else { return true };
        if pending.state != State::Sent {
            return true;
        }
        let result = match answer.result {
            Some(Answer::Response(response)) => Ok(response),
            Some(Answer::Error(status)) => Err(Error::from(status)),
            None => {
                Err(Error::Other { code: Code::Internal, message: "an empty answer from the server".into() })
            }
        };
        if let Err(error) = &result {
            pending.attempts += 1;
            if let Some(pause) = self.client.retry_policy().delay(pending.attempts, error) {
                pending.state = State::Waiting;
                self.backoffs.push(after(pause, index));
                return true;
            }
        }
        self.pending.remove(&index);
        self.results.send((index, result)).await.is_ok()
    }

    /// After a failure that is not retried: that error for every unanswered article and for
    /// every article still to come, each in its place.
    async fn fail_everything(mut self, error: Error) {
        for index in std::mem::take(&mut self.pending).into_keys() {
            if self.results.send((index, Err(error.clone()))).await.is_err() {
                return;
            }
        }
        if self.input_done {
            return;
        }
        while next_article(&self.window, &mut self.articles).await.is_some() {
            if self.results.send((self.next, Err(error.clone()))).await.is_err() {
                return;
            }
            self.next += 1;
        }
    }

    fn request(&self, index: u64, article: &Article) -> ExtractStreamRequest {
        ExtractStreamRequest {
            request_id: index.to_string(),
            article: Some(article.clone()),
            options: self.client.options().cloned(),
        }
    }
}

/// The next article once the window has room for it; the taken permit is given back when the
/// article's result reaches the caller.
async fn next_article(window: &Semaphore, articles: &mut BoxStream<'static, Article>) -> Option<Article> {
    let permit = window.acquire().await.ok()?;
    let article = articles.next().await?;
    permit.forget();
    Some(article)
}

/// `index`, after `pause`.
fn after(pause: Duration, index: u64) -> BoxFuture<'static, u64> {
    async move {
        tokio::time::sleep(pause).await;
        index
    }
    .boxed()
}
