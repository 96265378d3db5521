//! The help overlay: every key, generated from the keymap that also fills the footer. Long lines
//! wrap under their description; when the whole does not fit, the frame says how much more is
//! above and below.

use crate::tui::view::canvas::Canvas;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use crate::tui::app::Model;
use crate::tui::keymap;
use crate::tui::layout::centered;
use crate::tui::theme::Theme;
use crate::tui::view::fit::{ellipsize, wrap};

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

/// The width of the key column.
const KEYS: usize = 20;

/// Where the help goes on a screen of this size.
pub fn rect(area: Rect) -> Rect {
    centered(
        area,
        area.width.saturating_sub(4).min(96),
        area.height.saturating_sub(2),
    )
}

/// The help's lines, wrapped to the inside of its frame. F4 is listed only while a batch is
/// open (`certwiz --batch FILE`): elsewhere it does nothing.
pub fn lines(theme: &Theme, width: u16, batch_open: bool) -> Vec<Line<'static>> {
    let width = usize::from(width.max(1));
    let batch_keys: Vec<String> = keymap::BINDINGS
        .iter()
        .filter(|b| b.action == keymap::Action::Batch)
        .map(|b| {
            b.keys
                .iter()
                .map(keymap::Key::name)
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect();
    let mut entries: Vec<(String, Vec<(String, String)>)> = keymap::help_sections()
        .into_iter()
        .filter(|(title, _)| batch_open || *title != keymap::Scope::Batch.title())
        .map(|(title, b)| {
            let b: Vec<(String, String)> = b
                .into_iter()
                .filter(|(k, _)| batch_open || !batch_keys.contains(k))
                .map(|(k, h)| (k.to_string(), h.to_string()))
                .collect();
            (title.to_string(), b)
        })
        .filter(|(_, b)| !b.is_empty())
        .collect();
    entries.push((
        "Mouse and paste".into(),
        MOUSE_AND_PASTE
            .into_iter()
            .map(|(k, h)| (k.to_owned(), h.to_owned()))
            .collect(),
    ));
    let mut out = Vec::new();
    for (title, bindings) in entries {
        for l in wrap(&title, width) {
            out.push(Line::from(Span::styled(l, theme.title)));
        }
        for (keys, help) in bindings {
            let key_w = KEYS.min(width / 3).max(4);
            let keys = ellipsize(&keys, key_w.saturating_sub(3));
            let room = width.saturating_sub(key_w).max(8);
            for (i, l) in wrap(&help, room).into_iter().enumerate() {
                let lead = if i == 0 { keys.as_str() } else { "" };
                out.push(Line::from(vec![
                    Span::styled(format!("  {lead:<w$}", w = key_w - 2), theme.key),
                    Span::raw(l),
                ]));
            }
        }
    }
    out
}

/// How far the help can scroll on a screen of this size.
pub fn max_scroll(model: &Model, area: Rect) -> u16 {
    let rect = rect(area);
    let count = lines(
        model.theme(),
        rect.width.saturating_sub(2),
        model.batch.is_open(),
    )
    .len() as u16;
    count.saturating_sub(rect.height.saturating_sub(2))
}

/// Draws the help over the screen.
pub fn draw<'m>(frame: &mut Canvas<'m, '_>, area: Rect, model: &'m Model) {
    let rect = rect(area);
    let lines = lines(
        model.theme(),
        rect.width.saturating_sub(2),
        model.batch.is_open(),
    );
    let inner_height = rect.height.saturating_sub(2);
    let total = lines.len() as u16;
    let max_scroll = total.saturating_sub(inner_height);
    let scroll = model.help.scroll().min(max_scroll);
    let below = total.saturating_sub(scroll + inner_height);
    let mut bottom = Vec::new();
    if scroll > 0 {
        bottom.push(format!("↑ {scroll} more"));
    }
    if below > 0 {
        bottom.push(format!("↓ {below} more"));
    }
    if max_scroll > 0 {
        bottom.push("↑/↓ PgUp/PgDn scroll".into());
    }
    bottom.push("Esc close".into());
    frame.render_widget(Clear, rect);
    frame.render_widget(
        Paragraph::new(lines).scroll((scroll, 0)).block(
            Block::bordered()
                .title(" Keys (F1) ")
                .title_bottom(format!(" {} ", bottom.join(" · "))),
        ),
        rect,
    );
}
