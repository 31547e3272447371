//! Every example sentence written under a rule in `data/rules/*.rules` is checked here: a `+`
//! sentence must make its rule fire, a `-` sentence must not.

use eventx_engine::{ArticleInput, Engine};

#[test]
fn rule_examples_hold() {
    let engine = Engine::new();
    let mut failures = Vec::new();
    let mut checked = 0;
    for (index, rule) in engine.rules().rules.iter().enumerate() {
        for (fires, sentence) in &rule.examples {
            checked += 1;
            let article = ArticleInput { text: sentence, ..ArticleInput::default() };
            let fired = engine
                .explain(&article)
                .expect("example sentences are not empty")
                .iter()
                .any(|e| e.rule == index);
            if fired != *fires {
                failures.push(format!(
                    "{}.rules:{} `{}` {} on: {sentence}",
                    rule.category.name().to_lowercase(),
                    rule.line,
                    rule.source_text,
                    if *fires { "did not fire" } else { "fired" },
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {checked} rule examples fail:\n{}",
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
        .filter(|r| !(r.examples.iter().any(|(f, _)| *f) && r.examples.iter().any(|(f, _)| !*f)))
        .map(|r| format!("{}.rules:{} `{}`", r.category.name().to_lowercase(), r.line, r.source_text))
        .collect();
    assert!(missing.is_empty(), "{} rules lack a + or - example:\n{}", missing.len(), missing.join("\n"));
}
