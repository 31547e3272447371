//! From candidates to events: actors rendered, one real-world event mentioned several times
//! merged into one event with several mentions, dates and counts taken from the strongest
//! mention.

use crate::events::{Candidate, DateOrigin, Slot, is_domestic_institution, threat_mode};
use crate::fxhash::{FxHashMap, FxHashSet};
use crate::mentions::actors::ActorMention;
use crate::model::{Actor, CharSpan, Details, Event, EventDate, Location, Mention, Precision};
use crate::ontology::{Category, Mode, Sector};
use crate::text::Document;

/// How many sentences back a source-less mention looks for the event it continues.
const SOURCE_CARRY_SENTENCES: usize = 4;

/// How many of the latest events a new mention is compared with when looking for the event it
/// repeats. News stories report far fewer; the bound keeps merging linear in the length of a
/// text that names thousands of distinct events.
const MERGE_LOOKBACK: usize = 256;

/// Renders a slot as an actor.
fn actor(doc: &Document<'_>, actors: &[ActorMention], slot: &Slot, home_country: &str) -> Actor {
    let a = &actors[slot.actor];
    let words = &actors[slot.words];
    let mut country = a.country.clone();
    // "police in Lagos": a domestic institution belongs to the country it is in, else to the
    // article's home country
    if country.is_empty() && is_domestic_institution(a) {
        country = if a.host_country.is_empty() { home_country } else { &a.host_country }.to_string();
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

/// An actor the text implies but does not name (the authorities of a place); its span is the
/// trigger's, its words are none.
fn unnamed(country: String, sector: Sector, span: CharSpan) -> Actor {
    Actor { country, sector: Some(sector), name: String::new(), text: String::new(), span }
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
        let trigger_span = doc.char_span(&doc.token_range(c.trigger.start, c.trigger.end));
        let named_place =
            c.source_country.as_ref().map(|country| unnamed(country.clone(), Sector::Gov, trigger_span));
        let source =
            c.source.as_ref().map(|s| actor(doc, actors, s, home_country)).or(named_place).or_else(|| {
                // "eight people have been arrested": the authorities of the place acted
                c.implicit_source.map(|sector| {
                    let country = location
                        .get_or_insert_with(|| location_of(&c))
                        .as_ref()
                        .map(|l| l.country.clone())
                        .filter(|c| !c.is_empty())
                        .unwrap_or_else(|| home_country.to_string());
                    unnamed(country, sector, trigger_span)
                })
            });
        // an actor acting on itself is a misreading of the target ("they" resolved to the source)
        let same = matches!((&c.source, &c.target), (Some(s), Some(t)) if s.actor == t.actor);
        let target = if same { None } else { c.target.as_ref().map(|s| actor(doc, actors, s, home_country)) };
        // "Israel summons envoys … The ambassadors of Peru and Chile will be summoned": a mention
        // with a target but no source continues the latest such event of the story
        let source = source.or_else(|| {
            let target = target.as_ref()?;
            built
                .iter()
                .rev()
                .take_while(|b| {
                    b.event
                        .mentions
                        .last()
                        .is_some_and(|m| m.sentence_index + SOURCE_CARRY_SENTENCES >= c.sentence)
                })
                .find(|b| b.event.category == c.category && !country(&b.event.source).is_empty())
                .and_then(|b| b.event.source.clone())
                .filter(|s| s.country != target.country)
        });
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
        let recent = built.len().saturating_sub(MERGE_LOOKBACK);
        let best_exact = built[recent..]
            .iter()
            .rposition(|b| exact(b) && b.event.category == c.category)
            .map(|i| i + recent);
        let existing = built
            .iter_mut()
            .enumerate()
            .skip(recent)
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
                        && c.date.is_some_and(|(d, o)| {
                            o == DateOrigin::Explicit && e.date.is_some_and(|old| !dates_agree(old, d))
                        }))
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
                // the strongest origin wins; between two explicit dates, the more precise one
                if let Some((d, o)) = c.date
                    && (b.date_origin.is_none_or(|bo| o < bo)
                        || (b.date_origin == Some(o) && e.date.is_some_and(|old| finer(d, old))))
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
    let mut events: Vec<Event> = built.into_iter().map(|b| b.event).collect();
    for e in &mut events {
        // an actor acting on its own country and sector is a misread target
        if let (Some(s), Some(t)) = (&e.source, &e.target)
            && !s.country.is_empty()
            && s.country == t.country
            && s.sector == t.sector
        {
            e.target = None;
        }
    }
    address_responses(&mut events);
    drop_actorless(absorb_untargeted(events))
}

/// In a story whose events name their parties, a mention that names no party's country at all
/// is a passing word ("talks", "aid", "the arrest of suspects"), not an event of the story:
/// it is dropped. Attacks, protests and mobilisations stand without a named party; so does any
/// event of a text that names no party anywhere.
fn drop_actorless(mut events: Vec<Event>) -> Vec<Event> {
    let anchored = |e: &Event| !country(&e.source).is_empty() || !country(&e.target).is_empty();
    if !events.iter().any(anchored) {
        return events;
    }
    events.retain(|e| {
        anchored(e) || matches!(e.category, Category::Assault | Category::Protest | Category::Mobilize)
    });
    events
}

/// Mentions that lack a target, where the article names the target elsewhere:
/// - a mention of the same act with a target and the same (or no) source is the same event
///   ("Oslo expelled two Iranian diplomats … The expulsion was announced on Friday"): its
///   mentions join that event;
/// - in a sentence whose act has a target, a second act without one is the first one's motive
///   or manner ("recalled its envoy in protest at the offensive", "summoned the ambassador to
///   convey its regret"), not an event of its own: it is dropped.
///
/// Only untargeted events are dropped, so the targeted ones are fixed: the first of each
/// category, and the first of each category and source, are kept in tables (updated when a
/// joined mention gives an event its source), which keeps this pass linear in the events.
fn absorb_untargeted(mut events: Vec<Event>) -> Vec<Event> {
    let targeted_sentences: FxHashSet<usize> = events
        .iter()
        .filter(|e| !country(&e.target).is_empty())
        .flat_map(|e| e.mentions.iter().map(|m| m.sentence_index))
        .collect();
    let mut first_of_category: FxHashMap<Category, usize> = FxHashMap::default();
    let mut first_of_source: FxHashMap<(Category, String), usize> = FxHashMap::default();
    for (j, e) in events.iter().enumerate().rev().filter(|(_, e)| !country(&e.target).is_empty()) {
        first_of_category.insert(e.category, j);
        first_of_source.insert((e.category, country(&e.source).to_string()), j);
    }
    let mut keep = vec![true; events.len()];
    for i in 0..events.len() {
        if !country(&events[i].target).is_empty() {
            continue;
        }
        let category = events[i].category;
        let source = country(&events[i].source).to_string();
        let same_event = if category.target_optional() {
            None
        } else if source.is_empty() {
            first_of_category.get(&category).copied()
        } else {
            first_of_source.get(&(category, source.clone())).copied()
        };
        if let Some(j) = same_event {
            let mentions = std::mem::take(&mut events[i].mentions);
            let new_source = events[i].source.take();
            let e = &mut events[j];
            e.mentions.extend(mentions);
            e.mentions.sort_by_key(|m| m.sentence_index);
            let before = country(&e.source).is_empty();
            fill_actor(&mut e.source, new_source);
            if before && !country(&e.source).is_empty() {
                let first = first_of_source.entry((category, country(&e.source).to_string())).or_insert(j);
                *first = (*first).min(j);
            }
            keep[i] = false;
            continue;
        }
        let secondary = !matches!(category, Category::Protest | Category::Mobilize)
            && events[i].mentions.iter().all(|m| targeted_sentences.contains(&m.sentence_index));
        if secondary {
            keep[i] = false;
        }
    }
    let mut keep = keep.into_iter();
    events.retain(|_| keep.next().unwrap_or(true));
    events
}

/// "Warsaw has rejected the allegation", "Moscow would respond", "Russia condemned the
/// attack": a rejection, threat or accusation without a target answers the country that last
/// acted on the speaker (an earlier event of another country aimed at it); failing that, a
/// rejection answers the latest accusation or request of another country, and an accusation
/// the latest act of force or pressure of another country.
///
/// One pass in story order with running records (the latest actor of another country that
/// acted on each country; the latest two countries that accused, and that used force), so the
/// work is linear in the events.
fn address_responses(events: &mut [Event]) {
    // the latest act aimed at each country, by whom
    let mut acted_on: FxHashMap<String, Actor> = FxHashMap::default();
    // the mode of threat that answers the latest measure taken by one country against another
    let mut answer_in_kind: FxHashMap<(String, String), Mode> = FxHashMap::default();
    let mut accusers = LatestTwo::default();
    let mut forceful = LatestTwo::default();
    for e in events.iter_mut() {
        let category = e.category;
        let own = country(&e.source).to_string();
        let act = acted_on.get(&own);
        if matches!(category, Category::Reject | Category::Threaten | Category::Accuse)
            && e.target.is_none()
            && !own.is_empty()
        {
            let fallback = match category {
                Category::Reject => accusers.other_than(&own),
                Category::Accuse => forceful.other_than(&own),
                _ => None,
            };
            if let Some(mut answered) = act.cloned().or_else(|| fallback.cloned()) {
                // the answered party is named elsewhere: no words of this sentence stand for it
                answered.text.clear();
                e.target = Some(answered);
            }
        }
        // "would respond in kind" to an expulsion threatens an expulsion
        if category == Category::Threaten && e.mode.is_none() && !own.is_empty() {
            e.mode = answer_in_kind.get(&(country(&e.target).to_string(), own.clone())).copied();
        }
        let (Some(source), target) = (e.source.as_ref(), country(&e.target)) else { continue };
        if source.country.is_empty() {
            continue;
        }
        if !target.is_empty() && target != source.country {
            acted_on.insert(target.to_string(), source.clone());
            if let Some(mode) = threat_mode(category, e.mode).filter(|_| category != Category::Threaten) {
                answer_in_kind.insert((source.country.clone(), target.to_string()), mode);
            }
        }
        if matches!(category, Category::Accuse | Category::Request) {
            accusers.push(source);
        }
        if matches!(
            category,
            Category::Assault
                | Category::Protest
                | Category::Coerce
                | Category::Sanction
                | Category::Mobilize
        ) {
            forceful.push(source);
        }
    }
}

/// The latest two actors of different countries seen so far.
#[derive(Default)]
struct LatestTwo {
    latest: Option<Actor>,
    before: Option<Actor>,
}

impl LatestTwo {
    fn push(&mut self, actor: &Actor) {
        if self.latest.as_ref().is_some_and(|l| l.country != actor.country) {
            self.before = self.latest.take();
        }
        self.latest = Some(actor.clone());
    }

    /// The latest of them whose country is not `own`.
    fn other_than(&self, own: &str) -> Option<&Actor> {
        [&self.latest, &self.before].into_iter().flatten().find(|a| a.country != own)
    }
}

/// Whether two dates can be the same day: equal, or one is coarser and contains the other.
fn dates_agree(a: EventDate, b: EventDate) -> bool {
    let coarser = if finer(a, b) { b.precision } else { a.precision };
    let same_year = a.date.year == b.date.year;
    match coarser {
        Precision::Day => a.date == b.date,
        Precision::Month => same_year && a.date.month == b.date.month,
        Precision::Year => same_year,
    }
}

fn precision_rank(p: Precision) -> u8 {
    match p {
        Precision::Day => 0,
        Precision::Month => 1,
        Precision::Year => 2,
    }
}

/// Whether `a` is more precise than `b`.
fn finer(a: EventDate, b: EventDate) -> bool {
    precision_rank(a.precision) < precision_rank(b.precision)
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
