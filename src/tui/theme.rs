//! Every colour and symbol the wizard uses, in one place. `NO_COLOR` gives a monochrome theme in
//! which meaning is carried by symbols and emphasis alone; a vt100-class terminal (`TERM=vt100`,
//! `vt102`, `vt220`, `ansi`, or any `*mono*`) gets that theme with ASCII marks and lines.

use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use time::OffsetDateTime;

/// The marks that carry meaning without colour.
pub const ERROR_MARK: &str = "✗";
/// Marks a step or field that is complete.
pub const OK_MARK: &str = "✓";
/// Marks a warning.
pub const WARN_MARK: &str = "!";
/// A quiet note: something not checked.
pub const NOTE_MARK: &str = "·";
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
    /// Every drawn character outside ASCII is replaced ([`to_ascii`]) for terminals that
    /// cannot show them.
    pub ascii: bool,
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
            ascii: false,
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
            ascii: false,
        }
    }

    /// The theme for a terminal: monochrome with ASCII marks for a vt100-class `TERM`, else as
    /// [`Theme::for_env`] says.
    pub fn for_term(no_color: Option<&str>, term: Option<&str>) -> Self {
        if term.is_some_and(vt100_class) {
            Theme {
                ascii: true,
                ..Theme::monochrome()
            }
        } else {
            Theme::for_env(no_color)
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

/// Whether a `TERM` names a terminal without colour or Unicode: the DEC VTs, plain `ansi`, or
/// any entry whose name says `mono`.
fn vt100_class(term: &str) -> bool {
    let term = term.to_ascii_lowercase();
    matches!(
        term.as_str(),
        "vt52" | "vt100" | "vt102" | "vt220" | "vt320" | "ansi"
    ) || term.contains("mono")
}

/// Replaces every character a vt100-class terminal cannot show: marks, arrows, lines and the
/// spinner get ASCII look-alikes; anything else outside ASCII (typed text, wide characters)
/// becomes `?` (the cell a wide character covered is already blank).
pub fn to_ascii(buf: &mut ratatui::buffer::Buffer) {
    buf.content.iter_mut().for_each(cell_to_ascii);
}

/// [`to_ascii`] for one cell.
pub fn cell_to_ascii(cell: &mut ratatui::buffer::Cell) {
    if cell.symbol().is_ascii() {
        return;
    }
    let ascii = match cell.symbol() {
        "✓" => "+",
        "✗" | "×" => "x",
        "○" => "o",
        "•" | "█" => "*",
        "·" => ".",
        // A cut value must not end like a sentence: `~` says "more than shown".
        "…" => "~",
        "—" | "─" | "━" | "═" => "-",
        "│" | "┃" | "║" | "▏" => "|",
        "┌" | "┐" | "└" | "┘" | "├" | "┤" | "┬" | "┴" | "┼" | "╭" | "╮" | "╰" | "╯" => {
            "+"
        }
        "→" | "▸" | "›" | "▶" => ">",
        "←" | "‹" | "◀" => "<",
        "↑" | "▲" => "^",
        "↓" | "▼" => "v",
        "░" | "▒" => ":",
        "⠋" | "⠼" => "|",
        "⠙" | "⠴" => "/",
        "⠹" | "⠦" => "-",
        "⠸" | "⠧" => "\\",
        _ => "?",
    };
    cell.set_symbol(ascii);
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
    fn vt100_class_terminals_get_no_colour_and_ascii() {
        for term in ["vt100", "vt102", "vt220", "ansi", "xterm-mono", "VT100"] {
            let t = Theme::for_term(None, Some(term));
            assert!(t.ascii, "{term}");
            assert_eq!(t.error.fg, None, "{term}");
            assert_eq!(t.ok.fg, None, "{term}");
        }
        for term in ["xterm-256color", "screen", "linux"] {
            assert_eq!(Theme::for_term(None, Some(term)), Theme::colour(), "{term}");
        }
        assert_eq!(
            Theme::for_term(Some("1"), Some("xterm")),
            Theme::monochrome()
        );
        let mut buf = ratatui::buffer::Buffer::empty(ratatui::layout::Rect::new(0, 0, 12, 1));
        buf.set_string(0, 0, "✓ ✗ ─│ 東x ⠋", Style::default());
        to_ascii(&mut buf);
        let text: String = buf.content.iter().map(|c| c.symbol()).collect();
        assert_eq!(text, "+ x -| ? x |");
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
