//! A yes/no question, and what its "yes" does; the follow-up belongs to the feature that asked.

pub mod draw;
pub mod update;

use crate::tui::msg::OrderAction;
use crate::tui::overlays::saved::SavedKind;

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
    /// Whether only `y` says yes: sending again after an unknown outcome, or placing a LIVE
    /// (billed) order, must not happen by a stray Enter.
    pub fn needs_y(&self, live: bool) -> bool {
        self.on_yes == YesAction::Resubmit || (live && self.on_yes == YesAction::Submit)
    }
}
