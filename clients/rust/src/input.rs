//! Articles from JSON lines: one object `{"id", "text", "title"?, "publication_date"?,
//! "language"?}` per line; other fields are ignored, so annotated files can be fed as they are.

use std::io::BufRead;

use eventx_proto::v1::Article;
use serde::Deserialize;

/// One input line as written.
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

/// Reads one JSON line as an article. A numeric id is kept as its digits.
pub fn article_from_json(line: &str) -> Result<Article, String> {
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

/// One non-blank line of a JSON-lines input.
#[derive(Debug)]
pub struct Line {
    /// 1-based line number.
    pub number: usize,
    /// The article, or why the line is not one.
    pub article: Result<Article, String>,
}

/// The non-blank lines of `input` as articles, with their line numbers; stops at the first
/// read error.
pub fn json_lines(input: impl BufRead) -> impl Iterator<Item = std::io::Result<Line>> {
    input.lines().enumerate().filter_map(|(index, line)| match line {
        Ok(line) if line.trim().is_empty() => None,
        Ok(line) => Some(Ok(Line { number: index + 1, article: article_from_json(&line) })),
        Err(e) => Some(Err(e)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_become_articles_or_numbered_errors() {
        let input = "{\"id\": \"a\", \"text\": \"Police arrested two men.\", \"extra\": 1}\nnot json\n\n{\"id\": 7}\n{\"id\": 8, \"text\": \"x\"}\n";
        let lines: Vec<Line> = json_lines(input.as_bytes()).collect::<Result<_, _>>().unwrap();
        let numbers: Vec<usize> = lines.iter().map(|l| l.number).collect();
        assert_eq!(numbers, [1, 2, 4, 5]);
        assert_eq!(lines[0].article.as_ref().unwrap().id, "a");
        assert!(lines[1].article.as_ref().unwrap_err().starts_with("not a JSON article"));
        assert_eq!(lines[2].article.as_ref().unwrap_err(), "missing field \"text\"");
        assert_eq!(lines[3].article.as_ref().unwrap().id, "8");
    }
}
