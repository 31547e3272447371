//! Training the tagger and the parser from a treebank. Pure and deterministic: the same
//! sentences and options give the same model bytes (one thread, a seeded generator, sorted
//! serialisation).

use super::conllu::TreebankSentence;
use super::parser::{self, ParseExample};
use super::tagger::{self, Tag, TaggedSentence};
use super::{SyntaxModel, evaluate};

/// Training settings.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TrainOptions {
    /// Passes over the data for the tagger.
    pub tagger_epochs: usize,
    /// Passes over the data for the parser.
    pub parser_epochs: usize,
    /// Folds for jackknifing the parser's training tags (1 = gold tags).
    pub folds: usize,
    /// Chance that the parser follows its own prediction after the first pass.
    pub explore: f64,
    /// Seed of the generator that orders sentences and draws exploration.
    pub seed: u64,
    /// Parser features seen fewer times than this on the gold paths are left out.
    pub min_feature_count: u32,
    /// Train the parser on projective trees only (the oracle is exact only for them).
    pub projective_only: bool,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            tagger_epochs: 8,
            parser_epochs: 15,
            folds: 10,
            explore: 0.9,
            seed: 2026,
            min_feature_count: 5,
            projective_only: false,
        }
    }
}

/// SplitMix64: a small, good, reproducible generator.
#[derive(Debug, Clone)]
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    fn shuffled(&mut self, n: usize) -> Vec<usize> {
        let mut v: Vec<usize> = (0..n).collect();
        for i in (1..n).rev() {
            let j = (self.next() % (i as u64 + 1)) as usize;
            v.swap(i, j);
        }
        v
    }
}

/// Whether no two arcs cross (heads 0-based, `heads.len()` for the root).
fn is_projective(heads: &[usize]) -> bool {
    let arcs: Vec<(usize, usize)> = heads.iter().enumerate().map(|(d, &h)| (d.min(h), d.max(h))).collect();
    arcs.iter().all(|&(a, b)| arcs.iter().all(|&(c, d)| !(a < c && c < b && b < d)))
}

/// Trains a tagger and a parser on `sentences`. `progress` receives one line per stage.
pub fn train(
    sentences: &[TreebankSentence],
    options: TrainOptions,
    progress: &mut dyn FnMut(&str),
) -> SyntaxModel {
    let mut rng = Rng(options.seed);
    let mut tags: Vec<Tag> = sentences
        .iter()
        .flat_map(|s| s.upos.iter().zip(&s.xpos).map(|(u, x)| Tag { upos: u.clone(), xpos: x.clone() }))
        .collect();
    tags.sort();
    tags.dedup();
    let tag_index = |u: &str, x: &str| -> u16 {
        tags.binary_search_by(|t| (t.upos.as_str(), t.xpos.as_str()).cmp(&(u, x))).expect("tag was collected")
            as u16
    };
    let mut labels: Vec<String> = sentences.iter().flat_map(|s| s.deprels.iter().cloned()).collect();
    labels.sort();
    labels.dedup();
    labels.retain(|l| l != "root");
    labels.insert(0, "root".to_string());
    let label_index =
        |l: &str| -> u8 { labels.iter().position(|x| x == l).expect("relation was collected") as u8 };

    let tagged: Vec<TaggedSentence<'_>> = sentences
        .iter()
        .map(|s| TaggedSentence {
            forms: s.forms.iter().map(String::as_str).collect(),
            tags: s.upos.iter().zip(&s.xpos).map(|(u, x)| tag_index(u, x)).collect(),
        })
        .collect();
    progress(&format!(
        "{} sentences, {} tag classes, {} relations",
        sentences.len(),
        tags.len(),
        labels.len()
    ));

    let mut predicted: Vec<Vec<u16>> = tagged.iter().map(|s| s.tags.clone()).collect();
    let mut ambiguity: Vec<Vec<u64>> = Vec::new();
    if options.folds > 1 {
        for fold in 0..options.folds {
            let rest: Vec<usize> = (0..tagged.len()).filter(|i| i % options.folds != fold).collect();
            let part: Vec<TaggedSentence<'_>> = rest
                .iter()
                .map(|&i| TaggedSentence { forms: tagged[i].forms.clone(), tags: tagged[i].tags.clone() })
                .collect();
            let model =
                tagger::train(&part, tags.clone(), options.tagger_epochs, |_| rng.shuffled(part.len()));
            let (mut right, mut total) = (0usize, 0usize);
            for i in (0..tagged.len()).filter(|i| i % options.folds == fold) {
                predicted[i] = model.tag(&tagged[i].forms);
                ambiguity.resize(tagged.len(), Vec::new());
                ambiguity[i] = model.ambiguity(&tagged[i].forms);
                right += predicted[i].iter().zip(&tagged[i].tags).filter(|(a, b)| a == b).count();
                total += predicted[i].len();
            }
            progress(&format!(
                "jackknife fold {fold}: tag accuracy {:.4}",
                right as f64 / total.max(1) as f64
            ));
        }
    }
    let tagger = tagger::train(&tagged, tags.clone(), options.tagger_epochs, |_| rng.shuffled(tagged.len()));
    if ambiguity.is_empty() {
        ambiguity = tagged.iter().map(|s| tagger.ambiguity(&s.forms)).collect();
    }
    progress(&format!(
        "tagger: {} features, {} weights",
        tagger.weights.features(),
        tagger.weights.entries()
    ));

    let examples: Vec<ParseExample<'_>> = sentences
        .iter()
        .zip(&tagged)
        .zip(predicted.into_iter().zip(ambiguity))
        .map(|((s, t), (tags, ambiguity))| ParseExample {
            forms: t.forms.clone(),
            tags,
            ambiguity,
            heads: s.heads.iter().map(|&h| if h == 0 { s.len() } else { h - 1 }).collect(),
            labels: s.deprels.iter().map(|l| label_index(l)).collect(),
        })
        .filter(|e| !options.projective_only || is_projective(&e.heads))
        .collect();
    let n = examples.len();
    progress(&format!("parser: {n} training trees"));
    let mut order_rng = Rng(options.seed ^ 0x5EED);
    let mut coin_rng = Rng(options.seed ^ 0xC011);
    let parser = parser::train(
        &examples,
        labels.clone(),
        super::parser::coarse_values(&tags),
        parser::TrainSettings {
            epochs: options.parser_epochs,
            explore: options.explore,
            min_feature_count: options.min_feature_count,
        },
        |epoch| {
            progress(&format!("parser epoch {epoch}"));
            order_rng.shuffled(n)
        },
        || coin_rng.unit(),
    );
    progress(&format!(
        "parser: {} features, {} weights",
        parser.weights.features(),
        parser.weights.entries()
    ));
    let model = SyntaxModel { tagger, parser };
    let train_scores = evaluate(&model, &sentences[..sentences.len().min(500)]);
    progress(&format!(
        "training sample: UPOS {:.4} UAS {:.4} LAS {:.4}",
        train_scores.upos, train_scores.uas, train_scores.las
    ));
    model
}
