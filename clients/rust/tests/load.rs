//! The load tool against a real server: it stops at its request cap in both modes.

mod common;

use common::{config, start};
use eventx_client::load::{LoadConfig, Mode, run, synthetic_articles};
use eventx_server::Server;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn load_tool_stops_at_its_request_cap_in_both_modes() {
    let handle = start(Server::new(config())).await;
    for mode in [Mode::Unary, Mode::Stream] {
        let report = run(LoadConfig {
            server: handle.addr().to_string(),
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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refusals_are_counted_apart_from_the_throughput_and_the_latency() {
    use eventx_server::Config;
    let config = Config { max_concurrent: 1, max_queue: 0, ..config() };
    let handle = start(Server::new(config)).await;
    let report = run(LoadConfig {
        server: handle.addr().to_string(),
        mode: Mode::Unary,
        concurrency: 16,
        rate: None,
        duration: std::time::Duration::from_secs(60),
        max_requests: 400,
        articles: synthetic_articles(8, 20_000),
    })
    .await
    .expect("load runs");
    assert_eq!(report.ok + report.failed(), 400, "{report}");
    assert!(report.failed() > 0, "16 clients on one slot and no queue are shed: {report}");
    assert_eq!(report.errors.keys().collect::<Vec<_>>(), ["RESOURCE_EXHAUSTED"], "{report}");
    assert_eq!(report.latencies_us.len() as u64, report.ok, "latency counts successes only");
    assert_eq!(report.failed_latencies_us.len() as u64, report.failed(), "refusals are timed apart");
    let expected = report.ok as f64 / report.elapsed.as_secs_f64();
    assert!((report.requests_per_second() - expected).abs() < 1e-6, "{report}");
    let text = report.to_string();
    assert!(text.contains(&format!("{} ok, {} failed", report.ok, report.failed())), "{text}");
    assert!(text.contains("failed     RESOURCE_EXHAUSTED"), "{text}");
    handle.stop().await.expect("server stops");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bench_on_a_closed_pipe_ends_quietly() {
    use std::process::{Command, Stdio};
    let handle = start(Server::new(config())).await;
    let addr = handle.addr().to_string();
    let output = common::bounded(tokio::task::spawn_blocking(move || {
        let mut child = Command::new(env!("CARGO_BIN_EXE_eventx"))
            .args(["bench", "--server", &addr, "--duration", "1", "--requests", "50", "--concurrency", "2"])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("eventx starts");
        drop(child.stdout.take());
        child.wait_with_output().expect("eventx ends")
    }))
    .await
    .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "exit {:?}: {stderr}", output.status);
    assert!(stderr.trim().is_empty(), "nothing on stderr: {stderr}");
    handle.stop().await.expect("server stops");
}
