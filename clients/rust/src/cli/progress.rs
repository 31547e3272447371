//! The progress bar of a batch on standard error (only when it is a terminal), and the closing
//! "N articles in S s" line.

use std::io::{self, IsTerminal, Read};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Progress of one batch.
#[derive(Debug)]
pub struct Progress {
    bar: Option<ProgressBar>,
    started: Instant,
    articles: u64,
}

impl Progress {
    /// A bar over `total_bytes` of input (a spinner when the size is unknown), drawn on
    /// standard error when it is a terminal; otherwise nothing is drawn.
    pub fn new(total_bytes: Option<u64>) -> Progress {
        let bar = io::stderr().is_terminal().then(|| {
            let bar = match total_bytes {
                Some(total) => ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr())
                    .with_style(
                        ProgressStyle::with_template(
                            "{bar:30} {percent:>3}% {msg} ({binary_bytes_per_sec}, {eta} left)",
                        )
                        .expect("valid template"),
                    ),
                None => ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr()).with_style(
                    ProgressStyle::with_template("{spinner} {msg} ({elapsed})").expect("valid template"),
                ),
            };
            bar.enable_steady_tick(Duration::from_millis(200));
            bar
        });
        Progress { bar, started: Instant::now(), articles: 0 }
    }

    /// `input`, moving the bar by the bytes read from it.
    pub fn reader<R: Read>(&self, input: R) -> CountingReader<R> {
        CountingReader { inner: input, bar: self.bar.clone() }
    }

    /// Counts one more article done.
    pub fn article_done(&mut self) {
        self.articles += 1;
        if let Some(bar) = &self.bar {
            bar.set_message(format!("{} articles", self.articles));
        }
    }

    /// Prints `line` on standard error without tearing the bar.
    pub fn report(&self, line: &str) {
        match &self.bar {
            Some(bar) => bar.suspend(|| eprintln!("{line}")),
            None => eprintln!("{line}"),
        }
    }

    /// Removes the bar and prints "N articles in S s (R articles/s)" on standard error.
    pub fn finish(self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
        eprintln!("{}", summary(self.articles, self.started.elapsed()));
    }
}

/// "N articles in S s (R articles/s)".
fn summary(articles: u64, elapsed: Duration) -> String {
    let seconds = elapsed.as_secs_f64();
    let noun = if articles == 1 { "article" } else { "articles" };
    let rate = articles as f64 / seconds.max(1e-6);
    let precision = if rate < 10.0 { 1 } else { 0 };
    format!("{articles} {noun} in {seconds:.2} s ({rate:.precision$} articles/s)")
}

/// A reader that moves a progress bar by the bytes read.
#[derive(Debug)]
pub struct CountingReader<R> {
    inner: R,
    bar: Option<ProgressBar>,
}

impl<R: Read> Read for CountingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        if let Some(bar) = &self.bar {
            bar.inc(n as u64);
        }
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_summary_gives_count_time_and_rate() {
        assert_eq!(summary(200, Duration::from_millis(500)), "200 articles in 0.50 s (400 articles/s)");
        assert_eq!(summary(1, Duration::from_secs(2)), "1 article in 2.00 s (0.5 articles/s)");
    }
}
