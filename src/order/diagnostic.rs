//! A finding about one field of an order: what validation, reading a body and the sandbox report.
//! Kept apart from the rules so the draft (which reports what it reads) and validation (which
//! reads drafts) do not depend on each other.

use std::fmt;

use crate::outside::Safe;

use serde::Serialize;

/// What was typed, quoted for a message: whole when short; else its head cut as everything
/// from outside is (`outside::safe_within`: `…` and how many characters more). A 10 MB paste so
/// gives a message that still says what is wrong (issue 22), where quoting it whole filled the
/// field's detail with the paste and pushed the words out of sight.
pub fn quoted(text: &str) -> String {
    const LONGEST: usize = 40;
    const HEAD: usize = 32;
    if text.chars().nth(LONGEST).is_none() {
        return format!("{text:?}");
    }
    format!("\"{}\"", crate::outside::safe_within(text, HEAD))
}

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Blocks submitting.
    Error,
    /// Worth knowing before paying: extra cost, needed permissions, ignored data.
    Warning,
    /// Plain information, such as the key inside a CSR.
    Info,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "note",
        })
    }
}

/// One finding about one field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// The field's dotted path (`ship_info.city`); empty for the body as a whole.
    pub path: String,
    pub severity: Severity,
    /// The rule that produced it, stable for scripts (`required`, `email`, `country`, ...).
    pub code: &'static str,
    /// A sentence for a person, naming the field.
    pub message: String,
}

impl Diagnostic {
    /// An error.
    pub fn error(path: impl Into<String>, code: &'static str, message: impl Into<String>) -> Self {
        Diagnostic {
            path: path.into(),
            severity: Severity::Error,
            code,
            message: message.into(),
        }
    }

    /// A warning.
    pub fn warning(
        path: impl Into<String>,
        code: &'static str,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            path: path.into(),
            severity: Severity::Warning,
            code,
            message: message.into(),
        }
    }

    /// A note.
    pub fn info(path: impl Into<String>, code: &'static str, message: impl Into<String>) -> Self {
        Diagnostic {
            path: path.into(),
            severity: Severity::Info,
            code,
            message: message.into(),
        }
    }

    /// Whether this blocks submitting.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = if self.path.is_empty() {
            "(body)"
        } else {
            &self.path
        };
        let (path, message) = (Safe(path), Safe(&self.message));
        write!(f, "{:<7} {path}: {message}", self.severity)
    }
}

/// Whether any diagnostic is an error.
pub fn has_errors(diagnostics: &[Diagnostic]) -> bool {
    diagnostics.iter().any(Diagnostic::is_error)
}
