//! What became of each row: the progress on standard error while sending, and the table (or JSON
//! array) on standard output at the end.

use std::io::{self, IsTerminal, Write};

use serde::Serialize;

use crate::order::batch::Row;
use crate::order::catalog::FieldId;
use crate::store::JournalEntry;

/// What became of one row, for the summary table and `--json` (every key always present, `null`
/// when empty: README, "JSON output").
#[derive(Debug, Clone, Serialize)]
pub(super) struct RowResult {
    pub(super) row: usize,
    pub(super) line: usize,
    pub(super) subject: String,
    /// `placed`, `already_placed`, `failed`, `outcome_unknown` or `not_sent`.
    pub(super) state: &'static str,
    pub(super) attempt_id: Option<String>,
    pub(super) order_id: Option<i64>,
    pub(super) request_id: Option<i64>,
    pub(super) status: Option<String>,
    pub(super) error: Option<String>,
}

impl RowResult {
    pub(super) fn new(row: &Row, state: &'static str) -> Self {
        RowResult {
            row: row.row,
            line: row.line,
            subject: row.draft.get(FieldId::SubjectName).trim().to_owned(),
            state,
            attempt_id: None,
            order_id: None,
            request_id: None,
            status: None,
            error: None,
        }
    }

    pub(super) fn from_entry(row: &Row, entry: &JournalEntry, state: &'static str) -> Self {
        let mut result = RowResult::new(row, state);
        result.attempt_id = Some(entry.attempt_id.clone());
        result.order_id = entry.order_id;
        result.request_id = entry.request_ids.first().copied();
        result.status = entry
            .latest()
            .and_then(|s| s.request_status.as_ref())
            .map(|s| s.as_str().to_owned());
        result.error = entry.error.clone();
        result
    }

    /// The last column of the table: the status, or what went wrong.
    pub(super) fn outcome(&self) -> String {
        match self.state {
            "placed" => self.status.clone().unwrap_or_else(|| "placed".into()),
            "already_placed" => format!(
                "placed before{}",
                self.status
                    .as_ref()
                    .map(|s| format!(" ({s})"))
                    .unwrap_or_default()
            ),
            "not_sent" => "not sent".into(),
            state => match &self.error {
                Some(e) => format!("{}: {e}", state.replace('_', " ")),
                None => state.replace('_', " "),
            },
        }
    }
}

pub(super) fn count(results: &[RowResult], state: &str) -> usize {
    results.iter().filter(|r| r.state == state).count()
}

/// A bar on a terminal, one line a row otherwise; both on standard error.
pub(super) struct Progress {
    total: usize,
    finished: usize,
    bar: bool,
}

impl Progress {
    pub(super) fn new(total: usize) -> Self {
        Progress {
            total,
            finished: 0,
            bar: io::stderr().is_terminal(),
        }
    }

    pub(super) fn draw(&self, text: &str) {
        const WIDTH: usize = 24;
        let filled = WIDTH * self.finished / self.total.max(1);
        let mut err = io::stderr().lock();
        let _ = write!(
            err,
            "\r\x1b[K[{}{}] {}/{} {text}",
            "#".repeat(filled),
            "-".repeat(WIDTH - filled),
            self.finished,
            self.total
        );
        let _ = err.flush();
    }

    pub(super) fn sending(&self, row: &Row) {
        if self.bar {
            self.draw(&format!("sending row {}", row.row));
        }
    }

    pub(super) fn done(&mut self, result: &RowResult) {
        self.finished += 1;
        let what = match (result.state, result.order_id) {
            ("placed", Some(order)) => format!("placed order {order}"),
            _ => crate::outside::safe(&result.outcome()).into_owned(),
        };
        if self.bar {
            self.draw(&format!("row {}: {what}", result.row));
        } else {
            errln!(
                "row {} ({}/{}): {what}",
                result.row,
                self.finished,
                self.total
            );
        }
    }

    /// A line of its own, keeping the bar below it.
    pub(super) fn message(&self, text: &str) {
        if self.bar {
            err!("\r\x1b[K");
        }
        errln!("{text}");
    }

    pub(super) fn finish(&self) {
        if self.bar {
            errln!();
        }
    }
}

pub(super) fn print_results(results: &[RowResult], json: bool) {
    if json {
        if let Ok(value) = serde_json::to_value(results) {
            outln!("{}", crate::outside::json(&value));
        }
        return;
    }
    let id = |v: Option<i64>| v.map(|v| v.to_string()).unwrap_or_else(|| "-".into());
    let table: Vec<[String; 5]> = results
        .iter()
        .map(|r| {
            [
                r.row.to_string(),
                if r.subject.is_empty() {
                    "-".into()
                } else {
                    crate::outside::safe(&r.subject).into_owned()
                },
                id(r.order_id),
                id(r.request_id),
                crate::outside::safe(&r.outcome()).into_owned(),
            ]
        })
        .collect();
    let header = ["row", "subject", "order", "request", "result"];
    let mut widths = header.map(|h| h.chars().count());
    for line in &table {
        for (w, cell) in widths.iter_mut().zip(line) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let print = |cells: [&str; 5]| {
        let mut line = String::new();
        for (i, (cell, w)) in cells.iter().zip(widths).enumerate() {
            if i == 4 {
                line.push_str(cell);
            } else {
                line.push_str(&format!("{cell:<w$}  "));
            }
        }
        outln!("{}", line.trim_end());
    };
    print(header);
    for line in &table {
        print([&line[0], &line[1], &line[2], &line[3], &line[4]]);
    }
    outln!("{}", sum_up(results));
}

/// The last line: how many rows went which way. A row whose outcome is unknown may have placed
/// its order, so it is counted as such, never as "not placed".
pub(super) fn sum_up(results: &[RowResult]) -> String {
    let placed = count(results, "placed");
    let before = count(results, "already_placed");
    let mut parts = vec![if before > 0 {
        format!("{placed} placed now, {before} before")
    } else {
        format!("{placed} placed")
    }];
    for (state, words) in [
        (
            "outcome_unknown",
            "outcome unknown (settle with certwiz orders settle)",
        ),
        ("failed", "failed (not placed)"),
        ("not_sent", "not sent"),
    ] {
        let n = count(results, state);
        if n > 0 {
            parts.push(format!("{n} {words}"));
        }
    }
    parts.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(n: usize, state: &'static str) -> RowResult {
        RowResult {
            row: n,
            line: n + 1,
            subject: String::new(),
            state,
            attempt_id: None,
            order_id: None,
            request_id: None,
            status: None,
            error: None,
        }
    }

    #[test]
    fn a_row_with_an_unknown_outcome_is_not_summed_up_as_not_placed() {
        let mut results = vec![row(1, "outcome_unknown")];
        results.extend((2..=5).map(|n| row(n, "not_sent")));
        let line = sum_up(&results);
        assert_eq!(
            line,
            "0 placed, 1 outcome unknown (settle with certwiz orders settle), 4 not sent"
        );
        assert!(!line.contains("not placed"));
        let line = sum_up(&[row(1, "placed"), row(2, "already_placed"), row(3, "failed")]);
        assert_eq!(line, "1 placed now, 1 before, 1 failed (not placed)");
    }
}
