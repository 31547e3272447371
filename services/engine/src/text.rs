//! Tokens and sentences over the caller's original text. Tokens keep byte ranges into the
//! original string and a normalised lower-case form; [`Document::char_span`] turns byte ranges
//! into the character offsets the API returns.

use std::borrow::Cow;
use std::ops::Range;

use crate::model::CharSpan;

/// What a token is made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// Letters (possibly with inner hyphens, apostrophes or dots: "U.S.", "al-Qaeda").
    Word,
    /// Digits, possibly with separators ("1,200", "1.5", "2023-12-26").
    Number,
    /// Anything else: punctuation, symbols, quotes.
    Punct,
}

/// One token of the text.
#[derive(Debug, Clone)]
pub struct Token<'a> {
    /// Byte range in the original text.
    pub range: Range<usize>,
    /// Lower-case form with typographic quotes and dashes folded to ASCII; borrowed from the
    /// text when the text is already in that form.
    pub norm: Cow<'a, str>,
    /// Kind of token.
    pub kind: TokenKind,
    /// First character is upper-case.
    pub capitalized: bool,
    /// Index of the sentence the token belongs to.
    pub sentence: usize,
    /// A paragraph break (blank line) precedes the token.
    pub paragraph_start: bool,
}

/// One sentence: a run of tokens.
#[derive(Debug, Clone)]
pub struct Sentence {
    /// Token index range.
    pub tokens: Range<usize>,
    /// Byte range in the original text.
    pub range: Range<usize>,
    /// Index of the paragraph the sentence starts in.
    pub paragraph: usize,
}

/// Abbreviations whose final dot does not end a sentence.
const ABBREVIATIONS: &str = include_str!("../data/lexicon/abbreviations.txt");

fn is_abbreviation(norm_with_dot: &str) -> bool {
    use std::sync::OnceLock;

    use crate::fxhash::FxHashSet;
    static SET: OnceLock<FxHashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| {
        ABBREVIATIONS.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')).collect()
    })
    .contains(norm_with_dot)
}

/// A tokenised, sentence-split text.
#[derive(Debug)]
pub struct Document<'a> {
    /// The caller's original text.
    pub text: &'a str,
    /// All tokens in order.
    pub tokens: Vec<Token<'a>>,
    /// All sentences in order.
    pub sentences: Vec<Sentence>,
    /// The text has (almost) no upper-case letters: capitalisation carries no signal.
    pub lower_cased: bool,
    /// Char offset of every byte offset that starts a char, when the text is not ASCII.
    char_offsets: Option<Vec<u32>>,
}

fn fold_char(c: char) -> Option<char> {
    Some(match c {
        '\u{2018}' | '\u{2019}' | '\u{201B}' | '`' | '\u{00B4}' => '\'',
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{00AB}' | '\u{00BB}' => '"',
        '\u{2013}' | '\u{2014}' | '\u{2212}' => '-',
        _ => return None,
    })
}

fn normalise(s: &str) -> Cow<'_, str> {
    if s.is_ascii() {
        // the only ASCII chars that change: capitals, and the backtick folded to a quote
        if !s.bytes().any(|b| b.is_ascii_uppercase() || b == b'`') {
            return Cow::Borrowed(s);
        }
        let folded = s.bytes().map(|b| if b == b'`' { '\'' } else { char::from(b.to_ascii_lowercase()) });
        return Cow::Owned(folded.collect());
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match fold_char(c) {
            Some(f) => out.push(f),
            None => out.extend(c.to_lowercase()),
        }
    }
    Cow::Owned(out)
}

/// The char that starts at byte `pos`.
fn char_at(text: &str, pos: usize) -> char {
    match text.as_bytes()[pos] {
        b if b.is_ascii() => char::from(b),
        _ => text[pos..].chars().next().unwrap_or(' '),
    }
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// Buffers that [`split_chunk`] reuses from one chunk to the next.
#[derive(Default)]
struct Scratch {
    chars: Vec<(usize, char)>,
    abbreviation: String,
}

/// Splits one whitespace-free chunk into tokens: leading and trailing punctuation apart, a
/// possessive "'s" apart, abbreviations with their dot kept whole.
fn split_chunk(text: &str, start: usize, out: &mut Vec<(Range<usize>, TokenKind)>, scratch: &mut Scratch) {
    let chunk = &text[start..];
    let chars = &mut scratch.chars;
    chars.clear();
    chars.extend(chunk.char_indices());
    chars.push((chunk.len(), ' '));
    let mut i = 0;
    let n = chars.len() - 1;
    while i < n {
        let (b, c) = chars[i];
        if !is_word_char(c) {
            let len = c.len_utf8();
            out.push((start + b..start + b + len, TokenKind::Punct));
            i += 1;
            continue;
        }
        // A word or number: letters/digits with inner joiners (' - . , /) followed by a word char.
        let mut j = i + 1;
        while j < n {
            let c = chars[j].1;
            if is_word_char(c) {
                j += 1;
            } else if matches!(c, '\'' | '\u{2019}' | '-' | '.' | ',' | '/' | ':' | '&')
                && j + 1 < n
                && is_word_char(chars[j + 1].1)
            {
                let next = chars[j + 1].1;
                let prev = chars[j - 1].1;
                let digits = prev.is_ascii_digit() && next.is_ascii_digit();
                match c {
                    ',' | ':' | '/' if !digits => break,
                    '.' if !digits
                        && !(chars[j - 1].1.is_alphabetic() && (j - i == 1 || is_initials(&chars[i..j]))) =>
                    {
                        break;
                    }
                    '\'' | '\u{2019}' => {
                        // possessive 's / s' stays a separate token; o'clock, d'Orsay stay whole
                        let rest_is_s =
                            (next == 's' || next == 'S') && (j + 2 >= n || !is_word_char(chars[j + 2].1));
                        if rest_is_s {
                            break;
                        }
                    }
                    _ => {}
                }
                j += 2;
            } else {
                break;
            }
        }
        // A trailing dot belongs to the word when the word is an abbreviation or initials.
        let mut end_b = chars[j].0;
        if j < n && chars[j].1 == '.' {
            let key = &mut scratch.abbreviation;
            key.clear();
            key.push_str(&normalise(&chunk[chars[i].0..end_b]));
            key.push('.');
            if is_initials(&chars[i..j]) || is_abbreviation(key) {
                end_b += 1;
                j += 1;
            }
        }
        let begin = chars[i].0;
        let kind = if chunk[begin..end_b].chars().next().is_some_and(|c| c.is_ascii_digit()) {
            TokenKind::Number
        } else {
            TokenKind::Word
        };
        out.push((start + begin..start + end_b, kind));
        // possessive
        if j + 1 < n && matches!(chars[j].1, '\'' | '\u{2019}') && matches!(chars[j + 1].1, 's' | 'S') {
            let s = chars[j].0;
            let e = chars[j + 1].0 + 1;
            if j + 2 >= n || !is_word_char(chars[j + 2].1) {
                out.push((start + s..start + e, TokenKind::Word));
                j += 2;
            }
        }
        i = j;
    }
}

/// Letters separated by dots: "U.S", "U.N", "J.R" (the final dot is handled by the caller).
fn is_initials(chars: &[(usize, char)]) -> bool {
    chars.len() >= 3
        && chars.iter().enumerate().all(|(k, &(_, c))| if k % 2 == 0 { c.is_alphabetic() } else { c == '.' })
}

impl<'a> Document<'a> {
    /// Tokenises and sentence-splits `text`.
    pub fn new(text: &'a str) -> Document<'a> {
        let mut raw = Vec::new();
        let mut paragraph_breaks = Vec::new();
        let mut pos = 0;
        let mut newlines = 0;
        let mut scratch = Scratch::default();
        while pos < text.len() {
            let c = char_at(text, pos);
            if c.is_whitespace() {
                if c == '\n' {
                    newlines += 1;
                }
                pos += c.len_utf8();
                continue;
            }
            let start = pos;
            while pos < text.len() {
                let c = char_at(text, pos);
                if c.is_whitespace() {
                    break;
                }
                pos += c.len_utf8();
            }
            let before = raw.len();
            split_chunk(&text[..pos], start, &mut raw, &mut scratch);
            if raw.len() > before {
                paragraph_breaks.push((before, newlines >= 1));
            }
            newlines = 0;
        }
        let mut tokens: Vec<Token<'a>> = raw
            .into_iter()
            .map(|(range, kind)| {
                let s = &text[range.clone()];
                Token {
                    norm: normalise(s),
                    capitalized: s.chars().next().is_some_and(char::is_uppercase),
                    range,
                    kind,
                    sentence: 0,
                    paragraph_start: false,
                }
            })
            .collect();
        for (index, brk) in paragraph_breaks {
            if brk {
                tokens[index].paragraph_start = true;
            }
        }
        let (letters, uppers) = if text.is_ascii() {
            let bytes = text.as_bytes();
            (
                bytes.iter().filter(|b| b.is_ascii_alphabetic()).count(),
                bytes.iter().filter(|b| b.is_ascii_uppercase()).count(),
            )
        } else {
            text.chars().fold((0usize, 0usize), |(letters, uppers), c| {
                (letters + usize::from(c.is_alphabetic()), uppers + usize::from(c.is_uppercase()))
            })
        };
        let lower_cased = letters > 0 && uppers * 100 < letters;
        let sentences = split_sentences(&mut tokens, lower_cased);
        let char_offsets = (!text.is_ascii()).then(|| {
            let mut offsets = vec![0u32; text.len() + 1];
            let mut count = 0u32;
            for (b, c) in text.char_indices() {
                for k in 0..c.len_utf8() {
                    offsets[b + k] = count;
                }
                count += 1;
            }
            offsets[text.len()] = count;
            offsets
        });
        Document { text, tokens, sentences, lower_cased, char_offsets }
    }

    /// Char offset of a byte offset.
    pub fn char_offset(&self, byte: usize) -> usize {
        match &self.char_offsets {
            Some(map) => map[byte.min(map.len() - 1)] as usize,
            None => byte,
        }
    }

    /// Character span of a byte range.
    pub fn char_span(&self, range: &Range<usize>) -> CharSpan {
        CharSpan { start: self.char_offset(range.start), end: self.char_offset(range.end) }
    }

    /// Byte range covered by tokens `[from, to)`.
    pub fn token_range(&self, from: usize, to: usize) -> Range<usize> {
        self.tokens[from].range.start..self.tokens[to - 1].range.end
    }

    /// The original text of tokens `[from, to)`.
    pub fn slice(&self, from: usize, to: usize) -> &'a str {
        &self.text[self.token_range(from, to)]
    }
}

/// A closing quote or bracket: attached to the token before it.
fn is_closer(tokens: &[Token<'_>], k: usize) -> bool {
    matches!(&*tokens[k].norm, "\"" | "'" | ")" | "]")
        && k > 0
        && tokens[k].range.start == tokens[k - 1].range.end
}

fn ends_sentence(tokens: &[Token<'_>], i: usize, lower_cased: bool) -> bool {
    let t = &tokens[i];
    let Some(next) = tokens.get(i + 1) else { return false };
    if next.paragraph_start {
        return true;
    }
    if !matches!(&*t.norm, "." | "!" | "?") {
        // A word token that swallowed its dot (an abbreviation) ends a sentence only before a
        // capitalised word that cannot continue it; we keep it joined.
        return false;
    }
    // skip closing quotes/brackets: they belong to this sentence
    let mut k = i + 1;
    while k < tokens.len() && is_closer(tokens, k) {
        if tokens[k].paragraph_start {
            return true;
        }
        k += 1;
    }
    let Some(following) = tokens.get(k) else { return false };
    if lower_cased {
        return true;
    }
    following.capitalized
        || following.kind == TokenKind::Number
        || matches!(&*following.norm, "\"" | "'" | "(")
}

/// The most tokens one sentence holds. Longer runs without a sentence end (lists, tables,
/// hostile input) are cut, so the stages that scan a sentence for each of its words stay
/// linear in the length of the text; news sentences are far shorter.
const MAX_SENTENCE_TOKENS: usize = 400;

/// The most bytes one sentence holds, unless a single token is longer: every event mention
/// copies its sentence, so a sentence must stay small however long its words.
const MAX_SENTENCE_BYTES: usize = 4_000;

/// Where the sentence `tokens[start..=i]` must end because taking the next token would make
/// it longer than a sentence may be, or `None`. It ends after the last comma, semicolon, colon
/// or dash in its final quarter when there is one, so a cut list keeps its items whole.
fn forced_end(tokens: &[Token<'_>], start: usize, i: usize) -> Option<usize> {
    let next = tokens.get(i + 1)?;
    let count = i + 2 - start;
    let bytes = next.range.end - tokens[start].range.start;
    if count <= MAX_SENTENCE_TOKENS && bytes <= MAX_SENTENCE_BYTES {
        return None;
    }
    let floor = start + (i - start) * 3 / 4;
    let soft = (floor..=i).rev().find(|&k| matches!(&*tokens[k].norm, "," | ";" | ":" | "-"));
    Some(soft.unwrap_or(i))
}

fn split_sentences(tokens: &mut [Token<'_>], lower_cased: bool) -> Vec<Sentence> {
    let mut sentences = Vec::new();
    let mut start = 0;
    let mut paragraph = 0;
    let mut i = 0;
    while i < tokens.len() {
        let mut end_here = ends_sentence(tokens, i, lower_cased);
        if end_here && matches!(&*tokens[i].norm, "." | "!" | "?") {
            // absorb closing quotes
            while i + 1 < tokens.len() && !tokens[i + 1].paragraph_start && is_closer(tokens, i + 1) {
                i += 1;
            }
            end_here = true;
        }
        if !end_here && let Some(cut) = forced_end(tokens, start, i) {
            i = cut;
            end_here = true;
        }
        if end_here || i + 1 == tokens.len() {
            let range = tokens[start].range.start..tokens[i].range.end;
            if tokens[start].paragraph_start && !sentences.is_empty() {
                paragraph += 1;
            }
            for t in &mut tokens[start..=i] {
                t.sentence = sentences.len();
            }
            sentences.push(Sentence { tokens: start..i + 1, range, paragraph });
            start = i + 1;
        }
        i += 1;
    }
    sentences
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norms(text: &str) -> Vec<String> {
        Document::new(text).tokens.iter().map(|t| t.norm.to_string()).collect()
    }

    fn sentence_texts(text: &str) -> Vec<String> {
        let d = Document::new(text);
        d.sentences.iter().map(|s| d.text[s.range.clone()].to_string()).collect()
    }

    #[test]
    fn tokens_keep_abbreviations_initials_decimals_and_possessives() {
        assert_eq!(
            norms("The U.S. envoy met Mr. Smith's aide at 3 p.m. and paid 1,200.50 dollars."),
            [
                "the", "u.s.", "envoy", "met", "mr.", "smith", "'s", "aide", "at", "3", "p.m.", "and",
                "paid", "1,200.50", "dollars", "."
            ]
        );
        assert_eq!(norms("Quai d'Orsay, “tit-for-tat”"), ["quai", "d'orsay", ",", "\"", "tit-for-tat", "\""]);
    }

    #[test]
    fn sentences_survive_abbreviations_and_quotes() {
        assert_eq!(
            sentence_texts("On Dec. 26 the U.S. embassy was shut. “We deny it.” Police said so."),
            ["On Dec. 26 the U.S. embassy was shut.", "“We deny it.”", "Police said so."]
        );
    }

    #[test]
    fn lower_cased_text_still_splits() {
        let d = Document::new("police arrested two men on monday. they were charged with theft.");
        assert!(d.lower_cased);
        assert_eq!(d.sentences.len(), 2);
    }

    #[test]
    fn paragraphs_split_sentences_and_count() {
        let d = Document::new("Headline without dot\n\nBody starts here. Second one.");
        assert_eq!(d.sentences.len(), 3);
        assert_eq!(d.sentences[2].paragraph, 1);
    }

    #[test]
    fn endless_sentences_are_cut_to_a_bounded_length() {
        let text = "France and Russia met again, ".repeat(2_000);
        let d = Document::new(&text);
        assert!(d.sentences.len() >= text.len() / MAX_SENTENCE_BYTES);
        let mut next = 0;
        for s in &d.sentences {
            assert_eq!(s.tokens.start, next, "sentences cover every token in order");
            next = s.tokens.end;
            assert!(s.tokens.len() <= MAX_SENTENCE_TOKENS);
            assert!(s.range.len() <= MAX_SENTENCE_BYTES);
        }
        assert_eq!(next, d.tokens.len());
        // every cut falls after a comma, so no clause is split
        for s in &d.sentences[..d.sentences.len() - 1] {
            assert_eq!(&*d.tokens[s.tokens.end - 1].norm, ",");
        }
    }

    #[test]
    fn a_huge_word_is_a_sentence_of_its_own() {
        let word = "x".repeat(3 * MAX_SENTENCE_BYTES);
        let text = format!("Police said {word} and left");
        let d = Document::new(&text);
        let texts: Vec<&str> = d.sentences.iter().map(|s| &d.text[s.range.clone()]).collect();
        assert_eq!(texts, ["Police said", word.as_str(), "and left"]);
        let spaceless = "ab,".repeat(MAX_SENTENCE_TOKENS * 3);
        let d = Document::new(&spaceless);
        assert!(d.sentences.iter().all(|s| s.tokens.len() <= MAX_SENTENCE_TOKENS));
        assert_eq!(d.sentences.last().map(|s| s.tokens.end), Some(d.tokens.len()));
    }

    #[test]
    fn ordinary_sentences_are_not_cut() {
        let long = format!("{} and then they left.", "The minister met the envoy, ".repeat(30));
        assert!(long.len() < MAX_SENTENCE_BYTES);
        assert_eq!(sentence_texts(&format!("{long} Police said so.")), [long.as_str(), "Police said so."]);
    }

    #[test]
    fn char_spans_count_code_points() {
        let d = Document::new("“Élysée” said no.");
        let t = &d.tokens[1];
        assert_eq!(&d.text[t.range.clone()], "Élysée");
        assert_eq!(d.char_span(&t.range), CharSpan { start: 1, end: 7 });
    }
}
