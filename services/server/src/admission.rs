//! Admission control for extractions: at most `max_concurrent` run at once and at most
//! `max_queue` wait for a slot; unary calls beyond that are refused at once (load shedding)
//! instead of queuing without bound. Stream articles are never refused for load: each stream
//! has a bounded window of articles in flight and reads its next request only when one of them
//! is answered and the server has room ([`Admission::room`]), so a full server slows streams
//! down through HTTP/2 flow control instead.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

use tokio::sync::{Notify, OwnedSemaphorePermit, Semaphore};

/// The shared gate every extraction passes.
#[derive(Debug)]
pub struct Admission {
    slots: Arc<Semaphore>,
    pending: AtomicUsize,
    admitted: AtomicU64,
    room: Notify,
    max_concurrent: usize,
    max_queue: usize,
}

/// Why an extraction was refused: the server is at its limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Busy {
    /// Extractions running or waiting when this one arrived.
    pub pending: usize,
    /// The configured number of extractions that run at once.
    pub max_concurrent: usize,
    /// The configured number of extractions that may wait.
    pub max_queue: usize,
}

/// A place in the queue; dropping it gives the place back.
#[derive(Debug)]
pub struct Ticket {
    admission: Arc<Admission>,
}

/// A running slot; hold it for as long as the extraction runs (also past a deadline the caller
/// gave up on), so the limit counts the CPU actually in use.
#[derive(Debug)]
pub struct Slot {
    _permit: OwnedSemaphorePermit,
    _ticket: Ticket,
}

impl Admission {
    /// A gate with `max_concurrent` running slots (at least 1) and `max_queue` waiting places.
    pub fn new(max_concurrent: usize, max_queue: usize) -> Arc<Admission> {
        let max_concurrent = max_concurrent.max(1);
        Arc::new(Admission {
            slots: Arc::new(Semaphore::new(max_concurrent)),
            pending: AtomicUsize::new(0),
            admitted: AtomicU64::new(0),
            room: Notify::new(),
            max_concurrent,
            max_queue,
        })
    }

    /// The number of extractions that run at once.
    pub fn max_concurrent(&self) -> usize {
        self.max_concurrent
    }

    /// Extractions running or waiting now.
    pub fn pending(&self) -> usize {
        self.pending.load(Ordering::Acquire)
    }

    /// Extractions admitted since the start, to tell an idle server from a busy one.
    pub fn admitted(&self) -> u64 {
        self.admitted.load(Ordering::Relaxed)
    }

    fn ticket(self: &Arc<Self>) -> Ticket {
        self.admitted.fetch_add(1, Ordering::Relaxed);
        Ticket { admission: Arc::clone(self) }
    }

    /// Takes a place, or refuses at once when running plus waiting extractions are at the limit.
    pub fn try_admit(self: &Arc<Self>) -> Result<Ticket, Busy> {
        let capacity = self.max_concurrent.saturating_add(self.max_queue);
        self.pending
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| (n < capacity).then_some(n + 1))
            .map(|_| self.ticket())
            .map_err(|pending| Busy {
                pending,
                max_concurrent: self.max_concurrent,
                max_queue: self.max_queue,
            })
    }
}

impl Admission {
    /// Waits until running plus waiting extractions are below the limit, without taking a place:
    /// a stream calls it before reading its next request, so that a full server leaves further
    /// requests in HTTP/2 flow control instead of in memory. Several streams may pass at once
    /// and then [`Admission::admit`] past the limit, by at most one article each.
    pub async fn room(&self) {
        let capacity = self.max_concurrent.saturating_add(self.max_queue).max(1);
        loop {
            let freed = self.room.notified();
            let mut freed = std::pin::pin!(freed);
            freed.as_mut().enable();
            if self.pending.load(Ordering::Acquire) < capacity {
                return;
            }
            freed.await;
        }
    }

    /// Takes a place whatever the load, for an article of a stream. The number of these is
    /// bounded by the per-stream window, and they count as pending, so unary calls are shed
    /// while streams keep the server full.
    pub fn admit(self: &Arc<Self>) -> Ticket {
        self.pending.fetch_add(1, Ordering::AcqRel);
        self.ticket()
    }
}

impl Ticket {
    /// Waits for a running slot. Cancel-safe: dropping the future gives the place back.
    pub async fn run(self) -> Slot {
        let permit = Arc::clone(&self.admission.slots)
            .acquire_owned()
            .await
            .unwrap_or_else(|_| unreachable!("the admission semaphore is never closed"));
        Slot { _permit: permit, _ticket: self }
    }
}

impl Drop for Ticket {
    fn drop(&mut self) {
        self.admission.pending.fetch_sub(1, Ordering::AcqRel);
        self.admission.room.notify_waiters();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn sheds_beyond_running_plus_queue() {
        let gate = Admission::new(1, 1);
        let running = gate.try_admit().unwrap().run().await;
        let waiting = gate.try_admit().unwrap();
        let busy = gate.try_admit().unwrap_err();
        assert_eq!(busy, Busy { pending: 2, max_concurrent: 1, max_queue: 1 });
        drop(running);
        let _second = waiting.run().await;
        assert_eq!(gate.pending(), 1);
        assert!(gate.try_admit().is_ok());
    }

    #[tokio::test]
    async fn stream_articles_wait_instead_of_being_shed() {
        let gate = Admission::new(1, 0);
        let running = gate.try_admit().unwrap().run().await;
        let waiting = gate.admit();
        assert_eq!(gate.pending(), 2);
        assert!(gate.try_admit().is_err(), "unary calls are shed while stream articles wait");
        let next = tokio::spawn(waiting.run());
        drop(running);
        let slot = next.await.unwrap();
        assert_eq!(gate.pending(), 1);
        drop(slot);
        assert_eq!(gate.pending(), 0);
    }

    #[tokio::test]
    async fn room_waits_until_a_place_is_given_back() {
        let gate = Admission::new(1, 1);
        let first = gate.try_admit().unwrap();
        gate.room().await;
        let second = gate.admit();
        let waiting = tokio::spawn({
            let gate = Arc::clone(&gate);
            async move { gate.room().await }
        });
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        assert!(!waiting.is_finished(), "no room while 2 of 2 places are taken");
        drop(first);
        waiting.await.unwrap();
        drop(second);
    }

    #[tokio::test]
    async fn a_cancelled_wait_gives_its_place_back() {
        let gate = Admission::new(1, 1);
        let _running = gate.try_admit().unwrap().run().await;
        let waiting = gate.try_admit().unwrap();
        let wait = tokio::time::timeout(std::time::Duration::from_millis(10), waiting.run()).await;
        assert!(wait.is_err());
        assert_eq!(gate.pending(), 1);
    }
}
