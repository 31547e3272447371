//! Batch mode against a running server: the same JSON lines in and out as [`crate::batch`],
//! sent over one `ExtractStream` call. Each request carries its input line number as
//! `request_id`, so errors name their line; answers are written as they arrive.

use std::io::{BufRead, Write};

use eventx_proto::v1::extract_stream_response::Result as StreamResult;
use eventx_proto::v1::{ExtractOptions, ExtractStreamRequest};
use tokio::sync::mpsc;
use tokio_stream::wrappers::ReceiverStream;

use crate::batch::{LineError, article_from};

/// Sends every article of `input` to the server at `address` and writes one JSON
/// `ExtractResponse` line per answered article to `output`. Returns the lines that could not
/// be read or that the server refused.
pub async fn run(
    address: &str,
    options: &ExtractOptions,
    input: impl BufRead + Send + 'static,
    mut output: impl Write,
) -> anyhow::Result<Vec<LineError>> {
    let mut client = crate::connect(address.to_string()).await?;
    let (sender, receiver) = mpsc::channel(64);
    let options = options.clone();
    // Read the input on a blocking thread; unreadable lines come back as errors.
    let reader = tokio::task::spawn_blocking(move || -> std::io::Result<Vec<LineError>> {
        let mut errors = Vec::new();
        for (index, line) in input.lines().enumerate() {
            let line = line?;
            if line.trim().is_empty() {
                continue;
            }
            match article_from(&line) {
                Ok(article) => {
                    let request = ExtractStreamRequest {
                        request_id: (index + 1).to_string(),
                        article: Some(article),
                        options: Some(options.clone()),
                    };
                    if sender.blocking_send(request).is_err() {
                        break;
                    }
                }
                Err(message) => errors.push(LineError { line: index + 1, message }),
            }
        }
        Ok(errors)
    });
    let mut answers = client.extract_stream(ReceiverStream::new(receiver)).await?.into_inner();
    let mut errors = Vec::new();
    while let Some(answer) = answers.message().await? {
        let line = answer.request_id.parse().unwrap_or(0);
        match answer.result {
            Some(StreamResult::Response(response)) => {
                serde_json::to_writer(&mut output, &response)?;
                output.write_all(b"\n")?;
            }
            Some(StreamResult::Error(error)) => {
                errors.push(LineError { line, message: format!("{}: {}", error.code, error.message) })
            }
            None => errors.push(LineError { line, message: "empty answer from the server".into() }),
        }
    }
    output.flush()?;
    errors.extend(reader.await??);
    errors.sort_by_key(|e| e.line);
    Ok(errors)
}
