//! Housekeeping in the background of a running server: summaries of repeated warnings, and
//! memory returned to the system once no extraction has run for a while.

use std::sync::Arc;
use std::time::Duration;

use tokio::time::Instant;
use tokio_util::sync::CancellationToken;

use crate::extraction::Runner;
use crate::memory;
use crate::summary::CallWarnings;

/// How often the housekeeping looks at the server.
const TICK: Duration = Duration::from_millis(250);

/// Runs until `stop` is cancelled: writes the due warning summaries of `runner` and of the
/// calls (`warnings`) (and the pending ones when stopped), and once no
/// extraction has been pending or started for `release_after` (never when zero) after some
/// work, returns the allocator's free memory to the system; a second time once the blocking
/// threads idle that long have exited (the binary sets their keep-alive to `release_after`),
/// which frees their heaps.
pub async fn housekeeping(
    runner: Runner,
    warnings: Arc<CallWarnings>,
    release_after: Duration,
    stop: CancellationToken,
) {
    let mut seen = runner.extractions_admitted();
    let mut quiet_since = Instant::now();
    let mut releases_due = 0;
    let mut ticks = tokio::time::interval(TICK);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            () = stop.cancelled() => {
                runner.summarise_warnings(true);
                warnings.summarise(true);
                return;
            }
            _ = ticks.tick() => {}
        }
        runner.summarise_warnings(false);
        warnings.summarise(false);
        let admitted = runner.extractions_admitted();
        if admitted != seen || runner.extractions_pending() > 0 {
            seen = admitted;
            quiet_since = Instant::now();
            releases_due = RELEASES;
            continue;
        }
        let quiet = quiet_since.elapsed();
        let next = RELEASES + 1 - releases_due;
        if releases_due > 0 && !release_after.is_zero() && quiet >= release_after * next as u32 + TICK {
            releases_due -= 1;
            let started = Instant::now();
            if tokio::task::spawn_blocking(memory::release).await.is_ok() {
                tracing::debug!(took = ?started.elapsed(), "idle: free memory returned to the system");
            }
        }
    }
}

/// How many times an idle server returns memory: once idle, and once more after the idle
/// blocking threads have exited.
const RELEASES: usize = 2;
