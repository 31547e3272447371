//! Engine types to wire types. Every enum is mapped by an exhaustive `match` generated from one
//! list of variant names, so a value the engine adds without a wire twin (or the reverse) is a
//! compile error, never a silent 0.

use eventx_engine as engine;
use eventx_proto::v1 as wire;
use wire::event::Details as WireDetails;

/// Declares `fn $name(engine value) -> wire value` as an exhaustive match over variants that
/// carry the same name on both sides.
macro_rules! enum_mapping {
    ($(#[$meta:meta])* $name:ident: $engine:ident => $wire:ident { $($variant:ident),+ $(,)? }) => {
        $(#[$meta])*
        pub(crate) fn $name(value: engine::$engine) -> wire::$wire {
            match value {
                $(engine::$engine::$variant => wire::$wire::$variant,)+
            }
        }
    };
}

enum_mapping! {
    /// The wire twin of a category.
    category: Category => EventCategory {
        Agree, Consult, Support, Concede, Cooperate, Aid, Retreat, Request, Accuse, Reject,
        Threaten, Protest, Sanction, Mobilize, Coerce, Assault,
    }
}

enum_mapping! {
    /// The wire twin of a mode.
    mode: Mode => EventMode {
        Visit, ThirdParty, Multilateral, Phone, Withdraw, Release, Disarm, Ceasefire, Access,
        Resign, Assist, Change, Yield, Meet, Disapprove, Investigate, Allege, Restrict, Arrest,
        Relations, Expel, Territory, Violence, Demo, Riot, Strike, Hunger, Boycott, Obstruct,
        Vandalize, Convict, Discontinue, Troops, Weapons, Police, Militia, Seize, Censor, Curfew,
        MartialLaw, Deport, Withhold, Misinformation, Cyber, Abduct, Beat, Torture, Sexual,
        Targeted, Destroy, Primitive, Firearms, Explosives, SuicideAttack, Aerial, Drone,
        HeavyWeapons, CrowdControl, Unconventional,
    }
}

enum_mapping! {
    /// The wire twin of a context.
    context: Context => EventContext {
        Military, Intelligence, Executive, Legislative, Election, PoliticalInstitutions,
        ProDemocracy, ProAutocracy, Economic, Legal, Reparations, HumanRights, RightsFreedoms,
        Repression, HumanSecurity, Gender, Lgbt, ReligionEthnicity, Inequality, Diplomatic,
        Territory, Peacekeeping, Health, Asylum, Migration, Disasters, NaturalResource,
        Environment, Technology, Terrorism, Cbrn, Cyber, Misinformation, Crime, Corruption,
        IllegalDrugs, Trafficking,
    }
}

enum_mapping! {
    /// The wire twin of a sector.
    sector: Sector => Sector {
        Gov, Mil, Cop, Jud, Leg, Spy, Pty, Reb, Opp, Cvl, Bus, Jrn, Lab, Edu, Rel, Ref, Crm, Eli,
        Med, Agr, Uaf, Prm, Unk,
    }
}

enum_mapping! {
    /// The wire twin of a quad class.
    quad_class: QuadClass => QuadClass {
        VerbalCooperation, MaterialCooperation, VerbalConflict, MaterialConflict,
    }
}

/// Turns the engine's code-point spans into the unit the caller asked for.
pub(crate) struct SpanUnits {
    /// For each code point index, the offset in the requested unit; `None` for code points.
    offsets: Option<Vec<u32>>,
}

impl SpanUnits {
    /// The converter for `text` in `unit`.
    pub(crate) fn new(text: &str, unit: wire::SpanUnit) -> SpanUnits {
        let width: fn(char) -> u32 = match unit {
            wire::SpanUnit::Unspecified | wire::SpanUnit::CodePoint => return SpanUnits { offsets: None },
            wire::SpanUnit::Utf16CodeUnit => |c| c.len_utf16() as u32,
            wire::SpanUnit::Utf8Byte => |c| c.len_utf8() as u32,
        };
        let mut offsets = Vec::with_capacity(text.len() + 1);
        let mut at = 0u32;
        for c in text.chars() {
            offsets.push(at);
            at += width(c);
        }
        offsets.push(at);
        SpanUnits { offsets: Some(offsets) }
    }

    fn offset(&self, code_points: usize) -> u32 {
        match &self.offsets {
            None => code_points as u32,
            Some(table) => table.get(code_points).or(table.last()).copied().unwrap_or(0),
        }
    }

    fn span(&self, s: engine::CharSpan) -> wire::Span {
        wire::Span { start: self.offset(s.start), end: self.offset(s.end) }
    }
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

/// Span options of one response: whether spans are wanted, and in which unit.
struct Spans<'a> {
    units: Option<&'a SpanUnits>,
}

impl Spans<'_> {
    fn of(&self, s: engine::CharSpan) -> Option<wire::Span> {
        self.units.map(|u| u.span(s))
    }
}

fn actor(a: &engine::Actor, spans: &Spans<'_>) -> wire::Actor {
    wire::Actor {
        country: a.country.clone(),
        sector: a.sector.map_or(wire::Sector::Unspecified, sector) as i32,
        name: a.name.clone(),
        text: a.text.clone(),
        span: spans.of(a.span),
    }
}

fn location(l: &engine::Location, spans: &Spans<'_>) -> wire::Location {
    wire::Location {
        name: l.name.clone(),
        country: l.country.clone(),
        admin1: l.admin1.clone(),
        coordinates: l.coordinates.map(|(latitude, longitude)| wire::Coordinates { latitude, longitude }),
        span: l.span.and_then(|s| spans.of(s)),
    }
}

fn mention(m: &engine::Mention, units: &SpanUnits) -> wire::Mention {
    wire::Mention {
        sentence_index: m.sentence_index as u32,
        sentence_span: Some(units.span(m.sentence_span)),
        sentence: m.sentence.clone(),
        trigger: Some(units.span(m.trigger)),
        source: m.source.map(|s| units.span(s)),
        target: m.target.map(|s| units.span(s)),
    }
}

/// The typed details message matching the event's category.
pub(crate) fn details(e: &engine::Event) -> WireDetails {
    use engine::Category as C;
    let d = &e.details;
    match e.category {
        C::Agree => WireDetails::Agree(wire::AgreeDetails {}),
        C::Consult => WireDetails::Consult(wire::ConsultDetails {}),
        C::Support => WireDetails::Support(wire::SupportDetails {}),
        C::Concede => WireDetails::Concede(wire::ConcedeDetails {}),
        C::Cooperate => WireDetails::Cooperate(wire::CooperateDetails { count: d.count }),
        C::Aid => WireDetails::Aid(wire::AidDetails {}),
        C::Retreat => WireDetails::Retreat(wire::RetreatDetails { count: d.count }),
        C::Request => WireDetails::Request(wire::RequestDetails {}),
        C::Accuse => WireDetails::Accuse(wire::AccuseDetails { summons: d.summons }),
        C::Reject => WireDetails::Reject(wire::RejectDetails { denial: d.denial }),
        C::Threaten => WireDetails::Threaten(wire::ThreatenDetails {}),
        C::Protest => WireDetails::Protest(wire::ProtestDetails {
            participants: d.count,
            participants_approximate: d.approximate,
        }),
        C::Sanction => WireDetails::Sanction(wire::SanctionDetails {
            count: d.count,
            count_approximate: d.approximate,
            departure_deadline_hours: d.deadline_hours,
        }),
        C::Mobilize => WireDetails::Mobilize(wire::MobilizeDetails { count: d.count }),
        C::Coerce => {
            WireDetails::Coerce(wire::CoerceDetails { count: d.count, count_approximate: d.approximate })
        }
        C::Assault => WireDetails::Assault(wire::AssaultDetails {
            killed: d.killed,
            injured: d.injured,
            counts_approximate: d.approximate,
        }),
    }
}

/// Confidence on the wire: two decimals, so JSON shows 0.9 and not 0.8999999761581421.
pub(crate) fn confidence(c: f32) -> f64 {
    (f64::from(c) * 100.0).round() / 100.0
}

/// An enum value's proto name without its type prefix ("EVENT_MODE_EXPEL" → "EXPEL"); empty for
/// the UNSPECIFIED value.
fn bare_name(full: &str, prefix: &str) -> String {
    match full.strip_prefix(prefix) {
        Some("UNSPECIFIED") | None => String::new(),
        Some(rest) => rest.to_string(),
    }
}

/// 64-bit FNV-1a: tiny, fixed forever and easy to reproduce in any language, which is what a
/// key shared between pipelines needs (it is not a defence against crafted collisions).
fn fnv1a64(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &b| (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
}

/// The event's `fingerprint`, as `Event.fingerprint` documents it.
pub(crate) fn fingerprint(e: &wire::Event) -> String {
    let actor = |a: &Option<wire::Actor>| match a {
        Some(a) => {
            let sector = wire::Sector::try_from(a.sector).unwrap_or_default();
            [a.country.clone(), bare_name(sector.as_str_name(), "SECTOR_")]
        }
        None => [String::new(), String::new()],
    };
    let category = wire::EventCategory::try_from(e.category).unwrap_or_default();
    let mode = wire::EventMode::try_from(e.mode).unwrap_or_default();
    let day = e
        .date
        .as_ref()
        .filter(|d| d.precision == wire::DatePrecision::Day as i32)
        .map(|d| d.date.clone())
        .unwrap_or_default();
    let (place_country, place) =
        e.location.as_ref().map(|l| (l.country.clone(), l.name.to_lowercase())).unwrap_or_default();
    let [source_country, source_sector] = actor(&e.source);
    let [target_country, target_sector] = actor(&e.target);
    let line = [
        bare_name(category.as_str_name(), "EVENT_CATEGORY_"),
        bare_name(mode.as_str_name(), "EVENT_MODE_"),
        source_country,
        source_sector,
        target_country,
        target_sector,
        day,
        place_country,
        place,
    ]
    .join("|");
    format!("{:016x}", fnv1a64(line.as_bytes()))
}

fn event(id: usize, e: &engine::Event, spans: &Spans<'_>) -> wire::Event {
    let mut event = wire::Event {
        id: format!("e{id}"),
        category: category(e.category) as i32,
        mode: e.mode.map_or(wire::EventMode::Unspecified, mode) as i32,
        negated: e.negated,
        future: e.future,
        hypothetical: e.hypothetical,
        historical: e.historical,
        contexts: e.contexts.iter().map(|c| context(*c) as i32).collect(),
        source: e.source.as_ref().map(|a| actor(a, spans)),
        target: e.target.as_ref().map(|a| actor(a, spans)),
        date: e.date.as_ref().map(date),
        location: e.location.as_ref().map(|l| location(l, spans)),
        confidence: confidence(e.confidence),
        cameo_code: e.cameo.clone(),
        quad_class: quad_class(e.category.quad_class()) as i32,
        mentions: spans.units.map(|u| e.mentions.iter().map(|m| mention(m, u)).collect()).unwrap_or_default(),
        details: Some(details(e)),
        fingerprint: String::new(),
    };
    event.fingerprint = fingerprint(&event);
    event
}

/// The wire response for an extraction of `text`, with the request's options applied.
pub(crate) fn response(
    article_id: &str,
    text: &str,
    extraction: engine::Extraction,
    options: &wire::ExtractOptions,
) -> wire::ExtractResponse {
    let units = options.include_spans.unwrap_or(true).then(|| SpanUnits::new(text, options.span_unit()));
    let spans = Spans { units: units.as_ref() };
    let keep = |e: &&engine::Event| {
        (options.categories.is_empty() || options.categories.contains(&(category(e.category) as i32)))
            && confidence(e.confidence) >= f64::from(options.min_confidence)
    };
    let events =
        extraction.events.iter().filter(keep).enumerate().map(|(i, e)| event(i + 1, e, &spans)).collect();
    wire::ExtractResponse {
        article_id: article_id.to_string(),
        events,
        document: Some(wire::DocumentInfo {
            article_date: extraction.article_date.as_ref().map(date),
            dateline: extraction.dateline.as_ref().map(|l| location(l, &spans)),
            sentence_count: extraction.sentence_count as u32,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event_of(category: engine::Category, mode: Option<engine::Mode>) -> engine::Event {
        engine::Event {
            category,
            mode,
            negated: false,
            future: false,
            hypothetical: false,
            historical: false,
            contexts: vec![],
            source: None,
            target: None,
            date: None,
            location: None,
            confidence: 0.9,
            cameo: String::new(),
            mentions: vec![],
            details: engine::Details::default(),
        }
    }

    #[test]
    fn every_category_gets_the_details_of_its_own_kind() {
        for c in engine::Category::ALL {
            let details = format!("{:?}", details(&event_of(*c, None)));
            let wanted = category(*c).as_str_name().trim_start_matches("EVENT_CATEGORY_").to_lowercase();
            assert!(details.to_lowercase().starts_with(&wanted), "{c:?}: {details}");
        }
    }

    #[test]
    fn confidence_has_no_float_noise() {
        assert_eq!(confidence(0.9), 0.9);
        assert_eq!(confidence(0.6 + 0.3), 0.9);
        assert_eq!(serde_json::to_string(&confidence(0.1 + 0.2)).unwrap(), "0.3");
    }

    #[test]
    fn spans_convert_to_utf16_and_utf8() {
        let text = "é😀 Oslo";
        let oslo = engine::CharSpan { start: 3, end: 7 };
        let utf16 = SpanUnits::new(text, wire::SpanUnit::Utf16CodeUnit).span(oslo);
        let utf8 = SpanUnits::new(text, wire::SpanUnit::Utf8Byte).span(oslo);
        let points = SpanUnits::new(text, wire::SpanUnit::Unspecified).span(oslo);
        assert_eq!((utf16.start, utf16.end), (4, 8));
        assert_eq!((utf8.start, utf8.end), (7, 11));
        assert_eq!((points.start, points.end), (3, 7));
        assert_eq!(&text[7..11], "Oslo");
    }

    #[test]
    fn fingerprint_follows_its_documented_recipe() {
        let event = wire::Event {
            category: wire::EventCategory::Sanction as i32,
            mode: wire::EventMode::Expel as i32,
            source: Some(wire::Actor {
                country: "NOR".into(),
                sector: wire::Sector::Gov as i32,
                ..Default::default()
            }),
            target: Some(wire::Actor { country: "IRN".into(), ..Default::default() }),
            date: Some(wire::EventDate {
                date: "2024-03-12".into(),
                precision: wire::DatePrecision::Day as i32,
                relative: false,
            }),
            location: Some(wire::Location {
                name: "Oslo".into(),
                country: "NOR".into(),
                ..Default::default()
            }),
            confidence: 0.9,
            ..Default::default()
        };
        let line = "SANCTION|EXPEL|NOR|GOV|IRN||2024-03-12|NOR|oslo";
        assert_eq!(fingerprint(&event), format!("{:016x}", fnv1a64(line.as_bytes())));
        assert_eq!(fnv1a64(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a64(b"a"), 0xaf63_dc4c_8601_ec8c);
        let reworded = wire::Event { confidence: 0.5, id: "e7".into(), ..event.clone() };
        assert_eq!(fingerprint(&reworded), fingerprint(&event));
        let other_day = wire::Event {
            date: Some(wire::EventDate { date: "2024-03-13".into(), ..event.date.clone().unwrap() }),
            ..event.clone()
        };
        assert_ne!(fingerprint(&other_day), fingerprint(&event));
    }
}
