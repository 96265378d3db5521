//! The footer (the keys that work here, from the keymap) and the status line above it.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::tui::app::{Model, Row};
use crate::tui::commands;
use crate::tui::theme::ERROR_MARK;

/// Draws the commands that work here, as many as fit.
pub fn draw(frame: &mut Frame, area: Rect, model: &Model) {
    let t = &model.theme;
    let mut spans = Vec::new();
    let mut used = 0usize;
    for command in commands::footer(model) {
        let (key, word) = (command.key_name(), command.word);
        let len = key.chars().count() + word.chars().count() + 3;
        if used + len > usize::from(area.width) {
            break;
        }
        used += len;
        spans.push(Span::styled(key, t.key));
        spans.push(Span::raw(format!(" {word}  ")));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// Draws the notice, or the focused field's help.
pub fn draw_status(frame: &mut Frame, area: Rect, model: &Model) {
    let t = &model.theme;
    let line = match &model.notice {
        Some(n) if n.is_error => {
            Line::from(Span::styled(format!("{ERROR_MARK} {}", n.text), t.error))
        }
        Some(n) => Line::from(Span::styled(n.text.clone(), t.ok)),
        None => match (model.overlay.is_none(), model.focused_row()) {
            (true, Some(row)) => Line::from(Span::styled(help_of(model, row), t.dim)),
            _ => Line::default(),
        },
    };
    frame.render_widget(Paragraph::new(line), area);
}

fn help_of(model: &Model, row: Row) -> String {
    match row {
        Row::Product => model.draft.product.help().to_owned(),
        Row::Field(f) => match f.kind {
            crate::order::catalog::FieldKind::Choice { options, .. } => {
                let value = model.value(row);
                match options.iter().find(|o| o.value == value.trim()) {
                    Some(o) => format!("{}: {} — {}", f.help, o.label, o.meaning),
                    None => f.help.to_owned(),
                }
            }
            _ => f.help.to_owned(),
        },
        Row::Custom(id) => {
            let data_type = model
                .account
                .ready()
                .and_then(|a| a.metadata.iter().find(|m| m.id == id))
                .map(|m| m.data_type.as_str().to_owned())
                .unwrap_or_else(|| "text".into());
            format!("a custom field of the account ({data_type})")
        }
    }
}
