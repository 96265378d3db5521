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
    /// The items matching the query (value, label or meaning, ignoring case), best first: the
    /// value itself; labels that start with it (the shortest, so the closest, first: "united st"
    /// puts United States before its Minor Outlying Islands); labels with a word that starts with
    /// it; then the rest, each in the list's order.
    pub fn matching(&self) -> Vec<&PickItem> {
        let q = self.query.trim().to_lowercase();
        if q.is_empty() {
            return self.items.iter().collect();
        }
        let mut ranked: Vec<((u8, usize), &PickItem)> = self
            .items
            .iter()
            .filter_map(|item| {
                let label = item.label.to_lowercase();
                let rank = if item.value.to_lowercase() == q {
                    (0, 0)
                } else if label.starts_with(&q) {
                    (1, label.chars().count())
                } else if label.split_whitespace().any(|w| w.starts_with(&q)) {
                    (2, 0)
                } else if label.contains(&q)
                    || item.value.to_lowercase().contains(&q)
                    || item.meaning.to_lowercase().contains(&q)
                {
                    (3, 0)
                } else {
                    return None;
                };
                Some((rank, item))
            })
            .collect();
        // Stable: equal ranks keep the list's order.
        ranked.sort_by_key(|(rank, _)| *rank);
        ranked.into_iter().map(|(_, item)| item).collect()
    }
}
