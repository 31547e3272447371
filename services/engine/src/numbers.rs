//! Counts written in news text: "12", "1,200", "1.5 million", "twenty-five", "a dozen",
//! "dozens of", "at least 12", "more than 20".
//!
//! [`parse_count`] reads pre-split words so that the caller (which already has tokens) can
//! ask "is there a count here, and how many words does it take?".

use std::borrow::Cow;

/// A count read from the start of a run of words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Count {
    /// The number; a typical value for vague quantities ("dozens" → 24).
    pub value: u32,
    /// Whether the text gives the number only roughly ("about", "at least", "dozens").
    pub approximate: bool,
    /// How many words the count takes, qualifiers and a trailing "of" ("dozens of") included.
    pub len: usize,
}

/// Qualifiers that make the number after them approximate; each is a sequence of words.
const QUALIFIERS: &[&[&str]] = &[
    &["at", "least"],
    &["at", "most"],
    &["more", "than"],
    &["less", "than"],
    &["fewer", "than"],
    &["just", "over"],
    &["just", "under"],
    &["upwards", "of"],
    &["as", "many", "as"],
    &["as", "few", "as"],
    &["close", "to"],
    &["up", "to"],
    &["an", "estimated"],
    &["over"],
    &["under"],
    &["nearly"],
    &["almost"],
    &["about"],
    &["around"],
    &["roughly"],
    &["approximately"],
    &["some"],
    &["estimated"],
];

/// Words after a number that show it is not a count of things (money, a rate).
const NOT_A_COUNT_AFTER: &[&str] =
    &["percent", "per", "%", "dollars", "euros", "pounds", "rupees", "yuan", "yen", "usd", "eur"];

/// One word of input, cleaned: lower-cased, outer punctuation removed, and whether
/// punctuation after it ends the phrase ("12," in "12, including").
#[derive(Clone)]
struct Word<'a> {
    text: Cow<'a, str>,
    ends_phrase: bool,
    currency: bool,
}

fn clean(word: &str) -> Word<'_> {
    let currency = word.trim_start_matches(['(', '"', '\'', '“', '‘']).starts_with(['$', '£', '€', '¥', '₹']);
    let lead = word.trim_start_matches(['(', '[', '"', '\'', '“', '‘']);
    let body = lead.trim_end_matches([',', '.', ';', ':', '!', '?', ')', ']', '"', '\'', '”', '’']);
    // lower case, borrowed when the word is in lower-case ASCII already
    let text = if body.bytes().all(|b| b.is_ascii() && !b.is_ascii_uppercase()) {
        Cow::Borrowed(body)
    } else {
        Cow::Owned(body.to_lowercase())
    };
    Word { text, ends_phrase: body.len() != lead.len(), currency }
}

fn unit_value(word: &str) -> Option<u64> {
    Some(match word {
        "zero" => 0,
        "one" => 1,
        "two" => 2,
        "three" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "seven" => 7,
        "eight" => 8,
        "nine" => 9,
        "ten" => 10,
        "eleven" => 11,
        "twelve" => 12,
        "thirteen" => 13,
        "fourteen" => 14,
        "fifteen" => 15,
        "sixteen" => 16,
        "seventeen" => 17,
        "eighteen" => 18,
        "nineteen" => 19,
        _ => return None,
    })
}

fn tens_value(word: &str) -> Option<u64> {
    Some(match word {
        "twenty" => 20,
        "thirty" => 30,
        "forty" => 40,
        "fifty" => 50,
        "sixty" => 60,
        "seventy" => 70,
        "eighty" => 80,
        "ninety" => 90,
        _ => return None,
    })
}

/// Multipliers that close a group ("thousand", "million", "lakh").
fn big_scale(word: &str) -> Option<u64> {
    Some(match word {
        "thousand" => 1_000,
        "lakh" | "lakhs" => 100_000,
        "million" => 1_000_000,
        "crore" | "crores" => 10_000_000,
        "billion" => 1_000_000_000,
        _ => return None,
    })
}

/// Vague plural quantities and their typical value: "dozens" → 24.
fn vague_plural(word: &str) -> Option<u64> {
    Some(match word {
        "dozens" => 24,
        "scores" => 40,
        "tens" => 20,
        "hundreds" => 200,
        "thousands" => 2_000,
        "millions" => 2_000_000,
        _ => return None,
    })
}

/// Parses "12", "1,200", "1.5" as a number that may still be scaled: (value × 10, whether
/// integral). Returns the value in tenths to keep "1.5 million" exact.
fn parse_digits(word: &str) -> Option<(u64, bool)> {
    let b = word.as_bytes();
    if b.is_empty() || !b[0].is_ascii_digit() {
        return None;
    }
    let (int_part, frac_part) = match word.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (word, None),
    };
    let int_ok = if int_part.contains(',') {
        let mut groups = int_part.split(',');
        let first = groups.next()?;
        (1..=3).contains(&first.len())
            && first.bytes().all(|c| c.is_ascii_digit())
            && groups.all(|g| g.len() == 3 && g.bytes().all(|c| c.is_ascii_digit()))
    } else {
        int_part.bytes().all(|c| c.is_ascii_digit())
    };
    if !int_ok || int_part.len() > 13 {
        return None;
    }
    let int: u64 = int_part.replace(',', "").parse().ok()?;
    match frac_part {
        None => Some((int.checked_mul(10)?, true)),
        Some(f) if !f.is_empty() && f.len() <= 3 && f.bytes().all(|c| c.is_ascii_digit()) => {
            let tenths = u64::from(f.as_bytes()[0] - b'0');
            let exact_tenths = f.bytes().skip(1).all(|c| c == b'0');
            let integral = tenths == 0 && exact_tenths;
            // Only one decimal place is kept; "1.25 million" is rounded down to 1.2 million.
            Some((int.checked_mul(10)?.checked_add(tenths)?, integral))
        }
        Some(_) => None,
    }
}

/// A number written in words, starting at `words[0]`: "twenty-five", "three hundred and
/// fifty", "two thousand". Returns (value, words used).
fn parse_number_words(words: &[Word<'_>]) -> Option<(u64, usize)> {
    #[derive(PartialEq, Clone, Copy)]
    enum Last {
        Start,
        Unit,
        Teen,
        Tens,
        Hundred,
        Scale,
    }
    let mut total: u64 = 0;
    let mut current: u64 = 0;
    let mut last = Last::Start;
    let mut used = 0;
    let mut i = 0;
    while i < words.len() {
        let w = &words[i].text;
        // "and" only joins "hundred and fifty" / "thousand and five".
        if w == "and" {
            if !matches!(last, Last::Hundred | Last::Scale) || i + 1 >= words.len() {
                break;
            }
            let next = &words[i + 1].text;
            let next_is_small =
                next.split('-').next().is_some_and(|p| unit_value(p).is_some() || tens_value(p).is_some());
            if !next_is_small || words[i].ends_phrase {
                break;
            }
            i += 1;
            continue;
        }
        let parts: Vec<&str> = w.split('-').collect();
        let mut step_last = last;
        let mut step_current = current;
        let mut step_total = total;
        let mut ok = true;
        for part in &parts {
            if let Some(v) = unit_value(part) {
                let is_teen = v >= 10;
                let fits = match step_last {
                    Last::Start | Last::Hundred | Last::Scale => true,
                    Last::Tens => !is_teen && v != 0,
                    Last::Unit | Last::Teen => false,
                };
                if !fits {
                    ok = false;
                    break;
                }
                step_current += v;
                step_last = if is_teen { Last::Teen } else { Last::Unit };
            } else if let Some(v) = tens_value(part) {
                if !matches!(step_last, Last::Start | Last::Hundred | Last::Scale) {
                    ok = false;
                    break;
                }
                step_current += v;
                step_last = Last::Tens;
            } else if *part == "hundred" {
                if !matches!(step_last, Last::Unit | Last::Teen | Last::Tens) || step_current >= 100 {
                    ok = false;
                    break;
                }
                step_current *= 100;
                step_last = Last::Hundred;
            } else if let Some(scale) = big_scale(part) {
                if matches!(step_last, Last::Start | Last::Scale) {
                    ok = false;
                    break;
                }
                step_total = step_total.checked_add(step_current.checked_mul(scale)?)?;
                step_current = 0;
                step_last = Last::Scale;
            } else {
                ok = false;
                break;
            }
        }
        // A hyphenated word must be a number as a whole ("five-year" is not).
        if !ok {
            break;
        }
        last = step_last;
        current = step_current;
        total = step_total;
        i += 1;
        used = i;
        if words[i - 1].ends_phrase {
            break;
        }
    }
    (used > 0).then_some((total + current, used))
}

/// Reads a number (digits or words) at `words[0]`, with "1.5 million", "a dozen", "a hundred",
/// and, when `allow_article`, a bare "a"/"an"/"one" as 1. Returns (value, approximate, used).
fn parse_core(words: &[Word<'_>], allow_article: bool) -> Option<(u64, bool, usize)> {
    let first = words.first()?;
    if first.currency {
        return None;
    }
    let w = first.text.as_ref();
    let next = words.get(1).filter(|_| !first.ends_phrase).map(|n| n.text.as_ref());

    // Digits, optionally scaled.
    if let Some((tenths, integral)) = parse_digits(w) {
        if let Some(scale) = next.and_then(big_scale).or_else(|| (next == Some("hundred")).then_some(100)) {
            let value = tenths.checked_mul(scale)? / 10;
            return Some((value, false, 2));
        }
        if !integral {
            return None;
        }
        let value = tenths / 10;
        let is_year = w.len() == 4 && (w.starts_with("19") || w.starts_with("20"));
        if is_year {
            return None;
        }
        return Some((value, false, 1));
    }

    // Vague quantities.
    match w {
        "several" | "few" => {
            if let Some(scale) = next.and_then(|n| if n == "hundred" { Some(100) } else { big_scale(n) }) {
                return Some((3 * scale, true, 2));
            }
            return Some((3, true, 1));
        }
        "a" | "an" => {
            let rest = &words[1..];
            match next {
                Some("dozen") => return Some((12, false, 2)),
                Some("few") => {
                    if let Some(scale) = rest
                        .get(1)
                        .filter(|_| !rest[0].ends_phrase)
                        .and_then(|n| if n.text == "hundred" { Some(100) } else { big_scale(&n.text) })
                    {
                        return Some((3 * scale, true, 3));
                    }
                    return Some((3, true, 2));
                }
                Some("couple") => return Some((2, true, 2)),
                Some("handful") => return Some((3, true, 2)),
                Some("hundred") | Some("thousand") | Some("million") | Some("billion") | Some("lakh")
                | Some("crore") => {
                    // "a hundred", "a hundred and fifty", "a thousand".
                    let mut tail: Vec<Word<'_>> = Vec::with_capacity(rest.len() + 1);
                    tail.push(Word { text: "one".into(), ends_phrase: false, currency: false });
                    tail.extend(rest.iter().cloned());
                    let (v, used) = parse_number_words(&tail)?;
                    return Some((v, false, used));
                }
                _ => {}
            }
            return allow_article.then_some((1, false, 1));
        }
        "half" => {
            let after = words.get(2).filter(|_| !words[1].ends_phrase).map(|n| n.text.as_ref());
            if next == Some("a") && after == Some("dozen") {
                return Some((6, false, 3));
            }
            return None;
        }
        _ => {}
    }
    if let Some(v) = vague_plural(w) {
        // "hundreds of thousands", "tens of thousands".
        let after = words.get(2).filter(|_| !words[1].ends_phrase).map(|n| n.text.as_ref());
        if next == Some("of")
            && !first.ends_phrase
            && let Some(scale) = after.and_then(vague_plural).filter(|&s| s >= 1_000)
        {
            return Some((v * scale / 2, true, 3));
        }
        if w == "tens" {
            return None;
        }
        return Some((v, true, 1));
    }

    let (mut value, mut used) = parse_number_words(words)?;
    // "one" alone is an article-like use ("one of the", "one person").
    if used == 1 && w == "one" && !allow_article {
        return None;
    }
    // "two dozen".
    if let Some(n) = words.get(used).filter(|_| !words[used - 1].ends_phrase)
        && n.text == "dozen"
    {
        value = value.checked_mul(12)?;
        used += 1;
    }
    Some((value, false, used))
}

/// Reads a count at the start of `words` (already split on whitespace, any case, possibly with
/// punctuation such as "12,"): digits "12", "1,200", "1.5 million"; words "two",
/// "twenty-five", "twenty five", "a hundred", "three hundred", "a dozen"; vague amounts
/// "dozens" (≈24), "scores" (≈40), "hundreds" (≈200), "thousands" (≈2000), "several"/"a few"
/// (≈3); qualifiers "at least", "more than", "over", "nearly", "about", "some", "up to" … make
/// the count approximate. "a"/"an"/"one" alone count as 1 only when `allow_article`.
///
/// Returns `None` for money ("$500 million"), rates ("12 percent"), non-integral decimals
/// ("1.5"), four-digit numbers that look like years (19xx, 20xx) and words that are not counts.
/// `len` includes the qualifier and a trailing "of" after a quantity noun ("dozens of").
pub fn parse_count(words: &[&str], allow_article: bool) -> Option<Count> {
    let cleaned: Vec<Word<'_>> = words.iter().take(12).map(|w| clean(w)).collect();
    let mut start = 0;
    let mut approximate = false;
    for q in QUALIFIERS {
        if cleaned.len() > q.len()
            && q.iter().zip(&cleaned).all(|(a, b)| *a == b.text)
            && !cleaned[..q.len()].iter().any(|w| w.ends_phrase)
        {
            start = q.len();
            approximate = true;
            break;
        }
    }
    // After a qualifier, "more than one" / "about a dozen" read naturally.
    let (value, approx_core, used) = parse_core(&cleaned[start..], allow_article || approximate)?;
    let mut len = start + used;
    let last = &cleaned[len - 1];
    if let Some(next) = cleaned.get(len).filter(|_| !last.ends_phrase) {
        if NOT_A_COUNT_AFTER.contains(&next.text.as_ref()) {
            return None;
        }
        let quantity_noun = matches!(
            last.text.as_ref(),
            "dozens" | "scores" | "hundreds" | "thousands" | "millions" | "couple" | "handful" | "dozen"
        );
        if quantity_noun && next.text == "of" {
            len += 1;
        }
    }
    let value = u32::try_from(value).ok()?;
    Some(Count { value, approximate: approximate || approx_core, len })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn count(text: &str) -> Option<(u32, bool, usize)> {
        let words: Vec<&str> = text.split_whitespace().collect();
        parse_count(&words, false).map(|c| (c.value, c.approximate, c.len))
    }

    fn count_a(text: &str) -> Option<(u32, bool, usize)> {
        let words: Vec<&str> = text.split_whitespace().collect();
        parse_count(&words, true).map(|c| (c.value, c.approximate, c.len))
    }

    #[test]
    fn digits() {
        assert_eq!(count("12 people"), Some((12, false, 1)));
        assert_eq!(count("12, including"), Some((12, false, 1)));
        assert_eq!(count("1,200 protesters"), Some((1200, false, 1)));
        assert_eq!(count("1.5 million refugees"), Some((1_500_000, false, 2)));
        assert_eq!(count("2 million"), Some((2_000_000, false, 2)));
        assert_eq!(count("3 lakh"), Some((300_000, false, 2)));
        assert_eq!(count("(7)"), Some((7, false, 1)));
        assert_eq!(count("0"), Some((0, false, 1)));
    }

    #[test]
    fn digits_that_are_not_counts() {
        assert_eq!(count("1.5"), None);
        assert_eq!(count("1.5 percent"), None);
        assert_eq!(count("$500 million"), None);
        assert_eq!(count("£20"), None);
        assert_eq!(count("12 percent"), None);
        assert_eq!(count("2018"), None);
        assert_eq!(count("1999 election"), None);
        assert_eq!(count("12-year-old"), None);
        assert_eq!(count("1,20"), None);
        assert_eq!(count("5,000,000,000"), None);
        assert_eq!(count("people"), None);
        assert_eq!(count(""), None);
    }

    #[test]
    fn decimals_that_are_integral() {
        assert_eq!(count("3.0"), Some((3, false, 1)));
        assert_eq!(count("2.5 thousand"), Some((2500, false, 2)));
    }

    #[test]
    fn words() {
        assert_eq!(count("two diplomats"), Some((2, false, 1)));
        assert_eq!(count("Two diplomats"), Some((2, false, 1)));
        assert_eq!(count("twenty-five"), Some((25, false, 1)));
        assert_eq!(count("twenty five people"), Some((25, false, 2)));
        assert_eq!(count("a hundred people"), Some((100, false, 2)));
        assert_eq!(count("three hundred"), Some((300, false, 2)));
        assert_eq!(count("three hundred and fifty people"), Some((350, false, 4)));
        assert_eq!(count("two thousand"), Some((2000, false, 2)));
        assert_eq!(count("a dozen"), Some((12, false, 2)));
        assert_eq!(count("two dozen"), Some((24, false, 2)));
        assert_eq!(count("half a dozen"), Some((6, false, 3)));
        assert_eq!(count("eleven"), Some((11, false, 1)));
    }

    #[test]
    fn words_that_are_not_counts() {
        assert_eq!(count("two three"), Some((2, false, 1)));
        assert_eq!(count("five-year plan"), None);
        assert_eq!(count("second"), None);
        assert_eq!(count("twenty-five, and"), Some((25, false, 1)));
        assert_eq!(count("three and"), Some((3, false, 1)));
        assert_eq!(count("hundred"), None);
        assert_eq!(count("thousand"), None);
        assert_eq!(count("half the people"), None);
        assert_eq!(count("tens"), None);
    }

    #[test]
    fn vague_amounts() {
        assert_eq!(count("dozens of people"), Some((24, true, 2)));
        assert_eq!(count("scores"), Some((40, true, 1)));
        assert_eq!(count("hundreds of"), Some((200, true, 2)));
        assert_eq!(count("Thousands marched"), Some((2000, true, 1)));
        assert_eq!(count("tens of thousands"), Some((20_000, true, 3)));
        assert_eq!(count("hundreds of thousands"), Some((200_000, true, 3)));
        assert_eq!(count("several"), Some((3, true, 1)));
        assert_eq!(count("several hundred"), Some((300, true, 2)));
        assert_eq!(count("a few"), Some((3, true, 2)));
        assert_eq!(count("few"), Some((3, true, 1)));
        assert_eq!(count("a few thousand"), Some((3000, true, 3)));
        assert_eq!(count("a couple of"), Some((2, true, 3)));
    }

    #[test]
    fn qualifiers() {
        assert_eq!(count("at least 12"), Some((12, true, 3)));
        assert_eq!(count("At least twelve people"), Some((12, true, 3)));
        assert_eq!(count("more than 20"), Some((20, true, 3)));
        assert_eq!(count("over 20"), Some((20, true, 2)));
        assert_eq!(count("nearly 1,000"), Some((1000, true, 2)));
        assert_eq!(count("almost 50"), Some((50, true, 2)));
        assert_eq!(count("about 30"), Some((30, true, 2)));
        assert_eq!(count("around 30"), Some((30, true, 2)));
        assert_eq!(count("some 300"), Some((300, true, 2)));
        assert_eq!(count("up to 40"), Some((40, true, 3)));
        assert_eq!(count("more than a dozen"), Some((12, true, 4)));
        assert_eq!(count("more than one"), Some((1, true, 3)));
        assert_eq!(count("more than 2,000"), Some((2000, true, 3)));
    }

    #[test]
    fn qualifiers_without_numbers() {
        assert_eq!(count("some people"), None);
        assert_eq!(count("over the weekend"), None);
        assert_eq!(count("at least"), None);
        assert_eq!(count("at, least 12"), None);
        assert_eq!(count("about $5"), None);
    }

    #[test]
    fn articles() {
        assert_eq!(count("a man"), None);
        assert_eq!(count_a("a man"), Some((1, false, 1)));
        assert_eq!(count_a("an officer"), Some((1, false, 1)));
        assert_eq!(count("one person"), None);
        assert_eq!(count_a("one person"), Some((1, false, 1)));
        assert_eq!(count("one hundred"), Some((100, false, 2)));
        assert_eq!(count("a dozen"), Some((12, false, 2)));
    }

    proptest::proptest! {
        #[test]
        fn never_panics_and_len_fits(
            words in proptest::collection::vec("\\PC{0,10}|[0-9,.]{1,8}|(a|at|least|more|than|two|hundred|million|and|of|dozens)", 0..8),
            allow_article: bool,
        ) {
            let refs: Vec<&str> = words.iter().map(String::as_str).collect();
            if let Some(c) = parse_count(&refs, allow_article) {
                proptest::prop_assert!(c.len >= 1 && c.len <= refs.len());
            }
        }
    }

    #[test]
    fn never_overflows() {
        assert_eq!(count("5 billion"), None);
        assert_eq!(count("4 billion"), Some((4_000_000_000, false, 2)));
        assert_eq!(count("9999999999999"), None);
        assert_eq!(count("ninety billion"), None);
    }
}
