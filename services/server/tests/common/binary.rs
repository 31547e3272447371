//! The `eventx-server` binary as a child process, for the tests that need what only the binary
//! does: signals, the log set-up, the allocator, the resident memory of a process.

#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The longest the binary may take to start listening.
const START_PATIENCE: Duration = Duration::from_secs(60);

/// The server binary: `EVENTX_SERVER_BIN` when set (a release build, say), else the one cargo
/// built for these tests.
pub fn path() -> PathBuf {
    std::env::var_os("EVENTX_SERVER_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_eventx-server")))
}

/// A running `eventx-server`, killed when dropped.
pub struct Process {
    child: Child,
    log: Arc<Mutex<Vec<String>>>,
    /// The address its gRPC listener is bound to.
    pub addr: SocketAddr,
}

impl Process {
    /// Starts the binary on `127.0.0.1:0` with metrics off and `args` after, with no `EVENTX_*`
    /// variable from the test's environment, and waits until it listens.
    pub fn start(args: &[&str]) -> Process {
        let mut command = Command::new(path());
        command.args(["--addr", "127.0.0.1:0", "--metrics-addr", "off"]).args(args);
        for (name, _) in std::env::vars().filter(|(name, _)| name.starts_with("EVENTX_")) {
            command.env_remove(name);
        }
        let mut child = command
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", path().display()));
        let log = Arc::new(Mutex::new(Vec::new()));
        let stderr = child.stderr.take().expect("stderr is piped");
        let lines = Arc::clone(&log);
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                lines.lock().unwrap().push(line);
            }
        });
        let mut process = Process { child, log, addr: SocketAddr::from(([127, 0, 0, 1], 0)) };
        let started = Instant::now();
        process.addr = loop {
            let listening = process.log().lines().find_map(|line| {
                let rest = &line[line.find("listening on ")? + "listening on ".len()..];
                rest.split(|c: char| c.is_whitespace() || c == '"' || c == '(').next()?.parse().ok()
            });
            if let Some(addr) = listening {
                break addr;
            }
            if let Some(status) = process.child.try_wait().unwrap() {
                panic!("the server exited with {status} before listening:\n{}", process.log());
            }
            assert!(started.elapsed() < START_PATIENCE, "the server never listened:\n{}", process.log());
            std::thread::sleep(Duration::from_millis(20));
        };
        process
    }

    /// Everything the process wrote to stderr so far.
    pub fn log(&self) -> String {
        self.log.lock().unwrap().join("\n")
    }

    /// The process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Sends `signal` ("INT", "TERM") to the process.
    pub fn signal(&self, signal: &str) {
        let sent = Command::new("kill").args([format!("-{signal}"), self.pid().to_string()]).status();
        assert!(sent.expect("kill runs").success(), "kill -{signal} failed");
    }

    /// Waits at most `limit` for the process to exit: its status and how long it took, or
    /// `None` while it still runs.
    pub fn exit_within(&mut self, limit: Duration) -> Option<(ExitStatus, Duration)> {
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return Some((status, start.elapsed()));
            }
            if start.elapsed() >= limit {
                return None;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// The resident set size of the process, in KiB (Linux only).
    pub fn rss_kib(&self) -> u64 {
        let status =
            std::fs::read_to_string(format!("/proc/{}/status", self.pid())).expect("/proc is readable");
        let line = status.lines().find(|l| l.starts_with("VmRSS:")).expect("a VmRSS line");
        line.split_whitespace().nth(1).and_then(|kib| kib.parse().ok()).expect("VmRSS in kB")
    }
}

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
