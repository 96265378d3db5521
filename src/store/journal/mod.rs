//! The journal of order attempts (`orders.json`): written *before* an order is sent, then updated
//! with what became of it, so that a crash, a kill or a lost connection never leaves an order
//! placed without a trace, and the same draft is not ordered twice by accident.
//!
//! An attempt's life: [`Journal::create_sending`] just before the POST; then exactly one of
//! [`Journal::mark_placed`] (the answer came), [`Journal::mark_failed`] (definitely not placed,
//! such as a 400) or [`Journal::mark_outcome_unknown`] (it may have reached DigiCert). An unknown
//! outcome is settled later by `mark_placed` or `mark_failed`, once the person has looked the
//! order up. A placed order gets [`Journal::record_status`] for every change the tracker sees,
//! until the status is final.

mod entry;
mod lean;
mod statuses;

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use time::macros::format_description;

pub use entry::{
    BatchRef, Fingerprint, JOURNAL_FORMAT_VERSION, JournalEntry, NewAttempt, StatusChange,
};

use super::atomic;
use super::attempt_state::AttemptState;
use super::error::StoreError;
use super::lock::StoreLock;
use super::set_aside::{SetAsideLog, read_versioned};
use crate::order::OrderResponse;

#[derive(Debug, Serialize, Deserialize)]
struct JournalFile {
    certwiz_journal: u32,
    entries: Vec<JournalEntry>,
}

/// The journal file and its lock.
#[derive(Debug, Clone)]
pub struct Journal {
    path: PathBuf,
    lock: StoreLock,
    log: SetAsideLog,
}

impl Journal {
    /// The journal at `path` (normally [`crate::paths::Paths::journal_file`]).
    pub fn new(path: PathBuf, log: SetAsideLog) -> Self {
        let mut lock_path = path.clone().into_os_string();
        lock_path.push(".lock");
        Journal {
            lock: StoreLock::new(lock_path.into()),
            path,
            log,
        }
    }

    /// The journal file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn read(&self) -> Result<Vec<JournalEntry>, StoreError> {
        Ok(read_versioned::<JournalFile>(
            &self.path,
            "certwiz_journal",
            JOURNAL_FORMAT_VERSION,
            &self.log,
        )?
        .map(|f| f.entries)
        .unwrap_or_default())
    }

    /// Reads, changes and writes the journal under its lock; nothing is written on error.
    fn modify<R>(
        &self,
        change: impl FnOnce(&mut Vec<JournalEntry>) -> Result<R, StoreError>,
    ) -> Result<R, StoreError> {
        let _guard = self.lock.acquire()?;
        let mut entries = self.read()?;
        // A digest rather than a copy: a copy of a thousand entries was a good part of the
        // journal writer's peak memory.
        let before = digest_of(&entries);
        let result = change(&mut entries)?;
        if digest_of(&entries) != before {
            let file = JournalFile {
                certwiz_journal: JOURNAL_FORMAT_VERSION,
                entries,
            };
            atomic::write_json(&self.path, &file)?;
        }
        Ok(result)
    }

    fn update(
        &self,
        attempt_id: &str,
        change: impl FnOnce(&mut JournalEntry) -> Result<(), StoreError>,
    ) -> Result<JournalEntry, StoreError> {
        self.modify(|entries| {
            let entry = entries
                .iter_mut()
                .find(|e| e.attempt_id == attempt_id)
                .ok_or_else(|| StoreError::NoSuchAttempt(attempt_id.to_owned()))?;
            change(entry)?;
            entry.updated_at = OffsetDateTime::now_utc();
            Ok(entry.clone())
        })
    }

    /// Records an attempt in state "sending". Call before the POST, and do not send when this
    /// fails: an order must never be placed without a trace.
    pub fn create_sending(&self, attempt: NewAttempt) -> Result<JournalEntry, StoreError> {
        let now = OffsetDateTime::now_utc();
        let entry = JournalEntry {
            attempt_id: new_attempt_id(now),
            product: attempt.product,
            fingerprint: attempt.fingerprint,
            endpoint: attempt.endpoint,
            base_url: without_credentials(&attempt.base_url),
            label: attempt.label,
            created_at: now,
            updated_at: now,
            state: AttemptState::Sending,
            order_id: None,
            request_ids: Vec::new(),
            certificate_id: None,
            error: None,
            history: Vec::new(),
            csr_key: attempt.csr_key,
            final_at: None,
            batch: attempt.batch,
        };
        self.modify(|entries| {
            entries.push(entry.clone());
            Ok(entry)
        })
        .inspect(|e| {
            tracing::info!(
                "journal: attempt {} ({}, {}) recorded as sending, before the order is sent",
                e.attempt_id,
                e.product.name_id(),
                e.endpoint
            );
        })
    }

    /// Records DigiCert's answer: the order id, request ids and first status. Also settles an
    /// unknown outcome once the order was found.
    pub fn mark_placed(
        &self,
        attempt_id: &str,
        response: &OrderResponse,
    ) -> Result<JournalEntry, StoreError> {
        self.update(attempt_id, |entry| {
            match entry.state {
                AttemptState::Sending | AttemptState::OutcomeUnknown => {}
                AttemptState::Placed if entry.order_id == Some(response.id) => return Ok(()),
                from => return Err(transition(entry, from, AttemptState::Placed)),
            }
            entry.state = AttemptState::Placed;
            entry.error = None;
            entry.order_id = Some(response.id);
            entry.request_ids = response
                .requests
                .iter()
                .flatten()
                .filter_map(|r| r.id)
                .collect();
            let first = response.first_request();
            let change = StatusChange {
                at: OffsetDateTime::now_utc(),
                order_status: None,
                request_id: first.and_then(|r| r.id),
                request_status: first.and_then(|r| r.status.clone()),
                certificate_id: response.certificate_id,
            };
            if change.request_status.is_some() || change.certificate_id.is_some() {
                entry.push_status(change);
            }
            Ok(())
        })
        .inspect(|e| {
            let order = e.order_id.unwrap_or_default();
            tracing::info!("journal: attempt {} placed: order {order}", e.attempt_id);
        })
    }

    /// Records that the POST may have reached DigiCert (a timeout, a dropped connection).
    pub fn mark_outcome_unknown(
        &self,
        attempt_id: &str,
        error: &str,
    ) -> Result<JournalEntry, StoreError> {
        self.update(attempt_id, |entry| match entry.state {
            AttemptState::Sending | AttemptState::OutcomeUnknown => {
                entry.state = AttemptState::OutcomeUnknown;
                entry.error = Some(error.to_owned());
                Ok(())
            }
            from => Err(transition(entry, from, AttemptState::OutcomeUnknown)),
        })
        .inspect(|e| {
            tracing::warn!(
                "journal: attempt {} outcome unknown: not to be sent again until settled",
                e.attempt_id
            );
        })
    }

    /// Records that the order was definitely not placed (DigiCert refused it), or settles an
    /// unknown outcome as not placed.
    pub fn mark_failed(&self, attempt_id: &str, error: &str) -> Result<JournalEntry, StoreError> {
        self.update(attempt_id, |entry| match entry.state {
            AttemptState::Sending | AttemptState::OutcomeUnknown | AttemptState::Failed => {
                entry.state = AttemptState::Failed;
                entry.error = Some(error.to_owned());
                Ok(())
            }
            from => Err(transition(entry, from, AttemptState::Failed)),
        })
        .inspect(|e| tracing::info!("journal: attempt {} not placed", e.attempt_id))
    }

    /// Turns attempts left in "sending" for longer than `older_than` into "outcome unknown": the
    /// certwiz that sent them stopped before it learnt the answer. Returns the entries changed.
    /// Use a bound well above the POST's timeout, so a send in progress elsewhere is left alone.
    pub fn mark_interrupted(&self, older_than: Duration) -> Result<Vec<JournalEntry>, StoreError> {
        let now = OffsetDateTime::now_utc();
        self.modify(|entries| {
            let mut changed = Vec::new();
            for entry in entries
                .iter_mut()
                .filter(|e| e.state == AttemptState::Sending && now - e.created_at >= older_than)
            {
                entry.state = AttemptState::OutcomeUnknown;
                entry.error = Some(
                    "certwiz stopped while this order was being sent, so whether DigiCert \
                     received it is unknown"
                        .to_owned(),
                );
                entry.updated_at = now;
                changed.push(entry.clone());
            }
            Ok(changed)
        })
        .inspect(|changed| {
            for e in changed {
                tracing::warn!(
                    "journal: attempt {} was cut off while sending: outcome unknown",
                    e.attempt_id
                );
            }
        })
    }

    /// Every attempt, newest first.
    pub fn list(&self) -> Result<Vec<JournalEntry>, StoreError> {
        let _guard = self.lock.acquire()?;
        let mut entries = self.read()?;
        entries.reverse();
        Ok(entries)
    }

    /// One attempt by its id.
    pub fn get(&self, attempt_id: &str) -> Result<Option<JournalEntry>, StoreError> {
        Ok(self
            .list()?
            .into_iter()
            .find(|e| e.attempt_id == attempt_id))
    }

    /// The placed orders not yet final, newest first: tracking resumes for these at start.
    pub fn entries_to_resume(&self) -> Result<Vec<JournalEntry>, StoreError> {
        Ok(self
            .list()?
            .into_iter()
            .filter(|e| e.state == AttemptState::Placed && !e.is_final())
            .collect())
    }

    /// The attempts with the same fingerprint, newest first. Before submitting, any of them
    /// that [`JournalEntry::blocks_resubmit`] must be named in a confirmation.
    pub fn find_by_fingerprint(
        &self,
        fingerprint: &Fingerprint,
    ) -> Result<Vec<JournalEntry>, StoreError> {
        Ok(self
            .list()?
            .into_iter()
            .filter(|e| &e.fingerprint == fingerprint)
            .collect())
    }
}

fn transition(entry: &JournalEntry, from: AttemptState, to: AttemptState) -> StoreError {
    StoreError::Transition {
        attempt_id: entry.attempt_id.clone(),
        from,
        to,
    }
}

/// `20261128T103443Z-1a2b3c4d`: sortable, and unique enough for one person's orders.
fn new_attempt_id(now: OffsetDateTime) -> String {
    let stamp = now
        .format(format_description!(
            "[year][month][day]T[hour][minute][second]Z"
        ))
        .unwrap_or_default();
    format!("{stamp}-{:08x}", fastrand::u32(..))
}

/// Drops any user name or password from a URL before it is written down.
fn without_credentials(base_url: &str) -> String {
    match url::Url::parse(base_url) {
        Ok(mut url) => {
            let _ = url.set_username("");
            let _ = url.set_password(None);
            url.to_string()
        }
        Err(_) => base_url.to_owned(),
    }
}

/// A SHA-256 of the entries' JSON, computed as they are serialised (no buffer of the whole
/// journal), to tell whether a change changed anything.
fn digest_of(entries: &[JournalEntry]) -> Vec<u8> {
    struct Hasher(ring::digest::Context);
    impl std::io::Write for Hasher {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0.update(bytes);
            Ok(bytes.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut hasher = Hasher(ring::digest::Context::new(&ring::digest::SHA256));
    // Entries are plain data with string keys: serialising them cannot fail (writing the
    // journal would fail the same way).
    if serde_json::to_writer(&mut hasher, entries).is_err() {
        return Vec::new();
    }
    hasher.0.finish().as_ref().to_vec()
}

/// The key of the CSR sent with an order, as the journal recorded it, when the order was placed
/// on this kind of endpoint with a CSR.
pub fn csr_key_of(
    entries: &[JournalEntry],
    endpoint: crate::order::EndpointKind,
    order_id: i64,
) -> Option<String> {
    entries
        .iter()
        .find(|e| {
            e.order_id == Some(order_id)
                && e.endpoint == endpoint
                && e.state == AttemptState::Placed
        })
        .and_then(|e| e.csr_key.clone())
}
