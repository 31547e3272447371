//! End-to-end tests of the server's life: health, reflection, and the bounded shutdown.

mod common;

use std::time::Duration;

use common::{ARTICLES, article, bounded, client};
use eventx_proto::v1::ExtractStreamRequest;
use eventx_server::{Config, SERVICE_NAME};
use futures::StreamExt;
use tokio_stream::wrappers::ReceiverStream;
use tonic::Code;
use tonic_health::pb::HealthCheckRequest;
use tonic_health::pb::health_check_response::ServingStatus;
use tonic_health::pb::health_client::HealthClient;
use tonic_reflection::pb::v1::ServerReflectionRequest;
use tonic_reflection::pb::v1::server_reflection_client::ServerReflectionClient;
use tonic_reflection::pb::v1::server_reflection_request::MessageRequest;
use tonic_reflection::pb::v1::server_reflection_response::MessageResponse;
use tonic_reflection::pb::v1alpha;

#[tokio::test]
async fn health_reports_serving_overall_and_for_the_service() {
    let server = common::start(common::config()).await;
    assert_eq!(common::health(&server, "").await, ServingStatus::Serving);
    assert_eq!(common::health(&server, SERVICE_NAME).await, ServingStatus::Serving);
    server.stop().await.unwrap();
}

#[tokio::test]
async fn reflection_lists_the_extraction_service() {
    let server = common::start(common::config()).await;
    let mut client = ServerReflectionClient::new(common::channel(&server).await);
    let request = ServerReflectionRequest {
        host: String::new(),
        message_request: Some(MessageRequest::ListServices(String::new())),
    };
    let mut responses =
        bounded(client.server_reflection_info(futures::stream::iter([request]))).await.unwrap().into_inner();
    let response = bounded(responses.next()).await.unwrap().unwrap();
    let Some(MessageResponse::ListServicesResponse(list)) = response.message_response else {
        panic!("not a service list: {response:?}");
    };
    let names: Vec<_> = list.service.iter().map(|s| s.name.as_str()).collect();
    assert!(names.contains(&SERVICE_NAME), "{names:?}");
    assert!(names.contains(&"grpc.health.v1.Health"), "{names:?}");

    let mut client =
        v1alpha::server_reflection_client::ServerReflectionClient::new(common::channel(&server).await);
    let request = v1alpha::ServerReflectionRequest {
        host: String::new(),
        message_request: Some(v1alpha::server_reflection_request::MessageRequest::FileContainingSymbol(
            SERVICE_NAME.to_string(),
        )),
    };
    let mut responses =
        bounded(client.server_reflection_info(futures::stream::iter([request]))).await.unwrap().into_inner();
    let response = bounded(responses.next()).await.unwrap().unwrap();
    assert!(
        matches!(
            response.message_response,
            Some(v1alpha::server_reflection_response::MessageResponse::FileDescriptorResponse(_))
        ),
        "{response:?}"
    );
    server.stop().await.unwrap();
}

#[tokio::test]
async fn reflection_serves_the_error_detail_messages() {
    let server = common::start(common::config()).await;
    let mut client = ServerReflectionClient::new(common::channel(&server).await);
    for symbol in
        ["google.rpc.BadRequest", "google.rpc.ErrorInfo", "google.rpc.RetryInfo", "google.rpc.Status"]
    {
        let request = ServerReflectionRequest {
            host: String::new(),
            message_request: Some(MessageRequest::FileContainingSymbol(symbol.to_string())),
        };
        let mut responses = bounded(client.server_reflection_info(futures::stream::iter([request])))
            .await
            .unwrap()
            .into_inner();
        let response = bounded(responses.next()).await.unwrap().unwrap();
        assert!(
            matches!(response.message_response, Some(MessageResponse::FileDescriptorResponse(_))),
            "{symbol}: {response:?}"
        );
    }
    server.stop().await.unwrap();
}

#[tokio::test]
async fn shutdown_turns_not_serving_drains_and_stops_despite_an_open_stream() {
    let config = Config {
        drain_delay: Duration::from_secs(3),
        max_drain: Duration::from_millis(500),
        ..common::config()
    };
    let mut server = common::start(config).await;
    let mut client = client(&server).await;

    let (sender, receiver) = tokio::sync::mpsc::channel(4);
    let first = ExtractStreamRequest {
        request_id: "open".into(),
        article: Some(article("o", ARTICLES[0])),
        options: None,
    };
    sender.send(first).await.unwrap();
    let mut open_stream =
        bounded(client.extract_stream(ReceiverStream::new(receiver))).await.unwrap().into_inner();
    bounded(open_stream.next()).await.unwrap().unwrap();
    let mut health = HealthClient::new(common::channel(&server).await);
    let watch = HealthCheckRequest { service: String::new() };
    let mut watch = bounded(health.watch(watch)).await.unwrap().into_inner();
    assert_eq!(bounded(watch.next()).await.unwrap().unwrap().status(), ServingStatus::Serving);

    server.shutdown();
    bounded(async {
        while common::health(&server, "").await != ServingStatus::NotServing {
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    })
    .await;
    assert_eq!(common::health(&server, SERVICE_NAME).await, ServingStatus::NotServing);
    let during_drain = bounded(client.extract(common::request(article("draining", ARTICLES[1])))).await;
    assert_eq!(during_drain.expect("calls still succeed while draining").into_inner().article_id, "draining");
    assert!(common::http_get(&server, "/healthz").await.starts_with("HTTP/1.1 503"));

    assert_eq!(bounded(watch.next()).await.unwrap().unwrap().status(), ServingStatus::NotServing);

    bounded(server.stop()).await.expect("the server stops, though a health watch is still open");
    let end = bounded(open_stream.next()).await.expect("a final status").unwrap_err();
    assert_eq!(end.code(), Code::Unavailable, "{end:?}");
    drop(sender);
}
