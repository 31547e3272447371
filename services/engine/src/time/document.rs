//! Date helpers for a whole document: the month and day of a dateline ("BAKU, Azerbaijan,
//! December 27.") and the year to complete it with, taken from dates written elsewhere.

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;

use crate::time::Precision;
use crate::time::expressions::{MONTH, find_time_expressions, month_number};

/// "December 27", "Dec. 27", "27 December", "Oct 9th", with nothing but punctuation around.
static MONTH_DAY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)^[\s\p{{P}}]*(?:(?P<m1>{MONTH})\s*(?P<d1>\d{{1,2}})|(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m2>{MONTH}))(?:st|nd|rd|th)?[\s\p{{P}}]*$"
    ))
    .expect("built-in month-day regex is valid")
});

/// Completes a month/day with no year (a dateline "December 27.") using years written
/// elsewhere in the text: the most frequent four-digit year 1900..=2100 in `text` that appears
/// in a date-like context; `None` when none.
///
/// Date-like contexts are the absolute expressions of
/// [`find_time_expressions`]: full dates and "March 2024"
/// count twice, a year alone ("in 2018", "since 2021") once, since those often name the past.
/// Ties go to the later year.
pub fn infer_year(text: &str) -> Option<i32> {
    let mut votes: HashMap<i32, u32> = HashMap::new();
    for expr in find_time_expressions(text, None) {
        let value = expr.value;
        if value.relative || !(1900..=2100).contains(&value.date.year) {
            continue;
        }
        let weight = if value.precision == Precision::Year { 1 } else { 2 };
        *votes.entry(value.date.year).or_default() += weight;
    }
    votes.into_iter().max_by_key(|&(year, n)| (n, year)).map(|(year, _)| year)
}

/// Parses a dateline fragment such as "December 27", "Dec. 27", "27 December", "March 14",
/// "Oct 9" (no year) into (month, day). Surrounding spaces and punctuation ("December 27.")
/// are allowed; anything else, or a day the month never has, gives `None`.
pub fn parse_month_day(text: &str) -> Option<(u8, u8)> {
    let caps = MONTH_DAY.captures(text)?;
    let (m, d) = match (caps.name("m1"), caps.name("d1")) {
        (Some(m), Some(d)) => (m, d),
        _ => (caps.name("m2")?, caps.name("d2")?),
    };
    let month = month_number(m.as_str())?;
    let day: u8 = d.as_str().parse().ok()?;
    // A leap year, so that February 29 passes.
    (day >= 1 && day <= crate::time::days_in_month(2000, month)).then_some((month, day))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn month_day_forms() {
        assert_eq!(parse_month_day("December 27"), Some((12, 27)));
        assert_eq!(parse_month_day("December 27."), Some((12, 27)));
        assert_eq!(parse_month_day("Dec. 27"), Some((12, 27)));
        assert_eq!(parse_month_day("27 December"), Some((12, 27)));
        assert_eq!(parse_month_day("March 14"), Some((3, 14)));
        assert_eq!(parse_month_day("Oct 9"), Some((10, 9)));
        assert_eq!(parse_month_day("  oct 9 —"), Some((10, 9)));
        assert_eq!(parse_month_day("sept. 3"), Some((9, 3)));
        assert_eq!(parse_month_day("the 4th of July"), None);
        assert_eq!(parse_month_day("4th of July"), Some((7, 4)));
        assert_eq!(parse_month_day("Feb 29"), Some((2, 29)));
    }

    #[test]
    fn month_day_rejects() {
        assert_eq!(parse_month_day("February 30"), None);
        assert_eq!(parse_month_day("December"), None);
        assert_eq!(parse_month_day("December 27 2023 in Baku"), None);
        assert_eq!(parse_month_day("Octopus 9"), None);
        assert_eq!(parse_month_day("December 0"), None);
        assert_eq!(parse_month_day("December 123"), None);
        assert_eq!(parse_month_day(""), None);
    }

    #[test]
    fn infers_the_year_written_in_dates() {
        let text = "BAKU, Azerbaijan, December 27. The ministry recalled the events of December 20, 2023 \
                    and its note of December 2023, after talks broke down in 2019.";
        assert_eq!(infer_year(text), Some(2023));
        assert_eq!(infer_year("this article is from june 7, 2004. pune: officials said"), Some(2004));
        assert_eq!(infer_year("Relations soured in 2020."), Some(2020));
    }

    #[test]
    fn infer_year_ignores_numbers_that_are_not_years() {
        assert_eq!(infer_year("Some 2000 people marched; 1999 votes were cast."), None);
        assert_eq!(infer_year("December 27. No year anywhere."), None);
        assert_eq!(infer_year(""), None);
        // Ties go to the later year.
        assert_eq!(infer_year("in 2019 and in 2021"), Some(2021));
    }
}
