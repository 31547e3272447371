//! Batch mode: JSON lines of articles in, JSON lines of `ExtractResponse` out.
//!
//! Input lines are objects `{"id", "text", "title"?, "publication_date"?, "language"?}`; other
//! fields are ignored, so the evaluation gold files can be fed as they are.

use std::io::{BufRead, Write};

use eventx_api::Extractor;
use eventx_proto::v1::{Article, ExtractOptions};
use serde::Deserialize;

/// One input line.
#[derive(Debug, Deserialize)]
struct InputLine {
    #[serde(default)]
    id: Option<serde_json::Value>,
    text: Option<String>,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    publication_date: Option<String>,
    #[serde(default)]
    language: Option<String>,
}

/// What went wrong with one input line; the run goes on.
#[derive(Debug)]
pub struct LineError {
    /// 1-based line number.
    pub line: usize,
    /// The problem.
    pub message: String,
}

impl std::fmt::Display for LineError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

/// Reads one input line as an article.
pub fn article_from(line: &str) -> Result<Article, String> {
    let input: InputLine = serde_json::from_str(line).map_err(|e| format!("not a JSON article: {e}"))?;
    let id = match input.id {
        Some(serde_json::Value::String(s)) => s,
        Some(serde_json::Value::Null) | None => String::new(),
        Some(other) => other.to_string(),
    };
    Ok(Article {
        id,
        text: input.text.ok_or("missing field \"text\"")?,
        title: input.title.unwrap_or_default(),
        publication_date: input.publication_date.unwrap_or_default(),
        language: input.language.unwrap_or_default(),
        ..Default::default()
    })
}

/// Reads JSON lines from `input`, writes one JSON `ExtractResponse` line per article to
/// `output`, and returns the errors of the lines that could not be read (they produce no output
/// line). Blank lines are skipped.
pub fn run(
    extractor: &Extractor,
    options: &ExtractOptions,
    input: impl BufRead,
    mut output: impl Write,
) -> std::io::Result<Vec<LineError>> {
    let mut errors = Vec::new();
    for (index, line) in input.lines().enumerate() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let result = article_from(&line).and_then(|article| {
            extractor.extract_article(&article, Some(options)).map_err(|e| e.to_string())
        });
        match result {
            Ok(response) => {
                serde_json::to_writer(&mut output, &response)?;
                output.write_all(b"\n")?;
            }
            Err(message) => errors.push(LineError { line: index + 1, message }),
        }
    }
    output.flush()?;
    Ok(errors)
}

#[cfg(test)]
mod tests {
    use super::*;
    use eventx_api::Limits;

    #[test]
    fn bad_lines_are_reported_with_their_number() {
        let input = "{\"id\": \"a\", \"text\": \"Police arrested two men.\"}\nnot json\n\n{\"id\": 7}\n";
        let mut out = Vec::new();
        let errors =
            run(&Extractor::new(Limits::default()), &ExtractOptions::default(), input.as_bytes(), &mut out)
                .unwrap();
        let lines: Vec<_> = errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, [2, 4]);
        let text = String::from_utf8(out).unwrap();
        assert_eq!(text.lines().count(), 1);
        assert!(text.contains("\"articleId\":\"a\""), "{text}");
    }
}
