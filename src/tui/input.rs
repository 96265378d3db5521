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

/// From how far in (characters or lines) the input draws only a window around the cursor.
const WINDOW_FROM: usize = 16_384;
/// How many characters (and lines) of text the window keeps on each side of the cursor: more
/// than any terminal shows.
const WINDOW: usize = 1_024;

/// What an input draws: the whole text, or, far into a long text, the part around the cursor.
pub enum InputView<'a> {
    Whole(&'a TextArea<'static>),
    Window(Box<TextArea<'static>>),
}

impl ratatui::widgets::Widget for InputView<'_> {
    fn render(self, area: ratatui::layout::Rect, buf: &mut ratatui::buffer::Buffer) {
        match self {
            InputView::Whole(text) => text.render(area, buf),
            InputView::Window(text) => (&*text).render(area, buf),
        }
    }
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

    /// The widget to draw, styled by the caller. `ratatui-textarea` keeps its scroll position
    /// in `u16`s, so with the cursor past `WINDOW_FROM` characters (or lines) in, it would
    /// scroll to the wrong place: it is then given only the text around the cursor.
    pub fn widget(&self) -> InputView<'_> {
        let (row, col) = self.cursor();
        if row < WINDOW_FROM && col < WINDOW_FROM {
            return InputView::Whole(&self.area);
        }
        let lines = self.area.lines();
        let first_row = row.saturating_sub(WINDOW);
        let last_row = (row + WINDOW).min(lines.len());
        let first_col = col.saturating_sub(WINDOW);
        let window: Vec<String> = lines[first_row..last_row]
            .iter()
            .map(|l| l.chars().skip(first_col).take(2 * WINDOW).collect())
            .collect();
        let mut area = TextArea::new(window);
        area.set_cursor_line_style(ratatui::style::Style::default());
        area.set_cursor_style(self.area.cursor_style());
        area.set_style(self.area.style());
        // Both are below 2 × WINDOW, so they fit the u16 the jump takes.
        area.move_cursor(CursorMove::Jump(
            (row - first_row) as u16,
            (col - first_col) as u16,
        ));
        InputView::Window(Box::new(area))
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

    /// The text as drawn in a field `width` columns wide.
    fn drawn(input: &TextInput, width: u16) -> String {
        let mut terminal =
            ratatui::Terminal::new(ratatui::backend::TestBackend::new(width, 1)).unwrap();
        terminal
            .draw(|f| f.render_widget(input.widget(), f.area()))
            .unwrap();
        terminal
            .backend()
            .buffer()
            .content()
            .iter()
            .map(|c| c.symbol())
            .collect()
    }

    #[test]
    fn a_paste_past_65535_characters_shows_its_end() {
        let mut input = TextInput::new("", Lines::Single);
        let text = format!("{}END-OF-PASTE", "a".repeat(69_988));
        assert_eq!(text.chars().count(), 70_000);
        assert!(input.paste(&text));
        assert_eq!(input.cursor(), (0, 70_000));
        let shown = drawn(&input, 40);
        assert!(shown.contains("END-OF-PASTE"), "{shown:?}");
        input.apply(EditOp::Home);
        assert!(drawn(&input, 40).starts_with("aaaa"));
        let mut lines = TextInput::new("", Lines::Multi);
        let many: Vec<String> = (0..70_000).map(|i| format!("line {i}")).collect();
        lines.paste(&many.join("\n"));
        let mut terminal =
            ratatui::Terminal::new(ratatui::backend::TestBackend::new(20, 3)).unwrap();
        terminal
            .draw(|f| f.render_widget(lines.widget(), f.area()))
            .unwrap();
        let shown = terminal.backend().to_string();
        assert!(shown.contains("line 69999"), "{shown}");
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
