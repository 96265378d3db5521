//! Review: every field with its state beside the exact JSON body, and the exports.

pub mod commands;
pub mod draw;
pub mod json;
pub mod state;
pub mod update;

pub use state::ReviewState;

#[cfg(test)]
mod tests;
