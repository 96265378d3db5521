//! A picker's commands, for the footer.

use crate::tui::app::{Model, Overlay};
use crate::tui::keymap::{Action, Binding, Scope};

/// The footer's word for a picker binding, or `None` when it would do nothing.
pub fn word(model: &Model, binding: &Binding) -> Option<&'static str> {
    let Some(Overlay::Picker(picker)) = model.overlay() else {
        return binding.footer;
    };
    let matches = !picker.matching().is_empty();
    match (binding.action, binding.scope) {
        (Action::Toggle, Scope::MultiPicker) => binding.footer.filter(|_| matches),
        // Enter confirms the ticked items of a multi-select, whatever the search shows.
        (Action::Activate, Scope::Picker) if picker.ticked.is_some() => {
            binding.footer.map(|_| "done")
        }
        // With nothing matching there is nothing to choose.
        (Action::Activate, Scope::Picker) => binding.footer.filter(|_| matches),
        _ => binding.footer,
    }
}
