//! Negation, future and hypothetical markers around a trigger, and the THREATEN mode of a
//! threatened act.

use std::ops::Range;

use crate::ontology::{Category, Mode};

use super::Input;
use super::rules::RuleMatch;
use super::words::{CONDITIONAL, FUTURE, HYPOTHETICAL, NEGATIONS};

/// How the words before a trigger qualify its event.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct Modality {
    /// "did not expel", "denied summoning".
    pub negated: bool,
    /// "will expel", "would expel", "plans to expel".
    pub future: bool,
    /// "could expel", "if …", "threatened to expel".
    pub hypothetical: bool,
    /// "would expel": a promised response, not an announced decision.
    pub conditional: bool,
}

impl Modality {
    /// A measure the source has decided and announces, to take effect later ("will expel"), as
    /// opposed to a warning or condition ("could expel", "would expel in return"). A "would"
    /// with specifics (a date, a number) is reported speech of a decision ("said it would
    /// recall its ambassador on Thursday").
    pub(super) fn decided_future(self, specifics: bool) -> bool {
        self.future && !self.negated && !self.hypothetical && (!self.conditional || specifics)
    }
}

pub(super) fn modality(input: &Input<'_, '_>, sentence: &Range<usize>, m: &RuleMatch) -> Modality {
    let from = m.anchor.saturating_sub(5).max(sentence.start);
    let mut found = Modality::default();
    for i in (from..m.anchor).rev() {
        let n = input.norm(i);
        if matches!(n, "," | ";" | "and" | "but" | "said" | "that" | "who" | "which") {
            break;
        }
        found.negated |= NEGATIONS.contains(&n);
        found.conditional |= CONDITIONAL.contains(&n);
        found.future |= FUTURE.contains(&n) || CONDITIONAL.contains(&n);
        found.hypothetical |= HYPOTHETICAL.contains(&n);
    }
    // "denied summoning", "refused to expel"
    if m.anchor > 0 && matches!(input.norm(m.anchor - 1), "denied" | "denies" | "deny") {
        found.negated = true;
    }
    found
}

/// The THREATEN mode for a threatened act.
pub(crate) fn threat_mode(category: Category, mode: Option<Mode>) -> Option<Mode> {
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

/// The REJECT mode of a refused cooperative act: what the refusal withholds.
pub(super) fn refusal_mode(category: Category) -> Option<Mode> {
    match category {
        Category::Aid | Category::Cooperate => Some(Mode::Assist),
        Category::Retreat | Category::Concede => Some(Mode::Yield),
        Category::Consult => Some(Mode::Meet),
        _ => None,
    }
}
