//! End-to-end fault tests: clients that give up mid-request and mid-stream, and deadlines shorter
//! than the work. After each the server is healthy: nothing stays in flight, the slots the
//! abandoned work held come back, and the next calls are answered.

mod common;

use std::time::{Duration, Instant};

use common::{ARTICLES, article, bounded, client, request};
use eventx_proto::v1::ExtractStreamRequest;
use eventx_server::{Config, ServerHandle};
use futures::StreamExt;
use tokio_stream::wrappers::ReceiverStream;
use tonic::{Code, Request};
use tonic_health::pb::health_check_response::ServingStatus;

/// The value of the metric line starting with `prefix` (0 when absent).
async fn metric(server: &ServerHandle, prefix: &str) -> f64 {
    let metrics = common::http_get(server, "/metrics").await;
    metrics
        .lines()
        .filter(|l| l.starts_with(prefix))
        .filter_map(|l| l.rsplit(' ').next()?.parse::<f64>().ok())
        .sum()
}

/// Waits until the server has no call in flight.
async fn settled(server: &ServerHandle) {
    bounded(async {
        while metric(server, "eventx_inflight_requests ").await > 0.0 {
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    })
    .await;
}

/// Checks that the server answers and reports SERVING, and that it never failed a call as its
/// own fault.
async fn assert_healthy(server: &ServerHandle) {
    assert_eq!(common::health(server, "").await, ServingStatus::Serving);
    let mut client = client(server).await;
    let answer = bounded(client.extract(request(article("after", ARTICLES[0])))).await;
    assert!(answer.is_ok(), "{answer:?}");
    let extract = |code: &str| {
        format!("eventx_requests_total{{method=\"eventx.v1.ExtractionService/Extract\",code=\"{code}\"}}")
    };
    assert!(metric(server, &extract("OK")).await >= 1.0, "the metric lines are read");
    assert_eq!(metric(server, &extract("INTERNAL")).await, 0.0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_that_gives_up_mid_request_leaves_the_server_healthy() {
    let (server, gate) = common::gated(Config { max_concurrent: 1, max_queue: 0, ..common::config() });
    let server = common::start_server(server).await;
    let mut held = client(&server).await;
    let call = tokio::spawn(async move { held.extract(request(article("gone", ARTICLES[0]))).await });
    gate.entered(1).await;
    call.abort();
    let _ = call.await;
    settled(&server).await;
    let cancelled =
        "eventx_requests_total{method=\"eventx.v1.ExtractionService/Extract\",code=\"CANCELLED\"}";
    assert_eq!(metric(&server, cancelled).await, 1.0, "the call is counted as cancelled");

    // The abandoned extraction still holds the only slot until its thread finishes: the server
    // counts the CPU actually in use, and gives the slot back once it is done.
    let mut client = client(&server).await;
    let busy = bounded(client.extract(request(article("meanwhile", ARTICLES[1])))).await.unwrap_err();
    assert_eq!(busy.code(), Code::ResourceExhausted, "{busy:?}");
    gate.open();
    bounded(async {
        while client.extract(request(article("again", ARTICLES[1]))).await.is_err() {
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    })
    .await;
    assert_healthy(&server).await;
    server.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_that_gives_up_mid_stream_with_articles_in_flight_leaves_the_server_healthy() {
    let (server, gate) = common::gated(Config { max_concurrent: 2, max_queue: 0, ..common::config() });
    let server = common::start_server(server).await;
    let mut streaming = client(&server).await;
    let (sender, receiver) = tokio::sync::mpsc::channel(16);
    for i in 0..8 {
        let article = article(&format!("s{i}"), ARTICLES[i % ARTICLES.len()]);
        let request =
            ExtractStreamRequest { request_id: format!("s{i}"), article: Some(article), options: None };
        sender.send(request).await.unwrap();
    }
    let answers =
        bounded(streaming.extract_stream(ReceiverStream::new(receiver))).await.unwrap().into_inner();
    gate.entered(2).await;
    drop(answers);
    drop(sender);
    settled(&server).await;
    gate.open();

    // Once the two abandoned extractions end, both slots serve again: two calls at once are
    // answered, not shed.
    bounded(async {
        loop {
            let mut a = client(&server).await;
            let mut b = a.clone();
            let (x, y) = tokio::join!(
                a.extract(request(article("x", ARTICLES[2]))),
                b.extract(request(article("y", ARTICLES[3])))
            );
            if x.is_ok() && y.is_ok() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    })
    .await;
    assert_healthy(&server).await;
    server.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deadlines_shorter_than_the_work_end_in_deadline_exceeded_and_the_server_recovers() {
    let server = common::start(Config { max_concurrent: 2, max_queue: 8, ..common::config() }).await;
    let long = ARTICLES.join(" ").repeat(2000);
    let started = Instant::now();
    let calls = (0..6).map(|i| {
        let mut raw = common::raw_client(&server);
        let text = long.clone();
        async move {
            let mut call = Request::new(request(article(&format!("d{i}"), &text)));
            call.set_timeout(Duration::from_millis(5));
            raw.extract(call).await
        }
    });
    for outcome in bounded(futures::future::join_all(calls)).await {
        let status = outcome.expect_err("a 700 KB article takes longer than 5 ms");
        assert_eq!(status.code(), Code::DeadlineExceeded, "{status:?}");
    }
    let unary_took = started.elapsed();

    let mut raw = common::raw_client(&server);
    let (sender, receiver) = tokio::sync::mpsc::channel(4);
    for i in 0..3 {
        let request = ExtractStreamRequest {
            request_id: format!("l{i}"),
            article: Some(article("l", &long)),
            options: None,
        };
        sender.send(request).await.unwrap();
    }
    let mut call = Request::new(ReceiverStream::new(receiver));
    call.set_timeout(Duration::from_millis(50));
    let mut answers = bounded(raw.extract_stream(call)).await.unwrap().into_inner();
    let end = loop {
        match bounded(answers.next()).await.expect("a final status") {
            Ok(_) => continue,
            Err(status) => break status,
        }
    };
    assert_eq!(end.code(), Code::DeadlineExceeded, "{end:?}");
    drop(sender);
    settled(&server).await;
    assert_healthy(&server).await;
    println!(
        "6 unary calls with 5 ms deadlines on 700 KB articles answered DEADLINE_EXCEEDED in {unary_took:?}"
    );
    server.stop().await.unwrap();
}
