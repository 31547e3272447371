//! Calendar dates and the time expressions of news text ("on Tuesday", "December 26, 2023",
//! "last week"), resolved against the article date.

pub mod document;
pub mod durations;
pub mod expressions;

pub use document::{infer_year, parse_month_day};
pub use durations::duration_hours;
pub use expressions::{TimeExpression, find_time_expressions};

/// A proleptic Gregorian calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// Year, e.g. 2024.
    pub year: i32,
    /// Month 1–12.
    pub month: u8,
    /// Day 1–31.
    pub day: u8,
}

/// Day of the week, Monday first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Weekday {
    /// Monday.
    Monday,
    /// Tuesday.
    Tuesday,
    /// Wednesday.
    Wednesday,
    /// Thursday.
    Thursday,
    /// Friday.
    Friday,
    /// Saturday.
    Saturday,
    /// Sunday.
    Sunday,
}

impl Weekday {
    /// Monday = 0 … Sunday = 6.
    pub fn index(self) -> i64 {
        self as i64
    }

    fn from_index(i: i64) -> Weekday {
        const ALL: [Weekday; 7] = [
            Weekday::Monday,
            Weekday::Tuesday,
            Weekday::Wednesday,
            Weekday::Thursday,
            Weekday::Friday,
            Weekday::Saturday,
            Weekday::Sunday,
        ];
        ALL[i.rem_euclid(7) as usize]
    }
}

/// Whether `year` is a Gregorian leap year.
pub fn is_leap_year(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// Number of days in a month of a year.
pub fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(year) => 29,
        2 => 28,
        _ => 0,
    }
}

/// Days from 1970-01-01 to 0001-01-01, the first date the engine returns.
const MIN_DAYS_SINCE_EPOCH: i64 = -719_162;
/// Days from 1970-01-01 to 9999-12-31, the last date the engine returns.
const MAX_DAYS_SINCE_EPOCH: i64 = 2_932_896;

impl Date {
    /// A valid date, or `None` (month 13, February 30, years outside 1–9999).
    pub fn new(year: i32, month: u8, day: u8) -> Option<Date> {
        ((1..=9999).contains(&year)
            && (1..=12).contains(&month)
            && day >= 1
            && day <= days_in_month(year, month))
        .then_some(Date { year, month, day })
    }

    /// Parses strict ISO "YYYY-MM-DD".
    pub fn parse_iso(text: &str) -> Option<Date> {
        let b = text.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let num = |r: std::ops::Range<usize>| -> Option<u32> {
            let s = &text[r];
            s.bytes().all(|c| c.is_ascii_digit()).then(|| s.parse().ok()).flatten()
        };
        Date::new(num(0..4)? as i32, num(5..7)? as u8, num(8..10)? as u8)
    }

    /// Days since 1970-01-01 (negative before).
    pub fn days_since_epoch(self) -> i64 {
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `days` since 1970-01-01, or `None` outside years 1–9999 (the range every
    /// date the engine returns must stay in).
    pub fn from_days_since_epoch(days: i64) -> Option<Date> {
        if !(MIN_DAYS_SINCE_EPOCH..=MAX_DAYS_SINCE_EPOCH).contains(&days) {
            return None;
        }
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Some(Date { year, month, day })
    }

    /// This date moved by `days` (negative goes back), or `None` when that leaves years
    /// 1–9999 ("yesterday" on 0001-01-01, "tomorrow" on 9999-12-31).
    pub fn add_days(self, days: i64) -> Option<Date> {
        Date::from_days_since_epoch(self.days_since_epoch().checked_add(days)?)
    }

    /// Day of the week.
    pub fn weekday(self) -> Weekday {
        // 1970-01-01 was a Thursday (index 3).
        Weekday::from_index(self.days_since_epoch() + 3)
    }

    /// The most recent `weekday` on or before this date, or `None` when it falls before
    /// 0001-01-01.
    pub fn last_on_or_before(self, weekday: Weekday) -> Option<Date> {
        let back = (self.weekday().index() - weekday.index()).rem_euclid(7);
        self.add_days(-back)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn epoch_round_trip_and_weekdays() {
        let d = Date::new(2023, 12, 27).unwrap();
        assert_eq!(Date::from_days_since_epoch(d.days_since_epoch()), Some(d));
        assert_eq!(d.weekday(), Weekday::Wednesday);
        assert_eq!(Date::new(2024, 3, 14).unwrap().weekday(), Weekday::Thursday);
        assert_eq!(d.add_days(-1), Date::new(2023, 12, 26));
        assert_eq!(Date::new(2024, 3, 1).unwrap().add_days(-1), Date::new(2024, 2, 29));
        assert_eq!(d.last_on_or_before(Weekday::Tuesday), Date::new(2023, 12, 26));
        assert_eq!(d.last_on_or_before(Weekday::Wednesday), Some(d));
    }

    #[test]
    fn arithmetic_stays_within_years_1_to_9999() {
        let first = Date::new(1, 1, 1).unwrap();
        let last = Date::new(9999, 12, 31).unwrap();
        assert_eq!(first.days_since_epoch(), MIN_DAYS_SINCE_EPOCH);
        assert_eq!(last.days_since_epoch(), MAX_DAYS_SINCE_EPOCH);
        assert_eq!(Date::from_days_since_epoch(MIN_DAYS_SINCE_EPOCH), Some(first));
        assert_eq!(Date::from_days_since_epoch(MAX_DAYS_SINCE_EPOCH), Some(last));
        assert_eq!(first.add_days(-1), None);
        assert_eq!(last.add_days(1), None);
        assert_eq!(first.add_days(1), Date::new(1, 1, 2));
        assert_eq!(last.add_days(-1), Date::new(9999, 12, 30));
        assert_eq!(first.add_days(i64::MIN), None);
        assert_eq!(last.add_days(i64::MAX), None);
        assert_eq!(Date::from_days_since_epoch(i64::MIN), None);
        // 0001-01-01 was a Monday in the proleptic Gregorian calendar
        assert_eq!(first.weekday(), Weekday::Monday);
        assert_eq!(first.last_on_or_before(Weekday::Monday), Some(first));
        assert_eq!(first.last_on_or_before(Weekday::Sunday), None);
    }

    #[test]
    fn every_day_round_trips_through_the_epoch_count() {
        for days in (MIN_DAYS_SINCE_EPOCH..=MAX_DAYS_SINCE_EPOCH).step_by(997) {
            let d = Date::from_days_since_epoch(days).unwrap();
            assert_eq!(Date::new(d.year, d.month, d.day), Some(d));
            assert_eq!(d.days_since_epoch(), days);
        }
    }

    #[test]
    fn invalid_dates_are_rejected() {
        assert_eq!(Date::new(2023, 2, 29), None);
        assert_eq!(Date::new(2023, 13, 1), None);
        assert_eq!(Date::parse_iso("2023-02-30"), None);
        assert_eq!(Date::parse_iso("2023-2-3"), None);
        assert_eq!(Date::parse_iso("2024-02-29"), Date::new(2024, 2, 29));
    }
}

/// How precisely a date is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Precision {
    /// To the day.
    Day,
    /// To the month.
    Month,
    /// To the year.
    Year,
}

/// A calendar date known to some precision; `date` holds the first day of the period when
/// the precision is coarser than a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EventDate {
    /// The date (day 1 / month 1 fill unknown parts).
    pub date: Date,
    /// How much of `date` is known.
    pub precision: Precision,
    /// Whether it was resolved from a relative expression ("yesterday").
    pub relative: bool,
}

impl EventDate {
    /// ISO 8601 text cut to the precision: "2024-03-14", "2024-03" or "2024".
    pub fn iso(&self) -> String {
        let d = self.date;
        match self.precision {
            Precision::Day => format!("{:04}-{:02}-{:02}", d.year, d.month, d.day),
            Precision::Month => format!("{:04}-{:02}", d.year, d.month),
            Precision::Year => format!("{:04}", d.year),
        }
    }
}
