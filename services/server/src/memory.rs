//! Giving memory back to the system. The binary allocates with mimalloc, which keeps freed pages
//! for reuse and returns them only when it next runs its collection; an idle server would keep
//! its peak footprint for good. [`release`] runs that collection, and the server calls it once
//! it has been idle for a while (`--idle-release`). [`configure`] turns off transparent huge
//! pages, with which a page cannot be returned while any of the 2 MiB around it is in use.

#[cfg(target_os = "linux")]
use std::ffi::c_int;

// Links mimalloc into every build of this crate (the tests included), not only into the binary
// that makes it the global allocator, so that `mi_collect` below is always defined.
use mimalloc as _;

unsafe extern "C" {

    /// mimalloc's collection of the calling thread's heap and of the shared arenas; with `force`,
    /// freed memory is returned to the operating system at once instead of after a delay.
    fn mi_collect(force: bool);
}

/// Turns transparent huge pages off for the process, unless `MIMALLOC_ALLOW_THP` is set. With
/// them, mimalloc cannot return a page while any of the 2 MiB huge page around it is in use:
/// idle after a burst of 200 KB articles over 256 streams, the release binary kept ~100 MB
/// (55 MB before the burst); without them it falls back to ~68 MB (37 MB before). mimalloc
/// reads its own options before `main` runs, so this asks the kernel instead. Linux only; a
/// no-op elsewhere. Call it before the threads start; an error leaves huge pages on and changes
/// nothing else.
pub fn configure() -> std::io::Result<()> {
    #[cfg(target_os = "linux")]
    if std::env::var_os("MIMALLOC_ALLOW_THP").is_none() {
        /// prctl's PR_SET_THP_DISABLE (linux/prctl.h).
        const PR_SET_THP_DISABLE: c_int = 41;
        unsafe extern "C" {
            fn prctl(option: c_int, ...) -> c_int;
        }
        let zero: std::ffi::c_ulong = 0;
        // SAFETY: PR_SET_THP_DISABLE takes one integer argument (the rest must be zero) and
        // touches no memory of ours.
        if unsafe { prctl(PR_SET_THP_DISABLE, 1 as std::ffi::c_ulong, zero, zero, zero) } != 0 {
            return Err(std::io::Error::last_os_error());
        }
    }
    Ok(())
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
    fn huge_pages_can_be_turned_off() {
        super::configure().expect("prctl accepts PR_SET_THP_DISABLE");
    }

    #[test]
    fn release_can_be_called_from_any_thread() {
        super::release();
        std::thread::spawn(super::release).join().unwrap();
    }
}
