//! Source and target from the words around a trigger: the subject before it, the object
//! after it, "by"/"of"/"to" phrases, possessives, coordinated actors, and the resolution of
//! pronouns, definite descriptions and quote speakers to earlier actors.

use std::ops::Range;

use crate::mentions::actors::{ActorKind, ActorMention};
use crate::text::TokenKind;

use super::rules::RuleMatch;
use super::words::{
    AUXILIARIES, BE_FORMS, CLAUSE_BREAKS, COUNTERPARTS, NOMINATIVE_PRONOUNS, NON_ARGUMENT_PREPOSITIONS,
    SKIPPABLE, SUBJECT_BLOCKERS,
};
use super::{Input, Slot, SlotOrigin};

/// Whether tokens between two triggers make the second a coordinated verb of the first.
pub(super) fn coordinated(input: &Input<'_, '_>, previous_end: usize, start: usize) -> bool {
    if previous_end >= start {
        return false;
    }
    let between = previous_end..start;
    between.clone().any(|i| matches!(input.norm(i), "and" | "then"))
        && !input.actors_starting(between.start, between.end + 1).any(|(_, a)| {
            a.end <= between.end
                && a.kind != ActorKind::Place
                && !input.preceded_by(a, &NON_ARGUMENT_PREPOSITIONS)
                && {
                    // an actor right before the second verb is its own subject
                    a.end + 2 >= start
                }
        })
}

pub(super) fn is_passive(input: &Input<'_, '_>, m: &RuleMatch) -> bool {
    if !m.participle {
        return false;
    }
    let mut i = m.anchor;
    let mut steps = 0;
    while i > 0 && steps < 4 {
        i -= 1;
        steps += 1;
        let n = input.norm(i);
        if BE_FORMS.contains(&n) {
            return true;
        }
        if SKIPPABLE.contains(&n) || n.ends_with("ly") || n == "had" || n == "have" || n == "has" {
            continue;
        }
        break;
    }
    // a participle coordinated with a passive: "was summoned … and handed a note"
    let sentence_start = input.doc.sentences[input.doc.tokens[m.anchor].sentence].tokens.start;
    if m.anchor > sentence_start + 1 && input.norm(m.anchor - 1) == "and" {
        let and = m.anchor - 1;
        let before = and.saturating_sub(8).max(sentence_start);
        let passive_before = (before..and)
            .any(|k| matches!(input.norm(k), "was" | "were" | "is" | "are" | "been"))
            && !input.actors_starting(before, and).any(|(_, a)| a.kind != ActorKind::Place)
            && input.doc.tokens[and - 1].kind != TokenKind::Punct;
        if passive_before {
            return true;
        }
    }
    // reduced relative: "two diplomats expelled by Poland"
    m.end < input.doc.tokens.len() && input.norm(m.end) == "by"
}

/// The subject: the nearest actor before the trigger that is not the object of a preposition.
pub(super) fn subject_before(input: &Input<'_, '_>, sentence: &Range<usize>, m: &RuleMatch) -> Option<usize> {
    let window = sentence.start..m.start;
    let mut best = None;
    let mut last = None;
    for (i, _) in input.actors_in(&window) {
        last = Some(i);
        if !input.prepositional(i, &SUBJECT_BLOCKERS) {
            best = Some(i);
        }
    }
    // "a day after Bangladesh summoned …": right before its verb an actor is the subject,
    // whatever word introduces the clause
    if let Some(i) = last {
        let a = &input.actors[i];
        let between = a.end..m.start;
        if a.kind != ActorKind::Pronoun
            && between.len() <= 2
            && between
                .clone()
                .all(|k| AUXILIARIES.contains(&input.norm(k)) || SKIPPABLE.contains(&input.norm(k)))
        {
            return Some(i);
        }
    }
    best
}

/// The actors coordinated before `actor` with commas and "and" ("France and Germany summoned
/// …", "Peru, Chile and the Czech Republic"), each a distinct country of the same kind.
pub(super) fn conjuncts(input: &Input<'_, '_>, actor: usize) -> Vec<usize> {
    coordinated_actors(input, actor, Direction::Before)
}

/// The actors coordinated after `actor` with commas and "and" ("the consuls of Ghana, Togo and
/// Benin": Togo and Benin after Ghana), each a distinct country of the same kind.
pub(super) fn conjuncts_after(input: &Input<'_, '_>, actor: usize) -> Vec<usize> {
    coordinated_actors(input, actor, Direction::After)
}

/// Which way a list is walked from one of its members.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Direction {
    Before,
    After,
}

/// The members of the list `actor` belongs to, walking one way from it: each joined to the
/// previous one by commas, "and" and an optional "the", of the same kind, with a country not yet
/// in the list.
fn coordinated_actors(input: &Input<'_, '_>, actor: usize, direction: Direction) -> Vec<usize> {
    let joiner = |i: usize| matches!(input.norm(i), "," | "and" | "the");
    let mut out = Vec::new();
    let mut current = actor;
    let mut seen = vec![input.actors[actor].country.as_str()];
    loop {
        let a = &input.actors[current];
        // the token range between this member and the next one
        let mut i = match direction {
            Direction::Before => a.start,
            Direction::After => a.end,
        };
        let mut joined = false;
        loop {
            let next_token = match direction {
                Direction::Before if i > 0 => i - 1,
                Direction::After if i < input.doc.tokens.len() => i,
                _ => break,
            };
            if !joiner(next_token) {
                break;
            }
            joined |= input.norm(next_token) != "the";
            i = match direction {
                Direction::Before => i - 1,
                Direction::After => i + 1,
            };
        }
        if !joined {
            return out;
        }
        // actors are sorted by start: look only where the next member can be
        let found = match direction {
            Direction::Before => input.actors_ending_near(i, i).find(|(_, b)| b.end == i).map(|(k, _)| k),
            Direction::After => {
                let k = input.first_actor_from(i);
                input.actors.get(k).is_some_and(|b| b.start == i).then_some(k)
            }
        };
        let Some(next) = found else { return out };
        let b = &input.actors[next];
        if b.kind != a.kind || b.country.is_empty() || seen.contains(&b.country.as_str()) {
            return out;
        }
        seen.push(b.country.as_str());
        out.push(next);
        current = next;
    }
}

/// The object: the first actor after the trigger (inside a gap first) before a clause break.
pub(super) fn object_after(
    input: &Input<'_, '_>,
    sentence: &Range<usize>,
    m: &RuleMatch,
    allow: &[&str],
) -> Option<usize> {
    for &(gs, ge) in &m.gaps {
        if let Some((i, _)) = input.actors_starting_in(&(gs..ge)).next() {
            return Some(i);
        }
    }
    let mut end = (m.end + 10).min(sentence.end);
    for i in m.end..end {
        if CLAUSE_BREAKS.contains(&input.norm(i)) {
            end = i;
            break;
        }
    }
    // the object may start inside the pattern itself ("recalled its @ambassador to X")
    input
        .actors_starting_in(&(m.anchor + 1..end))
        .filter(|(_, a)| !pronoun_not_object(input, a))
        .find(|(i, a)| !input.prepositional(*i, &NON_ARGUMENT_PREPOSITIONS) || input.preceded_by(a, allow))
        .map(|(i, _)| i)
}

/// A pronoun after a verb that is not its object: the subject of a clause that describes the
/// object ("cut the visas it issues"), or "her" owning the noun after it ("invited her
/// counterpart").
fn pronoun_not_object(input: &Input<'_, '_>, a: &ActorMention) -> bool {
    if a.kind != ActorKind::Pronoun {
        return false;
    }
    let Some(next) = input.doc.tokens.get(a.end) else { return false };
    if a.pronoun == "her" {
        return input.actors_starting(a.end, a.end + 1).next().is_some();
    }
    NOMINATIVE_PRONOUNS.contains(&a.pronoun)
        && next.kind == TokenKind::Word
        && !SUBJECT_BLOCKERS.contains(&next.norm.as_ref())
        && !CLAUSE_BREAKS.contains(&next.norm.as_ref())
}

/// The actor right after `word` following the trigger ("by X", "to X", "from X", "of X").
pub(super) fn after_word(
    input: &Input<'_, '_>,
    sentence: &Range<usize>,
    m: &RuleMatch,
    word: &str,
    reach: usize,
) -> Option<usize> {
    let end = (m.end + reach).min(sentence.end);
    input.actors_starting_in(&(m.end..end)).find(|(_, a)| input.preceded_by(a, &[word])).map(|(i, _)| i)
}

/// A possessive actor right before a noun trigger ("Poland's expulsion").
pub(super) fn possessor(input: &Input<'_, '_>, m: &RuleMatch) -> Option<usize> {
    input
        .actors_ending_near(m.start.saturating_sub(2), m.start)
        .find(|(_, a)| {
            a.end <= m.start
                && a.end + 2 >= m.start
                && input.doc.tokens[a.end - 1].norm == "'s"
                && a.kind != ActorKind::Place
        })
        .map(|(i, _)| i)
}

/// Resolves pronouns and quote speakers to an earlier actor; fills a missing country of a
/// domestic institution with the article's home country.
pub(super) fn resolve_slot(input: &Input<'_, '_>, slot: Slot) -> Slot {
    let a = &input.actors[slot.actor];
    if a.kind == ActorKind::Pronoun {
        let target = match a.pronoun {
            "we" | "us" => quote_speaker(input, a.start),
            "he" | "she" | "him" | "her" => antecedent(input, a.start, |x| x.kind == ActorKind::Person),
            // people before institutions: "two diplomats were expelled by the government; they …"
            "they" | "them" => antecedent(input, a.start, |x| {
                x.plural || matches!(x.kind, ActorKind::Organization | ActorKind::State)
            }),
            _ => antecedent(input, a.start, |x| matches!(x.kind, ActorKind::Organization | ActorKind::State)),
        };
        if let Some(t) = target {
            return Slot { actor: t, words: slot.words, origin: SlotOrigin::Resolved };
        }
    } else if a.country.is_empty() {
        // "these individuals", "the ministry": an earlier mention with a country that names the
        // same head noun ("the Israeli foreign ministry spokesman" for "the ministry"), else an
        // earlier actor of the same sector
        let definite = input.doc.tokens[a.start.saturating_sub(1)].norm == "the"
            || input.norm(a.start.saturating_sub(1)) == "these";
        if matches!(a.kind, ActorKind::Organization | ActorKind::Group) && definite {
            let head = input.norm(a.end - 1);
            let same_head = antecedent(input, a.start, |x| {
                !x.country.is_empty() && (x.start..x.end).any(|k| input.norm(k) == head)
            });
            let same_sector = || {
                antecedent(input, a.start, |x| {
                    !x.country.is_empty()
                        && x.sector == a.sector
                        && x.sector.is_some()
                        && (x.kind == a.kind || x.kind == ActorKind::Organization)
                })
            };
            // a bare institution ("the ministry") with no earlier mention naming it belongs to the
            // home country, not to the nearest official ("the Russian ambassador was summoned to
            // the ministry")
            let fallback = || if super::is_domestic_institution(a) { None } else { same_sector() };
            if let Some(t) = same_head.or_else(fallback) {
                return Slot { actor: t, words: slot.words, origin: SlotOrigin::Resolved };
            }
        }
    }
    slot
}

/// "invited his counterpart": a counterpart with no country of its own is the other side of
/// the story, the latest earlier actor of a country other than the source's.
pub(super) fn other_side(input: &Input<'_, '_>, target: Slot, source: Option<&Slot>) -> Slot {
    let a = &input.actors[target.actor];
    let Some(own) = source.map(|s| input.actors[s.actor].country.as_str()).filter(|c| !c.is_empty()) else {
        return target;
    };
    if !a.country.is_empty() || !(a.start..a.end).any(|k| COUNTERPARTS.contains(&input.norm(k))) {
        return target;
    }
    let side = antecedent(input, a.start, |x| {
        !x.country.is_empty()
            && x.country != own
            && matches!(x.kind, ActorKind::State | ActorKind::Person | ActorKind::Organization)
    });
    match side {
        Some(actor) => Slot { actor, words: target.words, origin: SlotOrigin::Resolved },
        None => target,
    }
}

/// The most recent earlier actor (this sentence or the three before) that satisfies `want`.
pub(super) fn antecedent(
    input: &Input<'_, '_>,
    before: usize,
    want: impl Fn(&ActorMention) -> bool,
) -> Option<usize> {
    let sentence = input.doc.tokens[before].sentence;
    let first = input.doc.sentences[sentence.saturating_sub(3)].tokens.start;
    input
        .actors_starting(first, before + 1)
        .filter(|(_, x)| {
            x.end <= before && x.start >= first && x.kind != ActorKind::Pronoun && x.kind != ActorKind::Place
        })
        .filter(|(_, x)| want(x))
        .map(|(i, _)| i)
        .next_back()
}

/// The speaker of the quote a token sits in: the actor next to "said"/"says" in the sentence.
pub(super) fn quote_speaker(input: &Input<'_, '_>, at: usize) -> Option<usize> {
    let s = input.doc.tokens[at].sentence;
    let range = input.sentence_tokens(s);
    let said = range
        .clone()
        .find(|&i| matches!(input.norm(i), "said" | "says" | "stated" | "told" | "added" | "declared"))?;
    input
        .actors_in(&range)
        .filter(|(_, a)| {
            a.kind != ActorKind::Pronoun
                && (a.end <= said && a.end + 2 >= said || a.start > said && a.start <= said + 2)
        })
        .map(|(i, _)| i)
        .next()
}
