//! Where answers go: a table for people or canonical proto3 JSON lines for programs.

use std::io::{self, IsTerminal, Write};

use eventx_proto::v1::{ExtractResponse, SpanUnit};

use crate::render;

/// How answers are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// One row per event, aligned columns.
    Table,
    /// One `ExtractResponse` per line in canonical proto3 JSON.
    Json,
}

impl Format {
    /// A table when standard output is a terminal, JSON lines otherwise.
    pub fn for_stdout() -> Format {
        if io::stdout().is_terminal() { Format::Table } else { Format::Json }
    }
}

/// Writes answers in one [`Format`].
#[derive(Debug)]
pub struct Output<W: Write> {
    out: W,
    format: Format,
    unit: SpanUnit,
    header_written: bool,
}

impl<W: Write> Output<W> {
    /// Answers to `out`; `unit` is the span unit the requests asked for.
    pub fn new(out: W, format: Format, unit: SpanUnit) -> Output<W> {
        Output { out, format, unit, header_written: false }
    }

    /// Writes one answer. A table is flushed after each article, so rows show up as they come.
    pub fn response(&mut self, response: &ExtractResponse) -> io::Result<()> {
        match self.format {
            Format::Json => {
                serde_json::to_writer(&mut self.out, response)?;
                self.out.write_all(b"\n")
            }
            Format::Table => {
                if !self.header_written {
                    render::table_header(&mut self.out)?;
                    self.header_written = true;
                }
                render::table_rows(&mut self.out, response, self.unit)?;
                self.out.flush()
            }
        }
    }

    /// Flushes what is buffered.
    pub fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

/// Whether `error` comes from writing to a closed pipe (`eventx … | head -1`), which ends the
/// run quietly.
pub fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error
        .chain()
        .any(|cause| cause.downcast_ref::<io::Error>().is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_lines_are_canonical_proto3_json() {
        let mut output = Output::new(Vec::new(), Format::Json, SpanUnit::CodePoint);
        output.response(&ExtractResponse { article_id: "a".into(), ..ExtractResponse::default() }).unwrap();
        output.response(&ExtractResponse { article_id: "b".into(), ..ExtractResponse::default() }).unwrap();
        assert_eq!(String::from_utf8(output.out).unwrap(), "{\"articleId\":\"a\"}\n{\"articleId\":\"b\"}\n");
    }

    #[test]
    fn broken_pipes_are_recognised_through_context() {
        let error = anyhow::Error::from(io::Error::from(io::ErrorKind::BrokenPipe)).context("writing");
        assert!(is_broken_pipe(&error));
        assert!(!is_broken_pipe(&anyhow::anyhow!("other")));
    }
}
