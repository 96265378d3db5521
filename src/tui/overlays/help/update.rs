//! The help's keys: open it, scroll it, close it.

use crate::tui::app::{Model, Overlay};
use crate::tui::keymap::Action;
use crate::tui::msg::Effect;
use crate::tui::navigation::close_overlay;

/// F1 or `?`: opens the help at its top.
pub fn open(model: &mut Model) {
    model.help.scroll = 0;
    model.close_editor();
    model.show_overlay(Overlay::Help);
}

/// A key while the help shows.
pub fn on_key(model: &mut Model, action: Action) -> Vec<Effect> {
    match action {
        Action::ScrollDown => scroll_help(model, 1),
        Action::ScrollUp => scroll_help(model, -1),
        Action::NextScreen => scroll_help(model, page(model)),
        Action::PrevScreen => scroll_help(model, -page(model)),
        Action::Back | Action::Help => return close_overlay(model),
        _ => {}
    }
    model.show_overlay(Overlay::Help);
    Vec::new()
}

/// A page of the help: its inside height less a line, so a line stays in view.
fn page(model: &Model) -> i16 {
    let area = ratatui::layout::Rect::new(0, 0, model.size().0, model.size().1);
    let inside = super::draw::rect(area).height.saturating_sub(3);
    i16::try_from(inside.max(1)).unwrap_or(1)
}

/// Scrolls the help by `delta` lines, no further than its wrapped lines go at this size.
pub fn scroll_help(model: &mut Model, delta: i16) {
    let area = ratatui::layout::Rect::new(0, 0, model.size().0, model.size().1);
    let max = super::draw::max_scroll(model, area);
    model.help.scroll = model.help.scroll.saturating_add_signed(delta).min(max);
}
