//! Drawing only what changed (issue 21, item 2). ratatui's `Terminal::draw` renders every widget
//! of a frame into an empty buffer and compares every cell with the last frame: a key costs the
//! whole screen (12,000 cells at 200x60). The [`Painter`] keeps what the terminal shows and the
//! view's widgets of the last frame, each with its place and a fingerprint of what it shows
//! ([`Canvas::render_widget`]):
//!
//! 1. The view records this frame's widgets, in drawing order.
//! 2. Widgets are matched with the last frame's in that order (each looked for a little way
//!    after the last one matched, so those kept keep their order): the place of a widget not
//!    matched (new, changed, or that cannot be fingerprinted) is *damaged*, and so is the old
//!    place of one of the last frame's left unmatched. A resize or the first frame damages
//!    everything.
//! 3. Damaged cells are emptied, then every widget that covers any of them is drawn again, in
//!    order: straight into the frame when all of its place is damaged, else into a copy of its
//!    place of which only the damaged cells are kept. So each damaged cell ends as a full redraw
//!    would leave it (ratatui's widgets compose cell by cell), and no other cell changes. A frame
//!    drawn whole skips the bookkeeping: every widget is drawn and the frame diffed at once.
//! 4. Only rows whose damaged cells changed are compared with the terminal's (ratatui's own
//!    diff, a row at a time); the changes are the frame's output.
//!
//! The result is the same screen as a full redraw: `paint::tests` and the fuzzed messages of
//! `update::fuzz` compare the two after every step.

use ratatui::buffer::{Buffer, Cell, CellDiffOption, CellWidth};
use ratatui::layout::Rect;

use super::theme::cell_to_ascii;
use super::view::canvas::{Canvas, Op};

/// The screen as last sent, and what the last frame drew where.
#[derive(Debug, Default)]
pub struct Painter {
    /// What the terminal shows.
    shown: Buffer,
    /// This frame, being drawn; equal to `shown` outside the damage.
    work: Buffer,
    /// `work` is not a copy of `shown` yet: a whole frame handed its buffer to `shown`, and the
    /// copy back waits for the next frame (so the first frame is sent without it).
    stale_work: bool,
    /// The last frame's widgets: place and fingerprint.
    last: Vec<(Rect, Option<u64>)>,
    /// The next frame is drawn whole (first frame, resize, cleared screen).
    whole: bool,
    /// Per cell of the frame: damaged this frame.
    damaged: Vec<bool>,
    /// Per row: the columns from its first damaged cell to past its last (`None`: none).
    rows: Vec<Option<std::ops::Range<usize>>>,
    /// Two one-row buffers, to compare a row with ratatui's diff.
    row_shown: Buffer,
    row_work: Buffer,
    /// Where the last frame changed the screen, in the order to send.
    changed: Vec<(u16, u16)>,
}

/// How far ahead among the last frame's widgets one of this frame's is looked for.
const LOOK_AHEAD: usize = 16;

/// A changed cell, to send: column, row and what it now holds.
pub type Change<'a> = (u16, u16, &'a Cell);

/// What a frame changed on the screen, in the order to send: each cell as the painter now
/// records it shown (no cell is copied to be listed).
#[derive(Debug, Clone)]
pub struct Changes<'a> {
    at: std::slice::Iter<'a, (u16, u16)>,
    screen: &'a Buffer,
}

impl<'a> Iterator for Changes<'a> {
    type Item = Change<'a>;

    fn next(&mut self) -> Option<Change<'a>> {
        let &(x, y) = self.at.next()?;
        Some((x, y, &self.screen[(x, y)]))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.at.size_hint()
    }
}

impl ExactSizeIterator for Changes<'_> {}

impl Painter {
    /// A painter for a screen that shows nothing yet.
    pub fn new() -> Self {
        Painter {
            whole: true,
            ..Painter::default()
        }
    }

    /// The screen was cleared (a resize): the next frame is drawn and sent whole.
    pub fn forget(&mut self) {
        self.whole = true;
    }

    /// Draws a frame of `area` with `view`, and returns what must change on the terminal. With
    /// `ascii`, every character outside ASCII is replaced ([`super::theme::to_ascii`]).
    pub fn frame<'v>(
        &mut self,
        area: Rect,
        ascii: bool,
        view: impl FnOnce(&mut Canvas<'v, '_>),
    ) -> Changes<'_> {
        if area != self.shown.area || self.whole {
            // Compared with an empty screen, which needs no buffer (see `whole_frame`).
            self.work = Buffer::empty(area);
            self.last.clear();
            self.whole = true;
        } else if self.stale_work {
            self.work.clone_from(&self.shown);
        }
        self.stale_work = false;
        let mut ops: Vec<Op<'v>> = Vec::with_capacity(self.last.len());
        view(&mut Canvas::recording(area, &mut ops));
        let prints: Vec<(Rect, Option<u64>)> = ops.iter().map(|o| (o.rect, o.print)).collect();
        self.damage(area, &prints);
        self.changed.clear();
        if self.whole {
            self.whole_frame(ops, ascii);
        } else {
            self.redraw(area, ops);
            if ascii {
                self.each_damaged(cell_to_ascii);
            }
            self.compare(area);
        }
        self.last = prints;
        self.whole = false;
        Changes {
            at: self.changed.iter(),
            screen: &self.shown,
        }
    }

    /// A frame drawn whole (the first, or after a resize): every widget straight into the empty
    /// frame, and the frame compared at once with the emptied screen, as ratatui's
    /// `Terminal::draw` does, without the row-by-row bookkeeping a partial frame needs, and
    /// without a second buffer for the empty screen ([`from_blank`]): the frame becomes the
    /// record of the screen, and the next frame's copy of it is made then.
    fn whole_frame(&mut self, ops: Vec<Op<'_>>, ascii: bool) {
        let area = self.work.area;
        for op in ops {
            if !op.rect.intersection(area).is_empty() {
                (op.draw)(op.rect, &mut self.work);
            }
        }
        if ascii {
            self.work.content.iter_mut().for_each(cell_to_ascii);
        }
        from_blank(&self.work, &mut self.changed);
        self.shown = std::mem::take(&mut self.work);
        self.stale_work = true;
    }

    /// Marks the cells whose widgets changed since the last frame.
    fn damage(&mut self, area: Rect, prints: &[(Rect, Option<u64>)]) {
        let cells = usize::from(area.width) * usize::from(area.height);
        self.damaged.clear();
        self.damaged.resize(cells, false);
        self.rows.clear();
        self.rows.resize(usize::from(area.height), None);
        if self.whole {
            // Drawn whole: see `whole_frame`.
            return;
        }
        // The last frame's widgets are matched in order: each of this frame's is looked for
        // from just after the last one matched (a little way ahead), so the widgets kept keep
        // their order, and those drawn over others stay over them. A widget not matched is
        // damage where it is; one of the last frame's skipped, where it was.
        let last = std::mem::take(&mut self.last);
        let mut next = 0;
        for &(rect, print) in prints {
            let found = print.and_then(|print| {
                last[next..]
                    .iter()
                    .take(LOOK_AHEAD)
                    .position(|old| *old == (rect, Some(print)))
            });
            match found {
                Some(skipped) => {
                    for &(gone, _) in &last[next..next + skipped] {
                        self.mark(area, gone);
                    }
                    next += skipped + 1;
                }
                None => self.mark(area, rect),
            }
        }
        for &(gone, _) in &last[next..] {
            self.mark(area, gone);
        }
        self.last = last;
    }

    fn mark(&mut self, area: Rect, rect: Rect) {
        let rect = rect.intersection(area);
        if rect.is_empty() {
            return;
        }
        for y in rect.top()..rect.bottom() {
            let row = usize::from(y - area.y);
            let (from, to) = (
                usize::from(rect.x - area.x),
                usize::from(rect.right() - area.x),
            );
            let span = self.rows[row].get_or_insert(from..to);
            *span = span.start.min(from)..span.end.max(to);
            let start = row * usize::from(area.width);
            self.damaged[start + from..start + to].fill(true);
        }
    }

    /// Applies `f` to every damaged cell of the frame being drawn.
    fn each_damaged(&mut self, f: impl Fn(&mut Cell)) {
        let width = usize::from(self.work.area.width);
        for (row, span) in self.rows.iter().enumerate() {
            let Some(span) = span else { continue };
            let cells = row * width + span.start..row * width + span.end;
            for (cell, _) in self.work.content[cells.clone()]
                .iter_mut()
                .zip(&self.damaged[cells])
                .filter(|(_, d)| **d)
            {
                f(cell);
            }
        }
    }

    /// How many of `rect`'s cells (inside `area`) are damaged.
    fn damaged_in(&self, area: Rect, rect: Rect) -> usize {
        let width = usize::from(area.width);
        (rect.top()..rect.bottom())
            .filter(|y| self.rows[usize::from(*y - area.y)].is_some())
            .map(|y| {
                let start = usize::from(y - area.y) * width + usize::from(rect.x - area.x);
                self.damaged[start..start + usize::from(rect.width)]
                    .iter()
                    .filter(|d| **d)
                    .count()
            })
            .sum()
    }

    /// Empties the damaged cells and draws again every widget that covers one.
    fn redraw(&mut self, area: Rect, ops: Vec<Op<'_>>) {
        self.each_damaged(Cell::reset);
        let width = usize::from(area.width);
        for op in ops {
            let rect = op.rect.intersection(area);
            if rect.is_empty() {
                continue;
            }
            let damaged = self.damaged_in(area, rect);
            if damaged == 0 {
                continue;
            }
            if damaged == usize::from(rect.width) * usize::from(rect.height) {
                (op.draw)(op.rect, &mut self.work);
                continue;
            }
            // Drawn on a copy of its place, as the frame holds it now; only damaged cells kept.
            let mut copy = Buffer::empty(rect);
            for y in rect.top()..rect.bottom() {
                let from = usize::from(y - area.y) * width + usize::from(rect.x - area.x);
                let to = usize::from(y - rect.y) * usize::from(rect.width);
                copy.content[to..to + usize::from(rect.width)]
                    .clone_from_slice(&self.work.content[from..from + usize::from(rect.width)]);
            }
            (op.draw)(op.rect, &mut copy);
            for y in rect.top()..rect.bottom() {
                let from = usize::from(y - rect.y) * usize::from(rect.width);
                let to = usize::from(y - area.y) * width + usize::from(rect.x - area.x);
                for x in 0..usize::from(rect.width) {
                    if self.damaged[to + x] {
                        self.work.content[to + x].clone_from(&copy.content[from + x]);
                    }
                }
            }
        }
    }

    /// Compares each damaged row with the screen's, lists the changes, and records them as
    /// shown. A row whose damaged cells came out as they were is passed over; in the others,
    /// ratatui's own diff (which knows wide characters) is run over the cells from the first
    /// that changed to the last, see [`row_changes`].
    fn compare(&mut self, area: Rect) {
        let width = usize::from(area.width);
        for row in 0..usize::from(area.height) {
            // `mark` records no empty span.
            let Some(span) = self.rows[row].clone() else {
                continue;
            };
            let cells = row * width..(row + 1) * width;
            let y = area.y + row as u16;
            let found = row_changes(
                (area.x, y),
                &self.shown.content[cells.clone()],
                &self.work.content[cells.clone()],
                span,
                [&mut self.row_shown, &mut self.row_work],
            );
            let Some((changed, found)) = found else {
                continue;
            };
            self.changed.extend(found);
            // The cells that differ: from the first changed to the last (all damaged). Those
            // listed outside them are equal on both sides.
            for i in cells.start + changed.start..cells.start + changed.end {
                self.shown.content[i].clone_from(&self.work.content[i]);
            }
        }
    }
}

/// Where an empty screen must change to show `work`, added to `out`: the places ratatui's diff
/// of `work` against an empty buffer gives (`Buffer::empty(area).diff(&work)`), found without
/// one. Against empty cells its rules come to this: an empty cell (a space in the default style,
/// no diff option) is passed over; a cell it must skip is skipped; any other is written, then
/// the cells a wide character covers are passed over, except after an emoji with VS16, whose
/// covered cells that are not a space are written too (terminals that do not clear them).
/// `paint::tests` holds it to ratatui's diff.
pub fn from_blank(work: &Buffer, out: &mut Vec<(u16, u16)>) {
    let cells = &work.content;
    let len = cells.len();
    let width = usize::from(work.area.width).max(1);
    let at = |i: usize| {
        (
            work.area.x + (i % width) as u16,
            work.area.y + (i / width) as u16,
        )
    };
    #[allow(deprecated)]
    let skipped = |c: &Cell| {
        c.diff_option == CellDiffOption::Skip || (c.skip && c.diff_option == CellDiffOption::None)
    };
    let mut i = 0;
    while i < len {
        let cell = &cells[i];
        let here = i;
        i += 1;
        match cell.diff_option {
            _ if skipped(cell) => {}
            CellDiffOption::ForcedWidth(forced) => {
                i = i.saturating_add(usize::from(forced.get()) - 1);
                if *cell != Cell::EMPTY {
                    out.push(at(here));
                }
            }
            _ => {
                let wide = usize::from(cell.cell_width());
                if cell.diff_option == CellDiffOption::None && *cell == Cell::EMPTY {
                    continue;
                }
                out.push(at(here));
                if wide > 1 && cell.symbol().contains('\u{FE0F}') {
                    let mut end = (here + wide).min(len);
                    let mut next = here + 1;
                    while next < end {
                        let covered = &cells[next];
                        let this = next;
                        next += usize::from(covered.cell_width()).max(1);
                        end = end.max(next).min(len);
                        if !skipped(covered) && covered.symbol() != " " {
                            out.push(at(this));
                        }
                    }
                    i = end;
                } else if wide > 1 {
                    i += wide - 1;
                }
            }
        }
    }
}

/// Where a row of the screen (`shown`, whose first cell is at `at`) must change to show `work`,
/// when the two differ only inside `span`: the places ratatui's diff of the whole row gives,
/// found by running that diff over fewer cells; with them, the cells from the first that differs
/// to the last. `None` when nothing in `span` changed. `rows` are two one-row buffers to reuse.
///
/// Outside `span` the cells are equal, and ratatui's diff sends an equal cell only while it
/// finishes a changed wide character (the cells it covers, or covered before). So it is run
/// from where its walk along the row (one cell, or a wide character's width, at a time) stands
/// at or before the first changed cell, to past the widest character changed at or before the
/// last one. When a cell it would walk has a diff option or the skip flag, the row is diffed
/// whole.
pub fn row_changes<'r>(
    at: (u16, u16),
    shown: &[Cell],
    work: &[Cell],
    span: std::ops::Range<usize>,
    rows: [&'r mut Buffer; 2],
) -> Option<(
    std::ops::Range<usize>,
    impl Iterator<Item = (u16, u16)> + use<'r>,
)> {
    let differs = |i: &usize| work[*i] != shown[*i];
    let from = span.clone().find(differs)?;
    let to = span.rev().find(differs).unwrap_or(from);
    // The diff walks equal cells one at a time, or a wide character's width at a time; only
    // `work`'s cell decides, unless it has a diff option or the skip flag.
    let plain = |c: &Cell| {
        #[allow(deprecated)]
        let skip = c.skip;
        c.diff_option == CellDiffOption::None && !skip
    };
    // A one-byte symbol is ASCII, at most one cell: most of a row, measured without
    // `cell_width`'s Unicode tables.
    let width = |c: &Cell| {
        if c.symbol().len() == 1 {
            1
        } else {
            usize::from(c.cell_width()).max(1)
        }
    };
    let mut start = Some(0);
    let mut i = 0;
    while i <= from {
        if !plain(&work[i]) {
            start = None;
            break;
        }
        start = Some(i);
        i += width(&work[i]);
    }
    let (start, end) = match start {
        Some(start) => {
            let end = (start..=to)
                .map(|i| i + width(&work[i]).max(width(&shown[i])))
                .max()
                .unwrap_or(to + 1)
                .clamp(to + 1, work.len());
            (start, end)
        }
        None => (0, work.len()),
    };
    let line = Rect::new(at.0 + start as u16, at.1, (end - start) as u16, 1);
    let [row_shown, row_work] = rows;
    for (copy, from) in [(&mut *row_shown, shown), (&mut *row_work, work)] {
        copy.area = line;
        copy.content.clear();
        copy.content.extend_from_slice(&from[start..end]);
    }
    let (row_shown, row_work): (&'r Buffer, &'r Buffer) = (row_shown, row_work);
    let changes = row_shown.diff_iter(row_work).map(|(x, y, _)| (x, y));
    Some((from..to + 1, changes))
}

#[cfg(test)]
pub mod tests;
