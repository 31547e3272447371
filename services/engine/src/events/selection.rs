//! Which rule matches of a sentence become candidates: the strongest of overlapping matches,
//! without triggers governed by another trigger or set in a background phrase.

use crate::mentions::actors::ActorKind;
use crate::ontology::{Category, QuadClass};
use crate::text::TokenKind;

use super::Input;
use super::rules::{Element, Rule, RuleMatch};
use super::words::{
    BACKGROUND_FILLERS, BACKGROUND_PHRASES, BACKGROUND_PREPOSITIONS, GOVERNANCE_BREAKS, MODIFIER_DETERMINERS,
    NOUN_MARKERS, REDUCED_RELATIVE_PREPOSITIONS,
};

/// Number of literal words in a rule.
pub(super) fn weight(rule: &Rule) -> usize {
    rule.elements.iter().filter(|e| matches!(e, Element::Word(_))).count()
}

/// Whether a participle trigger modifies the plural group right before it and is followed by
/// a preposition other than "by" (a reduced relative clause: "officials blamed for …").
fn describes_people_before(input: &Input<'_, '_>, m: &RuleMatch) -> bool {
    if m.end != m.anchor + 1 {
        return false;
    }
    let Some(next) = input.doc.tokens.get(m.end) else { return false };
    if !REDUCED_RELATIVE_PREPOSITIONS.contains(&next.norm.as_ref()) {
        return false;
    }
    input
        .actors_ending_near(m.start, m.start)
        .any(|(_, a)| a.end == m.start && matches!(a.kind, ActorKind::Group | ActorKind::Person) && a.plural)
}

/// A capitalised "March" that does not open its sentence: the month.
fn is_month_march(input: &Input<'_, '_>, i: usize) -> bool {
    let t = &input.doc.tokens[i];
    let opens_sentence = input.doc.sentences[t.sentence].tokens.start == i;
    input.norm(i) == "march" && t.capitalized && !opens_sentence && !input.doc.lower_cased
}

/// Keeps the strongest of overlapping matches: more literal words first, then the longer span;
/// for equal noun/verb readings of one word, the noun after a determiner.
pub(super) fn select_matches(input: &Input<'_, '_>, mut matches: Vec<RuleMatch>) -> Vec<RuleMatch> {
    let rules = &input.rules.rules;
    let noun_marker_at =
        |i: usize| NOUN_MARKERS.contains(&input.norm(i)) || input.doc.tokens[i].kind == TokenKind::Number;
    // the anchors some noun rule also matches: only there can a modifier decide for the noun
    let noun_anchors: Vec<usize> =
        matches.iter().filter(|m| rules[m.rule as usize].flags.noun).map(|m| m.anchor).collect();
    // "the attack", and "the Israeli attack" / "a terrorist attack": an actor used as a modifier
    // between the determiner and the word keeps the noun reading
    let noun_context = |m: &RuleMatch| {
        if m.anchor == 0 {
            return false;
        }
        let before = m.anchor - 1;
        if noun_marker_at(before) {
            return true;
        }
        let mut i = before;
        while i > 0 && input.covered(i) && input.doc.tokens[i].kind == TokenKind::Word && m.anchor - i <= 3 {
            i -= 1;
        }
        if i == before {
            return false;
        }
        // only after a determiner word, through an adjective-like singular modifier, before a word
        // that is no past form and that a noun rule reads too ("the rebel group attacked", "the
        // person slain", "the Chilean president met" stay verbs)
        let modifier_plural = input
            .actors_ending_near(before, before)
            .any(|(_, a)| a.start <= before && before < a.end && a.plural);
        let determiner = MODIFIER_DETERMINERS.contains(&input.norm(i));
        determiner
            && !modifier_plural
            && !m.participle
            && !input.norm(m.anchor).ends_with("ed")
            && noun_anchors.contains(&m.anchor)
    };
    matches.sort_by(|a, b| {
        let (ra, rb) = (&rules[a.rule as usize], &rules[b.rule as usize]);
        weight(rb)
            .cmp(&weight(ra))
            .then((b.end - b.start).cmp(&(a.end - a.start)))
            .then_with(|| {
                let pref = |m: &RuleMatch| rules[m.rule as usize].flags.noun == noun_context(m);
                pref(b).cmp(&pref(a))
            })
            .then(a.start.cmp(&b.start))
    });
    let mut kept: Vec<RuleMatch> = Vec::new();
    for m in matches {
        let rule = &rules[m.rule as usize];
        if m.start > 0 && rule.flags.not_after.iter().any(|w| w == input.norm(m.start - 1)) {
            continue;
        }
        // "March 14" is a date, not a march; so is a capitalised "March" inside a sentence
        // ("on March 28", "last March"), which the time finder leaves alone without a year
        let anchor = &input.doc.tokens[m.anchor].range;
        if input.in_time_expression(anchor) || is_month_march(input, m.anchor) {
            continue;
        }
        // a verb rule needs a verb form: not after a determiner
        if !rule.flags.noun && weight(rule) == 1 && noun_context(&m) {
            continue;
        }
        // "officials blamed for the incursion": a participle describing the people before it
        // recalls what was said of them, it reports no new statement (acts of force and
        // repression described this way did happen, and stay)
        let verbal =
            matches!(rule.category.quad_class(), QuadClass::VerbalCooperation | QuadClass::VerbalConflict);
        if verbal && !rule.flags.noun && m.participle && describes_people_before(input, &m) {
            continue;
        }
        // a noun rule needs a noun form: not after "to" or a modal
        if rule.flags.noun
            && m.anchor > 0
            && matches!(
                input.norm(m.anchor - 1),
                "to" | "will"
                    | "would"
                    | "could"
                    | "may"
                    | "might"
                    | "should"
                    | "must"
                    | "did"
                    | "not"
                    | "n't"
            )
        {
            continue;
        }
        if kept.iter().any(|k| k.start < m.end && m.start < k.end) {
            continue;
        }
        kept.push(m);
    }
    kept.sort_by_key(|m| m.start);
    // "rejected the call for talks", "agreed to release": a noun or infinitive right after
    // another trigger is that trigger's content, not an event of its own.
    // A noun joined to a governed noun by "and"/"or" is governed too ("condemned the shooting
    // and suicide attack").
    let mut governed_flags = vec![false; kept.len()];
    for (k, m) in kept.iter().enumerate() {
        let rule = &rules[m.rule as usize];
        let infinitive = m.anchor > 0 && input.norm(m.anchor - 1) == "to";
        // "discussed reopening the border": a gerund is its governor's content too, unless it
        // names violence or repression, which happened whatever is said of it ("investigating
        // shooting")
        let gerund = m.anchor > 0
            && input.norm(m.anchor).ends_with("ing")
            && input.doc.tokens[m.anchor - 1].kind != TokenKind::Punct
            && !matches!(rule.category, Category::Assault | Category::Coerce | Category::Protest);
        if !(rule.flags.noun || infinitive || gerund) {
            continue;
        }
        governed_flags[k] = kept[..k].iter().enumerate().any(|(j, g)| {
            let by_verb = !rules[g.rule as usize].flags.noun;
            let by_noun = governed_flags[j];
            (by_verb || by_noun)
                && g.end <= m.start
                && m.start - g.end <= 8
                && !(g.end..m.start).any(|i| {
                    let n = input.norm(i);
                    GOVERNANCE_BREAKS.contains(&n) || (by_verb && !by_noun && matches!(n, "and" | ","))
                })
        });
    }
    let governed = |k: usize| governed_flags[k];
    // "after the attack", "amid protests": a nominal event inside an adverbial phrase is
    // background to the sentence's own event, reported in its own right elsewhere.
    let background = |m: &RuleMatch| {
        if !rules[m.rule as usize].flags.noun {
            return false;
        }
        let mut i = m.start;
        while i > 0 {
            i -= 1;
            let t = &input.doc.tokens[i];
            let n = t.norm.as_ref();
            if BACKGROUND_FILLERS.contains(&n)
                || (t.capitalized && t.kind == TokenKind::Word)
                || t.kind == TokenKind::Number
                || input.covered(i)
            {
                continue;
            }
            return BACKGROUND_PREPOSITIONS.contains(&n)
                || (i > 0 && BACKGROUND_PHRASES.contains(&(input.norm(i - 1), n)));
        }
        false
    };
    let keep: Vec<bool> = kept.iter().enumerate().map(|(k, m)| !governed(k) && !background(m)).collect();
    kept.into_iter().zip(keep).filter_map(|(m, k)| k.then_some(m)).collect()
}
