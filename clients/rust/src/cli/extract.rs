//! `eventx extract`: one plain-text article or a JSON-lines batch, through the embedded engine
//! or a [`Client`], answers written in input order and failures reported with their line.

use std::io::{BufRead, Write};
use std::sync::mpsc as std_mpsc;

use eventx_proto::v1::{Article, ExtractResponse};
use futures::StreamExt;
use tokio::sync::mpsc;
use tokio_stream::wrappers::ReceiverStream;

use crate::Client;
use crate::cli::output::Output;
use crate::cli::progress::Progress;
use crate::embedded::Embedded;
use crate::error::Error;
use crate::input::json_lines;

/// Who reads the articles.
#[derive(Debug)]
pub enum Backend {
    /// The engine in this process.
    Embedded(Box<Embedded>),
    /// A server, or several behind a balancer.
    Remote(Client),
}

/// Collects the outcome of a run: answers to the output, failures to standard error (as
/// `eventx: NAME: line N: …`), progress to the bar.
#[derive(Debug)]
pub struct Sink<W: Write> {
    output: Output<W>,
    progress: Progress,
    name: String,
    failures: usize,
}

impl<W: Write> Sink<W> {
    /// A sink for the input called `name` in messages.
    pub fn new(output: Output<W>, progress: Progress, name: impl Into<String>) -> Sink<W> {
        Sink { output, progress, name: name.into(), failures: 0 }
    }

    /// The progress of the run (to wrap the input reader).
    pub fn progress(&self) -> &Progress {
        &self.progress
    }

    /// Writes the answer of the article on `line` (`None` for a plain-text article), or reports
    /// its failure. Fails only when the output cannot be written.
    pub fn answer(
        &mut self,
        line: Option<usize>,
        result: Result<ExtractResponse, Error>,
    ) -> std::io::Result<()> {
        self.progress.article_done();
        match result {
            Ok(response) => self.output.response(&response),
            Err(error) => {
                self.fail(line, &error.to_string());
                Ok(())
            }
        }
    }

    /// Reports an input line that is not an article.
    pub fn fail(&mut self, line: Option<usize>, message: &str) {
        self.failures += 1;
        let message = match line {
            Some(line) => format!("eventx: {}: line {line}: {message}", self.name),
            None => format!("eventx: {}: {message}", self.name),
        };
        self.progress.report(&message);
    }

    /// Flushes the output, ends the progress bar and returns the number of failures. With
    /// `summary` the "N articles in S s" line is printed.
    pub fn finish(mut self, summary: bool) -> std::io::Result<usize> {
        self.output.flush()?;
        if summary {
            self.progress.finish();
        }
        Ok(self.failures)
    }
}

/// Extracts one article.
pub async fn one(backend: &Backend, article: Article, sink: &mut Sink<impl Write>) -> std::io::Result<()> {
    let result = match backend {
        Backend::Embedded(engine) => engine.extract(&article),
        Backend::Remote(client) => client.extract(article).await,
    };
    sink.answer(None, result)
}

/// Extracts every article of the JSON lines of `input`.
pub async fn batch(
    backend: &Backend,
    input: impl BufRead + Send + 'static,
    sink: &mut Sink<impl Write>,
) -> anyhow::Result<()> {
    match backend {
        Backend::Embedded(engine) => {
            for line in json_lines(input) {
                let line = line?;
                match line.article {
                    Ok(article) => sink.answer(Some(line.number), engine.extract(&article))?,
                    Err(message) => sink.fail(Some(line.number), &message),
                }
            }
            Ok(())
        }
        Backend::Remote(client) => remote_batch(client, input, sink).await,
    }
}

/// The line of an input entry, and why it is not an article when it is not.
type Entry = (usize, Option<String>);

/// The batch through a client: a reader thread sends the articles into
/// [`Client::extract_many`] and, in the same order, every line's entry into a queue, so each
/// result (in input order) is matched with its line, and bad lines are reported in between.
async fn remote_batch(
    client: &Client,
    input: impl BufRead + Send + 'static,
    sink: &mut Sink<impl Write>,
) -> anyhow::Result<()> {
    let (articles, to_send) = mpsc::channel::<Article>(64);
    let (entries, lines) = std_mpsc::channel::<Entry>();
    // A plain thread, not a runtime task: the process may end while it waits on its input.
    let reader = std::thread::spawn(move || -> std::io::Result<()> {
        for line in json_lines(input) {
            let line = line?;
            match line.article {
                Ok(article) => {
                    let _ = entries.send((line.number, None));
                    if articles.blocking_send(article).is_err() {
                        break;
                    }
                }
                Err(message) => {
                    let _ = entries.send((line.number, Some(message)));
                }
            }
        }
        Ok(())
    });
    let mut results = client.extract_many(ReceiverStream::new(to_send));
    while let Some(result) = results.next().await {
        // The entry of an article is queued before the article is sent, so it is there.
        let mut line = None;
        for (number, bad) in lines.iter() {
            match bad {
                Some(message) => sink.fail(Some(number), &message),
                None => {
                    line = Some(number);
                    break;
                }
            }
        }
        sink.answer(line, result)?;
    }
    for (number, bad) in lines.iter() {
        if let Some(message) = bad {
            sink.fail(Some(number), &message);
        }
    }
    reader.join().map_err(|_| anyhow::anyhow!("the input reader failed"))??;
    Ok(())
}
