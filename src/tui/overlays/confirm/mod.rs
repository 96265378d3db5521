//! A yes/no question: what was asked, as data. The overlay reports the answer; the feature that
//! asked decides what follows (`update::answered` routes it back).

pub mod draw;
pub mod update;

use crate::tui::msg::OrderAction;
use crate::tui::overlays::saved::SavedKind;

/// What was asked, and by which feature: data only, nothing here acts on it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Asked {
    /// Send the order.
    Submit,
    /// Send the order although an earlier attempt's outcome is unknown.
    Resubmit,
    /// Send the order although the pre-flight check warned of something that needs a yes (a
    /// missing or expired document signing validation, short funds).
    SubmitDespite,
    /// Submit the organization for document signing validation before the send question.
    SubmitValidation { org: i64 },
    /// Leave although the order POST has not been answered.
    Quit,
    /// Nothing: the question only tells something (files set aside at start).
    Dismiss,
    /// Delete a saved profile or draft.
    DeleteSaved { kind: SavedKind, name: String },
    /// Take up the autosaved form (a "no" starts a new one and keeps the autosave as a draft).
    Resume(Box<crate::order::Draft>),
    /// CertCentral refused the renewal of order `old`: place the form as a NEW order instead
    /// (not linked to it, billed as new). Only `y` says yes.
    NewOrderInstead { old: i64 },
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
    pub asked: Asked,
    /// Rows scrolled, when the question is longer than the screen ([`draw::max_scroll`]).
    pub scroll: u16,
}

impl Confirm {
    /// Whether only `y` says yes: sending again after an unknown outcome, sending despite
    /// pre-flight warnings, or placing a LIVE (billed) order must not happen by a stray Enter.
    pub fn needs_y(&self, live: bool) -> bool {
        matches!(
            self.asked,
            Asked::Resubmit | Asked::SubmitDespite | Asked::NewOrderInstead { .. }
        ) || (live && self.asked == Asked::Submit)
    }
}

#[cfg(test)]
mod tests;
