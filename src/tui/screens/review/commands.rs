//! Review's commands, for the footer.

use crate::tui::app::Model;
use crate::tui::keymap::{Action, Binding};

/// The footer's word for a Review binding, or `None` when it would do nothing.
pub fn word(model: &Model, binding: &Binding) -> Option<&'static str> {
    match binding.action {
        Action::Activate => binding.footer.filter(|_| !model.review_rows().is_empty()),
        // `n` goes to the next field with an error: offered only when there is one.
        Action::NextError => binding.footer.filter(|_| {
            model
                .review_rows()
                .iter()
                .any(|(_, row)| model.shown(*row).iter().any(|d| d.is_error()))
        }),
        _ => binding.footer,
    }
}
