//! Pickers, confirmations and prompts drawn over the screen.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use crate::tui::app::{Confirm, Model, Picker, Prompt, YesAction};
use crate::tui::layout::centered;

/// Draws a picker: the search, then the matching items, the highlighted one reversed.
pub fn picker(frame: &mut Frame, area: Rect, model: &Model, picker: &Picker) {
    let t = &model.theme;
    let matching = picker.matching();
    let wanted = picker.items.len().min(30) as u16 + 4;
    let rect = centered(
        area,
        area.width.saturating_sub(6).min(100),
        wanted.min(area.height.saturating_sub(4)).max(6),
    );
    let value_width = picker
        .items
        .iter()
        .map(|i| i.value.chars().count())
        .max()
        .unwrap_or(0)
        .min(12);
    let list_height = usize::from(rect.height.saturating_sub(4));
    let first = picker.cursor.saturating_sub(list_height.saturating_sub(1));
    let mut lines = vec![
        Line::from(vec![
            Span::styled("Search: ", t.dim),
            Span::raw(picker.query.clone()),
            Span::styled("▏", t.focus),
            Span::styled(
                format!("  {} of {}", matching.len(), picker.items.len()),
                t.dim,
            ),
        ]),
        Line::default(),
    ];
    for (i, item) in matching.iter().enumerate().skip(first).take(list_height) {
        let tick = match &picker.ticked {
            Some(ticked) if ticked.contains(&item.value) => "[x] ",
            Some(_) => "[ ] ",
            None => "",
        };
        let mut text = format!("{tick}{:<value_width$}  {}", item.value, item.label);
        if !item.meaning.is_empty() {
            text.push_str(" — ");
            text.push_str(&item.meaning);
        }
        let style = if i == picker.cursor {
            t.selected
        } else {
            t.base
        };
        lines.push(Line::from(Span::styled(text, style)));
    }
    if matching.is_empty() {
        lines.push(Line::from(Span::styled("nothing matches", t.dim)));
    }
    let hint = if picker.ticked.is_some() {
        " Space tick · Enter done · Esc close "
    } else {
        " type to search · Enter choose · Esc close "
    };
    frame.render_widget(Clear, rect);
    frame.render_widget(
        Paragraph::new(lines).block(
            Block::bordered()
                .title(format!(" {} ", picker.title))
                .title_bottom(hint),
        ),
        rect,
    );
}

/// Draws a yes/no question.
pub fn confirm(frame: &mut Frame, area: Rect, model: &Model, confirm: &Confirm) {
    let t = &model.theme;
    let mut lines: Vec<Line> = confirm.lines.iter().map(|l| Line::raw(l.clone())).collect();
    lines.push(Line::default());
    let (yes, no) = match (&confirm.on_yes, confirm.needs_y()) {
        (YesAction::Resume(_), _) => (" / Enter resume    ", " / Esc new form"),
        (_, true) => (" yes    ", " / Esc no"),
        _ => (" / Enter yes    ", " / Esc no"),
    };
    if confirm.on_yes == YesAction::Dismiss {
        lines.push(Line::from(vec![
            Span::styled("Enter", t.key),
            Span::raw(" / "),
            Span::styled("Esc", t.key),
            Span::raw(" close"),
        ]));
    } else {
        lines.push(Line::from(vec![
            Span::styled("y", t.key),
            Span::raw(yes),
            Span::styled("n", t.key),
            Span::raw(no),
        ]));
    }
    let width = area.width.saturating_sub(4).min(76);
    let room = usize::from(width.saturating_sub(2)).max(1);
    // Words wrap whole, so a wrapped line may take one row more than its width says.
    let wrapped: usize = lines
        .iter()
        .map(|l| l.width().div_ceil(room).max(1) + usize::from(l.width() > room))
        .sum();
    let height = (wrapped as u16 + 2).min(area.height);
    let rect = centered(area, width, height);
    frame.render_widget(Clear, rect);
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(Block::bordered().title(Span::styled(format!(" {} ", confirm.title), t.title))),
        rect,
    );
}

/// Draws a one-line prompt with its input.
pub fn prompt(frame: &mut Frame, area: Rect, model: &Model, prompt: &Prompt) {
    let t = &model.theme;
    let rect = centered(area, area.width.saturating_sub(4).min(76), 5);
    frame.render_widget(Clear, rect);
    let block = Block::bordered()
        .title(format!(" {} ", prompt.title))
        .title_bottom(" Enter ok · Esc cancel ");
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    frame.render_widget(
        Paragraph::new(Span::styled(prompt.hint.clone(), t.dim)),
        Rect::new(inner.x, inner.y, inner.width, 1),
    );
    frame.render_widget(
        prompt.input.widget(),
        Rect::new(inner.x, inner.y + 2, inner.width, 1),
    );
}
