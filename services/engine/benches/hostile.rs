//! Hostile-input benchmarks (divan): the shapes of text that once made the engine's work grow
//! faster than the text (one endless sentence, thousands of distinct events) and the other
//! shapes an attacker might send, each about as long as an article may be, against ordinary
//! news text of the same length.
//!
//! Run with `cargo bench -p eventx-engine --bench hostile`. Before the timings, the bench prints
//! a table: time per byte of each shape at 1 MB (the server's text limit), the fastest of five
//! runs, and its ratio to ordinary text; issue 10 asks for every ratio under 10.
//! `EVENTX_HOSTILE_KIB` sets another length for that table.

use std::hint::black_box;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use divan::Bencher;
use divan::counter::BytesCount;
use eventx_engine::{ArticleInput, Date, Engine};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if !args.iter().any(|a| a == "--list" || a == "--test") {
        report();
    }
    divan::main();
}

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(Engine::new)
}

/// Sentences written for this bench, in the style of wire news.
const ORDINARY: &[&str] = &[
    "Kenya expelled two Somali diplomats on Monday, the foreign ministry in Nairobi said.",
    "Police in Lagos arrested 12 protesters on Tuesday after a march on the state assembly.",
    "The Norwegian foreign minister met her Japanese counterpart in Oslo on Wednesday to discuss fisheries.",
    "Officials said the talks would resume next week in Geneva, but gave no date.",
    "Rebels attacked an army post in the north of the country, killing three soldiers and wounding five.",
    "The government condemned the attack and promised to bring those responsible to justice.",
    "Poland summoned the Belarusian ambassador on Friday over what it called a provocation at the border.",
    "In a statement, the ministry accused Minsk of organising the crossings and demanded an explanation.",
    "Thousands of people rallied in the capital yesterday to protest against higher fuel prices.",
    "Organisers said the demonstration was peaceful, though police used tear gas near parliament.",
    "Japan announced new sanctions against four Russian officials accused of human rights abuses.",
    "The European Union said it would send humanitarian aid, including food, tents and medicine.",
];

/// Ordinary news text of at least `bytes` bytes: the sentences above in a shuffled order,
/// three or four to a paragraph.
fn ordinary(bytes: usize) -> String {
    let mut text = String::with_capacity(bytes + 200);
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut in_paragraph = 0;
    while text.len() < bytes {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        text.push_str(ORDINARY[(state % ORDINARY.len() as u64) as usize]);
        in_paragraph += 1;
        text.push_str(if in_paragraph % 4 == 0 { "\n\n" } else { " " });
    }
    text
}

fn repeat_to(unit: &str, bytes: usize) -> String {
    unit.repeat(bytes.div_ceil(unit.len()))
}

const COUNTRIES: &[(&str, &str)] = &[
    ("France", "French"),
    ("Russia", "Russian"),
    ("Germany", "German"),
    ("Kenya", "Kenyan"),
    ("Somalia", "Somali"),
    ("Poland", "Polish"),
    ("Japan", "Japanese"),
    ("China", "Chinese"),
    ("India", "Indian"),
    ("Pakistan", "Pakistani"),
    ("Turkey", "Turkish"),
    ("Iran", "Iranian"),
    ("Nigeria", "Nigerian"),
    ("Brazil", "Brazilian"),
    ("Chile", "Chilean"),
    ("Peru", "Peruvian"),
    ("Mexico", "Mexican"),
    ("Canada", "Canadian"),
    ("Egypt", "Egyptian"),
    ("Israel", "Israeli"),
    ("Spain", "Spanish"),
    ("Italy", "Italian"),
    ("Greece", "Greek"),
    ("Norway", "Norwegian"),
    ("Sweden", "Swedish"),
    ("Finland", "Finnish"),
    ("Ukraine", "Ukrainian"),
    ("Belarus", "Belarusian"),
    ("Lithuania", "Lithuanian"),
    ("Latvia", "Latvian"),
    ("Estonia", "Estonian"),
    ("Denmark", "Danish"),
    ("Austria", "Austrian"),
    ("Hungary", "Hungarian"),
    ("Romania", "Romanian"),
    ("Serbia", "Serbian"),
    ("Georgia", "Georgian"),
    ("Armenia", "Armenian"),
    ("Vietnam", "Vietnamese"),
    ("Thailand", "Thai"),
];

/// One sentence per event, each pair of countries and act different from the ones before.
fn distinct_events(bytes: usize) -> String {
    let acts = ["expelled two {} diplomats", "accused {} officials of spying", "attacked {} troops"];
    let n = COUNTRIES.len();
    let mut text = String::new();
    let mut k = 0;
    while text.len() < bytes {
        let (a, _) = COUNTRIES[k % n];
        let (_, b) = COUNTRIES[(k / n + k + 1) % n];
        let act = acts[k / (n * n) % acts.len()].replace("{}", b);
        text.push_str(&format!("{a} {act} on Monday. "));
        k += 1;
    }
    text
}

/// Acts without a target by every country in turn.
fn untargeted_events(bytes: usize) -> String {
    let acts =
        ["denied the accusations", "threatened to retaliate", "rejected the proposal", "demanded an apology"];
    let n = COUNTRIES.len();
    let mut text = String::new();
    let mut k = 0;
    while text.len() < bytes {
        text.push_str(&format!("{} {} on Monday. ", COUNTRIES[k % n].0, acts[k / n % acts.len()]));
        k += 1;
    }
    text
}

fn nested(bytes: usize) -> String {
    let open = ["(", "[", "{", "“", "«", "‘", "\"", "'"];
    let close = [")", "]", "}", "”", "»", "’", "\"", "'"];
    let depth = bytes / 5;
    let mut text: String = (0..depth).map(|i| open[i % open.len()]).collect();
    text.push_str("France expelled two Russian diplomats on Monday.");
    text.extend((0..depth).rev().map(|i| close[i % close.len()]));
    text
}

/// The hostile shapes, by name, at about `bytes` bytes each.
fn shapes(bytes: usize) -> Vec<(&'static str, String)> {
    vec![
        (
            "emoji-laced endless sentence",
            repeat_to(
                "France 🇫🇷 condemned 😡 the Russian 🇷🇺 attack on Kyiv 💥 and expelled two diplomats, ",
                bytes,
            ),
        ),
        (
            "endless sentence",
            repeat_to("Kenya expelled two Somali diplomats on Monday and the ministry said, ", bytes),
        ),
        ("triggers only", repeat_to("expelled attacked killed arrested met condemned ", bytes)),
        ("counts", repeat_to("two people killed three injured four arrested ", bytes)),
        ("distinct events", distinct_events(bytes)),
        ("untargeted events", untargeted_events(bytes)),
        ("one word", "w".repeat(bytes)),
        ("no spaces", repeat_to("KenyaexpelledtwoSomalidiplomats", bytes)),
        ("tiny sentences", repeat_to("A. ", bytes)),
        ("nested quotes and brackets", nested(bytes)),
        ("capitalised words", repeat_to("Abc Def Ghi Jkl ", bytes)),
        ("numbers", repeat_to("12 345 6,789 10.5 ", bytes)),
        ("dates", repeat_to("on Monday, March 5, 2024, yesterday, last week, 2024-03-05, ", bytes)),
        ("country names", repeat_to("France Russia Germany Kenya Somalia ", bytes)),
        ("list", repeat_to("France, ", bytes)),
        ("lines", repeat_to("France\n", bytes)),
        ("the", repeat_to("the ", bytes)),
        ("controls and RTL marks", repeat_to("\u{202e}France\0 \u{1}expelled\u{200f} two\u{7f} ", bytes)),
    ]
}

/// The fastest of five runs of the engine on `text`.
fn fastest(text: &str) -> Duration {
    let input = ArticleInput { text, title: None, publication_date: Date::new(2024, 3, 5) };
    (0..5)
        .map(|_| {
            let started = Instant::now();
            black_box(engine().extract(black_box(&input))).ok();
            started.elapsed()
        })
        .min()
        .unwrap_or_default()
}

/// Prints time per byte of every shape against ordinary text, worst first.
fn report() {
    let kib: usize = std::env::var("EVENTX_HOSTILE_KIB").ok().and_then(|v| v.parse().ok()).unwrap_or(1024);
    let bytes = kib * 1024;
    let base_text = ordinary(bytes);
    fastest(&base_text);
    let ns_per_byte = |text: &str| fastest(text).as_secs_f64() * 1e9 / text.len() as f64;
    let base = ns_per_byte(&base_text);
    println!("hostile input at {kib} KiB: time per byte against ordinary text ({base:.1} ns/byte)");
    let mut rows: Vec<(f64, &str, usize)> =
        shapes(bytes).iter().map(|(name, text)| (ns_per_byte(text), *name, text.len())).collect();
    rows.sort_by(|a, b| b.0.total_cmp(&a.0));
    for (ns, name, len) in &rows {
        println!(
            "{:>7.2}x {ns:>8.1} ns/byte {:>9.1} ms  {name} ({len} bytes)",
            ns / base,
            ns * *len as f64 / 1e6
        );
    }
}

/// Length of the timed inputs: 100 KiB, as long as the slow input of issue 10.
const BENCH_BYTES: usize = 100 * 1024;

fn bench_shape(bencher: Bencher, name: &str) {
    let text = if name == "ordinary" {
        ordinary(BENCH_BYTES)
    } else {
        shapes(BENCH_BYTES).into_iter().find(|(n, _)| *n == name).map(|(_, t)| t).expect("a known shape")
    };
    let input = ArticleInput { text: &text, title: None, publication_date: Date::new(2024, 3, 5) };
    bencher.counter(BytesCount::of_str(&text)).bench(|| black_box(engine().extract(black_box(&input))).ok());
}

/// The worst shapes at 100 KiB, and ordinary text of that length to compare with.
#[divan::bench(
    args = ["ordinary", "emoji-laced endless sentence", "distinct events", "untargeted events", "triggers only", "tiny sentences"],
    sample_count = 10
)]
fn hostile_100k(bencher: Bencher, name: &str) {
    bench_shape(bencher, name);
}
