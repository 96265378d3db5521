//! Everything certwiz keeps on disk, so that nothing typed is lost: shipping and subject
//! profiles, drafts (the autosave and named ones) and the journal of submitted orders.
//!
//! Layout under [`Paths::data_dir`]:
//!
//! ```text
//! profiles/.lock                  one lock for both kinds of profile
//! profiles/shipping/<file>.json   one file per profile; see `name` for the file names
//! profiles/subject/<file>.json
//! drafts/.lock
//! drafts/autosave.json            the draft in progress
//! drafts/named/<file>.json        drafts saved under a name
//! orders.json, orders.json.lock   the journal of order attempts
//! ```
//!
//! Rules every file follows:
//! - readable JSON with a format version (`certwiz_profile`, `certwiz_draft`, `certwiz_journal`);
//! - written atomically ([`atomic`]), created 0600 in folders 0700;
//! - changed only under the store's lock ([`lock`]), so concurrent certwiz processes never lose
//!   each other's writes;
//! - a file that cannot be parsed, or has a newer format version, is moved aside and reported
//!   ([`aside`]): [`Store::take_set_aside`] hands those reports to the UI, and the operation goes
//!   on as if the file were not there;
//! - nothing here ever takes an API key, so none can be written.
//!
//! How the wizard and the submit path use it:
//! - at start: [`Store::open`]; [`Drafts::resume`] to offer the autosave (with `--new`,
//!   [`Drafts::archive_autosave`] keeps it as a named draft instead); [`Journal::mark_interrupted`]
//!   then [`Journal::entries_to_resume`] to restart tracking; show [`Store::take_set_aside`];
//! - while editing: [`Debouncer::changed`] on each change, and [`Drafts::autosave`] when
//!   [`Debouncer::is_due`] (then [`Debouncer::saved`] with the time the snapshot was taken);
//! - profiles: [`Profiles::summaries`] for the picker, [`Profile::apply_to`] to load one,
//!   [`Profile::diagnostics`] to check it, [`Profile::from_draft`] + [`Profiles::save`] to save;
//! - submitting: [`Journal::find_by_fingerprint`] with [`Fingerprint::of_draft`] (confirm naming
//!   any entry that [`JournalEntry::blocks_resubmit`]), [`Journal::create_sending`] (do not send
//!   if it fails), the POST, then [`Journal::mark_placed`], [`Journal::mark_failed`] (a 400) or
//!   [`Journal::mark_outcome_unknown`]; [`Drafts::discard_autosave`] once placed;
//! - tracking: [`Journal::record_status`] for each tracker update.
//!
//! Every call does blocking file I/O (and may wait for the lock, up to [`lock::DEFAULT_WAIT`]);
//! async code should call it through `tokio::task::spawn_blocking`.

pub mod aside;
pub mod atomic;
pub mod debounce;
pub mod drafts;
pub mod journal;
pub mod lock;
pub mod name;
mod named;
pub mod profile;
pub mod profiles;

use std::io;
use std::path::{Path, PathBuf};
use std::time::Duration;

pub use aside::{SetAside, SetAsideReason};
pub use debounce::Debouncer;
pub use drafts::{DraftSummary, Drafts, Resume};
pub use journal::{
    AttemptState, BatchRef, EndpointKind, Fingerprint, Journal, JournalEntry, NewAttempt,
    StatusChange,
};
pub use name::NameError;
pub use profiles::{Profile, ProfileKind, ProfileSummary, Profiles};

use crate::paths::Paths;

/// Why a store operation failed. Files that are merely unreadable are not errors: they are set
/// aside and reported through [`Store::take_set_aside`].
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

/// All of certwiz's stores under one data folder, sharing one log of set-aside files.
/// Cheap to clone; clones share the log.
#[derive(Debug, Clone)]
pub struct Store {
    /// Shipping and subject profiles.
    pub profiles: Profiles,
    /// The autosave and named drafts.
    pub drafts: Drafts,
    /// Order attempts and their outcomes.
    pub journal: Journal,
    log: aside::SetAsideLog,
}

impl Store {
    /// The stores under `paths`; nothing is touched on disk until the first call.
    pub fn open(paths: &Paths) -> Self {
        let log = aside::SetAsideLog::default();
        Store {
            profiles: Profiles::new(paths.profiles_dir(), log.clone()),
            drafts: Drafts::new(paths.drafts_dir(), log.clone()),
            journal: Journal::new(paths.journal_file(), log.clone()),
            log,
        }
    }

    /// The files set aside since the last call, for the UI to show by name.
    pub fn take_set_aside(&self) -> Vec<SetAside> {
        self.log.take()
    }
}
