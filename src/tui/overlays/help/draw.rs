//! The help overlay: every key, generated from the keymap that also fills the footer.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use crate::tui::app::Model;
use crate::tui::keymap;
use crate::tui::layout::centered;

/// The help's last section, after the keys: the mouse and pasting.
pub const MOUSE_AND_PASTE: [(&str, &str); 5] = [
    ("mouse", "off unless config.toml says mouse = \"clicks\""),
    (
        "click",
        "a step goes to that screen; a field takes the focus",
    ),
    ("wheel", "scrolls this help and Review's JSON"),
    ("Shift-drag", "selects text while clicks are on"),
    (
        "paste",
        "one insert; only the CSR and comments keep newlines",
    ),
];

/// Draws the help over the screen.
pub fn draw(frame: &mut Frame, area: Rect, model: &Model) {
    let t = &model.theme;
    let mut lines = Vec::new();
    for (title, bindings) in keymap::help_sections() {
        if bindings.is_empty() {
            continue;
        }
        lines.push(Line::from(Span::styled(title, t.title)));
        for (keys, help) in bindings {
            lines.push(Line::from(vec![
                Span::styled(format!("  {keys:<18}"), t.key),
                Span::raw(help),
            ]));
        }
    }
    lines.push(Line::from(Span::styled("Mouse and paste", t.title)));
    for (what, help) in MOUSE_AND_PASTE {
        lines.push(Line::from(vec![
            Span::styled(format!("  {what:<18}"), t.key),
            Span::raw(help),
        ]));
    }
    let rect = centered(
        area,
        area.width.saturating_sub(4).min(96),
        area.height.saturating_sub(2),
    );
    let inner_height = rect.height.saturating_sub(2);
    let max_scroll = (lines.len() as u16).saturating_sub(inner_height);
    let scroll = model.help_scroll.min(max_scroll);
    frame.render_widget(Clear, rect);
    frame.render_widget(
        Paragraph::new(lines).scroll((scroll, 0)).block(
            Block::bordered()
                .title(" Keys (F1) ")
                .title_bottom(" ↑/↓ scroll · Esc close "),
        ),
        rect,
    );
}
