//! Engine benchmarks (divan): throughput on a corpus of mixed-length articles, start-up cost,
//! and how the cost grows with article length.
//!
//! Run with `cargo bench -p eventx-engine --bench extract`. Before the timings, the bench prints
//! an allocation report: allocations and bytes allocated per article (counted by the global
//! allocator below), and the cold start of this process (first `Engine::new()` and first
//! `extract`, which also builds the lazily compiled regexes and word sets).
//!
//! The corpus is every `*.jsonl` file of `../shared/eval/dev` (relative to the repository root;
//! `EVENTX_BENCH_CORPUS` names another folder) when that folder exists, else a generated corpus
//! of synthetic wire articles, so the bench runs from a fresh clone.

use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use divan::Bencher;
use divan::counter::{BytesCount, ItemsCount};
use eventx_engine::{ArticleInput, Date, Engine};

/// Counts every allocation (and reallocation) and the bytes it asked for.
struct Counting;

static ALLOCATIONS: AtomicU64 = AtomicU64::new(0);
static ALLOCATED_BYTES: AtomicU64 = AtomicU64::new(0);

// SAFETY: every call is forwarded unchanged to the system allocator; the counters are only
// bookkeeping.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        ALLOCATED_BYTES.fetch_add(layout.size() as u64, Ordering::Relaxed);
        // SAFETY: the caller's contract is passed on as is.
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        ALLOCATED_BYTES.fetch_add(layout.size() as u64, Ordering::Relaxed);
        // SAFETY: the caller's contract is passed on as is.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        ALLOCATED_BYTES.fetch_add(new_size as u64, Ordering::Relaxed);
        // SAFETY: the caller's contract is passed on as is.
        unsafe { System.realloc(ptr, layout, new_size) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: the caller's contract is passed on as is.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOC: divan::AllocProfiler<Counting> = divan::AllocProfiler::new(Counting);

/// Allocations and bytes allocated so far.
fn allocation_counters() -> (u64, u64) {
    (ALLOCATIONS.load(Ordering::Relaxed), ALLOCATED_BYTES.load(Ordering::Relaxed))
}

/// One article of the corpus, owned.
struct Article {
    text: String,
    title: Option<String>,
    date: Option<Date>,
}

impl Article {
    fn input(&self) -> ArticleInput<'_> {
        ArticleInput { text: &self.text, title: self.title.as_deref(), publication_date: self.date }
    }
}

/// The benchmark corpus and where it came from.
struct Corpus {
    origin: String,
    articles: Vec<Article>,
    bytes: usize,
}

fn dev_dir() -> PathBuf {
    std::env::var_os("EVENTX_BENCH_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/eval/dev"))
}

/// Every article of every `*.jsonl` file in `dir`, files in name order; `None` when the folder
/// is missing or holds no article.
fn read_dev(dir: &Path) -> Option<Vec<Article>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
        .collect();
    files.sort();
    let mut articles = Vec::new();
    for file in files {
        let Ok(content) = std::fs::read_to_string(&file) else { continue };
        for line in content.lines().filter(|l| !l.trim().is_empty()) {
            let Ok(value) = serde_json::from_str::<serde_json::Value>(line) else { continue };
            let Some(text) = value.get("text").and_then(|t| t.as_str()).filter(|t| !t.trim().is_empty())
            else {
                continue;
            };
            articles.push(Article {
                text: text.to_string(),
                title: value.get("title").and_then(|t| t.as_str()).map(str::to_string),
                date: value.get("publication_date").and_then(|d| d.as_str()).and_then(Date::parse_iso),
            });
        }
    }
    (!articles.is_empty()).then_some(articles)
}

fn corpus() -> &'static Corpus {
    static CORPUS: OnceLock<Corpus> = OnceLock::new();
    CORPUS.get_or_init(|| {
        let dir = dev_dir();
        let (origin, articles) = match read_dev(&dir) {
            Some(articles) => (format!("dev set {}", dir.display()), articles),
            None => ("synthetic (no dev set found)".to_string(), synthetic::corpus(600)),
        };
        let bytes = articles.iter().map(|a| a.text.len()).sum();
        Corpus { origin, articles, bytes }
    })
}

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(Engine::new)
}

/// Article lengths of the scaling benchmark, in KiB.
const LENGTHS_KIB: &[usize] = &[1, 4, 16, 64, 100];

/// An article of about `kib` KiB: the corpus's paragraphs concatenated in order, cut at the
/// last space before the size.
fn article_of_length(kib: usize) -> &'static str {
    static ARTICLES: OnceLock<Vec<String>> = OnceLock::new();
    let all = ARTICLES.get_or_init(|| {
        let paragraphs: Vec<&str> = corpus()
            .articles
            .iter()
            .flat_map(|a| a.text.split("\n\n"))
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .collect();
        LENGTHS_KIB
            .iter()
            .map(|&k| {
                let size = k * 1024;
                let mut text = String::new();
                for p in paragraphs.iter().cycle() {
                    if text.len() >= size {
                        break;
                    }
                    if !text.is_empty() {
                        text.push_str("\n\n");
                    }
                    text.push_str(p);
                }
                let mut cut = size.min(text.len());
                while !text.is_char_boundary(cut) {
                    cut -= 1;
                }
                let cut = text[..cut].rfind(char::is_whitespace).unwrap_or(cut);
                text.truncate(cut);
                text
            })
            .collect()
    });
    let index = LENGTHS_KIB.iter().position(|&k| k == kib).expect("a benchmarked length");
    &all[index]
}

/// Prints allocations per article and the cold start of this process.
fn report() {
    let started = Instant::now();
    let engine = Engine::new();
    let new_ms = started.elapsed().as_secs_f64() * 1e3;
    let first = Instant::now();
    black_box(engine.extract(&ArticleInput {
        text: "Kenya expelled two Somali diplomats on Monday, the foreign ministry said.",
        title: None,
        publication_date: Date::new(2024, 3, 5),
    }))
    .ok();
    let first_ms = first.elapsed().as_secs_f64() * 1e3;
    println!("cold start: Engine::new() {new_ms:.1} ms, first extract (lazy regexes) {first_ms:.1} ms");

    let corpus = corpus();
    let (a0, b0) = allocation_counters();
    let started = Instant::now();
    for a in &corpus.articles {
        black_box(engine.extract(&a.input())).ok();
    }
    let secs = started.elapsed().as_secs_f64();
    let (a1, b1) = allocation_counters();
    let n = corpus.articles.len() as f64;
    println!(
        "corpus: {} — {} articles, {:.2} MB; one pass {:.2} s = {:.2} MB/s, {:.0} articles/s",
        corpus.origin,
        corpus.articles.len(),
        corpus.bytes as f64 / 1e6,
        secs,
        corpus.bytes as f64 / 1e6 / secs,
        n / secs
    );
    println!(
        "corpus allocations: {:.0} per article, {:.0} bytes allocated per article ({:.1} allocations per KB of text)",
        (a1 - a0) as f64 / n,
        (b1 - b0) as f64 / n,
        (a1 - a0) as f64 / (corpus.bytes as f64 / 1e3)
    );
    for &kib in LENGTHS_KIB {
        let text = article_of_length(kib);
        let (a0, b0) = allocation_counters();
        black_box(engine.extract(&ArticleInput {
            text,
            title: None,
            publication_date: Date::new(2024, 3, 5),
        }))
        .ok();
        let (a1, b1) = allocation_counters();
        println!(
            "length {kib:>3} KiB ({} bytes): {} allocations, {} bytes allocated",
            text.len(),
            a1 - a0,
            b1 - b0
        );
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if !args.iter().any(|a| a == "--list" || a == "--test") {
        report();
    }
    divan::main();
}

/// Throughput on the whole corpus, single thread: one iteration extracts every article.
#[divan::bench(sample_count = 10, sample_size = 1)]
fn corpus_throughput(bencher: Bencher) {
    let engine = engine();
    let corpus = corpus();
    bencher.counter(BytesCount::new(corpus.bytes)).counter(ItemsCount::new(corpus.articles.len())).bench(
        || {
            for a in &corpus.articles {
                black_box(engine.extract(black_box(&a.input()))).ok();
            }
        },
    );
}

/// Start-up: compiling the built-in lexicons and rules.
#[divan::bench(sample_count = 20, sample_size = 1)]
fn engine_new() -> Engine {
    Engine::new()
}

/// One article of 1, 4, 16, 64 and 100 KiB: the time per byte should stay flat.
#[divan::bench(args = LENGTHS_KIB, sample_count = 20)]
fn article_length(bencher: Bencher, kib: usize) {
    let engine = engine();
    let text = article_of_length(kib);
    let input = ArticleInput { text, title: None, publication_date: Date::new(2024, 3, 5) };
    bencher.counter(BytesCount::of_str(text)).bench(|| black_box(engine.extract(black_box(&input))).ok());
}

/// Synthetic wire articles for machines without the dev set: expulsions, summons, arrests,
/// shootings, protests and talks between varying countries, with counts, weekdays and dates.
mod synthetic {
    use eventx_engine::Date;

    use super::Article;

    /// (country, demonym, capital, demonym plural)
    const COUNTRIES: &[(&str, &str, &str, &str)] = &[
        ("France", "French", "Paris", "French citizens"),
        ("Russia", "Russian", "Moscow", "Russians"),
        ("Poland", "Polish", "Warsaw", "Poles"),
        ("Kenya", "Kenyan", "Nairobi", "Kenyans"),
        ("Somalia", "Somali", "Mogadishu", "Somalis"),
        ("Azerbaijan", "Azerbaijani", "Baku", "Azerbaijanis"),
        ("Germany", "German", "Berlin", "Germans"),
        ("Iran", "Iranian", "Tehran", "Iranians"),
        ("India", "Indian", "New Delhi", "Indians"),
        ("Pakistan", "Pakistani", "Islamabad", "Pakistanis"),
        ("Turkey", "Turkish", "Ankara", "Turks"),
        ("Belarus", "Belarusian", "Minsk", "Belarusians"),
        ("Lithuania", "Lithuanian", "Vilnius", "Lithuanians"),
        ("Nigeria", "Nigerian", "Abuja", "Nigerians"),
        ("Japan", "Japanese", "Tokyo", "Japanese nationals"),
        ("China", "Chinese", "Beijing", "Chinese nationals"),
    ];
    const NUMBERS: &[&str] =
        &["two", "three", "four", "five", "six", "a dozen", "10", "14", "at least 12", "23"];
    const WEEKDAYS: &[&str] = &["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
    const MONTHS: &[&str] = &[
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    const US_PLACES: &[(&str, &str)] = &[
        ("Houston", "Texas"),
        ("Chicago", "Illinois"),
        ("Memphis", "Tenn."),
        ("Baltimore", "Maryland"),
        ("Springfield", "Missouri"),
        ("Tulsa", "Okla."),
    ];

    /// Sentence templates: {A}/{a}/{C}/{P} are the acting country, demonym, capital and
    /// people; {B}/{b}/{D}/{Q} the other country's; {N} a count, {W} a weekday, {M} a month,
    /// {d} a day of the month, {X} a US city, {S} its state.
    const TEMPLATES: &[&str] = &[
        "{A} expelled {N} {b} diplomats on {W}, accusing them of activities incompatible with their status.",
        "The {a} foreign ministry said it had declared {N} {b} consular employees persona non grata and gave them 48 hours to leave {A}.",
        "{B}'s ambassador to {A} was summoned to the foreign ministry in {C} on {W} and handed a note of protest.",
        "In response, {D} said it would expel the same number of {a} diplomats, calling the move unfriendly and baseless.",
        "Police in {C} arrested {N} people on {W} night after protesters clashed with officers outside the {b} embassy.",
        "The {a} president met his {b} counterpart in {D} on {M} {d} to discuss trade, energy and border security.",
        "{A} and {B} agreed to resume talks next week, a government spokesman told reporters.",
        "{N} people were killed and {N} others wounded when gunmen opened fire on a market in {C} on {W}.",
        "A man was shot and killed late on {W} in {X}, {S}, police said, adding that a suspect had been arrested.",
        "The shooting happened shortly after 11 p.m. near a gas station on the east side of {X}, officers said.",
        "{P} rallied in {D} yesterday to protest against the detention of {N} activists, organisers said.",
        "{A} denied the accusations, saying the claims made by {B} were groundless and politically motivated.",
        "The {a} government condemned the attack and urged {B} to bring those responsible to justice.",
        "{A} recalled its ambassador from {D} for consultations on {M} {d}, the ministry said in a statement.",
        "The European Union announced new sanctions against {N} {b} officials accused of human rights abuses.",
        "{A} deployed additional troops to its border with {B} on {W}, according to the defence ministry.",
        "Authorities detained {N} {b} nationals suspected of spying for {B}, the {a} security service said.",
        "{A} threatened to cut diplomatic ties with {B} if the detained journalists were not released within 48 hours.",
        "Officials from both countries will meet in Geneva on {M} {d}, 2024, to discuss a prisoner exchange.",
        "The {b} consulate in {C} did not answer a written question from reporters on {W}.",
        "Earlier this month, {A} sent humanitarian aid to {B}, including food, medicine and tents for displaced families.",
        "Witnesses said the suspects fled in a dark sedan; no one else was injured, according to the sheriff's office.",
    ];

    /// A tiny deterministic generator (xorshift64*), so every run sees the same corpus.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
        }

        fn below(&mut self, n: usize) -> usize {
            (self.next() % n as u64) as usize
        }

        fn pick<T: Copy>(&mut self, items: &[T]) -> T {
            items[self.below(items.len())]
        }
    }

    fn sentence(rng: &mut Rng, template: &str) -> String {
        let a = rng.pick(COUNTRIES);
        let mut b = rng.pick(COUNTRIES);
        while b.0 == a.0 {
            b = rng.pick(COUNTRIES);
        }
        let (x, s) = rng.pick(US_PLACES);
        let mut out = String::with_capacity(template.len() + 40);
        let mut chars = template.chars();
        while let Some(c) = chars.next() {
            if c != '{' {
                out.push(c);
                continue;
            }
            let key = chars.next().unwrap_or(' ');
            chars.next(); // the closing brace
            match key {
                'A' => out.push_str(a.0),
                'a' => out.push_str(a.1),
                'C' => out.push_str(a.2),
                'P' => out.push_str(a.3),
                'B' => out.push_str(b.0),
                'b' => out.push_str(b.1),
                'D' => out.push_str(b.2),
                'Q' => out.push_str(b.3),
                'N' => out.push_str(rng.pick(NUMBERS)),
                'W' => out.push_str(rng.pick(WEEKDAYS)),
                'M' => out.push_str(rng.pick(MONTHS)),
                'd' => out.push_str(&(1 + rng.below(28)).to_string()),
                'X' => out.push_str(x),
                'S' => out.push_str(s),
                _ => {}
            }
        }
        // a sentence may open with a lower-case demonym ("the"), never with one mid-word
        let mut first = out.chars();
        match first.next() {
            Some(c) if c.is_lowercase() => c.to_uppercase().chain(first).collect(),
            _ => out,
        }
    }

    /// `n` articles: a third single sentences, the rest wire stories of 2 to 14 paragraphs with
    /// a dateline and a publication date.
    pub(super) fn corpus(n: usize) -> Vec<Article> {
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        (0..n)
            .map(|i| {
                let date =
                    Date::new(2015 + rng.below(10) as i32, 1 + rng.below(12) as u8, 1 + rng.below(28) as u8);
                if i % 3 == 0 {
                    let template = rng_template(&mut rng);
                    let text = sentence(&mut rng, template);
                    return Article { text, title: None, date };
                }
                let (_, _, capital, _) = rng.pick(COUNTRIES);
                let month = &MONTHS[usize::from(date.map_or(1, |d| d.month)) - 1][..3];
                let mut text = format!(
                    "{}, {month} {} (Harbor Wire) -- ",
                    capital.to_uppercase(),
                    date.map_or(1, |d| d.day)
                );
                let paragraphs = 2 + rng.below(13);
                for p in 0..paragraphs {
                    if p > 0 {
                        text.push_str("\n\n");
                    }
                    let sentences = 1 + rng.below(3);
                    for s in 0..sentences {
                        if s > 0 {
                            text.push(' ');
                        }
                        let template = rng_template(&mut rng);
                        text.push_str(&sentence(&mut rng, template));
                    }
                }
                Article { text, title: Some("World news".to_string()), date }
            })
            .collect()
    }

    fn rng_template(rng: &mut Rng) -> &'static str {
        rng.pick(TEMPLATES)
    }
}
