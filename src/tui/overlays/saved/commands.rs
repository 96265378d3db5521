//! The saved profiles' and drafts' commands, for the footer.

use crate::tui::app::{Model, Overlay};
use crate::tui::keymap::{Action, Binding};

/// The footer's word for a binding of the list, or `None` when it would do nothing: load,
/// rename and delete need a highlighted item; "save as" always works.
pub fn word(model: &Model, binding: &Binding) -> Option<&'static str> {
    match binding.action {
        Action::Activate | Action::RenameSaved | Action::DeleteSaved => binding.footer.filter(
            |_| matches!(model.overlay(), Some(Overlay::SavedList(l)) if l.selected().is_some()),
        ),
        _ => binding.footer,
    }
}
