//! Every colour and symbol the wizard uses, in one place. `NO_COLOR` gives a monochrome theme in
//! which meaning is carried by symbols and emphasis alone.

use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use time::OffsetDateTime;

/// The marks that carry meaning without colour.
pub const ERROR_MARK: &str = "✗";
/// Marks a step or field that is complete.
pub const OK_MARK: &str = "✓";
/// Marks a warning.
pub const WARN_MARK: &str = "!";
/// Marks a step not yet visited.
pub const UNTOUCHED_MARK: &str = "○";
/// Marks a step visited but not finished.
pub const PARTIAL_MARK: &str = "•";

/// The styles of every part of the screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub base: Style,
    pub title: Style,
    pub dim: Style,
    pub focus: Style,
    pub label: Style,
    pub error: Style,
    pub warning: Style,
    pub ok: Style,
    pub sandbox: Style,
    pub live: Style,
    pub key: Style,
    pub current_step: Style,
    pub json_key: Style,
    pub json_string: Style,
    pub json_number: Style,
    pub json_literal: Style,
    pub selected: Style,
}

impl Theme {
    /// The colour theme.
    pub fn colour() -> Self {
        let plain = Style::default();
        Theme {
            base: plain,
            title: plain.add_modifier(Modifier::BOLD),
            dim: plain.fg(Color::DarkGray),
            focus: plain.fg(Color::Cyan).add_modifier(Modifier::BOLD),
            label: plain,
            error: plain.fg(Color::Red),
            warning: plain.fg(Color::Yellow),
            ok: plain.fg(Color::Green),
            sandbox: plain
                .fg(Color::Black)
                .bg(Color::Yellow)
                .add_modifier(Modifier::BOLD),
            live: plain
                .fg(Color::White)
                .bg(Color::Red)
                .add_modifier(Modifier::BOLD),
            key: plain.fg(Color::Cyan),
            current_step: plain.add_modifier(Modifier::BOLD | Modifier::REVERSED),
            json_key: plain.fg(Color::Cyan),
            json_string: plain.fg(Color::Green),
            json_number: plain.fg(Color::Magenta),
            json_literal: plain.fg(Color::Yellow),
            selected: plain.add_modifier(Modifier::REVERSED),
        }
    }

    /// The theme without colour: emphasis only.
    pub fn monochrome() -> Self {
        let plain = Style::default();
        let bold = plain.add_modifier(Modifier::BOLD);
        Theme {
            base: plain,
            title: bold,
            dim: plain,
            focus: bold,
            label: plain,
            error: bold,
            warning: plain,
            ok: plain,
            sandbox: plain.add_modifier(Modifier::REVERSED | Modifier::BOLD),
            live: plain.add_modifier(Modifier::REVERSED | Modifier::BOLD),
            key: bold,
            current_step: plain.add_modifier(Modifier::REVERSED | Modifier::BOLD),
            json_key: bold,
            json_string: plain,
            json_number: plain,
            json_literal: plain,
            selected: plain.add_modifier(Modifier::REVERSED),
        }
    }

    /// Monochrome when `no_color` (the `NO_COLOR` variable is set and not empty), else colour.
    pub fn for_env(no_color: Option<&str>) -> Self {
        match no_color {
            Some(v) if !v.is_empty() => Theme::monochrome(),
            _ => Theme::colour(),
        }
    }
}

impl Default for Theme {
    fn default() -> Self {
        Theme::colour()
    }
}

/// A time as the wizard shows it: `HH:MM:SS UTC`.
pub fn clock(t: OffsetDateTime) -> String {
    format!("{:02}:{:02}:{:02} UTC", t.hour(), t.minute(), t.second())
}

/// The spinner's frames.
const SPINNER: [&str; 8] = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧"];

/// The spinner's current frame.
pub fn spinner(ticks: u64) -> &'static str {
    SPINNER[(ticks % SPINNER.len() as u64) as usize]
}

/// A count with its noun: `1 division`, `2 divisions`.
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// One line of text in a style, for the screens' notes.
pub fn note(text: impl Into<String>, style: Style) -> Line<'static> {
    Line::from(Span::styled(text.into(), style))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_read_as_english() {
        assert_eq!(count(1, "division", "divisions"), "1 division");
        assert_eq!(count(0, "division", "divisions"), "0 divisions");
        assert_eq!(count(2, "year", "years"), "2 years");
    }

    #[test]
    fn no_color_means_no_colour() {
        let mono = Theme::for_env(Some("1"));
        assert_eq!(mono, Theme::monochrome());
        assert_eq!(mono.error.fg, None);
        assert_eq!(Theme::for_env(Some("")), Theme::colour());
        assert_eq!(Theme::for_env(None), Theme::colour());
    }
}
