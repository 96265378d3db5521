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
//! orders.db (-wal, -shm)         the journal of order attempts (SQLite; see `journal`)
//! ```
//!
//! Rules every file follows:
//! - readable JSON with a format version (`certwiz_profile`, `certwiz_draft`, `certwiz_journal`);
//! - written atomically ([`atomic`]), created 0600 in folders 0700;
//! - changed only under the store's lock ([`lock`]), so concurrent certwiz processes never lose
//!   each other's writes;
//! - a file that cannot be parsed, or has a newer format version, is moved aside and reported
//!   ([`set_aside`]): [`Store::take_set_aside`] hands those reports to the UI, and the operation goes
//!   on as if the file were not there; except the journal, which then holds every send until the
//!   person decides (see `journal`);
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
//! - submitting goes through `crate::ordering::send`: [`Journal::check_and_record`] (the check
//!   for earlier attempts and the "sending" record, one transaction), the POST, then
//!   [`Journal::mark_placed`], [`Journal::mark_failed`] or [`Journal::mark_outcome_unknown`];
//!   [`Drafts::discard_autosave`] once placed;
//! - tracking: [`Journal::record_statuses`] for each tracker update.
//!
//! Every call does blocking file I/O (and may wait for the lock, up to [`lock::DEFAULT_WAIT`]);
//! async code should call it through `tokio::task::spawn_blocking`.

pub mod atomic;
mod attempt_state;
pub mod debounce;
pub mod drafts;
mod error;
pub mod inventory;
pub mod journal;
pub mod lock;
pub mod name;
mod named_files;
pub mod profile;
pub mod profiles;
pub mod set_aside;

pub use attempt_state::AttemptState;
pub use debounce::Debouncer;
pub use drafts::{DraftSummary, Drafts, Resume};
pub use error::StoreError;
pub use journal::{
    Action, ActionKind, ActionState, Allow, BatchRef, Begun, Fingerprint, Hold, Journal,
    JournalEntry, NewAttempt, Recorded, Settled, StatusChange,
};
pub use name::NameError;
pub use profiles::{Profile, ProfileKind, ProfileSummary, Profiles};
pub use set_aside::{SetAside, SetAsideReason};

use crate::paths::Paths;

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
    log: set_aside::SetAsideLog,
}

impl Store {
    /// The stores under `paths`; nothing is touched on disk until the first call.
    pub fn open(paths: &Paths) -> Self {
        let log = set_aside::SetAsideLog::default();
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
