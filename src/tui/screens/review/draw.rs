//! Review: every field with its value and problems, and beside it the exact JSON body.

use crate::tui::view::canvas::Canvas;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use super::json::highlight;
use crate::tui::app::Model;
use crate::tui::layout::review_panes;
use crate::tui::theme::{ERROR_MARK, WARN_MARK};
use crate::tui::view::fit::{ellipsize, wrap};
use crate::tui::view::value::display_value;

/// Draws the Review screen.
pub fn draw<'m>(frame: &mut Canvas<'m, '_>, body: Rect, model: &'m Model) {
    let t = model.theme();
    let (list_area, json_area) = review_panes(body);
    let rows = model.review_rows();
    let room = usize::from(list_area.width.saturating_sub(2));
    let mut lines = Vec::new();
    let mut selected_line = 0usize;
    let mut selected_end = 0usize;
    let mut last_screen = None;
    for (i, (screen, row)) in rows.iter().enumerate() {
        if last_screen != Some(*screen) {
            lines.push(Line::from(Span::styled(
                ellipsize(screen.title(), room),
                t.title,
            )));
            last_screen = Some(*screen);
        }
        let shown = model.shown(*row);
        let error = shown.iter().find(|d| d.is_error());
        let warning = shown
            .iter()
            .find(|d| d.severity == crate::order::Severity::Warning);
        let (value, _) = display_value(model, *row);
        let mark = if error.is_some() { ERROR_MARK } else { " " };
        let style = if i == model.review.selected() {
            t.selected
        } else if error.is_some() {
            t.error
        } else {
            t.base
        };
        let selected = i == model.review.selected();
        if selected {
            selected_line = lines.len();
        }
        // Each entry on one line, cut with `…`; the selected one wraps so it reads in full.
        // The selection has its own mark beside the error mark, so it shows without colour.
        let entry = format!(" {mark} {}: {value}", model.label(*row));
        let message = error
            .map(|d| (format!("{ERROR_MARK} {}", d.message), t.error))
            .or_else(|| warning.map(|d| (format!("{WARN_MARK} {}", d.message), t.warning)));
        if selected {
            let text = format!("{}: {value}", model.label(*row));
            for (n, l) in wrap(&text, room.saturating_sub(3)).into_iter().enumerate() {
                let lead = if n == 0 {
                    format!("▸{mark}")
                } else {
                    "  ".into()
                };
                lines.push(Line::from(Span::styled(format!("{lead} {l}"), style)));
            }
            if let Some((text, style)) = message {
                for l in wrap(&text, room.saturating_sub(4)) {
                    lines.push(Line::from(Span::styled(format!("    {l}"), style)));
                }
            }
            selected_end = lines.len();
        } else {
            lines.push(Line::from(Span::styled(ellipsize(&entry, room), style)));
            if let Some((text, style)) = message {
                lines.push(Line::from(Span::styled(
                    format!("    {}", ellipsize(&text, room.saturating_sub(4))),
                    style,
                )));
            }
        }
    }
    // Problems of the order as a whole (or of no row) are listed too, so none hides.
    let paths: Vec<String> = rows.iter().map(|(_, r)| r.path().into_owned()).collect();
    let loose: Vec<_> = model
        .form
        .diagnostics()
        .iter()
        .filter(|d| d.severity != crate::order::Severity::Info && !paths.contains(&d.path))
        .collect();
    if !loose.is_empty() {
        lines.push(Line::from(Span::styled("The order as a whole", t.title)));
        for d in loose {
            let (mark, style) = if d.is_error() {
                (ERROR_MARK, t.error)
            } else {
                (WARN_MARK, t.warning)
            };
            for l in wrap(&format!("{mark} {}", d.message), room) {
                lines.push(Line::from(Span::styled(l, style)));
            }
        }
    }
    let errors = model.blocking_errors();
    let title = if errors == 0 {
        " Fields: ready to submit ".to_owned()
    } else {
        format!(" Fields: {ERROR_MARK} {errors} to fix (n: next, Enter: go) ")
    };
    let inner_height = usize::from(list_area.height.saturating_sub(2));
    // The whole selected entry in view (and the line after it), its first line first.
    let scroll = (selected_end + 1)
        .saturating_sub(inner_height)
        .min(selected_line) as u16;
    frame.render_widget(
        Paragraph::new(lines)
            .scroll((scroll, 0))
            .block(Block::bordered().title(title)),
        list_area,
    );
    let text = serde_json::to_string_pretty(&model.body()).unwrap_or_default();
    // A line wider than the pane (a CSR's) ends in `…`, not at the frame.
    let inner = usize::from(json_area.width.saturating_sub(2));
    let text = text
        .lines()
        .map(|l| crate::tui::view::fit::ellipsize(l, inner))
        .collect::<Vec<_>>()
        .join("\n");
    let json_lines = highlight(&text, t);
    let max_scroll = (json_lines.len() as u16).saturating_sub(json_area.height.saturating_sub(2));
    let scroll = model.review.json_scroll().min(max_scroll);
    let url = format!(
        " POST …/order/certificate/{} ",
        model.draft().product.name_id()
    );
    frame.render_widget(
        Paragraph::new(json_lines).scroll((scroll, 0)).block(
            Block::bordered()
                .title(" JSON body (J/K scroll) ")
                .title_bottom(url),
        ),
        json_area,
    );
}
