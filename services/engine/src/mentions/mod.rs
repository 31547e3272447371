//! Mentions found in a document before any event is read: actors (and the places inside them).

pub mod actors;
pub(crate) mod places;
