//! The stepper: every step with its state, the current one highlighted.

use crate::tui::view::canvas::Canvas;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::tui::app::Model;
use crate::tui::layout::stepper_cells;
use crate::tui::theme::{ERROR_MARK, OK_MARK};

/// Draws the stepper line.
pub fn draw<'m>(frame: &mut Canvas<'m, '_>, area: Rect, model: &'m Model) {
    let t = model.theme();
    let spans: Vec<Span> = stepper_cells(model, area)
        .into_iter()
        .map(|cell| {
            let style = if cell.screen == model.nav.screen() {
                t.current_step
            } else if cell.text.contains(ERROR_MARK) {
                t.error
            } else if cell.text.contains(OK_MARK) {
                t.ok
            } else {
                t.dim
            };
            Span::styled(cell.text, style)
        })
        .collect();
    frame.render_line(Line::from(spans), area);
}
