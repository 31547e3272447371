//! The binary model file: little-endian, versioned by its magic bytes.
//!
//! ```text
//! magic "EVXSYN01"
//! tags      u32 count, then per tag: str upos, str xpos          (str = u8 length + UTF-8)
//! tagdict   u32 count, then per entry: u64 form hash, u16 tag
//! classes   u32 count, then per entry: u64 lower-case form hash, u64 ambiguity class
//! weights   the tagger's (see below)
//! labels    u32 count, then per relation: str name
//! weights   the parser's
//! weights = u32 classes, u32 rows, f32 scale, then per row: u64 key, a length, and per
//!           entry: a class and an i16 weight (the real weight is weight × scale); lengths
//!           and classes take one byte when there are fewer than 256 classes, else two
//! ```
//! Weights are quantised to 16 bits with one scale per table.

use std::fmt;

use super::perceptron::Weights;
use super::{Parser, SyntaxModel, Tag, Tagger};
use crate::fxhash::FxHashMap;

const MAGIC: &[u8; 8] = b"EVXSYN01";

/// Why a model file could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelError {
    /// Byte offset where decoding stopped.
    pub offset: usize,
    /// What was wrong there.
    pub message: &'static str,
}

impl fmt::Display for ModelError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "syntax model: {} at byte {}", self.message, self.offset)
    }
}

impl std::error::Error for ModelError {}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], ModelError> {
        let end = self.at.checked_add(n).filter(|&e| e <= self.bytes.len());
        let end = end.ok_or(ModelError { offset: self.at, message: "file ends early" })?;
        let out = &self.bytes[self.at..end];
        self.at = end;
        Ok(out)
    }

    fn array<const N: usize>(&mut self) -> Result<[u8; N], ModelError> {
        Ok(self.take(N)?.try_into().expect("take returns N bytes"))
    }

    fn u16(&mut self) -> Result<u16, ModelError> {
        Ok(u16::from_le_bytes(self.array()?))
    }

    fn u32(&mut self) -> Result<u32, ModelError> {
        Ok(u32::from_le_bytes(self.array()?))
    }

    fn u64(&mut self) -> Result<u64, ModelError> {
        Ok(u64::from_le_bytes(self.array()?))
    }

    fn str(&mut self) -> Result<String, ModelError> {
        let n = self.array::<1>()?[0] as usize;
        let at = self.at;
        let bytes = self.take(n)?;
        String::from_utf8(bytes.to_vec()).map_err(|_| ModelError { offset: at, message: "name is not UTF-8" })
    }

    fn count(&mut self, min_bytes_each: usize) -> Result<usize, ModelError> {
        let at = self.at;
        let n = self.u32()? as usize;
        if n.saturating_mul(min_bytes_each) > self.bytes.len() - self.at {
            return Err(ModelError { offset: at, message: "count larger than the file" });
        }
        Ok(n)
    }

    fn weights(&mut self) -> Result<Weights, ModelError> {
        let classes = self.u32()? as usize;
        let wide = classes >= 256;
        let n = self.count(9)?;
        let scale = f32::from_le_bytes(self.array()?);
        if !(scale.is_finite() && scale > 0.0) {
            return Err(ModelError { offset: self.at, message: "bad weight scale" });
        }
        let estimate = (self.bytes.len() - self.at).saturating_sub(n * 9) / 3;
        let mut weights = Weights::with_capacity(classes, scale, n, estimate);
        let width = if wide { 4 } else { 3 };
        for _ in 0..n {
            let at = self.at;
            let key = self.u64()?;
            let len = if wide { self.u16()? as usize } else { self.array::<1>()?[0] as usize };
            let body = self.take(len * width)?;
            if body.chunks_exact(width).any(|e| {
                usize::from(if wide { u16::from_le_bytes([e[0], e[1]]) } else { u16::from(e[0]) }) >= classes
            }) {
                return Err(ModelError { offset: at, message: "class out of range" });
            }
            let entries = body.chunks_exact(width).map(|e| {
                let (class, q) = if wide {
                    (u16::from_le_bytes([e[0], e[1]]), [e[2], e[3]])
                } else {
                    (u16::from(e[0]), [e[1], e[2]])
                };
                u32::from(class) | (u32::from(u16::from_le_bytes(q)) << 16)
            });
            if !weights.insert(key, entries) {
                return Err(ModelError { offset: at, message: "zero or repeated feature key" });
            }
        }
        Ok(weights)
    }
}

fn put_str(out: &mut Vec<u8>, s: &str) {
    let bytes = &s.as_bytes()[..s.len().min(255)];
    out.push(bytes.len() as u8);
    out.extend_from_slice(bytes);
}

fn put_weights(out: &mut Vec<u8>, w: &Weights) {
    let rows = w.quantised_rows();
    let wide = w.classes() >= 256;
    out.extend_from_slice(&(w.classes() as u32).to_le_bytes());
    out.extend_from_slice(&(rows.len() as u32).to_le_bytes());
    out.extend_from_slice(&w.scale().to_le_bytes());
    for (k, row) in rows {
        out.extend_from_slice(&k.to_le_bytes());
        if wide {
            out.extend_from_slice(&(row.len() as u16).to_le_bytes());
        } else {
            out.push(row.len() as u8);
        }
        for (c, q) in row {
            if wide {
                out.extend_from_slice(&c.to_le_bytes());
            } else {
                out.push(c as u8);
            }
            out.extend_from_slice(&q.to_le_bytes());
        }
    }
}

/// Writes a hash map as a count and its entries sorted by key (so the bytes do not depend on
/// the map's iteration order): each a u64 key, then the value as `value_bytes` encodes it.
fn put_map<V: Copy>(out: &mut Vec<u8>, map: &FxHashMap<u64, V>, value_bytes: impl Fn(V) -> Vec<u8>) {
    let mut pairs: Vec<(u64, V)> = map.iter().map(|(k, v)| (*k, *v)).collect();
    pairs.sort_unstable_by_key(|p| p.0);
    out.extend_from_slice(&(pairs.len() as u32).to_le_bytes());
    for (k, v) in pairs {
        out.extend_from_slice(&k.to_le_bytes());
        out.extend_from_slice(&value_bytes(v));
    }
}

/// Encodes a model.
pub(crate) fn encode(model: &SyntaxModel) -> Vec<u8> {
    let mut out = MAGIC.to_vec();
    out.extend_from_slice(&(model.tagger.tags.len() as u32).to_le_bytes());
    for t in &model.tagger.tags {
        put_str(&mut out, &t.upos);
        put_str(&mut out, &t.xpos);
    }
    put_map(&mut out, &model.tagger.tagdict, |v| v.to_le_bytes().to_vec());
    put_map(&mut out, &model.tagger.ambiguity, |v| v.to_le_bytes().to_vec());
    put_weights(&mut out, &model.tagger.weights);
    out.extend_from_slice(&(model.parser.labels.len() as u32).to_le_bytes());
    for l in &model.parser.labels {
        put_str(&mut out, l);
    }
    put_weights(&mut out, &model.parser.weights);
    out
}

/// Decodes a model.
pub(crate) fn decode(bytes: &[u8]) -> Result<SyntaxModel, ModelError> {
    let mut r = Reader { bytes, at: 0 };
    if r.take(8)? != MAGIC {
        return Err(ModelError { offset: 0, message: "not an eventx syntax model (bad magic)" });
    }
    let n = r.count(2)?;
    let mut tags = Vec::with_capacity(n);
    for _ in 0..n {
        tags.push(Tag { upos: r.str()?, xpos: r.str()? });
    }
    let n = r.count(10)?;
    let mut tagdict = FxHashMap::default();
    tagdict.reserve(n);
    for _ in 0..n {
        let (k, v) = (r.u64()?, r.u16()?);
        if v as usize >= tags.len() {
            return Err(ModelError { offset: r.at, message: "tag out of range" });
        }
        tagdict.insert(k, v);
    }
    let n = r.count(16)?;
    let mut ambiguity = FxHashMap::default();
    ambiguity.reserve(n);
    for _ in 0..n {
        ambiguity.insert(r.u64()?, r.u64()?);
    }
    let tagger_weights = r.weights()?;
    if tagger_weights.classes() != tags.len() {
        return Err(ModelError { offset: r.at, message: "tagger classes differ from the tag count" });
    }
    let n = r.count(1)?;
    let mut labels = Vec::with_capacity(n);
    for _ in 0..n {
        labels.push(r.str()?);
    }
    if labels.first().map(String::as_str) != Some("root") {
        return Err(ModelError { offset: r.at, message: "the first relation must be root" });
    }
    let parser_weights = r.weights()?;
    if parser_weights.classes() != 1 + 2 * labels.len() {
        return Err(ModelError { offset: r.at, message: "parser classes differ from the relation count" });
    }
    if r.at != bytes.len() {
        return Err(ModelError { offset: r.at, message: "trailing bytes" });
    }
    Ok(SyntaxModel {
        tagger: Tagger { weights: tagger_weights, tags: tags.clone(), tagdict, ambiguity },
        parser: Parser { weights: parser_weights, labels, coarse: super::parser::coarse_values(&tags) },
    })
}
