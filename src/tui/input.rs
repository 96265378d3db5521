//! The one text input of the wizard: a wrapper around `ratatui-textarea` that accepts an explicit
//! set of editing operations (see [`EditOp`]; the keymap decides which keys produce them) and
//! normalises pastes. Every text field, single-line or multi-line, and every prompt uses it.

use ratatui_textarea::{CursorMove, TextArea};

/// One editing operation: what a key does inside a text field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EditOp {
    Insert(char),
    Backspace,
    Delete,
    Left,
    Right,
    Home,
    End,
    WordLeft,
    WordRight,
    /// Ctrl-K: delete to the end of the line.
    KillToEnd,
    /// Ctrl-U: delete to the start of the line.
    KillToStart,
    /// Ctrl-W / Alt-Backspace: delete the word before the cursor.
    KillWordBack,
    /// Alt-D: delete the word after the cursor.
    KillWordForward,
    /// Ctrl-Y: put back what the last kill removed.
    Yank,
    Undo,
    Redo,
    /// Enter in a multi-line field.
    Newline,
    /// Up inside a multi-line field.
    Up,
    /// Down inside a multi-line field.
    Down,
}

/// Whether the text may span lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lines {
    Single,
    Multi,
}

/// A text field being edited.
#[derive(Debug, Clone)]
pub struct TextInput {
    area: TextArea<'static>,
    lines: Lines,
}

/// Cleans pasted text for a field: CRLF and CR become LF; a single-line field joins lines with a
/// space and drops the line breaks at the ends; tabs become spaces; other control characters go.
pub fn normalise_paste(text: &str, lines: Lines) -> String {
    let unified = text.replace("\r\n", "\n").replace('\r', "\n");
    let kept: String = unified
        .chars()
        .filter_map(|c| match c {
            '\n' => Some('\n'),
            '\t' => Some(' '),
            c if c.is_control() => None,
            c => Some(c),
        })
        .collect();
    match lines {
        Lines::Multi => kept,
        Lines::Single => kept
            .split('\n')
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect::<Vec<_>>()
            .join(" "),
    }
}

impl TextInput {
    /// An input holding `text`, with the cursor at its end.
    pub fn new(text: &str, lines: Lines) -> Self {
        let content: Vec<String> = match lines {
            Lines::Single => vec![normalise_paste(text, Lines::Single)],
            Lines::Multi => text.split('\n').map(str::to_owned).collect(),
        };
        let mut area = TextArea::new(content);
        area.set_cursor_line_style(ratatui::style::Style::default());
        area.move_cursor(CursorMove::Bottom);
        area.move_cursor(CursorMove::End);
        TextInput { area, lines }
    }

    /// The text as typed, lines joined by `\n`.
    pub fn text(&self) -> String {
        self.area.lines().join("\n")
    }

    /// Whether it is a multi-line input.
    pub fn lines(&self) -> Lines {
        self.lines
    }

    /// The cursor as (row, column in characters).
    pub fn cursor(&self) -> (usize, usize) {
        let c = self.area.cursor();
        (c.0, c.1)
    }

    /// Whether the cursor is on the first line (Up leaves the field from there).
    pub fn on_first_line(&self) -> bool {
        self.area.cursor().0 == 0
    }

    /// Whether the cursor is on the last line (Down leaves the field from there).
    pub fn on_last_line(&self) -> bool {
        self.area.cursor().0 + 1 >= self.area.lines().len()
    }

    /// Applies one operation; returns whether the text changed.
    pub fn apply(&mut self, op: EditOp) -> bool {
        let a = &mut self.area;
        match op {
            EditOp::Insert(c) if c == '\n' || c == '\r' => self.newline(),
            EditOp::Insert(c) if c.is_control() => false,
            EditOp::Insert(c) => {
                a.insert_char(c);
                true
            }
            EditOp::Backspace => a.delete_char(),
            EditOp::Delete => a.delete_next_char(),
            EditOp::Left => move_cursor(a, CursorMove::Back),
            EditOp::Right => move_cursor(a, CursorMove::Forward),
            EditOp::Home => move_cursor(a, CursorMove::Head),
            EditOp::End => move_cursor(a, CursorMove::End),
            EditOp::WordLeft => move_cursor(a, CursorMove::WordBack),
            EditOp::WordRight => move_cursor(a, CursorMove::WordForward),
            EditOp::KillToEnd => a.delete_line_by_end(),
            EditOp::KillToStart => a.delete_line_by_head(),
            EditOp::KillWordBack => a.delete_word(),
            EditOp::KillWordForward => a.delete_next_word(),
            EditOp::Yank => a.paste(),
            EditOp::Undo => a.undo(),
            EditOp::Redo => a.redo(),
            EditOp::Newline => self.newline(),
            EditOp::Up => move_cursor(a, CursorMove::Up),
            EditOp::Down => move_cursor(a, CursorMove::Down),
        }
    }

    fn newline(&mut self) -> bool {
        match self.lines {
            Lines::Multi => {
                self.area.insert_newline();
                true
            }
            Lines::Single => false,
        }
    }

    /// Inserts a bracketed paste as one edit, normalised for this field.
    pub fn paste(&mut self, text: &str) -> bool {
        let clean = normalise_paste(text, self.lines);
        if clean.is_empty() {
            return false;
        }
        self.area.insert_str(clean)
    }

    /// The widget to draw, styled by the caller.
    pub fn widget(&self) -> &TextArea<'static> {
        &self.area
    }

    /// The hint an empty input shows.
    pub fn set_placeholder(&mut self, text: &str) {
        self.area.set_placeholder_text(text);
    }

    /// The text's width on screen, in columns (wide characters count two).
    pub fn width(&self) -> usize {
        self.area
            .lines()
            .iter()
            .map(|l| unicode_width::UnicodeWidthStr::width(l.as_str()))
            .max()
            .unwrap_or(0)
    }
}

fn move_cursor(area: &mut TextArea<'static>, m: CursorMove) -> bool {
    area.move_cursor(m);
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn single_line_paste_strips_newlines() {
        assert_eq!(
            normalise_paste("360 Taylor\r\nStreet\n", Lines::Single),
            "360 Taylor Street"
        );
        assert_eq!(normalise_paste("a\tb\u{7}c", Lines::Single), "a bc");
        let mut input = TextInput::new("x", Lines::Single);
        assert!(input.paste("\n1\n2\n"));
        assert_eq!(input.text(), "x1 2");
    }

    #[test]
    fn multi_line_paste_keeps_newlines() {
        let mut input = TextInput::new("", Lines::Multi);
        input.paste("-----BEGIN\r\nabc\r\n-----END\r\n");
        assert_eq!(input.text(), "-----BEGIN\nabc\n-----END\n");
    }

    #[test]
    fn readline_keys_edit() {
        let mut input = TextInput::new("hello world", Lines::Single);
        input.apply(EditOp::KillWordBack);
        assert_eq!(input.text(), "hello ");
        input.apply(EditOp::Home);
        input.apply(EditOp::Insert('>'));
        assert_eq!(input.text(), ">hello ");
        input.apply(EditOp::KillToEnd);
        assert_eq!(input.text(), ">");
        input.apply(EditOp::Yank);
        assert_eq!(input.text(), ">hello ");
        input.apply(EditOp::KillToStart);
        assert_eq!(input.text(), "");
        assert!(
            !input.apply(EditOp::Newline),
            "single-line takes no newline"
        );
    }

    #[test]
    fn wide_characters_move_by_character() {
        let mut input = TextInput::new("東京🙂", Lines::Single);
        assert_eq!(input.cursor(), (0, 3));
        input.apply(EditOp::Left);
        input.apply(EditOp::Insert('x'));
        assert_eq!(input.text(), "東京x🙂");
        assert_eq!(input.cursor(), (0, 3));
    }
}
