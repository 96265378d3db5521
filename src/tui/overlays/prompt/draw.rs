//! Drawing a prompt: its title, hint and input.

use crate::tui::view::canvas::Canvas;
use ratatui::layout::Rect;
use ratatui::text::Span;
use ratatui::widgets::{Block, Clear, Paragraph};

use crate::tui::app::{Model, Prompt};
use crate::tui::layout::centered;

/// Draws a one-line prompt with its input.
pub fn draw<'m>(frame: &mut Canvas<'m, '_>, area: Rect, model: &'m Model, prompt: &'m Prompt) {
    let t = model.theme();
    let rect = centered(area, area.width.saturating_sub(4).min(76), 5);
    frame.render_widget(Clear, rect);
    let block = Block::bordered()
        .title(format!(" {} ", prompt.title))
        .title_bottom(" Enter ok · Esc cancel ");
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    frame.render_widget(
        Paragraph::new(Span::styled(prompt.hint.clone(), t.dim)),
        Rect::new(inner.x, inner.y, inner.width, 1),
    );
    frame.render_changing(
        prompt.input.widget(),
        Rect::new(inner.x, inner.y + 2, inner.width, 1),
    );
}
