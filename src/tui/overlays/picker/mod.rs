//! A searchable list that sets a form row's value.

pub mod choices;
pub mod commands;
pub mod draw;
pub mod update;

use std::collections::BTreeSet;

use crate::tui::screens::form::Row;

/// One choice in a picker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PickItem {
    pub value: String,
    pub label: String,
    pub meaning: String,
}

/// A searchable list that sets a row's value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Picker {
    pub title: String,
    pub target: Row,
    pub items: Vec<PickItem>,
    pub query: String,
    /// The highlighted item, among the matching ones.
    pub cursor: usize,
    /// For a multi-select, the ticked values.
    pub ticked: Option<BTreeSet<String>>,
}

impl Picker {
    /// The items matching the query (value, label or meaning, ignoring case).
    pub fn matching(&self) -> Vec<&PickItem> {
        let q = self.query.trim().to_lowercase();
        let mut exact = Vec::new();
        let mut rest = Vec::new();
        for item in &self.items {
            if q.is_empty() {
                rest.push(item);
            } else if item.value.to_lowercase() == q {
                exact.push(item);
            } else if item.label.to_lowercase().contains(&q)
                || item.value.to_lowercase().contains(&q)
                || item.meaning.to_lowercase().contains(&q)
            {
                rest.push(item);
            }
        }
        exact.extend(rest);
        exact
    }
}
