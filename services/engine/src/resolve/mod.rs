//! From candidates to events: actors rendered, one real-world event mentioned several times
//! merged into one event with several mentions, dates and counts taken from the strongest
//! mention.

use crate::events::{Candidate, DateOrigin, Slot, is_domestic_institution};
use crate::mentions::actors::ActorMention;
use crate::model::{Actor, Details, Event, Location, Mention};
use crate::text::Document;

/// Renders a slot as an actor.
fn actor(doc: &Document<'_>, actors: &[ActorMention], slot: &Slot, home_country: &str) -> Actor {
    let a = &actors[slot.actor];
    let words = &actors[slot.words];
    let mut country = a.country.clone();
    if country.is_empty() && is_domestic_institution(a) {
        country = home_country.to_string();
    }
    Actor {
        country,
        sector: a.sector,
        name: a.name.clone(),
        text: doc.slice(words.start, words.end).to_string(),
        span: doc.char_span(&doc.token_range(words.start, words.end)),
    }
}

/// The country of an actor slot; empty when there is no actor.
fn country(a: &Option<Actor>) -> &str {
    a.as_ref().map_or("", |a| a.country.as_str())
}

fn compatible(a: &str, b: &str) -> bool {
    a.is_empty() || b.is_empty() || a == b
}

struct Building {
    event: Event,
    date_origin: Option<DateOrigin>,
}

/// Turns candidates into merged events in order of first mention.
pub fn merge(
    doc: &Document<'_>,
    actors: &[ActorMention],
    candidates: Vec<Candidate>,
    location_of: impl Fn(&Candidate) -> Option<Location>,
    home_country: &str,
) -> Vec<Event> {
    let mut built: Vec<Building> = Vec::new();
    for c in candidates {
        // computed once, and only when an event reads it
        let mut location: Option<Option<Location>> = None;
        let source = c.source.as_ref().map(|s| actor(doc, actors, s, home_country)).or_else(|| {
            // "eight people have been arrested": the authorities of the place acted
            c.implicit_source.map(|sector| Actor {
                country: location
                    .get_or_insert_with(|| location_of(&c))
                    .as_ref()
                    .map(|l| l.country.clone())
                    .filter(|c| !c.is_empty())
                    .unwrap_or_else(|| home_country.to_string()),
                sector: Some(sector),
                name: String::new(),
                text: String::new(),
                span: doc.char_span(&doc.token_range(c.trigger.start, c.trigger.end)),
            })
        });
        // an actor acting on itself is a misreading of the target ("they" resolved to the source)
        let same = matches!((&c.source, &c.target), (Some(s), Some(t)) if s.actor == t.actor);
        let target = if same { None } else { c.target.as_ref().map(|s| actor(doc, actors, s, home_country)) };
        // "recalled its ambassador to Uruguay": the relation cut is with the host country
        let target = target.map(|mut t| {
            if let Some(host) = &c.target_host {
                t.country = host.clone();
            }
            t
        });
        let sentence = &doc.sentences[c.sentence];
        let mention = Mention {
            sentence_index: c.sentence,
            sentence_span: doc.char_span(&sentence.range),
            sentence: doc.text[sentence.range.clone()].to_string(),
            trigger: doc.char_span(&doc.token_range(c.trigger.start, c.trigger.end)),
            source: source.as_ref().map(|a| a.span),
            target: target.as_ref().map(|a| a.span),
        };
        let (sc, tc) = (country(&source), country(&target));
        let exact = |b: &Building| country(&b.event.source) == sc && country(&b.event.target) == tc;
        let best_exact = built.iter().rposition(|b| exact(b) && b.event.category == c.category);
        let existing = built
            .iter_mut()
            .enumerate()
            .rev()
            .filter(|(i, _)| best_exact.is_none_or(|e| e == *i))
            .map(|(_, b)| b)
            .find(|b| {
                let e = &b.event;
                e.category == c.category
                    && (e.mode.is_none() || c.mode.is_none() || e.mode == c.mode)
                    && e.negated == c.negated
                    && e.hypothetical == c.hypothetical
                    && compatible(country(&e.source), sc)
                    && compatible(country(&e.target), tc)
                    && !(b.date_origin == Some(DateOrigin::Explicit)
                        && c.date.is_some_and(|(d, o)| o == DateOrigin::Explicit && Some(d) != e.date))
            });
        match existing {
            Some(b) => {
                let e = &mut b.event;
                e.mentions.push(mention);
                if e.mode.is_none() {
                    e.mode = c.mode;
                }
                fill_actor(&mut e.source, source);
                fill_actor(&mut e.target, target);
                if let Some((d, o)) = c.date
                    && b.date_origin.is_none_or(|bo| o < bo)
                {
                    e.date = Some(d);
                    b.date_origin = Some(o);
                }
                max_count(&mut e.details.count, c.count, &mut e.details.approximate);
                max_count(&mut e.details.killed, c.killed, &mut e.details.approximate);
                max_count(&mut e.details.injured, c.injured, &mut e.details.approximate);
                e.details.deadline_hours = e.details.deadline_hours.or(c.deadline_hours);
                e.details.summons |= c.summons;
                e.details.denial |= c.denial;
                e.confidence = e.confidence.max(c.confidence);
                if e.location.is_none() {
                    e.location = location.unwrap_or_else(|| location_of(&c));
                }
                for ctx in c.contexts {
                    if !e.contexts.contains(&ctx) {
                        e.contexts.push(ctx);
                    }
                }
            }
            None => {
                let location = location.unwrap_or_else(|| location_of(&c));
                let mut details = Details {
                    deadline_hours: c.deadline_hours,
                    summons: c.summons,
                    denial: c.denial,
                    ..Details::default()
                };
                max_count(&mut details.count, c.count, &mut details.approximate);
                max_count(&mut details.killed, c.killed, &mut details.approximate);
                max_count(&mut details.injured, c.injured, &mut details.approximate);
                built.push(Building {
                    date_origin: c.date.map(|(_, o)| o),
                    event: Event {
                        category: c.category,
                        mode: c.mode,
                        negated: c.negated,
                        future: c.future,
                        hypothetical: c.hypothetical,
                        historical: false,
                        contexts: c.contexts,
                        source,
                        target,
                        date: c.date.map(|(d, _)| d),
                        location,
                        confidence: c.confidence,
                        cameo: c.cameo,
                        mentions: vec![mention],
                        details,
                    },
                });
            }
        }
    }
    built.into_iter().map(|b| b.event).collect()
}

fn fill_actor(slot: &mut Option<Actor>, new: Option<Actor>) {
    match (slot.as_mut(), new) {
        (None, n) => *slot = n,
        (Some(old), Some(n)) if old.country.is_empty() && !n.country.is_empty() => *old = n,
        _ => {}
    }
}

fn max_count(slot: &mut Option<u32>, new: Option<(u32, bool)>, approximate: &mut bool) {
    if let Some((v, approx)) = new
        && slot.is_none_or(|old| v > old)
    {
        *slot = Some(v);
        *approximate |= approx;
    }
}
