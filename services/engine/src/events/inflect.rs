//! English inflection for rule words: `~expel` in a rule matches expel, expels, expelled,
//! expelling. Regular forms are generated (with and without a doubled final consonant, since
//! the form that never occurs costs nothing); irregular verbs come from
//! `data/lexicon/irregular_verbs.tsv`.

use std::collections::HashMap;
use std::sync::OnceLock;

/// Lemma → (past forms, past participles).
type IrregularTable = HashMap<&'static str, (Vec<&'static str>, Vec<&'static str>)>;

fn irregular() -> &'static IrregularTable {
    static MAP: OnceLock<IrregularTable> = OnceLock::new();
    MAP.get_or_init(|| {
        crate::lexicon::tsv_rows(include_str!("../../data/lexicon/irregular_verbs.tsv"))
            .filter_map(|row| {
                let [lemma, past, participle] = row[..] else { return None };
                Some((lemma, (past.split('|').collect(), participle.split('|').collect())))
            })
            .collect()
    })
}

fn is_vowel(c: u8) -> bool {
    matches!(c, b'a' | b'e' | b'i' | b'o' | b'u')
}

/// The singular and plural of a noun: "expulsion" → expulsion, expulsions.
pub fn noun_forms(lemma: &str) -> Vec<(String, bool)> {
    let plural = forms(lemma).into_iter().nth(1).map(|(f, _)| f);
    std::iter::once(lemma.to_string()).chain(plural).map(|f| (f, false)).collect()
}

/// Every surface form of a word: itself, -s, -ed, -ing (and irregular forms), each tagged
/// as a past participle or not.
pub fn forms(lemma: &str) -> Vec<(String, bool)> {
    let mut out = vec![(lemma.to_string(), false)];
    let b = lemma.as_bytes();
    if b.len() < 2 || lemma.contains(' ') {
        return out;
    }
    let last = b[b.len() - 1];
    let before = b[b.len() - 2];
    // third person / plural
    let s_form = if lemma.ends_with('s')
        || lemma.ends_with('x')
        || lemma.ends_with('z')
        || lemma.ends_with("ch")
        || lemma.ends_with("sh")
    {
        format!("{lemma}es")
    } else if last == b'y' && !is_vowel(before) {
        format!("{}ies", &lemma[..lemma.len() - 1])
    } else {
        format!("{lemma}s")
    };
    out.push((s_form, false));
    if let Some((pasts, participles)) = irregular().get(lemma) {
        out.extend(pasts.iter().map(|p| (p.to_string(), false)));
        out.extend(participles.iter().map(|p| (p.to_string(), true)));
    } else {
        let past = if last == b'e' {
            vec![format!("{lemma}d")]
        } else if last == b'y' && !is_vowel(before) {
            vec![format!("{}ied", &lemma[..lemma.len() - 1])]
        } else if !is_vowel(last) && is_vowel(before) && !matches!(last, b'w' | b'x' | b'y') {
            vec![format!("{lemma}ed"), format!("{lemma}{}ed", last as char)]
        } else {
            vec![format!("{lemma}ed")]
        };
        out.extend(past.into_iter().map(|p| (p, true)));
    }
    let ing = if let Some(stem) = lemma.strip_suffix("ie") {
        vec![format!("{stem}ying")]
    } else if last == b'e' && before != b'e' {
        vec![format!("{}ing", &lemma[..lemma.len() - 1])]
    } else if !is_vowel(last) && is_vowel(before) && !matches!(last, b'w' | b'x' | b'y') {
        vec![format!("{lemma}ing"), format!("{lemma}{}ing", last as char)]
    } else {
        vec![format!("{lemma}ing")]
    };
    out.extend(ing.into_iter().map(|f| (f, false)));
    out
}

#[cfg(test)]
mod tests {
    use super::forms;

    fn has(lemma: &str, form: &str) -> bool {
        forms(lemma).iter().any(|(f, _)| f == form)
    }

    #[test]
    fn regular_and_irregular_forms() {
        assert!(has("expel", "expelled") && has("expel", "expelling") && has("expel", "expels"));
        assert!(has("summon", "summoned") && has("summon", "summons"));
        assert!(has("deny", "denied") && has("deny", "denies") && has("deny", "denying"));
        assert!(has("declare", "declared") && has("declare", "declaring"));
        assert!(has("shoot", "shot") && has("shoot", "shooting"));
        assert!(!has("shoot", "shooted"));
        assert!(forms("expel").iter().any(|(f, participle)| f == "expelled" && *participle));
        let nouns: Vec<String> = super::noun_forms("accord").into_iter().map(|(f, _)| f).collect();
        assert_eq!(nouns, ["accord", "accords"]);
    }
}
