//! Where the view draws. A [`Canvas`] either draws each widget at once into a buffer (tests,
//! snapshots, the plain path of a whole frame) or records each widget with its place and a
//! fingerprint of what it shows, for [`crate::tui::paint::Painter`], which then draws only the
//! widgets that changed since the last frame and those under them, and compares only those
//! places with what the terminal shows. The view's code is the same either way: it asks for
//! `render_widget` (or `render_changing` for a widget that cannot be fingerprinted) and `area`.

use std::hash::{BuildHasher, Hash, Hasher};
use std::sync::OnceLock;

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::buffer::CellWidth;
use ratatui::layout::Alignment;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, StyledGrapheme};
use ratatui::widgets::Widget;

/// A hasher for a widget's fingerprint: foldhash (SipHash was an eighth of a key's cost), with
/// a seed drawn once per process, so that no text can be made to look unchanged on purpose.
fn fingerprint() -> impl Hasher {
    static SEED: OnceLock<u64> = OnceLock::new();
    foldhash::quality::FixedState::with_seed(*SEED.get_or_init(|| fastrand::u64(..))).build_hasher()
}

/// How a recorded widget draws itself: given its place and the buffer to draw on.
pub type Draw<'v> = Box<dyn FnOnce(Rect, &mut Buffer) + 'v>;

/// One recorded widget: where it draws, a fingerprint of it and its place (`None`: drawn every
/// frame), and how to draw it.
pub struct Op<'v> {
    pub rect: Rect,
    pub print: Option<u64>,
    pub draw: Draw<'v>,
}

impl std::fmt::Debug for Op<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Op")
            .field("rect", &self.rect)
            .field("print", &self.print)
            .finish_non_exhaustive()
    }
}

enum Sink<'v, 'b> {
    Buffer(&'b mut Buffer),
    Ops(&'b mut Vec<Op<'v>>),
}

/// The surface a frame is drawn on (see the module's documentation).
pub struct Canvas<'v, 'b> {
    area: Rect,
    sink: Sink<'v, 'b>,
}

impl<'v, 'b> Canvas<'v, 'b> {
    /// Draws straight into a ratatui frame's buffer.
    pub fn of(frame: &'b mut Frame<'_>) -> Self {
        let area = frame.area();
        Canvas {
            area,
            sink: Sink::Buffer(frame.buffer_mut()),
        }
    }

    /// Draws straight into `buffer`, whose area is the frame's.
    pub fn direct(buffer: &'b mut Buffer) -> Self {
        Canvas {
            area: buffer.area,
            sink: Sink::Buffer(buffer),
        }
    }

    /// Records the widgets of a frame of `area` into `ops`, in drawing order.
    pub fn recording(area: Rect, ops: &'b mut Vec<Op<'v>>) -> Self {
        Canvas {
            area,
            sink: Sink::Ops(ops),
        }
    }

    /// The whole frame's area.
    pub fn area(&self) -> Rect {
        self.area
    }

    /// Draws `widget` in `rect`. Recorded with a fingerprint of the widget's type, its content
    /// and `rect`: an unchanged widget in an unchanged place is not drawn again.
    pub fn render_widget<W: Widget + Hash + 'v>(&mut self, widget: W, rect: Rect) {
        match &mut self.sink {
            Sink::Buffer(buffer) => widget.render(rect, buffer),
            Sink::Ops(ops) => {
                let mut hasher = fingerprint();
                std::any::type_name::<W>().hash(&mut hasher);
                rect.hash(&mut hasher);
                widget.hash(&mut hasher);
                ops.push(Op {
                    rect,
                    print: Some(hasher.finish()),
                    draw: Box::new(move |rect, buffer| widget.render(rect, buffer)),
                });
            }
        }
    }

    /// Draws `lines` from the top of `rect`, one line a row, each cut at its width: what
    /// `Paragraph::new(lines)` draws there, recorded a row at a time so that a changed line is
    /// the only one drawn again.
    pub fn render_lines(&mut self, lines: Vec<Line<'v>>, rect: Rect) {
        for (row, line) in (rect.top()..rect.bottom()).zip(lines) {
            self.render_line(line, Rect::new(rect.x, row, rect.width, 1));
        }
    }

    /// Draws `line` on the top row of `rect`, cut at its width: what `Paragraph::new(line)`
    /// draws there (see [`TextLine`]).
    ///
    /// Recorded over the cells it can write only ([`reach`]): a line drawn again is then compared
    /// with the screen over its text, not over the blank rest of a wide pane (issue 21). The
    /// cells past it are the widgets' under it, as in a whole redraw, and a line that grows
    /// shorter leaves its old place damaged, so they are drawn again.
    pub fn render_line(&mut self, line: impl Into<Line<'v>>, rect: Rect) {
        let line = line.into();
        let rect = match self.sink {
            Sink::Ops(_) => Rect {
                width: rect.width.min(reach(&line)),
                ..rect
            },
            Sink::Buffer(_) => rect,
        };
        self.render_widget(TextLine(line), rect);
    }

    /// Draws `widget` in `rect`, every frame: for widgets that cannot be fingerprinted (the
    /// text being edited, with its cursor).
    pub fn render_changing<W: Widget + 'v>(&mut self, widget: W, rect: Rect) {
        match &mut self.sink {
            Sink::Buffer(buffer) => widget.render(rect, buffer),
            Sink::Ops(ops) => ops.push(Op {
                rect,
                print: None,
                draw: Box::new(move |rect, buffer| widget.render(rect, buffer)),
            }),
        }
    }
}

/// One line of text, drawn on the top row of its place as `Paragraph::new(line)` draws it (no
/// wrapping, block or scrolling): the graphemes that fit, in order, one wider than the whole
/// place left out, placed by the line's alignment. The paragraph also fills its place with its
/// own style, twice, which for the default style changes nothing but costs a pass over every
/// cell: most of a redrawn line's cost (issue 21). `canvas::tests` holds the two equal.
#[derive(Debug, Clone, Hash)]
pub struct TextLine<'a>(pub Line<'a>);

impl Widget for TextLine<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let area = area.intersection(buf.area);
        if area.is_empty() {
            return;
        }
        let max = area.width;
        let offset = match self.0.alignment.unwrap_or(Alignment::Left) {
            Alignment::Left => 0,
            Alignment::Center => (max / 2).saturating_sub(kept(&self.0, max, |_, _, _| {}) / 2),
            Alignment::Right => max.saturating_sub(kept(&self.0, max, |_, _, _| {})),
        };
        // The row's cells, looked up once: every cell written is in it (`kept` keeps the line
        // within `max` cells of the place, and the place is inside the buffer).
        let start = buf.index_of(area.x, area.y) + usize::from(offset);
        let row = &mut buf.content[start..start + usize::from(max - offset)];
        kept(&self.0, max, |grapheme, x, width| {
            if width > 0 {
                row[usize::from(x)]
                    .set_symbol(grapheme.symbol)
                    .set_style(grapheme.style);
            }
        });
    }
}

/// At most how many cells from the left of its row [`TextLine`] writes for `line`: none past its
/// text when it is aligned left. An ASCII character is at most one cell, any other at most two
/// (a grapheme is as wide as its widest character, or two); a line aligned otherwise may write
/// anywhere in its row.
pub fn reach(line: &Line<'_>) -> u16 {
    if !matches!(line.alignment, None | Some(Alignment::Left)) {
        return u16::MAX;
    }
    let cells: usize = line
        .spans
        .iter()
        .map(|s| {
            let text = s.content.as_ref();
            if text.is_ascii() {
                text.len()
            } else {
                2 * text.chars().count()
            }
        })
        .sum();
    u16::try_from(cells).unwrap_or(u16::MAX)
}

/// Hands `each` the graphemes of `line` that fit `max` cells, with their column and width, as
/// ratatui's line truncator keeps them (one wider than `max` left out, then up to the first that
/// does not fit); returns the width they take.
///
/// A span of printable ASCII is taken a byte at a time: each byte is a grapheme one cell wide,
/// so its graphemes are found without Unicode segmentation (most of a drawn line's cost, and
/// most of the first frame's; issue 21). `canvas::tests` holds it to ratatui's `Paragraph`.
fn kept(line: &Line<'_>, max: u16, mut each: impl FnMut(&StyledGrapheme<'_>, u16, u16)) -> u16 {
    let base = Style::default().patch(line.style);
    let mut width = 0u16;
    let mut take = |grapheme: &StyledGrapheme<'_>, w: u16| {
        if w > max {
            return true;
        }
        if width + w > max {
            return false;
        }
        each(grapheme, width, w);
        width += w;
        true
    };
    for span in &line.spans {
        let text = span.content.as_ref();
        let fits = if text.bytes().all(|b| b.is_ascii_graphic() || b == b' ') {
            let style = base.patch(span.style);
            (0..text.len()).all(|i| {
                take(
                    &StyledGrapheme {
                        symbol: &text[i..i + 1],
                        style,
                    },
                    1,
                )
            })
        } else {
            span.styled_graphemes(base)
                .all(|grapheme| take(&grapheme, grapheme.symbol.cell_width()))
        };
        if !fits {
            break;
        }
    }
    width
}

#[cfg(test)]
mod tests;
