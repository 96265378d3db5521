//! Review: every field with its state beside the exact JSON body, and the exports.

pub mod commands;
pub mod draw;
pub mod json;
pub mod update;

#[cfg(test)]
mod tests;
