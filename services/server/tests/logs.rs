//! End-to-end tests of the binary's logs: an unknown level stops the start with a clear message,
//! lines written to a pipe carry no colour codes, and a flood of shed requests writes a few
//! summary lines instead of one warning each.

#[path = "common/binary.rs"]
mod binary;
mod common;

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use binary::Process;
use common::{ARTICLES, article, bounded, request};
use eventx_proto::v1::extraction_service_client::ExtractionServiceClient;
use tonic::Code;
use tonic::transport::Channel;

#[test]
fn an_unknown_log_level_stops_the_start_with_a_clear_message() {
    for level in ["verbose", "eventx_server=loud"] {
        let output = Command::new(binary::path())
            .args(["--addr", "127.0.0.1:0", "--metrics-addr", "off", "--log-level", level])
            .stdin(Stdio::null())
            .output()
            .expect("the binary runs");
        assert!(!output.status.success(), "{level}: the server started");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains(&format!("invalid log level {level:?}")), "{level}: {stderr}");
        assert!(stderr.contains("trace, debug, info, warn, error, off"), "{level}: {stderr}");
    }
}

#[test]
fn human_logs_to_a_pipe_carry_no_colour_codes() {
    let mut process = Process::start(&["--log-format", "human"]);
    process.signal("INT");
    process.exit_within(Duration::from_secs(10)).expect("an idle server stops on Ctrl-C");
    let log = process.log();
    assert!(log.contains("listening on"), "{log}");
    assert!(!log.contains('\u{1b}'), "escape codes in piped logs:\n{log:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_flood_of_shed_requests_is_summarised_not_logged_one_by_one() {
    const INTERVAL: Duration = Duration::from_secs(1);
    let mut process = Process::start(&[
        "--max-concurrent",
        "1",
        "--max-queue",
        "0",
        "--log-repeat-interval",
        "1s",
        "--idle-release",
        "0",
    ]);
    let endpoint = Channel::from_shared(format!("http://{}", process.addr)).unwrap();
    let channel = bounded(endpoint.connect()).await.expect("connects");
    let long = ARTICLES.join(" ").repeat(400);
    let started = Instant::now();
    let mut shed = 0;
    // Waves of concurrent calls on one slot: all but one are shed while it runs.
    while shed < 200 && started.elapsed() < Duration::from_secs(20) {
        let wave = (0..40).map(|i| {
            let mut client = ExtractionServiceClient::new(channel.clone());
            let text = if i == 0 { long.clone() } else { ARTICLES[i % 4].to_string() };
            async move { client.extract(request(article("flood", &text))).await }
        });
        for outcome in bounded(futures::future::join_all(wave)).await {
            if let Err(status) = outcome {
                assert_eq!(status.code(), Code::ResourceExhausted, "{status:?}");
                shed += 1;
            }
        }
    }
    let flood = started.elapsed();
    assert!(shed >= 100, "only {shed} requests were shed in {flood:?}");
    tokio::time::sleep(INTERVAL * 2).await;
    process.signal("INT");
    tokio::task::block_in_place(|| process.exit_within(Duration::from_secs(10))).expect("it stops");

    let log = process.log();
    let warnings: Vec<&str> = log.lines().filter(|l| l.contains("WARN") && l.contains("shed")).collect();
    let most = 2 + (flood + INTERVAL * 2).as_secs() as usize / INTERVAL.as_secs() as usize;
    assert!(
        warnings.len() <= most,
        "{} shed warnings for {shed} shed requests:\n{}",
        warnings.len(),
        warnings.join("\n")
    );
    assert!(warnings[0].contains("shedding an extraction"), "{}", warnings[0]);
    let counted: u64 = warnings.iter().map(|line| shed_in(line)).sum();
    assert_eq!(counted, shed as u64, "the summaries count every shed request:\n{}", warnings.join("\n"));
    let per_call =
        log.lines().filter(|l| l.contains("rpc finished") && l.contains("RESOURCE_EXHAUSTED")).count();
    assert_eq!(per_call, 0, "shed calls write no line each at INFO");
    println!(
        "{shed} requests shed in {flood:?}: {} warning lines, {} log lines in all",
        warnings.len(),
        log.lines().count()
    );
}

/// The shed requests a warning line stands for: the one it reports plus the earlier ones it
/// counts (`shed_before=N`), or the number of a summary (`server busy: N more …`).
fn shed_in(line: &str) -> u64 {
    let number_after = |marker: &str| {
        line.split(marker)
            .nth(1)
            .and_then(|rest| rest.split(|c: char| !c.is_ascii_digit()).next()?.parse().ok())
    };
    if line.contains("shedding an extraction") {
        1 + number_after("shed_before=").unwrap_or_else(|| panic!("no shed_before in {line}"))
    } else {
        number_after("server busy: ").unwrap_or_else(|| panic!("not a summary: {line}"))
    }
}
