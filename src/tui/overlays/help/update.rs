//! The help's keys: open it, scroll it, close it.

use crate::tui::app::{Model, Overlay};
use crate::tui::keymap::{self, Action};
use crate::tui::msg::Effect;
use crate::tui::navigation::close_overlay;

/// F1 or `?`: opens the help at its top.
pub fn open(model: &mut Model) {
    model.help_scroll = 0;
    model.editor = None;
    model.overlay = Some(Overlay::Help);
}

/// A key while the help shows.
pub fn on_key(model: &mut Model, action: Action) -> Vec<Effect> {
    match action {
        Action::ScrollDown => scroll_help(model, 1),
        Action::ScrollUp => scroll_help(model, -1),
        Action::Back | Action::Help => return close_overlay(model),
        _ => {}
    }
    model.overlay = Some(Overlay::Help);
    Vec::new()
}

pub fn scroll_help(model: &mut Model, delta: i16) {
    let lines: usize = keymap::help_sections()
        .iter()
        .map(|(_, b)| b.len() + 1)
        .sum::<usize>()
        + 1
        + super::draw::MOUSE_AND_PASTE.len();
    let max = (lines as u16).saturating_sub(model.size.1.saturating_sub(4));
    model.help_scroll = model.help_scroll.saturating_add_signed(delta).min(max);
}
