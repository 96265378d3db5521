//! The list of saved profiles or drafts overlay: saved profiles or named drafts with their summaries.

use crate::tui::view::canvas::Canvas;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use crate::tui::app::{Model, SavedList};
use crate::tui::layout::centered;
use crate::tui::view::fit::{ellipsize, width};

/// Draws the list: each name with when it was saved, and its summary under it.
pub fn draw<'m>(frame: &mut Canvas<'m, '_>, area: Rect, model: &'m Model, saved: &'m SavedList) {
    let t = model.theme();
    let count = saved.items.as_ref().map_or(1, |i| i.len().max(1));
    let rect = centered(
        area,
        area.width.saturating_sub(6).min(100),
        (count as u16 * 2 + 2)
            .min(area.height.saturating_sub(4))
            .max(5),
    );
    let mut lines = Vec::new();
    match &saved.items {
        None => lines.push(Line::styled("reading…", t.dim)),
        Some(items) if items.is_empty() => lines.push(Line::styled(
            format!(
                "No {}s yet; s saves this form's details as one.",
                saved.kind.what()
            ),
            t.dim,
        )),
        Some(items) => {
            // Two lines an item; keep the highlighted one in view.
            let room = usize::from(rect.height.saturating_sub(2)) / 2;
            let first = saved.cursor.saturating_sub(room.saturating_sub(1));
            for (i, item) in items.iter().enumerate().skip(first).take(room.max(1)) {
                let style = if i == saved.cursor {
                    t.selected
                } else {
                    t.base
                };
                let when = item
                    .saved_at
                    .map(|at| format!("  saved {}", crate::ordering::when(at)))
                    .unwrap_or_default();
                // Cut with `…` to the inside of the frame, never by the frame: the name keeps
                // what room the time leaves (at least 8 columns), else both are cut as one.
                let inner = usize::from(rect.width.saturating_sub(2));
                let room_for_name = inner.saturating_sub(width(&when));
                let (name, when) = if width(&item.name) <= room_for_name {
                    (item.name.clone(), when)
                } else if room_for_name >= 8 {
                    (ellipsize(&item.name, room_for_name), when)
                } else {
                    (
                        ellipsize(&format!("{}{when}", item.name), inner),
                        String::new(),
                    )
                };
                lines.push(Line::from(vec![
                    Span::styled(name, style),
                    Span::styled(when, t.dim),
                ]));
                lines.push(Line::styled(
                    ellipsize(&format!("  {}", item.summary), inner),
                    t.dim,
                ));
            }
        }
    }
    let title = match saved.kind {
        crate::tui::app::SavedKind::Draft => " Named drafts ".to_owned(),
        kind => format!(" {}s ", capitalized(kind.what())),
    };
    frame.render_widget(Clear, rect);
    frame.render_widget(
        Paragraph::new(lines).block(
            Block::bordered()
                .title(Span::styled(title, t.title))
                // The keys that work now, as the footer offers them (on an empty list, or
                // one still being read, only saving and closing do).
                .title_bottom(format!(" {} ", crate::tui::commands::overlay_hint(model))),
        ),
        rect,
    );
}

fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}
