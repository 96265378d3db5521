//! The footer (the keys that work here, from the keymap) and the status line above it.

use crate::tui::view::canvas::Canvas;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::detail::help_of;
use super::fit::{ELLIPSIS, ellipsize, width, wrap};
use crate::tui::app::Model;
use crate::tui::commands::{self, Command};
use crate::tui::keymap::{Action, Scope};
use crate::tui::theme::ERROR_MARK;

/// Draws the commands that work here, as many as fit (see [`fit`]).
pub fn draw<'m>(frame: &mut Canvas<'m, '_>, area: Rect, model: &'m Model) {
    let t = model.theme();
    let mut spans = Vec::new();
    for command in fit(&commands::footer(model), area.width) {
        spans.push(Span::styled(command.key_name(), t.key));
        spans.push(Span::raw(" "));
        spans.push(Span::raw(command.word));
        spans.push(Span::raw("  "));
    }
    frame.render_line(Line::from(spans), area);
}

/// The cells one entry takes: key, space, word, two spaces (the last entry's may hang over).
fn entry_width(command: &Command) -> usize {
    width(&command.key_name()) + width(command.word) + 3
}

/// The footer's entries that fit `width`, in their order, each whole. When not all fit, they are
/// kept in this priority: quit and F1 help (always), then the way on to the next screen (the
/// key a person needs most to finish), then the most specific scope's entries first (the order
/// `commands::footer` gives); the rest are dropped whole.
pub fn fit(commands: &[Command], width: u16) -> Vec<Command> {
    let room = usize::from(width) + 2;
    let always = |c: &Command| {
        c.scope == Scope::Always || (c.scope == Scope::Global && c.action == Action::NextScreen)
    };
    let mut used: usize = commands.iter().filter(|c| always(c)).map(entry_width).sum();
    let mut keep: Vec<bool> = commands.iter().map(always).collect();
    for (i, c) in commands.iter().enumerate() {
        if keep[i] {
            continue;
        }
        let w = entry_width(c);
        if used + w <= room {
            used += w;
            keep[i] = true;
        }
    }
    commands
        .iter()
        .zip(keep)
        .filter(|(_, k)| *k)
        .map(|(c, _)| *c)
        .collect()
}

/// Draws the notice, or the focused field's help.
/// `detail_shown`: the form shows the focused field's detail, its help included.
pub fn draw_status<'m>(
    frame: &mut Canvas<'m, '_>,
    area: Rect,
    model: &'m Model,
    detail_shown: bool,
) {
    let t = model.theme();
    let width = usize::from(area.width);
    let line = match model.notice() {
        Some(n) => {
            let (text, style) = if n.is_error {
                (format!("{ERROR_MARK} {}", n.text), t.error)
            } else {
                (n.text.clone(), t.ok)
            };
            // A notice too long for the line wraps upwards over the body, up to four lines,
            // so it reads in full; past that it ends in `…`.
            let mut lines = wrap(&text, width);
            if lines.len() > STATUS_LINES {
                lines.truncate(STATUS_LINES);
                let last = format!("{} {}", lines[STATUS_LINES - 1], ELLIPSIS);
                lines[STATUS_LINES - 1] = ellipsize(&last, width);
            }
            let height = (lines.len() as u16).min(area.y.saturating_add(1));
            let rect = Rect::new(area.x, area.y + 1 - height, area.width, height);
            frame.render_widget(Clear, rect);
            let lines: Vec<Line> = lines
                .into_iter()
                .map(|l| Line::from(Span::styled(l, style)))
                .collect();
            frame.render_widget(Paragraph::new(lines), rect);
            return;
        }
        None => match (model.overlay().is_none(), model.focused_row()) {
            // Only when the field's detail (which shows it whole) has no room; cut with a sign.
            (true, Some(row)) if !detail_shown => {
                Line::from(Span::styled(ellipsize(&help_of(model, row), width), t.dim))
            }
            _ => Line::default(),
        },
    };
    frame.render_line(line, area);
}

/// The most lines a notice takes.
const STATUS_LINES: usize = 4;
