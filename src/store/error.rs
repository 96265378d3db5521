//! Why a store operation failed.

use std::io;
use std::path::{Path, PathBuf};
use std::time::Duration;

use super::attempt_state::AttemptState;
use super::name::NameError;

/// Why a store operation failed. Files that are merely unreadable are not errors: they are set
/// aside and reported through [`Store::take_set_aside`](super::Store::take_set_aside).
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot {action} {}: {source}", path.display())]
    Io {
        action: &'static str,
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    #[error(
        "another certwiz is using {} and did not finish within {} seconds",
        path.display(),
        waited.as_secs()
    )]
    Busy { path: PathBuf, waited: Duration },
    #[error("cannot write JSON: {0}")]
    Encode(#[source] serde_json::Error),
    #[error(transparent)]
    Name(#[from] NameError),
    #[error("there is no {what} named {name:?}")]
    NotFound { what: &'static str, name: String },
    #[error("there is already a {what} named {name:?}")]
    AlreadyExists { what: &'static str, name: String },
    #[error("{what} {name:?} has the same file name as {other:?}; choose another name")]
    NameClash {
        what: &'static str,
        name: String,
        other: String,
    },
    #[error(
        "the order journal {} cannot be used: {reason}. It is kept as {} (nothing was deleted). \
         No order is sent until you decide: orders recorded there may have been placed, so look \
         for them among the account's recent orders first; then run `certwiz orders release` to \
         go on with a new journal",
        journal.display(),
        kept.display()
    )]
    JournalHeld {
        journal: PathBuf,
        kept: PathBuf,
        reason: String,
    },
    #[error("no order attempt {0} in the journal")]
    NoSuchAttempt(String),
    #[error("no order {0} in the journal")]
    NoSuchOrder(i64),
    #[error("order attempt {attempt_id} is {from} and cannot become {to}")]
    Transition {
        attempt_id: String,
        from: AttemptState,
        to: AttemptState,
    },
}

impl StoreError {
    /// An I/O error on a path.
    pub fn io(action: &'static str, path: &Path, source: io::Error) -> Self {
        StoreError::Io {
            action,
            path: path.to_path_buf(),
            source,
        }
    }
}
