//! The container image's start-up, without a container engine: runs the server binary with the
//! ENTRYPOINT, CMD, ENV and STOPSIGNAL of the runtime stage of `deploy/Dockerfile` (read from
//! the file, so the test follows it) and checks that it serves health on every interface and
//! stops on the signal.
//!
//! The binary is `EVENTX_SERVER_BIN` when set (deploy/check.sh points it at the release build
//! that the Dockerfile's `cargo build --release --locked` makes), else this package's own
//! `eventx-server`. The image's ports are swapped for free ones, so the test can run next to a
//! server on 50051; everything else is passed as written.

use std::collections::BTreeMap;
use std::net::{Ipv4Addr, SocketAddr, TcpListener};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use tonic::transport::Endpoint;
use tonic_health::pb::health_client::HealthClient;
use tonic_health::pb::{HealthCheckRequest, health_check_response::ServingStatus};

const DOCKERFILE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../deploy/Dockerfile");
const PATIENCE: Duration = Duration::from_secs(30);

/// What the runtime stage of a Dockerfile says about starting the process.
#[derive(Debug, Default)]
struct Runtime {
    entrypoint: Vec<String>,
    cmd: Vec<String>,
    env: BTreeMap<String, String>,
    expose: Vec<u16>,
    stop_signal: Option<String>,
}

/// Joins continued lines and drops comments and blank lines.
fn instructions(dockerfile: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    for line in dockerfile.lines() {
        let trimmed = line.trim();
        if trimmed.starts_with('#') || (trimmed.is_empty() && current.is_empty()) {
            continue;
        }
        if let Some(continued) = trimmed.strip_suffix('\\') {
            current.push_str(continued);
            current.push(' ');
        } else {
            current.push_str(trimmed);
            out.push(std::mem::take(&mut current));
        }
    }
    out
}

/// A JSON-array (exec form) argument list; the shell form is refused, since the image has no
/// shell.
fn exec_form(instruction: &str, rest: &str) -> Vec<String> {
    serde_json::from_str(rest)
        .unwrap_or_else(|e| panic!("{instruction} must be a JSON array (exec form), got {rest:?}: {e}"))
}

/// `KEY=value` pairs of an ENV instruction; values may be double-quoted.
fn env_pairs(rest: &str) -> Vec<(String, String)> {
    let mut pairs = Vec::new();
    let mut chars = rest.chars().peekable();
    loop {
        while chars.next_if(|c| c.is_whitespace()).is_some() {}
        let key: String = std::iter::from_fn(|| chars.next_if(|&c| c != '=' && !c.is_whitespace())).collect();
        if key.is_empty() {
            break;
        }
        assert_eq!(chars.next(), Some('='), "ENV {key} must use the KEY=value form");
        let value: String = if chars.next_if_eq(&'"').is_some() {
            let value = std::iter::from_fn(|| chars.next_if(|&c| c != '"')).collect();
            assert_eq!(chars.next(), Some('"'), "unclosed quote in ENV {key}");
            value
        } else {
            std::iter::from_fn(|| chars.next_if(|c| !c.is_whitespace())).collect()
        };
        pairs.push((key, value));
    }
    pairs
}

/// The last stage of the Dockerfile (the image `docker build` makes by default).
fn runtime_stage(dockerfile: &str) -> Runtime {
    let mut runtime = Runtime::default();
    for instruction in instructions(dockerfile) {
        let (keyword, rest) = instruction.split_once(char::is_whitespace).unwrap_or((&instruction, ""));
        let rest = rest.trim();
        match keyword.to_ascii_uppercase().as_str() {
            "FROM" => runtime = Runtime::default(),
            "ENTRYPOINT" => runtime.entrypoint = exec_form("ENTRYPOINT", rest),
            "CMD" => runtime.cmd = exec_form("CMD", rest),
            "ENV" => runtime.env.extend(env_pairs(rest)),
            "EXPOSE" => runtime.expose.extend(rest.split_whitespace().map(|p| {
                p.trim_end_matches("/tcp")
                    .parse::<u16>()
                    .unwrap_or_else(|_| panic!("EXPOSE {p}: not a TCP port"))
            })),
            "STOPSIGNAL" => runtime.stop_signal = Some(rest.to_string()),
            _ => {}
        }
    }
    runtime
}

/// The port of a `HOST:PORT` setting, after checking that the host is every interface.
fn wildcard_port(name: &str, value: &str) -> u16 {
    let addr: SocketAddr = value.parse().unwrap_or_else(|e| panic!("{name}={value}: {e}"));
    assert!(
        addr.ip().is_unspecified(),
        "{name}={value} must listen on every interface (0.0.0.0) in a container"
    );
    addr.port()
}

fn free_port() -> u16 {
    TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).unwrap().local_addr().unwrap().port()
}

/// Kills the server if the test fails before it stops it.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The health status of `service` at `addr`, or `None` while it cannot be asked.
async fn health(addr: SocketAddr, service: &str) -> Option<ServingStatus> {
    let channel = Endpoint::from_shared(format!("http://{addr}"))
        .ok()?
        .connect_timeout(Duration::from_secs(1))
        .timeout(Duration::from_secs(2))
        .connect()
        .await
        .ok()?;
    let request = HealthCheckRequest { service: service.to_string() };
    Some(HealthClient::new(channel).check(request).await.ok()?.into_inner().status())
}

async fn wait_for(addr: SocketAddr, service: &str, want: ServingStatus) {
    let start = Instant::now();
    while health(addr, service).await != Some(want) {
        assert!(start.elapsed() < PATIENCE, "{addr} never reported {service:?} as {want:?}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

fn http_status(addr: SocketAddr, path: &str) -> String {
    use std::io::{Read, Write};
    let mut stream =
        std::net::TcpStream::connect_timeout(&addr, Duration::from_secs(2)).expect("metrics port connects");
    stream.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    write!(stream, "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    response.lines().next().unwrap_or_default().to_string()
}

#[test]
fn dockerfile_parsing_follows_the_instructions() {
    let runtime = runtime_stage(
        "FROM a AS build\nENV X=1\nENTRYPOINT [\"/bin/a\"]\n# note\nFROM b\nENV A=1 \\\n    B=\"two words\"\n\
         EXPOSE 80 443/tcp\nSTOPSIGNAL SIGINT\nENTRYPOINT [\"/bin/b\", \"--x\"]\nCMD [\"y\"]\n",
    );
    assert_eq!(runtime.entrypoint, ["/bin/b", "--x"]);
    assert_eq!(runtime.cmd, ["y"]);
    assert_eq!(
        runtime.env.into_iter().collect::<Vec<_>>(),
        [("A".into(), "1".into()), ("B".into(), "two words".into())]
    );
    assert_eq!(runtime.expose, [80, 443]);
    assert_eq!(runtime.stop_signal.as_deref(), Some("SIGINT"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_image_command_serves_health_on_every_interface_and_stops_on_its_signal() {
    let dockerfile = std::fs::read_to_string(DOCKERFILE).expect("deploy/Dockerfile is readable");
    let runtime = runtime_stage(&dockerfile);
    let (program, entry_args) =
        runtime.entrypoint.split_first().expect("the runtime stage has an ENTRYPOINT");
    assert!(program.ends_with("/eventx-server"), "the image starts {program}, not eventx-server");
    assert_eq!(runtime.stop_signal.as_deref(), Some("SIGTERM"), "the server drains on SIGTERM");

    let mut env = runtime.env.clone();
    let mut ports = Vec::new();
    for name in ["EVENTX_ADDR", "EVENTX_METRICS_ADDR"] {
        let value = env.get(name).unwrap_or_else(|| panic!("the image sets no {name}"));
        let port = wildcard_port(name, value);
        assert!(runtime.expose.contains(&port), "{name} port {port} is not in EXPOSE {:?}", runtime.expose);
        let free = free_port();
        env.insert(name.to_string(), format!("0.0.0.0:{free}"));
        ports.push(free);
    }

    let binary = std::env::var_os("EVENTX_SERVER_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_eventx-server")));
    let args: Vec<&String> = entry_args.iter().chain(&runtime.cmd).collect();
    let child = Command::new(&binary)
        .args(&args)
        .env_clear()
        .envs(&env)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {}: {e}", binary.display()));
    let mut server = Running(child);

    // 127.0.0.2 is loopback too, but only a wildcard (or 127.0.0.2) listener accepts there: a
    // server that kept the 127.0.0.1 default would refuse these connections.
    let grpc = SocketAddr::from(([127, 0, 0, 2], ports[0]));
    let metrics = SocketAddr::from(([127, 0, 0, 2], ports[1]));
    wait_for(grpc, "", ServingStatus::Serving).await;
    wait_for(grpc, "eventx.v1.ExtractionService", ServingStatus::Serving).await;
    assert_eq!(http_status(metrics, "/healthz"), "HTTP/1.1 200 OK");

    let pid = server.0.id().to_string();
    let signal = runtime.stop_signal.as_deref().unwrap_or("SIGTERM").trim_start_matches("SIG").to_string();
    let sent = Command::new("kill").args([format!("-{signal}"), pid]).status().expect("kill runs");
    assert!(sent.success());
    wait_for(grpc, "eventx.v1.ExtractionService", ServingStatus::NotServing).await;
    let start = Instant::now();
    let status = loop {
        if let Some(status) = server.0.try_wait().unwrap() {
            break status;
        }
        // The image's drain settings (their defaults unless the Dockerfile sets them) are 5 s + 10 s.
        assert!(start.elapsed() < Duration::from_secs(20), "the server did not stop after {signal}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert!(status.success(), "the server exited with {status}");
}
