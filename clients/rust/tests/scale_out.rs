//! Scale-out: a client balanced over three real servers on ephemeral loopback ports spreads its
//! calls over all of them, and answers every article, in order, when one server is killed
//! mid-batch.

use std::io::Write;
use std::net::SocketAddr;
use std::sync::mpsc as std_mpsc;
use std::thread::JoinHandle;
use std::time::Duration;

use eventx_client::Client;
use eventx_client::balance::BalanceOptions;
use eventx_client::load::synthetic_articles;
use eventx_server::{Config, Server};
use futures::StreamExt;

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

fn options() -> BalanceOptions {
    BalanceOptions { refresh: Duration::from_millis(200), ..BalanceOptions::default() }
}

async fn client(replicas: &[&Replica]) -> Client {
    let targets: Vec<String> = replicas.iter().map(|r| format!("http://{}", r.addr)).collect();
    Client::builder(targets.join(","))
        .balance_options(options())
        .concurrency(6)
        .connect()
        .await
        .expect("balancer starts")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn batch_spreads_over_every_server() {
    let replicas = [Replica::start(), Replica::start(), Replica::start()];
    let client = client(&replicas.iter().collect::<Vec<_>>()).await;
    assert_eq!(client.balancer().unwrap().addresses().len(), 3);
    let n = 300;
    let results: Vec<_> =
        tokio::time::timeout(PATIENCE, client.extract_iter(synthetic_articles(n, 1200)).collect())
            .await
            .expect("batch finishes");
    let ids: Vec<String> = results.into_iter().map(|r| r.expect("answered").article_id).collect();
    assert_eq!(ids, (0..n).map(|i| i.to_string()).collect::<Vec<_>>());
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
    let client = client(&[&first, &doomed, &third]).await;
    let doomed_addr = doomed.addr;
    let n = 600;
    let kill_after = 100;
    let mut doomed = Some(doomed);
    let mut served_before_kill = None;
    let mut ids = Vec::new();
    let mut results = client.extract_iter(synthetic_articles(n, 1200));
    tokio::time::timeout(PATIENCE, async {
        while let Some(result) = results.next().await {
            ids.push(result.expect("every article is answered").article_id);
            if ids.len() == kill_after
                && let Some(replica) = doomed.take()
            {
                served_before_kill = Some(replica.extract_ok());
                replica.kill();
            }
        }
    })
    .await
    .expect("batch finishes");
    let served_before_kill = served_before_kill.expect("the server was killed during the batch");
    assert!(served_before_kill > 0, "the killed server had served nothing: no balancing before the kill");
    assert_eq!(ids, (0..n).map(|i| i.to_string()).collect::<Vec<_>>(), "every article once, in order");
    let balancer = client.balancer().unwrap();
    assert!(!balancer.addresses().contains(&doomed_addr), "the killed server left the balancer");
    let survivors = [first.extract_ok(), third.extract_ok()];
    assert!(survivors.iter().all(|&c| c > 0), "both survivors take calls: {survivors:?}");
    first.kill();
    third.kill();
}
