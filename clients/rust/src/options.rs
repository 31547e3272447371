//! Request options from the names people type: `sanction` or `SANCTION` for a category,
//! `utf16` for a span unit.

use eventx_proto::v1::{EventCategory, SpanUnit};

/// The category named `name`, in any case, with or without the `EVENT_CATEGORY_` prefix.
pub fn category(name: &str) -> Result<EventCategory, String> {
    let upper = name.trim().to_ascii_uppercase();
    let full = if upper.starts_with("EVENT_CATEGORY_") { upper } else { format!("EVENT_CATEGORY_{upper}") };
    match EventCategory::from_str_name(&full) {
        Some(category) if category != EventCategory::Unspecified => Ok(category),
        _ => Err(format!(
            "{name:?} is not a category; the categories are {}",
            category_names().collect::<Vec<_>>().join(", ")
        )),
    }
}

/// The names of the 16 categories, upper case, in contract order.
pub fn category_names() -> impl Iterator<Item = &'static str> {
    (1..=16).filter_map(|n| EventCategory::try_from(n).ok()).map(short_name)
}

/// The name of a category without its prefix (`SANCTION`).
pub fn short_name(category: EventCategory) -> &'static str {
    category.as_str_name().trim_start_matches("EVENT_CATEGORY_")
}

/// The span unit named `code-point`, `utf16` or `utf8` (also the contract's own names).
pub fn span_unit(name: &str) -> Result<SpanUnit, String> {
    match name.trim().to_ascii_lowercase().replace('_', "-").as_str() {
        "code-point" | "codepoint" | "char" | "span-unit-code-point" => Ok(SpanUnit::CodePoint),
        "utf16" | "utf-16" | "span-unit-utf16-code-unit" => Ok(SpanUnit::Utf16CodeUnit),
        "utf8" | "utf-8" | "byte" | "span-unit-utf8-byte" => Ok(SpanUnit::Utf8Byte),
        _ => Err(format!("{name:?} is not a span unit; use code-point, utf16 or utf8")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn categories_are_read_in_any_case() {
        assert_eq!(category("sanction"), Ok(EventCategory::Sanction));
        assert_eq!(category(" Accuse "), Ok(EventCategory::Accuse));
        assert_eq!(category("EVENT_CATEGORY_ASSAULT"), Ok(EventCategory::Assault));
        assert!(category("unspecified").is_err());
        assert!(category("riot").unwrap_err().contains("PROTEST"));
        assert_eq!(category_names().count(), 16);
    }

    #[test]
    fn span_units_have_short_names() {
        assert_eq!(span_unit("code-point"), Ok(SpanUnit::CodePoint));
        assert_eq!(span_unit("UTF16"), Ok(SpanUnit::Utf16CodeUnit));
        assert_eq!(span_unit("utf8"), Ok(SpanUnit::Utf8Byte));
        assert!(span_unit("bytes?").is_err());
    }
}
