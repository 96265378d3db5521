//! Where the pre-flight check of the form stands (the model's part; kept apart from the logic
//! so the model imports nothing that imports it).

use crate::order::preflight::{CheckedFor, Report};
use crate::order::validate::Diagnostic;
use crate::store::JournalEntry;

/// The check of the form: the one on its way, the send question waiting for it, and the last
/// one read (shown at the fields while the values it was read for hold).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Preflight {
    /// A check on its way, for these values.
    pub checking: Option<CheckedFor>,
    /// A send question waits for the check (or for the answer to the validation offer).
    pub question: Option<Waiting>,
    /// The last check read.
    pub read: Option<Checked>,
}

/// A send question that waits: the earlier attempts it names, and whether the offer to
/// submit the organization for validation was made already (it is made once per question).
#[derive(Debug, Clone, PartialEq)]
pub struct Waiting {
    pub earlier: Vec<JournalEntry>,
    pub offered: bool,
    /// What was done meanwhile (the organization submitted, or why not), for the question.
    pub said: Vec<String>,
}

/// A check that was read, with the values it was read for.
#[derive(Debug, Clone, PartialEq)]
pub struct Checked {
    pub key: CheckedFor,
    /// `None`: the check could not run.
    pub report: Option<Report>,
    /// The report's notable findings as the fields show them, each with what it depends on.
    pub at_fields: Vec<(crate::order::preflight::Topic, Diagnostic)>,
}

impl Preflight {
    /// The last check's lines at the field `path`, those whose values still hold for the order
    /// `now` (none when the form makes no body).
    pub fn at_field(&self, path: &str, now: Option<&CheckedFor>) -> Vec<&Diagnostic> {
        let (Some(read), Some(now)) = (&self.read, now) else {
            return Vec::new();
        };
        read.at_fields
            .iter()
            .filter(|(topic, d)| d.path == path && read.key.holds(*topic, now))
            .map(|(_, d)| d)
            .collect()
    }
}
