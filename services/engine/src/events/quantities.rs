//! Numbers an event carries: people counted in its target, killed and injured counts, and a
//! departure deadline.

use std::ops::Range;

use crate::mentions::actors::ActorMention;
use crate::numbers::parse_count;
use crate::text::TokenKind;
use crate::time;

use super::Input;
use super::words::{INJURE_WORDS, KILL_WORDS, PERSON_WORDS};

/// A count before or inside the given actor ("two Belarusian diplomats").
pub(super) fn count_near(input: &Input<'_, '_>, actor: &ActorMention) -> Option<(u32, bool)> {
    let from = actor.start.saturating_sub(3);
    for i in from..actor.end {
        let t = &input.doc.tokens[i];
        if t.kind == TokenKind::Punct {
            continue;
        }
        let mut words = [""; 4];
        let n = actor.end.min(i + 4) - i;
        for (k, w) in words.iter_mut().enumerate().take(n) {
            *w = input.norm(i + k);
        }
        if let Some(c) = parse_count(&words[..n], false)
            && c.value > 0
        {
            return Some((c.value, c.approximate));
        }
    }
    None
}

/// A count and whether it is approximate.
pub(super) type Approximate = (u32, bool);

/// Killed and injured counts written in a sentence ("two people were killed", "killing 3",
/// "a man was shot and killed", "no one was injured").
pub(super) fn casualties(
    input: &Input<'_, '_>,
    sentence: &Range<usize>,
) -> (Option<Approximate>, Option<Approximate>) {
    let mut killed: Option<Approximate> = None;
    let mut injured: Option<Approximate> = None;
    for i in sentence.clone() {
        let n = input.norm(i);
        let slot = if KILL_WORDS.contains(&n) {
            &mut killed
        } else if INJURE_WORDS.contains(&n) {
            &mut injured
        } else {
            continue;
        };
        let mut found = None;
        // forward: "killing three people", "killed 3"
        if matches!(n, "killed" | "killing" | "injuring" | "wounding" | "wounded" | "injured")
            && i + 1 < sentence.end
        {
            let words: Vec<&str> = (i + 1..(i + 5).min(sentence.end)).map(|k| input.norm(k)).collect();
            if let Some(c) = parse_count(&words, false) {
                let after = words.get(c.len).copied().unwrap_or("");
                if !matches!(
                    after,
                    "years"
                        | "year"
                        | "times"
                        | "percent"
                        | "hours"
                        | "minutes"
                        | "days"
                        | "months"
                        | "a.m."
                        | "p.m."
                ) {
                    found = Some((c.value, c.approximate));
                }
            }
        }
        // backward: "two people were killed", "a man was shot and killed"
        if found.is_none() {
            let from = i.saturating_sub(8).max(sentence.start);
            for j in (from..i).rev() {
                let w = input.norm(j);
                if matches!(w, "." | ";" | "and" | "but")
                    && j + 1 < i
                    && !matches!(input.norm(j + 1), "killed" | "wounded" | "injured")
                    && w != "and"
                {
                    break;
                }
                if matches!(w, "no" | "nobody" | "none") && (w != "no" || input.norm(j + 1) == "one") {
                    found = Some((0, false));
                    break;
                }
                let words: Vec<&str> = (j..(j + 4).min(i)).map(|k| input.norm(k)).collect();
                if let Some(c) = parse_count(&words, true) {
                    let noun = words.get(c.len).copied().unwrap_or("");
                    let noun_ok = c.value != 1
                        || words[0] != "a"
                        || PERSON_WORDS.iter().any(|p| noun.contains(p))
                        || noun.ends_with("-old");
                    if noun_ok
                        && !matches!(noun, "years" | "year" | "times" | "shots" | "rounds" | "hours" | "days")
                    {
                        found = Some((c.value, c.approximate));
                        break;
                    }
                }
                if matches!(w, "he" | "she") {
                    found = Some((1, false));
                    break;
                }
            }
        }
        if let Some(f) = found
            && slot.is_none_or(|(v, _)| f.0 > v)
        {
            *slot = Some(f);
        }
    }
    (killed, injured)
}

pub(super) fn deadline(input: &Input<'_, '_>, sentence: &Range<usize>) -> Option<u32> {
    if !sentence.clone().any(|i| matches!(input.norm(i), "leave" | "depart" | "deadline")) {
        return None;
    }
    let text = input.doc.text;
    let end = input.doc.tokens[sentence.end - 1].range.end;
    sentence.clone().find_map(|i| {
        let t = &input.doc.tokens[i];
        (t.kind != TokenKind::Punct).then(|| time::duration_hours(&text[t.range.start..end])).flatten()
    })
}
