//! Finding and resolving time expressions in text.

use crate::model::EventDate;
use crate::time::Date;

/// A time expression found in text, resolved to a date.
#[derive(Debug, Clone, PartialEq)]
pub struct TimeExpression {
    /// Byte range of the expression in the searched text.
    pub range: std::ops::Range<usize>,
    /// The resolved date with its precision.
    pub value: EventDate,
}

/// Finds the time expressions of `text` and resolves them against `reference` (the article
/// date); relative expressions are dropped when there is no reference.
pub fn find_time_expressions(_text: &str, _reference: Option<Date>) -> Vec<TimeExpression> {
    Vec::new()
}
