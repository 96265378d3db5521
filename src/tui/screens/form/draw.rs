//! Drawing a form screen's rows: label, value (or the input when focused), and the problems
//! shown for it. Every form screen uses this; each adds its own note line.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use crate::order::catalog::{FieldKind, PickerKind};
use crate::order::validate::Severity;
use crate::order::{Product, country};
use crate::tui::app::{Model, Row};
use crate::tui::input::Lines;
use crate::tui::layout::{form_area, form_rows, label_width, problem_heights};
use crate::tui::theme::{ERROR_MARK, OK_MARK, WARN_MARK};

/// Draws the note line and the visible rows.
pub fn draw(frame: &mut Frame, body: Rect, model: &Model, note: Line<'static>) {
    // The note may take the two lines above the rows.
    frame.render_widget(
        Paragraph::new(note).wrap(Wrap { trim: true }),
        Rect::new(body.x, body.y, body.width, body.height.min(2)),
    );
    let rows = model.rows(model.screen);
    let label_w = label_width(model, form_area(body));
    for (i, rect) in form_rows(model, body) {
        draw_row(frame, rect, model, rows[i], i == model.focus, label_w);
    }
}

fn draw_row(frame: &mut Frame, rect: Rect, model: &Model, row: Row, focused: bool, label_w: u16) {
    let t = &model.theme;
    let shown = model.shown(row);
    let has_error = shown.iter().any(|d| d.is_error());
    let mark = if has_error {
        ERROR_MARK
    } else if focused {
        "▸"
    } else {
        " "
    };
    let label_style = if focused {
        t.focus
    } else if has_error {
        t.error
    } else {
        t.label
    };
    let label = format!("{mark} {}", model.label(row));
    frame.render_widget(
        Paragraph::new(Span::styled(label, label_style)),
        Rect::new(rect.x, rect.y, label_w, 1),
    );
    let value_area = Rect::new(
        rect.x + label_w + 1,
        rect.y,
        rect.width.saturating_sub(label_w + 1),
        1,
    );
    let editing = if focused { model.editor.as_ref() } else { None };
    let heights = problem_heights(model, row, rect.width);
    let mut y = rect.y + 1;
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
                    frame.render_widget(editor.widget(), editor_area);
                    frame.render_widget(
                        Paragraph::new(Span::styled(rest.trim_start().to_owned(), t.dim)),
                        Rect::new(
                            value_area.x + text_width,
                            value_area.y,
                            value_area.width - text_width,
                            1,
                        ),
                    );
                }
                _ => frame.render_widget(editor.widget(), value_area),
            }
        }
        Some(editor) => {
            let problems: u16 = heights.iter().sum();
            let height = rect.height.saturating_sub(1 + problems);
            frame.render_widget(
                Paragraph::new(Span::styled("editing below · Tab leaves", t.dim)),
                value_area,
            );
            let area = Rect::new(rect.x + 2, y, rect.width.saturating_sub(2), height);
            frame.render_widget(editor.widget(), area);
            y += height;
        }
        None => {
            let (text, dim) = display_value(model, row);
            let style = if dim { t.dim } else { t.base };
            frame.render_widget(Paragraph::new(Span::styled(text, style)), value_area);
        }
    }
    for (d, height) in shown.iter().zip(heights) {
        let (mark, style) = match d.severity {
            Severity::Error => (ERROR_MARK, t.error),
            Severity::Warning => (WARN_MARK, t.warning),
            Severity::Info => (OK_MARK, t.ok),
        };
        frame.render_widget(
            Paragraph::new(Span::styled(format!("{mark} {}", d.message), style))
                .wrap(Wrap { trim: true }),
            Rect::new(rect.x + 4, y, rect.width.saturating_sub(4), height),
        );
        y += height;
    }
}

/// A row's value as shown when it is not being edited, and whether it is a placeholder.
pub fn display_value(model: &Model, row: Row) -> (String, bool) {
    let value = model.value(row);
    let trimmed = value.trim();
    let account = model.account.ready();
    match row {
        Row::Product => {
            let p: Product = trimmed.parse().unwrap_or_default();
            (format!("{} ({})", p.label(), p.name_id()), false)
        }
        Row::Custom(_) if trimmed.is_empty() => (format!("— {}", model.placeholder(row)), true),
        Row::Custom(_) => (value, false),
        Row::Field(f) => match f.kind {
            FieldKind::YesNo => match trimmed {
                "true" => ("[x] yes".into(), false),
                "false" => ("[ ] no".into(), false),
                other => (format!("{other:?} (Space toggles)"), false),
            },
            FieldKind::Agreement => match trimmed {
                "1" => (
                    "[x] I accept DigiCert's Certificate Services Agreement".into(),
                    false,
                ),
                _ => ("[ ] not accepted (Space to accept)".into(), true),
            },
            _ if trimmed.is_empty() => match model.placeholder(row) {
                "" => ("—".into(), true),
                hint => (format!("— {hint}"), true),
            },
            FieldKind::Choice { options, .. } => {
                match options.iter().find(|o| o.value == trimmed) {
                    Some(o) => (format!("{} · {}: {}", o.value, o.label, o.meaning), false),
                    None => (value, false),
                }
            }
            FieldKind::Country => match country::find(trimmed) {
                Some(c) => (format!("{trimmed} · {}", c.name), false),
                None => (value, false),
            },
            FieldKind::Csr | FieldKind::MultilineText { .. } => {
                let lines = value.lines().count();
                let first = value.lines().next().unwrap_or("");
                if lines > 1 {
                    (format!("{first} … ({lines} lines)"), false)
                } else {
                    (value, false)
                }
            }
            _ => {
                let name = match f.picker {
                    Some(PickerKind::Organization) => account.and_then(|a| {
                        a.organizations
                            .iter()
                            .find(|o| o.id.to_string() == trimmed)
                            .map(|o| o.label())
                    }),
                    Some(PickerKind::Division) => account.and_then(|a| {
                        a.containers
                            .iter()
                            .find(|c| c.id.to_string() == trimmed)
                            .and_then(|c| c.name.clone())
                    }),
                    // The product's name for the platform; -1 is DigiCert's documented "OTHER".
                    Some(PickerKind::ServerPlatform) => model
                        .product_details
                        .ready()
                        .and_then(|d| {
                            d.server_platforms
                                .iter()
                                .find(|p| p.id.to_string() == trimmed)
                                .and_then(|p| p.name.clone())
                        })
                        .or_else(|| (trimmed == "-1").then(|| "OTHER".into())),
                    Some(PickerKind::Users) => account.map(|a| {
                        crate::order::draft::parse_id_list(trimmed)
                            .unwrap_or_default()
                            .iter()
                            .filter_map(|id| a.users.iter().find(|u| u.id == *id))
                            .map(|u| u.label())
                            .collect::<Vec<_>>()
                            .join(", ")
                    }),
                    _ => None,
                };
                match name.filter(|n| !n.is_empty()) {
                    Some(n) => (format!("{trimmed} · {n}"), false),
                    None => (value, false),
                }
            }
        },
    }
}
