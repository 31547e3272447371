//! Engine types to wire types. Enum values are matched by name (`SANCTION` ↔
//! `EVENT_CATEGORY_SANCTION`), so the engine's ontology and the proto enums must spell the same
//! vocabulary; the tests below check every value.

use eventx_engine as engine;
use eventx_proto::v1 as wire;
use wire::event::Details as WireDetails;

/// Upper-snake enum value name: `prefix` + `name` with `-` as `_`.
fn enum_name(prefix: &str, name: &str) -> String {
    format!("{prefix}{}", name.replace('-', "_").to_ascii_uppercase())
}

/// Wire number of a category.
pub(crate) fn category(c: engine::Category) -> i32 {
    wire::EventCategory::from_str_name(&enum_name("EVENT_CATEGORY_", c.name())).map_or(0, |v| v as i32)
}

/// Wire number of a mode.
pub(crate) fn mode(m: engine::Mode) -> i32 {
    wire::EventMode::from_str_name(&enum_name("EVENT_MODE_", m.name())).map_or(0, |v| v as i32)
}

/// Wire number of a context.
pub(crate) fn context(c: engine::Context) -> i32 {
    wire::EventContext::from_str_name(&enum_name("EVENT_CONTEXT_", c.name())).map_or(0, |v| v as i32)
}

/// Wire number of a sector.
pub(crate) fn sector(s: engine::Sector) -> i32 {
    wire::Sector::from_str_name(&enum_name("SECTOR_", s.name())).map_or(0, |v| v as i32)
}

/// Wire number of a quad class.
pub(crate) fn quad_class(q: engine::QuadClass) -> i32 {
    wire::QuadClass::from_str_name(&enum_name("QUAD_CLASS_", q.name())).map_or(0, |v| v as i32)
}

fn span(s: engine::CharSpan) -> wire::Span {
    wire::Span { start: s.start as u32, end: s.end as u32 }
}

fn date(d: &engine::EventDate) -> wire::EventDate {
    wire::EventDate {
        date: d.iso(),
        precision: match d.precision {
            engine::Precision::Day => wire::DatePrecision::Day,
            engine::Precision::Month => wire::DatePrecision::Month,
            engine::Precision::Year => wire::DatePrecision::Year,
        } as i32,
        relative: d.relative,
    }
}

fn actor(a: &engine::Actor, spans: bool) -> wire::Actor {
    wire::Actor {
        country: a.country.clone(),
        sector: a.sector.map_or(0, sector),
        name: a.name.clone(),
        text: a.text.clone(),
        span: spans.then(|| span(a.span)),
    }
}

fn location(l: &engine::Location, spans: bool) -> wire::Location {
    wire::Location {
        name: l.name.clone(),
        country: l.country.clone(),
        admin1: l.admin1.clone(),
        coordinates: l.coordinates.map(|(latitude, longitude)| wire::Coordinates { latitude, longitude }),
        span: if spans { l.span.map(span) } else { None },
    }
}

fn mention(m: &engine::Mention) -> wire::Mention {
    wire::Mention {
        sentence_index: m.sentence_index as u32,
        sentence_span: Some(span(m.sentence_span)),
        sentence: m.sentence.clone(),
        trigger: Some(span(m.trigger)),
        source: m.source.map(span),
        target: m.target.map(span),
    }
}

/// The per-category mode enum number for `mode` under `prefix` ("SANCTION_MODE_").
fn detail_mode(prefix: &str, m: Option<engine::Mode>, lookup: fn(&str) -> Option<i32>) -> i32 {
    m.and_then(|m| lookup(&enum_name(prefix, m.name()))).unwrap_or(0)
}

/// The number of the event's mode in a per-category mode enum: `mode!(SanctionMode, "SANCTION_MODE_", e)`.
macro_rules! mode {
    ($enum:ident, $prefix:literal, $event:expr) => {
        detail_mode($prefix, $event.mode, |n| wire::$enum::from_str_name(n).map(|v| v as i32))
    };
}

/// The typed details message matching the event's category.
pub(crate) fn details(e: &engine::Event) -> WireDetails {
    use engine::Category as C;
    let d = &e.details;
    let subject = d.subject.clone();
    match e.category {
        C::Agree => WireDetails::Agree(wire::AgreeDetails { subject }),
        C::Consult => WireDetails::Consult(wire::ConsultDetails {
            mode: mode!(ConsultMode, "CONSULT_MODE_", e),
            subject,
        }),
        C::Support => WireDetails::Support(wire::SupportDetails { subject }),
        C::Concede => WireDetails::Concede(wire::ConcedeDetails { subject }),
        C::Cooperate => WireDetails::Cooperate(wire::CooperateDetails { subject, count: d.count }),
        C::Aid => WireDetails::Aid(wire::AidDetails { aid: subject, amount: String::new() }),
        C::Retreat => WireDetails::Retreat(wire::RetreatDetails {
            mode: mode!(RetreatMode, "RETREAT_MODE_", e),
            count: d.count,
        }),
        C::Request => WireDetails::Request(wire::RequestDetails {
            mode: mode!(DemandMode, "DEMAND_MODE_", e),
            demand: subject,
        }),
        C::Accuse => WireDetails::Accuse(wire::AccuseDetails {
            mode: mode!(AccuseMode, "ACCUSE_MODE_", e),
            charge: subject,
            summons: d.summons,
        }),
        C::Reject => WireDetails::Reject(wire::RejectDetails {
            mode: mode!(DemandMode, "DEMAND_MODE_", e),
            rejected: subject,
            denial: d.denial,
        }),
        C::Threaten => WireDetails::Threaten(wire::ThreatenDetails {
            mode: mode!(ThreatenMode, "THREATEN_MODE_", e),
            threat: subject,
        }),
        C::Protest => WireDetails::Protest(wire::ProtestDetails {
            mode: mode!(ProtestMode, "PROTEST_MODE_", e),
            participants: d.count,
            participants_approximate: d.approximate,
        }),
        C::Sanction => WireDetails::Sanction(wire::SanctionDetails {
            mode: mode!(SanctionMode, "SANCTION_MODE_", e),
            count: d.count,
            count_approximate: d.approximate,
            departure_deadline_hours: d.deadline_hours,
            reason: subject,
        }),
        C::Mobilize => WireDetails::Mobilize(wire::MobilizeDetails {
            mode: mode!(MobilizeMode, "MOBILIZE_MODE_", e),
            count: d.count,
            weapon: d.weapon.clone(),
        }),
        C::Coerce => WireDetails::Coerce(wire::CoerceDetails {
            mode: mode!(CoerceMode, "COERCE_MODE_", e),
            count: d.count,
            count_approximate: d.approximate,
            charge: subject,
        }),
        C::Assault => WireDetails::Assault(wire::AssaultDetails {
            mode: mode!(AssaultMode, "ASSAULT_MODE_", e),
            killed: d.killed,
            injured: d.injured,
            counts_approximate: d.approximate,
            weapon: d.weapon.clone(),
        }),
    }
}

fn event(id: usize, e: &engine::Event, spans: bool) -> wire::Event {
    wire::Event {
        id: format!("e{id}"),
        category: category(e.category),
        mode: e.mode.map_or(0, mode),
        negated: e.negated,
        future: e.future,
        hypothetical: e.hypothetical,
        historical: e.historical,
        contexts: e.contexts.iter().copied().map(context).collect(),
        source: e.source.as_ref().map(|a| actor(a, spans)),
        target: e.target.as_ref().map(|a| actor(a, spans)),
        date: e.date.as_ref().map(date),
        location: e.location.as_ref().map(|l| location(l, spans)),
        confidence: e.confidence,
        cameo_code: e.cameo.clone(),
        quad_class: quad_class(e.category.quad_class()),
        mentions: if spans { e.mentions.iter().map(mention).collect() } else { Vec::new() },
        details: Some(details(e)),
    }
}

/// The wire response for an extraction, with the request's options applied.
pub(crate) fn response(
    article_id: &str,
    extraction: engine::Extraction,
    options: &wire::ExtractOptions,
) -> wire::ExtractResponse {
    let spans = options.include_spans.unwrap_or(true);
    let keep = |e: &&engine::Event| {
        (options.categories.is_empty() || options.categories.contains(&category(e.category)))
            && e.confidence >= options.min_confidence
    };
    let events =
        extraction.events.iter().filter(keep).enumerate().map(|(i, e)| event(i + 1, e, spans)).collect();
    wire::ExtractResponse {
        article_id: article_id.to_string(),
        events,
        document: Some(wire::DocumentInfo {
            article_date: extraction.article_date.as_ref().map(date),
            dateline: extraction.dateline.as_ref().map(|l| location(l, spans)),
            sentence_count: extraction.sentence_count as u32,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use engine::{Category, Context, Mode, QuadClass, Sector};

    #[test]
    fn every_engine_value_has_a_wire_twin() {
        for c in Category::ALL {
            assert_ne!(category(*c), 0, "{c:?}");
        }
        for m in Mode::ALL {
            assert_ne!(mode(*m), 0, "{m:?}");
        }
        for c in Context::ALL {
            assert_ne!(context(*c), 0, "{c:?}");
        }
        for s in Sector::ALL {
            assert_ne!(sector(*s), 0, "{s:?}");
        }
        for q in QuadClass::ALL {
            assert_ne!(quad_class(*q), 0, "{q:?}");
        }
    }

    #[test]
    fn every_category_mode_reaches_its_typed_details() {
        for c in Category::ALL {
            for m in engine::ontology::modes_of(*c) {
                let e = engine::Event {
                    category: *c,
                    mode: Some(m),
                    negated: false,
                    future: false,
                    hypothetical: false,
                    historical: false,
                    contexts: vec![],
                    source: None,
                    target: None,
                    date: None,
                    location: None,
                    confidence: 1.0,
                    cameo: String::new(),
                    mentions: vec![],
                    details: engine::Details::default(),
                };
                let json = format!("{:?}", details(&e));
                assert!(!json.contains("mode: 0"), "{c:?}/{m:?} lost its mode: {json}");
            }
        }
    }
}
