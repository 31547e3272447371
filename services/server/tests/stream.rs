//! End-to-end tests of `ExtractStream`: many articles, bad articles inside a stream, per-article
//! deadlines, the call deadline, and clients that go away mid-stream.

mod common;

use std::collections::HashMap;
use std::time::Duration;

use common::{ARTICLES, article, bounded, client};
use eventx_proto::v1::extract_stream_response::Result as Answer;
use eventx_proto::v1::{ExtractStreamRequest, ExtractStreamResponse};
use eventx_server::Config;
use futures::StreamExt;
use prost::Message;
use tokio_stream::wrappers::ReceiverStream;
use tonic::{Code, Request};
use tonic_health::pb::health_check_response::ServingStatus;

fn stream_request(request_id: &str, id: &str, text: &str) -> ExtractStreamRequest {
    ExtractStreamRequest {
        request_id: request_id.to_string(),
        article: Some(article(id, text)),
        options: None,
    }
}

#[tokio::test]
async fn a_thousand_articles_get_a_thousand_matched_answers() {
    let server = common::start(common::config()).await;
    let mut client = client(&server).await;
    let requests: Vec<_> = (0..1000)
        .map(|i| match i {
            500 => stream_request("req-500", "a500", "   "),
            700 => stream_request("", "article-700", ARTICLES[2]),
            _ => stream_request(&format!("req-{i}"), &format!("a{i}"), ARTICLES[i % ARTICLES.len()]),
        })
        .collect();
    let responses = bounded(client.extract_stream(futures::stream::iter(requests))).await.unwrap();
    let answers: Vec<ExtractStreamResponse> =
        bounded(responses.into_inner().map(|r| r.expect("no stream error")).collect()).await;
    assert_eq!(answers.len(), 1000);
    let by_id: HashMap<_, _> = answers.into_iter().map(|a| (a.request_id.clone(), a)).collect();
    assert_eq!(by_id.len(), 1000, "each request answered exactly once");
    for i in (0..1000).filter(|i| ![500, 700].contains(i)) {
        match &by_id[&format!("req-{i}")].result {
            Some(Answer::Response(response)) => {
                assert_eq!(response.article_id, format!("a{i}"));
                common::assert_spans_valid(ARTICLES[i % ARTICLES.len()], response);
            }
            other => panic!("req-{i}: {other:?}"),
        }
    }
    match &by_id["req-500"].result {
        Some(Answer::Error(error)) => {
            assert_eq!(Code::from(error.code), Code::InvalidArgument);
            let details = &error.details[0];
            assert_eq!(details.type_url, "type.googleapis.com/google.rpc.BadRequest");
            let bad_request = tonic_types::pb::BadRequest::decode(details.value.clone()).unwrap();
            assert_eq!(bad_request.field_violations[0].field, "article.text");
        }
        other => panic!("req-500: {other:?}"),
    }
    assert!(
        matches!(by_id["article-700"].result, Some(Answer::Response(_))),
        "empty request_id uses the article id"
    );
    server.stop().await.unwrap();
}

#[tokio::test]
async fn a_client_that_leaves_mid_stream_leaves_the_server_healthy() {
    let server = common::start(common::config()).await;
    let mut client = client(&server).await;
    let (sender, receiver) = tokio::sync::mpsc::channel(16);
    for i in 0..10 {
        sender.send(stream_request(&format!("r{i}"), "x", ARTICLES[i % 4])).await.unwrap();
    }
    let mut responses =
        bounded(client.extract_stream(ReceiverStream::new(receiver))).await.unwrap().into_inner();
    for _ in 0..3 {
        bounded(responses.next()).await.expect("an answer").expect("not an error");
    }
    drop(responses);
    drop(sender);
    let response = bounded(client.extract(common::request(article("next", ARTICLES[0])))).await.unwrap();
    assert_eq!(response.into_inner().article_id, "next");
    assert_eq!(common::health(&server, "").await, ServingStatus::Serving);
    server.stop().await.unwrap();
}

#[tokio::test]
async fn a_slow_article_gets_a_deadline_entry_and_the_stream_goes_on() {
    let (server, gate) =
        common::gated(Config { default_timeout: Duration::from_millis(50), ..common::config() });
    let server = common::start_server(server).await;
    let mut client = client(&server).await;
    let (sender, receiver) = tokio::sync::mpsc::channel(4);
    sender.send(stream_request("slow", "s", ARTICLES[0])).await.unwrap();
    let mut responses =
        bounded(client.extract_stream(ReceiverStream::new(receiver))).await.unwrap().into_inner();
    let first = bounded(responses.next()).await.unwrap().unwrap();
    assert_eq!(first.request_id, "slow");
    match first.result {
        Some(Answer::Error(error)) => assert_eq!(Code::from(error.code), Code::DeadlineExceeded),
        other => panic!("{other:?}"),
    }
    gate.open();
    sender.send(stream_request("fast", "f", ARTICLES[1])).await.unwrap();
    let second = bounded(responses.next()).await.unwrap().unwrap();
    assert_eq!(second.request_id, "fast");
    assert!(matches!(second.result, Some(Answer::Response(_))), "{second:?}");
    drop(sender);
    assert!(bounded(responses.next()).await.is_none());
    server.stop().await.unwrap();
}

#[tokio::test]
async fn the_call_deadline_ends_the_stream() {
    let (server, gate) = common::gated(common::config());
    let server = common::start_server(server).await;
    let mut client = client(&server).await;
    let (sender, receiver) = tokio::sync::mpsc::channel(4);
    sender.send(stream_request("held", "h", ARTICLES[0])).await.unwrap();
    let mut call = Request::new(ReceiverStream::new(receiver));
    call.set_timeout(Duration::from_millis(100));
    let mut responses = bounded(client.extract_stream(call)).await.unwrap().into_inner();
    let status = bounded(responses.next()).await.expect("a final status").unwrap_err();
    assert_eq!(status.code(), Code::DeadlineExceeded, "{status:?}");
    gate.open();
    drop(sender);
    server.stop().await.unwrap();
}
