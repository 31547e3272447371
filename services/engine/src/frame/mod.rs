//! The document frame: wire boilerplate at the head of an article, the dateline ("BAKU,
//! Azerbaijan, December 27." / "ROME, Oct 9 (Meridian) --" / "lucknow:"), and the article date
//! that relative expressions are resolved against.
//!
//! The article date is the caller's publication date; else a "This story is from <date>" line;
//! else the dateline's month and day completed with a year written elsewhere in the text; else
//! unknown.

use std::sync::LazyLock;

use regex::Regex;

use crate::model::{EventDate, Precision};
use crate::time::{self, Date};

/// What the head of an article says about the article.
#[derive(Debug, Clone, Default)]
pub struct Frame {
    /// Byte ranges of boilerplate to ignore (agency tags, "This story is from …", photo credits,
    /// gallery captions, links to other stories).
    pub boilerplate: Vec<std::ops::Range<usize>>,
    /// The dateline place as written and its byte range.
    pub dateline_place: Option<(String, std::ops::Range<usize>)>,
    /// The dateline's country as written ("Azerbaijan"), when given.
    pub dateline_country: Option<String>,
    /// The article date and where it came from.
    pub article_date: Option<EventDate>,
}

static AGENCY_TAG: LazyLock<Regex> = LazyLock::new(|| {
    // any short capitalised parenthetical opening the text: "(AP)", "(MENAFN- Trend News Agency)"
    Regex::new(r"^\s*\([A-Z][^()\n]{0,60}\)\s*(?:[-\u{2013}\u{2014}]+\s*)?").expect("agency tag regex")
});

static STORY_FROM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*this story is from ([a-z]+\.? \d{1,2},? \d{4})\s*").expect("story-from regex")
});

// PLACE[, Country][, Month Day][ (Agency)] followed by a dash, colon or full stop.
static DATELINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?P<place>[A-Z][A-Z .'\-]{1,30}[A-Z])(?:,\s*(?P<country>[A-Z][A-Za-z .'\-]{1,30}?))??(?:,?\s+(?P<md>(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2}))?(?:\s*\((?P<agency>[^)]{1,40})\))?\s*(?:--|—|–|-|:|\.)\s",
    )
    .expect("dateline regex")
});

// "lucknow: …" in lower-cased feeds.
static LOWER_DATELINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?P<place>[a-z][a-z .'\-]{1,30}[a-z]):\s").expect("lower dateline regex"));

// Page furniture lines, from data/lexicon/boilerplate.txt.
static FURNITURE: LazyLock<Regex> = LazyLock::new(|| {
    let alternatives: Vec<&str> = include_str!("../../data/lexicon/boilerplate.txt")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect();
    Regex::new(&format!(r"(?im)^[ \t]*(?:{})[^\n]*", alternatives.join("|"))).expect("boilerplate regex")
});

/// Reads the head of the article.
pub fn read(text: &str, publication_date: Option<Date>) -> Frame {
    let mut frame = Frame::default();
    frame.boilerplate.extend(FURNITURE.find_iter(text).map(|m| m.range()));
    let mut pos = 0;
    let mut story_date = None;
    loop {
        let rest = &text[pos..];
        if let Some(m) = AGENCY_TAG.find(rest) {
            frame.boilerplate.push(pos..pos + m.end());
            pos += m.end();
        } else if let Some(c) = STORY_FROM.captures(rest) {
            let whole = c.get(0).map_or(0, |m| m.end());
            story_date = time::find_time_expressions(&c[1], None).first().map(|t| t.value);
            frame.boilerplate.push(pos..pos + whole);
            pos += whole;
        } else {
            break;
        }
    }
    let mut month_day = None;
    // the dateline opens the body, which may follow a headline paragraph or two
    let mut starts = vec![pos];
    for (i, _) in text[pos..].match_indices("\n\n").take(3) {
        let p = pos + i + 2;
        let p = p + text[p..].len() - text[p..].trim_start().len();
        starts.push(p);
    }
    let found = starts.iter().find_map(|&p| {
        DATELINE.captures(&text[p..]).or_else(|| LOWER_DATELINE.captures(&text[p..])).map(|c| (p, c))
    });
    if let Some((pos, c)) = found {
        let place = c.name("place").expect("place group");
        let place_text = place.as_str().trim();
        // a dateline place is short: one to four words
        if place_text.split_whitespace().count() <= 4 {
            frame.dateline_place = Some((place_text.to_string(), pos + place.start()..pos + place.end()));
            frame.dateline_country = c.name("country").map(|m| m.as_str().trim().to_string());
            month_day = c.name("md").and_then(|m| time::parse_month_day(m.as_str()));
            // the dateline's own date is furniture: "PARIS, March 3" reports no march
            if let Some(md) = c.name("md") {
                frame.boilerplate.push(pos + md.start()..pos + md.end());
            }
        }
    }
    frame.article_date = if let Some(d) = publication_date {
        Some(EventDate { date: d, precision: Precision::Day, relative: false })
    } else if let Some(d) = story_date {
        Some(d)
    } else if let Some((month, day)) = month_day {
        time::infer_year(text).and_then(|year| Date::new(year, month, day)).map(|date| EventDate {
            date,
            precision: Precision::Day,
            relative: false,
        })
    } else {
        None
    };
    frame
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agency_tag_and_dateline_with_year_elsewhere() {
        let text = "(MENAFN- Example Agency) BAKU, Azerbaijan, December 27. Talks ended. On December 26, 2023, nothing.";
        let f = read(text, None);
        let parts: Vec<&str> = f.boilerplate.iter().map(|r| &text[r.clone()]).collect();
        assert_eq!(parts, ["(MENAFN- Example Agency) ", "December 27"]);
        assert_eq!(f.dateline_place.as_ref().map(|p| p.0.as_str()), Some("BAKU"));
        assert_eq!(f.dateline_country.as_deref(), Some("Azerbaijan"));
        assert_eq!(f.article_date.map(|d| d.iso()), Some("2023-12-27".to_string()));
    }

    #[test]
    fn dash_datelines_with_agency() {
        let f = read("ROME, Oct 9 (Harbor Wire) -- Italy said in 2024 that it would act.", None);
        assert_eq!(f.dateline_place.map(|p| p.0), Some("ROME".to_string()));
        assert_eq!(f.article_date.map(|d| d.iso()), Some("2024-10-09".to_string()));
        let f = read("WARSAW, March 14 — Poland acted.", Date::new(2024, 3, 14));
        assert_eq!(f.dateline_place.map(|p| p.0), Some("WARSAW".to_string()));
    }

    #[test]
    fn publication_date_wins_and_lowercase_dateline() {
        let f = read("This story is from March 10, 2002\n\nlucknow: police arrested two men.", None);
        assert_eq!(f.article_date.map(|d| d.iso()), Some("2002-03-10".to_string()));
        assert_eq!(f.dateline_place.map(|p| p.0), Some("lucknow".to_string()));
    }

    #[test]
    fn newsletter_share_and_byline_lines_are_boilerplate() {
        let text = "Envoy expelled\n\nBy Maria Lopez\nShare this article:\nSign up for our daily briefing\n\
            Source: Harbour Wire\nImage: a file photo of the embassy\nChile expelled an envoy.";
        let f = read(text, None);
        let parts: Vec<&str> = f.boilerplate.iter().map(|r| &text[r.clone()]).collect();
        assert_eq!(
            parts,
            [
                "By Maria Lopez",
                "Share this article:",
                "Sign up for our daily briefing",
                "Source: Harbour Wire",
                "Image: a file photo of the embassy"
            ]
        );
    }

    #[test]
    fn page_furniture_is_boilerplate() {
        let text = "Man shot\n\nPhoto: Jane Roe, Example News\nRelated Stories: Two killed in crash\n\
            (FILES) Riot police stand guard outside a court in a file picture.\nPolice said.";
        let f = read(text, None);
        let parts: Vec<&str> = f.boilerplate.iter().map(|r| &text[r.clone()]).collect();
        assert_eq!(
            parts,
            [
                "Photo: Jane Roe, Example News",
                "Related Stories: Two killed in crash",
                "(FILES) Riot police stand guard outside a court in a file picture."
            ]
        );
    }

    #[test]
    fn ordinary_sentences_are_not_datelines() {
        assert!(read("The President said on Monday that talks would go on.", None).dateline_place.is_none());
        assert!(read("Police: Teen dies after being shot", None).dateline_place.is_none());
    }
}
