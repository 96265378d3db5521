//! Where things go on the screen: pure geometry. Drawing puts things in these areas and the
//! update function uses the same functions to tell which step or field a mouse click hit, so the
//! two always agree.

use ratatui::layout::Rect;

use crate::tui::app::{Model, Row, Screen, SubmitState};
use crate::tui::theme::{ERROR_MARK, OK_MARK, PARTIAL_MARK, UNTOUCHED_MARK};

/// Below this width the layout is replaced by a message.
pub const MIN_WIDTH: u16 = 56;
/// Below this height the layout is replaced by a message.
pub const MIN_HEIGHT: u16 = 16;

/// The parts of a frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Areas {
    pub header: Rect,
    pub stepper: Rect,
    pub body: Rect,
    pub status: Rect,
    pub footer: Rect,
}

/// Whether a terminal of this size is too small for the layout.
pub fn too_small(area: Rect) -> bool {
    area.width < MIN_WIDTH || area.height < MIN_HEIGHT
}

/// Splits the frame: header, stepper, a rule, the body, a status line and the footer.
pub fn areas(area: Rect) -> Areas {
    let line = |y: u16| Rect::new(area.x, y, area.width, 1);
    let top = area.y;
    let bottom = area.y + area.height;
    Areas {
        header: line(top),
        stepper: line(top + 1),
        body: Rect::new(area.x, top + 3, area.width, area.height.saturating_sub(5)),
        status: line(bottom.saturating_sub(2)),
        footer: line(bottom.saturating_sub(1)),
    }
}

/// A step's mark: untouched, complete, partly done, or its error count.
pub fn step_mark(model: &Model, screen: Screen) -> String {
    let visited = model.visited.contains(&screen);
    match screen {
        Screen::Review => {
            let errors = model.blocking_errors();
            if !visited {
                UNTOUCHED_MARK.into()
            } else if errors > 0 {
                format!("{ERROR_MARK}{errors}")
            } else {
                OK_MARK.into()
            }
        }
        Screen::Submit => match model.submit {
            SubmitState::Placed { .. } => OK_MARK.into(),
            SubmitState::Failed { .. } | SubmitState::Unknown { .. } => ERROR_MARK.into(),
            SubmitState::InFlight { .. } => PARTIAL_MARK.into(),
            SubmitState::Ready if visited => PARTIAL_MARK.into(),
            SubmitState::Ready => UNTOUCHED_MARK.into(),
        },
        Screen::Orders => {
            if model.orders.is_empty() {
                UNTOUCHED_MARK.into()
            } else {
                model.orders.len().to_string()
            }
        }
        _ => {
            let shown = model.shown_errors(screen);
            let hidden = model.rows(screen).iter().any(|row| {
                let path = row.path();
                model
                    .diagnostics
                    .iter()
                    .any(|d| d.path == path && d.is_error())
            });
            if shown > 0 {
                format!("{ERROR_MARK}{shown}")
            } else if !visited {
                UNTOUCHED_MARK.into()
            } else if hidden {
                PARTIAL_MARK.into()
            } else {
                OK_MARK.into()
            }
        }
    }
}

/// One step's place in the stepper line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepCell {
    pub screen: Screen,
    pub x: u16,
    pub text: String,
}

/// The stepper's cells: full titles when they fit, else short names, else numbers.
pub fn stepper_cells(model: &Model, area: Rect) -> Vec<StepCell> {
    let marks: Vec<String> = Screen::ALL.iter().map(|s| step_mark(model, *s)).collect();
    let build = |name: &dyn Fn(Screen) -> String| -> Vec<String> {
        Screen::ALL
            .iter()
            .zip(&marks)
            .map(|(s, m)| format!("{m} {}", name(*s)))
            .collect()
    };
    let candidates = [
        build(&|s| format!("{} {}", s.index() + 1, s.title())),
        build(&|s| s.title().split(' ').next().unwrap_or("").to_owned()),
        build(&|s| s.short().to_owned()),
        build(&|s| (s.index() + 1).to_string()),
    ];
    let width =
        |texts: &[String]| -> usize { texts.iter().map(|t| t.chars().count() + 2).sum::<usize>() };
    let chosen = candidates
        .iter()
        .find(|c| width(c) <= usize::from(area.width))
        .unwrap_or(&candidates[3]);
    let mut x = area.x;
    Screen::ALL
        .iter()
        .zip(chosen)
        .map(|(s, text)| {
            let cell = StepCell {
                screen: *s,
                x,
                text: format!(" {text} "),
            };
            x = x.saturating_add(text.chars().count() as u16 + 2);
            cell
        })
        .collect()
}

/// The width of the label column of a form: its longest label, but at most half the width.
pub fn label_width(model: &Model, body: Rect) -> u16 {
    let longest = model
        .rows(model.screen)
        .iter()
        .map(|r| model.label(*r).chars().count() + 3)
        .max()
        .unwrap_or(12) as u16;
    longest.clamp(12, (body.width / 2).max(12))
}

/// How tall a row is drawn: a line, its shown problems (one line each, at most two), and for a
/// focused multi-line field, its editing box.
pub fn row_height(model: &Model, row: Row, focused: bool, body: Rect) -> u16 {
    let problems: u16 = problem_heights(model, row, body.width).iter().sum();
    let editor = match (focused, row.lines()) {
        (true, Some(crate::tui::input::Lines::Multi)) => (body.height / 2).clamp(3, 10),
        _ => 0,
    };
    1 + problems + editor
}

/// The lines each shown problem of a row takes (at most two problems, two lines each).
pub fn problem_heights(model: &Model, row: Row, width: u16) -> Vec<u16> {
    let room = usize::from(width.saturating_sub(4)).max(1);
    model
        .shown(row)
        .iter()
        .take(2)
        .map(|d| (d.message.chars().count() + 2).div_ceil(room).clamp(1, 2) as u16)
        .collect()
}

/// The visible rows of the current form screen: (row index, area), scrolled so the focused row
/// is in view.
pub fn form_rows(model: &Model, body: Rect) -> Vec<(usize, Rect)> {
    let body = form_area(body);
    let rows = model.rows(model.screen);
    let heights: Vec<u16> = rows
        .iter()
        .enumerate()
        .map(|(i, r)| row_height(model, *r, i == model.focus, body))
        .collect();
    let focus_top: u16 = heights.iter().take(model.focus).sum();
    let focus_bottom = focus_top + heights.get(model.focus).copied().unwrap_or(1);
    let offset = focus_bottom.saturating_sub(body.height);
    let mut y: u16 = 0;
    let mut out = Vec::new();
    for (i, h) in heights.iter().enumerate() {
        let top = y;
        y += h;
        if top < offset {
            continue;
        }
        let rel = top - offset;
        if rel + h > body.height {
            break;
        }
        out.push((i, Rect::new(body.x, body.y + rel, body.width, *h)));
    }
    out
}

/// The part of the body that holds a form's rows: all but the note line at the top.
pub fn form_area(body: Rect) -> Rect {
    Rect::new(
        body.x,
        body.y.saturating_add(2),
        body.width,
        body.height.saturating_sub(2),
    )
}

/// Whether a point is inside a rectangle.
pub fn contains(area: Rect, x: u16, y: u16) -> bool {
    x >= area.x && x < area.x + area.width && y >= area.y && y < area.y + area.height
}

/// Review's split: the field list and the JSON pane, side by side when wide, else stacked.
pub fn review_panes(body: Rect) -> (Rect, Rect) {
    if body.width >= 100 {
        let left = body.width * 11 / 20;
        (
            Rect::new(body.x, body.y, left, body.height),
            Rect::new(body.x + left, body.y, body.width - left, body.height),
        )
    } else {
        let top = body.height / 2;
        (
            Rect::new(body.x, body.y, body.width, top),
            Rect::new(body.x, body.y + top, body.width, body.height - top),
        )
    }
}

/// A rectangle of at most `width`×`height` in the middle of `area`.
pub fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let w = width.min(area.width);
    let h = height.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}
