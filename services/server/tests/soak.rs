//! A soak of the binary at a fixed rate, unary calls and a stream together, with articles of
//! tens of kilobytes: every request is answered, the resident memory stays flat under the load,
//! and after a burst of large articles it falls back once the server is idle. `EVENTX_SOAK_SECS` sets the length (20 s by
//! default; BENCHMARKS.md records a longer run).

#[path = "common/binary.rs"]
mod binary;
mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use binary::Process;
use common::{ARTICLES, article, bounded, request};
use eventx_proto::v1::ExtractStreamRequest;
use eventx_proto::v1::extract_stream_response::Result as Answer;
use eventx_proto::v1::extraction_service_client::ExtractionServiceClient;
use futures::StreamExt;
use tonic::transport::Channel;

/// Unary calls per second, and stream articles per second.
const RATE: u64 = 8;
/// How long the server waits, idle, before returning memory (its `--idle-release`).
const IDLE_RELEASE: Duration = Duration::from_secs(1);

fn soak_length() -> Duration {
    let seconds = std::env::var("EVENTX_SOAK_SECS").ok().and_then(|s| s.parse().ok()).unwrap_or(20);
    Duration::from_secs(seconds)
}

/// An article of about `bytes` bytes, different for each `n`.
fn long_article(n: u64, bytes: usize) -> String {
    let mut text = format!("Report {n}. ");
    let mut i = n as usize;
    while text.len() < bytes {
        text.push_str(ARTICLES[i % ARTICLES.len()]);
        text.push(' ');
        i += 1;
    }
    text
}

fn mib(kib: u64) -> f64 {
    kib as f64 / 1024.0
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn memory_stays_flat_under_a_steady_load_and_falls_back_when_idle() {
    let length = soak_length();
    let mut process = Process::start(&["--idle-release", "1s", "--max-concurrent", "2"]);
    let endpoint = Channel::from_shared(format!("http://{}", process.addr)).unwrap();
    let channel = bounded(endpoint.connect()).await.expect("connects");
    tokio::time::sleep(Duration::from_millis(500)).await;
    let baseline = process.rss_kib();

    let answered = Arc::new(AtomicU64::new(0));
    let started = Instant::now();
    let unary = {
        let client = ExtractionServiceClient::new(channel.clone());
        let answered = Arc::clone(&answered);
        tokio::spawn(async move {
            let mut ticks = tokio::time::interval(Duration::from_millis(1000 / RATE));
            let mut calls = Vec::new();
            let mut n = 0;
            while started.elapsed() < length {
                ticks.tick().await;
                n += 1;
                let mut client = client.clone();
                let answered = Arc::clone(&answered);
                let text = long_article(n, 8_000 + (n as usize % 5) * 8_000);
                calls.push(tokio::spawn(async move {
                    client.extract(request(article(&n.to_string(), &text))).await.expect("answered");
                    answered.fetch_add(1, Ordering::Relaxed);
                }));
            }
            for call in calls {
                call.await.expect("the call task ends");
            }
            n
        })
    };
    let stream = {
        let mut client = ExtractionServiceClient::new(channel.clone());
        tokio::spawn(async move {
            let sent = Arc::new(AtomicU64::new(0));
            let counter = Arc::clone(&sent);
            let mut ticks = tokio::time::interval(Duration::from_millis(1000 / RATE));
            ticks.tick().await;
            let requests = futures::stream::unfold(ticks, move |mut ticks| {
                let counter = Arc::clone(&counter);
                async move {
                    if started.elapsed() >= length {
                        return None;
                    }
                    ticks.tick().await;
                    let n = counter.fetch_add(1, Ordering::Relaxed);
                    let request = ExtractStreamRequest {
                        request_id: n.to_string(),
                        article: Some(article("s", &long_article(n, 30_000))),
                        options: None,
                    };
                    Some((request, ticks))
                }
            });
            let answers = client.extract_stream(requests).await.expect("the stream opens").into_inner();
            let answers: Vec<_> = answers.collect().await;
            for answer in &answers {
                let answer = answer.as_ref().expect("the stream goes on");
                assert!(matches!(answer.result, Some(Answer::Response(_))), "{answer:?}");
            }
            (answers.len() as u64, sent.load(Ordering::Relaxed))
        })
    };

    let mut samples = Vec::new();
    while started.elapsed() < length {
        tokio::time::sleep(Duration::from_millis(500)).await;
        samples.push(process.rss_kib());
    }
    let sent_unary = bounded(unary).await.unwrap();
    let (streamed, sent_stream) = bounded(stream).await.unwrap();
    assert_eq!(answered.load(Ordering::Relaxed), sent_unary, "every unary call answered");
    assert_eq!(streamed, sent_stream, "every stream article answered");
    // A burst of large articles at the end raises the footprint well above the steady state.
    let burst = (0..24).map(|i| {
        let mut client = ExtractionServiceClient::new(channel.clone());
        let text = long_article(1_000 + i, 400_000);
        async move { client.extract(request(article("burst", &text))).await.map(|_| ()) }
    });
    for outcome in bounded(futures::future::join_all(burst)).await {
        outcome.expect("a burst article answered");
    }
    let peak = samples.iter().copied().max().unwrap_or(baseline).max(process.rss_kib());

    let settle = Instant::now();
    let mut idle = process.rss_kib();
    while settle.elapsed() < IDLE_RELEASE * 4 + Duration::from_secs(2) {
        tokio::time::sleep(Duration::from_millis(250)).await;
        idle = idle.min(process.rss_kib());
    }

    let third = samples.len() / 3;
    let middle = samples[third..2 * third].iter().copied().max().unwrap_or(peak);
    let last = samples[2 * third..].iter().copied().max().unwrap_or(peak);
    println!(
        "soak {length:?} at {RATE} unary + {RATE} stream articles/s ({} answered): RSS baseline {:.1} MiB, \
         max in the middle third {:.1} MiB, in the last third {:.1} MiB, after a burst of 24 x 400 KB {:.1} MiB, \
         idle after release {:.1} MiB",
        sent_unary + streamed,
        mib(baseline),
        mib(middle),
        mib(last),
        mib(peak),
        mib(idle)
    );
    println!("samples (MiB, every 0.5 s): {:?}", samples.iter().map(|&k| mib(k).round()).collect::<Vec<_>>());
    assert!(
        last <= middle + middle / 5 + 16 * 1024,
        "RSS grew under a steady load: {:.1} MiB in the middle third, {:.1} MiB in the last",
        mib(middle),
        mib(last)
    );
    assert!(
        idle <= baseline + (peak - baseline.min(peak)) / 2,
        "idle RSS {:.1} MiB did not fall back towards the baseline {:.1} MiB from the peak {:.1} MiB",
        mib(idle),
        mib(baseline),
        mib(peak)
    );
    process.signal("INT");
    tokio::task::block_in_place(|| process.exit_within(Duration::from_secs(10))).expect("it stops");
}
