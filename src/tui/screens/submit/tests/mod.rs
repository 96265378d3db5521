//! The Submit screen's tests: the question, the send and what follows, the pre-flight
//! check, and its snapshots.

mod preflight;
mod snapshot;
mod submit;
