//! Drawing a yes/no question. A question longer than the screen scrolls (↑/↓), and its answer
//! keys stay in view below it: a question whose price or keys fell off the bottom of an 80x24
//! terminal could be answered without them being seen.

use crate::tui::view::canvas::Canvas;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use crate::tui::app::{Asked, Confirm, Model};
use crate::tui::layout::centered;

/// The widest a question's box is.
const MAX_WIDTH: u16 = 76;

/// The question's text, wrapped as it is drawn.
fn body(confirm: &Confirm) -> Paragraph<'_> {
    let lines: Vec<Line> = confirm
        .lines
        .iter()
        .map(|l| Line::raw(l.as_str()))
        .collect();
    Paragraph::new(lines).wrap(Wrap { trim: false })
}

/// The question's box on a screen of `area`, the rows its text takes, and the rows it shows.
fn measure(area: Rect, confirm: &Confirm) -> (Rect, u16, u16) {
    let width = area.width.saturating_sub(4).min(MAX_WIDTH);
    let rows = u16::try_from(body(confirm).line_count(width.saturating_sub(2))).unwrap_or(u16::MAX);
    // Inside the borders: the text, an empty row, the answer keys.
    let room = area.height.saturating_sub(4).saturating_sub(2);
    let shown = rows.min(room);
    (centered(area, width, shown + 4), rows, shown)
}

/// How far the question can scroll on a screen of this size (0: it fits).
pub fn max_scroll(model: &Model, confirm: &Confirm) -> u16 {
    let (w, h) = model.size();
    let (_, rows, shown) = measure(Rect::new(0, 0, w, h), confirm);
    rows - shown
}

/// Draws a yes/no question.
pub fn draw<'m>(frame: &mut Canvas<'m, '_>, area: Rect, model: &'m Model, confirm: &'m Confirm) {
    let t = model.theme();
    let (yes, no) = match (&confirm.asked, confirm.needs_y(model.endpoint().live)) {
        (Asked::Resume(_), _) => (" / Enter resume    ", " / Esc new form"),
        (_, true) => (" yes    ", " / Esc no"),
        _ => (" / Enter yes    ", " / Esc no"),
    };
    let keys = if confirm.asked == Asked::Dismiss {
        Line::from(vec![
            Span::styled("Enter", t.key),
            Span::raw(" / "),
            Span::styled("Esc", t.key),
            Span::raw(" close"),
        ])
    } else {
        Line::from(vec![
            Span::styled("y", t.key),
            Span::raw(yes),
            Span::styled("n", t.key),
            Span::raw(no),
        ])
    };
    let (rect, rows, shown) = measure(area, confirm);
    let scroll = confirm.scroll.min(rows - shown);
    let below = rows - shown - scroll;
    let mut block = Block::bordered().title(Span::styled(format!(" {} ", confirm.title), t.title));
    if rows > shown {
        let mut more = Vec::new();
        if scroll > 0 {
            more.push(format!("↑ {scroll} more"));
        }
        if below > 0 {
            more.push(format!("↓ {below} more"));
        }
        more.push("↑/↓ scroll".to_owned());
        block = block.title_bottom(format!(" {} ", more.join(" · ")));
    }
    let inner = block.inner(rect);
    frame.render_widget(Clear, rect);
    frame.render_widget(block, rect);
    frame.render_widget(
        body(confirm).scroll((scroll, 0)),
        Rect {
            height: shown,
            ..inner
        },
    );
    frame.render_line(
        keys,
        Rect::new(inner.x, inner.y + shown + 1, inner.width, 1),
    );
}
