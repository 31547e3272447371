//! Ending a response stream early: when a cut-off future fires, the stream yields that status
//! as its last item and ends, whatever the inner stream was doing.

use std::future::Future;
use std::pin::Pin;
use std::task::Poll;

use futures::{Stream, StreamExt};
use tokio::time::Instant;
use tokio_util::sync::CancellationToken;
use tonic::Status;

/// `stream` until `cutoff` fires; then the status `cutoff` returns, and the end.
pub fn until<S, T>(
    stream: S,
    cutoff: impl Future<Output = Status> + Send + 'static,
) -> impl Stream<Item = Result<T, Status>> + Send
where
    S: Stream<Item = Result<T, Status>> + Send + 'static,
{
    let mut stream = Box::pin(stream);
    let mut cutoff: Pin<Box<dyn Future<Output = Status> + Send>> = Box::pin(cutoff);
    let mut done = false;
    futures::stream::poll_fn(move |cx| {
        if done {
            return Poll::Ready(None);
        }
        if let Poll::Ready(status) = cutoff.as_mut().poll(cx) {
            done = true;
            return Poll::Ready(Some(Err(status)));
        }
        let next = stream.poll_next_unpin(cx);
        if matches!(next, Poll::Ready(None) | Poll::Ready(Some(Err(_)))) {
            done = true;
        }
        next
    })
}

/// Fires with DEADLINE_EXCEEDED at `deadline` (never when `None`), or with UNAVAILABLE when
/// `stop` is cancelled (the server's drain time is over).
pub async fn deadline_or_stop(deadline: Option<Instant>, stop: CancellationToken) -> Status {
    let expired = async move {
        match deadline {
            Some(deadline) => tokio::time::sleep_until(deadline).await,
            None => std::future::pending().await,
        }
    };
    tokio::select! {
        () = expired => Status::deadline_exceeded("deadline exceeded: the stream outlived the call's deadline"),
        () = stop.cancelled_owned() => {
            Status::unavailable("server shutting down; resend the articles that got no answer to another server")
        }
    }
}

#[cfg(test)]
mod tests {
    use futures::stream;

    use super::*;

    #[tokio::test]
    async fn a_fired_cutoff_ends_the_stream_with_its_status() {
        let items = stream::iter([Ok(1), Ok(2)]).chain(stream::pending());
        let stop = CancellationToken::new();
        let mut cut = Box::pin(until(items, deadline_or_stop(None, stop.clone())));
        assert_eq!(cut.next().await.unwrap().unwrap(), 1);
        assert_eq!(cut.next().await.unwrap().unwrap(), 2);
        stop.cancel();
        assert_eq!(cut.next().await.unwrap().unwrap_err().code(), tonic::Code::Unavailable);
        assert!(cut.next().await.is_none());
    }

    #[tokio::test]
    async fn an_inner_error_is_the_last_item() {
        let items = stream::iter([Ok(1), Err(Status::cancelled("gone")), Ok(3)]);
        let cut: Vec<_> = until(items, std::future::pending()).collect().await;
        assert_eq!(cut.len(), 2);
    }

    #[tokio::test]
    async fn a_passed_deadline_reports_deadline_exceeded() {
        let status = deadline_or_stop(Some(Instant::now()), CancellationToken::new()).await;
        assert_eq!(status.code(), tonic::Code::DeadlineExceeded);
    }
}
