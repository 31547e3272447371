//! Negation, future and hypothetical markers around a trigger, and the THREATEN mode of a
//! threatened act.

use std::ops::Range;

use crate::ontology::{Category, Mode};

use super::Input;
use super::rules::RuleMatch;
use super::words::{FUTURE, HYPOTHETICAL, NEGATIONS};

pub(super) fn modality(input: &Input<'_, '_>, sentence: &Range<usize>, m: &RuleMatch) -> (bool, bool, bool) {
    let from = m.anchor.saturating_sub(5).max(sentence.start);
    let mut negated = false;
    let mut future = false;
    let mut hypothetical = false;
    for i in (from..m.anchor).rev() {
        let n = input.norm(i);
        if matches!(n, "," | ";" | "and" | "but" | "said" | "that" | "who" | "which") {
            break;
        }
        negated |= NEGATIONS.contains(&n);
        future |= FUTURE.contains(&n);
        hypothetical |= HYPOTHETICAL.contains(&n);
    }
    // "denied summoning", "refused to expel"
    if m.anchor > 0 && matches!(input.norm(m.anchor - 1), "denied" | "denies" | "deny") {
        negated = true;
    }
    (negated, future, hypothetical)
}

/// The THREATEN mode for a threatened act.
pub(super) fn threat_mode(category: Category, mode: Option<Mode>) -> Option<Mode> {
    match (category, mode) {
        (Category::Sanction, Some(Mode::Expel)) => Some(Mode::Expel),
        (Category::Sanction, Some(Mode::Withdraw)) => Some(Mode::Relations),
        (Category::Sanction, _) => Some(Mode::Restrict),
        (Category::Coerce, Some(Mode::Arrest)) => Some(Mode::Arrest),
        (Category::Coerce, _) => Some(Mode::Restrict),
        (Category::Assault, _) => Some(Mode::Violence),
        _ => None,
    }
}
