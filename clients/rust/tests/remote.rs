//! The CLI's server mode against the real server on an ephemeral port: the same answers as
//! the embedded engine, bad lines reported with their line numbers.

use eventx_api::{Extractor, Limits};
use eventx_client::{batch, remote};
use eventx_proto::v1::ExtractOptions;
use eventx_server::{Config, Server};

const INPUT: &str = r#"{"id": "a", "text": "Kenya expelled two Somali diplomats on Monday.", "publication_date": "2024-03-05"}
{"id": "b", "text": "   "}
not json
{"id": "c", "text": "Police in Lagos arrested 12 protesters on Tuesday.", "publication_date": "2024-03-06"}
"#;

fn sorted_lines(bytes: Vec<u8>) -> Vec<String> {
    let mut lines: Vec<String> = String::from_utf8(bytes).unwrap().lines().map(str::to_string).collect();
    lines.sort();
    lines
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn server_mode_matches_the_embedded_engine() {
    let handle = Server::new(Config::default()).start("127.0.0.1:0", None).await.expect("server starts");
    let address = format!("http://{}", handle.addr());

    let mut remote_out = Vec::new();
    let remote_errors = remote::run(&address, &ExtractOptions::default(), INPUT.as_bytes(), &mut remote_out)
        .await
        .expect("stream completes");

    let mut local_out = Vec::new();
    let local_errors = batch::run(
        &Extractor::new(Limits::default()),
        &ExtractOptions::default(),
        INPUT.as_bytes(),
        &mut local_out,
    )
    .unwrap();

    assert_eq!(remote_errors.iter().map(|e| e.line).collect::<Vec<_>>(), [2, 3]);
    assert_eq!(local_errors.iter().map(|e| e.line).collect::<Vec<_>>(), [2, 3]);
    assert!(remote_errors[0].message.starts_with("INVALID_ARGUMENT"), "{}", remote_errors[0].message);
    let remote_lines = sorted_lines(remote_out);
    assert_eq!(remote_lines.len(), 2);
    assert_eq!(remote_lines, sorted_lines(local_out));
    assert!(remote_lines.iter().any(|l| l.contains("EVENT_CATEGORY_SANCTION")), "{remote_lines:?}");
    handle.stop().await.expect("server stops");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn load_tool_stops_at_its_request_cap_in_both_modes() {
    use eventx_client::load::{LoadConfig, Mode, run, synthetic_articles};
    let handle = Server::new(Config::default()).start("127.0.0.1:0", None).await.expect("server starts");
    for mode in [Mode::Unary, Mode::Stream] {
        let report = run(LoadConfig {
            server: format!("http://{}", handle.addr()),
            mode,
            concurrency: 4,
            rate: None,
            duration: std::time::Duration::from_secs(60),
            max_requests: 40,
            articles: synthetic_articles(8, 2500),
        })
        .await
        .expect("load runs");
        assert_eq!(report.ok, 40, "{mode:?}: {report}");
        assert!(report.errors.is_empty(), "{mode:?}: {report}");
        assert_eq!(report.latencies_us.len(), 40);
    }
    handle.stop().await.expect("server stops");
}
