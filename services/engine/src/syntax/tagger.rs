//! Part-of-speech tagging: a greedy left-to-right averaged perceptron (Collins 2002, in the
//! form popularised by Honnibal's "A good POS tagger in about 200 lines") over word, affix,
//! shape and previous-tag features. Each class is a pair of a universal tag and a Penn
//! Treebank tag ("VERB/VBD"), so the parser can read the finer tag while the engine reads the
//! universal one. Frequent words that almost always take one tag skip the model.

use super::perceptron::{Trainer, Weights, key};
use super::words::{END, START, WordView};
use crate::fxhash::FxHashMap;

/// The tag of one word: universal and Penn Treebank parts.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Tag {
    /// Universal part of speech ("NOUN", "VERB", "PROPN", …).
    pub upos: String,
    /// Penn Treebank tag ("NN", "VBD", "NNP", …).
    pub xpos: String,
}

/// A trained tagger.
#[derive(Debug, Clone, Default)]
pub struct Tagger {
    pub(crate) weights: Weights,
    pub(crate) tags: Vec<Tag>,
    /// Exact word form hash → tag, for frequent unambiguous words.
    pub(crate) tagdict: FxHashMap<u64, u16>,
    /// Lower-case form hash → a value naming the set of tags the word had in training (its
    /// ambiguity class), for words seen at least twice; other words read as unknown.
    pub(crate) ambiguity: FxHashMap<u64, u64>,
}

/// Ambiguity class of a word not in the dictionary.
const UNKNOWN_CLASS: u64 = 0x000A_3B16;

/// Tag values used for positions before the sentence.
const NO_TAG: u64 = u64::MAX;

/// Appends the features of word `i` given the two previous tags; `classes` holds the
/// ambiguity class of every word.
pub(crate) fn features(
    views: &[WordView],
    classes: &[u64],
    i: usize,
    prev: u64,
    prev2: u64,
    out: &mut Vec<u64>,
) {
    out.clear();
    let start = WordView::padding(START);
    let end = WordView::padding(END);
    let at = |j: isize| -> &WordView { if j < 0 { &start } else { views.get(j as usize).unwrap_or(&end) } };
    let i = i as isize;
    let w = at(i);
    let p1 = at(i - 1);
    let p2 = at(i - 2);
    let n1 = at(i + 1);
    let n2 = at(i + 2);
    let first = u64::from(i == 0);
    let class =
        |j: isize| -> u64 { if j < 0 { START } else { classes.get(j as usize).copied().unwrap_or(END) } };
    let (a0, a1, a2) = (class(i), class(i + 1), class(i + 2));
    out.extend_from_slice(&[
        key(0, 0, 0, 0),
        key(1, w.lower, 0, 0),
        key(2, w.suffix3, 0, 0),
        key(3, w.prefix1, 0, 0),
        key(4, prev, 0, 0),
        key(5, prev2, 0, 0),
        key(6, prev, prev2, 0),
        key(7, p1.lower, 0, 0),
        key(8, p1.suffix3, 0, 0),
        key(9, p2.lower, 0, 0),
        key(10, n1.lower, 0, 0),
        key(11, n1.suffix3, 0, 0),
        key(12, n2.lower, 0, 0),
        key(13, prev, w.lower, 0),
        key(14, w.suffix2, 0, 0),
        key(15, w.suffix4, 0, 0),
        key(16, w.prefix3, 0, 0),
        key(17, w.shape, first, 0),
        key(18, p1.lower, w.lower, 0),
        key(19, w.lower, n1.lower, 0),
        key(20, n1.shape, 0, 0),
        key(21, p1.shape, 0, 0),
        key(22, prev, w.suffix3, 0),
        key(23, w.shape, n1.shape, 0),
        key(24, prev, n1.lower, 0),
        key(25, n1.suffix2, 0, 0),
        key(26, a0, 0, 0),
        key(27, a1, 0, 0),
        key(28, a2, 0, 0),
        key(29, prev, a0, 0),
        key(30, a0, a1, 0),
        key(31, a0, w.suffix3, 0),
        key(32, prev, a0, a1),
    ]);
}

impl Tagger {
    /// The tag inventory; classes index into it.
    pub fn tags(&self) -> &[Tag] {
        &self.tags
    }

    /// Number of `(feature, class)` weights.
    pub fn weights_count(&self) -> usize {
        self.weights.entries()
    }

    /// The ambiguity class of each word (a value naming the set of tags it had in training;
    /// one shared value for unknown words): a tag-independent view the parser also reads.
    pub fn ambiguity(&self, forms: &[&str]) -> Vec<u64> {
        let views: Vec<WordView> = forms.iter().map(|f| WordView::new(f)).collect();
        ambiguity_classes(&self.ambiguity, &views)
    }

    /// Tags a sentence of word forms, returning class indices into [`Tagger::tags`].
    pub fn tag(&self, forms: &[&str]) -> Vec<u16> {
        let views: Vec<WordView> = forms.iter().map(|f| WordView::new(f)).collect();
        self.tag_views(forms, &views).0
    }

    /// Tags words whose views are already computed; also returns their ambiguity classes,
    /// which the parser reads too.
    pub(crate) fn tag_views(&self, forms: &[&str], views: &[WordView]) -> (Vec<u16>, Vec<u64>) {
        let classes = ambiguity_classes(&self.ambiguity, views);
        let mut out = Vec::with_capacity(views.len());
        let mut feats = Vec::with_capacity(32);
        let mut scores = vec![0.0f32; self.tags.len()];
        let (mut prev, mut prev2) = (NO_TAG, NO_TAG);
        for (i, form) in forms.iter().enumerate().take(views.len()) {
            let tag = match self.tagdict.get(&super::perceptron::hash_str(form)) {
                Some(&t) => t,
                None => {
                    features(views, &classes, i, prev, prev2, &mut feats);
                    scores.iter_mut().for_each(|s| *s = 0.0);
                    self.weights.score(&feats, &mut scores);
                    argmax(&scores) as u16
                }
            };
            out.push(tag);
            prev2 = prev;
            prev = u64::from(tag);
        }
        (out, classes)
    }
}

/// Index of the largest score (the first on a tie).
pub(crate) fn argmax(scores: &[f32]) -> usize {
    let mut best = 0;
    for (i, s) in scores.iter().enumerate() {
        if *s > scores[best] {
            best = i;
        }
    }
    best
}

/// Training material for the tagger: word forms with their gold tag classes.
pub(crate) struct TaggedSentence<'a> {
    pub forms: Vec<&'a str>,
    pub tags: Vec<u16>,
}

/// The ambiguity class of each word.
fn ambiguity_classes(dict: &FxHashMap<u64, u64>, views: &[WordView]) -> Vec<u64> {
    views.iter().map(|v| dict.get(&v.lower).copied().unwrap_or(UNKNOWN_CLASS)).collect()
}

/// Builds the ambiguity classes of the words seen at least `min_count` times (lower-case
/// forms): a hash of the sorted set of their tags.
pub(crate) fn build_ambiguity(sentences: &[TaggedSentence<'_>], min_count: usize) -> FxHashMap<u64, u64> {
    let mut seen: FxHashMap<u64, (usize, Vec<u16>)> = FxHashMap::default();
    for s in sentences {
        for (f, t) in s.forms.iter().zip(&s.tags) {
            let entry = seen.entry(WordView::new(f).lower).or_default();
            entry.0 += 1;
            if !entry.1.contains(t) {
                entry.1.push(*t);
            }
        }
    }
    seen.into_iter()
        .filter(|(_, (n, _))| *n >= min_count)
        .map(|(w, (_, mut tags))| {
            tags.sort_unstable();
            let class = tags
                .iter()
                .fold(0x000C_1A55_u64, |h, t| super::perceptron::fmix(h ^ u64::from(*t).wrapping_add(0x100)));
            (w, class)
        })
        .collect()
}

/// Builds the tag dictionary: forms seen at least `min_count` times with one tag in at least
/// `min_share` of them.
pub(crate) fn build_tagdict(
    sentences: &[TaggedSentence<'_>],
    min_count: usize,
    min_share: f64,
) -> FxHashMap<u64, u16> {
    let mut counts: FxHashMap<&str, FxHashMap<u16, usize>> = FxHashMap::default();
    for s in sentences {
        for (f, t) in s.forms.iter().zip(&s.tags) {
            *counts.entry(f).or_default().entry(*t).or_default() += 1;
        }
    }
    let mut dict = FxHashMap::default();
    for (form, by_tag) in counts {
        let total: usize = by_tag.values().sum();
        let (tag, n) = by_tag.iter().max_by_key(|(t, n)| (**n, std::cmp::Reverse(**t))).expect("seen once");
        if total >= min_count && (*n as f64) / (total as f64) >= min_share {
            dict.insert(super::perceptron::hash_str(form), *tag);
        }
    }
    dict
}

/// Trains a tagger for `epochs` passes, visiting sentences in the order `order` gives for
/// each pass.
pub(crate) fn train(
    sentences: &[TaggedSentence<'_>],
    tags: Vec<Tag>,
    epochs: usize,
    mut order: impl FnMut(usize) -> Vec<usize>,
) -> Tagger {
    let tagdict = build_tagdict(sentences, 20, 0.97);
    let ambiguity = build_ambiguity(sentences, 2);
    let mut trainer = Trainer::new(tags.len());
    let views: Vec<Vec<WordView>> =
        sentences.iter().map(|s| s.forms.iter().map(|f| WordView::new(f)).collect()).collect();
    let classes: Vec<Vec<u64>> = views.iter().map(|v| ambiguity_classes(&ambiguity, v)).collect();
    let mut feats = Vec::with_capacity(32);
    let mut scores = vec![0.0f32; tags.len()];
    for epoch in 0..epochs {
        for si in order(epoch) {
            let s = &sentences[si];
            let (mut prev, mut prev2) = (NO_TAG, NO_TAG);
            for i in 0..s.forms.len() {
                let guess = match tagdict.get(&super::perceptron::hash_str(s.forms[i])) {
                    Some(&t) => t,
                    None => {
                        features(&views[si], &classes[si], i, prev, prev2, &mut feats);
                        scores.iter_mut().for_each(|x| *x = 0.0);
                        trainer.score(&feats, &mut scores);
                        let guess = argmax(&scores) as u16;
                        trainer.update(&feats, s.tags[i] as usize, guess as usize);
                        trainer.tick();
                        guess
                    }
                };
                prev2 = prev;
                prev = u64::from(guess);
            }
        }
    }
    Tagger { weights: trainer.average(0.0), tags, tagdict, ambiguity }
}
