//! Drawing a prompt: its title, hint and input.

use crate::tui::view::canvas::Canvas;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use crate::tui::app::{Model, Prompt};
use crate::tui::layout::centered;

/// Draws a one-line prompt with its input. The hint wraps (it was cut at the box's edge, with
/// no sign of what was left out), at most [`HINT_ROWS`] rows.
pub fn draw<'m>(frame: &mut Canvas<'m, '_>, area: Rect, model: &'m Model, prompt: &'m Prompt) {
    let t = model.theme();
    let width = area.width.saturating_sub(4).min(76);
    let room = usize::from(width.saturating_sub(2));
    let mut hint = crate::tui::view::fit::wrap(&prompt.hint, room);
    if hint.len() > HINT_ROWS {
        let rest = hint.split_off(HINT_ROWS - 1).join(" ");
        hint.push(crate::tui::view::fit::ellipsize(&rest, room));
    }
    let rows = u16::try_from(hint.len()).unwrap_or(1);
    let rect = centered(area, width, 4 + rows);
    frame.render_widget(Clear, rect);
    let block = Block::bordered()
        .title(format!(" {} ", prompt.title))
        .title_bottom(" Enter ok · Esc cancel ");
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let hint: Vec<Line> = hint
        .into_iter()
        .map(|l| Line::from(Span::styled(l, t.dim)))
        .collect();
    frame.render_widget(
        Paragraph::new(hint),
        Rect::new(inner.x, inner.y, inner.width, rows),
    );
    frame.render_changing(
        prompt.input.widget(),
        Rect::new(inner.x, inner.y + rows + 1, inner.width, 1),
    );
}

/// The most rows a prompt's hint takes.
const HINT_ROWS: usize = 3;
