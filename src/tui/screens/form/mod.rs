//! The five form screens (Certificate, Organization, Subject, Shipping, Payment): their rows, the
//! keys that edit them, and their drawing.

pub mod certificate;
pub mod commands;
pub mod draw;
pub mod model;
pub mod organization;
pub mod payment;
pub mod shipping;
pub mod state;
pub mod subject;
pub mod update;

pub use crate::form::Row;
use crate::tui::input::Lines;

/// How a row is typed into, when it is (it then takes the keyboard when focused).
pub fn lines(row: Row) -> Option<Lines> {
    match (row.is_typed(), row.is_multiline()) {
        (false, _) => None,
        (true, true) => Some(Lines::Multi),
        (true, false) => Some(Lines::Single),
    }
}

#[cfg(test)]
mod tests;
