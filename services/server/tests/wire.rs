//! End-to-end tests with hand-built gRPC frames over raw HTTP/2: a request body the server cannot
//! read (a string that is not UTF-8, bytes that are no protobuf message, a frame cut short) is
//! the client's mistake, INVALID_ARGUMENT with a message that says why, never INTERNAL.

mod common;

use bytes::{BufMut, Bytes, BytesMut};
use common::{ARTICLES, article, bounded, request};
use eventx_proto::v1::{Article, ExtractStreamRequest};
use http::HeaderMap;
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use prost::Message;
use tonic::{Code, Status};
use tonic_health::pb::health_check_response::ServingStatus;

const EXTRACT: &str = "/eventx.v1.ExtractionService/Extract";
const EXTRACT_STREAM: &str = "/eventx.v1.ExtractionService/ExtractStream";

/// A marker in the article text that [`not_utf8`] replaces by bytes that are not UTF-8.
const MARKER: &[u8] = b"@@@@";

/// One gRPC length-prefixed message, uncompressed.
fn frame(message: &[u8]) -> Bytes {
    let mut framed = BytesMut::with_capacity(message.len() + 5);
    framed.put_u8(0);
    framed.put_u32(message.len() as u32);
    framed.put_slice(message);
    framed.freeze()
}

/// `encoded` with the first [`MARKER`] replaced by a lone continuation byte and an 0xFF, which no
/// UTF-8 string contains.
fn not_utf8(mut encoded: Vec<u8>) -> Vec<u8> {
    let at = encoded.windows(MARKER.len()).position(|w| w == MARKER).expect("the marker is encoded");
    encoded[at..at + 4].copy_from_slice(&[0x80, 0xFF, 0xFE, 0x80]);
    encoded
}

fn article_with_marker(id: &str) -> Article {
    article(id, &format!("France expelled two Russian diplomats {} on Monday.", "@@@@"))
}

/// POSTs `body` to `path` and returns the final gRPC status: from the headers of a trailers-only
/// reply, else from the trailers after the body.
async fn call(server: &eventx_server::ServerHandle, path: &str, body: Bytes) -> (Status, usize) {
    let client: Client<HttpConnector, Full<Bytes>> =
        Client::builder(TokioExecutor::new()).http2_only(true).build_http();
    let request = http::Request::post(format!("http://{}{path}", server.addr()))
        .header("content-type", "application/grpc")
        .header("te", "trailers")
        .body(Full::new(body))
        .unwrap();
    let response = bounded(client.request(request)).await.expect("an HTTP/2 answer");
    assert_eq!(response.status(), http::StatusCode::OK);
    if let Some(status) = Status::from_header_map(response.headers()) {
        return (status, 0);
    }
    let collected = bounded(response.into_body().collect()).await.expect("the body arrives");
    let trailers = collected.trailers().cloned().unwrap_or_else(HeaderMap::new);
    let data = collected.to_bytes().len();
    (Status::from_header_map(&trailers).expect("a grpc-status trailer"), data)
}

fn assert_invalid_argument(status: &Status, says: &str) {
    assert_eq!(status.code(), Code::InvalidArgument, "{status:?}");
    assert!(status.message().contains(says), "{:?} does not say {says:?}", status.message());
}

/// Finished calls with `code`, from the server's metrics.
async fn calls_with_code(server: &eventx_server::ServerHandle, code: &str) -> usize {
    let metrics = common::http_get(server, "/metrics").await;
    metrics
        .lines()
        .filter(|l| l.starts_with("eventx_requests_total{") && l.contains(&format!("code=\"{code}\"")))
        .filter_map(|l| l.rsplit(' ').next()?.parse::<usize>().ok())
        .sum()
}

#[tokio::test]
async fn unreadable_unary_requests_are_invalid_arguments_and_the_server_lives_on() {
    let server = common::start(common::config()).await;
    let invalid_text = not_utf8(request(article_with_marker("u")).encode_to_vec());
    let (status, _) = call(&server, EXTRACT, frame(&invalid_text)).await;
    assert_invalid_argument(&status, "UTF-8");
    assert!(status.message().contains("Article.text"), "names the field: {}", status.message());

    let (status, _) = call(&server, EXTRACT, frame(&[0xFF; 16])).await;
    assert_invalid_argument(&status, "failed to decode Protobuf message");

    let mut cut_short = frame(&request(article("c", ARTICLES[0])).encode_to_vec()).to_vec();
    cut_short.truncate(cut_short.len() / 2);
    let (status, _) = call(&server, EXTRACT, Bytes::from(cut_short)).await;
    assert_invalid_argument(&status, "EOF");

    let (status, _) = call(&server, EXTRACT, Bytes::new()).await;
    assert_invalid_argument(&status, "Missing request message");

    let valid = request(article("fine", ARTICLES[0])).encode_to_vec();
    let (status, bytes) = call(&server, EXTRACT, frame(&valid)).await;
    assert_eq!(status.code(), Code::Ok, "{status:?}");
    assert!(bytes > 0);
    assert_eq!(calls_with_code(&server, "INTERNAL").await, 0, "nothing counted as a server fault");
    assert_eq!(calls_with_code(&server, "INVALID_ARGUMENT").await, 4);
    assert_eq!(common::health(&server, "").await, ServingStatus::Serving);
    server.stop().await.unwrap();
}

#[tokio::test]
async fn an_unreadable_message_in_a_stream_ends_it_with_invalid_argument() {
    let server = common::start(common::config()).await;
    let good = ExtractStreamRequest {
        request_id: "good".into(),
        article: Some(article("g", ARTICLES[1])),
        options: None,
    };
    let bad = ExtractStreamRequest {
        request_id: "bad".into(),
        article: Some(article_with_marker("b")),
        options: None,
    };
    let mut body = BytesMut::new();
    body.put(frame(&good.encode_to_vec()));
    body.put(frame(&not_utf8(bad.encode_to_vec())));
    let (status, _) = call(&server, EXTRACT_STREAM, body.freeze()).await;
    assert_invalid_argument(&status, "UTF-8");

    let (status, _) = call(&server, EXTRACT_STREAM, frame(&[0xFF; 16])).await;
    assert_invalid_argument(&status, "failed to decode Protobuf message");
    assert_eq!(calls_with_code(&server, "INTERNAL").await, 0);

    let mut client = common::client(&server).await;
    let after = bounded(client.extract(request(article("after", ARTICLES[2])))).await;
    assert!(after.is_ok(), "{after:?}");
    server.stop().await.unwrap();
}
