//! Dates that the sentence gives through another event: "Turkey lifted the ban on Wednesday,
//! a day after its envoy held talks" dates the talks a day before Wednesday; "the envoy will be
//! summoned on Tuesday" is the coming Tuesday, not the last one.

use std::ops::Range;

use crate::model::{EventDate, Precision};
use crate::numbers::parse_count;

use crate::time::TimeExpression;

use super::words::{DAY_UNITS, DEADLINE_PREPOSITIONS, OFFSET_AFTER, OFFSET_BEFORE, WEEK_UNITS, WEEKDAYS};
use super::{DateOrigin, Input};

/// How far back from the trigger a "… day(s) after" phrase is looked for, in tokens.
const OFFSET_REACH: usize = 14;

/// The date moved by a span phrase before the trigger in its own clause ("a day after X",
/// "two days before X"): the phrase's span is counted back from the date of the sentence's
/// main clause. A date written inside the phrase ("a day after Monday's vote") is left alone.
pub(super) fn offset_by_span_phrase(
    input: &Input<'_, '_>,
    sentence: &Range<usize>,
    anchor: usize,
    date: Option<(EventDate, DateOrigin)>,
    date_byte: Option<usize>,
) -> Option<(EventDate, DateOrigin)> {
    let (value, origin) = date?;
    if value.precision != Precision::Day {
        return date;
    }
    let from = anchor.saturating_sub(OFFSET_REACH).max(sentence.start + 1);
    let Some(relation) = (from..anchor).rev().find(|&i| {
        let n = input.norm(i);
        OFFSET_AFTER.contains(&n) || OFFSET_BEFORE.contains(&n)
    }) else {
        return date;
    };
    let unit = input.norm(relation - 1);
    let unit_days = if DAY_UNITS.contains(&unit) {
        1
    } else if WEEK_UNITS.contains(&unit) {
        7
    } else {
        return date;
    };
    let count_start = relation - 1;
    let count = (sentence.start..count_start)
        .rev()
        .take(3)
        .find_map(|start| {
            let words: Vec<&str> = (start..count_start).map(|i| input.norm(i)).collect();
            parse_count(&words, true).filter(|c| c.len == words.len()).map(|c| c.value)
        })
        .or_else(|| (input.norm(count_start - 1) == "the").then_some(1))
        .filter(|&n| n <= 31);
    let Some(count) = count else { return date };
    // a date inside the phrase dates the other event, which this one is counted from
    let phrase_start = input.doc.tokens[count_start].range.start;
    let anchor_byte = input.doc.tokens[anchor].range.start;
    if date_byte.is_some_and(|b| b >= phrase_start && b < anchor_byte) {
        return date;
    }
    let days = i64::from(count * unit_days);
    let days = if OFFSET_AFTER.contains(&input.norm(relation)) { -days } else { days };
    let moved = value.date.add_days(days)?;
    Some((EventDate { date: moved, ..value }, origin))
}

/// The date of a bare weekday ("on Tuesday") read for an event still to come: the weekday
/// after the article date rather than the one before it.
pub(super) fn upcoming_weekday(
    input: &Input<'_, '_>,
    expression: &TimeExpression,
    future: bool,
) -> Option<EventDate> {
    let value = expression.value;
    let article = input.article_date?;
    if !future || value.precision != Precision::Day || value.date >= article.date {
        return None;
    }
    let text = input.doc.text.get(expression.range.clone())?.to_lowercase();
    let bare_weekday = WEEKDAYS.iter().any(|d| text.contains(d)) && !text.chars().any(|c| c.is_ascii_digit());
    if !bare_weekday {
        return None;
    }
    Some(EventDate { date: value.date.add_days(7)?, ..value })
}

/// Whether a time expression is a deadline ("leave by February 28", "until Friday"), which
/// dates what must happen, not the event that set it.
pub(super) fn is_deadline(input: &Input<'_, '_>, expression: &TimeExpression) -> bool {
    let before = input.doc.text.get(..expression.range.start).unwrap_or("").trim_end();
    let word = before.rsplit(|c: char| !c.is_alphanumeric()).next().unwrap_or("");
    DEADLINE_PREPOSITIONS.iter().any(|p| p.eq_ignore_ascii_case(word))
}
