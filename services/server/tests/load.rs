//! End-to-end tests of the server under more load than it can take at once: streams are slowed
//! down by flow control and lose nothing, unary calls beyond the limits are shed at once with a
//! retry hint, and the queue never grows past its bound.

mod common;

use std::collections::HashMap;
use std::time::{Duration, Instant};

use common::{ARTICLES, article, bounded, client, request};
use eventx_proto::v1::ExtractStreamRequest;
use eventx_proto::v1::extract_stream_response::Result as Answer;
use eventx_server::Config;
use futures::StreamExt;
use tonic::Code;
use tonic_types::StatusExt;

const STREAMS: usize = 100;
const ARTICLES_PER_STREAM: usize = 20;
const CONNECTIONS: usize = 4;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hundred_streams_on_a_tiny_server_get_every_article_back() {
    let config = Config { max_concurrent: 2, max_queue: 2, ..common::config() };
    let server = common::start(config).await;
    let mut unary = client(&server).await;
    let mut expected = Vec::new();
    for (i, text) in ARTICLES.iter().enumerate() {
        let response = bounded(unary.extract(request(article("probe", text)))).await.unwrap();
        let events = response.into_inner().events.len();
        assert!(events > 0 || i > 0, "the first test article has events");
        expected.push(events);
    }

    let mut clients = Vec::new();
    for _ in 0..CONNECTIONS {
        clients.push(client(&server).await);
    }
    let started = Instant::now();
    let streams = (0..STREAMS).map(|s| {
        let mut client = clients[s % CONNECTIONS].clone();
        async move {
            let requests = (0..ARTICLES_PER_STREAM).map(move |a| ExtractStreamRequest {
                request_id: format!("{s}-{a}"),
                article: Some(article(&format!("{s}-{a}"), ARTICLES[(s + a) % ARTICLES.len()])),
                options: None,
            });
            let answers = client.extract_stream(futures::stream::iter(requests)).await?.into_inner();
            answers.collect::<Vec<_>>().await.into_iter().collect::<Result<Vec<_>, _>>()
        }
    });
    let outcomes = bounded(futures::future::join_all(streams)).await;
    let elapsed = started.elapsed();

    let mut answered = 0;
    let mut errors: HashMap<String, usize> = HashMap::new();
    for (s, outcome) in outcomes.into_iter().enumerate() {
        let answers = outcome.unwrap_or_else(|status| panic!("stream {s} failed: {status:?}"));
        assert_eq!(answers.len(), ARTICLES_PER_STREAM, "stream {s}");
        for answer in answers {
            let (stream, index) = answer.request_id.split_once('-').expect("an id we sent");
            let which = (stream.parse::<usize>().unwrap() + index.parse::<usize>().unwrap()) % ARTICLES.len();
            match answer.result {
                Some(Answer::Response(response)) => {
                    assert_eq!(response.events.len(), expected[which], "{}", answer.request_id);
                    answered += 1;
                }
                Some(Answer::Error(error)) => *errors.entry(error.message).or_default() += 1,
                None => panic!("an empty answer"),
            }
        }
    }
    assert!(errors.is_empty(), "stream articles failed: {errors:?}");
    assert_eq!(answered, STREAMS * ARTICLES_PER_STREAM);
    println!(
        "{STREAMS} streams x {ARTICLES_PER_STREAM} articles: {answered} answered, 0 errors, in {elapsed:?}"
    );

    let after = bounded(unary.extract(request(article("after", ARTICLES[0])))).await;
    assert!(after.is_ok(), "the server still answers after the load: {after:?}");
    server.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unary_overload_is_shed_at_once_with_a_retry_hint_and_the_queue_stays_bounded() {
    let (server, gate) = common::gated(Config { max_concurrent: 1, max_queue: 4, ..common::config() });
    let server = common::start_server(server).await;
    let client = client(&server).await;
    let calls = (0..60).map(|i| {
        let mut client = client.clone();
        async move {
            let sent = Instant::now();
            let outcome = client.extract(request(article(&format!("u{i}"), ARTICLES[i % 4]))).await;
            (outcome, sent.elapsed())
        }
    });
    let calls = tokio::spawn(futures::future::join_all(calls));
    gate.entered(1).await;

    // Every call beyond 1 running + 4 queued is answered while the gate is still shut: the
    // refusals wait for no extraction.
    bounded(async {
        while refused(&server).await < 55 {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    })
    .await;
    assert!(!calls.is_finished(), "the admitted calls are still held");
    gate.open();

    let outcomes = bounded(calls).await.unwrap();
    let mut ok = 0;
    let mut slowest_refusal = Duration::ZERO;
    for (outcome, latency) in outcomes {
        match outcome {
            Ok(_) => ok += 1,
            Err(status) => {
                assert_eq!(status.code(), Code::ResourceExhausted, "{status:?}");
                let pending: usize = status
                    .message()
                    .strip_prefix("server busy: ")
                    .and_then(|m| m.split(' ').next())
                    .and_then(|n| n.parse().ok())
                    .unwrap_or_else(|| panic!("not a busy message: {}", status.message()));
                assert_eq!(pending, 5, "the queue holds 1 running + 4 queued, no more");
                let details = status.get_error_details();
                assert_eq!(details.error_info().unwrap().reason, "SERVER_BUSY");
                let delay = details.retry_info().expect("a RetryInfo").retry_delay.expect("a delay");
                assert!(delay > Duration::ZERO);
                slowest_refusal = slowest_refusal.max(latency);
            }
        }
    }
    assert_eq!(ok, 5, "the running and the queued calls complete");
    println!("60 unary calls on 1 slot + 4 queued: 5 answered, 55 shed, slowest refusal {slowest_refusal:?}");
    server.stop().await.unwrap();
}

/// Extract calls refused with RESOURCE_EXHAUSTED so far, from the metrics.
async fn refused(server: &eventx_server::ServerHandle) -> usize {
    let metrics = common::http_get(server, "/metrics").await;
    metrics
        .lines()
        .find(|l| l.starts_with("eventx_requests_total{") && l.contains("RESOURCE_EXHAUSTED"))
        .and_then(|l| l.rsplit(' ').next())
        .map_or(0, |n| n.parse().unwrap())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stream_reads_no_further_than_its_window_while_the_server_is_full() {
    let (server, gate) = common::gated(Config { max_concurrent: 2, max_queue: 0, ..common::config() });
    let server = common::start_server(server).await;
    let mut client = client(&server).await;
    let requests = (0..500).map(|i| ExtractStreamRequest {
        request_id: i.to_string(),
        article: Some(article(&i.to_string(), ARTICLES[i % ARTICLES.len()])),
        options: None,
    });
    let answers = tokio::spawn(async move {
        let answers = client.extract_stream(futures::stream::iter(requests)).await?.into_inner();
        answers.collect::<Vec<_>>().await.into_iter().collect::<Result<Vec<_>, _>>()
    });
    gate.entered(2).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let metrics = common::http_get(&server, "/metrics").await;
    let taken = metrics
        .lines()
        .find(|l| l.starts_with("eventx_article_bytes_count"))
        .and_then(|l| l.rsplit(' ').next()?.parse::<u64>().ok())
        .expect("the article size histogram");
    assert_eq!(
        taken, 2,
        "the server took only its window of 2 from the stream; the rest waits in flow control"
    );
    gate.open();
    let answers = bounded(answers).await.unwrap().expect("the stream completes");
    assert_eq!(answers.len(), 500);
    assert!(answers.iter().all(|a| matches!(a.result, Some(Answer::Response(_)))));
    server.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stream_reads_nothing_while_unary_calls_fill_the_server() {
    let (server, gate) = common::gated(Config { max_concurrent: 1, max_queue: 1, ..common::config() });
    let server = common::start_server(server).await;
    let shared = client(&server).await;
    let unary = (0..2).map(|i| {
        let mut client = shared.clone();
        async move { client.extract(request(article(&format!("u{i}"), ARTICLES[i]))).await }
    });
    let unary = tokio::spawn(futures::future::join_all(unary));
    gate.entered(1).await;
    bounded(async {
        while articles_taken(&server).await < 2 {
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    })
    .await;

    let mut streaming = client(&server).await;
    let requests = (0..100).map(|i| ExtractStreamRequest {
        request_id: i.to_string(),
        article: Some(article(&i.to_string(), ARTICLES[i % ARTICLES.len()])),
        options: None,
    });
    let answers = tokio::spawn(async move {
        let answers = streaming.extract_stream(futures::stream::iter(requests)).await?.into_inner();
        answers.collect::<Vec<_>>().await.into_iter().collect::<Result<Vec<_>, _>>()
    });
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(articles_taken(&server).await, 2, "a full server reads no stream article");
    gate.open();
    let answers = bounded(answers).await.unwrap().expect("the stream completes");
    assert_eq!(answers.len(), 100);
    assert!(answers.iter().all(|a| matches!(a.result, Some(Answer::Response(_)))), "none shed");
    assert!(bounded(unary).await.unwrap().iter().all(Result::is_ok));
    server.stop().await.unwrap();
}

/// Articles the server has taken in (unary or from streams), from the size histogram.
async fn articles_taken(server: &eventx_server::ServerHandle) -> u64 {
    let metrics = common::http_get(server, "/metrics").await;
    metrics
        .lines()
        .find(|l| l.starts_with("eventx_article_bytes_count"))
        .and_then(|l| l.rsplit(' ').next()?.parse().ok())
        .unwrap_or(0)
}
