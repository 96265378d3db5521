//! Review's commands, for the footer.

use crate::tui::app::Model;
use crate::tui::keymap::{Action, Binding};

/// The footer's word for a Review binding, or `None` when it would do nothing.
pub fn word(model: &Model, binding: &Binding) -> Option<&'static str> {
    match binding.action {
        Action::Activate => binding.footer.filter(|_| !model.review_rows().is_empty()),
        _ => binding.footer,
    }
}
