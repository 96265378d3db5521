//! The batch review: the file's rows, each marked ready or with its count of errors, and the
//! highlighted row's errors and warnings under the list.

use crate::tui::view::canvas::Canvas;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use super::{BatchReview, who};
use crate::order::batch::{Row, check};
use crate::order::validate::{Context, Severity};
use crate::tui::app::Model;
use crate::tui::layout::centered;
use crate::tui::theme::{ERROR_MARK, OK_MARK};

/// A row's diagnostics with what the wizard knows of the account, as `submit --batch` checks
/// them before sending.
fn diagnostics(model: &Model, row: &Row) -> Vec<(Severity, String)> {
    let ctx = model.context_for(row.draft.product);
    check(std::slice::from_ref(row), |_| Context { ..ctx })
        .into_iter()
        .map(|d| {
            let path = if d.diagnostic.path.is_empty() {
                "(row)".to_owned()
            } else {
                d.diagnostic.path.clone()
            };
            (
                d.diagnostic.severity,
                format!("{path}: {}", d.diagnostic.message),
            )
        })
        .collect()
}

pub fn draw<'m>(frame: &mut Canvas<'m, '_>, area: Rect, model: &'m Model, batch: &'m BatchReview) {
    let t = model.theme();
    let rect = centered(
        area,
        area.width.saturating_sub(4).min(110),
        area.height.saturating_sub(2),
    );
    let inner_height = usize::from(rect.height.saturating_sub(2));
    // The list takes up to half the box; the highlighted row stays in view.
    let list_rows = (inner_height / 2).max(1).min(batch.rows.len().max(1));
    let first = batch.cursor.saturating_sub(list_rows.saturating_sub(1));
    let mut lines = Vec::new();
    let mut with_errors = 0;
    for (i, row) in batch.rows.iter().enumerate() {
        let found = diagnostics(model, row);
        let errors = found.iter().filter(|(s, _)| *s == Severity::Error).count();
        with_errors += usize::from(errors > 0);
        if i < first || i >= first + list_rows {
            continue;
        }
        let style = if i == batch.cursor {
            t.selected
        } else {
            t.base
        };
        let (mark, state, state_style) = match errors {
            0 => (OK_MARK, "ready".to_owned(), t.ok),
            n => (
                ERROR_MARK,
                format!("{n} error{}", if n == 1 { "" } else { "s" }),
                t.error,
            ),
        };
        lines.push(Line::from(vec![
            Span::styled(format!("{mark} "), state_style),
            Span::styled(
                format!("row {} (line {}) {}", row.row, row.line, who(row)),
                style,
            ),
            Span::styled(format!("  {state}"), state_style),
        ]));
    }
    let width = usize::from(rect.width.saturating_sub(2)).max(1);
    lines.push(Line::styled("─".repeat(width), t.dim));
    lines.push(Line::styled(
        "Review only: the wizard does not place a batch; this command does:",
        t.dim,
    ));
    lines.push(Line::styled(batch.submit_command(), t.dim));
    if let Some(row) = batch.selected() {
        let found = diagnostics(model, row);
        if found.is_empty() {
            lines.push(Line::styled(
                format!("Row {}: no errors, no warnings", row.row),
                t.ok,
            ));
        }
        // What fits under the list (wrapped lines counted); the rest is said, not cut.
        let used: usize = lines.iter().map(|l| l.width().div_ceil(width).max(1)).sum();
        let mut room = inner_height.saturating_sub(used);
        let total = found.len();
        for (i, (severity, text)) in found.into_iter().enumerate() {
            let line = format!("{severity}: {text}");
            let needs = line.chars().count().div_ceil(width).max(1);
            let last = i + 1 == total;
            if needs > room || (!last && needs + 1 > room) {
                lines.push(Line::styled(
                    format!("… {} more: Enter opens the row in the form", total - i),
                    t.warning,
                ));
                break;
            }
            room -= needs;
            let style = match severity {
                Severity::Error => t.error,
                Severity::Warning => t.warning,
                _ => t.dim,
            };
            lines.push(Line::styled(line, style));
        }
    }
    let title = format!(
        " Batch {}: {} row{}, {with_errors} with errors ",
        batch.file,
        batch.rows.len(),
        if batch.rows.len() == 1 { "" } else { "s" }
    );
    frame.render_widget(Clear, rect);
    frame.render_widget(
        Paragraph::new(lines).wrap(Wrap { trim: false }).block(
            Block::bordered()
                .title(Span::styled(title, t.title))
                .title_bottom(format!(" {} ", crate::tui::commands::overlay_hint(model))),
        ),
        rect,
    );
}
