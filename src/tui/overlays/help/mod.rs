//! The help overlay: every key, from the key table that also fills the footer.

pub mod draw;
pub mod update;

#[cfg(test)]
mod tests;
