//! Giving memory back to the system. The binary allocates with mimalloc, which keeps freed pages
//! for reuse and returns them only when it next runs its collection; an idle server would keep
//! its peak footprint for good. [`release`] runs that collection, and the server calls it once
//! it has been idle for a while (`--idle-release`).

// Links mimalloc into every build of this crate (the tests included), not only into the binary
// that makes it the global allocator, so that `mi_collect` below is always defined.
use mimalloc as _;

unsafe extern "C" {
    /// mimalloc's collection of the calling thread's heap and of the shared arenas; with `force`,
    /// freed memory is returned to the operating system at once instead of after a delay.
    fn mi_collect(force: bool);
}

/// Returns the memory the allocator holds but does not use to the operating system. Costs a
/// few milliseconds at most; harmless (it finds nothing to free) where mimalloc is linked but
/// not the global allocator, as in the tests.
pub fn release() {
    // SAFETY: mi_collect takes no pointers and may be called from any thread at any time; the
    // mimalloc crate links the library that defines it.
    unsafe { mi_collect(true) }
}

#[cfg(test)]
mod tests {
    #[test]
    fn release_can_be_called_from_any_thread() {
        super::release();
        std::thread::spawn(super::release).join().unwrap();
    }
}
