//! The form screens' commands: what Enter does on the focused row, for the footer.

use crate::tui::app::Model;
use crate::tui::keymap::{Action, Binding, Scope};
use crate::tui::overlays::picker::choices::picker_for;

/// The footer's word for a form binding, or `None` when it would do nothing.
pub fn word(model: &Model, binding: &Binding) -> Option<&'static str> {
    match (binding.action, binding.scope) {
        // Enter in a text field opens its picker, else moves on, unless it is the last field.
        (Action::Activate, Scope::Text) => {
            binding.footer?;
            let row = model.focused_row()?;
            if picker_for(model, row).is_some() {
                return Some("pick");
            }
            let last = model.rows(model.nav.screen()).len().saturating_sub(1);
            (model.form.focus < last).then_some("next")
        }
        // Enter opens the row's list, or toggles a yes/no or the agreement.
        (Action::Activate, Scope::Form) => {
            binding.footer?;
            let row = model.focused_row()?;
            Some(if picker_for(model, row).is_some() {
                "pick"
            } else {
                "toggle"
            })
        }
        // ←/→ where they change the value: a choice, the product, a yes/no.
        (Action::CycleNext | Action::CyclePrev, Scope::Form) => {
            binding.footer?;
            super::update::choices(model.focused_row()?, &model.facts()).map(|_| "choose")
        }
        _ => binding.footer,
    }
}
