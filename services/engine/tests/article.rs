//! End to end on a realistic wire article written for this test in the style of the news the
//! engine reads (fictional events between real countries): expulsions, a summons with a
//! metonym, a denial in reported speech, a dateline without a year, relative dates.

use eventx_engine::{ArticleInput, Category, Engine, Event, Mode, Sector};

const ARTICLE: &str = "(Harbour Wire) OSLO, Norway, April 18. Norway has declared three employees of the Russian embassy in Oslo persona non grata, the Norwegian foreign ministry said on Thursday.

\u{201c}We firmly reject the allegations made by Moscow,\u{201d} Norwegian Foreign Ministry spokesperson Ingrid Dahl said.

The Russian ambassador to Norway was summoned to the ministry today and handed a note of protest.

On April 16, 2024, Norwegian ambassador to Russia Erik Lund was summoned to Smolenskaya Square. Two Norwegian diplomats had been expelled by the Russian government, he was told. The two diplomats were ordered to leave Russia within 72 hours.

Russian police also arrested four Norwegian citizens in Murmansk last week.";

fn find<'a>(events: &'a [Event], category: Category, source: &str, target: &str) -> &'a Event {
    events
        .iter()
        .find(|e| {
            e.category == category
                && e.source.as_ref().map(|a| a.country.as_str()) == Some(source)
                && (target.is_empty() || e.target.as_ref().map(|a| a.country.as_str()) == Some(target))
        })
        .unwrap_or_else(|| panic!("no {category:?} {source} -> {target} in {events:#?}"))
}

#[test]
fn wire_article_events() {
    let extraction =
        Engine::new().extract(&ArticleInput { text: ARTICLE, ..ArticleInput::default() }).unwrap();
    assert_eq!(extraction.article_date.map(|d| d.iso()).as_deref(), Some("2024-04-18"));
    assert_eq!(extraction.dateline.as_ref().map(|l| l.country.as_str()), Some("NOR"));
    let events = &extraction.events;

    let expel = find(events, Category::Sanction, "NOR", "RUS");
    assert_eq!(expel.mode, Some(Mode::Expel));
    assert_eq!(expel.details.count, Some(3));
    assert_eq!(expel.date.map(|d| d.iso()).as_deref(), Some("2024-04-18"));

    let counter = find(events, Category::Sanction, "RUS", "NOR");
    assert_eq!(counter.details.count, Some(2));
    assert_eq!(counter.details.deadline_hours, Some(72));
    assert_eq!(counter.date.map(|d| d.iso()).as_deref(), Some("2024-04-16"));

    let summons = find(events, Category::Accuse, "NOR", "RUS");
    assert!(summons.details.summons);
    assert_eq!(summons.date.map(|d| d.iso()).as_deref(), Some("2024-04-18"));

    // the allegations made by Moscow are an accusation of Norway too; the summons is the other one
    let summoned = events
        .iter()
        .find(|e| {
            e.category == Category::Accuse
                && e.details.summons
                && e.source.as_ref().is_some_and(|s| s.country == "RUS")
        })
        .expect("Russia's summons of the Norwegian ambassador");
    let target = summoned.target.as_ref().unwrap();
    assert_eq!(target.name, "Erik Lund");
    assert_eq!(target.sector, Some(Sector::Gov));
    assert_eq!(summoned.date.map(|d| d.iso()).as_deref(), Some("2024-04-16"));

    find(events, Category::Reject, "NOR", "RUS");

    let arrest = find(events, Category::Coerce, "RUS", "");
    assert_eq!(arrest.mode, Some(Mode::Arrest));
    assert_eq!(arrest.details.count, Some(4));
    assert_eq!(arrest.source.as_ref().unwrap().sector, Some(Sector::Cop));
}

#[test]
fn negated_and_threatened_acts_carry_their_flags() {
    let engine = Engine::new();
    let read = |text: &str| engine.extract(&ArticleInput { text, ..ArticleInput::default() }).unwrap().events;
    let negated = read("Hungary has not expelled any Ukrainian diplomats.");
    assert!(negated.iter().any(|e| e.category == Category::Sanction && e.negated), "{negated:#?}");
    let threat = read("Serbia threatened to expel Croatian diplomats.");
    assert!(
        threat.iter().any(|e| e.category == Category::Threaten && e.mode == Some(Mode::Expel)),
        "{threat:#?}"
    );
    let lower = read("kenyan police arrested 14 protesters in nairobi on monday.");
    assert!(lower.iter().any(|e| e.category == Category::Coerce), "{lower:#?}");
}

#[test]
fn a_recall_cuts_relations_with_the_host_country() {
    let text = "Argentina has recalled its ambassador to Uruguay in protest at the decision.";
    let events = Engine::new().extract(&ArticleInput { text, ..ArticleInput::default() }).unwrap().events;
    let recall = find(&events, Category::Sanction, "ARG", "URY");
    assert_eq!(recall.mode, Some(Mode::Withdraw));
    assert!(!events.iter().any(|e| e.category == Category::Protest), "{events:#?}");
}

#[test]
fn a_rejection_answers_the_latest_accusation_of_another_country() {
    let text =
        "Belarus accused Poland of espionage on Tuesday. Warsaw rejected the allegation as groundless.";
    let events = Engine::new().extract(&ArticleInput { text, ..ArticleInput::default() }).unwrap().events;
    find(&events, Category::Accuse, "BLR", "POL");
    find(&events, Category::Reject, "POL", "BLR");
}

#[test]
fn coordinated_sources_make_one_event_each() {
    let text = "Sweden and Denmark summoned Iran's ambassadors on Monday. \
                This was two days after Finland expelled an Iranian diplomat.";
    let events = Engine::new().extract(&ArticleInput { text, ..ArticleInput::default() }).unwrap().events;
    find(&events, Category::Accuse, "SWE", "IRN");
    find(&events, Category::Accuse, "DNK", "IRN");
    find(&events, Category::Sanction, "FIN", "IRN");
}

fn read(text: &str) -> Vec<Event> {
    Engine::new().extract(&ArticleInput { text, ..ArticleInput::default() }).unwrap().events
}

#[test]
fn a_decided_measure_keeps_its_category_and_a_warning_is_a_threat() {
    let decided = read("Norway will expel three Iranian diplomats, the foreign ministry said.");
    let expel = find(&decided, Category::Sanction, "NOR", "IRN");
    assert!(expel.future && !expel.hypothetical, "{expel:#?}");
    assert_eq!(expel.details.count, Some(3));
    let warning = read("Norway could expel Iranian diplomats over the affair.");
    let threat = find(&warning, Category::Threaten, "NOR", "IRN");
    assert_eq!(threat.mode, Some(Mode::Expel));
}

#[test]
fn listed_targets_of_a_diplomatic_measure_make_one_event_each() {
    let events =
        read("Mali ordered the consuls of Ghana, Togo and the Ivory Coast to leave within 72 hours.");
    for target in ["GHA", "TGO", "CIV"] {
        find(&events, Category::Sanction, "MLI", target);
    }
}

#[test]
fn a_mention_without_a_source_continues_the_story_s_event() {
    let text = "Chile summons envoys over the vote.\n\n\
                Chile will summon the envoys of countries that backed the motion, a spokesman said.\n\n\
                \"The ambassadors of Peru, Bolivia and Paraguay will be summoned on Monday,\" he said.";
    let events = read(text);
    for target in ["PER", "BOL", "PRY"] {
        find(&events, Category::Accuse, "CHL", target);
    }
}

#[test]
fn page_furniture_names_no_event_and_no_place() {
    let text = "Tunisia recalls its envoy to Libya\n\n\
                (FILES) Police arrested protesters outside a stadium in Denver, Colorado, in 2019.\n\n\
                Tunisia has recalled its ambassador to Libya over the border closure.";
    let events = read(text);
    assert!(!events.iter().any(|e| e.category == Category::Coerce), "{events:#?}");
    assert!(events.iter().all(|e| e.location.as_ref().is_none_or(|l| l.country != "USA")), "{events:#?}");
    find(&events, Category::Sanction, "TUN", "LBY");
}

#[test]
fn talks_with_a_possessive_leader_reach_the_leader_s_country() {
    let events = read("The Canadian prime minister spoke with Morocco's King Mohammed on Tuesday.");
    find(&events, Category::Consult, "CAN", "MAR");
}

#[test]
fn the_envoy_declared_persona_non_grata_is_the_target() {
    let text = "Ghana expelled the Togolese ambassador on Monday. \
                \"We consider the Togolese ambassador persona non grata,\" the ministry said.";
    let events = read(text);
    find(&events, Category::Sanction, "GHA", "TGO");
    assert!(!events.iter().any(|e| e.source.as_ref().is_some_and(|s| s.country == "TGO")), "{events:#?}");
}

#[test]
fn the_dateline_date_is_not_an_event_or_an_event_date() {
    let text = "OSLO, March 8 (Harbour Wire) - Norway expelled two Russian diplomats on Thursday.";
    let publication_date = eventx_engine::Date::new(2024, 3, 8);
    let events = Engine::new()
        .extract(&ArticleInput { text, publication_date, ..ArticleInput::default() })
        .unwrap()
        .events;
    assert!(!events.iter().any(|e| e.category == Category::Protest), "{events:#?}");
    let expel = find(&events, Category::Sanction, "NOR", "RUS");
    assert_eq!(expel.date.map(|d| d.iso()).as_deref(), Some("2024-03-07"));
}

#[test]
fn a_city_inside_an_actor_places_the_event_and_the_institution() {
    let events = read("Police in Lagos arrested 12 protesters on Tuesday.");
    let arrest = find(&events, Category::Coerce, "NGA", "");
    let location = arrest.location.as_ref().expect("a location");
    assert_eq!((location.name.as_str(), location.country.as_str()), ("Lagos", "NGA"));
    assert!(location.coordinates.is_some(), "{location:#?}");
}

#[test]
fn an_act_named_as_the_reason_of_another_is_background() {
    for text in [
        "Chile recalled its ambassador in protest at the army's air offensive.",
        "Ghana summoned the Togolese envoy in response to Tuesday's shelling of a border post.",
        "Peru called for an end to the bombing, the ministry said.",
    ] {
        let events = read(text);
        assert!(!events.iter().any(|e| e.category == Category::Assault), "{text}: {events:#?}");
    }
}

#[test]
fn an_envoy_summoned_without_a_named_summoner_is_summoned_by_the_host() {
    let events = read("The Peruvian ambassador to Santiago was summoned on Monday over the remarks.");
    find(&events, Category::Accuse, "CHL", "PER");
}

#[test]
fn without_a_dateline_the_ministry_belongs_to_the_country_the_story_is_about() {
    let text = "Estonia expels Belarusian diplomat\n\n\
                The foreign ministry in Tallinn has declared a Belarusian diplomat persona non grata, \
                Estonian officials said. Estonia had warned Belarus twice this year. \
                The foreign ministry also summoned the Belarusian charge d'affaires.";
    let events = read(text);
    find(&events, Category::Accuse, "EST", "BLR");
}

#[test]
fn the_ministry_of_a_dated_story_is_the_home_country_s() {
    let text =
        "RIGA, May 7 (Baltic Wire) - The Belarusian ambassador was summoned to the ministry on Tuesday.";
    find(&read(text), Category::Accuse, "LVA", "BLR");
}

#[test]
fn content_of_talks_and_violated_truces_are_not_events() {
    for text in [
        "The two envoys discussed reopening the border crossing.",
        "Soldiers fired across the line overnight in a serious violation of the ceasefire.",
        "The reporter is barred from returning to the country for five years.",
    ] {
        let events = read(text);
        assert!(!events.iter().any(|e| e.category == Category::Retreat), "{text}: {events:#?}");
    }
}

#[test]
fn refusing_to_give_way_is_a_rejection() {
    let events = read("Serbia will not release the Kosovar detainees, the ministry said.");
    assert!(
        events.iter().any(|e| e.category == Category::Reject && e.mode == Some(Mode::Yield) && !e.negated),
        "{events:#?}"
    );
    assert!(!events.iter().any(|e| e.category == Category::Retreat), "{events:#?}");
}

#[test]
fn a_modified_attack_after_a_determiner_is_a_noun_and_march_mid_sentence_a_month() {
    let condemned = read("The minister condemned the terrorist attack on a mosque in the city.");
    assert!(!condemned.iter().any(|e| e.category == Category::Assault), "{condemned:#?}");
    let attacked = read("The rebel group attacked an army post near the border.");
    assert!(attacked.iter().any(|e| e.category == Category::Assault), "{attacked:#?}");
    let met = read("The Peruvian president met the visiting Bolivian foreign minister in Lima.");
    assert!(met.iter().any(|e| e.category == Category::Consult), "{met:#?}");
    let filed = read("The union on March 28 filed a complaint against the ministry.");
    assert!(!filed.iter().any(|e| e.category == Category::Protest), "{filed:#?}");
    let marched = read("March organisers said thousands marched to parliament.");
    assert!(marched.iter().any(|e| e.category == Category::Protest), "{marched:#?}");
}

#[test]
fn a_cancelled_planned_visit_is_only_the_cancellation() {
    let events = read("The Peruvian president cancelled a planned visit to Madrid.");
    assert!(events.iter().any(|e| e.category == Category::Reject), "{events:#?}");
    assert!(!events.iter().any(|e| matches!(e.category, Category::Agree | Category::Consult)), "{events:#?}");
}

#[test]
fn two_parties_acting_together_act_towards_each_other() {
    let events = read("Kenya and Uganda agreed on Monday to reopen their shared border.");
    find(&events, Category::Agree, "KEN", "UGA");
    find(&events, Category::Agree, "UGA", "KEN");
}

#[test]
fn people_described_by_a_participle_report_no_new_accusation() {
    let events = read("The ministry sanctioned six Belarusian officials blamed for the crackdown.");
    assert!(!events.iter().any(|e| e.category == Category::Accuse), "{events:#?}");
}

#[test]
fn people_joined_by_and_are_counted_one_each() {
    let events = read("Mali ordered a Ghanaian consul and an economic attache to leave within 72 hours.");
    let expel = find(&events, Category::Sanction, "MLI", "GHA");
    assert_eq!(expel.details.count, Some(2), "{expel:#?}");
}

#[test]
fn a_mention_without_a_target_joins_the_event_that_names_it_or_is_the_motive_of_its_sentence() {
    let text = "Ghana expelled two Nigerian diplomats on Monday.\n\n\
                The expulsions were ordered by Ghana after a dispute over trade, officials said.\n\n\
                Kenya recalled its ambassador to Uganda in protest at the border raids.";
    let events = read(text);
    let expel = find(&events, Category::Sanction, "GHA", "NGA");
    assert_eq!(expel.mentions.len(), 2, "{events:#?}");
    assert!(expel.mentions[1].target.is_none(), "{events:#?}");
    find(&events, Category::Sanction, "KEN", "UGA");
    let untargeted = events.iter().filter(|e| e.target.is_none() && e.category != Category::Protest);
    assert_eq!(untargeted.count(), 0, "{events:#?}");
}

#[test]
fn a_story_with_named_parties_drops_a_mention_that_names_none() {
    let story = read("Peru expelled the Bolivian consul on Friday.\n\nOfficials held talks on Tuesday.");
    find(&story, Category::Sanction, "PER", "BOL");
    assert!(!story.iter().any(|e| e.category == Category::Consult), "{story:#?}");
    let alone = read("Officials held talks on Tuesday.");
    assert!(alone.iter().any(|e| e.category == Category::Consult), "{alone:#?}");
}

fn read_on(text: &str, published: &str) -> Vec<Event> {
    let publication_date = eventx_engine::Date::parse_iso(published);
    Engine::new().extract(&ArticleInput { text, publication_date, ..ArticleInput::default() }).unwrap().events
}

fn iso(event: &Event) -> String {
    event.date.map(|d| d.iso()).unwrap_or_default()
}

#[test]
fn a_day_after_dates_the_earlier_event_and_a_deadline_dates_nothing() {
    // 2025-03-13 is a Thursday
    let events = read_on(
        "Peru reopened its border with Bolivia on Thursday, a day after Peru's foreign minister held talks with Bolivia's president.",
        "2025-03-14",
    );
    assert_eq!(iso(find(&events, Category::Consult, "PER", "BOL")), "2025-03-12", "{events:#?}");
    let deadline = read_on(
        "Norway ordered the Iranian envoy to leave the country by March 30, 2025, the ministry said.",
        "2025-03-14",
    );
    assert_eq!(iso(find(&deadline, Category::Sanction, "NOR", "IRN")), "2025-03-14", "{deadline:#?}");
}

#[test]
fn a_weekday_of_an_event_still_to_come_is_the_coming_one() {
    // 2025-03-14 is a Friday: "on Tuesday" is the 18th for what will happen, the 11th for what did
    let coming = read_on("The Iranian ambassador will be summoned by Norway on Tuesday.", "2025-03-14");
    assert_eq!(iso(find(&coming, Category::Accuse, "NOR", "IRN")), "2025-03-18", "{coming:#?}");
    let past = read_on("The Iranian ambassador was summoned by Norway on Tuesday.", "2025-03-14");
    assert_eq!(iso(find(&past, Category::Accuse, "NOR", "IRN")), "2025-03-11", "{past:#?}");
}

#[test]
fn a_threat_without_a_target_answers_the_country_that_acted_on_the_threatener() {
    let events = read(
        "Estonia expelled two Russian diplomats on Monday.\n\n\
         Moscow would respond to the expulsion in kind, the Russian embassy said.",
    );
    find(&events, Category::Sanction, "EST", "RUS");
    let threat = find(&events, Category::Threaten, "RUS", "EST");
    assert_eq!(threat.mode, Some(Mode::Expel), "an expulsion answered in kind: {events:#?}");
}

#[test]
fn a_visitor_named_by_a_possessed_office_visits_the_country_of_the_city() {
    let events = read("Kenya's health and sanitation minister arrived in Kampala on Monday for talks.");
    let visit = find(&events, Category::Consult, "KEN", "UGA");
    assert_eq!(visit.mode, Some(Mode::Visit), "{events:#?}");
    assert_eq!(
        visit.source.as_ref().map(|s| s.text.as_str()),
        Some("Kenya's health and sanitation minister")
    );
}

#[test]
fn a_counterpart_is_the_other_side_and_a_paragraph_about_him_keeps_his_date() {
    let text = "Peruvian envoy Jorge Quispe held talks with Chilean officials in Santiago on Monday.\n\n\
                He later handed over medical supplies to Chile's health minister.\n\n\
                The Chilean envoy invited his counterpart to Valparaiso for another round in May.";
    let events = read_on(text, "2025-03-14");
    find(&events, Category::Agree, "CHL", "PER");
    let aid = find(&events, Category::Aid, "PER", "CHL");
    assert_eq!(iso(aid), "2025-03-10", "{events:#?}");
}

#[test]
fn a_pronoun_opening_a_clause_after_the_verb_is_not_its_object() {
    let events = read("Spain decided to cut the number of visas it grants to nationals of Morocco.");
    find(&events, Category::Sanction, "ESP", "MAR");
}

#[test]
fn a_condemnation_without_a_target_answers_the_latest_use_of_force() {
    let text = "Armenian troops shelled a village in Azerbaijan on Sunday.\n\n\
                Turkey condemned the shelling in a statement.";
    let events = read(text);
    find(&events, Category::Accuse, "TUR", "ARM");
}
