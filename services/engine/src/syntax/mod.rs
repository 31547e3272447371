//! The syntactic layer: part-of-speech tags and a dependency tree for a sentence, from a
//! perceptron tagger ([`tagger`]) and a greedy arc-hybrid parser ([`parser`]) trained on
//! Universal Dependencies English EWT (CC BY-SA 4.0; see DATA_SOURCES.md).
//!
//! The weights ship in `data/syntax/en_ewt.model` ([`SyntaxModel::builtin`]);
//! [`train::train`] rebuilds them from the treebank with a fixed seed, so two runs give the
//! same bytes. The tagger's classes pair a universal tag with a Penn Treebank tag; the
//! parser is trained on tags the tagger predicted for sentences it had not seen (ten-fold
//! jackknifing), so it learns to live with the tagger's mistakes.

pub mod conllu;
mod format;
pub mod parser;
pub(crate) mod perceptron;
pub mod segment;
mod sentence;
pub mod tagger;
pub mod train;
mod words;

use std::sync::OnceLock;

pub use conllu::TreebankSentence;
pub use format::ModelError;
pub use parser::{Arcs, Parser};
pub use sentence::SentenceSyntax;
pub use tagger::{Tag, Tagger};

/// A tagger and a parser that belong together.
#[derive(Debug, Clone, Default)]
pub struct SyntaxModel {
    /// The part-of-speech tagger.
    pub tagger: Tagger,
    /// The dependency parser (reads the tagger's classes).
    pub parser: Parser,
}

/// Tags and tree of one sentence.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Analysis {
    /// Tagger class of each word (index into [`Tagger::tags`]).
    pub tags: Vec<u16>,
    /// Heads and relations.
    pub arcs: Arcs,
}

/// The shipped weights.
static BUILTIN_MODEL: &[u8] = include_bytes!("../../data/syntax/en_ewt.model");

impl SyntaxModel {
    /// The model shipped with the engine, decoded on first use and shared afterwards.
    pub fn builtin() -> &'static SyntaxModel {
        static MODEL: OnceLock<SyntaxModel> = OnceLock::new();
        MODEL.get_or_init(|| {
            SyntaxModel::from_bytes(BUILTIN_MODEL)
                .expect("the shipped syntax model decodes (checked by its tests)")
        })
    }

    /// The encoded bytes of the shipped model.
    pub fn builtin_bytes() -> &'static [u8] {
        BUILTIN_MODEL
    }

    /// Decodes a model written by [`SyntaxModel::to_bytes`].
    pub fn from_bytes(bytes: &[u8]) -> Result<SyntaxModel, ModelError> {
        format::decode(bytes)
    }

    /// Encodes the model in its compact binary form.
    pub fn to_bytes(&self) -> Vec<u8> {
        format::encode(self)
    }

    /// A copy whose tagger and parser weights below the given magnitudes are dropped.
    pub fn pruned(&self, tagger_min: f32, parser_min: f32) -> SyntaxModel {
        let mut m = self.clone();
        m.tagger.weights = self.tagger.weights.pruned(tagger_min);
        m.parser.weights = self.parser.weights.pruned(parser_min);
        m
    }

    /// Tags and parses one sentence of words.
    pub fn analyse(&self, forms: &[&str]) -> Analysis {
        if forms.is_empty() {
            return Analysis::default();
        }
        // the word views are computed once, for the tagger and the parser alike
        let views: Vec<words::WordView> = forms.iter().map(|f| words::WordView::new(f)).collect();
        let (tags, ambiguity) = self.tagger.tag_views(forms, &views);
        let arcs = self.parser.parse_views(forms, views, &tags, &ambiguity);
        Analysis { tags, arcs }
    }

    /// The universal part of speech of a tagger class.
    pub fn upos(&self, tag: u16) -> &str {
        self.tagger.tags.get(tag as usize).map_or("X", |t| t.upos.as_str())
    }

    /// The name of a relation index ("nsubj", "obl:agent", …).
    pub fn relation(&self, label: u8) -> &str {
        self.parser.labels.get(label as usize).map_or("dep", String::as_str)
    }
}

/// Accuracy of a model on gold-tokenised sentences.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Scores {
    /// Words scored.
    pub words: usize,
    /// Share of words with the right universal tag.
    pub upos: f64,
    /// Share of words with the right Penn Treebank tag.
    pub xpos: f64,
    /// Share of words with the right head (unlabelled attachment score).
    pub uas: f64,
    /// Share with the right head and the right universal relation, subtype ignored (the
    /// CoNLL 2018 shared task's LAS).
    pub las: f64,
    /// Share with the right head and the exact relation, subtype included.
    pub las_full: f64,
}

/// Scores a model against treebank sentences, on their gold words, punctuation included.
pub fn evaluate(model: &SyntaxModel, sentences: &[TreebankSentence]) -> Scores {
    let (mut words, mut upos, mut xpos, mut uas, mut las, mut las_full) = (0usize, 0, 0, 0, 0, 0);
    for s in sentences {
        let forms: Vec<&str> = s.forms.iter().map(String::as_str).collect();
        let a = model.analyse(&forms);
        for i in 0..s.len() {
            words += 1;
            let tag = &model.tagger.tags[a.tags[i] as usize];
            upos += usize::from(tag.upos == s.upos[i]);
            xpos += usize::from(tag.xpos == s.xpos[i]);
            let head = a.arcs.heads[i].map_or(0, |h| h + 1);
            if head == s.heads[i] {
                uas += 1;
                let predicted = model.relation(a.arcs.labels[i]);
                let universal = |r: &str| r.split(':').next().unwrap_or("").to_string();
                las += usize::from(universal(predicted) == universal(&s.deprels[i]));
                las_full += usize::from(predicted == s.deprels[i]);
            }
        }
    }
    let share = |n: usize| if words == 0 { 0.0 } else { n as f64 / words as f64 };
    Scores {
        words,
        upos: share(upos),
        xpos: share(xpos),
        uas: share(uas),
        las: share(las),
        las_full: share(las_full),
    }
}
