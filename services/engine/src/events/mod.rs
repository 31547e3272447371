//! Event triggers and their arguments: rule matches in each sentence become candidate events
//! whose source and target are filled from the actor mentions around the trigger, with
//! voice, modality, date, counts and location read from the sentence.

pub mod inflect;
pub mod rules;

use std::cell::OnceCell;
use std::ops::Range;
use std::sync::LazyLock;

use crate::mentions::actors::{ActorKind, ActorMention};
use crate::model::{EventDate, Precision};
use crate::numbers::parse_count;
use crate::ontology::{Category, Context, Mode, Sector};
use crate::text::{Document, TokenKind};
use crate::time::{self, TimeExpression};
use rules::{Element, Rule, RuleMatch, RuleSet};

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

/// The words of one closed-class list of `data/lexicon/function_words.tsv`.
fn word_list(name: &str) -> Vec<&'static str> {
    crate::lexicon::tsv_rows(include_str!("../../data/lexicon/function_words.tsv"))
        .filter(|row| row.first() == Some(&name))
        .filter_map(|row| row.get(1).copied())
        .collect()
}

static BE_FORMS: LazyLock<Vec<&str>> = LazyLock::new(|| word_list("be-form"));
static SKIPPABLE: LazyLock<Vec<&str>> = LazyLock::new(|| word_list("auxiliary-filler"));
static AUXILIARIES: LazyLock<Vec<&str>> = LazyLock::new(|| word_list("auxiliary"));
static NON_ARGUMENT_PREPOSITIONS: LazyLock<Vec<&str>> =
    LazyLock::new(|| word_list("non-argument-preposition"));
static SUBJECT_BLOCKERS: LazyLock<Vec<&str>> = LazyLock::new(|| {
    // a subject is never the object of any preposition, argument-taking ones included
    let mut words = word_list("non-argument-preposition");
    words.extend(word_list("subject-blocker"));
    words
});
static BACKGROUND_PREPOSITIONS: LazyLock<Vec<&str>> = LazyLock::new(|| word_list("background-preposition"));
static NEGATIONS: LazyLock<Vec<&str>> = LazyLock::new(|| word_list("negation"));
static FUTURE: LazyLock<Vec<&str>> = LazyLock::new(|| word_list("future"));
static HYPOTHETICAL: LazyLock<Vec<&str>> = LazyLock::new(|| word_list("hypothetical"));
static CLAUSE_BREAKS: LazyLock<Vec<&str>> = LazyLock::new(|| word_list("clause-break"));

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
    fn actors_ending_near(&self, from: usize, to: usize) -> impl Iterator<Item = (usize, &ActorMention)> {
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
                && self.actors[prev].sentence_of(self) == a.sentence_of(self)
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
            if matches!(
                n,
                "the"
                    | "a"
                    | "an"
                    | "its"
                    | "their"
                    | "his"
                    | "her"
                    | "two"
                    | "three"
                    | "these"
                    | "those"
                    | "some"
                    | "several"
            ) || self.doc.tokens[i].kind == TokenKind::Number
            {
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
        if let Some((p, _)) = last_paragraph_date
            && p != sentence.paragraph
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
                // one event per coordinated source
                let coordinated_sources =
                    c.source.as_ref().map(|s| conjuncts(input, s.actor)).unwrap_or_default();
                for other in coordinated_sources {
                    let mut copy = c.clone();
                    copy.source = Some(Slot { actor: other, words: other, origin: SlotOrigin::Explicit });
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

/// Whether tokens between two triggers make the second a coordinated verb of the first.
fn coordinated(input: &Input<'_, '_>, previous_end: usize, start: usize) -> bool {
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

/// Number of literal words in a rule.
fn weight(rule: &Rule) -> usize {
    rule.elements.iter().filter(|e| matches!(e, Element::Word(_))).count()
}

/// Keeps the strongest of overlapping matches: more literal words first, then the longer span;
/// for equal noun/verb readings of one word, the noun after a determiner.
fn select_matches(input: &Input<'_, '_>, mut matches: Vec<RuleMatch>) -> Vec<RuleMatch> {
    let rules = &input.rules.rules;
    let noun_context = |m: &RuleMatch| {
        m.anchor > 0
            && (matches!(
                input.norm(m.anchor - 1),
                "a" | "an"
                    | "the"
                    | "his"
                    | "her"
                    | "its"
                    | "their"
                    | "our"
                    | "'s"
                    | "this"
                    | "that"
                    | "these"
                    | "those"
                    | "of"
                    | "new"
                    | "latest"
                    | "fresh"
                    | "mass"
                    | "further"
                    | "any"
                    | "no"
                    | "recent"
            ) || input.doc.tokens[m.anchor - 1].kind == TokenKind::Number)
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
        // "March 14" is a date, not a march
        let anchor = &input.doc.tokens[m.anchor].range;
        if input.in_time_expression(anchor) {
            continue;
        }
        // a verb rule needs a verb form: not after a determiner
        if !rule.flags.noun && weight(rule) == 1 && noun_context(&m) {
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
        if !(rule.flags.noun || infinitive) {
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
                    matches!(
                        n,
                        ";" | "."
                            | "while"
                            | "after"
                            | "before"
                            | "as"
                            | "when"
                            | "but"
                            | "which"
                            | "who"
                            | "that"
                    ) || (by_verb && !by_noun && matches!(n, "and" | ","))
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
            if matches!(
                n,
                "the"
                    | "a"
                    | "an"
                    | "its"
                    | "their"
                    | "his"
                    | "her"
                    | "'s"
                    | "this"
                    | "that"
                    | "these"
                    | "those"
                    | "recent"
                    | "last"
                    | "latest"
                    | "deadly"
                    | "alleged"
                    | "suspected"
                    | "reported"
            ) || (t.capitalized && t.kind == TokenKind::Word)
                || input.covered(i)
            {
                continue;
            }
            return BACKGROUND_PREPOSITIONS.contains(&n);
        }
        false
    };
    let keep: Vec<bool> = kept.iter().enumerate().map(|(k, m)| !governed(k) && !background(m)).collect();
    kept.into_iter().zip(keep).filter_map(|(m, k)| k.then_some(m)).collect()
}

fn is_passive(input: &Input<'_, '_>, m: &RuleMatch) -> bool {
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
fn subject_before(input: &Input<'_, '_>, sentence: &Range<usize>, m: &RuleMatch) -> Option<usize> {
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

/// The actors coordinated before `actor` with "and" ("France and Germany summoned …").
fn conjuncts(input: &Input<'_, '_>, actor: usize) -> Vec<usize> {
    let mut out = Vec::new();
    let mut current = actor;
    loop {
        let a = &input.actors[current];
        if a.start < 2 || !matches!(input.norm(a.start - 1), "and" | ",") {
            return out;
        }
        let Some(previous) = input.actors.iter().position(|b| b.end == a.start - 1) else { return out };
        let b = &input.actors[previous];
        if b.kind != a.kind || b.country.is_empty() || b.country == a.country {
            return out;
        }
        out.push(previous);
        current = previous;
    }
}

/// The object: the first actor after the trigger (inside a gap first) before a clause break.
fn object_after(
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
        .find(|(i, a)| !input.prepositional(*i, &NON_ARGUMENT_PREPOSITIONS) || input.preceded_by(a, allow))
        .map(|(i, _)| i)
}

/// The actor right after `word` following the trigger ("by X", "to X", "from X", "of X").
fn after_word(
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
fn possessor(input: &Input<'_, '_>, m: &RuleMatch) -> Option<usize> {
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

fn modality(input: &Input<'_, '_>, sentence: &Range<usize>, m: &RuleMatch) -> (bool, bool, bool) {
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

/// A count before or inside the given actor ("two Belarusian diplomats").
fn count_near(input: &Input<'_, '_>, actor: &ActorMention) -> Option<(u32, bool)> {
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
type Approximate = (u32, bool);

static KILL_WORDS: LazyLock<Vec<&str>> = LazyLock::new(|| word_list("killed"));
static INJURE_WORDS: LazyLock<Vec<&str>> = LazyLock::new(|| word_list("injured"));
static PERSON_WORDS: LazyLock<Vec<&str>> = LazyLock::new(|| word_list("person"));

/// Killed and injured counts written in a sentence ("two people were killed", "killing 3",
/// "a man was shot and killed", "no one was injured").
fn casualties(input: &Input<'_, '_>, sentence: &Range<usize>) -> (Option<Approximate>, Option<Approximate>) {
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

fn deadline(input: &Input<'_, '_>, sentence: &Range<usize>) -> Option<u32> {
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
    let (source, target) = if rule.flags.noun {
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
    } else if rule.flags.subject_is_target {
        (None, explicit(subject_before(input, &sentence, m)))
    } else {
        let source = subject_before(input, &sentence, m);
        // a denial or rejection names its accuser after "by" ("the allegations made by Moscow")
        let allow: &[&str] = if rule.flags.denial || rule.category == Category::Reject {
            &["to", "against", "on", "with", "for", "by", "from"]
        } else {
            &["to", "against", "on", "with", "for"]
        };
        let target = object_after(input, &sentence, m, allow).filter(|t| Some(*t) != source);
        (explicit(source), explicit(target))
    };
    let source = source.map(|s| resolve_slot(input, s));
    let target = target.map(|s| resolve_slot(input, s));
    if rule.flags.require_target && target.is_none() {
        return None;
    }
    if rule.flags.require_source && source.is_none() {
        return None;
    }
    let (negated, future, hypothetical) = modality(input, &sentence, m);
    let anchor_byte = input.doc.tokens[m.anchor].range.start;
    let date = context
        .times
        .iter()
        .min_by_key(|t| t.range.start.abs_diff(anchor_byte))
        .map(|t| (t.value, DateOrigin::Explicit))
        .or_else(|| context.inherited_date.map(|d| (d, DateOrigin::Inherited)))
        .or_else(|| input.article_date.map(|d| (d, DateOrigin::Article)));
    let count = target.as_ref().and_then(|t| {
        let words = &input.actors[t.words];
        count_near(input, words).or_else(|| {
            // "a Turkish diplomat", "the man": one person
            let person = words.kind == ActorKind::Person
                || (words.kind == ActorKind::Group && !words.plural && words.sector.is_some());
            (person && matches!(rule.category, Category::Sanction | Category::Coerce)).then_some((1, false))
        })
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
    let threatened = (m.anchor.saturating_sub(3).max(sentence.start)..m.anchor)
        .any(|i| input.norm(i).starts_with("threat"));
    if threatened && category != Category::Threaten {
        mode = threat_mode(category, mode);
        category = Category::Threaten;
    }
    // A promised cooperative act is an AGREE ("will meet", "will provide aid"); an announced
    // conflictual one is a THREATEN with the act as mode ("will expel").
    if future && !negated && !threatened {
        match category {
            Category::Consult
            | Category::Aid
            | Category::Cooperate
            | Category::Retreat
            | Category::Concede => {
                category = Category::Agree;
                mode = None;
            }
            Category::Sanction | Category::Coerce | Category::Assault => {
                mode = threat_mode(category, mode);
                category = Category::Threaten;
            }
            _ => {}
        }
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

/// The THREATEN mode for a threatened act.
fn threat_mode(category: Category, mode: Option<Mode>) -> Option<Mode> {
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

/// Resolves pronouns and quote speakers to an earlier actor; fills a missing country of a
/// domestic institution with the article's home country.
fn resolve_slot(input: &Input<'_, '_>, slot: Slot) -> Slot {
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
        // "these individuals", "the ministry": an earlier actor of the same sector with a country
        if matches!(a.kind, ActorKind::Organization | ActorKind::Group)
            && let Some(t) = antecedent(input, a.start, |x| {
                !x.country.is_empty()
                    && x.sector == a.sector
                    && x.sector.is_some()
                    && (x.kind == a.kind || x.kind == ActorKind::Organization)
            })
            && (input.doc.tokens[a.start.saturating_sub(1)].norm == "the"
                || input.norm(a.start.saturating_sub(1)) == "these")
        {
            return Slot { actor: t, words: slot.words, origin: SlotOrigin::Resolved };
        }
    }
    slot
}

/// The most recent earlier actor (this sentence or the three before) that satisfies `want`.
fn antecedent(input: &Input<'_, '_>, before: usize, want: impl Fn(&ActorMention) -> bool) -> Option<usize> {
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
fn quote_speaker(input: &Input<'_, '_>, at: usize) -> Option<usize> {
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

/// Whether an actor is a domestic institution that, without a country, belongs to the
/// article's home country (police, ministries, courts, armed forces).
pub fn is_domestic_institution(a: &ActorMention) -> bool {
    a.country.is_empty()
        && (a.kind == ActorKind::Organization
            || matches!(a.sector, Some(Sector::Cop | Sector::Jud | Sector::Leg | Sector::Spy | Sector::Mil)))
}
