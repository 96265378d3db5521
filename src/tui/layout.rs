//! Where things go on the screen: pure geometry. Drawing puts things in these areas and the
//! update function uses the same functions to tell which step or field a mouse click hit, so the
//! two always agree.

use ratatui::layout::Rect;

use crate::tui::app::{Model, Row, Screen, ShownErrors, SubmitState};
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
    mark_counted(model, screen, &model.shown_error_counter())
}

/// Every step's mark, in the order of [`Screen::ALL`]: the errors held against the form are
/// gathered once for the five form steps (the stepper draws them every frame).
pub fn step_marks(model: &Model) -> [String; Screen::ALL.len()] {
    let counter = model.shown_error_counter();
    Screen::ALL.map(|s| mark_counted(model, s, &counter))
}

fn mark_counted(model: &Model, screen: Screen, counter: &ShownErrors<'_>) -> String {
    let visited = model.nav.visited(screen);
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
        Screen::Submit => match crate::tui::screens::submit::commands::state_now(model) {
            SubmitState::Placed { .. } => OK_MARK.into(),
            SubmitState::Failed { .. } | SubmitState::Unknown { .. } => ERROR_MARK.into(),
            SubmitState::InFlight { .. } => PARTIAL_MARK.into(),
            SubmitState::Ready if visited => PARTIAL_MARK.into(),
            SubmitState::Ready => UNTOUCHED_MARK.into(),
        },
        Screen::Orders => {
            if model.orders.followed().is_empty() {
                UNTOUCHED_MARK.into()
            } else {
                model.orders.followed().len().to_string()
            }
        }
        _ => {
            let rows = model.rows(screen);
            let shown = counter.count_in(&rows);
            // Errors not shown yet (on fields not left yet) make a visited step partial.
            let hidden = || {
                model
                    .form
                    .diagnostics()
                    .iter()
                    .filter(|d| d.is_error())
                    .any(|d| rows.iter().any(|row| row.path() == d.path))
            };
            if shown > 0 {
                format!("{ERROR_MARK}{shown}")
            } else if !visited {
                UNTOUCHED_MARK.into()
            } else if hidden() {
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

/// A step's name in one of its forms, from the longest (0): number and title, the title's first
/// word, the short name, the number. Measured without being written out (the stepper measures
/// every form each frame).
struct StepName(usize, Screen);

impl std::fmt::Display for StepName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let s = self.1;
        match self.0 {
            0 => write!(f, "{} {}", s.index() + 1, s.title()),
            1 => f.write_str(s.title().split(' ').next().unwrap_or("")),
            2 => f.write_str(s.short()),
            _ => write!(f, "{}", s.index() + 1),
        }
    }
}

/// How many characters `shown` writes.
fn chars_of(shown: impl std::fmt::Display) -> usize {
    struct Count(usize);
    impl std::fmt::Write for Count {
        fn write_str(&mut self, s: &str) -> std::fmt::Result {
            self.0 += s.chars().count();
            Ok(())
        }
    }
    let mut count = Count(0);
    let _ = std::fmt::Write::write_fmt(&mut count, format_args!("{shown}"));
    count.0
}

/// How many characters each step's name has in each of its four forms ([`StepName`]),
/// measured once: the stepper tries up to six layouts of eight names every frame.
fn name_chars(form: usize, screen: Screen) -> usize {
    static CHARS: std::sync::LazyLock<[[usize; 4]; Screen::ALL.len()]> =
        std::sync::LazyLock::new(|| {
            Screen::ALL.map(|s| [0, 1, 2, 3].map(|form| chars_of(StepName(form, s))))
        });
    CHARS[screen.index()][form.min(3)]
}

/// The stepper's cells: full titles when they fit, else short names, else numbers; with a
/// space each side, or when that is too wide, one space between cells.
pub fn stepper_cells(model: &Model, area: Rect) -> Vec<StepCell> {
    let marks = step_marks(model);
    let width = |form: usize, pad: usize| -> usize {
        Screen::ALL
            .iter()
            .zip(&marks)
            .map(|(s, m)| m.chars().count() + 1 + name_chars(form, *s) + pad)
            .sum()
    };
    // Words before numbers: short names with one space between them come before numbers.
    let (form, pad) = [(0, 2), (1, 2), (2, 2), (2, 1), (3, 2), (3, 1)]
        .into_iter()
        .find(|(form, pad)| width(*form, *pad) <= usize::from(area.width))
        .unwrap_or((3, 1));
    let mut x = area.x;
    Screen::ALL
        .iter()
        .zip(&marks)
        .map(|(s, m)| {
            let name = StepName(form, *s);
            let text = if pad == 2 {
                format!(" {m} {name} ")
            } else {
                format!(" {m} {name}")
            };
            let cell = StepCell {
                screen: *s,
                x,
                text,
            };
            x = x.saturating_add(cell.text.chars().count() as u16);
            cell
        })
        .collect()
}

/// The width of the label column of a form (with its focus and error marks): its longest label,
/// but at most half the width.
pub fn label_width(model: &Model, body: Rect) -> u16 {
    let longest = model
        .rows(model.nav.screen())
        .iter()
        .map(|r| model.label(*r).chars().count() + 4)
        .max()
        .unwrap_or(12) as u16;
    longest.clamp(12, (body.width / 2).max(12))
}

/// From this body width up, the form screens show the focused field in a side pane.
pub const SIDE_PANE_MIN: u16 = 120;

/// How tall a row is drawn: its line, one line for each problem shown under it (at most two;
/// the focused row's problems are in the detail area instead), and for a focused multi-line
/// field, its editing box.
pub fn row_height(model: &Model, row: Row, focused: bool, rows_area: Rect) -> u16 {
    if focused {
        let editor = match crate::tui::screens::form::lines(row) {
            // As tall as its text and a line more, within a third of the area (3 to 8 lines),
            // so an empty box does not push other rows out of view.
            Some(crate::tui::input::Lines::Multi) => {
                let most = (rows_area.height / 3).clamp(3, 8);
                let text = model.value(row).lines().count().max(1) as u16;
                (text + 1).clamp(3, most)
            }
            _ => 0,
        };
        1 + editor
    } else {
        1 + model.shown(row).len().min(2) as u16
    }
}

/// Where a form screen's parts go: the visible rows, the signs that rows are hidden above or
/// below, and the focused field's detail (below the rows, or a side pane when wide).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormLayout {
    /// The visible rows: (row index, area).
    pub rows: Vec<(usize, Rect)>,
    /// How many rows are scrolled out above, and the line that says so.
    pub above: (usize, Option<Rect>),
    /// How many rows are hidden below, and the line that says so.
    pub below: (usize, Option<Rect>),
    /// The focused field's detail area, and whether it is the side pane.
    pub detail: Option<(Rect, bool)>,
    /// The detail's lines when it is below the rows (measured for its height here, so the
    /// drawing need not build them again).
    pub detail_lines: Option<Vec<ratatui::text::Line<'static>>>,
}

/// Lays out the current form screen.
pub fn form_layout(model: &Model, body: Rect) -> FormLayout {
    let area = form_area(body);
    let rows = model.rows(model.nav.screen());
    let focused = rows.get(model.form.focus()).copied();
    let wide = body.width >= SIDE_PANE_MIN;
    let (rows_area, detail) = if wide {
        // The rows take what their labels and values need (within reason); the pane the rest.
        let longest = rows
            .iter()
            .map(|r| {
                crate::tui::view::fit::width(&crate::tui::view::value::display_value(model, *r).0)
            })
            .max()
            .unwrap_or(0)
            .min(80) as u16;
        let natural = label_width(model, area) + 2 + longest;
        let left = natural.clamp(60, body.width - 44);
        let pane = Rect::new(body.x + left, body.y, body.width - left, body.height);
        (
            Rect::new(area.x, area.y, left.saturating_sub(1), area.height),
            Some((pane, true)),
        )
    } else {
        (area, None)
    };
    let heights: Vec<u16> = rows
        .iter()
        .enumerate()
        .map(|(i, r)| row_height(model, *r, i == model.form.focus(), rows_area))
        .collect();
    let total: u16 = heights.iter().sum();
    let mut detail_lines = None;
    let (rows_area, detail) = match (detail, focused) {
        (Some(d), _) => (rows_area, Some(d)),
        (None, None) => (rows_area, None),
        (None, Some(row)) => {
            // The detail takes what it needs below a separating line; the rows keep at least
            // a third of the area (or all they need), so the focused row never leaves the screen.
            let lines = crate::tui::view::detail::lines(model, row, area.width, false);
            let need = lines.len() as u16;
            detail_lines = Some(lines);
            let keep = total.min((area.height / 3).max(heights[model.form.focus()] + 2));
            let rows_h = total
                .min(area.height.saturating_sub(need + 1))
                .max(keep)
                .min(area.height);
            let detail_y = area.y + rows_h + 1;
            let detail_h = (area.y + area.height).saturating_sub(detail_y);
            let detail =
                (detail_h > 0).then(|| (Rect::new(area.x, detail_y, area.width, detail_h), false));
            (Rect::new(area.x, area.y, area.width, rows_h), detail)
        }
    };
    let (first, last) = window(&heights, model.form.focus(), rows_area.height);
    let mut y = rows_area.y;
    let above = if first > 0 {
        y += 1;
        (
            first,
            Some(Rect::new(rows_area.x, rows_area.y, rows_area.width, 1)),
        )
    } else {
        (0, None)
    };
    let mut visible = Vec::new();
    let bottom = rows_area.y + rows_area.height;
    for h in &heights[first..last] {
        let h = (*h).min(bottom.saturating_sub(y)).max(1);
        visible.push((
            visible.len() + first,
            Rect::new(rows_area.x, y, rows_area.width, h),
        ));
        y += h;
    }
    let below = if last < heights.len() {
        (
            heights.len() - last,
            Some(Rect::new(rows_area.x, y, rows_area.width, 1)),
        )
    } else {
        (0, None)
    };
    FormLayout {
        detail_lines,
        rows: visible,
        above,
        below,
        detail,
    }
}

/// The rows to show, `first..last`: the fewest hidden above that keep the focused row in view,
/// then as many as fit below, counting a line for each "more" sign.
pub fn window(heights: &[u16], focus: usize, room: u16) -> (usize, usize) {
    let n = heights.len();
    if n == 0 {
        return (0, 0);
    }
    let focus = focus.min(n - 1);
    let fill = |first: usize| -> usize {
        let mut used = u16::from(first > 0);
        let mut last = first;
        while last < n {
            let sign_below = u16::from(last + 1 < n);
            if used + heights[last] + sign_below > room {
                break;
            }
            used += heights[last];
            last += 1;
        }
        last
    };
    for first in 0..=focus {
        let last = fill(first);
        if last > focus {
            return (first, last);
        }
    }
    // Not even the focused row fits with its signs: show it alone.
    (focus, focus + 1)
}

/// The visible rows of the current form screen: (row index, area), scrolled so the focused row
/// is in view.
pub fn form_rows(model: &Model, body: Rect) -> Vec<(usize, Rect)> {
    form_layout(model, body).rows
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
