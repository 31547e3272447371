//! `train-syntax`: rebuilds `services/engine/data/syntax/en_ewt.model` from UD English EWT.
//!
//! ```sh
//! cargo run --release -p eventx-train-syntax -- \
//!     --treebank ../shared/resources/ud_ewt --out services/engine/data/syntax/en_ewt.model
//! ```
//! Training is deterministic: the same treebank and options give the same bytes.

use std::path::PathBuf;
use std::time::Instant;

use anyhow::Context;
use clap::Parser;
use eventx_engine::syntax::{self, SyntaxModel, TreebankSentence, train::TrainOptions};

/// Trains the tagger and parser and writes the model file.
#[derive(Debug, Parser)]
#[command(name = "train-syntax", about = "Train eventx's tagger and dependency parser on UD English EWT")]
struct Args {
    /// Folder holding en_ewt-ud-{train,dev,test}.conllu.
    #[arg(long)]
    treebank: PathBuf,
    /// Where to write the model.
    #[arg(long)]
    out: PathBuf,
    /// Passes over the training data for the tagger.
    #[arg(long, default_value_t = TrainOptions::default().tagger_epochs)]
    tagger_epochs: usize,
    /// Passes over the training data for the parser.
    #[arg(long, default_value_t = TrainOptions::default().parser_epochs)]
    parser_epochs: usize,
    /// Jackknife folds for the parser's training tags.
    #[arg(long, default_value_t = TrainOptions::default().folds)]
    folds: usize,
    /// Random seed.
    #[arg(long, default_value_t = TrainOptions::default().seed)]
    seed: u64,
    /// Parser features seen fewer times on the gold paths are left out.
    #[arg(long, default_value_t = TrainOptions::default().min_feature_count)]
    min_feature_count: u32,
    /// Train the parser on projective trees only.
    #[arg(long)]
    projective_only: bool,
    /// Tagger weights below this magnitude are dropped from the written model.
    #[arg(long, default_value_t = 0.0)]
    prune_tagger: f32,
    /// Parser weights below this magnitude are dropped from the written model.
    #[arg(long, default_value_t = 0.0)]
    prune_parser: f32,
    /// Instead of training, read this model and print its size and dev scores at a range of
    /// pruning thresholds.
    #[arg(long)]
    sweep: Option<PathBuf>,
}

fn read(path: PathBuf) -> anyhow::Result<Vec<TreebankSentence>> {
    let text = std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
    syntax::conllu::parse(&text).with_context(|| format!("parsing {}", path.display()))
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let train = read(args.treebank.join("en_ewt-ud-train.conllu"))?;
    let dev = read(args.treebank.join("en_ewt-ud-dev.conllu"))?;
    let test = read(args.treebank.join("en_ewt-ud-test.conllu"))?;
    if let Some(path) = &args.sweep {
        let model = SyntaxModel::from_bytes(&std::fs::read(path)?)?;
        for (t, p) in [(0.0, 0.0), (0.5, 0.5), (1.0, 1.0), (2.0, 2.0), (1.0, 3.0), (1.0, 5.0), (2.0, 8.0)] {
            let m = model.pruned(t, p);
            let s = syntax::evaluate(&m, &dev);
            println!(
                "prune tagger {t} parser {p}: {} bytes, dev UPOS {:.4} UAS {:.4} LAS {:.4}",
                m.to_bytes().len(),
                s.upos,
                s.uas,
                s.las
            );
        }
        let (mut uas, mut words) = (0usize, 0usize);
        for s in &dev {
            let forms: Vec<&str> = s.forms.iter().map(String::as_str).collect();
            let tags: Vec<u16> = s
                .upos
                .iter()
                .zip(&s.xpos)
                .map(|(u, x)| {
                    model.tagger.tags().iter().position(|t| &t.upos == u && &t.xpos == x).unwrap_or(0) as u16
                })
                .collect();
            let arcs = model.parser.parse(&forms, &tags, &model.tagger.ambiguity(&forms));
            for i in 0..s.len() {
                words += 1;
                uas += usize::from(arcs.heads[i].map_or(0, |h| h + 1) == s.heads[i]);
            }
        }
        println!("dev UAS with gold tags: {:.4}", uas as f64 / words as f64);
        return Ok(());
    }
    let options = TrainOptions {
        tagger_epochs: args.tagger_epochs,
        parser_epochs: args.parser_epochs,
        folds: args.folds,
        seed: args.seed,
        projective_only: args.projective_only,
        min_feature_count: args.min_feature_count,
        ..TrainOptions::default()
    };
    let started = Instant::now();
    let model = syntax::train::train(&train, options, &mut |line| {
        eprintln!("[{:>6.1}s] {line}", started.elapsed().as_secs_f64());
    });
    let bytes = model.pruned(args.prune_tagger, args.prune_parser).to_bytes();
    std::fs::write(&args.out, &bytes).with_context(|| format!("writing {}", args.out.display()))?;
    eprintln!("wrote {} ({} bytes)", args.out.display(), bytes.len());
    let shipped = SyntaxModel::from_bytes(&bytes)?;
    for (name, set) in [("dev", &dev), ("test", &test)] {
        let s = syntax::evaluate(&shipped, set);
        println!(
            "{name}: words {} UPOS {:.4} XPOS {:.4} UAS {:.4} LAS {:.4} LAS(full relations) {:.4}",
            s.words, s.upos, s.xpos, s.uas, s.las, s.las_full
        );
    }
    Ok(())
}
