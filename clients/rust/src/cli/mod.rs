//! The commands of the `eventx` binary, kept out of `main.rs` so that it only parses
//! arguments: input reading, output formats, the progress bar and the batch loops.

pub mod extract;
pub mod output;
pub mod progress;

pub use extract::{Backend, Sink};
pub use output::{Format, Output, is_broken_pipe};
pub use progress::Progress;
