//! The `eventx` binary itself: plain text and JSON lines, output formats, request options,
//! the same ordered answers from the embedded engine, one server and balanced servers, exit
//! codes, a closed pipe, and the ontology and health commands.

mod common;

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Output, Stdio};

use common::{HOLD, Holding, TEXTS, bounded, config, start};
use eventx_server::Server;
use serde_json::Value;

/// Runs `eventx args…` with `input` on standard input, off the async runtime.
async fn eventx(args: &[&str], input: &str) -> Output {
    let args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
    let input = input.to_string();
    bounded(tokio::task::spawn_blocking(move || {
        let mut child = Command::new(env!("CARGO_BIN_EXE_eventx"))
            .args(&args)
            .env_remove("EVENTX_SERVER")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("eventx starts");
        let mut stdin = child.stdin.take().unwrap();
        let writer = std::thread::spawn(move || {
            let _ = stdin.write_all(input.as_bytes());
        });
        let output = child.wait_with_output().expect("eventx runs");
        writer.join().unwrap();
        output
    }))
    .await
    .unwrap()
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

/// The JSON lines of standard output.
fn json_lines(output: &Output) -> Vec<Value> {
    stdout(output).lines().map(|l| serde_json::from_str(l).expect("an output line is JSON")).collect()
}

/// JSON lines of `n` articles with ids `0..n`; line 3 is not JSON, line 6 has a blank text and
/// the first article is held back by a [`Holding`] server until others are answered.
fn batch(n: usize) -> String {
    let mut lines = Vec::new();
    for i in 0..n {
        let mut text = TEXTS[i % TEXTS.len()].to_string();
        if i == 0 {
            text = format!("{HOLD}{text}");
        }
        lines.push(
            serde_json::json!({"id": i.to_string(), "text": text, "publication_date": "2024-03-05"})
                .to_string(),
        );
    }
    lines.insert(2, "{not json".to_string());
    lines.insert(5, r#"{"id": "blank", "text": "  "}"#.to_string());
    lines.join("\n") + "\n"
}

/// The article ids of the answers, in output order.
fn ids(values: &[Value]) -> Vec<String> {
    values.iter().map(|v| v["articleId"].as_str().unwrap().to_string()).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn help_describes_the_tool() {
    let output = eventx(&["--help"], "").await;
    assert!(output.status.success());
    assert!(stdout(&output).starts_with("Reads news articles and prints the political events they report"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_plain_text_article_gives_one_json_line_or_a_table() {
    let text = "Norway expelled three Iranian diplomats on Friday, the foreign ministry in Oslo said.\n";
    let output = eventx(&["extract", "-", "--id", "n1", "--published", "2024-03-04"], text).await;
    assert!(output.status.success(), "{}", stderr(&output));
    let lines = json_lines(&output);
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0]["articleId"], "n1");
    let event = &lines[0]["events"][0];
    assert_eq!(event["category"], "EVENT_CATEGORY_SANCTION");
    assert_eq!(event["source"]["country"], "NOR");
    assert_eq!(event["date"]["date"], "2024-03-01");
    assert!(stderr(&output).is_empty(), "no summary for one article: {}", stderr(&output));

    let table = eventx(&["extract", "-", "--id", "n1", "--format", "table"], text).await;
    let rows: Vec<String> = stdout(&table).lines().map(str::to_string).collect();
    assert!(rows[0].starts_with("ID") && rows[0].contains("SOURCE"), "{rows:?}");
    assert!(rows[1].starts_with("n1/e1") && rows[1].contains("SANCTION/expel"), "{rows:?}");
    assert!(rows[1].contains("[expelled]"), "{rows:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn request_options_are_flags() {
    let text =
        "Police in Nairobi arrested 14 protesters on Tuesday. Norway expelled three Iranian diplomats.";
    let output = eventx(&["extract", "-", "--categories", "sanction", "--no-spans"], text).await;
    assert!(output.status.success(), "{}", stderr(&output));
    let events = json_lines(&output)[0]["events"].as_array().unwrap().clone();
    assert!(!events.is_empty());
    for event in &events {
        assert_eq!(event["category"], "EVENT_CATEGORY_SANCTION");
        assert!(event.get("mentions").is_none() && event["source"].get("span").is_none(), "{event}");
    }
    let utf16 = eventx(&["extract", "-", "--span-unit", "utf16", "--min-confidence", "0.5"], text).await;
    assert!(utf16.status.success(), "{}", stderr(&utf16));

    let bad = eventx(&["extract", "-", "--categories", "riots"], text).await;
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr(&bad).contains("not a category"), "{}", stderr(&bad));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_mode_answers_json_lines_in_input_order_and_reports_bad_lines() {
    let n = 30;
    let input = batch(n);
    let holding = Holding::new(3);
    let (first, second) = (start(holding.server()).await, start(holding.server()).await);
    let one = first.addr().to_string();
    let balanced = format!("{},{}", first.addr(), second.addr());

    let embedded = eventx(&["extract", "--jsonl", "-"], &input).await;
    let streamed = eventx(&["extract", "--jsonl", "-", "--server", &one], &input).await;
    let spread =
        eventx(&["extract", "--jsonl", "-", "--server", &balanced, "--concurrency", "8"], &input).await;

    let expected: Vec<String> = (0..n).map(|i| i.to_string()).collect();
    for (mode, output) in [("embedded", &embedded), ("one server", &streamed), ("balanced", &spread)] {
        assert_eq!(output.status.code(), Some(1), "{mode}: bad lines make the exit code 1");
        assert_eq!(ids(&json_lines(output)), expected, "{mode}: answers in input order");
        let errors: Vec<String> =
            stderr(output).lines().filter(|l| l.contains("line")).map(str::to_string).collect();
        assert_eq!(errors.len(), 2, "{mode}: {errors:?}");
        assert!(errors[0].starts_with("eventx: stdin: line 3: not a JSON article"), "{mode}: {errors:?}");
        assert!(errors[1].starts_with("eventx: stdin: line 6: INVALID_ARGUMENT"), "{mode}: {errors:?}");
        // Every article counts, the blank one too; the line that is not JSON is no article.
        assert!(stderr(output).contains(&format!("{} articles in ", n + 1)), "{mode}: {}", stderr(output));
    }
    assert_eq!(stdout(&streamed), stdout(&embedded), "one server answers as the embedded engine does");
    assert_eq!(stdout(&spread), stdout(&embedded), "balanced servers answer as the embedded engine does");
    first.stop().await.unwrap();
    second.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_closed_pipe_ends_the_run_quietly() {
    let line = serde_json::json!({"id": "x", "text": TEXTS[0]}).to_string() + "\n";
    let input = line.repeat(5000);
    let output = bounded(tokio::task::spawn_blocking(move || {
        let mut child = Command::new(env!("CARGO_BIN_EXE_eventx"))
            .args(["extract", "--jsonl", "-"])
            .env_remove("EVENTX_SERVER")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("eventx starts");
        let mut stdin = child.stdin.take().unwrap();
        let writer = std::thread::spawn(move || {
            let _ = stdin.write_all(input.as_bytes());
        });
        // Read one answer, then close the pipe as `head -1` does.
        let mut first = String::new();
        BufReader::new(child.stdout.take().unwrap()).read_line(&mut first).unwrap();
        assert!(first.contains("\"articleId\":\"x\""), "{first}");
        let output = child.wait_with_output().expect("eventx ends");
        writer.join().unwrap();
        output
    }))
    .await
    .unwrap();
    assert!(output.status.success(), "exit {:?}: {}", output.status, stderr(&output));
    assert!(!stderr(&output).contains("panicked"), "{}", stderr(&output));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ontology_health_and_a_plain_text_article_against_a_server() {
    let embedded = eventx(&["ontology", "--format", "json"], "").await;
    assert!(embedded.status.success());
    let ontology: Value = serde_json::from_slice(&embedded.stdout).unwrap();
    assert_eq!(ontology["categories"].as_array().unwrap().len(), 16);

    let handle = start(Server::new(config())).await;
    let address = handle.addr().to_string();
    let remote = eventx(&["ontology", "--server", &address, "--format", "json"], "").await;
    assert_eq!(serde_json::from_slice::<Value>(&remote.stdout).unwrap(), ontology);
    let table = eventx(&["ontology", "--format", "table"], "").await;
    assert!(stdout(&table).lines().any(|l| l.trim_start().starts_with("SANCTION")), "{}", stdout(&table));

    let one = eventx(&["extract", "-", "--server", &address, "--id", "r1", "--gzip"], TEXTS[1]).await;
    assert!(one.status.success(), "{}", stderr(&one));
    assert_eq!(json_lines(&one)[0]["events"][0]["category"], "EVENT_CATEGORY_COERCE");

    let health = eventx(&["health", "--server", &address], "").await;
    assert_eq!(stdout(&health).trim(), "SERVING");
    assert!(health.status.success());
    handle.stop().await.unwrap();
    let gone = eventx(&["health", "--server", &address, "--timeout", "1"], "").await;
    assert_eq!(gone.status.code(), Some(1));
    assert!(stdout(&gone).starts_with("unreachable"), "{}", stdout(&gone));
}
