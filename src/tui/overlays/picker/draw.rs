//! Drawing a picker: the search, then the matching items, the highlighted one reversed.

use crate::tui::view::canvas::Canvas;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use crate::tui::app::{Model, Picker};
use crate::tui::layout::centered;

/// Draws a picker: the search, then the matching items, the highlighted one reversed.
pub fn draw<'m>(frame: &mut Canvas<'m, '_>, area: Rect, model: &'m Model, picker: &'m Picker) {
    let t = model.theme();
    let matching = picker.matching();
    let wanted = picker.items.len().min(30) as u16 + 4;
    let rect = centered(
        area,
        area.width.saturating_sub(6).min(100),
        wanted.min(area.height.saturating_sub(4)).max(6),
    );
    let value_width = picker
        .items
        .iter()
        .map(|i| i.value.chars().count())
        .max()
        .unwrap_or(0)
        // Wide enough for the product ids (ds_org_individual); longer values push their label.
        .min(17);
    let list_height = usize::from(rect.height.saturating_sub(4));
    let first = picker.cursor.saturating_sub(list_height.saturating_sub(1));
    let mut lines = vec![
        Line::from(vec![
            Span::styled("Search: ", t.dim),
            Span::raw(picker.query.clone()),
            Span::styled("▏", t.focus),
            Span::styled(
                format!("  {} of {}", matching.len(), picker.items.len()),
                t.dim,
            ),
        ]),
        Line::default(),
    ];
    for (i, item) in matching.iter().enumerate().skip(first).take(list_height) {
        let tick = match &picker.ticked {
            Some(ticked) if ticked.contains(&item.value) => "[x] ",
            Some(_) => "[ ] ",
            None => "",
        };
        let mut text = format!("{tick}{:<value_width$}  {}", item.value, item.label);
        if !item.meaning.is_empty() {
            text.push_str(" — ");
            text.push_str(&item.meaning);
        }
        // A line wider than the box is cut with `…`, never silently.
        let text =
            crate::tui::view::fit::ellipsize(&text, usize::from(rect.width.saturating_sub(2)));
        let style = if i == picker.cursor {
            t.selected
        } else {
            t.base
        };
        lines.push(Line::from(Span::styled(text, style)));
    }
    if matching.is_empty() {
        lines.push(Line::from(Span::styled("nothing matches", t.dim)));
    }
    // The keys that work now, as the footer offers them (no Enter when nothing matches).
    let hint = format!(
        " type to search · {} ",
        crate::tui::commands::overlay_hint(model)
    );
    frame.render_widget(Clear, rect);
    frame.render_widget(
        Paragraph::new(lines).block(
            Block::bordered()
                .title(format!(" {} ", picker.title))
                .title_bottom(hint),
        ),
        rect,
    );
}
