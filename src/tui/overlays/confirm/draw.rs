//! Drawing a yes/no question.

use crate::tui::view::canvas::Canvas;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use crate::tui::app::{Asked, Confirm, Model};
use crate::tui::layout::centered;

/// Draws a yes/no question.
pub fn draw<'m>(frame: &mut Canvas<'m, '_>, area: Rect, model: &'m Model, confirm: &'m Confirm) {
    let t = model.theme();
    let mut lines: Vec<Line> = confirm.lines.iter().map(|l| Line::raw(l.clone())).collect();
    lines.push(Line::default());
    let (yes, no) = match (&confirm.asked, confirm.needs_y(model.endpoint().live)) {
        (Asked::Resume(_), _) => (" / Enter resume    ", " / Esc new form"),
        (_, true) => (" yes    ", " / Esc no"),
        _ => (" / Enter yes    ", " / Esc no"),
    };
    if confirm.asked == Asked::Dismiss {
        lines.push(Line::from(vec![
            Span::styled("Enter", t.key),
            Span::raw(" / "),
            Span::styled("Esc", t.key),
            Span::raw(" close"),
        ]));
    } else {
        lines.push(Line::from(vec![
            Span::styled("y", t.key),
            Span::raw(yes),
            Span::styled("n", t.key),
            Span::raw(no),
        ]));
    }
    let width = area.width.saturating_sub(4).min(76);
    let room = usize::from(width.saturating_sub(2)).max(1);
    // Words wrap whole, so a wrapped line may take one row more than its width says.
    let wrapped: usize = lines
        .iter()
        .map(|l| l.width().div_ceil(room).max(1) + usize::from(l.width() > room))
        .sum();
    let height = (wrapped as u16 + 2).min(area.height);
    let rect = centered(area, width, height);
    frame.render_widget(Clear, rect);
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(Block::bordered().title(Span::styled(format!(" {} ", confirm.title), t.title))),
        rect,
    );
}
