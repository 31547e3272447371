//! Linear multi-class scoring over hashed sparse features: the compact read-only table the
//! tagger and parser score with, and the averaged-perceptron trainer that produces it.
//!
//! A feature is a 64-bit key (see [`key`]). Each key owns a short row of `(class, weight)`
//! pairs; most features are seen with only a few classes, so rows are sparse. At run time
//! the rows sit in one open-addressing table built once at load.

use crate::fxhash::FxHashMap;

/// Mixes a feature template number and up to three values into one non-zero key.
#[inline]
pub(crate) fn key(template: u8, a: u64, b: u64, c: u64) -> u64 {
    const K: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut h = (u64::from(template) + 1).wrapping_mul(K);
    h = (h.rotate_left(5) ^ a).wrapping_mul(K);
    h = (h.rotate_left(5) ^ b).wrapping_mul(K);
    h = (h.rotate_left(5) ^ c).wrapping_mul(K);
    let h = fmix(h);
    if h == 0 { 1 } else { h }
}

/// The finaliser of MurmurHash3: spreads every input bit over the whole word.
#[inline]
pub(crate) fn fmix(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
}

/// A 64-bit hash of a string (FNV-1a, then [`fmix`]); stable across platforms and runs.
pub(crate) fn hash_str(s: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in s.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    fmix(h)
}

/// Read-only weights: for each feature key, a row of class weights, quantised to 16 bits
/// with one scale for the table.
///
/// Scoring is bound by memory latency (a model of several megabytes, a hundred random
/// look-ups per decision), so a slot holds the key and its row's place together, and
/// [`Weights::score`] first finds every feature's row, then reads the rows: the look-ups of
/// one decision do not wait on each other.
#[derive(Debug, Clone, Default)]
pub struct Weights {
    classes: usize,
    /// Real weight = quantised weight × scale.
    scale: f32,
    /// Open-addressing slots (linear probing); key 0 marks an empty slot.
    slots: Vec<Slot>,
    /// Class in the low 16 bits, quantised weight (i16) in the high 16 bits.
    entries: Vec<u32>,
    /// Number of rows.
    rows: usize,
}

/// One slot of the table: a feature key and where its row lies in `entries`.
#[derive(Debug, Clone, Copy, Default)]
struct Slot {
    key: u64,
    start: u32,
    len: u32,
}

impl Weights {
    /// Builds the table from rows sorted by key, quantising the weights.
    pub(crate) fn from_rows(classes: usize, rows: &[(u64, Vec<(u16, f32)>)]) -> Weights {
        let max = rows.iter().flat_map(|r| r.1.iter().map(|e| e.1.abs())).fold(0.0f32, f32::max);
        let scale = if max > 0.0 { max / f32::from(i16::MAX) } else { 1.0 };
        let quantised: Vec<(u64, Vec<(u16, i16)>)> = rows
            .iter()
            .map(|(k, row)| {
                (*k, row.iter().map(|&(c, w)| (c, (w / scale).round() as i16)).filter(|e| e.1 != 0).collect())
            })
            .collect();
        Weights::from_quantised(classes, scale, &quantised)
    }

    /// Builds the table from quantised rows; empty rows are left out.
    pub(crate) fn from_quantised(classes: usize, scale: f32, rows: &[(u64, Vec<(u16, i16)>)]) -> Weights {
        let kept = rows.iter().filter(|r| !r.1.is_empty()).count();
        let mut w = Weights::with_capacity(classes, scale, kept, rows.iter().map(|r| r.1.len()).sum());
        for (k, row) in rows.iter().filter(|r| !r.1.is_empty()) {
            w.insert(*k, row.iter().map(|&(c, q)| u32::from(c) | (u32::from(q as u16) << 16)));
        }
        w
    }

    /// An empty table sized for `rows` rows and `entries` weights (two slots for every three
    /// rows, at least 16).
    pub(crate) fn with_capacity(classes: usize, scale: f32, rows: usize, entries: usize) -> Weights {
        Weights {
            classes,
            scale,
            slots: vec![Slot::default(); (rows + rows / 2).max(16)],
            entries: Vec::with_capacity(entries),
            rows: 0,
        }
    }

    /// The first slot of a key: the key's high half scaled to the table (no power-of-two
    /// table size needed).
    #[inline]
    fn home(&self, key: u64) -> usize {
        (((key >> 32) * self.slots.len() as u64) >> 32) as usize
    }

    /// Adds a row; entries pack a class (low 16 bits) and a quantised weight (high 16 bits).
    /// Returns false when the key is 0, already present, or the table is full.
    pub(crate) fn insert(&mut self, key: u64, entries: impl Iterator<Item = u32>) -> bool {
        if key == 0 || self.rows + 1 >= self.slots.len() {
            return false;
        }
        let mut slot = self.home(key);
        while self.slots[slot].key != 0 {
            if self.slots[slot].key == key {
                return false;
            }
            slot = if slot + 1 == self.slots.len() { 0 } else { slot + 1 };
        }
        let start = self.entries.len() as u32;
        self.entries.extend(entries);
        self.slots[slot] = Slot { key, start, len: self.entries.len() as u32 - start };
        self.rows += 1;
        true
    }

    /// Number of classes scored.
    pub fn classes(&self) -> usize {
        self.classes
    }

    /// Number of features with a row.
    pub fn features(&self) -> usize {
        self.rows
    }

    /// Number of `(feature, class)` weights.
    pub fn entries(&self) -> usize {
        self.entries.len()
    }

    /// The scale of the quantised weights.
    pub(crate) fn scale(&self) -> f32 {
        self.scale
    }

    /// Adds the rows of `features` into `scores` (one cell per class).
    #[inline]
    pub fn score(&self, features: &[u64], scores: &mut [f32]) {
        const BATCH: usize = 128;
        if self.slots.is_empty() {
            return;
        }
        let mut homes = [0usize; BATCH];
        let mut found = [(0u32, 0u32); BATCH];
        for chunk in features.chunks(BATCH) {
            for (h, &f) in homes.iter_mut().zip(chunk) {
                *h = self.home(f);
                prefetch(&self.slots[*h]);
            }
            let mut n = 0;
            for (&home, &f) in homes.iter().zip(chunk) {
                let mut slot = home;
                loop {
                    let s = self.slots[slot];
                    if s.key == f {
                        if let Some(e) = self.entries.get(s.start as usize) {
                            prefetch(e);
                        }
                        found[n] = (s.start, s.len);
                        n += 1;
                        break;
                    }
                    if s.key == 0 {
                        break;
                    }
                    slot = if slot + 1 == self.slots.len() { 0 } else { slot + 1 };
                }
            }
            for &(start, len) in &found[..n] {
                let (start, end) = (start as usize, start as usize + len as usize);
                for e in self.entries.get(start..end).unwrap_or(&[]) {
                    if let Some(s) = scores.get_mut((e & 0xFFFF) as usize) {
                        *s += f32::from((e >> 16) as u16 as i16) * self.scale;
                    }
                }
            }
        }
    }

    /// The quantised rows, sorted by key: the serialised form.
    pub(crate) fn quantised_rows(&self) -> Vec<(u64, Vec<(u16, i16)>)> {
        let mut rows: Vec<(u64, Vec<(u16, i16)>)> = self
            .slots
            .iter()
            .filter(|s| s.key != 0)
            .map(|s| {
                let (start, end) = (s.start as usize, s.start as usize + s.len as usize);
                (
                    s.key,
                    self.entries[start..end]
                        .iter()
                        .map(|e| ((e & 0xFFFF) as u16, (e >> 16) as u16 as i16))
                        .collect(),
                )
            })
            .collect();
        rows.sort_unstable_by_key(|r| r.0);
        rows
    }

    /// The rows with real weights, sorted by key.
    pub(crate) fn to_rows(&self) -> Vec<(u64, Vec<(u16, f32)>)> {
        self.quantised_rows()
            .into_iter()
            .map(|(k, row)| (k, row.into_iter().map(|(c, q)| (c, f32::from(q) * self.scale)).collect()))
            .collect()
    }

    /// A copy without the weights whose magnitude is below `min_weight` (and without the rows
    /// left empty): a smaller model that scores almost the same.
    pub(crate) fn pruned(&self, min_weight: f32) -> Weights {
        let rows: Vec<(u64, Vec<(u16, f32)>)> = self
            .to_rows()
            .into_iter()
            .map(|(k, row)| (k, row.into_iter().filter(|e| e.1.abs() >= min_weight).collect::<Vec<_>>()))
            .filter(|(_, row)| !row.is_empty())
            .collect();
        Weights::from_rows(self.classes, &rows)
    }
}

/// Asks the processor to start loading `value`'s cache line: the look-ups of one decision
/// then overlap instead of waiting on each other.
#[inline(always)]
fn prefetch<T>(value: &T) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: a prefetch is only a hint; it never faults and reads nothing into the program,
    // and the pointer comes from a live reference.
    unsafe {
        std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>(
            (value as *const T).cast::<i8>(),
        );
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = value;
}

/// One trainable weight with what lazy averaging needs.
#[derive(Debug, Clone, Copy)]
struct Cell {
    class: u16,
    weight: f32,
    total: f64,
    stamp: u32,
}

/// An averaged perceptron (Collins 2002) with lazy averaging: each weight remembers when it
/// last changed, so an update touches only the features of one example.
#[derive(Debug, Default)]
pub struct Trainer {
    classes: usize,
    rows: FxHashMap<u64, Vec<Cell>>,
    /// Number of examples seen so far (the averaging clock).
    clock: u32,
}

impl Trainer {
    /// An empty model over `classes` classes.
    pub fn new(classes: usize) -> Trainer {
        Trainer { classes, rows: FxHashMap::default(), clock: 0 }
    }

    /// Adds the current (not averaged) rows of `features` into `scores`.
    pub fn score(&self, features: &[u64], scores: &mut [f32]) {
        for f in features {
            if let Some(row) = self.rows.get(f) {
                for cell in row {
                    scores[cell.class as usize] += cell.weight;
                }
            }
        }
    }

    /// Advances the averaging clock by one example.
    pub fn tick(&mut self) {
        self.clock += 1;
    }

    /// Rewards `truth` and penalises `guess` on `features` (nothing when they are equal).
    pub fn update(&mut self, features: &[u64], truth: usize, guess: usize) {
        if truth == guess {
            return;
        }
        let clock = self.clock;
        for &f in features {
            let row = self.rows.entry(f).or_default();
            for (class, delta) in [(truth, 1.0f32), (guess, -1.0f32)] {
                let cell = match row.iter_mut().position(|c| c.class as usize == class) {
                    Some(i) => &mut row[i],
                    None => {
                        row.push(Cell { class: class as u16, weight: 0.0, total: 0.0, stamp: clock });
                        row.last_mut().expect("just pushed")
                    }
                };
                cell.total += f64::from(clock - cell.stamp) * f64::from(cell.weight);
                cell.stamp = clock;
                cell.weight += delta;
            }
        }
    }

    /// The averaged weights, dropping those whose magnitude is below `min_weight`.
    pub fn average(&self, min_weight: f32) -> Weights {
        let clock = f64::from(self.clock.max(1));
        let mut rows: Vec<(u64, Vec<(u16, f32)>)> = self
            .rows
            .iter()
            .filter_map(|(k, cells)| {
                let mut row: Vec<(u16, f32)> = cells
                    .iter()
                    .map(|c| {
                        let total = c.total + f64::from(self.clock - c.stamp) * f64::from(c.weight);
                        (c.class, (total / clock) as f32)
                    })
                    .filter(|(_, w)| w.abs() >= min_weight)
                    .collect();
                row.sort_unstable_by_key(|e| e.0);
                (!row.is_empty()).then_some((*k, row))
            })
            .collect();
        rows.sort_unstable_by_key(|r| r.0);
        Weights::from_rows(self.classes, &rows)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_differ_by_template_and_value_and_are_never_zero() {
        let a = key(1, 2, 3, 4);
        assert_ne!(a, key(2, 2, 3, 4));
        assert_ne!(a, key(1, 3, 3, 4));
        assert_ne!(a, 0);
        assert_eq!(hash_str("expel"), hash_str("expel"));
        assert_ne!(hash_str("expel"), hash_str("expels"));
    }

    #[test]
    fn the_perceptron_learns_a_separable_problem_and_averages() {
        let mut t = Trainer::new(2);
        let examples = [(vec![10u64, 11], 0usize), (vec![20, 11], 1)];
        for _ in 0..5 {
            for (features, truth) in &examples {
                let mut scores = [0.0f32; 2];
                t.score(features, &mut scores);
                let guess = if scores[1] > scores[0] { 1 } else { 0 };
                t.update(features, *truth, guess);
                t.tick();
            }
        }
        let w = t.average(0.0);
        for (features, truth) in &examples {
            let mut scores = [0.0f32; 2];
            w.score(features, &mut scores);
            let guess = if scores[1] > scores[0] { 1 } else { 0 };
            assert_eq!(guess, *truth);
        }
        let again = Weights::from_rows(2, &w.to_rows());
        assert_eq!(again.to_rows(), w.to_rows());
        assert!(w.features() >= 2 && w.entries() >= 2);
    }
}
