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
