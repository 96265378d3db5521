//! What can cover a screen: pickers, yes/no questions and prompts.

use std::collections::BTreeSet;

use crate::tui::input::TextInput;
use crate::tui::msg::OrderAction;

use super::Row;
use super::saved::{SavedKind, SavedList};

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

/// What a "yes" in a confirmation does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum YesAction {
    /// Send the order.
    Submit,
    /// Send the order although an earlier attempt's outcome is unknown.
    Resubmit,
    /// Leave although the order POST has not been answered.
    Quit,
    /// Nothing: the question only tells something (files set aside at start).
    Dismiss,
    /// Delete a saved profile or draft.
    DeleteSaved { kind: SavedKind, name: String },
    /// Take up the autosaved form (a "no" starts a new one and keeps the autosave as a draft).
    Resume(Box<crate::order::Draft>),
    /// Approve, reject or cancel.
    Act {
        order_id: i64,
        request_id: Option<i64>,
        action: OrderAction,
    },
}

/// A yes/no question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Confirm {
    pub title: String,
    pub lines: Vec<String>,
    pub on_yes: YesAction,
}

impl Confirm {
    /// Whether only `y` says yes: sending again after an unknown outcome must not happen by a
    /// stray Enter.
    pub fn needs_y(&self) -> bool {
        self.on_yes == YesAction::Resubmit
    }
}

/// What a prompt's text is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PromptPurpose {
    /// A name to save the profile or draft under.
    SaveAs(SavedKind),
    /// A new name for a saved profile or draft.
    RenameSaved {
        kind: SavedKind,
        from: String,
    },
    CsrFile,
    ExportJson,
    ExportCurl,
    RejectComment {
        order_id: i64,
        request_id: i64,
    },
    CancelNote {
        order_id: i64,
    },
}

/// A one-line question that takes text.
#[derive(Debug, Clone)]
pub struct Prompt {
    pub title: String,
    pub hint: String,
    pub input: TextInput,
    pub purpose: PromptPurpose,
}

/// What covers the screen.
#[derive(Debug, Clone)]
pub enum Overlay {
    Help,
    Picker(Picker),
    Confirm(Confirm),
    Prompt(Box<Prompt>),
    SavedList(SavedList),
}
