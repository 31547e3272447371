//! Syntax benchmarks (divan): tagger and parser throughput in words per second, and the cost
//! of decoding the shipped model.
//!
//! Run with `cargo bench -p eventx-engine --bench syntax`. Before the timings the bench prints
//! the model's decode time and how much the process's resident memory grew when it was
//! decoded. The sentences are the words of UD English EWT's dev file when
//! `../shared/resources/ud_ewt` is beside the repository, else a small set written here.

use std::hint::black_box;
use std::path::Path;
use std::sync::OnceLock;
use std::time::Instant;

use divan::Bencher;
use divan::counter::ItemsCount;
use eventx_engine::syntax::{self, SyntaxModel};

/// Sentences used when the treebank is not available.
const FALLBACK: &[&str] = &[
    "Norway expelled three Iranian diplomats on Monday , the foreign ministry said .",
    "The ambassador was summoned by the ministry and handed a note of protest .",
    "Police arrested five protesters in Nairobi after clashes near the parliament building .",
    "Officials from both countries met in Geneva to discuss a ceasefire that collapsed last week .",
];

fn sentences() -> &'static Vec<Vec<String>> {
    static SENTENCES: OnceLock<Vec<Vec<String>>> = OnceLock::new();
    SENTENCES.get_or_init(|| {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../../shared/resources/ud_ewt/en_ewt-ud-dev.conllu");
        match std::fs::read_to_string(path).ok().and_then(|t| syntax::conllu::parse(&t).ok()) {
            Some(s) => s.into_iter().map(|s| s.forms).collect(),
            None => FALLBACK
                .iter()
                .cycle()
                .take(2_000)
                .map(|s| s.split(' ').map(str::to_string).collect())
                .collect(),
        }
    })
}

fn words() -> usize {
    sentences().iter().map(Vec::len).sum()
}

/// Resident memory of this process in KiB (Linux), if known.
fn rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn main() {
    let before = rss_kib();
    let started = Instant::now();
    let model = SyntaxModel::builtin();
    let load_ms = started.elapsed().as_secs_f64() * 1e3;
    let after = rss_kib();
    println!(
        "syntax model: {} bytes, decoded in {load_ms:.1} ms, RSS grew by {} MiB; {} tagger and {} parser weights",
        SyntaxModel::builtin_bytes().len(),
        match (before, after) {
            (Some(b), Some(a)) => format!("{:.1}", (a.saturating_sub(b)) as f64 / 1024.0),
            _ => "?".to_string(),
        },
        model.tagger.weights_count(),
        model.parser.weights_count(),
    );
    println!("bench sentences: {} sentences, {} words", sentences().len(), words());
    divan::main();
}

#[divan::bench(sample_count = 10, sample_size = 1)]
fn tag_and_parse(bencher: Bencher) {
    let model = SyntaxModel::builtin();
    bencher.counter(ItemsCount::new(words())).bench(|| {
        for s in sentences() {
            let forms: Vec<&str> = s.iter().map(String::as_str).collect();
            black_box(model.analyse(&forms));
        }
    });
}

#[divan::bench(sample_count = 10, sample_size = 1)]
fn parse_only(bencher: Bencher) {
    let model = SyntaxModel::builtin();
    let tagged: Vec<(Vec<&str>, Vec<u16>, Vec<u64>)> = sentences()
        .iter()
        .map(|s| {
            let forms: Vec<&str> = s.iter().map(String::as_str).collect();
            let tags = model.tagger.tag(&forms);
            let ambiguity = model.tagger.ambiguity(&forms);
            (forms, tags, ambiguity)
        })
        .collect();
    bencher.counter(ItemsCount::new(words())).bench(|| {
        for (forms, tags, ambiguity) in &tagged {
            black_box(model.parser.parse(forms, tags, ambiguity));
        }
    });
}

#[divan::bench(sample_count = 10, sample_size = 1)]
fn tag_only(bencher: Bencher) {
    let model = SyntaxModel::builtin();
    bencher.counter(ItemsCount::new(words())).bench(|| {
        for s in sentences() {
            let forms: Vec<&str> = s.iter().map(String::as_str).collect();
            black_box(model.tagger.tag(&forms));
        }
    });
}

#[divan::bench(sample_count = 10, sample_size = 1)]
fn model_decode() -> SyntaxModel {
    SyntaxModel::from_bytes(SyntaxModel::builtin_bytes()).expect("the shipped model decodes")
}
