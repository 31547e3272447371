//! Places of an article and of its events: where the article is from (its dateline, else the
//! place it names with a subdivision, else the place it names most), and the place named in an
//! event's own sentence.

use std::collections::HashMap;

use crate::frame::Frame;
use crate::lexicon::{EntryKind, Gazetteer, LexMatch};
use crate::mentions::actors::{ActorKind, ActorMention};
use crate::model::Location;
use crate::text::Document;

/// Where the article is from: its dateline, else the first place with a subdivision (US
/// local news), else the place named most often.
pub(crate) fn home_place(
    g: &Gazetteer,
    frame: &Frame,
    doc: &Document<'_>,
    actors: &[ActorMention],
) -> Option<Location> {
    home_from_dateline(g, frame, doc)
        .or_else(|| actors.iter().find(|a| !a.admin1.is_empty()).map(|a| place_location(doc, a)))
        .or_else(|| most_mentioned(actors, |a| a.kind == ActorKind::Place).map(|a| place_location(doc, a)))
}

/// The first place named inside the token range of a sentence (`actors` sorted by start).
pub(crate) fn sentence_place(
    doc: &Document<'_>,
    actors: &[ActorMention],
    sentence: &std::ops::Range<usize>,
) -> Option<Location> {
    let first = actors.partition_point(|a| a.start < sentence.start);
    actors[first..]
        .iter()
        .take_while(|a| a.start <= sentence.end)
        .find(|a| a.kind == ActorKind::Place && a.end <= sentence.end)
        .map(|a| place_location(doc, a))
}

/// A city named with "in" or "at" inside a larger mention of the sentence ("police in Lagos",
/// "the foreign ministry in Nairobi"), which the actor it belongs to does not report as a place.
pub(crate) fn embedded_place(
    g: &Gazetteer,
    doc: &Document<'_>,
    matches: &[LexMatch<'_>],
    sentence: &std::ops::Range<usize>,
) -> Option<Location> {
    let first = matches.partition_point(|m| m.start < sentence.start);
    matches[first..].iter().take_while(|m| m.end <= sentence.end).find_map(|m| {
        if m.start == 0 || !matches!(&*doc.tokens[m.start - 1].norm, "in" | "at") {
            return None;
        }
        let e = m
            .entries
            .iter()
            .map(|&i| &g.entries[i as usize])
            .filter(|e| matches!(e.kind, EntryKind::City | EntryKind::Capital))
            .filter(|_| doc.tokens[m.start].capitalized || doc.lower_cased)
            .max_by_key(|e| e.population)?;
        Some(Location {
            name: e.canonical.clone(),
            country: e.code.clone(),
            admin1: e.admin1.clone(),
            coordinates: None,
            span: Some(doc.char_span(&doc.token_range(m.start, m.end))),
        })
    })
}

/// The country whose state or institutions the article names most often (earliest on a tie),
/// for an article without a dateline or a place: whose "foreign ministry" it means.
pub(crate) fn most_mentioned_country(actors: &[ActorMention]) -> Option<String> {
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for a in actors {
        let national = a.country.len() == 3
            && !crate::ontology::is_special_country_code(&a.country)
            && matches!(a.kind, ActorKind::State | ActorKind::Organization | ActorKind::Person);
        if !national {
            continue;
        }
        match counts.iter_mut().find(|(c, _)| *c == a.country) {
            Some((_, n)) => *n += 1,
            None => counts.push((&a.country, 1)),
        }
    }
    let best = counts.iter().map(|(_, n)| *n).max()?;
    counts.iter().find(|(_, n)| *n == best).map(|(c, _)| c.to_string())
}

/// The place named most often among the mentions that pass `want` (earliest on a tie).
fn most_mentioned(actors: &[ActorMention], want: impl Fn(&ActorMention) -> bool) -> Option<&ActorMention> {
    let places: Vec<(&ActorMention, String)> =
        actors.iter().filter(|a| want(a)).map(|a| (a, a.name.to_lowercase())).collect();
    let mut counts: HashMap<(&str, &str), usize> = HashMap::new();
    for (a, name) in &places {
        *counts.entry((name, &a.admin1)).or_default() += 1;
    }
    let mut best: Option<(&ActorMention, usize)> = None;
    for (a, name) in &places {
        let n = counts[&(name.as_str(), a.admin1.as_str())];
        if best.is_none_or(|(_, m)| n > m) {
            best = Some((a, n));
        }
    }
    best.map(|(a, _)| a)
}

/// The location of a place mention.
fn place_location(doc: &Document<'_>, a: &ActorMention) -> Location {
    Location {
        name: if a.kind == ActorKind::Place { a.name.clone() } else { doc.slice(a.start, a.end).to_string() },
        country: a.country.clone(),
        admin1: a.admin1.clone(),
        coordinates: None,
        span: Some(doc.char_span(&doc.token_range(a.start, a.end))),
    }
}

/// The place of the dateline, resolved through the gazetteer ("FRANKFORT, Ky." is in US-KY).
pub(crate) fn home_from_dateline(g: &Gazetteer, frame: &Frame, doc: &Document<'_>) -> Option<Location> {
    let (place, range) = frame.dateline_place.as_ref()?;
    // "FRANKFORT, Ky. —": the second part is a US state
    let state =
        frame.dateline_country.as_ref().and_then(|c| g.lookup(c).find(|e| e.kind == EntryKind::UsState));
    if let Some(state) = state {
        return Some(Location {
            name: titlecase(place),
            country: "USA".to_string(),
            admin1: state.admin1.clone(),
            coordinates: None,
            span: Some(doc.char_span(range)),
        });
    }
    let country_hint: Option<String> = frame
        .dateline_country
        .as_ref()
        .and_then(|c| g.lookup(c).find(|e| e.kind == EntryKind::Country).map(|e| e.code.clone()));
    let entry = g
        .lookup(place)
        .filter(|e| matches!(e.kind, EntryKind::Capital | EntryKind::City | EntryKind::UsState))
        .filter(|e| country_hint.as_ref().is_none_or(|c| &e.code == c))
        .max_by_key(|e| (e.kind == EntryKind::Capital, e.population));
    let name = entry.map(|e| e.canonical.clone()).unwrap_or_else(|| titlecase(place));
    let country = entry.map(|e| e.code.clone()).or(country_hint)?;
    Some(Location {
        name,
        country,
        admin1: entry.map(|e| e.admin1.clone()).unwrap_or_default(),
        coordinates: None,
        span: Some(doc.char_span(range)),
    })
}

/// "NEW DELHI" → "New Delhi".
fn titlecase(s: &str) -> String {
    s.split_whitespace()
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c.flat_map(char::to_lowercase)).collect::<String>())
                .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ")
}
