//! The tree of one sentence of a [`Document`], over its syntactic words, with the way back
//! from words to the engine's tokens.

use super::segment::{SyntacticWord, syntactic_words};
use super::{Analysis, SyntaxModel};
use crate::text::Document;

/// Tags and dependency tree of one sentence of a document.
#[derive(Debug, Clone)]
pub struct SentenceSyntax<'m> {
    model: &'m SyntaxModel,
    /// The syntactic words, in order.
    pub words: Vec<SyntacticWord>,
    /// Their tags and tree.
    pub analysis: Analysis,
    /// First token of the sentence.
    first_token: usize,
    /// For each token of the sentence, its first word.
    token_words: Vec<usize>,
    /// Children of each word, in order.
    children: Vec<Vec<usize>>,
}

impl<'m> SentenceSyntax<'m> {
    /// Cuts sentence `index` of `doc` into syntactic words, tags and parses them.
    pub fn parse(model: &'m SyntaxModel, doc: &Document<'_>, index: usize) -> SentenceSyntax<'m> {
        let tokens = doc.sentences.get(index).map_or(0..0, |s| s.tokens.clone());
        let words = syntactic_words(doc.text, &doc.tokens, tokens.clone());
        let forms: Vec<&str> = words.iter().map(|w| &doc.text[w.range.clone()]).collect();
        let analysis = model.analyse(&forms);
        let mut token_words = vec![usize::MAX; tokens.len()];
        for (i, w) in words.iter().enumerate().rev() {
            token_words[w.token - tokens.start] = i;
        }
        let mut children = vec![Vec::new(); words.len()];
        for (i, h) in analysis.arcs.heads.iter().enumerate() {
            if let Some(h) = h {
                children[*h].push(i);
            }
        }
        SentenceSyntax { model, words, analysis, first_token: tokens.start, token_words, children }
    }

    /// The first word cut from a token of the sentence.
    pub fn word_of_token(&self, token: usize) -> Option<usize> {
        let w = *self.token_words.get(token.checked_sub(self.first_token)?)?;
        (w != usize::MAX).then_some(w)
    }

    /// The token a word was cut from.
    pub fn token_of(&self, word: usize) -> usize {
        self.words[word].token
    }

    /// The head of a word (`None` for a root).
    pub fn head(&self, word: usize) -> Option<usize> {
        self.analysis.arcs.heads.get(word).copied().flatten()
    }

    /// The relation of a word to its head ("nsubj", "obl:agent", …).
    pub fn relation(&self, word: usize) -> &str {
        self.model.relation(self.analysis.arcs.labels.get(word).copied().unwrap_or(0))
    }

    /// The universal part of speech of a word.
    pub fn upos(&self, word: usize) -> &str {
        self.model.upos(self.analysis.tags.get(word).copied().unwrap_or(0))
    }

    /// The dependents of a word, left to right.
    pub fn children(&self, word: usize) -> &[usize] {
        self.children.get(word).map_or(&[], Vec::as_slice)
    }

    /// The dependents of a word whose relation is `relation` or one of its subtypes
    /// ("nsubj" also finds "nsubj:pass").
    pub fn children_by<'s>(&'s self, word: usize, relation: &'s str) -> impl Iterator<Item = usize> + 's {
        self.children(word).iter().copied().filter(move |&c| {
            let r = self.relation(c);
            r == relation || r.strip_prefix(relation).is_some_and(|rest| rest.starts_with(':'))
        })
    }

    /// Number of syntactic words.
    pub fn len(&self) -> usize {
        self.words.len()
    }

    /// Whether the sentence has no words.
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_map_back_to_tokens_and_the_tree_reads_by_relation() {
        let text = "Chile's foreign ministry summoned the envoy. Talks didn't resume.";
        let doc = Document::new(text);
        let s = SentenceSyntax::parse(SyntaxModel::builtin(), &doc, 0);
        let word = |form: &str| (0..s.len()).find(|&w| &text[s.words[w].range.clone()] == form).unwrap();
        let summoned = word("summoned");
        let ministry = word("ministry");
        assert_eq!(s.head(ministry), Some(summoned));
        assert_eq!(s.children_by(summoned, "nsubj").collect::<Vec<_>>(), [ministry]);
        assert_eq!(s.children_by(summoned, "obj").count(), 1);
        assert_eq!(s.upos(summoned), "VERB");
        let token = s.token_of(summoned);
        assert_eq!(s.word_of_token(token), Some(summoned));
        assert_eq!(s.word_of_token(token + 100), None);

        let second = SentenceSyntax::parse(SyntaxModel::builtin(), &doc, 1);
        let forms: Vec<&str> = second.words.iter().map(|w| &text[w.range.clone()]).collect();
        assert_eq!(forms, ["Talks", "did", "n't", "resume", "."]);
        assert!(!second.is_empty());
    }
}
