//! Hostile input against the real server on an ephemeral port: empty and blank text, text over
//! the limit, one 1 MB word, 100,000 tiny sentences, deep nesting of quotes and brackets, NUL
//! and control characters, mixed scripts, right-to-left marks, emoji, a string field that is not
//! UTF-8 (a hand-built frame), years 0 and 9999, unknown enum values and huge repeated option
//! fields. Each gets a clear status, the server answers a normal request after each, and the
//! slowest input is printed with its time.

mod common;

use std::time::{Duration, Instant};

use bytes::{BufMut, Bytes, BytesMut};
use common::{ARTICLES, article, assert_spans_valid, bounded, request};
use eventx_proto::v1::extraction_service_client::ExtractionServiceClient;
use eventx_proto::v1::{Article, ExtractOptions, ExtractRequest, ExtractResponse};
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use prost::Message;
use tonic::transport::Channel;
use tonic::{Code, Status};
use tonic_health::pb::health_check_response::ServingStatus;

/// One hostile request and the status it must get.
struct Case {
    name: &'static str,
    request: ExtractRequest,
    expect: Code,
    /// A word the error message must contain (the field at fault, the limit).
    says: &'static str,
}

fn case(name: &'static str, request: ExtractRequest, expect: Code, says: &'static str) -> Case {
    Case { name, request, expect, says }
}

fn ok(name: &'static str, text: String) -> Case {
    case(name, request(article(name, &text)), Code::Ok, "")
}

/// `unit` repeated until the text holds at least `bytes` bytes.
fn repeat_to(unit: &str, bytes: usize) -> String {
    unit.repeat(bytes.div_ceil(unit.len()))
}

/// An article published on `date`.
fn dated(name: &'static str, text: &str, date: &str) -> ExtractRequest {
    request(Article { publication_date: date.to_string(), ..article(name, text) })
}

fn with_options(name: &'static str, options: ExtractOptions) -> ExtractRequest {
    ExtractRequest { article: Some(article(name, ARTICLES[0])), options: Some(options) }
}

/// Brackets and quotes of every kind opened 30,000 deep around a sentence, then closed.
fn nested() -> String {
    let open = ["(", "[", "{", "“", "«", "‘", "\"", "'", "<"];
    let close = [")", "]", "}", "”", "»", "’", "\"", "'", ">"];
    let depth = 30_000;
    let mut text = String::new();
    for i in 0..depth {
        text.push_str(open[i % open.len()]);
    }
    text.push_str("France expelled two Russian diplomats on Monday.");
    for i in (0..depth).rev() {
        text.push_str(close[i % close.len()]);
    }
    text
}

fn cases() -> Vec<Case> {
    let limit = eventx_api::Limits::default().max_text_bytes;
    vec![
        case("empty text", request(article("empty", "")), Code::InvalidArgument, "article.text"),
        case(
            "whitespace only",
            request(article("blank", " \n\t\r\u{3000}\u{a0}\u{2028} ")),
            Code::InvalidArgument,
            "article.text",
        ),
        case(
            "text over the limit",
            request(article("over", &"a ".repeat(limit / 2 + 1))),
            Code::ResourceExhausted,
            "limit",
        ),
        case(
            "title over the limit",
            request(Article { title: "t".repeat(64 * 1024), ..article("title", ARTICLES[0]) }),
            Code::ResourceExhausted,
            "article.title",
        ),
        ok("one 1 MB word", "w".repeat(limit - 64)),
        ok("100,000 tiny sentences", "A. ".repeat(100_000)),
        ok("deeply nested quotes and brackets", nested()),
        ok(
            "NUL and control characters",
            repeat_to(
                "France\0 expelled \u{1}\u{7}two\u{1b}[31m Russian\u{8} diplomats\u{7f} on Monday.\r\n\u{c}\u{b}",
                20_000,
            ),
        ),
        ok(
            "mixed scripts",
            repeat_to(
                "France expelled two Russian diplomats; Франция выслала двух дипломатов; 法国驱逐了两名外交官; \
                 فرنسا طردت دبلوماسيين; फ्रांस ने राजनयिकों को निष्कासित किया. ",
                50_000,
            ),
        ),
        ok(
            "right-to-left marks",
            repeat_to(
                "\u{202e}France\u{202c} expelled \u{200f}two Russian\u{200e} diplomats \u{2067}on Monday\u{2069}. ",
                50_000,
            ),
        ),
        ok(
            "emoji-laced endless sentence",
            repeat_to(
                "France 🇫🇷 condemned 😡 the Russian 🇷🇺 attack on Kyiv 💥 and expelled two diplomats, ",
                100_000,
            ),
        ),
        ok(
            "thousands of distinct events",
            (0..6_000)
                .map(|i| {
                    let a = ["France", "Kenya", "Japan", "Chile", "Poland", "Egypt", "India", "Spain"][i % 8];
                    let b = ["Russian", "Somali", "Chinese", "Peruvian", "German", "Israeli", "Iranian"]
                        [i / 8 % 7];
                    let verb = ["expelled two", "arrested three", "accused the"][i / 56 % 3];
                    format!("{a} {verb} {b} diplomats on Monday. ")
                })
                .collect(),
        ),
        case(
            "publication year 0",
            dated("year0", ARTICLES[1], "0000-06-01"),
            Code::InvalidArgument,
            "article.publication_date",
        ),
        case(
            "publication month 13",
            dated("month13", ARTICLES[1], "2024-13-01"),
            Code::InvalidArgument,
            "article.publication_date",
        ),
        case(
            "publication year 10000",
            dated("year10000", ARTICLES[1], "10000-01-01"),
            Code::InvalidArgument,
            "article.publication_date",
        ),
        case(
            "tomorrow on 9999-12-31",
            dated(
                "last",
                "France will expel two Russian diplomats tomorrow, the ministry said.",
                "9999-12-31",
            ),
            Code::Ok,
            "",
        ),
        case(
            "yesterday on 0001-01-01",
            dated("first", "Police in Paris arrested two protesters yesterday.", "0001-01-01"),
            Code::Ok,
            "",
        ),
        case(
            "unknown span unit",
            with_options("unit", ExtractOptions { span_unit: 99, ..Default::default() }),
            Code::InvalidArgument,
            "options.span_unit",
        ),
        case(
            "unknown category",
            with_options("category", ExtractOptions { categories: vec![999], ..Default::default() }),
            Code::InvalidArgument,
            "options.categories",
        ),
        case(
            "500,000 unknown categories",
            with_options("many-bad", ExtractOptions { categories: vec![999; 500_000], ..Default::default() }),
            Code::InvalidArgument,
            "more values",
        ),
        case(
            "500,000 repeated categories",
            with_options("many-good", ExtractOptions { categories: vec![16; 500_000], ..Default::default() }),
            Code::Ok,
            "",
        ),
    ]
}

/// Every date of an answer is YYYY, YYYY-MM or YYYY-MM-DD with a year from 0001 to 9999.
fn assert_dates_valid(name: &str, response: &ExtractResponse) {
    let document = response.document.as_ref().and_then(|d| d.article_date.as_ref());
    for date in response.events.iter().filter_map(|e| e.date.as_ref()).chain(document) {
        let iso = date.date.as_str();
        let year_ok = iso.len() >= 4 && iso[..4].bytes().all(|b| b.is_ascii_digit()) && &iso[..4] != "0000";
        assert!(year_ok && matches!(iso.len(), 4 | 7 | 10), "{name}: date {iso:?}");
        if iso.len() == 10 {
            let part = |r: std::ops::Range<usize>| iso[r].parse::<u32>().unwrap_or(0);
            let (year, month, day) = (part(0..4), part(5..7), part(8..10));
            let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
            let days = [31, if leap { 29 } else { 28 }, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
            let valid = (1..=12).contains(&month) && (1..=days[month as usize - 1]).contains(&day);
            assert!(valid, "{name}: date {iso:?}");
        }
    }
}

/// A normal request still succeeds, and health says SERVING.
async fn assert_healthy(server: &eventx_server::ServerHandle, client: &mut ExtractionServiceClient<Channel>) {
    let response = bounded(client.extract(request(article("normal", ARTICLES[0])))).await;
    let response = response.expect("a normal request succeeds after hostile input").into_inner();
    assert!(!response.events.is_empty(), "the normal article still gives events");
    assert_eq!(common::health(server, "").await, ServingStatus::Serving);
}

/// The request body of `Extract` with the article text made invalid UTF-8, in one gRPC frame.
fn invalid_utf8_frame() -> Bytes {
    let mut encoded = request(article("bad-utf8", "France expelled @@@@ diplomats.")).encode_to_vec();
    let at = encoded.windows(4).position(|w| w == b"@@@@").expect("the marker is encoded");
    encoded[at..at + 4].copy_from_slice(&[0xC0, 0x80, 0xFF, 0xFE]);
    let mut framed = BytesMut::with_capacity(encoded.len() + 5);
    framed.put_u8(0);
    framed.put_u32(encoded.len() as u32);
    framed.put_slice(&encoded);
    framed.freeze()
}

/// POSTs a hand-built `Extract` body and returns the gRPC status of the answer.
async fn raw_extract(server: &eventx_server::ServerHandle, body: Bytes) -> Status {
    let client: Client<HttpConnector, Full<Bytes>> =
        Client::builder(TokioExecutor::new()).http2_only(true).build_http();
    let request =
        http::Request::post(format!("http://{}/eventx.v1.ExtractionService/Extract", server.addr()))
            .header("content-type", "application/grpc")
            .header("te", "trailers")
            .body(Full::new(body))
            .unwrap();
    let response = bounded(client.request(request)).await.expect("an HTTP/2 answer");
    if let Some(status) = Status::from_header_map(response.headers()) {
        return status;
    }
    let collected = bounded(response.into_body().collect()).await.expect("the body arrives");
    let trailers = collected.trailers().cloned().unwrap_or_default();
    Status::from_header_map(&trailers).expect("a grpc-status trailer")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_inputs_get_clear_statuses_and_the_server_stays_healthy() {
    let config = eventx_server::Config { default_timeout: Duration::from_secs(120), ..common::config() };
    let server = common::start(config).await;
    let mut client = common::client(&server)
        .await
        .max_decoding_message_size(64 * 1024 * 1024)
        .max_encoding_message_size(64 * 1024 * 1024);
    // the first call pays for connecting and compiling the engine's lazy patterns
    assert_healthy(&server, &mut client).await;
    let mut timings: Vec<(Duration, &str, usize)> = Vec::new();
    for case in cases() {
        let bytes = case.request.article.as_ref().map_or(0, |a| a.text.len());
        let text = case.request.article.as_ref().map(|a| a.text.clone()).unwrap_or_default();
        let started = Instant::now();
        let answer = bounded(client.extract(case.request)).await;
        let took = started.elapsed();
        match answer {
            Ok(response) => {
                assert_eq!(case.expect, Code::Ok, "{}: answered, expected {:?}", case.name, case.expect);
                let response = response.into_inner();
                assert_spans_valid(&text, &response);
                assert_dates_valid(case.name, &response);
            }
            Err(status) => {
                assert_eq!(status.code(), case.expect, "{}: {status:?}", case.name);
                assert!(status.message().contains(case.says), "{}: {:?}", case.name, status.message());
                assert!(
                    status.message().len() < 4_096,
                    "{}: a message of {} bytes",
                    case.name,
                    status.message().len()
                );
            }
        }
        timings.push((took, case.name, bytes));
        assert_healthy(&server, &mut client).await;
    }

    let started = Instant::now();
    let status = raw_extract(&server, invalid_utf8_frame()).await;
    timings.push((started.elapsed(), "invalid UTF-8 in article.text (raw frame)", 0));
    assert_eq!(status.code(), Code::InvalidArgument, "{status:?}");
    assert!(status.message().contains("UTF-8"), "{:?}", status.message());
    assert_healthy(&server, &mut client).await;

    timings.sort_by_key(|t| std::cmp::Reverse(t.0));
    for (took, name, bytes) in &timings {
        println!("{:>9.1} ms  {bytes:>9} B  {name}", took.as_secs_f64() * 1e3);
    }
    let (took, name, bytes) = timings[0];
    println!("slowest hostile input: {name} ({bytes} bytes) in {:.1} ms", took.as_secs_f64() * 1e3);
    server.stop().await.unwrap();
}
