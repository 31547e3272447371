//! Event rules, one file per PLOVER category under `data/rules/`, compiled once into a table
//! indexed by the surface forms of each rule's first word.
//!
//! A rule line reads `pattern | mode | cameo | flags`:
//! - `pattern`: words separated by spaces. `~word` matches every inflection ("~expel" matches
//!   expelled); `a/b` matches either; `_` is a gap of up to 6 tokens (`_2`: up to 2) where the
//!   object usually sits; `@word` marks the trigger word (default: the first `~` word, else the
//!   first word).
//! - `mode`: a PLOVER mode of the file's category, or `-`.
//! - `cameo`: the closest CAMEO code.
//! - `flags`, comma-separated: see [`Flags`].
//!
//! Lines under a rule starting with `+ ` are sentences the rule must fire on, lines starting
//! with `- ` sentences it must not fire on; the test suite runs every one through the engine.

use crate::events::inflect;
use crate::fxhash::FxHashMap;
use crate::ontology::{Category, Context, Mode};

/// Options of a rule.
#[derive(Debug, Clone, Default)]
pub struct Flags {
    /// The trigger is a noun ("expulsion"): source by possessive/"by", target by "of".
    pub noun: bool,
    /// Summoning an envoy: in the passive, "to X" names the source.
    pub summons: bool,
    /// A denial of an accusation.
    pub denial: bool,
    /// "from X" after the trigger names the source ("expulsion of … from Minsk").
    pub source_from: bool,
    /// No event without a target actor.
    pub require_target: bool,
    /// No event without a source actor.
    pub require_source: bool,
    /// The grammatical subject is the one acted on ("X was killed" reading of "died").
    pub subject_is_target: bool,
    /// The rule marks a threat: the event it governs becomes THREATEN.
    pub threat: bool,
    /// Contexts the event gets.
    pub contexts: Vec<Context>,
    /// The target is the country an envoy is posted to ("recalled its ambassador to Uruguay"
    /// cuts relations with Uruguay), when the target names one.
    pub target_host: bool,
    /// Words that, right before the trigger, cancel the rule ("in order to").
    pub not_after: Vec<String>,
    /// Without a source in the text, the acting authority of the place (e.g. COP for arrests).
    pub implicit_agent: Option<crate::ontology::Sector>,
}

/// One element of a pattern.
#[derive(Debug, Clone)]
pub enum Element {
    /// One token, any of these forms (form, is past participle).
    Word(Vec<(String, bool)>),
    /// Up to this many tokens.
    Gap(usize),
}

/// A compiled rule.
#[derive(Debug, Clone)]
pub struct Rule {
    /// Category (from the file).
    pub category: Category,
    /// Mode, if any.
    pub mode: Option<Mode>,
    /// CAMEO code.
    pub cameo: String,
    /// Pattern elements.
    pub elements: Vec<Element>,
    /// Index of the trigger element.
    pub anchor: usize,
    /// Options.
    pub flags: Flags,
    /// The pattern as written, for debugging and tests.
    pub source_text: String,
    /// Example sentences written under the rule.
    pub examples: Vec<RuleExample>,
    /// 1-based line of the rule in its file.
    pub line: usize,
}

/// A sentence written under a rule: the rule must fire on it (`+` lines) or must not (`-`
/// lines), and a `+` sentence may name the event it must give after `=>`:
/// `+ Norway expelled three Iranian diplomats. => SANCTION/expel NOR->IRN count=3`.
#[derive(Debug, Clone, PartialEq)]
pub struct RuleExample {
    /// Whether the rule must fire on the sentence.
    pub fires: bool,
    /// The sentence.
    pub sentence: String,
    /// The event the sentence must give, when the example names one.
    pub expected: Option<ExpectedEvent>,
}

/// The event a rule example must give: `CATEGORY[/mode] SOURCE->TARGET [count=N]`, where a
/// country is an alpha-3 or special code, `-` for none and `?` for any.
#[derive(Debug, Clone, PartialEq)]
pub struct ExpectedEvent {
    /// Category.
    pub category: Category,
    /// Mode, when the example names one.
    pub mode: Option<Mode>,
    /// Source country: `Some("")` for none, `None` for any.
    pub source: Option<String>,
    /// Target country: `Some("")` for none, `None` for any.
    pub target: Option<String>,
    /// People counted, when the example names a count.
    pub count: Option<u32>,
}

impl ExpectedEvent {
    /// Reads `CATEGORY[/mode] SOURCE->TARGET [count=N]`.
    pub fn parse(spec: &str) -> Result<ExpectedEvent, String> {
        let mut parts = spec.split_whitespace();
        let head = parts.next().ok_or("an expected event names its category")?;
        let (category, mode) = match head.split_once('/') {
            Some((c, m)) => (c, Some(m)),
            None => (head, None),
        };
        let category = Category::from_name(&category.to_lowercase())
            .ok_or_else(|| format!("unknown category `{category}`"))?;
        let mode =
            mode.map(|m| Mode::from_name(m).ok_or_else(|| format!("unknown mode `{m}`"))).transpose()?;
        let actors = parts.next().ok_or("an expected event names SOURCE->TARGET")?;
        let (source, target) =
            actors.split_once("->").ok_or_else(|| format!("`{actors}` is not SOURCE->TARGET"))?;
        let country = |c: &str| match c {
            "?" => None,
            "-" => Some(String::new()),
            code => Some(code.to_string()),
        };
        let mut count = None;
        for part in parts {
            let n = part.strip_prefix("count=").ok_or_else(|| format!("unknown detail `{part}`"))?;
            count = Some(n.parse().map_err(|_| format!("`{n}` is not a count"))?);
        }
        Ok(ExpectedEvent { category, mode, source: country(source), target: country(target), count })
    }
}

/// Every rule, indexed by the forms of its first element.
#[derive(Debug)]
pub struct RuleSet {
    /// All rules.
    pub rules: Vec<Rule>,
    by_first: FxHashMap<String, Vec<u32>>,
}

/// A rule matched in a sentence.
#[derive(Debug, Clone)]
pub struct RuleMatch {
    /// Rule index.
    pub rule: u32,
    /// First matched token.
    pub start: usize,
    /// One past the last matched token.
    pub end: usize,
    /// The trigger token.
    pub anchor: usize,
    /// Whether the trigger token is a past participle form.
    pub participle: bool,
    /// Token ranges covered by gaps.
    pub gaps: Vec<(usize, usize)>,
}

const RULE_FILES: &[(Category, &str)] = &[
    (Category::Agree, include_str!("../../data/rules/agree.rules")),
    (Category::Consult, include_str!("../../data/rules/consult.rules")),
    (Category::Support, include_str!("../../data/rules/support.rules")),
    (Category::Concede, include_str!("../../data/rules/concede.rules")),
    (Category::Cooperate, include_str!("../../data/rules/cooperate.rules")),
    (Category::Aid, include_str!("../../data/rules/aid.rules")),
    (Category::Retreat, include_str!("../../data/rules/retreat.rules")),
    (Category::Request, include_str!("../../data/rules/request.rules")),
    (Category::Accuse, include_str!("../../data/rules/accuse.rules")),
    (Category::Reject, include_str!("../../data/rules/reject.rules")),
    (Category::Threaten, include_str!("../../data/rules/threaten.rules")),
    (Category::Protest, include_str!("../../data/rules/protest.rules")),
    (Category::Sanction, include_str!("../../data/rules/sanction.rules")),
    (Category::Mobilize, include_str!("../../data/rules/mobilize.rules")),
    (Category::Coerce, include_str!("../../data/rules/coerce.rules")),
    (Category::Assault, include_str!("../../data/rules/assault.rules")),
];

/// A rule file line that could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleError {
    /// Category file.
    pub category: Category,
    /// 1-based line.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

fn parse_word(spec: &str, noun: bool) -> Vec<(String, bool)> {
    let mut forms = Vec::new();
    for alt in spec.split('/') {
        let alt = alt.trim_start_matches('@');
        if let Some(lemma) = alt.strip_prefix('~') {
            forms.extend(if noun { inflect::noun_forms(lemma) } else { inflect::forms(lemma) });
        } else {
            let participle = alt.ends_with("ed") || alt.ends_with("en");
            forms.push((alt.to_string(), participle));
        }
    }
    forms
}

fn parse_flags(text: &str) -> Result<Flags, String> {
    let mut f = Flags::default();
    for flag in text.split(',').map(str::trim).filter(|s| !s.is_empty()) {
        match flag {
            "noun" => f.noun = true,
            "summons" => f.summons = true,
            "denial" => f.denial = true,
            "source-from" => f.source_from = true,
            "require-target" => f.require_target = true,
            "require-source" => f.require_source = true,
            "subject-is-target" => f.subject_is_target = true,
            "threat" => f.threat = true,
            "target-host" => f.target_host = true,
            other if other.starts_with("not-after=") => {
                f.not_after.extend(other["not-after=".len()..].split('+').map(str::to_string));
            }
            other if other.starts_with("agent=") => {
                let code = &other["agent=".len()..];
                f.implicit_agent = Some(
                    crate::ontology::Sector::from_name(code)
                        .ok_or_else(|| format!("unknown sector {code:?}"))?,
                );
            }
            other => {
                let Some(ctx) = other.strip_prefix("context=") else {
                    return Err(format!("unknown flag {other:?}"));
                };
                for c in ctx.split('+') {
                    f.contexts.push(Context::from_name(c).ok_or_else(|| format!("unknown context {c:?}"))?);
                }
            }
        }
    }
    Ok(f)
}

fn parse_line(category: Category, line: &str) -> Result<Rule, String> {
    let fields: Vec<&str> = line.split('|').map(str::trim).collect();
    if fields.len() < 3 {
        return Err("expected `pattern | mode | cameo | flags`".into());
    }
    let mode = match fields[1] {
        "-" | "" => None,
        m => {
            let mode = Mode::from_name(m).ok_or_else(|| format!("unknown mode {m:?}"))?;
            if !crate::ontology::modes_of(category).contains(&mode) {
                return Err(format!("mode {m:?} is not a mode of {}", category.name()));
            }
            Some(mode)
        }
    };
    let flags = parse_flags(fields.get(3).copied().unwrap_or(""))?;
    let mut elements = Vec::new();
    let mut anchor = None;
    let mut first_inflected = None;
    for word in fields[0].split_whitespace() {
        if let Some(n) = word.strip_prefix('_') {
            let max = if n.is_empty() { 6 } else { n.parse().map_err(|_| format!("bad gap {word:?}"))? };
            elements.push(Element::Gap(max));
            continue;
        }
        if word.starts_with('@') {
            anchor = Some(elements.len());
        }
        if first_inflected.is_none() && word.trim_start_matches('@').starts_with('~') {
            first_inflected = Some(elements.len());
        }
        elements.push(Element::Word(parse_word(&word.to_lowercase(), flags.noun)));
    }
    if !matches!(elements.first(), Some(Element::Word(_)))
        || !matches!(elements.last(), Some(Element::Word(_)))
    {
        return Err("a pattern must start and end with a word".into());
    }
    Ok(Rule {
        category,
        mode,
        cameo: fields[2].to_string(),
        anchor: anchor.or(first_inflected).unwrap_or(0),
        elements,
        flags,
        source_text: fields[0].to_string(),
        examples: Vec::new(),
        line: 0,
    })
}

impl RuleSet {
    /// Compiles the built-in rule files; the errors list lines that were skipped.
    pub fn builtin() -> (RuleSet, Vec<RuleError>) {
        let mut rules: Vec<Rule> = Vec::new();
        let mut errors = Vec::new();
        for &(category, text) in RULE_FILES {
            for (n, line) in text.lines().enumerate() {
                let line = line.trim();
                if line.is_empty() || line.starts_with('#') {
                    continue;
                }
                let example = line
                    .strip_prefix("+ ")
                    .map(|t| (true, t))
                    .or_else(|| line.strip_prefix("- ").map(|t| (false, t)));
                if let Some((fires, text)) = example {
                    let (sentence, expected) = match text.split_once("=>") {
                        Some((sentence, spec)) if fires => match ExpectedEvent::parse(spec) {
                            Ok(e) => (sentence, Some(e)),
                            Err(message) => {
                                errors.push(RuleError { category, line: n + 1, message });
                                continue;
                            }
                        },
                        _ => (text, None),
                    };
                    let example = RuleExample { fires, sentence: sentence.trim().to_string(), expected };
                    match rules.last_mut() {
                        Some(rule) if rule.category == category => rule.examples.push(example),
                        _ => errors.push(RuleError {
                            category,
                            line: n + 1,
                            message: "example before any rule".into(),
                        }),
                    }
                    continue;
                }
                match parse_line(category, line) {
                    Ok(mut rule) => {
                        rule.line = n + 1;
                        rules.push(rule);
                    }
                    Err(message) => errors.push(RuleError { category, line: n + 1, message }),
                }
            }
        }
        let mut by_first: FxHashMap<String, Vec<u32>> = FxHashMap::default();
        for (i, rule) in rules.iter().enumerate() {
            if let Element::Word(forms) = &rule.elements[0] {
                for (form, _) in forms {
                    let ids = by_first.entry(form.clone()).or_default();
                    if !ids.contains(&(i as u32)) {
                        ids.push(i as u32);
                    }
                }
            }
        }
        (RuleSet { rules, by_first }, errors)
    }

    /// Matches every rule starting at every token of `norms[from..to]` (one sentence).
    pub fn find(&self, norms: &[&str], from: usize, to: usize) -> Vec<RuleMatch> {
        let mut out = Vec::new();
        for start in from..to {
            let Some(ids) = self.by_first.get(norms[start]) else { continue };
            for &id in ids {
                let rule = &self.rules[id as usize];
                let mut gaps = Vec::new();
                let mut anchor = (start, false);
                if let Some(end) =
                    match_elements(&rule.elements, 0, rule.anchor, norms, start, to, &mut gaps, &mut anchor)
                {
                    out.push(RuleMatch {
                        rule: id,
                        start,
                        end,
                        anchor: anchor.0,
                        participle: anchor.1,
                        gaps,
                    });
                }
            }
        }
        out
    }
}

#[allow(clippy::too_many_arguments)]
fn match_elements(
    elements: &[Element],
    index: usize,
    anchor_index: usize,
    norms: &[&str],
    pos: usize,
    to: usize,
    gaps: &mut Vec<(usize, usize)>,
    anchor: &mut (usize, bool),
) -> Option<usize> {
    let Some(element) = elements.get(index) else { return Some(pos) };
    match element {
        Element::Word(forms) => {
            if pos >= to {
                return None;
            }
            let hit = forms.iter().find(|(f, _)| f == norms[pos])?;
            if index == anchor_index {
                *anchor = (pos, hit.1);
            }
            match_elements(elements, index + 1, anchor_index, norms, pos + 1, to, gaps, anchor)
        }
        Element::Gap(max) => {
            for k in 0..=*max {
                if pos + k > to {
                    break;
                }
                // a gap never spans a clause break
                if k > 0 && matches!(norms[pos + k - 1], ";" | "." | "!" | "?" | ":") {
                    break;
                }
                gaps.push((pos, pos + k));
                if let Some(end) =
                    match_elements(elements, index + 1, anchor_index, norms, pos + k, to, gaps, anchor)
                {
                    return Some(end);
                }
                gaps.pop();
            }
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_rules_compile_without_errors() {
        let (set, errors) = RuleSet::builtin();
        assert!(errors.is_empty(), "{errors:?}");
        for c in Category::ALL {
            assert!(set.rules.iter().any(|r| r.category == *c), "no rule for {c:?}");
            for m in crate::ontology::modes_of(*c) {
                assert!(
                    set.rules.iter().any(|r| r.category == *c && r.mode == Some(m)),
                    "no rule for {c:?}/{m:?}"
                );
            }
        }
    }

    #[test]
    fn gaps_and_inflections_match() {
        let rule = parse_line(Category::Sanction, "~declare _ persona non grata | expel | 166 |").unwrap();
        let set = RuleSet { by_first: rule_index(&rule), rules: vec![rule] };
        let norms: Vec<&str> = "france declared two diplomats persona non grata .".split(' ').collect();
        let m = set.find(&norms, 0, norms.len());
        assert_eq!(m.len(), 1);
        assert_eq!((m[0].start, m[0].end, m[0].anchor), (1, 7, 1));
        assert_eq!(m[0].gaps, vec![(2, 4)]);
        let norms: Vec<&str> = "france declared war . persona non grata".split(' ').collect();
        assert!(set.find(&norms, 0, norms.len()).is_empty());
    }

    #[test]
    fn bad_lines_are_reported() {
        assert!(parse_line(Category::Sanction, "~expel | fly | 166").is_err());
        assert!(parse_line(Category::Sanction, "~expel | arrest | 166").is_err());
        assert!(parse_line(Category::Sanction, "_ expel | expel | 166").is_err());
        assert!(parse_line(Category::Sanction, "~expel | expel | 166 | loud").is_err());
    }

    fn rule_index(rule: &Rule) -> FxHashMap<String, Vec<u32>> {
        let Element::Word(forms) = &rule.elements[0] else { unreachable!() };
        forms.iter().map(|(f, _)| (f.clone(), vec![0])).collect()
    }
}
