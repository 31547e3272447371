//! Scale-out: the balanced batch over three real servers on ephemeral loopback ports spreads
//! its calls over all of them, and answers every article when one server is killed mid-batch.

use std::collections::BTreeSet;
use std::io::Write;
use std::net::SocketAddr;
use std::sync::mpsc as std_mpsc;
use std::thread::JoinHandle;
use std::time::Duration;

use eventx_client::balance::{BalanceOptions, Balancer, parse_targets};
use eventx_client::load::synthetic_articles;
use eventx_client::remote::{BalancedBatch, run_balanced};
use eventx_server::{Config, Server};

/// The longest the whole batch may take before the test fails as hung.
const PATIENCE: Duration = Duration::from_secs(120);

/// A real server running on a runtime of its own, so that it can be killed the hard way:
/// dropping the runtime closes its sockets with no drain, as a crashed process would.
struct Replica {
    addr: SocketAddr,
    metrics: SocketAddr,
    kill: std_mpsc::Sender<()>,
    thread: JoinHandle<()>,
}

impl Replica {
    fn start() -> Replica {
        let (ready_tx, ready_rx) = std_mpsc::channel();
        let (kill, kill_rx) = std_mpsc::channel::<()>();
        let thread = std::thread::spawn(move || {
            let runtime =
                tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().unwrap();
            let config = Config { max_concurrent: 1, drain_delay: Duration::ZERO, ..Config::default() };
            let handle = runtime
                .block_on(Server::new(config).start("127.0.0.1:0", Some("127.0.0.1:0")))
                .expect("server starts");
            ready_tx.send((handle.addr(), handle.metrics_addr().unwrap())).unwrap();
            // Wait for the kill (or the test's end), then drop every task and socket at once.
            let _ = kill_rx.recv();
            std::mem::forget(handle);
            runtime.shutdown_background();
        });
        let (addr, metrics) = ready_rx.recv_timeout(PATIENCE).expect("server reports its address");
        Replica { addr, metrics, kill, thread }
    }

    fn kill(self) {
        let _ = self.kill.send(());
        self.thread.join().unwrap();
    }

    /// Successful `Extract` calls this server has answered, read from its `/metrics`.
    fn extract_ok(&self) -> u64 {
        use std::io::Read;
        let mut stream = std::net::TcpStream::connect(self.metrics).expect("metrics port connects");
        stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        write!(stream, "GET /metrics HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n", self.metrics)
            .unwrap();
        let mut body = String::new();
        stream.read_to_string(&mut body).unwrap();
        body.lines()
            .find(|l| {
                l.starts_with("eventx_requests_total{")
                    && l.contains("method=\"eventx.v1.ExtractionService/Extract\"")
                    && l.contains("code=\"OK\"")
            })
            .and_then(|l| l.rsplit(' ').next()?.parse().ok())
            .unwrap_or(0)
    }
}

/// `n` synthetic articles as JSON lines with ids `0..n`.
fn jsonl(n: usize) -> String {
    synthetic_articles(n, 1200)
        .into_iter()
        .map(|a| {
            serde_json::json!({"id": a.id, "text": a.text, "publication_date": a.publication_date})
                .to_string()
                + "\n"
        })
        .collect()
}

/// Collects the output lines and runs `on_line(count)` after each one is complete.
struct Lines<F: FnMut(usize)> {
    buffer: Vec<u8>,
    count: usize,
    on_line: F,
}

impl<F: FnMut(usize)> Write for Lines<F> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        for &b in bytes {
            self.buffer.push(b);
            if b == b'\n' {
                self.count += 1;
                (self.on_line)(self.count);
            }
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The article ids of the output lines.
fn answered_ids(output: &[u8]) -> Vec<String> {
    String::from_utf8_lossy(output)
        .lines()
        .map(|l| {
            let value: serde_json::Value = serde_json::from_str(l).expect("output line is JSON");
            value["articleId"].as_str().expect("answer has an article id").to_string()
        })
        .collect()
}

fn options() -> BalanceOptions {
    BalanceOptions { refresh: Duration::from_millis(200), ..BalanceOptions::default() }
}

async fn balancer(replicas: &[&Replica]) -> Balancer {
    let targets: Vec<String> = replicas.iter().map(|r| format!("http://{}", r.addr)).collect();
    Balancer::start(parse_targets(&targets).unwrap(), options()).await.expect("balancer starts")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn batch_spreads_over_every_server() {
    let replicas = [Replica::start(), Replica::start(), Replica::start()];
    let balancer = balancer(&replicas.iter().collect::<Vec<_>>()).await;
    assert_eq!(balancer.addresses().len(), 3);
    let n = 300;
    let mut output = Vec::new();
    let batch = BalancedBatch { concurrency: 6, ..BalancedBatch::default() };
    let errors = tokio::time::timeout(
        PATIENCE,
        run_balanced(&balancer, &batch, std::io::Cursor::new(jsonl(n)), &mut output),
    )
    .await
    .expect("batch finishes")
    .expect("batch runs");
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(answered_ids(&output).len(), n);
    let counts: Vec<u64> = replicas.iter().map(Replica::extract_ok).collect();
    assert_eq!(counts.iter().sum::<u64>(), n as u64, "{counts:?}");
    // Random choice over three servers: each gets about a third; 40 of 300 is far below that.
    assert!(counts.iter().all(|&c| c >= 40), "a server got too few calls: {counts:?}");
    for replica in replicas {
        replica.kill();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_article_is_answered_when_a_server_is_killed_mid_batch() {
    let [first, doomed, third] = [Replica::start(), Replica::start(), Replica::start()];
    let balancer = balancer(&[&first, &doomed, &third]).await;
    let doomed_addr = doomed.addr;
    let n = 600;
    let kill_after = 100;
    let (killed_tx, killed_rx) = std_mpsc::channel();
    let mut doomed = Some(doomed);
    let mut output = Lines {
        buffer: Vec::new(),
        count: 0,
        on_line: move |count| {
            if count == kill_after
                && let Some(replica) = doomed.take()
            {
                let served = replica.extract_ok();
                replica.kill();
                killed_tx.send(served).unwrap();
            }
        },
    };
    let batch = BalancedBatch { concurrency: 6, ..BalancedBatch::default() };
    let errors = tokio::time::timeout(
        PATIENCE,
        run_balanced(&balancer, &batch, std::io::Cursor::new(jsonl(n)), &mut output),
    )
    .await
    .expect("batch finishes")
    .expect("batch runs");
    let served_before_kill = killed_rx.try_recv().expect("the server was killed during the batch");
    assert!(served_before_kill > 0, "the killed server had served nothing: no balancing before the kill");
    assert!(errors.is_empty(), "articles lost: {errors:?}");
    let ids = answered_ids(&output.buffer);
    let unique: BTreeSet<&String> = ids.iter().collect();
    assert_eq!(unique.len(), n, "every article answered exactly once");
    assert_eq!(ids.len(), n);
    assert!(!balancer.addresses().contains(&doomed_addr), "the killed server left the balancer");
    let survivors = [first.extract_ok(), third.extract_ok()];
    assert!(survivors.iter().all(|&c| c > 0), "both survivors take calls: {survivors:?}");
    first.kill();
    third.kill();
}
