//! The typed client against real servers on ephemeral ports: addresses, ordered batches over
//! one server and over a balancer, error decoding, deadlines and retries.

mod common;

use std::time::{Duration, Instant};

use common::{Gate, HOLD, Holding, articles, articles_received, bounded, config, extract_calls, start};
use eventx_client::v1::{Article, EventCategory, ExtractOptions, ExtractRequest};
use eventx_client::{Client, Error, RetryPolicy, ServingStatus};
use eventx_server::{Config, Server};
use futures::StreamExt;

/// `n` articles with ids `0..n`: the first held back by the server until three others are read,
/// and article `bad` blank.
fn batch(n: usize, bad: usize) -> Vec<Article> {
    let mut batch = articles(n);
    batch[0].text = format!("{HOLD}{}", batch[0].text);
    batch[bad].text = "   ".into();
    batch
}

/// Checks a batch's results: every id in input order, and `bad` failed on `article.text`.
fn check_in_order(results: &[Result<eventx_client::v1::ExtractResponse, Error>], n: usize, bad: usize) {
    assert_eq!(results.len(), n);
    for (i, result) in results.iter().enumerate() {
        if i == bad {
            match result {
                Err(Error::InvalidArgument { field_violations, .. }) => {
                    assert_eq!(field_violations[0].field, "article.text")
                }
                other => panic!("article {i}: expected INVALID_ARGUMENT, got {other:?}"),
            }
        } else {
            let response = result.as_ref().unwrap_or_else(|e| panic!("article {i}: {e}"));
            assert_eq!(response.article_id, i.to_string(), "results out of input order");
            assert!(!response.events.is_empty(), "article {i} has no events");
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bare_host_and_port_is_plain_http() {
    let handle = start(Server::new(config())).await;
    let client = Client::connect(handle.addr().to_string()).await.expect("host:port connects");
    assert_eq!(client.health().await.unwrap(), ServingStatus::Serving);
    assert!(client.balancer().is_none());
    let ontology = client.ontology().await.unwrap();
    assert_eq!(ontology.categories.len(), 16);
    let response = client.extract(articles(1).remove(0)).await.unwrap();
    assert_eq!(response.events[0].category(), EventCategory::Sanction);
    handle.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn connection_failures_are_connect_errors() {
    // A port nothing listens on: bind one, note it, close it.
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let error = Client::connect(format!("127.0.0.1:{port}")).await.unwrap_err();
    assert!(matches!(error, Error::Connect { .. }), "{error:?}");
    assert!(matches!(Client::connect("ftp://x:1").await, Err(Error::Connect { .. })));
    // TLS against a plain-text server: the handshake fails, with an error and no panic.
    let handle = start(Server::new(config())).await;
    let tls = Client::builder(format!("https://{}", handle.addr())).connect_timeout(Duration::from_secs(5));
    assert!(matches!(tls.connect().await, Err(Error::Connect { .. })));
    handle.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_server_answers_a_batch_in_input_order() {
    let holding = Holding::new(3);
    let handle = start(holding.server()).await;
    let client = Client::builder(handle.addr().to_string())
        .gzip(true)
        .bearer_token("test-token")
        .connect()
        .await
        .unwrap();
    let (n, bad) = (40, 17);
    let results: Vec<_> = bounded(client.extract_iter(batch(n, bad)).collect()).await;
    check_in_order(&results, n, bad);
    assert_eq!(holding.calls(), n, "one extraction per article");
    assert_eq!(extract_calls(&handle, "OK").await, 0, "one stream, no unary calls");
    handle.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn balanced_servers_answer_a_batch_in_input_order() {
    // One extractor behind both servers: the held article waits for articles read by either.
    let holding = Holding::new(3);
    let (first, second) = (start(holding.server()).await, start(holding.server()).await);
    let targets = format!("{},http://{}", first.addr(), second.addr());
    let client = Client::builder(targets).concurrency(8).connect().await.unwrap();
    assert_eq!(client.balancer().expect("two targets are balanced").addresses().len(), 2);
    let (n, bad) = (40, 9);
    let results: Vec<_> = bounded(client.extract_iter(batch(n, bad)).collect()).await;
    check_in_order(&results, n, bad);
    let served = [extract_calls(&first, "OK").await, extract_calls(&second, "OK").await];
    assert_eq!(served.iter().sum::<u64>(), n as u64 - 1, "{served:?}");
    assert!(served.iter().all(|&s| s > 0), "both servers take calls: {served:?}");
    first.stop().await.unwrap();
    second.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn errors_are_decoded_from_unary_and_stream_statuses_alike() {
    let handle = start(Server::new(Config { max_text_bytes: 100, ..config() })).await;
    let client = Client::connect(handle.addr().to_string()).await.unwrap();
    let blank = Article { id: "blank".into(), text: " ".into(), ..Article::default() };
    let long =
        Article { id: "long".into(), text: "Police arrested a man. ".repeat(10), ..Article::default() };
    let bad_options = ExtractRequest {
        article: Some(articles(1).remove(0)),
        options: Some(ExtractOptions { min_confidence: 2.0, ..ExtractOptions::default() }),
    };

    let unary = client.extract(blank.clone()).await.unwrap_err();
    assert!(
        matches!(&unary, Error::InvalidArgument { field_violations, .. } if field_violations[0].field == "article.text"),
        "{unary:?}"
    );
    match client.extract_request(bad_options).await {
        Err(Error::InvalidArgument { field_violations, .. }) => {
            assert_eq!(field_violations[0].field, "options.min_confidence")
        }
        other => panic!("expected INVALID_ARGUMENT, got {other:?}"),
    }
    let too_large = client.extract(long.clone()).await.unwrap_err();
    match &too_large {
        Error::TooLarge { field, limit_bytes, actual_bytes, .. } => {
            assert_eq!(field, "article.text");
            assert_eq!(*limit_bytes, Some(100));
            assert_eq!(*actual_bytes, Some(long.text.len() as u64));
        }
        other => panic!("expected TooLarge, got {other:?}"),
    }
    // Neither is retried: the server saw each call once.
    assert_eq!(extract_calls(&handle, "INVALID_ARGUMENT").await, 2);
    assert_eq!(extract_calls(&handle, "RESOURCE_EXHAUSTED").await, 1);

    let streamed: Vec<_> = bounded(client.extract_iter([blank, long]).collect()).await;
    assert_eq!(streamed[0].as_ref().unwrap_err(), &unary);
    assert_eq!(streamed[1].as_ref().unwrap_err(), &too_large);
    handle.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_call_past_its_deadline_is_deadline_exceeded() {
    let (server, gate) = Gate::server(config());
    let handle = start(server).await;
    let client = Client::builder(handle.addr().to_string())
        .timeout(Duration::from_millis(300))
        .connect()
        .await
        .unwrap();
    let started = Instant::now();
    let error = bounded(client.extract(articles(1).remove(0))).await.unwrap_err();
    assert!(matches!(error, Error::DeadlineExceeded { .. }), "{error:?}");
    assert!(started.elapsed() >= Duration::from_millis(300));
    gate.open();
    handle.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_busy_server_is_retried_after_the_delay_it_asks_for() {
    let (server, gate) = Gate::server(Config { max_concurrent: 1, max_queue: 0, ..config() });
    let handle = start(server).await;
    // A backoff of a millisecond or two: any longer wait comes from the server's RetryInfo.
    let policy = RetryPolicy {
        max_retries: 3,
        initial_backoff: Duration::from_millis(1),
        max_backoff: Duration::from_millis(2),
    };
    let client = Client::builder(handle.addr().to_string()).retry_policy(policy).connect().await.unwrap();

    // The only slot is taken by a call that waits at the gate.
    let holder = tokio::spawn({
        let client = client.clone();
        async move { client.extract(articles(1).remove(0)).await }
    });
    gate.entered(1).await;

    let started = Instant::now();
    let error = bounded(client.extract(articles(2).remove(1))).await.unwrap_err();
    let waited = started.elapsed();
    let asked = match error {
        Error::Busy { retry_after: Some(asked), .. } => asked,
        other => panic!("expected Busy with a RetryInfo delay, got {other:?}"),
    };
    assert_eq!(extract_calls(&handle, "RESOURCE_EXHAUSTED").await, 4, "the first call and 3 retries");
    assert!(waited >= asked * 3, "three retries waited {waited:?}, less than 3 × {asked:?}");

    // Retried while the server is busy, answered once the slot frees up.
    let waiting = tokio::spawn({
        let client = client.with_options(ExtractOptions::default());
        async move { client.extract(articles(2).remove(1)).await }
    });
    bounded(async {
        while extract_calls(&handle, "RESOURCE_EXHAUSTED").await < 5 {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    })
    .await;
    gate.open();
    assert_eq!(bounded(waiting).await.unwrap().expect("answered after a retry").article_id, "1");
    assert_eq!(bounded(holder).await.unwrap().unwrap().article_id, "0");
    handle.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stream_on_a_full_server_waits_for_room_instead_of_getting_busy_answers() {
    let (server, gate) = Gate::server(Config { max_concurrent: 1, max_queue: 0, ..config() });
    let handle = start(server).await;
    // No retries: a busy answer in the stream would come out as an error.
    let policy = RetryPolicy { max_retries: 0, ..RetryPolicy::default() };
    let client = Client::builder(handle.addr().to_string()).retry_policy(policy).connect().await.unwrap();
    let holder = tokio::spawn({
        let client = client.clone();
        async move { client.extract(articles(1).remove(0)).await }
    });
    gate.entered(1).await;

    let batch = tokio::spawn({
        let client = client.clone();
        async move { client.extract_iter(articles(2)).collect::<Vec<_>>().await }
    });
    // The server is full: it reads nothing from the stream (only the held call has arrived)
    // until the held call is done; the stream waits in flow control.
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(articles_received(&handle).await, 1);
    gate.open();
    let results = bounded(batch).await.unwrap();
    let ids: Vec<String> =
        results.into_iter().map(|r| r.expect("answered without a retry").article_id).collect();
    assert_eq!(ids, ["0", "1"]);
    assert_eq!(bounded(holder).await.unwrap().unwrap().article_id, "0");
    handle.stop().await.unwrap();
}
