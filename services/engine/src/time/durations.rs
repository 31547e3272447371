//! Durations of news text, such as departure deadlines: "within 48 hours", "seven days",
//! "a week", "a 72-hour deadline".

use crate::numbers::parse_count;

/// Hours in one unit, for the unit words a deadline uses; months count 30 days, years 365.
fn unit_hours(word: &str) -> Option<u32> {
    Some(match word {
        "hour" | "hours" | "hr" | "hrs" | "h" => 1,
        "day" | "days" => 24,
        "week" | "weeks" => 168,
        "fortnight" | "fortnights" => 336,
        "month" | "months" => 720,
        "year" | "years" => 8760,
        _ => return None,
    })
}

/// Words that may come before the amount without changing it.
const LEAD_WORDS: &[&str] = &["within", "in", "for", "the", "next", "a", "an", "of", "just", "only"];

fn strip(word: &str) -> String {
    word.trim_matches(|c: char| !c.is_alphanumeric() && c != '-').to_lowercase()
}

/// Hours in a duration phrase at the start of `text`: "48 hours" → 48, "72 hours", "within 48
/// hours", "seven days" → 168, "a week" → 168, "two weeks" → 336, "one month" → 720, "a
/// 72-hour deadline" → 72. `None` when `text` does not start with a duration, for vague
/// amounts ("dozens of hours") and when the hours overflow.
pub fn duration_hours(text: &str) -> Option<u32> {
    let words: Vec<&str> = text.split_whitespace().take(12).collect();
    let mut i = 0;
    // Skip "within the next", "in", "for", but keep an article that is the amount ("a week").
    while i < words.len() {
        let w = strip(words[i]);
        if !LEAD_WORDS.contains(&w.as_str()) {
            break;
        }
        let next_is_unit = words.get(i + 1).is_some_and(|n| unit_hours(&strip(n)).is_some());
        if (w == "a" || w == "an") && next_is_unit {
            return unit_hours(&strip(words[i + 1]));
        }
        i += 1;
    }
    let first = words.get(i)?;
    let cleaned = strip(first);
    // "72-hour", "seven-day", "twenty-four-hour".
    if let Some((amount, unit)) = cleaned.rsplit_once('-')
        && let Some(per) = unit_hours(unit)
    {
        let count = parse_count(&[amount], true)?;
        return (!count.approximate && count.len == 1).then(|| count.value.checked_mul(per)).flatten();
    }
    let count = parse_count(&words[i..], true)?;
    if count.approximate {
        return None;
    }
    let unit = words.get(i + count.len)?;
    let per = unit_hours(&strip(unit))?;
    count.value.checked_mul(per)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hours_days_weeks_months() {
        assert_eq!(duration_hours("48 hours to leave"), Some(48));
        assert_eq!(duration_hours("72 hours"), Some(72));
        assert_eq!(duration_hours("within 48 hours."), Some(48));
        assert_eq!(duration_hours("Within 24 hours"), Some(24));
        assert_eq!(duration_hours("seven days"), Some(168));
        assert_eq!(duration_hours("a week"), Some(168));
        assert_eq!(duration_hours("two weeks"), Some(336));
        assert_eq!(duration_hours("one month"), Some(720));
        assert_eq!(duration_hours("a day"), Some(24));
        assert_eq!(duration_hours("within the next 72 hours"), Some(72));
        assert_eq!(duration_hours("a 72-hour deadline"), Some(72));
        assert_eq!(duration_hours("seven-day"), Some(168));
        assert_eq!(duration_hours("twenty-four hours"), Some(24));
        assert_eq!(duration_hours("WITHIN 48 HOURS"), Some(48));
        assert_eq!(duration_hours("an hour"), Some(1));
    }

    proptest::proptest! {
        #[test]
        fn never_panics(text in "\\PC{0,40}|(within |a |the next )?[0-9a-z-]{0,12} (hours|days|week|months)") {
            let _ = duration_hours(&text);
        }
    }

    #[test]
    fn not_durations() {
        assert_eq!(duration_hours("48 people"), None);
        assert_eq!(duration_hours("hours later"), None);
        assert_eq!(duration_hours("dozens of hours"), None);
        assert_eq!(duration_hours("within days"), None);
        assert_eq!(duration_hours("a second"), None);
        assert_eq!(duration_hours("the embassy"), None);
        assert_eq!(duration_hours(""), None);
        assert_eq!(duration_hours("five-year-old"), None);
        assert_eq!(duration_hours("99999999999 hours"), None);
        assert_eq!(duration_hours("a"), None);
    }
}
