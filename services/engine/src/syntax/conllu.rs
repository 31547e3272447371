//! Reads CoNLL-U (the Universal Dependencies file format): the syntactic words of each
//! sentence with their tags, heads and relations. Multiword-token lines ("3-4") and empty
//! nodes ("8.1") are skipped: the parser works on syntactic words.

use std::fmt;

/// One sentence of a treebank.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TreebankSentence {
    /// Word forms.
    pub forms: Vec<String>,
    /// Universal part-of-speech tags.
    pub upos: Vec<String>,
    /// Language-specific tags (Penn Treebank tags for English).
    pub xpos: Vec<String>,
    /// Head of each word: 0 for the root, else the 1-based index of the head word.
    pub heads: Vec<usize>,
    /// Relation of each word to its head, subtype included ("nsubj:pass").
    pub deprels: Vec<String>,
}

impl TreebankSentence {
    /// Number of words.
    pub fn len(&self) -> usize {
        self.forms.len()
    }

    /// Whether the sentence has no words.
    pub fn is_empty(&self) -> bool {
        self.forms.is_empty()
    }
}

/// A line of CoNLL-U that could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConlluError {
    /// 1-based line number.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for ConlluError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

impl std::error::Error for ConlluError {}

/// Parses a CoNLL-U text into sentences.
pub fn parse(text: &str) -> Result<Vec<TreebankSentence>, ConlluError> {
    let mut sentences = Vec::new();
    let mut current = TreebankSentence::default();
    for (i, line) in text.lines().enumerate() {
        let line_no = i + 1;
        let line = line.trim_end_matches('\r');
        if line.is_empty() {
            if !current.is_empty() {
                check_heads(&current, line_no)?;
                sentences.push(std::mem::take(&mut current));
            }
            continue;
        }
        if line.starts_with('#') {
            continue;
        }
        let fields: Vec<&str> = line.split('\t').collect();
        if fields.len() != 10 {
            return Err(ConlluError {
                line: line_no,
                message: format!("{} fields, expected 10", fields.len()),
            });
        }
        let id = fields[0];
        if id.contains('-') || id.contains('.') {
            continue;
        }
        let index: usize =
            id.parse().map_err(|_| ConlluError { line: line_no, message: format!("bad word id {id:?}") })?;
        if index != current.len() + 1 {
            return Err(ConlluError { line: line_no, message: format!("word id {index} out of order") });
        }
        let head: usize = fields[6]
            .parse()
            .map_err(|_| ConlluError { line: line_no, message: format!("bad head {:?}", fields[6]) })?;
        current.forms.push(fields[1].to_string());
        current.upos.push(fields[3].to_string());
        current.xpos.push(fields[4].to_string());
        current.heads.push(head);
        current.deprels.push(fields[7].to_string());
    }
    if !current.is_empty() {
        check_heads(&current, text.lines().count())?;
        sentences.push(current);
    }
    Ok(sentences)
}

fn check_heads(s: &TreebankSentence, line: usize) -> Result<(), ConlluError> {
    match s.heads.iter().find(|&&h| h > s.len()) {
        Some(h) => {
            Err(ConlluError { line, message: format!("head {h} beyond the sentence's {} words", s.len()) })
        }
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "# text = Oslo didn't reply.\n\
1\tOslo\tOslo\tPROPN\tNNP\t_\t4\tnsubj\t_\t_\n\
2-3\tdidn't\t_\t_\t_\t_\t_\t_\t_\t_\n\
2\tdid\tdo\tAUX\tVBD\t_\t4\taux\t_\t_\n\
3\tn't\tnot\tPART\tRB\t_\t4\tadvmod\t_\t_\n\
4\treply\treply\tVERB\tVB\t_\t0\troot\t_\t_\n\
5\t.\t.\tPUNCT\t.\t_\t4\tpunct\t_\t_\n\n";

    #[test]
    fn reads_words_and_skips_multiword_ranges() {
        let s = parse(SAMPLE).unwrap();
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].forms, ["Oslo", "did", "n't", "reply", "."]);
        assert_eq!(s[0].heads, [4, 4, 4, 0, 4]);
        assert_eq!(s[0].deprels[2], "advmod");
        assert_eq!(s[0].upos[0], "PROPN");
    }

    #[test]
    fn reports_the_line_of_a_broken_row() {
        let err = parse("1\tx\tx\tX\tX\t_\tnine\tdep\t_\t_\n").unwrap_err();
        assert_eq!(err.line, 1);
        assert!(err.to_string().contains("bad head"));
    }
}
