//! The `GetOntology` answer, built from the engine's ontology table.

use eventx_engine::ontology::{self, Category, Context, Sector};
use eventx_proto::v1 as wire;

use crate::convert;

/// The vocabulary the service speaks: categories with modes, contexts, sectors and special
/// country codes, each with its description.
pub fn ontology() -> wire::GetOntologyResponse {
    let categories = Category::ALL
        .iter()
        .map(|&c| wire::CategoryInfo {
            category: convert::category(c) as i32,
            name: c.name().to_string(),
            description: ontology::description("category", c.name()).to_string(),
            quad_class: convert::quad_class(c.quad_class()) as i32,
            recipient_required: ontology::entries()
                .iter()
                .any(|e| e.kind == "category" && e.name == c.name() && e.recipient_required),
            modes: ontology::entries()
                .iter()
                .filter(|e| e.kind == "mode" && e.category == c.name())
                .filter_map(|e| {
                    let mode = ontology::Mode::from_name(e.name)?;
                    Some(wire::ModeInfo {
                        mode: convert::mode(mode) as i32,
                        name: e.name.to_string(),
                        description: e.description.to_string(),
                    })
                })
                .collect(),
        })
        .collect();
    let contexts = Context::ALL
        .iter()
        .map(|&c| wire::ContextInfo {
            context: convert::context(c) as i32,
            name: c.name().to_string(),
            description: ontology::description("context", c.name()).to_string(),
        })
        .collect();
    let sectors = Sector::ALL
        .iter()
        .map(|&s| wire::SectorInfo {
            sector: convert::sector(s) as i32,
            code: s.name().to_string(),
            description: ontology::description("sector", s.name()).to_string(),
        })
        .collect();
    let special_country_codes = ontology::entries()
        .iter()
        .filter(|e| e.kind == "special")
        .map(|e| format!("{}: {}", e.name, e.description))
        .collect();
    wire::GetOntologyResponse { categories, contexts, sectors, special_country_codes }
}

#[cfg(test)]
mod tests {
    #[test]
    fn lists_all_categories_with_modes() {
        let o = super::ontology();
        assert_eq!(o.categories.len(), 16);
        let sanction = o.categories.iter().find(|c| c.name == "SANCTION").unwrap();
        assert!(sanction.recipient_required);
        assert_eq!(sanction.modes.len(), 4);
        assert!(o.categories.iter().all(|c| !c.description.is_empty()));
        assert_eq!(o.contexts.len(), 37);
        assert!(o.special_country_codes.iter().any(|s| s.starts_with("IGO: ")));
    }
}
