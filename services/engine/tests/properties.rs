//! Properties that must hold for any input: no panic, and every span returned lies inside the
//! text, in characters, with the quoted words matching the span.

use eventx_engine::{ArticleInput, CharSpan, Date, Engine};
use proptest::prelude::*;
use std::sync::OnceLock;

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(Engine::new)
}

fn check_span(text: &str, span: CharSpan) -> String {
    let chars = text.chars().count();
    assert!(span.start <= span.end && span.end <= chars, "span {span:?} outside {chars} chars");
    text.chars().skip(span.start).take(span.end - span.start).collect()
}

fn check(text: &str, publication_date: Option<Date>) {
    let Ok(extraction) = engine().extract(&ArticleInput { text, title: None, publication_date }) else {
        assert!(text.trim().is_empty(), "only empty text may be refused");
        return;
    };
    for event in &extraction.events {
        assert!((0.0..=1.0).contains(&event.confidence));
        for actor in event.source.iter().chain(event.target.iter()) {
            let words = check_span(text, actor.span);
            if !actor.text.is_empty() {
                assert_eq!(words, actor.text);
            }
        }
        for m in &event.mentions {
            assert_eq!(check_span(text, m.sentence_span), m.sentence);
            check_span(text, m.trigger);
            for s in m.source.iter().chain(m.target.iter()) {
                check_span(text, *s);
            }
        }
        if let Some(span) = event.location.as_ref().and_then(|l| l.span) {
            check_span(text, span);
        }
    }
}

/// Words that steer the engine into its rules, mixed with arbitrary text.
fn newsy() -> impl Strategy<Value = String> {
    let words = prop::sample::select(vec![
        "France",
        "expelled",
        "two",
        "Russian",
        "diplomats",
        "was",
        "summoned",
        "to",
        "the",
        "Quai d'Orsay",
        "on",
        "Tuesday",
        "police",
        "arrested",
        "12",
        "protesters",
        "killed",
        "“",
        "”",
        "'s",
        ".",
        ",",
        "\n\n",
        "persona non grata",
        "by",
        "Azerbaijani",
        "ambassador",
        "Anne Buyon",
        "she",
        "they",
        "did not",
        "will",
        "threatened to",
        "within 48 hours",
        "Dec.",
        "U.S.",
        "BAKU, Azerbaijan, December 27.",
        "é",
        "🙂",
        "ß",
    ]);
    prop::collection::vec(prop_oneof![words.prop_map(str::to_string), any::<String>()], 0..40)
        .prop_map(|parts| parts.join(" "))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_unicode_never_panics(text in any::<String>()) {
        check(&text, None);
    }

    #[test]
    fn news_like_text_keeps_spans_inside(text in newsy(), day in 1u8..=28) {
        check(&text, Date::new(2024, 3, day));
    }
}

#[test]
fn lower_case_and_mojibake_inputs_hold() {
    check("police arrested 12 people on tuesday. â€œwe deny itâ€� he said.", Date::new(2002, 3, 10));
    check("\u{feff}\u{200b}(AP) — ", None);
    check("“”", None);
}
