//! A picker's commands, for the footer.

use crate::tui::app::{Model, Overlay};
use crate::tui::keymap::{Action, Binding, Scope};

/// The footer's word for a picker binding, or `None` when it would do nothing.
pub fn word(model: &Model, binding: &Binding) -> Option<&'static str> {
    match (binding.action, binding.scope) {
        (Action::Toggle, Scope::MultiPicker) => binding.footer.filter(
            |_| matches!(&model.overlay, Some(Overlay::Picker(p)) if !p.matching().is_empty()),
        ),
        _ => binding.footer,
    }
}
