//! The help overlay: every key, from the key table that also fills the footer.

pub mod draw;
pub mod state;
pub mod update;

pub use state::HelpState;

#[cfg(test)]
mod tests;
