//! A batch file opened in the wizard (`certwiz --batch FILE`) to review its rows: each row with
//! its errors and warnings (the same parsing and rules as `certwiz submit --batch`), and any row
//! opened in the form to read it field by field. Review only: the wizard does not place a batch
//! (`certwiz submit --batch FILE` does, journaling each row), and changes made to a row in the
//! form are not written back to the file.

pub mod draw;
pub mod update;

use std::path::Path;

use crate::order::batch::{self, Format, Row};
use crate::order::{Draft, Product};

/// A batch file read for review.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BatchReview {
    /// The file as the person named it.
    pub file: String,
    pub rows: Vec<Row>,
    /// The highlighted row.
    pub cursor: usize,
    /// What `certwiz submit --batch FILE` needs after the file to place these rows as reviewed:
    /// the base and profiles they start from, and the endpoint (`--base`, `--profile`,
    /// `--sandbox`, `--region`, `--api-url`), as the command line gave them.
    pub submit_flags: Vec<String>,
}

impl BatchReview {
    /// Reads a batch file's text the way `certwiz submit --batch` does without `--base`: CSV
    /// rows start from a new form's defaults, JSON Lines rows from nothing. The error is a
    /// sentence naming the file.
    pub fn read(path: &Path, text: &str) -> Result<BatchReview, String> {
        Self::read_on(path, text, None)
    }

    /// [`read`](Self::read) with the base every row starts from (`--base`, `--profile`), as
    /// `certwiz submit --batch` builds it; `None` for a new form's (CSV) or nothing (JSON Lines).
    pub fn read_on(path: &Path, text: &str, base: Option<Draft>) -> Result<BatchReview, String> {
        let format = Format::detect(path, text);
        let base = base.unwrap_or_else(|| match format {
            Format::Csv => Draft::new(Product::default()),
            Format::JsonLines => Draft::empty(Product::default()),
        });
        let rows =
            batch::parse(text, format, &base).map_err(|e| format!("{}: {e}", path.display()))?;
        Ok(BatchReview {
            file: path.display().to_string(),
            rows,
            cursor: 0,
            submit_flags: Vec::new(),
        })
    }

    /// With the flags `certwiz submit --batch` needs to place the rows as reviewed.
    pub fn submitted_with(mut self, flags: Vec<String>) -> BatchReview {
        self.submit_flags = flags;
        self
    }

    /// The command that places this batch, its words shell-quoted.
    pub fn submit_command(&self) -> String {
        let mut words = vec!["certwiz", "submit", "--batch", self.file.as_str()];
        words.extend(self.submit_flags.iter().map(String::as_str));
        crate::export::shell_line(&words)
    }

    /// The highlighted row.
    pub fn selected(&self) -> Option<&Row> {
        self.rows.get(self.cursor)
    }
}

/// The batch feature's part of the model: the file opened for review, if one is. Only this
/// feature changes it (the field is private to it); the start opens a file with
/// [`BatchState::open`].
#[derive(Debug, Clone, Default)]
pub struct BatchState {
    review: Option<Box<BatchReview>>,
}

impl BatchState {
    /// The batch file opened for review, if one is.
    pub fn review(&self) -> Option<&BatchReview> {
        self.review.as_deref()
    }

    /// Whether a batch file is open.
    pub fn is_open(&self) -> bool {
        self.review.is_some()
    }

    /// Opens `review` (the file `certwiz --batch FILE` names), in place of any other.
    pub fn open(&mut self, review: BatchReview) {
        self.review = Some(Box::new(review));
    }
}

/// A row's name for the list: the signer's name, else their email, else nothing.
pub fn who(row: &Row) -> String {
    ["subject.name", "subject.email"]
        .iter()
        .map(|p| row.draft.get(p).trim())
        .find(|v| !v.is_empty())
        .unwrap_or("—")
        .to_owned()
}

#[cfg(test)]
mod tests;
