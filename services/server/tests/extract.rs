//! End-to-end tests of `Extract` and `GetOntology` against the real server on an ephemeral port:
//! answers, every error case, limits, deadlines, compression and metrics.

mod common;

use std::time::Duration;

use common::{ARTICLES, article, assert_spans_valid, bounded, client, request};
use eventx_proto::v1::{
    Article, ExtractOptions, ExtractRequest, ExtractResponse, GetOntologyRequest, SpanUnit,
};
use eventx_server::Config;
use tonic::codec::CompressionEncoding;
use tonic::{Code, Request, Status};
use tonic_health::pb::health_check_response::ServingStatus;
use tonic_types::StatusExt;

fn bad_request_fields(status: &Status) -> Vec<String> {
    let details = status.get_error_details();
    let bad_request = details.bad_request().unwrap_or_else(|| panic!("no BadRequest details in {status:?}"));
    bad_request.field_violations.iter().map(|v| v.field.clone()).collect()
}

#[tokio::test]
async fn extract_echoes_the_article_id_with_spans_inside_the_text() {
    let server = common::start(common::config()).await;
    let mut client = client(&server).await;
    for (i, text) in ARTICLES.iter().enumerate() {
        let id = format!("article-{i}");
        let response = bounded(client.extract(request(article(&id, text)))).await.expect("extract succeeds");
        let response = response.into_inner();
        assert_eq!(response.article_id, id);
        assert_spans_valid(text, &response);
    }
    server.stop().await.unwrap();
}

#[tokio::test]
async fn get_ontology_lists_the_sixteen_categories() {
    let server = common::start(common::config()).await;
    let mut client = client(&server).await;
    let ontology = bounded(client.get_ontology(GetOntologyRequest {})).await.unwrap().into_inner();
    assert_eq!(ontology.categories.len(), 16);
    assert!(ontology.categories.iter().all(|c| !c.name.is_empty() && !c.description.is_empty()));
    server.stop().await.unwrap();
}

#[tokio::test]
async fn request_errors_name_the_field_at_fault() {
    let server = common::start(common::config()).await;
    let mut client = client(&server).await;
    let cases: [(Article, &str); 5] = [
        (article("empty", ""), "article.text"),
        (article("blank", " \n\t "), "article.text"),
        (
            Article { publication_date: "2024-02-30".into(), ..article("date", ARTICLES[0]) },
            "article.publication_date",
        ),
        (
            Article { publication_date: "yesterday".into(), ..article("date2", ARTICLES[0]) },
            "article.publication_date",
        ),
        (Article { language: "fr".into(), ..article("lang", ARTICLES[0]) }, "article.language"),
    ];
    for (article, field) in cases {
        let status = bounded(client.extract(request(article))).await.unwrap_err();
        assert_eq!(status.code(), Code::InvalidArgument, "{status:?}");
        assert_eq!(bad_request_fields(&status), [field]);
    }
    let status = bounded(client.extract(ExtractRequest::default())).await.unwrap_err();
    assert_eq!(status.code(), Code::InvalidArgument);
    assert_eq!(bad_request_fields(&status), ["article"]);
    server.stop().await.unwrap();
}

#[tokio::test]
async fn bad_options_are_invalid_arguments_naming_the_option() {
    let server = common::start(common::config()).await;
    let mut client = client(&server).await;
    let cases: [(ExtractOptions, &str); 4] = [
        (ExtractOptions { min_confidence: 2.0, ..Default::default() }, "options.min_confidence"),
        (ExtractOptions { min_confidence: f32::NAN, ..Default::default() }, "options.min_confidence"),
        (ExtractOptions { categories: vec![999], ..Default::default() }, "options.categories[0]"),
        (ExtractOptions { span_unit: 9, ..Default::default() }, "options.span_unit"),
    ];
    for (options, field) in cases {
        let request = ExtractRequest { article: Some(article("a", ARTICLES[0])), options: Some(options) };
        let status = bounded(client.extract(request)).await.unwrap_err();
        assert_eq!(status.code(), Code::InvalidArgument, "{status:?}");
        assert_eq!(bad_request_fields(&status), [field]);
    }
    server.stop().await.unwrap();
}

#[tokio::test]
async fn spans_count_utf16_units_or_utf8_bytes_when_asked() {
    let server = common::start(common::config()).await;
    let mut client = client(&server).await;
    let text = "🇳🇴 Ålesund — Norway expelled three Iranian diplomats on Monday, the ministry said.";
    let spans = |response: &ExtractResponse| -> Vec<(u32, u32)> {
        let event = &response.events[0];
        let source = event.source.as_ref().unwrap().span.unwrap();
        vec![(source.start, source.end)]
    };
    let mut answers = Vec::new();
    for unit in [SpanUnit::CodePoint, SpanUnit::Utf16CodeUnit, SpanUnit::Utf8Byte] {
        let options = ExtractOptions { span_unit: unit as i32, ..Default::default() };
        let request = ExtractRequest { article: Some(article("a", text)), options: Some(options) };
        answers.push(spans(&bounded(client.extract(request)).await.unwrap().into_inner()));
    }
    let [(cp_start, cp_end)] = answers[0][..] else { panic!("{answers:?}") };
    let chars: String = text.chars().skip(cp_start as usize).take((cp_end - cp_start) as usize).collect();
    assert_eq!(chars, "Norway");
    let utf16: Vec<u16> = text.encode_utf16().collect();
    let [(start, end)] = answers[1][..] else { panic!("{answers:?}") };
    assert_eq!(String::from_utf16(&utf16[start as usize..end as usize]).unwrap(), "Norway");
    let [(start, end)] = answers[2][..] else { panic!("{answers:?}") };
    assert_eq!(&text[start as usize..end as usize], "Norway");
    server.stop().await.unwrap();
}

#[tokio::test]
async fn text_over_the_limit_is_refused_with_the_limit() {
    let server = common::start(Config { max_text_bytes: 1000, ..common::config() }).await;
    let mut client = client(&server).await;
    let text = ARTICLES[1].repeat(30);
    let status = bounded(client.extract(request(article("big", &text)))).await.unwrap_err();
    assert_eq!(status.code(), Code::ResourceExhausted, "{status:?}");
    assert!(status.message().contains("1000"), "{}", status.message());
    assert_eq!(bad_request_fields(&status), ["article.text"]);
    server.stop().await.unwrap();
}

#[tokio::test]
async fn a_message_over_the_decode_limit_fails_cleanly() {
    let server = common::start(Config { max_message_bytes: 64 * 1024, ..common::config() }).await;
    let mut client = client(&server).await;
    let text = ARTICLES[2].repeat(2000);
    let status = bounded(client.extract(request(article("huge", &text)))).await.unwrap_err();
    assert_eq!(status.code(), Code::ResourceExhausted, "{status:?}");
    assert!(status.message().contains("max-message-bytes"), "{}", status.message());
    let response = bounded(client.extract(request(article("after", ARTICLES[2])))).await.unwrap();
    assert_eq!(response.into_inner().article_id, "after");
    assert_eq!(common::health(&server, "").await, ServingStatus::Serving);
    server.stop().await.unwrap();
}

#[tokio::test]
async fn gzip_and_zstd_requests_are_accepted() {
    let server = common::start(common::config()).await;
    for encoding in [CompressionEncoding::Gzip, CompressionEncoding::Zstd] {
        let mut client = client(&server).await.send_compressed(encoding).accept_compressed(encoding);
        let text = ARTICLES[3].repeat(20);
        let response = bounded(client.extract(request(article("zipped", &text)))).await.unwrap();
        let answered_with = response.metadata().get("grpc-encoding").map(|v| v.to_str().unwrap().to_string());
        assert_eq!(
            answered_with.as_deref(),
            Some(encoding.to_string().as_str()),
            "the answer is compressed too"
        );
        assert_eq!(response.into_inner().article_id, "zipped", "{encoding:?}");
    }
    server.stop().await.unwrap();
}

#[tokio::test]
async fn calls_beyond_the_concurrency_limit_are_shed() {
    let (server, gate) = common::gated(Config { max_concurrent: 1, max_queue: 0, ..common::config() });
    let server = common::start_server(server).await;
    let first = tokio::spawn({
        let mut client = client(&server).await;
        async move { client.extract(request(article("first", ARTICLES[0]))).await }
    });
    gate.entered(1).await;
    let mut client = client(&server).await;
    let parallel = (0..4).map(|i| {
        let mut client = client.clone();
        async move { client.extract(request(article(&format!("p{i}"), ARTICLES[1]))).await }
    });
    for outcome in bounded(futures::future::join_all(parallel)).await {
        let status = outcome.unwrap_err();
        assert_eq!(status.code(), Code::ResourceExhausted, "{status:?}");
        assert!(status.message().starts_with("server busy: 1 extractions in flight"), "{}", status.message());
        assert_eq!(status.get_error_details().error_info().unwrap().reason, "SERVER_BUSY");
    }
    gate.open();
    let first = bounded(first).await.unwrap().expect("the admitted call completes");
    assert_eq!(first.into_inner().article_id, "first");
    let after = bounded(client.extract(request(article("after", ARTICLES[1])))).await;
    assert!(after.is_ok(), "{after:?}");
    server.stop().await.unwrap();
}

#[tokio::test]
async fn a_passed_client_deadline_answers_deadline_exceeded() {
    let (server, gate) = common::gated(common::config());
    let server = common::start_server(server).await;
    let mut client = common::raw_client(&server);
    for timeout in [Duration::from_millis(1), Duration::from_millis(100)] {
        let mut call = Request::new(request(article("late", &ARTICLES[0].repeat(1000))));
        call.set_timeout(timeout);
        let status = bounded(client.extract(call)).await.unwrap_err();
        assert_eq!(status.code(), Code::DeadlineExceeded, "{timeout:?}: {status:?}");
    }
    gate.open();
    let answered = bounded(client.extract(request(article("in time", ARTICLES[0])))).await;
    assert_eq!(answered.unwrap().into_inner().article_id, "in time");
    server.stop().await.unwrap();
}

#[tokio::test]
async fn the_default_deadline_applies_when_the_client_sends_none() {
    let (server, gate) =
        common::gated(Config { default_timeout: Duration::from_millis(50), ..common::config() });
    let server = common::start_server(server).await;
    let mut client = client(&server).await;
    let status = bounded(client.extract(request(article("late", ARTICLES[0])))).await.unwrap_err();
    assert_eq!(status.code(), Code::DeadlineExceeded, "{status:?}");
    assert!(status.message().contains("did not finish"), "{}", status.message());
    gate.open();
    server.stop().await.unwrap();
}

#[tokio::test]
async fn metrics_count_calls_by_method_and_code() {
    let server = common::start(common::config()).await;
    let mut client = client(&server).await;
    bounded(client.extract(request(article("ok", ARTICLES[0])))).await.unwrap();
    bounded(client.extract(request(article("bad", "")))).await.unwrap_err();
    let response = common::http_get(&server, "/metrics").await;
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    for needle in [
        "eventx_requests_total{method=\"eventx.v1.ExtractionService/Extract\",code=\"OK\"} 1",
        "eventx_requests_total{method=\"eventx.v1.ExtractionService/Extract\",code=\"INVALID_ARGUMENT\"} 1",
        "eventx_request_duration_seconds_count{method=\"eventx.v1.ExtractionService/Extract\"} 2",
        "eventx_article_bytes_count 2",
        "eventx_inflight_requests",
        "# EOF",
    ] {
        assert!(response.contains(needle), "{needle} missing from\n{response}");
    }
    assert!(common::http_get(&server, "/healthz").await.starts_with("HTTP/1.1 200"));
    server.stop().await.unwrap();
}

#[tokio::test]
async fn an_engine_panic_is_an_internal_error_and_the_server_lives_on() {
    let config = common::config();
    let extractor = common::Panicky(eventx_api::Extractor::new(config.limits()));
    let server = common::start_server(
        eventx_server::Server::new(config).with_extractor(std::sync::Arc::new(extractor)),
    )
    .await;
    let mut client = client(&server).await;
    let status = bounded(client.extract(request(article("boom", "PANIC in the engine")))).await.unwrap_err();
    assert_eq!(status.code(), Code::Internal, "{status:?}");
    let response = bounded(client.extract(request(article("fine", ARTICLES[0])))).await.unwrap();
    assert_eq!(response.into_inner().article_id, "fine");
    assert_eq!(common::health(&server, "").await, ServingStatus::Serving);
    server.stop().await.unwrap();
}
