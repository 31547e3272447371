//! Dependency parsing: a greedy arc-hybrid transition parser (Kuhlmann et al. 2011) scored by
//! an averaged perceptron and trained with the dynamic oracle of Goldberg and Nivre (2013).
//!
//! Why this design: a greedy transition parser makes at most 2n decisions for n words, each
//! a sparse dot product, so it parses tens of thousands of words a second on one core with a
//! few megabytes of weights, and it needs no GPU and no external library. Arc-hybrid has a
//! simple, exact dynamic oracle for projective trees: training lets the parser follow its own
//! (sometimes wrong) decisions and learn the best move from any state, which recovers most of
//! what a beam would give. The root is placed at the end of the buffer (Ballesteros and Nivre
//! 2013), so a word is attached to the root only once its right context has been read.
//!
//! Transitions, with stack σ|s1|s0 and buffer b0|β:
//! - SHIFT pushes b0;
//! - LEFT-l makes b0 the head of s0 with relation l and pops s0;
//! - RIGHT-l makes s1 the head of s0 with relation l and pops s0.

use super::perceptron::{Trainer, Weights, key};
use super::words::WordView;

/// No word (a missing context position or an unattached word).
const NONE: usize = usize::MAX;
/// Feature value of a missing context position.
const ABSENT: u64 = 0x00AB_5E17;

/// A trained parser.
#[derive(Debug, Clone, Default)]
pub struct Parser {
    pub(crate) weights: Weights,
    /// Relation names; index 0 is "root".
    pub(crate) labels: Vec<String>,
    /// Coarse (universal) tag value of each tagger class; set from the tagger's inventory.
    pub(crate) coarse: Vec<u64>,
}

/// What the features read about the words of one sentence, the root appended.
#[derive(Debug)]
pub(crate) struct Context {
    views: Vec<WordView>,
    /// Tagger class of each word.
    tags: Vec<u64>,
    /// Universal tag of each word.
    coarse: Vec<u64>,
    /// Ambiguity class of each word (the tags it had in the tagger's training data).
    ambiguity: Vec<u64>,
    /// Number of commas, semicolons, colons and dashes before each position.
    punct_before: Vec<u32>,
}

/// The coarse tag values of a tag inventory: one value per universal tag.
pub(crate) fn coarse_values(tags: &[super::Tag]) -> Vec<u64> {
    tags.iter().map(|t| super::perceptron::hash_str(&t.upos)).collect()
}

/// The parser's configuration while it reads one sentence of `n` words; position `n` is the
/// artificial root.
#[derive(Debug)]
struct State {
    n: usize,
    stack: Vec<usize>,
    /// Front of the buffer; `n` once only the root is left.
    front: usize,
    heads: Vec<usize>,
    labels: Vec<u8>,
    /// Leftmost and second leftmost dependents.
    left: Vec<[usize; 2]>,
    /// Rightmost and second rightmost dependents.
    right: Vec<[usize; 2]>,
    left_count: Vec<u8>,
    right_count: Vec<u8>,
    /// Bit set of the relations of left and right dependents.
    left_labels: Vec<u64>,
    right_labels: Vec<u64>,
}

/// The move a class stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Move {
    Shift,
    Left(u8),
    Right(u8),
}

fn class_move(class: usize, labels: usize) -> Move {
    if class == 0 {
        Move::Shift
    } else if class <= labels {
        Move::Left((class - 1) as u8)
    } else {
        Move::Right((class - 1 - labels) as u8)
    }
}

impl State {
    fn new(n: usize) -> State {
        State {
            n,
            stack: Vec::with_capacity(n),
            front: 0,
            heads: vec![NONE; n + 1],
            labels: vec![0; n + 1],
            left: vec![[NONE; 2]; n + 1],
            right: vec![[NONE; 2]; n + 1],
            left_count: vec![0; n + 1],
            right_count: vec![0; n + 1],
            left_labels: vec![0; n + 1],
            right_labels: vec![0; n + 1],
        }
    }

    fn done(&self) -> bool {
        self.front >= self.n && self.stack.is_empty()
    }

    fn s(&self, depth: usize) -> usize {
        if depth < self.stack.len() { self.stack[self.stack.len() - 1 - depth] } else { NONE }
    }

    fn valid(&self, m: Move) -> bool {
        match m {
            Move::Shift => self.front < self.n,
            Move::Left(l) => !self.stack.is_empty() && ((self.front == self.n) == (l == 0)),
            Move::Right(l) => self.stack.len() >= 2 && l != 0,
        }
    }

    fn add_arc(&mut self, head: usize, dep: usize, label: u8) {
        self.heads[dep] = head;
        self.labels[dep] = label;
        if dep < head {
            self.left[head] = [dep, self.left[head][0]];
            self.left_count[head] = self.left_count[head].saturating_add(1);
            self.left_labels[head] |= 1u64 << (label & 63);
        } else {
            self.right[head] = [dep, self.right[head][0]];
            self.right_count[head] = self.right_count[head].saturating_add(1);
            self.right_labels[head] |= 1u64 << (label & 63);
        }
    }

    fn apply(&mut self, m: Move) {
        match m {
            Move::Shift => {
                self.stack.push(self.front);
                self.front += 1;
            }
            Move::Left(l) => {
                let s0 = self.stack.pop().expect("LEFT needs a stack");
                self.add_arc(self.front, s0, l);
            }
            Move::Right(l) => {
                let s0 = self.stack.pop().expect("RIGHT needs two on the stack");
                let s1 = *self.stack.last().expect("RIGHT needs two on the stack");
                self.add_arc(s1, s0, l);
            }
        }
    }

    /// Gold arcs the move makes unreachable (Goldberg and Nivre 2013), plus one for a wrong
    /// relation; `gold` holds each word's head (`n` for the root) and relation.
    fn cost(&self, m: Move, gold_heads: &[usize], gold_labels: &[u8]) -> u32 {
        let b = self.front;
        let deps_in_buffer = |w: usize| (b..self.n).filter(|&d| gold_heads[d] == w).count() as u32;
        match m {
            Move::Shift => {
                let heads_below = self.stack[..self.stack.len().saturating_sub(1)]
                    .iter()
                    .filter(|&&k| gold_heads[b] == k)
                    .count() as u32;
                let deps_on_stack = self.stack.iter().filter(|&&k| gold_heads[k] == b).count() as u32;
                heads_below + deps_on_stack
            }
            Move::Left(l) => {
                let s0 = self.s(0);
                let g = gold_heads[s0];
                let lost_head = u32::from(g != b && (g > b || g == self.s(1)));
                lost_head + deps_in_buffer(s0) + u32::from(l != gold_labels[s0])
            }
            Move::Right(l) => {
                let s0 = self.s(0);
                let g = gold_heads[s0];
                let lost_head = u32::from(g != self.s(1) && g >= b);
                lost_head + deps_in_buffer(s0) + u32::from(l != gold_labels[s0])
            }
        }
    }
}

/// Distance buckets: 1, 2, 3, 4, 5–6, 7–9, 10+.
fn bucket(d: usize) -> u64 {
    match d {
        0..=4 => d as u64,
        5..=6 => 5,
        7..=9 => 6,
        _ => 7,
    }
}

/// Appends the features of a configuration: words, tags and relations of the top of the
/// stack and buffer and of their outer dependents, with pairs, triples, distance and valency
/// (after Zhang and Nivre 2011).
fn features(st: &State, cx: &Context, out: &mut Vec<u64>) {
    out.clear();
    let views = &cx.views;
    let w = |i: usize| if i == NONE { ABSENT } else { views[i].lower };
    let t = |i: usize| if i == NONE { ABSENT } else { cx.tags[i] };
    let c = |i: usize| if i == NONE { ABSENT } else { cx.coarse[i] };
    let a = |i: usize| if i == NONE { ABSENT } else { cx.ambiguity[i] };
    let lab = |i: usize| if i == NONE || st.heads[i] == NONE { ABSENT } else { u64::from(st.labels[i]) };
    let child = |i: usize, side: &Vec<[usize; 2]>, k: usize| if i == NONE { NONE } else { side[i][k] };
    let (s0, s1, s2) = (st.s(0), st.s(1), st.s(2));
    let n0 = st.front;
    let n1 = if n0 < st.n { n0 + 1 } else { NONE };
    let n2 = if n0 + 2 <= st.n { n0 + 2 } else { NONE };
    let (s0l, s0l2) = (child(s0, &st.left, 0), child(s0, &st.left, 1));
    let (s0r, s0r2) = (child(s0, &st.right, 0), child(s0, &st.right, 1));
    let (n0l, n0l2) = (child(n0, &st.left, 0), child(n0, &st.left, 1));
    let s1r = child(s1, &st.right, 0);
    let s1l = child(s1, &st.left, 0);
    let (ws0, ts0, wn0, tn0) = (w(s0), t(s0), w(n0), t(n0));
    let (ws1, ts1) = (w(s1), t(s1));
    let dist = if s0 == NONE { ABSENT } else { bucket(n0 - s0) };
    let between = |a: usize, b: usize| {
        if a == NONE || b == NONE {
            ABSENT
        } else {
            u64::from((cx.punct_before[b] - cx.punct_before[a + 1]).min(2))
        }
    };
    let punct = between(s0, n0);
    let punct_s1 = between(s1, s0);
    let dist_s1 = if s1 == NONE { ABSENT } else { bucket(s0 - s1) };
    let v = |c: &Vec<u8>, i: usize| if i == NONE { ABSENT } else { u64::from(c[i]) };
    let set = |c: &Vec<u64>, i: usize| if i == NONE { ABSENT } else { c[i] };
    let suffix = |i: usize| if i == NONE { ABSENT } else { views[i].suffix3 };
    let shape = |i: usize| if i == NONE { ABSENT } else { views[i].shape };
    out.extend_from_slice(&[
        key(0, 0, 0, 0),
        // single words
        key(1, ws0, ts0, 0),
        key(2, ws0, 0, 0),
        key(3, ts0, 0, 0),
        key(4, wn0, tn0, 0),
        key(5, wn0, 0, 0),
        key(6, tn0, 0, 0),
        key(7, w(n1), t(n1), 0),
        key(8, w(n1), 0, 0),
        key(9, t(n1), 0, 0),
        key(10, w(n2), t(n2), 0),
        key(11, w(n2), 0, 0),
        key(12, t(n2), 0, 0),
        key(13, ws1, ts1, 0),
        key(14, ws1, 0, 0),
        key(15, ts1, 0, 0),
        key(16, t(s2), 0, 0),
        key(17, w(s2), 0, 0),
        // pairs of s0 and n0
        key(18, ws0, ts0, wn0 ^ tn0.rotate_left(32)),
        key(19, ws0, ts0, wn0),
        key(20, ws0, wn0, tn0),
        key(21, ws0, ts0, tn0),
        key(22, ts0, wn0, tn0),
        key(23, ws0, wn0, 0),
        key(24, ts0, tn0, 0),
        key(25, tn0, t(n1), 0),
        // pairs of s1 and s0 (what RIGHT decides on)
        key(26, ws1, ts1, ws0 ^ ts0.rotate_left(32)),
        key(27, ws1, ts1, ts0),
        key(28, ts1, ws0, ts0),
        key(29, ws1, ws0, 0),
        key(30, ts1, ts0, 0),
        // triples of tags
        key(31, tn0, t(n1), t(n2)),
        key(32, ts0, tn0, t(n1)),
        key(33, ts1, ts0, tn0),
        key(34, ts0, t(s0l), tn0),
        key(35, ts0, t(s0r), tn0),
        key(36, ts0, tn0, t(n0l)),
        key(37, ts0, t(s0l), t(s0l2)),
        key(38, ts0, t(s0r), t(s0r2)),
        key(39, tn0, t(n0l), t(n0l2)),
        key(40, ts1, ts0, t(s0l)),
        key(41, ts1, t(s1r), ts0),
        key(42, t(s2), ts1, ts0),
        key(43, ts1, t(s1l), ts0),
        // dependents
        key(44, w(s0l), t(s0l), 0),
        key(45, lab(s0l), 0, 0),
        key(46, w(s0r), t(s0r), 0),
        key(47, lab(s0r), 0, 0),
        key(48, w(n0l), t(n0l), 0),
        key(49, lab(n0l), 0, 0),
        key(50, t(s0l2), lab(s0l2), 0),
        key(51, t(s0r2), lab(s0r2), 0),
        key(52, t(n0l2), lab(n0l2), 0),
        key(53, ts0, lab(s0l), lab(s0l2)),
        key(54, ts0, lab(s0r), lab(s0r2)),
        key(55, tn0, lab(n0l), lab(n0l2)),
        key(56, ts1, lab(s1r), 0),
        // distance
        key(57, ws0, dist, 0),
        key(58, ts0, dist, 0),
        key(59, wn0, dist, 0),
        key(60, tn0, dist, 0),
        key(61, ts0, tn0, dist),
        key(62, ws0, wn0, dist),
        key(63, ts1, ts0, dist_s1),
        key(64, ws1, ws0, dist_s1),
        // valency and relation sets
        key(65, ws0, v(&st.right_count, s0), 0),
        key(66, ts0, v(&st.right_count, s0), 0),
        key(67, ws0, v(&st.left_count, s0), 0),
        key(68, ts0, v(&st.left_count, s0), 0),
        key(69, wn0, v(&st.left_count, n0), 0),
        key(70, tn0, v(&st.left_count, n0), 0),
        key(71, ws0, set(&st.right_labels, s0), 0),
        key(72, ts0, set(&st.right_labels, s0), 0),
        key(73, ws0, set(&st.left_labels, s0), 0),
        key(74, ts0, set(&st.left_labels, s0), 0),
        key(75, wn0, set(&st.left_labels, n0), 0),
        key(76, tn0, set(&st.left_labels, n0), 0),
        key(77, ts1, set(&st.right_labels, s1), 0),
        // affixes and shapes of the focus words (unknown words)
        key(78, suffix(s0), ts0, 0),
        key(79, suffix(n0), tn0, 0),
        key(80, shape(s0), shape(n0), 0),
        key(81, suffix(s1), ts1, 0),
        // universal tags: the same configurations with less sparse values
        key(82, c(s0), c(n0), 0),
        key(83, c(s1), c(s0), 0),
        key(84, c(s0), c(n0), c(n1)),
        key(85, c(s1), c(s0), c(n0)),
        key(86, c(s0), c(s0l), c(n0)),
        key(87, c(s0), c(s0r), c(n0)),
        key(88, c(s0), c(n0), c(n0l)),
        key(89, c(s2), c(s1), c(s0)),
        key(90, c(n0), c(n1), c(n2)),
        key(91, c(s0), lab(s0l), lab(s0r)),
        key(92, c(n0), lab(n0l), c(s0)),
        key(93, c(s1), lab(s1r), c(s0)),
        // words of the buffer together, and punctuation between s0 and n0
        key(94, wn0, w(n1), 0),
        key(95, wn0, tn0, t(n1)),
        key(96, c(s0), c(n0), punct),
        key(97, c(s1), c(s0), punct_s1),
        key(98, ws0, c(n0), punct),
        // ambiguity classes: what the words could be, whatever the tagger chose
        key(99, a(s0), a(n0), 0),
        key(100, a(s1), a(s0), 0),
        key(101, a(n0), a(n1), 0),
        key(102, a(s0), tn0, 0),
        key(103, ts0, a(n0), 0),
        key(104, a(n0), 0, 0),
        key(105, a(s0), 0, 0),
    ]);
}

/// The feature context of a sentence with the root appended.
fn context(
    forms: &[&str],
    mut views: Vec<WordView>,
    tags: &[u16],
    ambiguity: &[u64],
    coarse: &[u64],
) -> Context {
    views.push(WordView::padding(super::words::END ^ 0x1007));
    let mut tag_values: Vec<u64> = tags.iter().map(|t| u64::from(*t)).collect();
    tag_values.push(0x1007_1007);
    let mut coarse_values: Vec<u64> =
        tags.iter().map(|t| coarse.get(*t as usize).copied().unwrap_or(ABSENT)).collect();
    coarse_values.push(0x1007_1007);
    let mut punct_before = Vec::with_capacity(forms.len() + 2);
    let mut count = 0u32;
    punct_before.push(0);
    for f in forms {
        count += u32::from(matches!(*f, "," | ";" | ":" | "-" | "--" | "\u{2014}" | "\u{2013}"));
        punct_before.push(count);
    }
    punct_before.push(count);
    let mut ambiguity = ambiguity.to_vec();
    ambiguity.resize(forms.len(), ABSENT);
    ambiguity.push(0x1007_1007);
    Context { views, tags: tag_values, coarse: coarse_values, ambiguity, punct_before }
}

fn best_valid(st: &State, scores: &[f32], labels: usize, keep: impl Fn(usize) -> bool) -> Option<usize> {
    let mut best: Option<usize> = None;
    for (class, s) in scores.iter().enumerate() {
        if !keep(class) || !st.valid(class_move(class, labels)) {
            continue;
        }
        if best.is_none_or(|b| *s > scores[b]) {
            best = Some(class);
        }
    }
    best
}

/// A parsed sentence: for each word its head (`None` for the root of the sentence) and
/// relation index.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Arcs {
    /// Head of each word, 0-based; `None` for a root.
    pub heads: Vec<Option<usize>>,
    /// Relation of each word to its head (index into the parser's relation names).
    pub labels: Vec<u8>,
}

impl Parser {
    /// Relation names; [`Arcs::labels`] index into them.
    pub fn labels(&self) -> &[String] {
        &self.labels
    }

    /// Number of `(feature, class)` weights.
    pub fn weights_count(&self) -> usize {
        self.weights.entries()
    }

    /// Parses a tagged sentence: `tags` are tagger classes and `ambiguity` the words'
    /// ambiguity classes ([`super::Tagger::ambiguity`]).
    pub fn parse(&self, forms: &[&str], tags: &[u16], ambiguity: &[u64]) -> Arcs {
        let views = forms.iter().map(|f| WordView::new(f)).collect();
        self.parse_views(forms, views, tags, ambiguity)
    }

    /// [`Parser::parse`] for words whose views are already computed.
    pub(crate) fn parse_views(
        &self,
        forms: &[&str],
        views: Vec<WordView>,
        tags: &[u16],
        ambiguity: &[u64],
    ) -> Arcs {
        let cx = context(forms, views, tags, ambiguity, &self.coarse);
        let n = forms.len();
        let labels = self.labels.len();
        let mut st = State::new(n);
        let mut feats = Vec::with_capacity(96);
        let mut scores = vec![0.0f32; 1 + 2 * labels];
        while !st.done() {
            features(&st, &cx, &mut feats);
            scores.iter_mut().for_each(|s| *s = 0.0);
            self.weights.score(&feats, &mut scores);
            let class =
                best_valid(&st, &scores, labels, |_| true).expect("a non-final state has a valid move");
            st.apply(class_move(class, labels));
        }
        Arcs {
            heads: st.heads[..n].iter().map(|&h| if h >= n { None } else { Some(h) }).collect(),
            labels: st.labels[..n].to_vec(),
        }
    }
}

/// Training material for the parser: forms, predicted tag classes, gold heads (0-based, `n`
/// for the root) and gold relation indices.
pub(crate) struct ParseExample<'a> {
    pub forms: Vec<&'a str>,
    pub tags: Vec<u16>,
    pub ambiguity: Vec<u64>,
    pub heads: Vec<usize>,
    pub labels: Vec<u8>,
}

/// Trains the parser with the dynamic oracle. In the first epoch it follows the best gold
/// move; later it follows its own prediction with probability `explore` (drawn from `coin`).
pub(crate) fn train(
    examples: &[ParseExample<'_>],
    labels: Vec<String>,
    coarse: Vec<u64>,
    settings: TrainSettings,
    mut order: impl FnMut(usize) -> Vec<usize>,
    mut coin: impl FnMut() -> f64,
) -> Parser {
    let nlabels = labels.len();
    let classes = 1 + 2 * nlabels;
    let mut trainer = Trainer::new(classes);
    let contexts: Vec<Context> = examples
        .iter()
        .map(|e| {
            let views = e.forms.iter().map(|f| WordView::new(f)).collect();
            context(&e.forms, views, &e.tags, &e.ambiguity, &coarse)
        })
        .collect();
    let frequent = frequent_features(examples, &contexts, nlabels, settings.min_feature_count);
    let mut feats = Vec::with_capacity(96);
    let mut scores = vec![0.0f32; classes];
    let mut costs = vec![0u32; classes];
    for epoch in 0..settings.epochs {
        for si in order(epoch) {
            let e = &examples[si];
            let cx = &contexts[si];
            let mut gold_labels = e.labels.clone();
            gold_labels.push(0);
            let mut st = State::new(e.forms.len());
            while !st.done() {
                features(&st, cx, &mut feats);
                if let Some(keep) = &frequent {
                    feats.retain(|f| keep.contains(f));
                }
                scores.iter_mut().for_each(|s| *s = 0.0);
                trainer.score(&feats, &mut scores);
                let min_cost = oracle_costs(&st, &e.heads, &gold_labels, nlabels, &mut costs);
                let guess = best_valid(&st, &scores, nlabels, |_| true).expect("valid move");
                let gold =
                    best_valid(&st, &scores, nlabels, |c| costs[c] == min_cost).expect("valid gold move");
                if costs[guess] > min_cost {
                    trainer.update(&feats, gold, guess);
                }
                trainer.tick();
                let follow = if epoch > 0 && coin() < settings.explore { guess } else { gold };
                st.apply(class_move(follow, nlabels));
            }
        }
    }
    Parser { weights: trainer.average(0.0), labels, coarse }
}

/// Parser training settings.
#[derive(Debug, Clone, Copy)]
pub(crate) struct TrainSettings {
    pub epochs: usize,
    pub explore: f64,
    /// Features seen fewer times than this on the gold paths are never used.
    pub min_feature_count: u32,
}

/// Fills `costs` for every class (`u32::MAX` for invalid moves) and returns the smallest.
fn oracle_costs(st: &State, heads: &[usize], labels: &[u8], nlabels: usize, costs: &mut [u32]) -> u32 {
    let s0_label = if st.stack.is_empty() { 0 } else { labels[st.s(0)] };
    let shift = if st.valid(Move::Shift) { st.cost(Move::Shift, heads, labels) } else { u32::MAX };
    let left = if st.stack.is_empty() { u32::MAX } else { st.cost(Move::Left(s0_label), heads, labels) };
    let right = if st.stack.len() < 2 { u32::MAX } else { st.cost(Move::Right(s0_label), heads, labels) };
    let mut min = u32::MAX;
    for (class, c) in costs.iter_mut().enumerate() {
        let m = class_move(class, nlabels);
        *c = if !st.valid(m) {
            u32::MAX
        } else {
            match m {
                Move::Shift => shift,
                Move::Left(l) => left.saturating_add(u32::from(l != s0_label)),
                Move::Right(l) => right.saturating_add(u32::from(l != s0_label)),
            }
        };
        min = min.min(*c);
    }
    min
}

/// The features seen at least `min_count` times along the gold paths (None: keep all).
fn frequent_features(
    examples: &[ParseExample<'_>],
    contexts: &[Context],
    nlabels: usize,
    min_count: u32,
) -> Option<crate::fxhash::FxHashSet<u64>> {
    if min_count <= 1 {
        return None;
    }
    let mut counts: crate::fxhash::FxHashMap<u64, u32> = crate::fxhash::FxHashMap::default();
    let mut feats = Vec::with_capacity(96);
    let mut costs = vec![0u32; 1 + 2 * nlabels];
    let zeros = vec![0.0f32; costs.len()];
    for (e, cx) in examples.iter().zip(contexts) {
        let mut gold_labels = e.labels.clone();
        gold_labels.push(0);
        let mut st = State::new(e.forms.len());
        while !st.done() {
            features(&st, cx, &mut feats);
            for f in &feats {
                *counts.entry(*f).or_default() += 1;
            }
            let min_cost = oracle_costs(&st, &e.heads, &gold_labels, nlabels, &mut costs);
            let gold = best_valid(&st, &zeros, nlabels, |c| costs[c] == min_cost).expect("valid gold move");
            st.apply(class_move(gold, nlabels));
        }
    }
    Some(counts.into_iter().filter(|(_, n)| *n >= min_count).map(|(f, _)| f).collect())
}
