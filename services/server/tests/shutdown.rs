//! End-to-end tests of the binary's shutdown: Ctrl-C on an idle server stops it at once, Ctrl-C
//! with a call open waits for it unless pressed twice, and SIGTERM under load drains: readiness
//! turns NOT_SERVING, every accepted call is answered, and the process exits within the drain
//! time.

#[path = "common/binary.rs"]
mod binary;
mod common;

use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use binary::Process;
use common::{ARTICLES, article, bounded, request};
use eventx_proto::v1::ExtractStreamRequest;
use eventx_proto::v1::extract_stream_response::Result as Answer;
use eventx_proto::v1::extraction_service_client::ExtractionServiceClient;
use futures::StreamExt;
use tonic::transport::Channel;
use tonic_health::pb::HealthCheckRequest;
use tonic_health::pb::health_check_response::ServingStatus;
use tonic_health::pb::health_client::HealthClient;

async fn connect(process: &Process) -> Channel {
    let endpoint = Channel::from_shared(format!("http://{}", process.addr)).unwrap();
    bounded(endpoint.timeout(Duration::from_secs(30)).connect()).await.expect("connects")
}

/// Waits (without blocking the runtime) for the process to exit within `limit`.
async fn exit_within(process: &mut Process, limit: Duration) -> Option<(std::process::ExitStatus, Duration)> {
    tokio::task::block_in_place(|| process.exit_within(limit))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ctrl_c_stops_an_idle_server_at_once_despite_the_drain_delay() {
    let mut process = Process::start(&["--drain-delay", "5s", "--max-drain", "10s"]);
    let channel = connect(&process).await;
    let mut client = ExtractionServiceClient::new(channel);
    bounded(client.extract(request(article("before", ARTICLES[0])))).await.expect("an answer");

    process.signal("INT");
    let (status, took) = exit_within(&mut process, Duration::from_secs(3))
        .await
        .expect("stopped well before the 5 s drain delay");
    assert!(status.success(), "{status}\n{}", process.log());
    println!("idle server, Ctrl-C: exited in {took:?} (drain delay 5 s)");
    drop(client);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ctrl_c_with_a_health_watch_open_waits_and_a_second_ctrl_c_stops_at_once() {
    let mut process = Process::start(&["--drain-delay", "30s", "--max-drain", "30s"]);
    let mut health = HealthClient::new(connect(&process).await);
    let watch = HealthCheckRequest { service: String::new() };
    let mut watch = bounded(health.watch(watch)).await.unwrap().into_inner();
    assert_eq!(bounded(watch.next()).await.unwrap().unwrap().status(), ServingStatus::Serving);

    process.signal("INT");
    let update = bounded(watch.next()).await.expect("an update").expect("not an error");
    assert_eq!(update.status(), ServingStatus::NotServing);
    assert!(
        exit_within(&mut process, Duration::from_millis(500)).await.is_none(),
        "a watcher is still subscribed: the first Ctrl-C drains"
    );

    process.signal("INT");
    let (status, took) =
        exit_within(&mut process, Duration::from_secs(2)).await.expect("the second Ctrl-C stops it at once");
    assert!(status.success(), "{status}\n{}", process.log());
    println!("Ctrl-C twice with a health watch open: exited {took:?} after the second");
}

/// What a load client saw: answers, and failures by code.
#[derive(Debug, Default)]
struct Tally {
    ok: usize,
    failed: BTreeMap<String, usize>,
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_under_load_answers_every_accepted_call_and_exits_within_the_drain_time() {
    const DRAIN_DELAY: Duration = Duration::from_secs(1);
    const MAX_DRAIN: Duration = Duration::from_secs(10);
    const STREAM_ARTICLES: usize = 300;
    let mut process = Process::start(&["--drain-delay", "1s", "--max-drain", "10s", "--max-concurrent", "2"]);
    let stop_sending = Arc::new(AtomicBool::new(false));

    let mut unary = Vec::new();
    for worker in 0..6 {
        let mut client = ExtractionServiceClient::new(connect(&process).await);
        let stop_sending = Arc::clone(&stop_sending);
        unary.push(tokio::spawn(async move {
            let mut tally = Tally::default();
            let mut n = 0;
            while !stop_sending.load(Ordering::Relaxed) {
                n += 1;
                let call = request(article(&format!("{worker}-{n}"), ARTICLES[n % ARTICLES.len()]));
                match client.extract(call).await {
                    Ok(_) => tally.ok += 1,
                    Err(status) => {
                        *tally.failed.entry(format!("{:?}", status.code())).or_default() += 1;
                        tokio::time::sleep(Duration::from_millis(10)).await;
                    }
                }
            }
            tally
        }));
    }
    let mut streams = Vec::new();
    for s in 0..2 {
        let mut client = ExtractionServiceClient::new(connect(&process).await);
        streams.push(tokio::spawn(async move {
            let requests = futures::stream::iter(0..STREAM_ARTICLES).then(move |a| async move {
                tokio::time::sleep(Duration::from_millis(5)).await;
                ExtractStreamRequest {
                    request_id: format!("{s}-{a}"),
                    article: Some(article("s", ARTICLES[a % ARTICLES.len()])),
                    options: None,
                }
            });
            let answers = client.extract_stream(requests).await?.into_inner();
            answers.collect::<Vec<_>>().await.into_iter().collect::<Result<Vec<_>, _>>()
        }));
    }

    tokio::time::sleep(Duration::from_millis(500)).await;
    let mut health = HealthClient::new(connect(&process).await);
    process.signal("TERM");
    let signalled = Instant::now();
    bounded(async {
        loop {
            let check = health.check(HealthCheckRequest { service: String::new() }).await;
            if check.is_ok_and(|r| r.into_inner().status() == ServingStatus::NotServing) {
                break;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    })
    .await;

    let exited = exit_within(&mut process, DRAIN_DELAY + MAX_DRAIN + Duration::from_secs(2)).await;
    stop_sending.store(true, Ordering::Relaxed);
    let (status, _) =
        exited.unwrap_or_else(|| panic!("still running after the drain time:\n{}", process.log()));
    let took = signalled.elapsed();
    assert!(status.success(), "{status}\n{}", process.log());

    let mut total = Tally::default();
    for worker in unary {
        let tally = bounded(worker).await.unwrap();
        total.ok += tally.ok;
        for (code, n) in tally.failed {
            *total.failed.entry(code).or_default() += n;
        }
    }
    assert!(total.ok > 0, "the unary clients got answers: {total:?}");
    assert!(
        total.failed.keys().all(|code| code == "Unavailable" || code == "Cancelled"),
        "calls fail only as refused or unsent once the listener is closed: {total:?}"
    );
    // Nothing the server accepted was lost: it answered exactly the calls the clients got
    // answers for, and failed none of them.
    let log = process.log();
    let finished: Vec<&str> = log
        .lines()
        .filter(|l| l.contains("rpc finished") && l.contains("ExtractionService/Extract\""))
        .collect();
    let answered = finished.iter().filter(|l| l.contains("code=\"OK\"")).count();
    assert_eq!(answered, total.ok, "answers the server sent and the clients got");
    assert_eq!(finished.len(), answered, "calls the server accepted and did not answer: {finished:?}");
    let mut streamed = 0;
    for stream in streams {
        let answers = bounded(stream).await.unwrap().expect("the streams finish within the drain");
        assert_eq!(answers.len(), STREAM_ARTICLES);
        for answer in answers {
            assert!(matches!(answer.result, Some(Answer::Response(_))), "{answer:?}");
            streamed += 1;
        }
    }
    println!(
        "SIGTERM under load: {} unary answered, refused after close {:?}, {streamed} stream articles all answered, exit {took:?} after the signal",
        total.ok, total.failed
    );
}
