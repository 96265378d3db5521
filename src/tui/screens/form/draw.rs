//! Drawing a form screen's rows: label, value (or the input when focused), and the problems
//! shown for it, each cut with `…` when too long; and the focused field's detail, where all of
//! it reads in full. Every form screen uses this; each adds its own note line.

use crate::tui::view::canvas::Canvas;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use crate::order::validate::Severity;
use crate::tui::app::{Model, Row};
use crate::tui::input::Lines;
#[cfg(doc)]
use crate::tui::layout::form_layout;
use crate::tui::layout::{FormLayout, label_width};
use crate::tui::theme::{ERROR_MARK, NOTE_MARK, OK_MARK, WARN_MARK};
use crate::tui::view::detail;
use crate::tui::view::fit::ellipsize;
use crate::tui::view::value::display_value;

/// Draws the note line, the visible rows with signs for those scrolled out, and the focused
/// field's detail (below the rows, or beside them when the terminal is wide).
/// `layout` is [`crate::tui::layout::form_layout`]'s for `body`, made once a frame by the view.
pub fn draw<'m>(
    frame: &mut Canvas<'m, '_>,
    body: Rect,
    model: &'m Model,
    note: Line<'static>,
    layout: FormLayout,
) {
    let t = model.theme();
    let side = layout.detail.filter(|(_, side)| *side).map(|(r, _)| r);
    let note_width = side.map_or(body.width, |s| s.x - body.x - 1);
    // The note may take the two lines above the rows.
    frame.render_widget(
        Paragraph::new(note).wrap(Wrap { trim: true }),
        Rect::new(body.x, body.y, note_width, body.height.min(2)),
    );
    let rows = model.rows(model.nav.screen());
    let label_w = layout
        .rows
        .first()
        .map_or(12, |(_, r)| label_width(model, *r));
    for (i, rect) in &layout.rows {
        draw_row(
            frame,
            *rect,
            model,
            rows[*i],
            *i == model.form.focus,
            label_w,
        );
    }
    for (count, rect, arrow) in [
        (layout.above.0, layout.above.1, "↑"),
        (layout.below.0, layout.below.1, "↓"),
    ] {
        if let Some(rect) = rect {
            let text = format!("  {arrow} {count} more (Tab / S-Tab)");
            frame.render_line(Span::styled(text, t.dim), rect);
        }
    }
    if let (Some((area, side)), Some(row)) = (layout.detail, model.focused_row()) {
        draw_detail(frame, area, side, model, row, layout.detail_lines);
    }
}

/// Draws a screen the draft's product has no fields on: that it is skipped, and why.
pub fn skipped<'m>(
    frame: &mut Canvas<'m, '_>,
    body: Rect,
    model: &'m Model,
    title: &str,
    why: &str,
) {
    let t = model.theme();
    let lines = vec![
        crate::tui::theme::note(format!("{title} is skipped."), t.title),
        Line::default(),
        Line::raw(format!("{why}.")),
        Line::raw("The product is chosen on the Certificate screen."),
    ];
    frame.render_widget(
        Paragraph::new(lines).wrap(ratatui::widgets::Wrap { trim: true }),
        body,
    );
}

/// `measured`: the detail's lines as the layout built them for `area` (below the rows).
fn draw_detail<'m>(
    frame: &mut Canvas<'m, '_>,
    area: Rect,
    side: bool,
    model: &'m Model,
    row: Row,
    measured: Option<Vec<Line<'static>>>,
) {
    let t = model.theme();
    let inner = if side {
        let block = Block::new()
            .borders(Borders::LEFT)
            .border_style(t.dim)
            .title(Span::styled(" Field ", t.dim));
        let inner = block.inner(area);
        // The border and the title drawn apart: a changed line of the detail then redraws
        // that line, not the whole pane under it.
        frame.render_widget(
            Block::new().borders(Borders::LEFT).border_style(t.dim),
            Rect::new(area.x, area.y, 1, area.height),
        );
        frame.render_line(
            Span::styled(" Field ", t.dim),
            Rect::new(inner.x, area.y, inner.width, 1),
        );
        Rect::new(
            inner.x + 1,
            inner.y,
            inner.width.saturating_sub(1),
            inner.height,
        )
    } else {
        frame.render_line(
            Span::styled("─".repeat(usize::from(area.width)), t.dim),
            Rect::new(area.x, area.y.saturating_sub(1), area.width, 1),
        );
        area
    };
    let lines = match measured {
        Some(lines) if !side && inner.width == area.width => lines,
        _ => detail::lines(model, row, inner.width, side),
    };
    let lines = crate::tui::view::fit::fit_lines(
        lines,
        usize::from(inner.width),
        usize::from(inner.height),
        t.dim,
    );
    frame.render_lines(lines, inner);
}

fn draw_row<'m>(
    frame: &mut Canvas<'m, '_>,
    rect: Rect,
    model: &'m Model,
    row: Row,
    focused: bool,
    label_w: u16,
) {
    let t = model.theme();
    let shown = model.shown(row);
    let has_error = shown.iter().any(|d| d.is_error());
    // Two marks, each in its own column, so focus shows even on a field with an error and
    // without colour.
    let focus_mark = if focused { "▸" } else { " " };
    let error_mark = if has_error { ERROR_MARK } else { " " };
    let label_style = if focused {
        t.focus
    } else if has_error {
        t.error
    } else {
        t.label
    };
    let label = ellipsize(
        &format!("{focus_mark}{error_mark} {}", model.label(row)),
        usize::from(label_w),
    );
    frame.render_line(
        Span::styled(label, label_style),
        Rect::new(rect.x, rect.y, label_w, 1),
    );
    let value_area = Rect::new(
        rect.x + label_w + 1,
        rect.y,
        rect.width.saturating_sub(label_w + 1),
        1,
    );
    let value_w = usize::from(value_area.width);
    let editing = if focused {
        model.form.editor.as_ref()
    } else {
        None
    };
    let y = rect.y + 1;
    match editing {
        Some(editor) if editor.lines() == Lines::Single => {
            // The name of a typed id (organization, division, users...) stays in view beside it.
            let (shown_value, _) = display_value(model, row);
            let suffix = shown_value
                .strip_prefix(model.value(row).trim())
                .filter(|rest| rest.starts_with(" · ") && !model.value(row).trim().is_empty());
            let text_width =
                u16::try_from(editor.width()).map_or(u16::MAX, |w| w.saturating_add(1));
            match suffix {
                Some(rest) if text_width + 8 < value_area.width => {
                    let editor_area = Rect::new(value_area.x, value_area.y, text_width, 1);
                    frame.render_changing(editor.widget(), editor_area);
                    let room = value_area.width - text_width;
                    frame.render_line(
                        Span::styled(ellipsize(rest.trim_start(), usize::from(room)), t.dim),
                        Rect::new(value_area.x + text_width, value_area.y, room, 1),
                    );
                }
                _ => frame.render_changing(editor.widget(), value_area),
            }
        }
        Some(editor) => {
            frame.render_line(
                Span::styled(ellipsize("editing below · Tab leaves", value_w), t.dim),
                value_area,
            );
            let area = Rect::new(
                rect.x + 2,
                y,
                rect.width.saturating_sub(2),
                rect.height.saturating_sub(1),
            );
            frame.render_changing(editor.widget(), area);
        }
        None => {
            let (text, dim) = display_value(model, row);
            let style = if dim { t.dim } else { t.base };
            frame.render_line(Span::styled(ellipsize(&text, value_w), style), value_area);
        }
    }
    if focused {
        // The focused row's problems are read in full in its detail.
        return;
    }
    let room = usize::from(rect.width.saturating_sub(4));
    for (n, d) in shown.iter().take(2).enumerate() {
        let (mark, style) = match d.severity {
            Severity::Error => (ERROR_MARK, t.error),
            Severity::Warning => (WARN_MARK, t.warning),
            // A pre-flight note (a check that could not be read) is not a tick.
            Severity::Info if d.code == "preflight" => (NOTE_MARK, t.dim),
            Severity::Info => (OK_MARK, t.ok),
        };
        let more = if n == 1 && shown.len() > 2 {
            format!(" (+{} more)", shown.len() - 2)
        } else {
            String::new()
        };
        let text = format!("{mark} {}", d.message);
        let text = if more.is_empty() {
            ellipsize(&text, room)
        } else {
            format!(
                "{}{more}",
                ellipsize(&text, room.saturating_sub(more.chars().count()))
            )
        };
        frame.render_line(
            Span::styled(text, style),
            Rect::new(rect.x + 4, y + n as u16, rect.width.saturating_sub(4), 1),
        );
    }
}
