//! Finding and resolving time expressions in text.
//!
//! Each shape of expression (a written date, a numeric date, a month, a year, a weekday, a
//! relative day or period) has one regex, compiled once. Every match becomes a candidate with
//! a byte range and an outcome; candidates are then chosen leftmost-longest without overlap.
//! A candidate that is recognised but cannot be resolved (no reference date for "yesterday",
//! a year out of range) still claims its span, so its parts are not read again as something
//! else, and is then left out of the result.
//!
//! Ranges cover the date words and the modifiers that change their meaning ("last", "next",
//! "early", "late on", "earlier", "ago", a part of the day such as "night"), but not the
//! preposition in front ("on", "in", "since").
//!
//! Resolution rules, against the reference (article) date `R`:
//! - Written dates with a year are absolute (`relative: false`) and kept without `R`.
//! - A day and month without a year ("December 26", a dateline) takes the year that puts it
//!   on or before `R` + 7 days and closest to `R`; a weekday written with it ("Tuesday,
//!   December 26") picks among the candidate years the one where the weekday agrees. Such
//!   dates depend on `R`, so they are `relative: true` and dropped without `R`.
//! - A month alone ("in March", "early May") is Month precision with the same year rule;
//!   "last March" is the most recent March before `R`'s month, "next March" the next one.
//! - A year alone needs "in", "since", "during", "throughout", "from", "early", "late" or
//!   "mid-" before it and lies in 1900..=2100 (Year precision).
//! - A weekday ("on Tuesday", "Tuesday night", "late on Saturday") is the most recent such day
//!   on or before `R`; "last Tuesday" / "this past Tuesday" strictly before `R`; "next
//!   Tuesday" / "this coming Tuesday" strictly after.
//! - "today", "tonight", "this morning", "earlier today" → `R`; "yesterday", "last night" →
//!   `R` − 1; "the day before yesterday" → `R` − 2; "tomorrow" → `R` + 1; "the day before",
//!   "a day earlier", "the previous day" → `R` − 1 (taken against `R`, which is right for
//!   most news reports and wrong for narratives that moved to another day).
//! - "N days/weeks ago" → `R` − N×1/7 days (Day precision); "N months ago" → Month
//!   precision; "N years ago" → Year precision.
//! - "last week" → `R` − 7 with Day precision and `relative: true`: the real date is somewhere
//!   in the previous week and nothing coarser than a day fits a week, so the flag is what tells
//!   a consumer that the day is approximate. "next week" → `R` + 7 likewise.
//! - "this week", "earlier this week", "earlier in the week", "later this week" → Month
//!   precision of `R` when the days they can mean lie in `R`'s month, otherwise unresolved.
//! - "this month", "earlier this month" → `R`'s month; "last month" / "next month" → the
//!   month before / after; "this year", "last year", "next year" likewise at Year precision.
//!
//! False friends: "may" and "march" are months only before a day or a year ("May 5", "march
//! 2024"), after "in", "since", "during", "throughout", "early", "late", "mid-" or an
//! unqualified "last"/"next", and "in march" is not a month before "against", "on", "to" ….
//! "Mon.", "Wed.", "Sat." and "Sun." are weekdays only with their period and after "on", a
//! modifier, or capitalised mid-sentence; without a period only in front of a date ("Sat, Dec
//! 2, 2023"). Named days ("Good Friday", "the Sunday Times", "the Mail on Sunday") are skipped.
//!
//! Not handled: "over the weekend", "overnight", "on the 14th", "a few days ago", tense
//! ("will meet on Tuesday" still resolves to the past Tuesday), and times of day (never dates).

use std::borrow::Cow;
use std::ops::Range;
use std::sync::LazyLock;

use regex::{Captures, Regex};

use crate::time::{Date, EventDate, Precision, Weekday};

/// A time expression found in text, resolved to a date.
#[derive(Debug, Clone, PartialEq)]
pub struct TimeExpression {
    /// Byte range of the expression in the searched text.
    pub range: std::ops::Range<usize>,
    /// The resolved date with its precision.
    pub value: EventDate,
}

/// Month names, then abbreviations with their period ("Sept."), each ending on a word
/// boundary; full names are tried first so that alternation prefers them.
pub(crate) const MONTH: &str = "(?:(?:january|february|march|april|may|june|july|august|september|october|\
november|december)\\b|(?:jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\\b\\.?)";

/// Month names that may stand alone after a preposition ("in March", "in Sept.").
const MONTH_ALONE: &str = "(?:(?:january|february|march|april|may|june|july|august|september|october|\
november|december)\\b|sept\\b\\.?)";

/// Weekday names and the abbreviations that are not also English words; the ambiguous ones
/// ("Mon.", "Wed.", "Sat.", "Sun.") only with a period.
const WEEKDAY_STRICT: &str = "(?:(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\\b|\
(?:tues|tue|thurs|thur|thu|fri)\\b\\.?|(?:mon|wed|sat|sun)\\.)";

/// Weekday names and abbreviations in front of a date ("Sat, Dec 2, 2023").
const WEEKDAY_LOOSE: &str = "(?:(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\\b|\
(?:tues|tue|thurs|thur|thu|fri|mon|wed|sat|sun)\\b\\.?)";

/// Which text the patterns read and with which character classes.
#[derive(Debug, Clone, Copy)]
enum Form {
    /// The caller's text with Unicode classes: the definition of what the patterns mean.
    #[cfg(test)]
    Unicode,
    /// The ASCII fold of the text (see [`Haystack`]) with ASCII classes: the same matches,
    /// found by regex's lazy DFA, which gives up on Unicode word boundaries at the first
    /// non-ASCII byte and would leave a text with one curly quote to the much slower engines.
    Ascii,
}

/// The compiled time patterns.
struct Patterns {
    /// "December 26, 2023", "Dec. 26", "Wednesday September 23, 2015", "March 14th", and the
    /// first day of a span ("March 14-15, 2024").
    month_day_year: Regex,
    /// "26 December 2023", "4 October 2007", "the 26th of December", "Tuesday 26 December",
    /// and the first day of a span ("6-10 February 2018").
    day_month_year: Regex,
    /// "2023-12-26", "2023/12/26".
    iso_date: Regex,
    /// "12/26/2023", "12/26/23" (US order; day-first when the US reading is impossible).
    slash_date: Regex,
    /// "March 2024", "Sept. 2023", "mid-March 2024", "December of 2023".
    month_year: Regex,
    /// "in March", "since early May", "mid-March", "last September".
    month_alone: Regex,
    /// "in 2018", "since 2021", "early 2020", "mid-2019".
    year_alone: Regex,
    /// "on Tuesday", "Tuesday night", "late on Saturday", "last Thursday", "this coming
    /// Friday".
    weekday: Regex,
    /// Days named relative to the reference; the capture name says the offset.
    relative_day: Regex,
    /// "two days ago", "a week ago", "3 months ago", "five years ago".
    ago: Regex,
    /// "last week", "earlier this month", "earlier in the week", "next year".
    relative_period: Regex,
}

impl Patterns {
    fn compile(form: Form) -> Patterns {
        // the en dash of a span of days: itself in the text, its stand-in in the fold
        let (flags, dash) = match form {
            #[cfg(test)]
            Form::Unicode => ("(?i)", "[-\u{2013}]"),
            Form::Ascii => ("(?i-u)", r"[-\x01]"),
        };
        let build =
            |pattern: &str| Regex::new(&format!("{flags}{pattern}")).expect("built-in time regex is valid");
        Patterns {
            month_day_year: build(&format!(
                r"\b(?:(?P<wd>{WEEKDAY_LOOSE}),?\s+)?(?P<m>{MONTH})\s*(?P<ds>(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?:\s*{dash}\s*\d{{1,2}}(?:st|nd|rd|th)?)?)\b(?:,?\s*(?P<y>\d{{4}})\b)?"
            )),
            day_month_year: build(&format!(
                r"\b(?:(?P<wd>{WEEKDAY_LOOSE}),?\s+(?:the\s+)?)?(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?:\s*{dash}\s*\d{{1,2}}(?:st|nd|rd|th)?)?\s+(?:of\s+)?(?P<m>{MONTH})(?:,?\s*(?P<y>\d{{4}})\b)?"
            )),
            iso_date: build(r"\b(?P<y>\d{4})[-/](?P<m>\d{1,2})[-/](?P<d>\d{1,2})"),
            slash_date: build(r"\b(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>\d{4}|\d{2})"),
            month_year: build(&format!(
                r"\b(?P<mod>(?:early|late|mid)(?:\s+|-\s*))?(?P<m>{MONTH}),?\s+(?:of\s+)?(?P<y>\d{{4}})\b"
            )),
            month_alone: build(&format!(
                r"\b(?:(?P<prep>in|since|during|throughout|from|of)\s+)?(?P<e>(?:(?P<mod>early|late|mid|last|next|this)(?:\s+|-\s*))?(?P<m>{MONTH_ALONE}))"
            )),
            year_alone: build(
                r"\b(?:(?P<prep>in|since|during|throughout|from)\s+)?(?P<e>(?:(?P<mod>early|late|mid)(?:\s+|-\s*))?(?P<y>\d{4}))\b",
            ),
            weekday: build(&format!(
                r"\b(?P<e>(?:(?P<rel>last|next|this\s+past|this\s+coming|this|coming|past)\s+|(?:late|early)\s+(?:on\s+)?)?(?P<wd>{WEEKDAY_STRICT})(?:\s+(?:morning|afternoon|evening|night|overnight)\b)?)"
            )),
            relative_day: build(
                r"\b(?:(?P<before2>(?:the\s+)?day\s+before\s+yesterday)|(?P<today>(?:(?:earlier|later|late|early)\s+)?(?:today|tonight|this\s+(?:morning|afternoon|evening)))|(?P<yesterday>(?:(?:late|early)\s+)?yesterday(?:\s+(?:morning|afternoon|evening|night))?|last\s+night)|(?P<tomorrow>(?:(?:late|early)\s+)?tomorrow(?:\s+(?:morning|afternoon|evening|night))?)|(?P<before1>the\s+(?:day\s+before|previous\s+day|preceding\s+day|day\s+earlier)|a\s+day\s+(?:earlier|before)))\b",
            ),
            ago: build(
                r"\b(?P<n>a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d{1,3})\s+(?P<u>day|week|month|year)s?\s+ago\b",
            ),
            relative_period: build(
                r"\b(?P<q>last|next|earlier\s+this|later\s+this|earlier\s+in\s+the|later\s+in\s+the|this)\s+(?P<u>week|month|year)\b",
            ),
        }
    }
}

static ASCII_PATTERNS: LazyLock<Patterns> = LazyLock::new(|| Patterns::compile(Form::Ascii));

/// The ranges of a Unicode class as regex defines it (`\w`, `\d`).
fn unicode_class(class: &str) -> Vec<(char, char)> {
    use regex_syntax::hir::{Class, HirKind};
    match regex_syntax::parse(class).expect("a Unicode class").kind() {
        HirKind::Class(Class::Unicode(c)) => c.ranges().iter().map(|r| (r.start(), r.end())).collect(),
        other => unreachable!("{class} is not a Unicode class: {other:?}"),
    }
}

fn in_class(ranges: &[(char, char)], c: char) -> bool {
    ranges
        .binary_search_by(|&(lo, hi)| {
            if hi < c {
                std::cmp::Ordering::Less
            } else if lo > c {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        })
        .is_ok()
}

/// The ASCII byte that stands for `c` in the fold: a byte every pattern in [`Form::Ascii`]
/// reads as the [`Form::Unicode`] pattern reads `c`.
fn fold_char(c: char) -> u8 {
    static WORD: LazyLock<Vec<(char, char)>> = LazyLock::new(|| unicode_class(r"\w"));
    static DIGIT: LazyLock<Vec<(char, char)>> = LazyLock::new(|| unicode_class(r"\d"));
    match c {
        // \x01 stands for the en dash; a \x01 of the text is punctuation like \x00
        '\x01' => 0,
        c if c.is_ascii() => c as u8,
        '\u{2013}' => 1,
        // the only non-ASCII letters that case-insensitive patterns read as ASCII ones
        '\u{212A}' => b'k',
        '\u{017F}' => b's',
        // regex's \s is Unicode White_Space, as is char::is_whitespace
        c if c.is_whitespace() => b' ',
        c if in_class(&DIGIT, c) => b'0',
        c if in_class(&WORD, c) => b'_',
        _ => 0,
    }
}

/// What a stretch of the searched text holds that some pattern needs: a pattern is only run
/// where everything it needs is present (see [`Segment`]).
mod needs {
    /// A digit.
    pub const DIGIT: u16 = 1;
    /// A slash.
    pub const SLASH: u16 = 1 << 1;
    /// A month name or abbreviation as a word ("march", "sept").
    pub const MONTH: u16 = 1 << 2;
    /// A weekday name or abbreviation as a word ("tuesday", "sat").
    pub const WEEKDAY: u16 = 1 << 3;
    /// A word of a day named relative to the reference ("yesterday", "night", "day").
    pub const RELATIVE_DAY: u16 = 1 << 4;
    /// The word "ago".
    pub const AGO: u16 = 1 << 5;
    /// A period word: "week", "month", "year".
    pub const PERIOD: u16 = 1 << 6;
    /// Everything: the whole text with no gating.
    #[cfg(test)]
    pub const ALL: u16 = u16::MAX;
}

/// What a word (a run of ASCII letters) contributes to [`needs`]. Each pattern's keyword is a
/// whole such word in any match: it stands between word boundaries, spaces or a hyphen.
fn word_needs(word: &[u8]) -> u16 {
    if !(3..=9).contains(&word.len()) {
        return 0;
    }
    let mut lower = [0u8; 9];
    for (l, b) in lower.iter_mut().zip(word) {
        *l = b.to_ascii_lowercase();
    }
    match &lower[..word.len()] {
        b"january" | b"february" | b"march" | b"april" | b"may" | b"june" | b"july" | b"august"
        | b"september" | b"october" | b"november" | b"december" | b"jan" | b"feb" | b"mar" | b"apr"
        | b"jun" | b"jul" | b"aug" | b"sept" | b"sep" | b"oct" | b"nov" | b"dec" => needs::MONTH,
        b"monday" | b"tuesday" | b"wednesday" | b"thursday" | b"friday" | b"saturday" | b"sunday"
        | b"tues" | b"tue" | b"thurs" | b"thur" | b"thu" | b"fri" | b"mon" | b"wed" | b"sat" | b"sun" => {
            needs::WEEKDAY
        }
        b"day" | b"today" | b"tonight" | b"yesterday" | b"tomorrow" | b"night" | b"morning"
        | b"afternoon" | b"evening" => needs::RELATIVE_DAY,
        b"ago" => needs::AGO,
        b"week" | b"month" | b"year" => needs::PERIOD,
        _ => 0,
    }
}

/// A byte that no pattern ever matches: every char a pattern consumes is a letter, a digit,
/// a space (`\s`), `,`, `.`, `-`, `/` or the en dash's stand-in, so no match spans a breaker.
fn is_breaker(b: u8) -> bool {
    !(b.is_ascii_alphanumeric()
        || matches!(b, b'\t' | b'\n' | 0x0B | 0x0C | b'\r' | b' ' | b',' | b'.' | b'-' | b'/' | 1))
}

/// A stretch of the searched text between breakers, with what it holds. Every match lies in
/// one segment, so a pattern is run only on the segments that hold all it needs.
#[derive(Debug, Clone)]
struct Segment {
    range: Range<usize>,
    has: u16,
}

/// The segments of an ASCII text that hold anything a pattern needs.
fn segments(search: &[u8]) -> Vec<Segment> {
    let mut out = Vec::new();
    let (mut start, mut has, mut i) = (0, 0, 0);
    while i < search.len() {
        let b = search[i];
        if b.is_ascii_alphabetic() {
            let word = i;
            while i < search.len() && search[i].is_ascii_alphabetic() {
                i += 1;
            }
            has |= word_needs(&search[word..i]);
            continue;
        }
        if b.is_ascii_digit() {
            has |= needs::DIGIT;
        } else if b == b'/' {
            has |= needs::SLASH;
        } else if is_breaker(b) {
            if has != 0 {
                out.push(Segment { range: start..i, has });
            }
            (start, has) = (i + 1, 0);
        }
        i += 1;
    }
    if has != 0 {
        out.push(Segment { range: start..search.len(), has });
    }
    out
}

/// The text the patterns search: the caller's text when it is ASCII, else its fold, one ASCII
/// byte per char (see [`fold_char`]); match ranges are mapped back to the caller's text.
struct Haystack<'t> {
    text: &'t str,
    search: Cow<'t, str>,
    /// Byte offset in `text` of each byte of `search`, and of its end, when they differ.
    offsets: Option<Vec<usize>>,
    /// Where patterns may match.
    segments: Vec<Segment>,
}

impl<'t> Haystack<'t> {
    fn new(text: &'t str, form: Form) -> Haystack<'t> {
        let (search, offsets) = match form {
            #[cfg(test)]
            Form::Unicode => {
                let whole = Segment { range: 0..text.len(), has: needs::ALL };
                return Haystack { text, search: Cow::Borrowed(text), offsets: None, segments: vec![whole] };
            }
            Form::Ascii if text.is_ascii() && !text.contains('\x01') => (Cow::Borrowed(text), None),
            Form::Ascii => {
                let mut folded = Vec::with_capacity(text.len());
                let mut offsets = Vec::with_capacity(text.len() + 1);
                for (at, c) in text.char_indices() {
                    folded.push(fold_char(c));
                    offsets.push(at);
                }
                offsets.push(text.len());
                (Cow::Owned(String::from_utf8(folded).expect("the fold is ASCII")), Some(offsets))
            }
        };
        let segments = segments(search.as_bytes());
        Haystack { text, search, offsets, segments }
    }

    /// Byte offset in the caller's text of a byte offset in the searched text.
    fn at(&self, i: usize) -> usize {
        self.offsets.as_ref().map_or(i, |o| o[i])
    }

    /// The matches of `re`, as `re.captures_iter` finds them in the whole searched text, looked
    /// for only in the segments that hold everything in `need`. Each segment is searched with
    /// the text before it and the breaker after it, so word boundaries at its edges read as in
    /// the whole text.
    fn captures_iter<'h>(&'h self, re: &'h Regex, need: u16) -> impl Iterator<Item = Groups<'h, 't>> + 'h {
        let search: &'h str = &self.search;
        self.segments.iter().filter(move |s| s.has & need == need).flat_map(move |segment| {
            let upto = &search[..(segment.range.end + 1).min(search.len())];
            let mut at = segment.range.start;
            std::iter::from_fn(move || {
                if at > upto.len() {
                    return None;
                }
                let caps = re.captures_at(upto, at)?;
                let whole = caps.get(0).expect("group 0 is the match");
                // no pattern matches the empty string; step over one if it ever did
                at = if whole.is_empty() { whole.end() + 1 } else { whole.end() };
                Some(Groups { caps, hay: self })
            })
        })
    }
}

/// A match or capture group, with its range in the caller's text.
#[derive(Debug, Clone)]
struct Group<'t> {
    text: &'t str,
    range: Range<usize>,
}

impl<'t> Group<'t> {
    fn start(&self) -> usize {
        self.range.start
    }

    fn end(&self) -> usize {
        self.range.end
    }

    fn range(&self) -> Range<usize> {
        self.range.clone()
    }

    fn as_str(&self) -> &'t str {
        &self.text[self.range.clone()]
    }
}

/// The groups of one match.
struct Groups<'h, 't> {
    caps: Captures<'h>,
    hay: &'h Haystack<'t>,
}

impl<'t> Groups<'_, 't> {
    fn group(&self, m: regex::Match<'_>) -> Group<'t> {
        Group { text: self.hay.text, range: self.hay.at(m.start())..self.hay.at(m.end()) }
    }

    fn get(&self, i: usize) -> Option<Group<'t>> {
        self.caps.get(i).map(|m| self.group(m))
    }

    fn name(&self, name: &str) -> Option<Group<'t>> {
        self.caps.name(name).map(|m| self.group(m))
    }
}

impl std::ops::Index<&str> for Groups<'_, '_> {
    type Output = str;

    fn index(&self, name: &str) -> &str {
        self.name(name).expect("a group of the match").as_str()
    }
}

/// What a recognised expression resolves to.
#[derive(Debug, Clone, Copy)]
enum Outcome {
    /// A date.
    Value(EventDate),
    /// A date expression that cannot be resolved here (no reference, impossible date): it
    /// claims its span but is not returned.
    Unresolved,
}

struct Candidate {
    range: Range<usize>,
    outcome: Outcome,
}

/// Month number of a month name or abbreviation.
pub(crate) fn month_number(name: &str) -> Option<u8> {
    let lower = name.get(..3)?.to_ascii_lowercase();
    let m = match lower.as_str() {
        "jan" => 1,
        "feb" => 2,
        "mar" => 3,
        "apr" => 4,
        "may" => 5,
        "jun" => 6,
        "jul" => 7,
        "aug" => 8,
        "sep" => 9,
        "oct" => 10,
        "nov" => 11,
        "dec" => 12,
        _ => return None,
    };
    Some(m)
}

fn weekday_named(name: &str) -> Option<Weekday> {
    let lower = name.get(..2)?.to_ascii_lowercase();
    Some(match lower.as_str() {
        "mo" => Weekday::Monday,
        "tu" => Weekday::Tuesday,
        "we" => Weekday::Wednesday,
        "th" => Weekday::Thursday,
        "fr" => Weekday::Friday,
        "sa" => Weekday::Saturday,
        "su" => Weekday::Sunday,
        _ => return None,
    })
}

/// Month words that are also common English words ("may", "march").
fn is_ambiguous_month(name: &str) -> bool {
    let name = name.trim_end_matches('.');
    name.eq_ignore_ascii_case("may") || name.eq_ignore_ascii_case("march") || name.eq_ignore_ascii_case("mar")
}

fn starts_upper(s: &str) -> bool {
    s.chars().next().is_some_and(char::is_uppercase)
}

/// The word (letters, digits, apostrophes, hyphens) that ends before `at`, skipping spaces,
/// with its start.
fn word_before_at(text: &str, at: usize) -> (usize, &str) {
    let head = text[..at].trim_end();
    let start = head
        .char_indices()
        .rev()
        .take_while(|&(_, c)| c.is_alphanumeric() || c == '-' || c == '\'')
        .last()
        .map_or(head.len(), |(i, _)| i);
    (start, &head[start..])
}

/// The word that ends before `at`, skipping spaces.
fn word_before(text: &str, at: usize) -> &str {
    word_before_at(text, at).1
}

/// The word that starts after `at`, skipping spaces.
fn word_after(text: &str, at: usize) -> &str {
    let tail = text[at..].trim_start();
    let end = tail.find(|c: char| !(c.is_alphanumeric() || c == '-' || c == '\'')).unwrap_or(tail.len());
    &tail[..end]
}

fn char_after(text: &str, at: usize) -> Option<char> {
    text[at..].chars().next()
}

fn in_words(word: &str, list: &[&str]) -> bool {
    list.iter().any(|w| w.eq_ignore_ascii_case(word))
}

/// Whether a number ending at `end` continues as a bigger number, a decimal, a time of day, a
/// percentage or a range of other numbers ("5,000", "5.5", "5:30", "5%", "5/7").
fn number_continues(text: &str, end: usize) -> bool {
    let mut chars = text[end..].chars();
    match (chars.next(), chars.next()) {
        (Some(',' | '.' | ':' | '/'), Some(d)) if d.is_ascii_digit() => true,
        (Some('%' | '/'), _) => true,
        (Some(c), _) if c.is_ascii_digit() => true,
        _ => false,
    }
}

/// Whether a number starting at `start` is the tail of something else ("1.5", "$5", "3/5").
fn number_is_tail(text: &str, start: usize) -> bool {
    let mut chars = text[..start].chars().rev();
    match (chars.next(), chars.next()) {
        (Some(',' | '.' | ':'), Some(d)) if d.is_ascii_digit() => true,
        (Some('$' | '£' | '€' | '¥' | '₹' | '/' | '-' | '#'), _) => true,
        _ => false,
    }
}

fn day(date: Date, relative: bool) -> Outcome {
    Outcome::Value(EventDate { date, precision: Precision::Day, relative })
}

/// A day reached by date arithmetic, unresolved when it left years 1–9999.
fn day_reached(date: Option<Date>) -> Outcome {
    date.map_or(Outcome::Unresolved, |d| day(d, true))
}

fn month(year: i32, month: u8, relative: bool) -> Outcome {
    match Date::new(year, month, 1) {
        Some(date) => Outcome::Value(EventDate { date, precision: Precision::Month, relative }),
        None => Outcome::Unresolved,
    }
}

fn year(year: i32, relative: bool) -> Outcome {
    match Date::new(year, 1, 1) {
        Some(date) => Outcome::Value(EventDate { date, precision: Precision::Year, relative }),
        None => Outcome::Unresolved,
    }
}

/// The last date the engine returns.
const LAST_DATE: Date = Date { year: 9999, month: 12, day: 31 };

/// Explicit years in written dates: wider than the year-alone range, but not "March 14, 3000".
fn plausible_year(y: i32) -> bool {
    (1800..=2100).contains(&y)
}

/// The year for a day and month written without one: on or before `reference` + 7 days and
/// closest to it; with a weekday, the closest such year where the weekday agrees, if any.
pub(crate) fn complete_year(month: u8, day: u8, reference: Date, weekday: Option<Weekday>) -> Option<Date> {
    let latest = reference.add_days(7).unwrap_or(LAST_DATE);
    let candidates: Vec<Date> = (reference.year - 8..=reference.year + 1)
        .rev()
        .filter_map(|y| Date::new(y, month, day))
        .filter(|d| *d <= latest)
        .collect();
    if let Some(wd) = weekday
        && let Some(d) = candidates.iter().take(3).find(|d| d.weekday() == wd)
    {
        return Some(*d);
    }
    candidates.first().copied()
}

/// The year for a month written alone, by the same rule as [`complete_year`] on its first day.
fn complete_month_year(month: u8, reference: Date) -> i32 {
    complete_year(month, 1, reference, None).map_or(reference.year, |d| d.year)
}

fn shift_month(year: i32, month: u8, by: i32) -> (i32, u8) {
    let index = year * 12 + i32::from(month) - 1 + by;
    (index.div_euclid(12), (index.rem_euclid(12) + 1) as u8)
}

/// Resolves a written day and month with an optional year and weekday.
fn resolve_written(
    day_num: u8,
    month_num: u8,
    year_num: Option<i32>,
    weekday: Option<Weekday>,
    reference: Option<Date>,
) -> Outcome {
    if let Some(y) = year_num {
        return Date::new(y, month_num, day_num).map_or(Outcome::Unresolved, |d| day(d, false));
    }
    if day_num == 0 || day_num > 31 {
        return Outcome::Unresolved;
    }
    match reference {
        Some(r) => {
            complete_year(month_num, day_num, r, weekday).map_or(Outcome::Unresolved, |d| day(d, true))
        }
        None => Outcome::Unresolved,
    }
}

/// The year group of a written date when it holds a plausible year.
fn written_year(caps: &Groups<'_, '_>) -> Option<i32> {
    caps.name("y").and_then(|y| y.as_str().parse().ok()).filter(|&y| plausible_year(y))
}

/// Words after a bare "March 5" that show the number counts something.
const COUNTED_AFTER: &[&str] = &[
    "km",
    "kms",
    "kilometers",
    "kilometres",
    "miles",
    "mile",
    "meters",
    "metres",
    "people",
    "persons",
    "times",
    "percent",
    "per",
    "hours",
    "minutes",
    "days",
    "weeks",
    "months",
    "years",
    "of",
];

fn month_day_year(hay: &Haystack<'_>, p: &Patterns, reference: Option<Date>, out: &mut Vec<Candidate>) {
    let text = hay.text;
    for caps in hay.captures_iter(&p.month_day_year, needs::DIGIT | needs::MONTH) {
        let whole = caps.get(0).expect("match");
        let Some(month_num) = month_number(&caps["m"]) else { continue };
        let Ok(day_num) = caps["d"].parse::<u8>() else { continue };
        let year_num = written_year(&caps);
        let end = if year_num.is_some() { whole.end() } else { caps.name("ds").expect("day group").end() };
        if year_num.is_none() {
            // "May 5,000", "March 5:30", "march 5 km".
            if number_continues(text, end) || in_words(word_after(text, end), COUNTED_AFTER) {
                continue;
            }
        }
        let weekday = caps.name("wd").and_then(|w| weekday_named(w.as_str()));
        let outcome = resolve_written(day_num, month_num, year_num, weekday, reference);
        out.push(Candidate { range: whole.start()..end, outcome });
    }
}

fn day_month_year(hay: &Haystack<'_>, p: &Patterns, reference: Option<Date>, out: &mut Vec<Candidate>) {
    let text = hay.text;
    for caps in hay.captures_iter(&p.day_month_year, needs::DIGIT | needs::MONTH) {
        let whole = caps.get(0).expect("match");
        let (m, d) = (caps.name("m").expect("month group"), caps.name("d").expect("day group"));
        let Some(month_num) = month_number(m.as_str()) else { continue };
        let Ok(day_num) = d.as_str().parse::<u8>() else { continue };
        if number_is_tail(text, d.start()) {
            continue;
        }
        let year_num = written_year(&caps);
        let end = if year_num.is_some() { whole.end() } else { m.end() };
        if year_num.is_none() && is_ambiguous_month(m.as_str()) {
            // "12 may have died", "3 march on": only "12 May", "on 12 may" or "the 1st of march".
            let before = word_before(text, whole.start());
            let ordinal = text[d.end()..m.start()].contains(|c: char| c.is_alphabetic());
            if !(starts_upper(m.as_str())
                || ordinal
                || in_words(before, &["on", "of", "from", "until", "since", "by"]))
            {
                continue;
            }
        }
        let weekday = caps.name("wd").and_then(|w| weekday_named(w.as_str()));
        let outcome = resolve_written(day_num, month_num, year_num, weekday, reference);
        out.push(Candidate { range: whole.start()..end, outcome });
    }
}

fn numeric_dates(hay: &Haystack<'_>, p: &Patterns, out: &mut Vec<Candidate>) {
    let text = hay.text;
    // "2023-12-26-4455", "12/26/2023-11": part of a longer code.
    let continues = |end: usize| {
        number_continues(text, end)
            || (char_after(text, end) == Some('-')
                && text[end + 1..].starts_with(|c: char| c.is_ascii_digit()))
    };
    for caps in hay.captures_iter(&p.iso_date, needs::DIGIT) {
        let whole = caps.get(0).expect("match");
        if continues(whole.end()) || number_is_tail(text, whole.start()) {
            continue;
        }
        let y: i32 = caps["y"].parse().unwrap_or(0);
        let m: u8 = caps["m"].parse().unwrap_or(0);
        let d: u8 = caps["d"].parse().unwrap_or(0);
        if let Some(date) = Date::new(y, m, d).filter(|d| plausible_year(d.year)) {
            out.push(Candidate { range: whole.range(), outcome: day(date, false) });
        }
    }
    for caps in hay.captures_iter(&p.slash_date, needs::DIGIT | needs::SLASH) {
        let whole = caps.get(0).expect("match");
        if continues(whole.end()) || number_is_tail(text, whole.start()) {
            continue;
        }
        let a: u8 = caps["a"].parse().unwrap_or(0);
        let b: u8 = caps["b"].parse().unwrap_or(0);
        let y_text = &caps["y"];
        let mut y: i32 = y_text.parse().unwrap_or(0);
        if y_text.len() == 2 {
            y += if y <= 50 { 2000 } else { 1900 };
        }
        if !plausible_year(y) {
            continue;
        }
        // US month/day first; day/month only when the US reading is impossible.
        if let Some(date) = Date::new(y, a, b).or_else(|| Date::new(y, b, a)) {
            out.push(Candidate { range: whole.range(), outcome: day(date, false) });
        }
    }
}

fn month_year(hay: &Haystack<'_>, p: &Patterns, out: &mut Vec<Candidate>) {
    let text = hay.text;
    for caps in hay.captures_iter(&p.month_year, needs::DIGIT | needs::MONTH) {
        let whole = caps.get(0).expect("match");
        let Some(month_num) = month_number(&caps["m"]) else { continue };
        let y_match = caps.name("y").expect("year group");
        // "March 2000 people", "a march of 2000": the number counts something.
        if number_continues(text, y_match.end()) || in_words(word_after(text, y_match.end()), COUNTED_AFTER) {
            continue;
        }
        let m = &caps["m"];
        if is_ambiguous_month(m) && !starts_upper(m) && whole.as_str().to_ascii_lowercase().contains(" of ") {
            continue;
        }
        let y: i32 = y_match.as_str().parse().unwrap_or(0);
        let outcome = if plausible_year(y) { month(y, month_num, false) } else { Outcome::Unresolved };
        out.push(Candidate { range: whole.range(), outcome });
    }
}

/// Words before "last"/"next" that make it an adjective ("the last may be").
const DETERMINERS: &[&str] = &[
    "the", "a", "an", "this", "that", "these", "those", "his", "her", "its", "their", "our", "my", "your",
    "at",
];

/// Words after "in march" that show a protest march, not the month.
const MARCH_AS_NOUN_AFTER: &[&str] = &[
    "against",
    "on",
    "to",
    "toward",
    "towards",
    "through",
    "across",
    "organised",
    "organized",
    "led",
    "by",
    "for",
];

fn month_alone(hay: &Haystack<'_>, p: &Patterns, reference: Option<Date>, out: &mut Vec<Candidate>) {
    let text = hay.text;
    for caps in hay.captures_iter(&p.month_alone, needs::MONTH) {
        let e = caps.name("e").expect("expression group");
        let m = caps.name("m").expect("month group");
        let Some(month_num) = month_number(m.as_str()) else { continue };
        let prep = caps.name("prep").map(|p| p.as_str().to_ascii_lowercase());
        let modifier = caps.name("mod").map(|p| p.as_str().to_ascii_lowercase());
        if prep.is_none() && modifier.is_none() {
            continue;
        }
        if is_ambiguous_month(m.as_str()) {
            // "may" and "march" need a clear date context: "in May", "early March", never
            // "this may", "last may", "of march".
            let strong_prep = matches!(prep.as_deref(), Some("in" | "since" | "during" | "throughout"));
            let strong_mod = match modifier.as_deref() {
                Some("early" | "late" | "mid") => true,
                // "last March", but not "the last may be".
                Some("last" | "next") => {
                    prep.is_some() || !in_words(word_before(text, e.start()), DETERMINERS)
                }
                _ => false,
            };
            if !(strong_prep || strong_mod) {
                continue;
            }
            if char_after(text, e.end()) == Some('\'') || char_after(text, e.end()) == Some('’') {
                continue;
            }
            let after = word_after(text, e.end());
            if m.as_str().eq_ignore_ascii_case("march") && in_words(after, MARCH_AS_NOUN_AFTER) {
                continue;
            }
        }
        let outcome = match reference {
            None => Outcome::Unresolved,
            Some(r) => {
                let y = match modifier.as_deref() {
                    Some("last") if month_num < r.month => r.year,
                    Some("last") => r.year - 1,
                    Some("next") if month_num > r.month => r.year,
                    Some("next") => r.year + 1,
                    Some("this") => r.year,
                    _ => complete_month_year(month_num, r),
                };
                month(y, month_num, true)
            }
        };
        out.push(Candidate { range: e.range(), outcome });
    }
}

fn year_alone(hay: &Haystack<'_>, p: &Patterns, out: &mut Vec<Candidate>) {
    let text = hay.text;
    for caps in hay.captures_iter(&p.year_alone, needs::DIGIT) {
        let e = caps.name("e").expect("expression group");
        if caps.name("prep").is_none() && caps.name("mod").is_none() {
            continue;
        }
        let y_match = caps.name("y").expect("year group");
        if number_continues(text, y_match.end())
            || char_after(text, y_match.end()) == Some('-')
            || in_words(word_after(text, y_match.end()), COUNTED_AFTER)
        {
            continue;
        }
        let y: i32 = y_match.as_str().parse().unwrap_or(0);
        if !(1900..=2100).contains(&y) {
            continue;
        }
        out.push(Candidate { range: e.range(), outcome: year(y, false) });
    }
}

/// Words before a weekday that make it a name ("Good Friday", "Bloody Sunday").
const WEEKDAY_NAME_BEFORE: &[&str] =
    &["good", "black", "ash", "bloody", "holy", "palm", "easter", "cyber", "super", "maundy", "shrove"];

/// Words after a weekday that make it a name ("Sunday Times", "Sunday school").
const WEEKDAY_NAME_AFTER: &[&str] = &[
    "times",
    "telegraph",
    "mirror",
    "express",
    "herald",
    "post",
    "tribune",
    "school",
    "schools",
    "observer",
    "independent",
    "mail",
    "world",
];

fn weekdays(hay: &Haystack<'_>, p: &Patterns, reference: Option<Date>, out: &mut Vec<Candidate>) {
    let text = hay.text;
    for caps in hay.captures_iter(&p.weekday, needs::WEEKDAY) {
        let e = caps.name("e").expect("expression group");
        let wd_match = caps.name("wd").expect("weekday group");
        let Some(wd) = weekday_named(wd_match.as_str()) else { continue };
        let has_modifier = e.start() != wd_match.start();
        let before = word_before(text, e.start());
        if !has_modifier && in_words(before, WEEKDAY_NAME_BEFORE) {
            continue;
        }
        // "The Mail on Sunday".
        let (before_start, _) = word_before_at(text, e.start());
        if before.eq_ignore_ascii_case("on") && word_before(text, before_start).eq_ignore_ascii_case("mail") {
            continue;
        }
        if in_words(word_after(text, wd_match.end()), WEEKDAY_NAME_AFTER) {
            continue;
        }
        let abbrev = wd_match.as_str().to_ascii_lowercase();
        // "Sat." and "Sun." are also "he sat." and "the sun.": take them after "on", "last",
        // "late" …, or capitalised inside a sentence ("police said Sat. that").
        let mid_sentence_capital = starts_upper(wd_match.as_str())
            && text[..e.start()].trim_end().ends_with(|c: char| c.is_alphanumeric() || c == ',')
            && !in_words(before, DETERMINERS)
            && !in_words(before, DAY_BEFORE_OBJECT);
        if matches!(abbrev.as_str(), "mon." | "wed." | "sat." | "sun.")
            && !has_modifier
            && !before.eq_ignore_ascii_case("on")
            && !mid_sentence_capital
        {
            continue;
        }
        let rel = caps.name("rel").map(|r| r.as_str().to_ascii_lowercase());
        let rel = rel.as_deref().map(|r| r.split_whitespace().collect::<Vec<_>>().join(" "));
        let outcome = match reference {
            None => Outcome::Unresolved,
            Some(r) => {
                let date = match rel.as_deref() {
                    Some("last" | "this past" | "past") => {
                        r.add_days(-1).and_then(|d| d.last_on_or_before(wd))
                    }
                    Some("next" | "this coming" | "coming") => {
                        r.add_days(7).and_then(|d| d.last_on_or_before(wd))
                    }
                    _ => r.last_on_or_before(wd),
                };
                day_reached(date)
            }
        };
        out.push(Candidate { range: e.range(), outcome });
    }
}

/// Words after "the day before" that make it relative to something else ("the day before the
/// vote").
const DAY_BEFORE_OBJECT: &[&str] =
    &["the", "a", "an", "his", "her", "their", "its", "this", "that", "he", "she", "they", "we", "i", "it"];

fn relative_days(hay: &Haystack<'_>, p: &Patterns, reference: Option<Date>, out: &mut Vec<Candidate>) {
    let text = hay.text;
    for caps in hay.captures_iter(&p.relative_day, needs::RELATIVE_DAY) {
        let whole = caps.get(0).expect("match");
        let offset = if caps.name("before2").is_some() {
            -2
        } else if caps.name("today").is_some() {
            0
        } else if caps.name("yesterday").is_some() {
            -1
        } else if caps.name("tomorrow").is_some() {
            1
        } else {
            let after = word_after(text, whole.end());
            if in_words(after, DAY_BEFORE_OBJECT) || starts_upper(after) {
                continue;
            }
            -1
        };
        let outcome = reference.map_or(Outcome::Unresolved, |r| day_reached(r.add_days(offset)));
        out.push(Candidate { range: whole.range(), outcome });
    }
}

fn small_number(word: &str) -> Option<i64> {
    const WORDS: [&str; 13] = [
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
        "twelve",
    ];
    let lower = word.to_ascii_lowercase();
    if lower == "a" || lower == "an" {
        return Some(1);
    }
    WORDS.iter().position(|w| *w == lower).map(|i| i as i64).or_else(|| lower.parse().ok())
}

fn ago(hay: &Haystack<'_>, p: &Patterns, reference: Option<Date>, out: &mut Vec<Candidate>) {
    for caps in hay.captures_iter(&p.ago, needs::AGO) {
        let whole = caps.get(0).expect("match");
        let Some(n) = small_number(&caps["n"]) else { continue };
        let unit = caps["u"].to_ascii_lowercase();
        let outcome = match reference {
            None => Outcome::Unresolved,
            Some(r) => match unit.as_str() {
                "day" => day_reached(r.add_days(-n)),
                "week" => day_reached(r.add_days(-7 * n)),
                "month" => {
                    let (y, m) = shift_month(r.year, r.month, -(n as i32));
                    month(y, m, true)
                }
                _ => year(r.year - n as i32, true),
            },
        };
        out.push(Candidate { range: whole.range(), outcome });
    }
}

fn relative_periods(hay: &Haystack<'_>, p: &Patterns, reference: Option<Date>, out: &mut Vec<Candidate>) {
    for caps in hay.captures_iter(&p.relative_period, needs::PERIOD) {
        let whole = caps.get(0).expect("match");
        let q = caps["q"].to_ascii_lowercase();
        let q = q.split_whitespace().collect::<Vec<_>>().join(" ");
        let unit = caps["u"].to_ascii_lowercase();
        let outcome = match reference {
            None => Outcome::Unresolved,
            Some(r) => match (unit.as_str(), q.as_str()) {
                ("week", "last") => day_reached(r.add_days(-7)),
                ("week", "next") => day_reached(r.add_days(7)),
                ("week", _) => {
                    let monday = r.last_on_or_before(Weekday::Monday);
                    let sunday = monday.and_then(|m| m.add_days(6));
                    let (first, last) = match q.as_str() {
                        "earlier this" | "earlier in the" => (monday, Some(r)),
                        "later this" | "later in the" => (Some(r), sunday),
                        _ => (monday, sunday),
                    };
                    match (first, last) {
                        (Some(first), Some(last))
                            if (first.year, first.month) == (r.year, r.month)
                                && (last.year, last.month) == (r.year, r.month) =>
                        {
                            month(r.year, r.month, true)
                        }
                        _ => Outcome::Unresolved,
                    }
                }
                ("month", "last") => {
                    let (y, m) = shift_month(r.year, r.month, -1);
                    month(y, m, true)
                }
                ("month", "next") => {
                    let (y, m) = shift_month(r.year, r.month, 1);
                    month(y, m, true)
                }
                ("month", _) => month(r.year, r.month, true),
                (_, "last") => year(r.year - 1, true),
                (_, "next") => year(r.year + 1, true),
                _ => year(r.year, true),
            },
        };
        out.push(Candidate { range: whole.range(), outcome });
    }
}

/// Keeps candidates leftmost first, the longest at each start, skipping any that overlap one
/// already kept.
fn select(mut candidates: Vec<Candidate>) -> Vec<TimeExpression> {
    candidates.sort_by(|a, b| a.range.start.cmp(&b.range.start).then(b.range.end.cmp(&a.range.end)));
    let mut kept = Vec::new();
    let mut end = 0;
    for c in candidates {
        if c.range.start < end {
            continue;
        }
        end = c.range.end;
        if let Outcome::Value(value) = c.outcome {
            kept.push(TimeExpression { range: c.range, value });
        }
    }
    kept
}

/// Finds the time expressions of `text` and resolves them against `reference` (the article
/// date); relative expressions are dropped when there is no reference.
///
/// `text` may be one sentence or a whole article, in normal or lower case. Ranges are byte
/// ranges into `text`, sorted and non-overlapping. See the module documentation for the
/// shapes recognised and how each is resolved.
pub fn find_time_expressions(text: &str, reference: Option<Date>) -> Vec<TimeExpression> {
    find_in(&Haystack::new(text, Form::Ascii), &ASCII_PATTERNS, reference)
}

fn find_in(hay: &Haystack<'_>, p: &Patterns, reference: Option<Date>) -> Vec<TimeExpression> {
    let mut candidates = Vec::new();
    numeric_dates(hay, p, &mut candidates);
    month_day_year(hay, p, reference, &mut candidates);
    day_month_year(hay, p, reference, &mut candidates);
    month_year(hay, p, &mut candidates);
    month_alone(hay, p, reference, &mut candidates);
    year_alone(hay, p, &mut candidates);
    weekdays(hay, p, reference, &mut candidates);
    relative_days(hay, p, reference, &mut candidates);
    ago(hay, p, reference, &mut candidates);
    relative_periods(hay, p, reference, &mut candidates);
    select(candidates)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u8, d: u8) -> Date {
        Date::new(y, m, d).expect("valid test date")
    }

    /// (matched text, ISO value, relative) for each expression.
    fn found(text: &str, reference: Option<Date>) -> Vec<(String, String, bool)> {
        find_time_expressions(text, reference)
            .into_iter()
            .map(|e| (text[e.range.clone()].to_string(), e.value.iso(), e.value.relative))
            .collect()
    }

    /// The ISO values found.
    fn values(text: &str, reference: Option<Date>) -> Vec<String> {
        found(text, reference).into_iter().map(|(_, iso, _)| iso).collect()
    }

    /// The matched texts found.
    fn spans(text: &str, reference: Option<Date>) -> Vec<String> {
        found(text, reference).into_iter().map(|(t, _, _)| t).collect()
    }

    /// 2024-03-14, a Thursday.
    fn thu() -> Option<Date> {
        Some(date(2024, 3, 14))
    }

    /// 2023-12-27, a Wednesday.
    fn wed() -> Option<Date> {
        Some(date(2023, 12, 27))
    }

    #[test]
    fn reference_weekdays_are_what_the_tests_assume() {
        assert_eq!(date(2024, 3, 14).weekday(), Weekday::Thursday);
        assert_eq!(date(2023, 12, 27).weekday(), Weekday::Wednesday);
    }

    #[test]
    fn full_written_dates() {
        assert_eq!(
            found("on December 26, 2023, the", wed()),
            [("December 26, 2023".into(), "2023-12-26".into(), false)]
        );
        assert_eq!(values("Dec. 26, 2023", None), ["2023-12-26"]);
        assert_eq!(values("dec 26 2023", None), ["2023-12-26"]);
        assert_eq!(values("December 26th, 2023", None), ["2023-12-26"]);
        assert_eq!(values("On 4 October 2007, the court", None), ["2007-10-04"]);
        assert_eq!(values("26 december 2023", None), ["2023-12-26"]);
        assert_eq!(values("the 26th of December, 2023", None), ["2023-12-26"]);
        assert_eq!(
            values("Sept. 3, 2019 and Aug 5, 2019 and Jan. 1, 2020", None),
            ["2019-09-03", "2019-08-05", "2020-01-01"]
        );
        assert_eq!(values("SEP 3 2019", None), ["2019-09-03"]);
    }

    #[test]
    fn sentence_periods_are_not_part_of_names() {
        assert_eq!(spans("It happened on Friday.", thu()), ["Friday"]);
        assert_eq!(spans("talks in July.", thu()), ["July"]);
        assert_eq!(spans("on 26 December.", wed()), ["26 December"]);
        assert_eq!(spans("since Sept. 2023", None), ["Sept. 2023"]);
        assert_eq!(spans("on Fri. the", thu()), ["Fri."]);
    }

    #[test]
    fn a_span_of_days_starts_on_its_first_day() {
        assert_eq!(
            found("from 6-10 February 2018", None),
            [("6-10 February 2018".into(), "2018-02-06".into(), false)]
        );
        assert_eq!(values("March 14-15, 2024", None), ["2024-03-14"]);
    }

    #[test]
    fn impossible_written_dates_are_dropped() {
        assert!(values("February 30, 2023", None).is_empty());
        assert!(values("December 32, 2023", None).is_empty());
        assert!(values("Decembers 26, 2023", None).is_empty());
    }

    #[test]
    fn weekday_then_date_is_one_expression() {
        let text = "Firefighters work Saturday March 12, 2016 at a warehouse that caught fire shortly before 9:30 p.m. near the docks.";
        assert_eq!(spans(text, Some(date(2016, 3, 13))), ["Saturday March 12, 2016"]);
        assert_eq!(values(text, None), ["2016-03-12"]);
        assert_eq!(values("on Tuesday, 26 December 2023", None), ["2023-12-26"]);
        assert_eq!(values("sat, dec 2, 2023", None), ["2023-12-02"]);
    }

    #[test]
    fn times_of_day_are_not_dates() {
        assert!(values("shortly after 11:00 a.m. and again at 3:45 p.m.", thu()).is_empty());
        assert!(values("the 24/7 hotline", thu()).is_empty());
    }

    #[test]
    fn day_and_month_take_the_year_from_the_reference() {
        assert_eq!(
            found("WARSAW, March 14 — Poland", thu()),
            [("March 14".into(), "2024-03-14".into(), true)]
        );
        assert_eq!(values("on December 26", wed()), ["2023-12-26"]);
        // Up to a week ahead stays in the reference's year; beyond, the year before.
        assert_eq!(values("on March 20", thu()), ["2024-03-20"]);
        assert_eq!(values("on March 25", thu()), ["2023-03-25"]);
        // Around new year: a late-December date read in January is last year's.
        assert_eq!(values("on December 30", Some(date(2024, 1, 3))), ["2023-12-30"]);
        assert_eq!(values("on January 2", Some(date(2023, 12, 30))), ["2024-01-02"]);
        assert_eq!(values("27 December", wed()), ["2023-12-27"]);
        assert_eq!(values("the vhp-sponsored march 15 programme", Some(date(2002, 3, 10))), ["2002-03-15"]);
        // February 29 goes back to a leap year.
        assert_eq!(values("on February 29", Some(date(2023, 6, 1))), ["2020-02-29"]);
    }

    #[test]
    fn day_and_month_without_reference_are_dropped() {
        assert!(values("December 26", None).is_empty());
        assert!(values("on December 13, fighters recaptured the village", None).is_empty());
    }

    #[test]
    fn weekday_with_date_picks_the_year_where_it_agrees() {
        // 2022-12-26 was a Monday; 2023-12-26 a Tuesday.
        assert_eq!(values("Monday, December 26", Some(date(2024, 1, 2))), ["2022-12-26"]);
        assert_eq!(values("Tuesday, December 26", Some(date(2024, 1, 2))), ["2023-12-26"]);
    }

    #[test]
    fn implausible_year_after_a_date_is_not_a_year() {
        assert_eq!(spans("On March 14, 1200 protesters gathered", thu()), ["March 14"]);
        assert_eq!(values("On March 14, 1200 protesters gathered", thu()), ["2024-03-14"]);
    }

    #[test]
    fn numeric_dates() {
        assert_eq!(values("2023-12-26", None), ["2023-12-26"]);
        assert_eq!(values("published 2023-12-26T10:00Z", None), ["2023-12-26"]);
        assert_eq!(values("12/26/2023", None), ["2023-12-26"]);
        assert_eq!(values("on 3/4/2022", None), ["2022-03-04"]);
        assert_eq!(values("on 26/12/2023", None), ["2023-12-26"]);
        assert_eq!(values("12/26/23", None), ["2023-12-26"]);
        assert!(values("2023-13-45", None).is_empty());
        assert!(values("ratio 3/4", None).is_empty());
        assert!(values("version 1.12/26/2023", None).is_empty());
        assert!(values("call 2023-12-26-4455", None).is_empty());
    }

    #[test]
    fn month_and_year() {
        assert_eq!(found("in March 2024", None), [("March 2024".into(), "2024-03".into(), false)]);
        assert_eq!(values("since Sept. 2023", None), ["2023-09"]);
        assert_eq!(values("in december of 2023", None), ["2023-12"]);
        assert_eq!(values("in mid-March 2024", None), ["2024-03"]);
        assert_eq!(values("May 2024", None), ["2024-05"]);
        assert!(values("a march of 2000 people", None).is_empty());
        assert!(values("March 2000 people", None).is_empty());
    }

    #[test]
    fn month_alone() {
        assert_eq!(found("talks broke down in March", thu()), [("March".into(), "2024-03".into(), true)]);
        assert_eq!(values("in january", thu()), ["2024-01"]);
        assert_eq!(values("in April", thu()), ["2023-04"]);
        assert_eq!(spans("since early May", thu()), ["early May"]);
        assert_eq!(values("since early May", thu()), ["2023-05"]);
        assert_eq!(values("mid-March", thu()), ["2024-03"]);
        assert_eq!(values("last March", thu()), ["2023-03"]);
        assert_eq!(values("last February", thu()), ["2024-02"]);
        assert_eq!(values("next March", thu()), ["2025-03"]);
        assert_eq!(values("next june", thu()), ["2024-06"]);
        assert_eq!(values("at the end of September", thu()), ["2023-09"]);
        assert!(values("in March", None).is_empty());
        assert!(values("March", thu()).is_empty());
        assert!(values("September", thu()).is_empty());
    }

    #[test]
    fn may_is_a_month_only_in_date_contexts() {
        assert!(values("The council may expel the envoy.", thu()).is_empty());
        assert!(values("May said the talks had failed.", thu()).is_empty());
        assert!(values("officials said they may meet", thu()).is_empty());
        assert!(values("this may take weeks", thu()).is_empty());
        assert!(values("at last may we", thu()).is_empty());
        assert_eq!(values("last May", thu()), ["2023-05"]);
        assert!(values("the last may be the first", thu()).is_empty());
        assert!(values("12 may have died", thu()).is_empty());
        assert!(values("calls on May to resign", thu()).is_empty());
        assert!(values("in May's cabinet", thu()).is_empty());
        assert!(values("they may 5,000 times", thu()).is_empty());
        assert_eq!(values("on May 5", thu()), ["2023-05-05"]);
        assert_eq!(values("in May", thu()), ["2023-05"]);
        assert_eq!(values("in may 2023", thu()), ["2023-05"]);
        assert_eq!(values("early may", thu()), ["2023-05"]);
        assert_eq!(values("on 12 may", thu()), ["2023-05-12"]);
        assert_eq!(values("12 May", thu()), ["2023-05-12"]);
        assert_eq!(values("the 1st of may", thu()), ["2023-05-01"]);
    }

    #[test]
    fn march_is_a_month_only_in_date_contexts() {
        assert!(values("Protesters march on parliament.", thu()).is_empty());
        assert!(values("a march on the capital", thu()).is_empty());
        assert!(values("they took part in march against the law", thu()).is_empty());
        assert!(values("they will march 5 km to the square", thu()).is_empty());
        assert!(values("a march of thousands", thu()).is_empty());
        assert!(values("3 march on the capital", thu()).is_empty());
        assert_eq!(values("on march 5", thu()), ["2024-03-05"]);
        assert_eq!(values("in march", thu()), ["2024-03"]);
        assert_eq!(values("late march", thu()), ["2024-03"]);
    }

    #[test]
    fn year_alone() {
        assert_eq!(found("in 2018", None), [("2018".into(), "2018".into(), false)]);
        assert_eq!(values("since 2021, while", None), ["2021"]);
        assert_eq!(values("during 2019", None), ["2019"]);
        assert_eq!(spans("in early 2020", None), ["early 2020"]);
        assert_eq!(values("mid-2019", None), ["2019"]);
        assert!(values("2018", None).is_empty());
        assert!(values("the 2020 election", None).is_empty());
        assert!(values("in 1850", None).is_empty());
        assert!(values("in 2,018 cases", None).is_empty());
        assert!(values("in 2018-19", None).is_empty());
        assert!(values("in 2000 people", None).is_empty());
        assert!(values("in the 1990s", None).is_empty());
    }

    #[test]
    fn weekdays_resolve_to_the_most_recent() {
        assert_eq!(found("on Tuesday", thu()), [("Tuesday".into(), "2024-03-12".into(), true)]);
        assert_eq!(values("on tuesday", thu()), ["2024-03-12"]);
        assert_eq!(values("Thursday", thu()), ["2024-03-14"]);
        assert_eq!(values("on Friday", thu()), ["2024-03-08"]);
        assert_eq!(values("There was no reaction to Thursday's expulsions.", thu()), ["2024-03-14"]);
        assert_eq!(spans("summoned on Thursday morning", thu()), ["Thursday morning"]);
        assert_eq!(spans("on Wednesday evening, the ministry said", thu()), ["Wednesday evening"]);
        assert_eq!(values("on Wednesday evening", thu()), ["2024-03-13"]);
        assert_eq!(spans("late on Saturday", thu()), ["late on Saturday"]);
        assert_eq!(values("late on Saturday", thu()), ["2024-03-09"]);
        assert_eq!(values("Saturday morning", thu()), ["2024-03-09"]);
        assert_eq!(values("Tuesday night", thu()), ["2024-03-12"]);
        assert_eq!(values("early Sunday", thu()), ["2024-03-10"]);
        assert_eq!(values("on Tuesday", wed()), ["2023-12-26"]);
    }

    #[test]
    fn last_and_next_weekdays() {
        assert_eq!(spans("last Thursday", thu()), ["last Thursday"]);
        assert_eq!(values("last Thursday", thu()), ["2024-03-07"]);
        assert_eq!(values("last tuesday", thu()), ["2024-03-12"]);
        assert_eq!(values("this past Thursday", thu()), ["2024-03-07"]);
        assert_eq!(values("next Tuesday", thu()), ["2024-03-19"]);
        assert_eq!(values("next Thursday", thu()), ["2024-03-21"]);
        assert_eq!(values("this coming Friday", thu()), ["2024-03-15"]);
    }

    #[test]
    fn weekday_abbreviations() {
        assert_eq!(values("on Tues. the", thu()), ["2024-03-12"]);
        assert_eq!(values("Wed. talks", thu()).len(), 0);
        assert_eq!(values("police said Sat. that", thu()), ["2024-03-09"]);
        assert!(values("He Sat. down", thu()).is_empty());
        assert!(values("under the Sun. It", thu()).is_empty());
        assert_eq!(values("on Wed. talks", thu()), ["2024-03-13"]);
        assert_eq!(values("on Thurs. and Fri.", thu()), ["2024-03-14", "2024-03-08"]);
        assert_eq!(values("on sat.", thu()), ["2024-03-09"]);
        assert_eq!(values("late Sun.", thu()), ["2024-03-10"]);
    }

    #[test]
    fn weekday_false_positives() {
        assert!(values("He sat. Then he stood.", thu()).is_empty());
        assert!(values("under the sun. It was hot", thu()).is_empty());
        assert!(values("the Sun reported", thu()).is_empty());
        assert!(values("he sat down", thu()).is_empty());
        assert_eq!(spans("they wed in june", thu()), ["june"]);
        assert!(values("on Good Friday", thu()).is_empty());
        assert!(values("Bloody Sunday", thu()).is_empty());
        assert!(values("the Sunday Times reported", thu()).is_empty());
        assert!(values("the Mail on Sunday reported", thu()).is_empty());
        assert!(values("he works on Mondays", thu()).is_empty());
        assert!(values("thus", thu()).is_empty());
        assert!(values("fries", thu()).is_empty());
        assert!(values("on Tuesday", None).is_empty());
    }

    #[test]
    fn days_relative_to_the_reference() {
        let r = wed();
        assert_eq!(found("today", r), [("today".into(), "2023-12-27".into(), true)]);
        assert_eq!(values("Today", r), ["2023-12-27"]);
        assert_eq!(values("tonight", r), ["2023-12-27"]);
        assert_eq!(values("this morning", r), ["2023-12-27"]);
        assert_eq!(values("this afternoon", r), ["2023-12-27"]);
        assert_eq!(values("this evening", r), ["2023-12-27"]);
        assert_eq!(spans("said earlier today", r), ["earlier today"]);
        assert_eq!(values("yesterday", r), ["2023-12-26"]);
        assert_eq!(spans("late yesterday", r), ["late yesterday"]);
        assert_eq!(spans("Yesterday morning", r), ["Yesterday morning"]);
        assert_eq!(values("yesterday morning", r), ["2023-12-26"]);
        assert_eq!(values("last night", r), ["2023-12-26"]);
        assert_eq!(values("tomorrow", r), ["2023-12-28"]);
        assert_eq!(values("the day before yesterday", r), ["2023-12-25"]);
        assert_eq!(values("the day before, police said", r), ["2023-12-26"]);
        assert_eq!(values("a day earlier", r), ["2023-12-26"]);
        assert_eq!(values("the previous day", r), ["2023-12-26"]);
        assert!(values("the day before the vote", r).is_empty());
        assert!(values("the day before Christmas", r).is_empty());
        assert!(values("yesterday", None).is_empty());
        assert!(values("last nightclub", r).is_empty());
        assert!(values("todays", r).is_empty());
    }

    #[test]
    fn ago() {
        let r = thu();
        assert_eq!(found("two days ago", r), [("two days ago".into(), "2024-03-12".into(), true)]);
        assert_eq!(values("Three days ago", r), ["2024-03-11"]);
        assert_eq!(values("3 days ago", r), ["2024-03-11"]);
        assert_eq!(values("a day ago", r), ["2024-03-13"]);
        assert_eq!(values("a week ago", r), ["2024-03-07"]);
        assert_eq!(values("two weeks ago", r), ["2024-02-29"]);
        assert_eq!(values("three months ago", r), ["2023-12"]);
        assert_eq!(values("five years ago", r), ["2019"]);
        assert!(values("a few days ago", r).is_empty());
        assert!(values("two days later", r).is_empty());
        assert!(values("two days ago", None).is_empty());
    }

    /// Every value is a date a caller can print as YYYY-MM-DD with a year 1–9999.
    fn assert_valid_dates(text: &str, reference: Option<Date>) {
        for e in find_time_expressions(text, reference) {
            let d = e.value.date;
            assert_eq!(Date::new(d.year, d.month, d.day), Some(d), "{text:?} on {reference:?}");
            let iso = e.value.iso();
            assert!(matches!(iso.len(), 4 | 7 | 10) && iso[..4] != *"0000", "{iso}");
        }
    }

    #[test]
    fn the_first_and_last_days_of_the_calendar_go_no_further() {
        let first = Some(date(1, 1, 1));
        let last = Some(date(9999, 12, 31));
        for text in ["yesterday", "the day before yesterday", "two days ago", "a week ago", "last week"] {
            assert!(values(text, first).is_empty(), "{text}");
        }
        for text in ["tomorrow", "next week", "next Tuesday"] {
            assert!(values(text, last).is_empty(), "{text}");
        }
        assert!(values("last Sunday", first).is_empty());
        assert!(values("on Sunday", first).is_empty());
        assert!(values("last year", first).is_empty());
        assert!(values("last month", first).is_empty());
        assert!(values("next year", last).is_empty());
        assert!(values("next month", last).is_empty());
        assert!(values("three months ago", first).is_empty());
        assert!(values("five years ago", first).is_empty());
        // what stays inside the calendar still resolves
        assert_eq!(values("today", first), ["0001-01-01"]);
        assert_eq!(values("on Monday", first), ["0001-01-01"]);
        assert_eq!(values("tomorrow", first), ["0001-01-02"]);
        assert_eq!(values("yesterday", last), ["9999-12-30"]);
        assert_eq!(values("earlier this week", last), ["9999-12"]);
        assert_eq!(values("last year", last), ["9998"]);
        assert!(values("later this week", last).is_empty());
    }

    #[test]
    fn relative_expressions_near_the_calendar_ends_give_valid_dates() {
        let text = "Yesterday, today and tomorrow; last week and next week; two days ago, 999 weeks \
                    ago, 999 years ago, 12 months ago; last Monday, next Friday, on Sunday; last \
                    month, next month, this week, later this week; last year, next year; March 3; \
                    last December, next January, in May";
        for reference in [date(1, 1, 1), date(1, 1, 7), date(1, 12, 31), date(9999, 1, 1), date(9999, 12, 25)]
        {
            for days in 0..10 {
                assert_valid_dates(text, reference.add_days(days));
                assert_valid_dates(text, reference.add_days(-days));
            }
        }
        assert_valid_dates(text, Some(date(9999, 12, 31)));
    }

    #[test]
    fn periods_relative_to_the_reference() {
        let r = thu();
        assert_eq!(found("last week", r), [("last week".into(), "2024-03-07".into(), true)]);
        assert_eq!(values("next week", r), ["2024-03-21"]);
        assert_eq!(values("earlier this month", r), ["2024-03"]);
        assert_eq!(values("this month", r), ["2024-03"]);
        assert_eq!(values("last month", r), ["2024-02"]);
        assert_eq!(values("last month", Some(date(2024, 1, 10))), ["2023-12"]);
        assert_eq!(values("next month", Some(date(2023, 12, 10))), ["2024-01"]);
        assert_eq!(values("last year", r), ["2023"]);
        assert_eq!(values("earlier this year", r), ["2024"]);
        assert_eq!(values("next year", r), ["2025"]);
        // Monday 2024-03-11 … Thursday 2024-03-14: all in March.
        assert_eq!(values("earlier this week", r), ["2024-03"]);
        assert_eq!(values("earlier in the week", r), ["2024-03"]);
        // Friday 2024-03-01: the week began in February.
        assert!(values("earlier this week", Some(date(2024, 3, 1))).is_empty());
        assert!(values("last week", None).is_empty());
        assert!(values("a week", r).is_empty());
        assert!(values("the second round", r).is_empty());
        assert!(values("within a week", r).is_empty());
    }

    #[test]
    fn several_expressions_in_an_article() {
        // 2023-10-20 is a Friday.
        let reference = Some(date(2023, 10, 20));
        let text = "OSLO, October 20 — Norway declared three Iranian envoys persona non grata on Friday and gave \
                    them 96 hours to leave. On Monday, Iran ordered an attache to leave within 24 hours. \
                    The attache had served in Tabriz since 2019. He flew home on Tuesday evening.";
        let got = found(text, reference);
        let texts: Vec<&str> = got.iter().map(|(t, _, _)| t.as_str()).collect();
        assert_eq!(texts, ["October 20", "Friday", "Monday", "2019", "Tuesday evening"]);
        let isos: Vec<&str> = got.iter().map(|(_, v, _)| v.as_str()).collect();
        assert_eq!(isos, ["2023-10-20", "2023-10-20", "2023-10-16", "2019", "2023-10-17"]);
        let exprs = find_time_expressions(text, reference);
        assert!(exprs.windows(2).all(|w| w[0].range.end <= w[1].range.start));
    }

    #[test]
    fn lower_case_article() {
        let text = "lucknow: holding a state-level meeting on saturday, the convenor said the march 15 \
                    programme would go ahead. police arrested 12 people yesterday.";
        assert_eq!(values(text, Some(date(2002, 3, 10))), ["2002-03-09", "2002-03-15", "2002-03-09"]);
    }

    #[test]
    fn relative_and_absolute_without_reference() {
        let text = "On December 26, 2023 and on Tuesday and December 26 and yesterday";
        assert_eq!(values(text, None), ["2023-12-26"]);
    }

    #[test]
    fn works_on_non_ascii_text() {
        let text = "Le 26 décembre — «on Tuesday» ünd December 26, 2023 — 日本 in März";
        assert_eq!(values(text, wed()), ["2023-12-26", "2023-12-26"]);
    }

    /// Each char and its fold are read alike by every kind of pattern element used: word,
    /// digit and space classes, word boundaries, case-insensitive letters and the dash class.
    #[test]
    fn folded_chars_match_what_their_originals_match() {
        let probes = [r"\w", r"\d", r"\s", r"(?i)[a-z]", r"(?i)k", r"(?i)s", r"[,./]", "-", "DASH"];
        let compile = |probe: &str, ascii: bool| {
            let probe = probe.replace("DASH", if ascii { r"[-\x01]" } else { "[-\u{2013}]" });
            let flags = if ascii { "(?i-u)" } else { "" };
            Regex::new(&format!("{flags}^(?:{probe})$")).expect("probe")
        };
        let pairs: Vec<(Regex, Regex)> =
            probes.iter().map(|p| (compile(p, false), compile(p, true))).collect();
        let chars = (0..0x3_0000u32).chain((0x3_0000..=0x10_FFFF).step_by(97)).filter_map(char::from_u32);
        for c in chars {
            let folded = char::from(fold_char(c)).to_string();
            for (unicode, ascii) in &pairs {
                assert_eq!(
                    unicode.is_match(c.encode_utf8(&mut [0; 4])),
                    ascii.is_match(&folded),
                    "U+{:04X} against {unicode}",
                    u32::from(c)
                );
            }
        }
    }

    /// Date words, numbers and odd chars for the equivalence tests.
    const DATE_WORDS: &[&str] = &[
        "on",
        "in",
        "since",
        "last",
        "next",
        "this",
        "past",
        "coming",
        "mid",
        "early",
        "late",
        "the",
        "a",
        "two",
        "12",
        "3",
        "26th",
        "2024",
        "1999",
        "24/7",
        "day",
        "days",
        "week",
        "weeks",
        "month",
        "year",
        "ago",
        "today",
        "yesterday",
        "tonight",
        "night",
        "morning",
        "before",
        "previous",
        "earlier",
        "of",
        "Tuesday",
        "tues",
        "Sat.",
        "sun",
        "Mon.",
        "May",
        "march",
        "Dec.",
        "Sept",
        "september",
        "12/3/2024",
        "2024-03-05",
        "wee\u{212A}",
        "\u{17F}ept.",
        "caf\u{e9}",
        "\u{661}\u{662}",
        "Good",
        "Times",
    ];

    /// Separators between words, breakers among them.
    const SEPARATORS: &[&str] = &[
        " ", " ", " ", " ", ", ", ",", ".", "-", "/", "\u{2013}", "\u{a0}", "\n", "\"", "'", "(", ":", ";",
        "_", "\u{1}", "\u{2019}", "",
    ];

    /// Texts made of date words, numbers, odd chars and separators.
    fn date_words() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let word =
            prop_oneof![4 => proptest::sample::select(DATE_WORDS).prop_map(str::to_string), 1 => "\\PC{1,3}"];
        proptest::collection::vec((word, proptest::sample::select(SEPARATORS)), 0..14)
            .prop_map(|parts| parts.into_iter().map(|(w, s)| w + s).collect())
    }

    /// Every pair of date words, around and between every separator, then a third word.
    #[test]
    fn the_fold_agrees_on_every_pair_of_date_words() {
        for a in DATE_WORDS {
            for b in DATE_WORDS {
                for (k, sep) in SEPARATORS.iter().enumerate() {
                    let c = DATE_WORDS[(k * 7 + a.len() * 3 + b.len()) % DATE_WORDS.len()];
                    let text = format!("{a}{sep}{b} {c}");
                    for r in [thu(), None] {
                        assert_eq!(find_time_expressions(&text, r), unicode_reference(&text, r), "{text:?}");
                    }
                }
            }
        }
    }

    fn unicode_reference(text: &str, reference: Option<Date>) -> Vec<TimeExpression> {
        static UNICODE: LazyLock<Patterns> = LazyLock::new(|| Patterns::compile(Form::Unicode));
        find_in(&Haystack::new(text, Form::Unicode), &UNICODE, reference)
    }

    #[test]
    fn the_fold_finds_what_unicode_patterns_find() {
        for text in [
            "mid\u{2013}March 2024, 14\u{2013}15 March and 14-15 March 2024",
            "on Tuesday, \u{17F}ept. 3, 2019 \u{2014} last wee\u{212A}, last \u{17F}unday, 3 wee\u{212A}s ago",
            "\u{661}\u{662} March 2020 in \u{663}\u{664}\u{665}\u{666} and in 2021",
            "Kenya\u{a0}expelled them on\u{a0}Monday, 12\u{a0}March\u{a0}2024.",
            "caf\u{e9}2023 \u{e9}March 5, \u{1}in 2019\u{1} and 3\u{1}4 May",
            "\u{201c}Yesterday,\u{201d} she said \u{2019}two weeks ago\u{2019}.",
        ] {
            assert_eq!(find_time_expressions(text, thu()), unicode_reference(text, thu()), "{text}");
        }
    }

    proptest::proptest! {
        #[test]
        fn never_panics_and_ranges_are_sound(text in "\\PC{0,80}", days in -40_000i64..40_000) {
            let reference = Date::new(2000, 1, 1).unwrap().add_days(days);
            for r in [reference, None] {
                let found = find_time_expressions(&text, r);
                let mut last = 0;
                for e in &found {
                    proptest::prop_assert!(e.range.start < e.range.end);
                    proptest::prop_assert!(e.range.start >= last);
                    proptest::prop_assert!(e.range.end <= text.len());
                    proptest::prop_assert!(text.is_char_boundary(e.range.start));
                    proptest::prop_assert!(text.is_char_boundary(e.range.end));
                    last = e.range.end;
                }
            }
        }

        #[test]
        fn the_fold_agrees_with_unicode_patterns(
            text in date_words(),
            days in -40_000i64..40_000,
        ) {
            let reference = Date::new(2000, 1, 1).unwrap().add_days(days);
            for r in [reference, None] {
                proptest::prop_assert_eq!(find_time_expressions(&text, r), unicode_reference(&text, r));
            }
        }

        #[test]
        fn date_like_strings_never_panic(
            text in "(on |in |last |next |late on |the )?((Mon|Tue|Wed|Sat|Sun)[a-z.]{0,6} )?([A-Za-z]{3,9}\\.? )?[0-9]{0,4}[,/-]? ?[0-9]{0,4}[,/-]?[0-9]{0,4} ?(days ago|ago|weeks|[A-Za-z]{0,6})",
            days in -40_000i64..40_000,
        ) {
            let reference = Date::new(2000, 1, 1).unwrap().add_days(days);
            let found = find_time_expressions(&text, reference);
            for e in &found {
                proptest::prop_assert!(text.is_char_boundary(e.range.start) && text.is_char_boundary(e.range.end));
            }
        }
    }
}
