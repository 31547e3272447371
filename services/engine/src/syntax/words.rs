//! The hashed views of a word that the tagger and parser features read: its lower-case form
//! (numbers folded to their shape), affixes and a shape such as "Xx" or "d-d".

use super::perceptron::hash_str;

/// Hashed views of one word, computed once per sentence.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct WordView {
    /// Lower-case form; digits folded so that "1,200" and "35" share a value.
    pub lower: u64,
    /// Last two characters of the lower-case form.
    pub suffix2: u64,
    /// Last three characters.
    pub suffix3: u64,
    /// Last four characters.
    pub suffix4: u64,
    /// First character, case kept.
    pub prefix1: u64,
    /// First three characters of the lower-case form.
    pub prefix3: u64,
    /// Character classes with runs collapsed ("Xx", "X.X.", "d,d").
    pub shape: u64,
}

/// Sentinels for positions before the first and after the last word.
pub(crate) const START: u64 = 0x5354_4152_5421;
/// See [`START`].
pub(crate) const END: u64 = 0x454e_4421;

impl WordView {
    /// The view of a padding position (before the sentence or after it).
    pub(crate) fn padding(sentinel: u64) -> WordView {
        WordView {
            lower: sentinel,
            suffix2: sentinel,
            suffix3: sentinel,
            suffix4: sentinel,
            prefix1: sentinel,
            prefix3: sentinel,
            shape: sentinel,
        }
    }

    /// Computes the view of one word form.
    pub(crate) fn new(form: &str) -> WordView {
        let lower = normalise(form);
        let chars: Vec<char> = lower.chars().collect();
        let tail = |n: usize| -> u64 {
            let start = chars.len().saturating_sub(n);
            hash_str(&chars[start..].iter().collect::<String>()) ^ (n as u64)
        };
        let prefix3: String = chars.iter().take(3).collect();
        let prefix1: String = form.chars().take(1).collect();
        WordView {
            lower: hash_str(&lower),
            suffix2: tail(2),
            suffix3: tail(3),
            suffix4: tail(4),
            prefix1: hash_str(&prefix1) ^ 0x70,
            prefix3: hash_str(&prefix3) ^ 0x73,
            shape: hash_str(&shape(form)) ^ 0x5e,
        }
    }
}

/// The lower-case form with every digit written as 0 ("1,200" → "0,000"), so numbers share
/// features by their shape; typographic quotes and dashes are folded to ASCII.
pub(crate) fn normalise(form: &str) -> String {
    form.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            '0'..='9' => '0',
            '\u{2018}' | '\u{2019}' | '\u{02BC}' => '\'',
            '\u{201C}' | '\u{201D}' => '"',
            '\u{2013}' | '\u{2014}' => '-',
            other => other,
        })
        .collect()
}

/// Character classes (X upper, x lower, d digit, other characters as they are) with runs of
/// one class collapsed, at most eight symbols.
pub(crate) fn shape(form: &str) -> String {
    let mut out = String::new();
    let mut last = None;
    for c in form.chars() {
        let class = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_numeric() {
            'd'
        } else {
            c
        };
        if last != Some(class) {
            out.push(class);
            last = Some(class);
        }
        if out.len() >= 8 {
            break;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_collapse_runs() {
        assert_eq!(shape("Lisbon"), "Xx");
        assert_eq!(shape("U.S."), "X.X.");
        assert_eq!(shape("1,200"), "d,d");
        assert_eq!(normalise("1,200"), "0,000");
        assert_eq!(normalise("Don\u{2019}t"), "don't");
    }

    #[test]
    fn numbers_of_one_shape_share_their_lower_form() {
        assert_eq!(WordView::new("35").lower, WordView::new("47").lower);
        assert_ne!(WordView::new("Oslo").lower, WordView::new("Bern").lower);
        assert_eq!(WordView::new("Oslo").lower, WordView::new("OSLO").lower);
    }
}
