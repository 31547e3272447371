//! From the engine's tokens to Universal Dependencies syntactic words, keeping offsets.
//!
//! The engine keeps "don't", "they're" and "pro-Russian" whole, while UD English splits
//! clitics ("do" + "n't", "they" + "'re"), "cannot" ("can" + "not") and inner hyphens
//! ("pro" + "-" + "Russian"). The parser was trained on UD's words, so a sentence is cut
//! the same way before tagging; every word remembers its byte range and the token it came
//! from, so the tree maps back onto the engine's tokens.

use std::ops::Range;

use crate::text::{Token, TokenKind};

/// One syntactic word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntacticWord {
    /// Byte range in the original text.
    pub range: Range<usize>,
    /// Index of the engine token it was cut from.
    pub token: usize,
}

/// Contractions split before their apostrophe ("we've" → "we" + "'ve").
const CLITICS: [&str; 5] = ["re", "ve", "ll", "d", "m"];

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}')
}

/// Cuts tokens `tokens[range]` of `text` into syntactic words.
pub fn syntactic_words(text: &str, tokens: &[Token<'_>], range: Range<usize>) -> Vec<SyntacticWord> {
    let mut out = Vec::with_capacity(range.len() + 4);
    for index in range {
        let Some(token) = tokens.get(index) else { break };
        let r = token.range.clone();
        if token.kind != TokenKind::Word {
            out.push(SyntacticWord { range: r, token: index });
            continue;
        }
        for piece in split_hyphens(text, r) {
            for part in split_clitics(text, piece) {
                out.push(SyntacticWord { range: part, token: index });
            }
        }
    }
    out
}

/// "pro-Russian" → "pro", "-", "Russian".
fn split_hyphens(text: &str, r: Range<usize>) -> Vec<Range<usize>> {
    let s = &text[r.clone()];
    if !s.contains('-') {
        return vec![r];
    }
    let mut out = Vec::new();
    let mut start = r.start;
    for (i, c) in s.char_indices() {
        if c == '-' {
            let at = r.start + i;
            if at > start {
                out.push(start..at);
            }
            out.push(at..at + 1);
            start = at + 1;
        }
    }
    if start < r.end {
        out.push(start..r.end);
    }
    out
}

/// "don't" → "do", "n't"; "they're" → "they", "'re"; "cannot" → "can", "not".
fn split_clitics(text: &str, r: Range<usize>) -> Vec<Range<usize>> {
    let s = &text[r.clone()];
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    let n = chars.len();
    let lower = |k: usize| chars[k].1.to_ascii_lowercase();
    if n > 3 && lower(n - 3) == 'n' && is_apostrophe(chars[n - 2].1) && lower(n - 1) == 't' {
        let cut = r.start + chars[n - 3].0;
        return vec![r.start..cut, cut..r.end];
    }
    if let Some(k) = chars.iter().rposition(|(_, c)| is_apostrophe(*c))
        && k > 0
    {
        let rest: String = chars[k + 1..].iter().map(|(_, c)| c.to_ascii_lowercase()).collect();
        if CLITICS.contains(&rest.as_str()) {
            let cut = r.start + chars[k].0;
            return vec![r.start..cut, cut..r.end];
        }
    }
    if s.eq_ignore_ascii_case("cannot") {
        return vec![r.start..r.start + 3, r.start + 3..r.end];
    }
    vec![r]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::Document;

    fn words(text: &str) -> Vec<&str> {
        let doc = Document::new(text);
        syntactic_words(text, &doc.tokens, 0..doc.tokens.len()).into_iter().map(|w| &text[w.range]).collect()
    }

    #[test]
    fn clitics_and_hyphens_are_cut_like_ud() {
        assert_eq!(words("They don't know."), ["They", "do", "n't", "know", "."]);
        assert_eq!(
            words("We've seen pro-Western rallies"),
            ["We", "'ve", "seen", "pro", "-", "Western", "rallies"]
        );
        assert_eq!(words("It cannot wait"), ["It", "can", "not", "wait"]);
        assert_eq!(
            words("Chile\u{2019}s envoy won\u{2019}t go"),
            ["Chile", "\u{2019}s", "envoy", "wo", "n\u{2019}t", "go"]
        );
    }

    #[test]
    fn every_word_keeps_its_token() {
        let text = "Peru's pro-Lima envoy";
        let doc = Document::new(text);
        let w = syntactic_words(text, &doc.tokens, 0..doc.tokens.len());
        assert!(w.windows(2).all(|p| p[0].token <= p[1].token && p[0].range.end <= p[1].range.start));
        assert_eq!(w.last().map(|x| x.token), Some(doc.tokens.len() - 1));
    }
}
