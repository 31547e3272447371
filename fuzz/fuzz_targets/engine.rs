//! Engine fuzz target: arbitrary bytes, read as lossy UTF-8, with a publication date taken from
//! the first bytes (anywhere from 0001-01-01 to 9999-12-31, or none). Checks what the engine
//! promises for any input: no panic, spans inside the text, valid dates, the same output twice.

#![no_main]

use std::sync::OnceLock;

use eventx_engine::{ArticleInput, CharSpan, Date, Engine};
use libfuzzer_sys::fuzz_target;

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(Engine::new)
}

/// A publication date from three bytes: none when the first is 0, else a day of the calendar
/// chosen by the next two (the first and last days of the calendar included).
fn date(bytes: &[u8]) -> Option<Date> {
    let [kind, hi, lo] = *bytes else { return None };
    let n = u16::from_be_bytes([hi, lo]);
    match kind % 4 {
        0 => None,
        1 => Date::new(1, 1, 1).and_then(|d| d.add_days(i64::from(n % 400))),
        2 => Date::new(9999, 12, 31).and_then(|d| d.add_days(-i64::from(n % 400))),
        _ => Date::new(1 + i32::from(n % 9999), 1 + (hi % 12), 1 + (lo % 28)),
    }
}

fn inside(span: CharSpan, chars: usize) {
    assert!(span.start <= span.end && span.end <= chars, "span {span:?} outside {chars} chars");
}

fuzz_target!(|data: &[u8]| {
    let (head, body) = data.split_at(data.len().min(3));
    let text = String::from_utf8_lossy(body);
    let input = ArticleInput { text: &text, title: None, publication_date: date(head) };
    let Ok(extraction) = engine().extract(&input) else {
        assert!(text.trim().is_empty(), "only empty text is refused");
        return;
    };
    assert_eq!(engine().extract(&input).as_ref(), Ok(&extraction), "same input, same output");
    let chars = text.chars().count();
    for event in &extraction.events {
        for actor in event.source.iter().chain(event.target.iter()) {
            inside(actor.span, chars);
        }
        for m in &event.mentions {
            inside(m.sentence_span, chars);
            inside(m.trigger, chars);
        }
        if let Some(span) = event.location.as_ref().and_then(|l| l.span) {
            inside(span, chars);
        }
    }
    for d in extraction.events.iter().filter_map(|e| e.date).chain(extraction.article_date) {
        assert_eq!(Date::new(d.date.year, d.date.month, d.date.day), Some(d.date), "{d:?}");
    }
});
