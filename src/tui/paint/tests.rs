//! The painter leaves the screen as a whole redraw would: small cases here, and after every
//! step of the fuzzed messages (`update::fuzz`, which uses the helpers below).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Style};
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use unicode_width::UnicodeWidthStr;

use super::{Changes, Painter};
use crate::tui::app::Model;
use crate::tui::theme::to_ascii;
use crate::tui::view;
use crate::tui::view::canvas::Canvas;

/// A change sent, kept after the frame.
type Sent = (u16, u16, ratatui::buffer::Cell);

/// A frame's changes, kept.
fn sent(changes: Changes<'_>) -> Vec<Sent> {
    changes.map(|(x, y, cell)| (x, y, cell.clone())).collect()
}

/// Applies changes to a screen, as a terminal does.
pub fn apply(screen: &mut Buffer, changes: &[Sent]) {
    for (x, y, cell) in changes {
        screen[(*x, *y)] = cell.clone();
    }
}

/// Draws the model's frame with the painter onto `screen` (emptied first when the size changes,
/// as the wizard's resize clears the terminal).
pub fn paint_onto(painter: &mut Painter, screen: &mut Buffer, m: &Model) {
    let (w, h) = m.size();
    let area = Rect::new(0, 0, w, h);
    if screen.area != area {
        *screen = Buffer::empty(area);
        painter.forget();
    }
    let changes = sent(painter.frame(area, m.theme().ascii, |c| view::draw(c, m)));
    apply(screen, &changes);
}

/// What a person sees on each row: each cell's symbol and style, a wide character's covered
/// columns left out (a terminal shows the character there, whatever the cell held before).
fn seen(buffer: &Buffer) -> Vec<Vec<(String, Style)>> {
    let area = buffer.area;
    (area.top()..area.bottom())
        .map(|y| {
            let mut row = Vec::new();
            let mut x = area.left();
            while x < area.right() {
                let cell = &buffer[(x, y)];
                row.push((cell.symbol().to_owned(), cell.style()));
                x += (cell.symbol().width() as u16).max(1);
            }
            row
        })
        .collect()
}

/// Whether `screen` shows what a whole redraw (`whole`, to which `ascii` is applied) shows.
pub fn same_screen(screen: &Buffer, whole: &Buffer, ascii: bool) -> bool {
    let mut whole = whole.clone();
    if ascii {
        to_ascii(&mut whole);
    }
    screen.area == whole.area && seen(screen) == seen(&whole)
}

/// A buffer's text, for failure messages.
pub fn text(buffer: &Buffer) -> String {
    seen(buffer)
        .into_iter()
        .map(|row| row.into_iter().map(|(s, _)| s).collect::<String>() + "\n")
        .collect()
}

/// One frame of a little view, drawn both ways: the painter's changes applied to `screen`, and a
/// whole redraw; returns the changes.
fn step(
    painter: &mut Painter,
    screen: &mut Buffer,
    area: Rect,
    view: impl Fn(&mut Canvas<'_, '_>),
) -> Vec<Sent> {
    if screen.area != area {
        *screen = Buffer::empty(area);
    }
    let changes = sent(painter.frame(area, false, |c| view(c)));
    apply(screen, &changes);
    let mut whole = Buffer::empty(area);
    view(&mut Canvas::direct(&mut whole));
    assert!(
        same_screen(screen, &whole, false),
        "painted:\n{}whole:\n{}",
        text(screen),
        text(&whole)
    );
    changes
}

/// A bordered pane with a title, a line inside that may change, and a popup that may show.
fn pane(c: &mut Canvas<'_, '_>, inside: &str, popup: bool) {
    let area = c.area();
    c.render_widget(
        Block::new()
            .borders(Borders::LEFT)
            .title(" Field ")
            .style(Style::new().bg(Color::Blue)),
        Rect::new(10, 0, area.width - 10, area.height),
    );
    c.render_widget(
        Paragraph::new(Line::from(inside.to_owned())),
        Rect::new(12, 2, area.width - 12, 1),
    );
    c.render_widget(Paragraph::new("left column"), Rect::new(0, 1, 10, 1));
    if popup {
        c.render_widget(Clear, Rect::new(5, 3, 12, 3));
        c.render_widget(
            Paragraph::new("popup").block(Block::bordered()),
            Rect::new(5, 3, 12, 3),
        );
    }
}

#[test]
fn only_what_changed_is_sent() {
    let area = Rect::new(0, 0, 40, 8);
    let mut painter = Painter::new();
    let mut screen = Buffer::default();
    let first = step(&mut painter, &mut screen, area, |c| pane(c, "abc", false));
    assert!(first.len() > 40, "the first frame is sent whole");
    // Nothing changed: nothing sent.
    let same = step(&mut painter, &mut screen, area, |c| pane(c, "abc", false));
    assert!(same.is_empty(), "{same:?}");
    // One character of the line inside the pane: that cell only.
    let one = step(&mut painter, &mut screen, area, |c| pane(c, "abd", false));
    let at: Vec<(u16, u16)> = one.iter().map(|(x, y, _)| (*x, *y)).collect();
    assert_eq!(at, [(14, 2)]);
    assert_eq!(one[0].2.symbol(), "d");
    assert_eq!(one[0].2.bg, Color::Blue, "the pane's background is kept");
}

#[test]
fn what_was_under_a_popup_comes_back() {
    let area = Rect::new(0, 0, 40, 8);
    let mut painter = Painter::new();
    let mut screen = Buffer::default();
    step(&mut painter, &mut screen, area, |c| pane(c, "abc", false));
    step(&mut painter, &mut screen, area, |c| pane(c, "abc", true));
    step(&mut painter, &mut screen, area, |c| pane(c, "xyz", true));
    step(&mut painter, &mut screen, area, |c| pane(c, "xyz", false));
    step(&mut painter, &mut screen, area, |c| pane(c, "abc", false));
}

#[test]
fn a_style_laid_over_others_is_kept_where_they_are_drawn_again() {
    // The second widget only patches a style over the first's text (as an overlay dims what is
    // under it); when the text under it changes, the patch still applies.
    let area = Rect::new(0, 0, 20, 3);
    let dimmed = |c: &mut Canvas<'_, '_>, text: &str| {
        c.render_widget(Paragraph::new(text.to_owned()), Rect::new(0, 0, 20, 1));
        c.render_widget(
            Block::new().style(Style::new().dim()),
            Rect::new(0, 0, 20, 3),
        );
    };
    let mut painter = Painter::new();
    let mut screen = Buffer::default();
    step(&mut painter, &mut screen, area, |c| dimmed(c, "one"));
    let changes = step(&mut painter, &mut screen, area, |c| dimmed(c, "two"));
    assert!(changes.iter().all(|(_, y, _)| *y == 0), "{changes:?}");
}

#[test]
fn wide_characters_and_widgets_that_come_and_go() {
    let area = Rect::new(0, 0, 16, 4);
    let mut painter = Painter::new();
    let mut screen = Buffer::default();
    let view = |n: usize| {
        move |c: &mut Canvas<'_, '_>| {
            for i in 0..n {
                c.render_widget(
                    Paragraph::new(format!("{i}東京x")),
                    Rect::new(i as u16, i as u16, 10, 1),
                );
            }
        }
    };
    for n in [3, 1, 4, 0, 2, 4] {
        step(&mut painter, &mut screen, area, view(n));
    }
}

#[test]
fn a_widget_without_a_fingerprint_is_drawn_every_frame() {
    let area = Rect::new(0, 0, 10, 2);
    let mut painter = Painter::new();
    let mut screen = Buffer::default();
    let view = |text: &'static str| {
        move |c: &mut Canvas<'_, '_>| {
            c.render_changing(Paragraph::new(text), Rect::new(0, 0, 10, 1))
        }
    };
    step(&mut painter, &mut screen, area, view("one"));
    let again = step(&mut painter, &mut screen, area, view("one"));
    assert!(
        again.is_empty(),
        "drawn again, but nothing differs: {again:?}"
    );
    step(&mut painter, &mut screen, area, view("two"));
}

#[test]
fn a_new_size_is_drawn_whole() {
    let mut painter = Painter::new();
    let mut screen = Buffer::default();
    step(&mut painter, &mut screen, Rect::new(0, 0, 40, 8), |c| {
        pane(c, "abc", false)
    });
    let bigger = step(&mut painter, &mut screen, Rect::new(0, 0, 50, 10), |c| {
        pane(c, "abc", false)
    });
    assert!(bigger.len() > 50);
}

#[test]
fn a_widget_put_between_others_redraws_its_place_only() {
    // Widgets after the new one are the same in the same places: matched in order, not redrawn.
    let area = Rect::new(0, 0, 30, 6);
    let view = |extra: bool| {
        move |c: &mut Canvas<'_, '_>| {
            c.render_widget(Paragraph::new("first"), Rect::new(0, 0, 30, 1));
            if extra {
                c.render_widget(Paragraph::new("between"), Rect::new(0, 2, 30, 1));
            }
            c.render_widget(Paragraph::new("third"), Rect::new(0, 4, 30, 1));
            c.render_widget(Paragraph::new("last"), Rect::new(0, 5, 30, 1));
        }
    };
    let mut painter = Painter::new();
    let mut screen = Buffer::default();
    step(&mut painter, &mut screen, area, view(false));
    let changes = step(&mut painter, &mut screen, area, view(true));
    assert!(changes.iter().all(|(_, y, _)| *y == 2), "{changes:?}");
    let changes = step(&mut painter, &mut screen, area, view(false));
    assert!(changes.iter().all(|(_, y, _)| *y == 2), "{changes:?}");
}

#[test]
fn widgets_drawn_in_another_order_are_drawn_again() {
    // The same two overlapping widgets, the other one on top: the overlap changes.
    let area = Rect::new(0, 0, 12, 3);
    let view = |swap: bool| {
        move |c: &mut Canvas<'_, '_>| {
            let under = Paragraph::new("aaaaaaaa");
            let over = Paragraph::new("bbbb");
            let (one, two) = if swap { (over, under) } else { (under, over) };
            c.render_widget(one, Rect::new(0, 0, 12, 1));
            c.render_widget(two, Rect::new(0, 0, 12, 1));
        }
    };
    let mut painter = Painter::new();
    let mut screen = Buffer::default();
    step(&mut painter, &mut screen, area, view(false));
    step(&mut painter, &mut screen, area, view(true));
    step(&mut painter, &mut screen, area, view(false));
}

#[test]
fn ascii_terminals_get_ascii_in_every_frame() {
    // vt100-class terminals: each redrawn cell is made ASCII, as a whole redraw's would be.
    let area = Rect::new(0, 0, 12, 2);
    let view = |text: &'static str| {
        move |c: &mut Canvas<'_, '_>| {
            c.render_widget(Paragraph::new("✓ ok"), Rect::new(0, 0, 12, 1));
            c.render_widget(Paragraph::new(text), Rect::new(0, 1, 12, 1));
        }
    };
    let mut painter = Painter::new();
    let mut screen = Buffer::empty(area);
    for text in ["東x ─", "a東 │", "東x ─"] {
        apply(&mut screen, &sent(painter.frame(area, true, view(text))));
        let mut whole = Buffer::empty(area);
        view(text)(&mut Canvas::direct(&mut whole));
        assert!(
            same_screen(&screen, &whole, true),
            "{}",
            self::text(&screen)
        );
        assert!(screen.content.iter().all(|c| c.symbol().is_ascii()));
    }
}

/// A row as a widget leaves it: pieces of text (wide characters among them, and a coloured
/// background that shows where a wide character was) written at columns of a 12-cell row.
fn row_of(pieces: &[(u16, usize, bool)]) -> Buffer {
    const WORDS: [&str; 6] = ["ab", "界x", "❤\u{fe0f}", "好好", " ", "zé"];
    let mut row = Buffer::empty(Rect::new(3, 7, 12, 1));
    for &(x, word, coloured) in pieces {
        let style = if coloured {
            Style::default().bg(Color::Blue)
        } else {
            Style::default()
        };
        row.set_stringn(
            3 + x % 12,
            7,
            WORDS[word % WORDS.len()],
            12 - usize::from(x % 12),
            style,
        );
    }
    row
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 2000, ..Default::default() })]
    /// The changes found from the changed cells alone are those of ratatui's diff of the whole
    /// row, whatever wide characters come, go or are cut.
    #[test]
    fn a_row_compared_from_its_changes_gives_the_whole_rows_changes(
        before in proptest::collection::vec((0u16..12, 0usize..6, proptest::bool::ANY), 0..6),
        after in proptest::collection::vec((0u16..12, 0usize..6, proptest::bool::ANY), 0..4),
    ) {
        let shown = row_of(&before);
        let mut pieces = before.clone();
        pieces.extend(after);
        let work = row_of(&pieces);
        let whole: Vec<(u16, u16)> = shown
            .diff(&work)
            .into_iter()
            .map(|(x, y, _)| (x, y))
            .collect();
        let changed: Vec<usize> = (0..12).filter(|i| shown.content[*i] != work.content[*i]).collect();
        let mut rows = [Buffer::empty(Rect::ZERO), Buffer::empty(Rect::ZERO)];
        let [a, b] = &mut rows;
        let found = match (changed.first(), changed.last()) {
            (Some(first), Some(last)) => super::row_changes(
                (3, 7),
                &shown.content,
                &work.content,
                *first..*last + 1,
                [a, b],
            ),
            _ => None,
        };
        let (differ, found) = found
            .map(|(differ, found)| (differ, found.collect::<Vec<_>>()))
            .unwrap_or_default();
        proptest::prop_assert_eq!(found, whole);
        proptest::prop_assert_eq!(differ, match (changed.first(), changed.last()) {
            (Some(first), Some(last)) => *first..*last + 1,
            _ => 0..0,
        });
    }
}

/// A cell's diff option or skip flag, as a generated number says (most cells have none).
#[allow(deprecated)]
fn mark_cell(cell: &mut ratatui::buffer::Cell, how: u8) {
    use ratatui::buffer::CellDiffOption;
    match how {
        0 => cell.diff_option = CellDiffOption::Skip,
        1 => cell.diff_option = CellDiffOption::AlwaysUpdate,
        2 => cell.diff_option = CellDiffOption::ForcedWidth(std::num::NonZeroU16::MIN),
        3 => {
            cell.diff_option =
                CellDiffOption::ForcedWidth(std::num::NonZeroU16::MIN.saturating_add(1))
        }
        4 => cell.skip = true,
        _ => {}
    }
}

/// Places on a screen, in the order written.
type Places = Vec<(u16, u16)>;

/// Where `from_blank` writes `work` on an empty screen, and where ratatui's diff against an
/// empty buffer does.
fn from_blank_and_diff(work: &Buffer) -> (Places, Places) {
    let mut found = Vec::new();
    super::from_blank(work, &mut found);
    let expected = Buffer::empty(work.area)
        .diff(work)
        .into_iter()
        .map(|(x, y, _)| (x, y))
        .collect();
    (found, expected)
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 2000, ..Default::default() })]
    /// A frame drawn whole is compared with the empty screen as ratatui's diff compares it with
    /// an empty buffer, whatever wide characters, emoji, colours, diff options and skip flags
    /// it holds.
    #[test]
    fn a_whole_frame_changes_what_ratatuis_diff_against_an_empty_screen_does(
        pieces in proptest::collection::vec((0u16..12, 0usize..6, proptest::bool::ANY), 0..8),
        marks in proptest::collection::vec((0usize..12, 0u8..12), 0..4),
    ) {
        let mut work = row_of(&pieces);
        for (at, how) in marks {
            mark_cell(&mut work.content[at], how);
        }
        let (found, expected) = from_blank_and_diff(&work);
        proptest::prop_assert_eq!(found, expected);
    }
}

#[test]
fn a_whole_frame_of_several_rows_changes_what_ratatuis_diff_does() {
    let area = Rect::new(2, 1, 7, 3);
    let mut work = Buffer::empty(area);
    work.set_string(2, 1, "界❤\u{fe0f}ab", Style::default());
    work.set_string(4, 2, "x", Style::default().bg(Color::Blue));
    work.set_string(7, 3, "好", Style::default());
    let (found, expected) = from_blank_and_diff(&work);
    assert_eq!(found, expected);
    assert!(!found.is_empty());
}
