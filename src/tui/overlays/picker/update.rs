//! A picker's keys: search, move, tick, choose.

use crate::tui::app::{Model, Overlay, Picker};
use crate::tui::input::{EditOp, Lines};
use crate::tui::keymap::Action;
use crate::tui::msg::Effect;
use crate::tui::navigation::{close_overlay, step_index};
use crate::tui::screens::form::update::choose;

/// Text pasted while the picker is open searches, as typing does (one line).
pub fn paste(picker: &mut Picker, text: &str) {
    picker
        .query
        .push_str(&crate::tui::input::normalise_paste(text, Lines::Single));
    picker.cursor = 0;
}

pub fn on_picker(model: &mut Model, mut picker: Picker, action: Action) -> Vec<Effect> {
    let count = picker.matching().len();
    match action {
        Action::Back => return close_overlay(model),
        Action::FieldDown | Action::NextField => {
            picker.cursor = step_index(picker.cursor, 1, count, false);
        }
        Action::FieldUp | Action::PrevField => {
            picker.cursor = step_index(picker.cursor, -1, count, false);
        }
        Action::Edit(EditOp::Insert(c)) => {
            picker.query.push(c);
            picker.cursor = 0;
        }
        Action::Edit(EditOp::Backspace) => {
            picker.query.pop();
            picker.cursor = 0;
        }
        Action::Toggle => {
            let value = picker
                .matching()
                .get(picker.cursor)
                .map(|i| i.value.clone());
            if let (Some(ticked), Some(value)) = (picker.ticked.as_mut(), value)
                && !ticked.remove(&value)
            {
                ticked.insert(value);
            }
        }
        // Nothing matches the search: the footer offers no Enter, so Enter does nothing.
        Action::Activate if picker.ticked.is_none() && count == 0 => {}
        Action::Activate => {
            let row = picker.target;
            let value = match &picker.ticked {
                Some(ticked) => Some(ticked.iter().cloned().collect::<Vec<_>>().join(", ")),
                None => picker
                    .matching()
                    .get(picker.cursor)
                    .map(|i| i.value.clone()),
            };
            model.hide_overlay();
            let effects = match value {
                Some(v) => choose(model, row, &v),
                None => Vec::new(),
            };
            model.open_editor();
            return effects;
        }
        _ => {}
    }
    model.show_overlay(Overlay::Picker(picker));
    Vec::new()
}
