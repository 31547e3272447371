//! Answers as text for people: one table row per event, and the ontology as a list.

use std::io::{self, Write};

use eventx_proto::v1::{
    Actor, Event, EventCategory, EventMode, ExtractResponse, GetOntologyResponse, Location, QuadClass,
    Sector, SpanUnit,
};

use crate::options::short_name;

/// The columns of the event table: heading and width in characters (the last one is not cut).
const COLUMNS: [(&str, usize); 7] =
    [("ID", 10), ("WHAT", 22), ("SOURCE", 24), ("TARGET", 24), ("DATE", 10), ("WHERE", 20), ("EVIDENCE", 70)];

/// Writes the heading of the event table.
pub fn table_header(out: &mut impl Write) -> io::Result<()> {
    let cells: Vec<String> = COLUMNS.iter().map(|(name, _)| name.to_string()).collect();
    write_row(out, &cells)
}

/// Writes one row per event of `response` (a single "no events" row when it has none).
/// `unit` is the span unit the request asked for, to cut the trigger out of its sentence.
pub fn table_rows(out: &mut impl Write, response: &ExtractResponse, unit: SpanUnit) -> io::Result<()> {
    if response.events.is_empty() {
        return write_row(out, &[response.article_id.clone(), "(no events)".to_string()]);
    }
    for event in &response.events {
        let id = if response.article_id.is_empty() {
            event.id.clone()
        } else {
            format!("{}/{}", response.article_id, event.id)
        };
        let cells = [
            id,
            what(event),
            actor(event.source.as_ref()),
            actor(event.target.as_ref()),
            event.date.as_ref().map_or_else(|| "-".to_string(), |d| d.date.clone()),
            place(event.location.as_ref()),
            evidence(event, unit),
        ];
        write_row(out, &cells)?;
    }
    Ok(())
}

fn write_row(out: &mut impl Write, cells: &[String]) -> io::Result<()> {
    let last = cells.len().saturating_sub(1);
    let mut line = String::new();
    for (i, (cell, (_, width))) in cells.iter().zip(COLUMNS).enumerate() {
        let cell = one_line(cell);
        if i == last {
            line.push_str(&cut(&cell, width));
        } else {
            line.push_str(&format!("{:<width$}  ", cut(&cell, width)));
        }
    }
    writeln!(out, "{}", line.trim_end())
}

/// What happened, as "SANCTION/expel": the category and mode, with "not" before a negated
/// event and "(future)" or "(if)" after an announced or conditional one.
pub fn what(event: &Event) -> String {
    let category = EventCategory::try_from(event.category).map_or("?", short_name);
    let mut text = match EventMode::try_from(event.mode) {
        Ok(EventMode::Unspecified) | Err(_) => category.to_string(),
        Ok(mode) => {
            format!("{category}/{}", mode.as_str_name().trim_start_matches("EVENT_MODE_").to_lowercase())
        }
    };
    if event.negated {
        text = format!("not {text}");
    }
    if event.hypothetical {
        text.push_str(" (if)");
    } else if event.future {
        text.push_str(" (future)");
    }
    text
}

/// Who, as "France (FRA GOV)": the actor's name (else its words), then its country and sector;
/// "-" for no actor.
pub fn actor(actor: Option<&Actor>) -> String {
    let Some(actor) = actor else { return "-".to_string() };
    let name = if actor.name.is_empty() { actor.text.as_str() } else { actor.name.as_str() };
    let sector = match Sector::try_from(actor.sector) {
        Ok(Sector::Unspecified) | Err(_) => "",
        Ok(sector) => sector.as_str_name().trim_start_matches("SECTOR_"),
    };
    let code = [actor.country.as_str(), sector]
        .iter()
        .filter(|s| !s.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(" ");
    match (name.is_empty(), code.is_empty()) {
        (true, true) => "-".to_string(),
        (true, false) => code,
        (false, true) => name.to_string(),
        (false, false) => format!("{name} ({code})"),
    }
}

/// Where, as "Houston, US-TX" or "Paris, FRA"; "-" when unknown.
pub fn place(location: Option<&Location>) -> String {
    let Some(location) = location else { return "-".to_string() };
    let region = if location.admin1.is_empty() { &location.country } else { &location.admin1 };
    match (location.name.is_empty(), region.is_empty()) {
        (true, true) => "-".to_string(),
        (true, false) => region.clone(),
        (false, true) => location.name.clone(),
        (false, false) => format!("{}, {region}", location.name),
    }
}

/// The first mention's sentence around its trigger, the trigger in brackets.
fn evidence(event: &Event, unit: SpanUnit) -> String {
    let Some(mention) = event.mentions.first() else { return String::new() };
    let sentence: Vec<char> = one_line(&mention.sentence).chars().collect();
    let (Some(sentence_span), Some(trigger)) = (mention.sentence_span, mention.trigger) else {
        return sentence.iter().collect();
    };
    let text = &mention.sentence;
    let to_char =
        |offset: u32| char_index(text, offset.saturating_sub(sentence_span.start), unit).min(sentence.len());
    let (start, end) = (to_char(trigger.start), to_char(trigger.end));
    if start >= end {
        return sentence.iter().collect();
    }
    // About 20 characters before the trigger and 45 after, cut between words.
    let mut from = start.saturating_sub(20);
    if from > 0 {
        from = (from..start).find(|&i| sentence[i - 1] == ' ').unwrap_or(from);
    }
    let mut to = (end + 45).min(sentence.len());
    if to < sentence.len() {
        to = (end..to).rev().find(|&i| sentence[i] == ' ').unwrap_or(to);
    }
    let mut excerpt = String::new();
    if from > 0 {
        excerpt.push('…');
    }
    excerpt.extend(&sentence[from..start]);
    excerpt.push('[');
    excerpt.extend(&sentence[start..end]);
    excerpt.push(']');
    excerpt.extend(&sentence[end..to]);
    if to < sentence.len() {
        excerpt.push('…');
    }
    excerpt
}

/// The index in characters of `offset`, counted in `unit`, within `text`.
fn char_index(text: &str, offset: u32, unit: SpanUnit) -> usize {
    let offset = offset as usize;
    match unit {
        SpanUnit::Utf16CodeUnit | SpanUnit::Utf8Byte => {
            let mut counted = 0;
            for (index, c) in text.chars().enumerate() {
                if counted >= offset {
                    return index;
                }
                counted += if unit == SpanUnit::Utf8Byte { c.len_utf8() } else { c.len_utf16() };
            }
            text.chars().count()
        }
        SpanUnit::CodePoint | SpanUnit::Unspecified => offset,
    }
}

/// `text` on one line: line breaks and tabs become spaces.
fn one_line(text: &str) -> String {
    text.chars().map(|c| if c.is_whitespace() { ' ' } else { c }).collect()
}

/// `text` cut to `width` characters, with "…" when something was cut.
fn cut(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        return text.to_string();
    }
    let mut cut: String = text.chars().take(width.saturating_sub(1)).collect();
    cut.push('…');
    cut
}

/// Writes the ontology as indented lists: categories (with quad class, modes and
/// descriptions), contexts, sectors and special country codes.
pub fn ontology(out: &mut impl Write, ontology: &GetOntologyResponse) -> io::Result<()> {
    writeln!(out, "Categories")?;
    for category in &ontology.categories {
        let quad = QuadClass::try_from(category.quad_class)
            .map(|q| q.as_str_name().trim_start_matches("QUAD_CLASS_").replace('_', " ").to_lowercase())
            .unwrap_or_default();
        writeln!(out, "  {:<10} {quad:<21} {}", category.name, category.description)?;
        for mode in &category.modes {
            writeln!(out, "    {:<20} {}", mode.name, mode.description)?;
        }
    }
    writeln!(out, "\nContexts")?;
    for context in &ontology.contexts {
        writeln!(out, "  {:<20} {}", context.name, context.description)?;
    }
    writeln!(out, "\nSectors")?;
    for sector in &ontology.sectors {
        writeln!(out, "  {:<5} {}", sector.code, sector.description)?;
    }
    writeln!(out, "\nSpecial country codes")?;
    for code in &ontology.special_country_codes {
        writeln!(out, "  {code}")?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use eventx_proto::v1::{EventDate, Mention, Span};

    use super::*;

    fn response() -> ExtractResponse {
        let sentence = "Sources said the café owner in Lyon was arrested by police on Friday evening.";
        let offset = 100;
        let trigger_at = sentence.find("arrested").unwrap() as u32;
        ExtractResponse {
            article_id: "a1".into(),
            events: vec![Event {
                id: "e1".into(),
                category: EventCategory::Coerce as i32,
                mode: EventMode::Arrest as i32,
                target: Some(Actor { text: "the café owner".into(), ..Actor::default() }),
                source: Some(Actor {
                    country: "FRA".into(),
                    sector: Sector::Cop as i32,
                    text: "police".into(),
                    ..Actor::default()
                }),
                date: Some(EventDate { date: "2024-05-03".into(), ..EventDate::default() }),
                location: Some(Location {
                    name: "Lyon".into(),
                    country: "FRA".into(),
                    ..Location::default()
                }),
                mentions: vec![Mention {
                    sentence: sentence.into(),
                    sentence_span: Some(Span { start: offset, end: offset + sentence.len() as u32 }),
                    // UTF-8 offsets: "café" makes them one more than the code points.
                    trigger: Some(Span { start: offset + trigger_at, end: offset + trigger_at + 8 }),
                    ..Mention::default()
                }],
                ..Event::default()
            }],
            document: None,
        }
    }

    #[test]
    fn an_event_is_one_row_with_its_trigger_in_brackets() {
        let mut out = Vec::new();
        table_header(&mut out).unwrap();
        table_rows(&mut out, &response(), SpanUnit::Utf8Byte).unwrap();
        let text = String::from_utf8(out).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 2, "{text}");
        assert!(lines[0].starts_with("ID") && lines[0].ends_with("EVIDENCE"), "{text}");
        for part in [
            "a1/e1",
            "COERCE/arrest",
            "police (FRA COP)",
            "the café owner",
            "2024-05-03",
            "Lyon, FRA",
            "[arrested]",
        ] {
            assert!(lines[1].contains(part), "{part} missing from {:?}", lines[1]);
        }
        assert!(lines[1].contains("Lyon was [arrested] by police on Friday"), "{}", lines[1]);
        assert!(lines[1].contains("  …"), "the cut start is marked: {}", lines[1]);
    }

    #[test]
    fn offsets_in_every_unit_find_the_same_character() {
        let text = "é😀x";
        assert_eq!(char_index(text, 2, SpanUnit::CodePoint), 2);
        assert_eq!(char_index(text, 3, SpanUnit::Utf16CodeUnit), 2);
        assert_eq!(char_index(text, 6, SpanUnit::Utf8Byte), 2);
    }

    #[test]
    fn an_article_without_events_says_so() {
        let mut out = Vec::new();
        let empty = ExtractResponse { article_id: "b".into(), ..ExtractResponse::default() };
        table_rows(&mut out, &empty, SpanUnit::CodePoint).unwrap();
        assert_eq!(String::from_utf8(out).unwrap().trim_end(), format!("{:<10}  (no events)", "b"));
    }
}
