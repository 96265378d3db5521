//! [`TextLine`] draws what `Paragraph::new(line)` draws.

use proptest::prelude::*;
use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::{Color, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use super::TextLine;

/// Printable ASCII (drawn a byte at a time), ASCII with control characters, and the Unicode
/// that segmentation and widths make hard: wide, emoji presentation, combining, zero-width.
const WORDS: [&str; 11] = [
    "ab ",
    "界",
    "❤\u{fe0f}",
    "e\u{301}",
    "  ",
    "z…",
    "\u{200b}",
    "~}{Q",
    "a\tb",
    "\r\n",
    "x\u{7f}",
];

fn line(words: &[(usize, bool)], alignment: Option<Alignment>) -> Line<'static> {
    let spans: Vec<Span> = words
        .iter()
        .map(|(w, red)| {
            let style = if *red {
                Style::default().fg(Color::Red)
            } else {
                Style::default()
            };
            Span::styled(WORDS[w % WORDS.len()], style)
        })
        .collect();
    let line = Line::from(spans).style(Style::default().bg(Color::Blue));
    match alignment {
        Some(a) => line.alignment(a),
        None => line,
    }
}

/// A line of a few words (wide, combining, zero-width among them), some red, on blue, aligned
/// any way or not at all.
fn lines() -> impl Strategy<Value = Line<'static>> {
    (
        prop::collection::vec((0usize..WORDS.len(), any::<bool>()), 0..12),
        prop::option::of(prop::sample::select(vec![
            Alignment::Left,
            Alignment::Center,
            Alignment::Right,
        ])),
    )
        .prop_map(|(words, alignment)| line(&words, alignment))
}

/// Something drawn before, as a redraw has: green hashes on the first row.
fn under(height: u16) -> Buffer {
    let mut under = Buffer::empty(Rect::new(0, 0, 20, height));
    under.set_string(0, 0, "#".repeat(20), Style::default().fg(Color::Green));
    under
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1000, ..ProptestConfig::default() })]
    #[test]
    fn a_text_line_draws_what_a_paragraph_draws(
        line in lines(),
        x in 0u16..4,
        width in 0u16..16,
        height in 1u16..3,
    ) {
        let place = Rect::new(x, 0, width, height);
        let mut paragraph = under(3);
        Paragraph::new(line.clone()).render(place, &mut paragraph);
        let mut text_line = under(3);
        TextLine(line).render(place, &mut text_line);
        prop_assert_eq!(text_line, paragraph);
    }

    /// A line drawn in the part of its place [`super::reach`] gives draws what it draws in the
    /// whole place: the painter records it over that part only.
    #[test]
    fn a_text_line_writes_nothing_past_its_reach(
        line in lines(),
        x in 0u16..4,
        width in 0u16..16,
    ) {
        let place = Rect::new(x, 0, width, 1);
        let part = Rect { width: width.min(super::reach(&line)), ..place };
        let mut whole = under(1);
        TextLine(line.clone()).render(place, &mut whole);
        let mut reached = under(1);
        TextLine(line).render(part, &mut reached);
        prop_assert_eq!(reached, whole);
    }
}
