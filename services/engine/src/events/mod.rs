//! Event triggers and their arguments: rule matches in each sentence become candidate events
//! whose source and target are filled from the actor mentions around the trigger, with
//! voice, modality, date, counts and location read from the sentence.

mod arguments;
mod dating;
pub mod inflect;
mod modality;
mod quantities;
pub mod rules;
mod selection;
mod words;

use std::cell::OnceCell;
use std::ops::Range;

use crate::mentions::actors::{ActorKind, ActorMention};
use crate::model::{EventDate, Precision};
use crate::ontology::{Category, Context, Mode, Sector};
use crate::text::{Document, TokenKind};
use crate::time::TimeExpression;
use arguments::{
    after_word, conjuncts, conjuncts_after, coordinated, is_passive, object_after, other_side, possessor,
    resolve_slot, subject_before,
};
pub(crate) use modality::threat_mode;
use modality::{Modality, modality, refusal_mode};
use quantities::{Approximate, casualties, count_near, deadline};
use rules::{Rule, RuleMatch, RuleSet};
use selection::{select_matches, weight};
use words::{CONTINUING_SUBJECTS, OBJECT_FILLERS};

/// Where an event's date came from, strongest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum DateOrigin {
    /// A time expression in the event's own sentence.
    Explicit,
    /// The last time expression of an earlier sentence of the same paragraph.
    Inherited,
    /// The article date.
    Article,
}

/// How an argument slot was filled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SlotOrigin {
    /// Directly by the pattern or syntax.
    Explicit,
    /// Through a pronoun, a quote speaker or a default country.
    Resolved,
}

/// An argument of a candidate event.
#[derive(Debug, Clone)]
pub struct Slot {
    /// The actor mention (index into the document's actor list).
    pub actor: usize,
    /// The mention the words come from (a pronoun's own mention when resolved).
    pub words: usize,
    /// How it was filled.
    pub origin: SlotOrigin,
}

/// One event mention before merging.
#[derive(Debug, Clone)]
pub struct Candidate {
    /// Index of the rule that fired.
    pub rule: u32,
    /// Category.
    pub category: Category,
    /// Mode.
    pub mode: Option<Mode>,
    /// CAMEO code.
    pub cameo: String,
    /// Sentence index.
    pub sentence: usize,
    /// Trigger tokens.
    pub trigger: Range<usize>,
    /// Source slot.
    pub source: Option<Slot>,
    /// Target slot.
    pub target: Option<Slot>,
    /// Negated.
    pub negated: bool,
    /// Future.
    pub future: bool,
    /// Hypothetical.
    pub hypothetical: bool,
    /// Date and where it came from.
    pub date: Option<(EventDate, DateOrigin)>,
    /// People counted (expelled, arrested…).
    pub count: Option<(u32, bool)>,
    /// People killed.
    pub killed: Option<(u32, bool)>,
    /// People injured.
    pub injured: Option<(u32, bool)>,
    /// Departure deadline in hours.
    pub deadline_hours: Option<u32>,
    /// Contexts.
    pub contexts: Vec<Context>,
    /// The source's country when the text names only where the act came from ("from Minsk").
    pub source_country: Option<String>,
    /// The target's country when the rule names the envoy's host country instead.
    pub target_host: Option<String>,
    /// The sector of an implicit source (the place's authorities) when the text names none.
    pub implicit_source: Option<Sector>,
    /// Summons.
    pub summons: bool,
    /// Denial.
    pub denial: bool,
    /// Confidence in [0, 1].
    pub confidence: f32,
}

/// Everything the event stage reads.
pub struct Input<'d, 'a> {
    /// The document.
    pub doc: &'d Document<'a>,
    /// Actor mentions, sorted by start.
    pub actors: &'d [ActorMention],
    /// Rules.
    pub rules: &'d RuleSet,
    /// Time expressions of the whole text (byte ranges into the text), sorted and
    /// non-overlapping as [`time::find_time_expressions`] returns them.
    pub times: &'d [TimeExpression],
    /// The article date.
    pub article_date: Option<EventDate>,
    /// Alpha-3 of the article's home country (dateline), when known.
    pub home_country: &'d str,
    /// The longest actor mention, in tokens: with the order by start, it bounds the searches
    /// for an actor by where it ends.
    max_actor_len: usize,
}

impl<'d, 'a> Input<'d, 'a> {
    /// Everything the event stage reads. `actors` must be sorted by start, and `times` sorted
    /// and non-overlapping.
    pub fn new(
        doc: &'d Document<'a>,
        actors: &'d [ActorMention],
        rules: &'d RuleSet,
        times: &'d [TimeExpression],
        article_date: Option<EventDate>,
        home_country: &'d str,
    ) -> Input<'d, 'a> {
        debug_assert!(actors.windows(2).all(|w| w[0].start <= w[1].start), "actors sorted by start");
        debug_assert!(times.windows(2).all(|w| w[0].range.end <= w[1].range.start), "times in order");
        let max_actor_len = actors.iter().map(|a| a.end.saturating_sub(a.start)).max().unwrap_or(0);
        Input { doc, actors, rules, times, article_date, home_country, max_actor_len }
    }
}

impl Input<'_, '_> {
    fn norm(&self, i: usize) -> &str {
        &self.doc.tokens[i].norm
    }

    fn sentence_tokens(&self, s: usize) -> Range<usize> {
        self.doc.sentences[s].tokens.clone()
    }

    /// Index of the first actor that starts at or after token `t`.
    fn first_actor_from(&self, t: usize) -> usize {
        self.actors.partition_point(|a| a.start < t)
    }

    /// Every actor (with its index) whose start is in `[from, to)`, in order.
    fn actors_starting(
        &self,
        from: usize,
        to: usize,
    ) -> impl DoubleEndedIterator<Item = (usize, &ActorMention)> {
        let first = self.first_actor_from(from);
        let last = self.first_actor_from(to).max(first);
        self.actors[first..last].iter().enumerate().map(move |(k, a)| (first + k, a))
    }

    /// Every actor that may end in `[from, to]`: a superset, in order, bounded by the
    /// longest mention.
    pub(super) fn actors_ending_near(
        &self,
        from: usize,
        to: usize,
    ) -> impl Iterator<Item = (usize, &ActorMention)> {
        self.actors_starting(from.saturating_sub(self.max_actor_len), to + 1)
    }

    fn actors_in(&self, tokens: &Range<usize>) -> impl Iterator<Item = (usize, &ActorMention)> {
        let end = tokens.end;
        self.actors_starting(tokens.start, end.saturating_add(1))
            .filter(move |(_, a)| a.end <= end && a.kind != ActorKind::Place)
    }

    /// Actors that start inside `tokens` (they may run past its end) within one sentence.
    fn actors_starting_in(&self, tokens: &Range<usize>) -> impl Iterator<Item = (usize, &ActorMention)> {
        self.actors_starting(tokens.start, tokens.end).filter(|(_, a)| a.kind != ActorKind::Place)
    }

    /// Whether any actor covers token `i`.
    fn covered(&self, i: usize) -> bool {
        self.actors_ending_near(i + 1, i + 1).any(|(_, a)| a.start <= i && i < a.end)
    }

    /// Time expressions inside a byte range.
    fn times_within(&self, range: &Range<usize>) -> impl Iterator<Item = &TimeExpression> {
        let first = self.times.partition_point(|t| t.range.start < range.start);
        let (start, end) = (range.start, range.end);
        self.times[first..]
            .iter()
            .take_while(move |t| t.range.start <= end)
            .filter(move |t| t.range.start >= start && t.range.end <= end)
    }

    /// Whether a time expression covers a byte range.
    fn in_time_expression(&self, range: &Range<usize>) -> bool {
        // in order and apart, so ends grow with starts: only the last expressions starting
        // at or before the range can reach past its end
        let upto = self.times.partition_point(|t| t.range.start <= range.start);
        self.times[..upto]
            .iter()
            .rev()
            .take_while(|t| t.range.end > range.start)
            .any(|t| range.end <= t.range.end)
    }

    /// Whether an actor is the object of a preposition, directly or as a later conjunct
    /// ("relating to Ukraine, Georgia, and Azerbaijan").
    fn prepositional(&self, index: usize, prepositions: &[&str]) -> bool {
        let a = &self.actors[index];
        if self.preceded_by(a, prepositions) {
            return true;
        }
        if a.start > 0 && matches!(self.norm(a.start - 1), "and" | "or" | ",") {
            let before = a.start - 1 - usize::from(a.start >= 2 && self.norm(a.start - 2) == ",");
            if let Some(prev) = self
                .actors_ending_near(before, a.start - 1)
                .find(|(_, p)| p.end == before || p.end == a.start - 1)
                .map(|(k, _)| k)
                && prev != index
                && self.actors[prev].sentence_of(self.doc) == a.sentence_of(self.doc)
            {
                return self.prepositional(prev, prepositions);
            }
        }
        false
    }

    fn preceded_by(&self, a: &ActorMention, words: &[&str]) -> bool {
        // skip determiners and numbers between the preposition and the actor
        let mut i = a.start;
        while i > 0 {
            i -= 1;
            let n = self.norm(i);
            if OBJECT_FILLERS.contains(&n) || self.doc.tokens[i].kind == TokenKind::Number {
                continue;
            }
            return words.contains(&n);
        }
        false
    }
}

/// Finds the candidate events of every sentence.
pub fn find_candidates(input: &Input<'_, '_>) -> Vec<Candidate> {
    let norms: Vec<&str> = input.doc.tokens.iter().map(|t| t.norm.as_ref()).collect();
    let mut out = Vec::new();
    let mut last_paragraph_date: Option<(usize, EventDate)> = None;
    for (s, sentence) in input.doc.sentences.iter().enumerate() {
        let range = sentence.tokens.clone();
        // a new paragraph starts a new date, unless it goes on about the last one's subject
        // ("… arrived in Colombo yesterday. ¶ He handed over …")
        let continues =
            input.doc.tokens.get(range.start).is_some_and(|t| CONTINUING_SUBJECTS.contains(&t.norm.as_ref()));
        if let Some((p, _)) = last_paragraph_date
            && p != sentence.paragraph
            && !continues
        {
            last_paragraph_date = None;
        }
        let context = SentenceContext {
            index: s,
            times: input.times_within(&sentence.range).collect(),
            inherited_date: last_paragraph_date.map(|(_, d)| d),
            casualties: OnceCell::new(),
            deadline: OnceCell::new(),
        };
        let matches = select_matches(input, input.rules.find(&norms, range.start, range.end));
        let mut previous_source: Option<Slot> = None;
        let mut previous_end = range.start;
        for m in &matches {
            let rule = &input.rules.rules[m.rule as usize];
            if let Some(mut c) = candidate(input, rule, m, &context) {
                // "X declared … and gave them 72 hours": a coordinated verb keeps the subject
                if (c.source.is_none() || coordinated(input, previous_end, m.start))
                    && let Some(prev) =
                        previous_source.clone().filter(|_| coordinated(input, previous_end, m.start))
                {
                    c.source = Some(prev);
                }
                previous_source = c.source.clone();
                previous_end = m.end;
                // one event per coordinated source; a pair acting together with no one else
                // named acts towards each other ("Kyrgyzstan and Tajikistan agreed on a ceasefire")
                let coordinated_sources =
                    c.source.as_ref().map(|s| conjuncts(input, s.actor)).unwrap_or_default();
                let mutual =
                    coordinated_sources.len() == 1 && c.target.is_none() && rule.category.is_mutual();
                if mutual {
                    let partner = coordinated_sources[0];
                    c.target = Some(Slot { actor: partner, words: partner, origin: SlotOrigin::Explicit });
                }
                for other in coordinated_sources {
                    let mut copy = c.clone();
                    copy.source = Some(Slot { actor: other, words: other, origin: SlotOrigin::Explicit });
                    if mutual {
                        copy.target = c.source.clone();
                    }
                    out.push(copy);
                }
                // and one per coordinated target of a diplomatic measure ("the ambassadors of
                // A, B and C were summoned", "expelled the consuls of A and B")
                let diplomatic_measure = rule.flags.summons || c.category == Category::Sanction;
                let coordinated_targets = c
                    .target
                    .as_ref()
                    .filter(|t| diplomatic_measure && t.actor == t.words)
                    .map(|t| {
                        let mut all = conjuncts(input, t.actor);
                        all.extend(conjuncts_after(input, t.actor));
                        all
                    })
                    .unwrap_or_default();
                for other in coordinated_targets {
                    if c.source.as_ref().is_some_and(|s| s.actor == other) {
                        continue;
                    }
                    let mut copy = c.clone();
                    copy.target = Some(Slot { actor: other, words: other, origin: SlotOrigin::Explicit });
                    out.push(copy);
                }
                out.push(c);
            }
        }
        if let Some(t) = context.times.iter().rev().find(|t| t.value.precision != Precision::Year) {
            last_paragraph_date = Some((sentence.paragraph, t.value));
        }
    }
    out
}

/// One sentence as its candidates read it: its time expressions, the date it inherits from its
/// paragraph, and what all its candidates share, computed on first use.
struct SentenceContext<'t> {
    /// Sentence index.
    index: usize,
    /// The time expressions inside the sentence.
    times: Vec<&'t TimeExpression>,
    /// The last date of an earlier sentence of the paragraph.
    inherited_date: Option<EventDate>,
    /// Killed and injured counts (read for ASSAULT candidates).
    casualties: OnceCell<(Option<Approximate>, Option<Approximate>)>,
    /// Departure deadline in hours (read for SANCTION candidates).
    deadline: OnceCell<Option<u32>>,
}

fn candidate(
    input: &Input<'_, '_>,
    rule: &Rule,
    m: &RuleMatch,
    context: &SentenceContext<'_>,
) -> Option<Candidate> {
    let s = context.index;
    let sentence = input.sentence_tokens(s);
    let passive = !rule.flags.noun && is_passive(input, m);
    let explicit =
        |i: Option<usize>| i.map(|actor| Slot { actor, words: actor, origin: SlotOrigin::Explicit });
    let mut source_country = None;
    let (source, target) = if rule.flags.subject_is_target {
        (None, explicit(subject_before(input, &sentence, m)))
    } else if rule.flags.noun {
        let named = possessor(input, m).or_else(|| after_word(input, &sentence, m, "by", 8)).or_else(|| {
            if rule.flags.source_from { after_word(input, &sentence, m, "from", 10) } else { None }
        });
        let target = after_word(input, &sentence, m, "of", 5)
            .or_else(|| after_word(input, &sentence, m, "against", 5))
            .or_else(|| after_word(input, &sentence, m, "on", 4))
            .or_else(|| after_word(input, &sentence, m, "with", 4))
            .filter(|t| Some(*t) != named);
        // "the expulsion of two Polish employees from Minsk": Minsk expelled them
        if named.is_none() && rule.flags.source_from {
            source_country = target.map(|t| input.actors[t].from_country.clone()).filter(|c| !c.is_empty());
        }
        let source = named
            .or_else(|| if source_country.is_some() { None } else { subject_before(input, &sentence, m) });
        (explicit(source), explicit(target))
    } else if passive {
        let source = after_word(input, &sentence, m, "by", sentence.end)
            .or_else(|| if rule.flags.summons { after_word(input, &sentence, m, "to", 6) } else { None });
        (explicit(source), explicit(subject_before(input, &sentence, m)))
    } else {
        let source = subject_before(input, &sentence, m);
        // a denial or rejection names its accuser after "by" ("the allegations made by Moscow")
        let allow: &[&str] = if rule.flags.denial || rule.category == Category::Reject {
            &["to", "against", "on", "with", "for", "by", "from"]
        } else {
            &["to", "against", "on", "with", "for"]
        };
        // with no direct object, the object of a nominal one ("ordered the closure of the
        // Iranian consulate"); not for arrests, whose "of" names where or what the people are from
        let of_object = rule.category != Category::Coerce;
        // aid names its recipient after "to", past a long list of what was given ("handed over
        // 40 tonnes of supplies, including medicines and tents, to the minister")
        let recipient =
            || if rule.category == Category::Aid { after_word(input, &sentence, m, "to", 20) } else { None };
        let target = object_after(input, &sentence, m, allow)
            .or_else(|| if of_object { object_after(input, &sentence, m, &["of"]) } else { None })
            .or_else(recipient)
            .filter(|t| Some(*t) != source);
        (explicit(source), explicit(target))
    };
    // "arrived in Colombo", "flew to Hanoi": the place visited stands for its host country
    let target = target.or_else(|| {
        if rule.mode != Some(Mode::Visit) || passive {
            return None;
        }
        let end = (m.end + 2).min(sentence.end);
        input
            .actors_starting(m.anchor + 1, end)
            .find(|(_, a)| matches!(a.kind, ActorKind::Place | ActorKind::State) && !a.country.is_empty())
            .map(|(i, _)| Slot { actor: i, words: i, origin: SlotOrigin::Explicit })
    });
    let mut source = source.map(|s| resolve_slot(input, s));
    let target = target.map(|s| resolve_slot(input, s)).map(|t| other_side(input, t, source.as_ref()));
    // "the Ethiopian ambassador to Khartoum was summoned": the envoy's host summons him
    let envoy = target.as_ref().map(|t| &input.actors[t.actor]);
    if rule.flags.summons
        && source.as_ref().is_none_or(|s| input.actors[s.actor].country.is_empty())
        && let Some(envoy) = envoy.filter(|e| !e.host_country.is_empty() && e.host_country != e.country)
    {
        source = None;
        source_country = Some(envoy.host_country.clone());
    }
    if rule.flags.require_target && target.is_none() {
        return None;
    }
    if rule.flags.require_source && source.is_none() {
        return None;
    }
    let modality = modality(input, &sentence, m);
    let Modality { negated, future, hypothetical, .. } = modality;
    let anchor_byte = input.doc.tokens[m.anchor].range.start;
    let nearest = context
        .times
        .iter()
        .filter(|t| !dating::is_deadline(input, t))
        .min_by_key(|t| t.range.start.abs_diff(anchor_byte));
    let date = nearest
        .map(|t| (dating::upcoming_weekday(input, t, future).unwrap_or(t.value), DateOrigin::Explicit))
        .or_else(|| context.inherited_date.map(|d| (d, DateOrigin::Inherited)))
        .or_else(|| input.article_date.map(|d| (d, DateOrigin::Article)));
    let date =
        dating::offset_by_span_phrase(input, &sentence, m.anchor, date, nearest.map(|t| t.range.start));
    let count = target.as_ref().and_then(|t| {
        let words = &input.actors[t.words];
        // "a Turkish diplomat", "the man": one person; "a consul and an attache": one each
        let person = is_one_person(words);
        let people = || 1 + singular_people_after(input, t.words);
        match count_near(input, words) {
            Some((1, approximate)) if person => Some((people(), approximate)),
            Some(found) => Some(found),
            None => (person && matches!(rule.category, Category::Sanction | Category::Coerce))
                .then(|| (people(), false)),
        }
    });
    let (killed, injured) = if rule.category == Category::Assault {
        *context.casualties.get_or_init(|| casualties(input, &sentence))
    } else {
        (None, None)
    };
    let deadline_hours = if rule.category == Category::Sanction {
        *context.deadline.get_or_init(|| deadline(input, &sentence))
    } else {
        None
    };
    let mut category = rule.category;
    let mut mode = rule.mode;
    // "threatened to expel": the threatened act is a THREATEN with the act as mode
    // "threatened to expel", "threatened on Wednesday to expel"
    let threatened = (m.anchor.saturating_sub(5).max(sentence.start)..m.anchor)
        .any(|i| input.norm(i).starts_with("threat"));
    if threatened && category != Category::Threaten {
        mode = threat_mode(category, mode);
        category = Category::Threaten;
    }
    // A promised cooperative act is an AGREE ("will meet", "will provide aid"). A conflictual
    // one keeps its category with the future flag when it is a decision announced ("will
    // expel"), and is a THREATEN with the act as mode when it is a warning or a condition
    // ("would expel in return", "could expel").
    let specifics = count.is_some() || matches!(date, Some((_, DateOrigin::Explicit)));
    let cooperative = matches!(
        category,
        Category::Consult | Category::Aid | Category::Cooperate | Category::Retreat | Category::Concede
    );
    let conflictual = matches!(category, Category::Sanction | Category::Coerce | Category::Assault);
    // Refusing to give what cooperation would give is a REJECT, with what is refused as mode
    // ("will not release the prisoners", "did not grant permission", "refused to lift the ban").
    let mut negated = negated;
    if cooperative && negated && !hypothetical && !rule.flags.noun && !passive {
        mode = refusal_mode(category);
        category = Category::Reject;
        negated = false;
    } else if cooperative && future && !negated && !threatened {
        category = Category::Agree;
        mode = None;
    } else if conflictual
        && (future || hypothetical)
        && !negated
        && !threatened
        && !modality.decided_future(specifics)
    {
        mode = threat_mode(category, mode);
        category = Category::Threaten;
    }
    let slot_score = |s: &Option<Slot>| -> f32 {
        match s {
            Some(Slot { origin: SlotOrigin::Explicit, .. }) => 0.25,
            Some(_) => 0.15,
            None => 0.0,
        }
    };
    let implicit_source = if source.is_none() { rule.flags.implicit_agent } else { None };
    let target_host = target
        .as_ref()
        .filter(|_| rule.flags.target_host)
        .map(|t| input.actors[t.actor].host_country.clone())
        .filter(|c| !c.is_empty());
    let confidence: f32 =
        (0.4f32 + slot_score(&source) + slot_score(&target) + if weight(rule) > 1 { 0.1 } else { 0.0 })
            .min(1.0);
    Some(Candidate {
        rule: m.rule,
        category,
        mode,
        cameo: rule.cameo.clone(),
        sentence: s,
        trigger: m.anchor..m.anchor + 1,
        source,
        target,
        negated,
        future,
        hypothetical: hypothetical
            || (threatened && category == Category::Threaten && rule.category != Category::Threaten),
        date,
        count,
        killed,
        injured,
        deadline_hours,
        contexts: rule.flags.contexts.clone(),
        implicit_source,
        source_country,
        target_host,
        summons: rule.flags.summons,
        denial: rule.flags.denial,
        confidence,
    })
}

/// Whether a mention stands for one person: a named or titled person, or a singular role
/// ("a Turkish diplomat", "the man").
fn is_one_person(a: &ActorMention) -> bool {
    a.kind == ActorKind::Person || (a.kind == ActorKind::Group && !a.plural && a.sector.is_some())
}

/// How many single people are joined to the mention `actor` by "and" ("a Polish consul and an
/// administrative attache": one more).
fn singular_people_after(input: &Input<'_, '_>, actor: usize) -> u32 {
    let mut count = 0;
    let mut current = &input.actors[actor];
    loop {
        let mut i = current.end;
        if i >= input.doc.tokens.len() || input.norm(i) != "and" {
            return count;
        }
        i += 1;
        while i < input.doc.tokens.len() && matches!(input.norm(i), "a" | "an" | "the" | "one") {
            i += 1;
        }
        // one adjective may stand before the role noun ("an administrative attache")
        let Some((_, next)) = input.actors_starting(current.end + 1, i + 2).next() else {
            return count;
        };
        if !is_one_person(next) {
            return count;
        }
        count += 1;
        current = next;
    }
}

/// Whether an actor is a domestic institution that, without a country, belongs to the
/// article's home country (police, ministries, courts, armed forces).
pub fn is_domestic_institution(a: &ActorMention) -> bool {
    a.country.is_empty()
        && (a.kind == ActorKind::Organization
            || matches!(a.sector, Some(Sector::Cop | Sector::Jud | Sector::Leg | Sector::Spy | Sector::Mil)))
}
