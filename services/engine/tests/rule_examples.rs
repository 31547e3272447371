//! Every example sentence written under a rule in `data/rules/*.rules` is checked here: a `+`
//! sentence must make its rule fire, a `-` sentence must not, and a `+` sentence that names its
//! event after `=>` must give that event (category, mode, source and target countries, count).

use eventx_engine::events::rules::{ExpectedEvent, Rule, RuleSet};
use eventx_engine::{ArticleInput, Engine, Event};

fn place(rule: &Rule) -> String {
    format!("{}.rules:{} `{}`", rule.category.name().to_lowercase(), rule.line, rule.source_text)
}

fn country(actor: Option<&eventx_engine::Actor>) -> &str {
    actor.map_or("", |a| a.country.as_str())
}

/// Whether an event is the expected one.
fn gives(event: &Event, expected: &ExpectedEvent) -> bool {
    event.category == expected.category
        && expected.mode.is_none_or(|m| event.mode == Some(m))
        && expected.source.as_deref().is_none_or(|c| country(event.source.as_ref()) == c)
        && expected.target.as_deref().is_none_or(|c| country(event.target.as_ref()) == c)
        && expected.count.is_none_or(|n| event.details.count == Some(n))
}

/// A short account of the events a sentence gave, for a failure message.
fn summary(events: &[Event]) -> String {
    let each: Vec<String> = events
        .iter()
        .map(|e| {
            format!(
                "{}{} {}->{}{}",
                e.category.name().to_uppercase(),
                e.mode.map(|m| format!("/{}", m.name())).unwrap_or_default(),
                country(e.source.as_ref()),
                country(e.target.as_ref()),
                e.details.count.map(|n| format!(" count={n}")).unwrap_or_default()
            )
        })
        .collect();
    if each.is_empty() { "no event".into() } else { each.join(", ") }
}

#[test]
fn rule_examples_hold() {
    let engine = Engine::new();
    let mut failures = Vec::new();
    let mut checked = 0;
    let mut events_checked = 0;
    for (index, rule) in engine.rules().rules.iter().enumerate() {
        for example in &rule.examples {
            checked += 1;
            let article = ArticleInput { text: &example.sentence, ..ArticleInput::default() };
            let fired = engine
                .explain(&article)
                .expect("example sentences are not empty")
                .iter()
                .any(|e| e.rule == index);
            if fired != example.fires {
                let verdict = if example.fires { "did not fire" } else { "fired" };
                failures.push(format!("{} {verdict} on: {}", place(rule), example.sentence));
                continue;
            }
            if let Some(expected) = &example.expected {
                events_checked += 1;
                let events = engine.extract(&article).expect("example sentences are not empty").events;
                if !events.iter().any(|e| gives(e, expected)) {
                    failures.push(format!(
                        "{} gave {} instead of {expected:?} on: {}",
                        place(rule),
                        summary(&events),
                        example.sentence
                    ));
                }
            }
        }
    }
    assert!(events_checked > 0, "some examples name the event they must give");
    assert!(
        failures.is_empty(),
        "{} of {checked} rule examples ({events_checked} with their event) fail:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_rule_has_a_positive_and_a_negative_example() {
    let engine = Engine::new();
    let missing: Vec<String> = engine
        .rules()
        .rules
        .iter()
        .filter(|r| !(r.examples.iter().any(|e| e.fires) && r.examples.iter().any(|e| !e.fires)))
        .map(place)
        .collect();
    assert!(missing.is_empty(), "{} rules lack a + or - example:\n{}", missing.len(), missing.join("\n"));
}

#[test]
fn the_built_in_rule_files_parse_without_errors() {
    let (_, errors) = RuleSet::builtin();
    let listed: Vec<String> =
        errors.iter().map(|e| format!("{:?} line {}: {}", e.category, e.line, e.message)).collect();
    assert!(listed.is_empty(), "{}", listed.join("\n"));
}

#[test]
fn an_expected_event_reads_category_mode_countries_and_count() {
    let e = ExpectedEvent::parse("SANCTION/expel NOR->IRN count=3").unwrap();
    assert_eq!(e.category, eventx_engine::Category::Sanction);
    assert_eq!(e.mode, Some(eventx_engine::Mode::Expel));
    assert_eq!((e.source.as_deref(), e.target.as_deref(), e.count), (Some("NOR"), Some("IRN"), Some(3)));
    let loose = ExpectedEvent::parse("ASSAULT ?->-").unwrap();
    assert_eq!((loose.source, loose.target, loose.mode), (None, Some(String::new()), None));
    assert!(ExpectedEvent::parse("SANCTION NOR IRN").is_err());
    assert!(ExpectedEvent::parse("EXPEL NOR->IRN").is_err());
    assert!(ExpectedEvent::parse("SANCTION/expel NOR->IRN count=three").is_err());
}
