//! The closed-class word lists the event stage reads, from `data/lexicon/function_words.tsv`.

use std::sync::LazyLock;

/// The words of one closed-class list of `data/lexicon/function_words.tsv`.
pub(super) fn word_list(name: &str) -> Vec<&'static str> {
    crate::lexicon::function_words(name).collect()
}

pub(super) static BE_FORMS: LazyLock<Vec<&str>> = LazyLock::new(|| word_list("be-form"));
pub(super) static SKIPPABLE: LazyLock<Vec<&str>> = LazyLock::new(|| word_list("auxiliary-filler"));
pub(super) static AUXILIARIES: LazyLock<Vec<&str>> = LazyLock::new(|| word_list("auxiliary"));
pub(super) static NON_ARGUMENT_PREPOSITIONS: LazyLock<Vec<&str>> =
    LazyLock::new(|| word_list("non-argument-preposition"));
pub(super) static SUBJECT_BLOCKERS: LazyLock<Vec<&str>> = LazyLock::new(|| {
    // a subject is never the object of any preposition, argument-taking ones included
    let mut words = word_list("non-argument-preposition");
    words.extend(word_list("subject-blocker"));
    words
});

pub(super) static BACKGROUND_PREPOSITIONS: LazyLock<Vec<&str>> =
    LazyLock::new(|| word_list("background-preposition"));
/// The two words of each background phrase ("response to" → ("response", "to")).
pub(super) static BACKGROUND_PHRASES: LazyLock<Vec<(&str, &str)>> = LazyLock::new(|| {
    word_list("background-phrase").into_iter().filter_map(|phrase| phrase.split_once(' ')).collect()
});
pub(super) static NOUN_MARKERS: LazyLock<Vec<&str>> = LazyLock::new(|| word_list("noun-marker"));
pub(super) static MODIFIER_DETERMINERS: LazyLock<Vec<&str>> =
    LazyLock::new(|| word_list("modifier-determiner"));
pub(super) static REDUCED_RELATIVE_PREPOSITIONS: LazyLock<Vec<&str>> =
    LazyLock::new(|| word_list("reduced-relative-preposition"));
pub(super) static NEGATIONS: LazyLock<Vec<&str>> = LazyLock::new(|| word_list("negation"));
pub(super) static FUTURE: LazyLock<Vec<&str>> = LazyLock::new(|| word_list("future"));
pub(super) static HYPOTHETICAL: LazyLock<Vec<&str>> = LazyLock::new(|| word_list("hypothetical"));
pub(super) static CONDITIONAL: LazyLock<Vec<&str>> = LazyLock::new(|| word_list("conditional"));
pub(super) static CLAUSE_BREAKS: LazyLock<Vec<&str>> = LazyLock::new(|| word_list("clause-break"));
pub(super) static KILL_WORDS: LazyLock<Vec<&str>> = LazyLock::new(|| word_list("killed"));
pub(super) static INJURE_WORDS: LazyLock<Vec<&str>> = LazyLock::new(|| word_list("injured"));
pub(super) static PERSON_WORDS: LazyLock<Vec<&str>> = LazyLock::new(|| word_list("person"));
pub(super) static OBJECT_FILLERS: LazyLock<Vec<&str>> = LazyLock::new(|| word_list("object-filler"));
pub(super) static BACKGROUND_FILLERS: LazyLock<Vec<&str>> = LazyLock::new(|| word_list("background-filler"));
pub(super) static GOVERNANCE_BREAKS: LazyLock<Vec<&str>> = LazyLock::new(|| word_list("governance-break"));
pub(super) static DAY_UNITS: LazyLock<Vec<&str>> = LazyLock::new(|| word_list("day-unit"));
pub(super) static WEEK_UNITS: LazyLock<Vec<&str>> = LazyLock::new(|| word_list("week-unit"));
pub(super) static OFFSET_AFTER: LazyLock<Vec<&str>> = LazyLock::new(|| word_list("offset-after"));
pub(super) static OFFSET_BEFORE: LazyLock<Vec<&str>> = LazyLock::new(|| word_list("offset-before"));
pub(super) static WEEKDAYS: LazyLock<Vec<&str>> = LazyLock::new(|| word_list("weekday"));
pub(super) static DEADLINE_PREPOSITIONS: LazyLock<Vec<&str>> =
    LazyLock::new(|| word_list("deadline-preposition"));
pub(super) static COUNTERPARTS: LazyLock<Vec<&str>> = LazyLock::new(|| word_list("counterpart"));
pub(super) static CONTINUING_SUBJECTS: LazyLock<Vec<&str>> =
    LazyLock::new(|| word_list("continuing-subject"));
pub(super) static NOMINATIVE_PRONOUNS: LazyLock<Vec<&str>> =
    LazyLock::new(|| word_list("nominative-pronoun"));
