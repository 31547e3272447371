//! Properties that must hold for any input: no panic; every span returned lies inside the
//! text, in characters, with the quoted words matching the span; the same input gives the same
//! output; the output grows at most linearly with the input; every date is a valid calendar
//! date with a year from 1 to 9999, whatever the publication date.

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

/// Whether a date can be written as YYYY-MM-DD with a year from 1 to 9999.
fn valid(date: Date) -> bool {
    Date::new(date.year, date.month, date.day) == Some(date)
}

/// The most events an article of `text` may give: one per sentence-ending mark or line and a
/// few per sentence, so never more than a fixed share of its length.
fn event_bound(text: &str) -> usize {
    4 + text.chars().count() / 8
}

fn check(text: &str, publication_date: Option<Date>) {
    let input = ArticleInput { text, title: None, publication_date };
    let Ok(extraction) = engine().extract(&input) else {
        assert!(text.trim().is_empty(), "only empty text may be refused");
        return;
    };
    assert_eq!(engine().extract(&input).as_ref(), Ok(&extraction), "same input, same output");
    assert!(extraction.events.len() <= event_bound(text), "{} events", extraction.events.len());
    assert!(extraction.sentence_count <= text.len());
    let dates = extraction.events.iter().filter_map(|e| e.date).chain(extraction.article_date);
    for date in dates {
        assert!(valid(date.date), "{date:?}");
        assert!(matches!(date.iso().len(), 4 | 7 | 10), "{}", date.iso());
    }
    for event in &extraction.events {
        assert!((0.0..=1.0).contains(&event.confidence));
        for actor in event.source.iter().chain(event.target.iter()) {
            let words = check_span(text, actor.span);
            if !actor.text.is_empty() {
                assert_eq!(words, actor.text);
            }
        }
        assert!(!event.mentions.is_empty());
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

/// Any date of the calendar, the first and last days more often than their share.
fn any_date() -> impl Strategy<Value = Date> {
    prop_oneof![
        Just(Date::new(1, 1, 1).unwrap()),
        Just(Date::new(9999, 12, 31).unwrap()),
        (1i32..=9999, 1u8..=12, 1u8..=28).prop_map(|(y, m, d)| Date::new(y, m, d).unwrap()),
        (1i32..=3, 1u8..=12, 1u8..=28).prop_map(|(y, m, d)| Date::new(y, m, d).unwrap()),
        (9997i32..=9999, 1u8..=12, 1u8..=28).prop_map(|(y, m, d)| Date::new(y, m, d).unwrap()),
    ]
}

/// Relative time words, which move the publication date.
fn relative_times() -> impl Strategy<Value = String> {
    let words = prop::sample::select(vec![
        "yesterday",
        "tomorrow",
        "today",
        "last week",
        "next week",
        "last month",
        "next year",
        "on Sunday",
        "last Monday",
        "next Friday",
        "two days ago",
        "999 weeks ago",
        "999 years ago",
        "earlier this week",
        "later this week",
        "on March 3",
        "last December",
        "France expelled two Russian diplomats",
        "police arrested 12 protesters",
        ".",
        ",",
    ]);
    prop::collection::vec(words, 1..12).prop_map(|parts| parts.join(" "))
}

/// Pieces repeated many times: the shapes of hostile input (one endless sentence, no spaces,
/// nested brackets, lists, numbers) at a size the test run affords.
fn repeated() -> impl Strategy<Value = String> {
    let unit = prop::sample::select(vec![
        "France 🇫🇷 condemned 😡 the attack on Kyiv 💥 and expelled two Russian diplomats, ",
        "“(«[{",
        "A. ",
        "1,200 ",
        "on Monday, March 5, 2024, ",
        "France Russia Kenya ",
        "Abc Def ",
        "expelled killed arrested ",
        "\u{202e}\u{200f}שלום مرحبا ",
        "\0\u{1}\u{7f} ",
        "xxxxxxxx",
    ]);
    (unit, 1usize..400, any::<String>()).prop_map(|(unit, n, tail)| format!("{}{tail}", unit.repeat(n)))
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

    #[test]
    fn any_publication_date_gives_valid_dates(text in relative_times(), date in any_date()) {
        check(&text, Some(date));
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn repeated_hostile_pieces_hold(text in repeated(), date in any_date()) {
        check(&text, Some(date));
    }
}

#[test]
fn lower_case_and_mojibake_inputs_hold() {
    check("police arrested 12 people on tuesday. â€œwe deny itâ€� he said.", Date::new(2002, 3, 10));
    check("\u{feff}\u{200b}(AP) — ", None);
    check("“”", None);
}

#[test]
fn relative_dates_at_the_ends_of_the_calendar_are_dropped() {
    let first = Date::new(1, 1, 1);
    let last = Date::new(9999, 12, 31);
    let extract = |text: &str, publication_date| {
        engine().extract(&ArticleInput { text, title: None, publication_date }).unwrap()
    };
    let before = extract("Police in Paris arrested two protesters yesterday.", first);
    assert!(!before.events.is_empty());
    assert!(before.events.iter().all(|e| e.date.is_none_or(|d| d.date.year >= 1)), "{before:?}");
    let after = extract("France will expel two Russian diplomats tomorrow.", last);
    assert!(!after.events.is_empty());
    assert!(after.events.iter().all(|e| e.date.is_none_or(|d| d.date.year <= 9999)), "{after:?}");
    check("Yesterday and tomorrow, last week and next year.", first);
    check("Yesterday and tomorrow, last week and next year.", last);
}
