//! The PLOVER 2.0 vocabulary: categories, modes, contexts, sectors and quad classes, with their
//! lower-case names as used in rule files and their descriptions (from `data/ontology.tsv`).

use std::collections::HashMap;
use std::sync::OnceLock;

/// Declares a fieldless enum together with its canonical name table.
macro_rules! named_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $($(#[$vmeta])* $variant),+ }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The canonical name used in rule files and ontology listings.
            pub fn name(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            /// Looks a value up by its canonical name, ignoring ASCII case and `-`/`_`.
            pub fn from_name(name: &str) -> Option<Self> {
                let wanted = name.trim().replace('-', "_");
                Self::ALL.iter().copied().find(|v| v.name().replace('-', "_").eq_ignore_ascii_case(&wanted))
            }
        }
    };
}

named_enum! {
    /// A PLOVER 2.0 event category.
    Category {
        /// Promises, offers, agreements.
        Agree = "AGREE",
        /// Meetings, visits, talks, calls.
        Consult = "CONSULT",
        /// Praise, endorsement, signing.
        Support = "SUPPORT",
        /// Verbal concessions.
        Concede = "CONCEDE",
        /// Material cooperation.
        Cooperate = "COOPERATE",
        /// Material help.
        Aid = "AID",
        /// Material concessions.
        Retreat = "RETREAT",
        /// Asks and demands.
        Request = "REQUEST",
        /// Criticism, allegations, summons.
        Accuse = "ACCUSE",
        /// Refusals and denials.
        Reject = "REJECT",
        /// Coercive warnings.
        Threaten = "THREATEN",
        /// Civilian dissent.
        Protest = "PROTEST",
        /// Cutting relations, expulsions, sanctions.
        Sanction = "SANCTION",
        /// Military or police moves short of force.
        Mobilize = "MOBILIZE",
        /// Repression short of violence.
        Coerce = "COERCE",
        /// Physical violence.
        Assault = "ASSAULT",
    }
}

named_enum! {
    /// A PLOVER mode; which modes a category allows is in `data/ontology.tsv`.
    Mode {
        /// CONSULT: a visit.
        Visit = "visit",
        /// CONSULT: third-party talks.
        ThirdParty = "third-party",
        /// CONSULT: multilateral.
        Multilateral = "multilateral",
        /// CONSULT: a phone call.
        Phone = "phone",
        /// RETREAT/SANCTION: withdrawal or recall.
        Withdraw = "withdraw",
        /// RETREAT: release.
        Release = "release",
        /// RETREAT: disarmament.
        Disarm = "disarm",
        /// RETREAT: ceasefire.
        Ceasefire = "ceasefire",
        /// RETREAT: access.
        Access = "access",
        /// RETREAT: resignation.
        Resign = "resign",
        /// REQUEST/REJECT: assistance.
        Assist = "assist",
        /// REQUEST/REJECT: change of policy.
        Change = "change",
        /// REQUEST/REJECT: yielding.
        Yield = "yield",
        /// REQUEST/REJECT: meeting.
        Meet = "meet",
        /// ACCUSE: disapproval, summons.
        Disapprove = "disapprove",
        /// ACCUSE: investigation.
        Investigate = "investigate",
        /// ACCUSE: allegation.
        Allege = "allege",
        /// THREATEN/COERCE: restriction.
        Restrict = "restrict",
        /// THREATEN/COERCE: arrest.
        Arrest = "arrest",
        /// THREATEN: relations.
        Relations = "relations",
        /// THREATEN/SANCTION: expulsion of diplomats.
        Expel = "expel",
        /// THREATEN: territory.
        Territory = "territory",
        /// THREATEN: violence.
        Violence = "violence",
        /// PROTEST: demonstration.
        Demo = "demo",
        /// PROTEST: riot.
        Riot = "riot",
        /// PROTEST: strike.
        Strike = "strike",
        /// PROTEST: hunger strike.
        Hunger = "hunger",
        /// PROTEST: boycott.
        Boycott = "boycott",
        /// PROTEST: obstruction.
        Obstruct = "obstruct",
        /// PROTEST: vandalism.
        Vandalize = "vandalize",
        /// SANCTION: conviction.
        Convict = "convict",
        /// SANCTION: discontinuation, economic sanctions.
        Discontinue = "discontinue",
        /// MOBILIZE: troops.
        Troops = "troops",
        /// MOBILIZE: weapons.
        Weapons = "weapons",
        /// MOBILIZE: police.
        Police = "police",
        /// MOBILIZE: militia.
        Militia = "militia",
        /// COERCE: seizure.
        Seize = "seize",
        /// COERCE: censorship.
        Censor = "censor",
        /// COERCE: curfew.
        Curfew = "curfew",
        /// COERCE: martial law.
        MartialLaw = "martial-law",
        /// COERCE: deportation.
        Deport = "deport",
        /// COERCE: withholding.
        Withhold = "withhold",
        /// COERCE: misinformation.
        Misinformation = "misinformation",
        /// COERCE: cyber.
        Cyber = "cyber",
        /// ASSAULT: abduction.
        Abduct = "abduct",
        /// ASSAULT: beating.
        Beat = "beat",
        /// ASSAULT: torture.
        Torture = "torture",
        /// ASSAULT: sexual violence.
        Sexual = "sexual",
        /// ASSAULT: targeted killing.
        Targeted = "targeted",
        /// ASSAULT: destruction of property.
        Destroy = "destroy",
        /// ASSAULT: primitive weapons.
        Primitive = "primitive",
        /// ASSAULT: firearms.
        Firearms = "firearms",
        /// ASSAULT: explosives.
        Explosives = "explosives",
        /// ASSAULT: suicide attack.
        SuicideAttack = "suicide-attack",
        /// ASSAULT: air strike.
        Aerial = "aerial",
        /// ASSAULT: drone.
        Drone = "drone",
        /// ASSAULT: heavy weapons.
        HeavyWeapons = "heavy-weapons",
        /// ASSAULT: crowd control.
        CrowdControl = "crowd-control",
        /// ASSAULT: CBRN weapons.
        Unconventional = "unconventional",
    }
}

named_enum! {
    /// A PLOVER context.
    Context {
        /// Military.
        Military = "military",
        /// Intelligence.
        Intelligence = "intelligence",
        /// Executive.
        Executive = "executive",
        /// Legislative.
        Legislative = "legislative",
        /// Elections.
        Election = "election",
        /// Political institutions.
        PoliticalInstitutions = "political_institutions",
        /// Pro-democracy.
        ProDemocracy = "pro_democracy",
        /// Pro-autocracy.
        ProAutocracy = "pro_autocracy",
        /// Economy.
        Economic = "economic",
        /// Legal.
        Legal = "legal",
        /// Reparations.
        Reparations = "reparations",
        /// Human rights.
        HumanRights = "human_rights",
        /// Rights and freedoms.
        RightsFreedoms = "rights_freedoms",
        /// Repression.
        Repression = "repression",
        /// Human security.
        HumanSecurity = "human_security",
        /// Gender.
        Gender = "gender",
        /// LGBT.
        Lgbt = "lgbt",
        /// Religion and ethnicity.
        ReligionEthnicity = "religion_ethnicity",
        /// Inequality.
        Inequality = "inequality",
        /// Diplomacy.
        Diplomatic = "diplomatic",
        /// Territory.
        Territory = "territory",
        /// Peacekeeping.
        Peacekeeping = "peacekeeping",
        /// Health.
        Health = "health",
        /// Asylum.
        Asylum = "asylum",
        /// Migration.
        Migration = "migration",
        /// Disasters.
        Disasters = "disasters",
        /// Natural resources.
        NaturalResource = "natural_resource",
        /// Environment.
        Environment = "environment",
        /// Technology.
        Technology = "technology",
        /// Terrorism.
        Terrorism = "terrorism",
        /// CBRN.
        Cbrn = "cbrn",
        /// Cyber.
        Cyber = "cyber",
        /// Misinformation.
        Misinformation = "misinformation",
        /// Crime.
        Crime = "crime",
        /// Corruption.
        Corruption = "corruption",
        /// Illegal drugs.
        IllegalDrugs = "illegal_drugs",
        /// Trafficking.
        Trafficking = "trafficking",
    }
}

named_enum! {
    /// A PLOVER actor sector.
    Sector {
        /// Government, diplomats, embassies.
        Gov = "GOV",
        /// Armed forces.
        Mil = "MIL",
        /// Police.
        Cop = "COP",
        /// Judiciary.
        Jud = "JUD",
        /// Legislature.
        Leg = "LEG",
        /// Intelligence services.
        Spy = "SPY",
        /// Parties.
        Pty = "PTY",
        /// Rebels.
        Reb = "REB",
        /// Opposition.
        Opp = "OPP",
        /// Civilians.
        Cvl = "CVL",
        /// Business.
        Bus = "BUS",
        /// Journalists and media.
        Jrn = "JRN",
        /// Labour.
        Lab = "LAB",
        /// Education.
        Edu = "EDU",
        /// Religion.
        Rel = "REL",
        /// Refugees.
        Ref = "REF",
        /// Criminals.
        Crm = "CRM",
        /// Elites.
        Eli = "ELI",
        /// Health and medical.
        Med = "MED",
        /// Agriculture.
        Agr = "AGR",
        /// Unaffiliated armed forces.
        Uaf = "UAF",
        /// Paramilitaries.
        Prm = "PRM",
        /// Unknown.
        Unk = "UNK",
    }
}

named_enum! {
    /// The PLOVER quad class of a category.
    QuadClass {
        /// Verbal cooperation.
        VerbalCooperation = "verbal_cooperation",
        /// Material cooperation.
        MaterialCooperation = "material_cooperation",
        /// Verbal conflict.
        VerbalConflict = "verbal_conflict",
        /// Material conflict.
        MaterialConflict = "material_conflict",
    }
}

impl Category {
    /// Whether two parties named together do this to each other ("X and Y agreed on a
    /// ceasefire", "X and Y held talks").
    pub fn is_mutual(self) -> bool {
        matches!(self, Category::Agree | Category::Consult | Category::Cooperate | Category::Retreat)
    }

    /// Whether an event of this category is often reported without anyone it is directed at
    /// (a street protest, an attack on "a market", arrests, a mobilisation), so a missing
    /// target says nothing about how well the mention was read.
    pub fn target_optional(self) -> bool {
        matches!(self, Category::Assault | Category::Protest | Category::Coerce | Category::Mobilize)
    }

    /// The quad class this category belongs to.
    pub fn quad_class(self) -> QuadClass {
        use Category::*;
        match self {
            Agree | Consult | Support | Concede => QuadClass::VerbalCooperation,
            Cooperate | Aid | Retreat => QuadClass::MaterialCooperation,
            Request | Accuse | Reject | Threaten => QuadClass::VerbalConflict,
            Protest | Sanction | Mobilize | Coerce | Assault => QuadClass::MaterialConflict,
        }
    }
}

/// One described entry of the ontology, as listed in `data/ontology.tsv`.
#[derive(Debug, Clone)]
pub struct OntologyEntry {
    /// `category`, `mode`, `context`, `sector` or `special`.
    pub kind: &'static str,
    /// For modes: the category the mode belongs to; empty otherwise.
    pub category: &'static str,
    /// The canonical name.
    pub name: &'static str,
    /// Whether a category needs a target to be complete (categories only).
    pub recipient_required: bool,
    /// Human-readable description.
    pub description: &'static str,
}

const ONTOLOGY_TSV: &str = include_str!("../data/ontology.tsv");

/// Whether `code` is one of the special actor country codes (IGO, UNO, EUR, …) rather than a
/// country.
pub fn is_special_country_code(code: &str) -> bool {
    entries().iter().any(|e| e.kind == "special" && e.name == code)
}

/// Every described entry of the ontology, in file order.
pub fn entries() -> &'static [OntologyEntry] {
    static ENTRIES: OnceLock<Vec<OntologyEntry>> = OnceLock::new();
    ENTRIES.get_or_init(|| {
        ONTOLOGY_TSV
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
            .map(|line| {
                let f: Vec<&str> = line.split('\t').collect();
                OntologyEntry {
                    kind: f[0],
                    category: f.get(1).copied().unwrap_or(""),
                    name: f.get(2).copied().unwrap_or(""),
                    recipient_required: f.get(3).copied() == Some("yes"),
                    description: f.get(4).copied().unwrap_or(""),
                }
            })
            .collect()
    })
}

/// The modes a category allows, from `data/ontology.tsv`.
pub fn modes_of(category: Category) -> Vec<Mode> {
    entries()
        .iter()
        .filter(|e| e.kind == "mode" && e.category == category.name())
        .filter_map(|e| Mode::from_name(e.name))
        .collect()
}

/// The description of a named entry of the given kind, or "" when it is not listed.
pub fn description(kind: &str, name: &str) -> &'static str {
    static INDEX: OnceLock<HashMap<(String, String), &'static str>> = OnceLock::new();
    let index = INDEX.get_or_init(|| {
        entries()
            .iter()
            .filter(|e| e.kind != "mode")
            .map(|e| ((e.kind.to_string(), e.name.to_string()), e.description))
            .collect()
    });
    index.get(&(kind.to_string(), name.to_string())).copied().unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for c in Category::ALL {
            assert_eq!(Category::from_name(c.name()), Some(*c));
        }
        assert_eq!(Mode::from_name("suicide_attack"), Some(Mode::SuicideAttack));
        assert_eq!(Mode::from_name("martial-law"), Some(Mode::MartialLaw));
        assert_eq!(Sector::from_name("cop"), Some(Sector::Cop));
        assert_eq!(Category::from_name("nonsense"), None);
    }

    #[test]
    fn every_category_mode_and_context_is_described() {
        for c in Category::ALL {
            assert!(!description("category", c.name()).is_empty(), "{c:?}");
        }
        for c in Context::ALL {
            assert!(!description("context", c.name()).is_empty(), "{c:?}");
        }
        for s in Sector::ALL {
            assert!(!description("sector", s.name()).is_empty(), "{s:?}");
        }
        assert_eq!(
            modes_of(Category::Sanction),
            vec![Mode::Convict, Mode::Expel, Mode::Withdraw, Mode::Discontinue]
        );
        assert!(modes_of(Category::Agree).is_empty());
        for e in entries().iter().filter(|e| e.kind == "mode") {
            assert!(Mode::from_name(e.name).is_some(), "unknown mode {}", e.name);
        }
    }
}
