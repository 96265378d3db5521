//! The journal of order attempts (`orders.db`, SQLite): written *before* an order is sent, then
//! updated with what became of it, so that a crash, a kill or a lost connection never leaves an
//! order placed without a trace, and the same order is not placed twice by accident.
//!
//! An attempt's life: [`Journal::check_and_record`] at the moment of sending, which in ONE
//! `BEGIN IMMEDIATE` transaction looks for an earlier attempt of the same order (same normalised
//! fingerprint, same kind of endpoint, placed, sending or outcome unknown) and, when there is
//! none the person has not named, records the new attempt as "sending"; then exactly one of
//! [`Journal::mark_placed`], [`Journal::mark_failed`] (definitely not placed) or
//! [`Journal::mark_outcome_unknown`]. Every status change is one transaction. Two certwiz
//! processes racing on one data folder are therefore told apart by SQLite's write lock: the
//! second finds the first's "sending" attempt and does not send.
//!
//! An `orders.json` written by an earlier certwiz is imported once, in the first transaction, and
//! kept beside (renamed `orders.json.imported-<time>`); see [`db`] for an unreadable journal.

mod actions;
mod db;
mod entry;
mod fingerprint;
mod import;
mod owner;
mod rows;

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, Transaction, TransactionBehavior};
use time::OffsetDateTime;
use time::macros::format_description;

pub use actions::{Action, ActionKind, ActionState, Begun, Settled};
pub use db::{DB_FORMAT_VERSION, Hold};
pub use entry::{
    BatchRef, Fingerprint, JOURNAL_FORMAT_VERSION, JournalEntry, NewAttempt, StatusChange,
};
pub use owner::INTERRUPTED_AFTER;

use super::attempt_state::AttemptState;
use super::error::StoreError;
use super::set_aside::{SetAsideLog, SetAsideReason};
use crate::order::OrderResponse;
use rows::Fault;

/// Which earlier attempts of the same order the person has named, so that a new one may be sent
/// anyway.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Allow {
    /// These attempts (by id) were shown and the person said to send again.
    Named(Vec<String>),
    /// `--allow-duplicate`: any earlier attempt.
    Any,
}

impl Allow {
    /// No earlier attempt is accepted.
    pub fn none() -> Allow {
        Allow::Named(Vec::new())
    }

    fn accepts(&self, entry: &JournalEntry) -> bool {
        match self {
            Allow::Any => true,
            Allow::Named(ids) => ids.contains(&entry.attempt_id),
        }
    }
}

/// What [`Journal::check_and_record`] decided.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Recorded {
    /// Recorded as "sending": send it now.
    Sending(Box<JournalEntry>),
    /// Not recorded, not to be sent: these earlier attempts, newest first, must be named first.
    Earlier(Vec<JournalEntry>),
}

/// The journal database.
#[derive(Debug, Clone)]
pub struct Journal {
    path: PathBuf,
    legacy: PathBuf,
    log: SetAsideLog,
}

impl Journal {
    /// The journal at `path` (normally [`crate::paths::Paths::journal_file`]); an `orders.json`
    /// beside it is imported once.
    pub fn new(path: PathBuf, log: SetAsideLog) -> Self {
        rows::note_start();
        let legacy = path.with_file_name("orders.json");
        Journal { path, legacy, log }
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The hold in force after an unreadable journal was set aside, if any.
    pub fn hold(&self) -> Result<Option<Hold>, StoreError> {
        db::hold_of(&self.path)
    }

    /// Lifts the hold (the person has looked at the journal kept aside): the next call starts a
    /// new journal. Returns the hold lifted.
    pub fn release(&self) -> Result<Option<Hold>, StoreError> {
        let hold = db::hold_of(&self.path)?;
        if hold.is_some() {
            super::atomic::remove(&db::hold_path(&self.path))?;
            tracing::info!("journal: the hold on sending was released by the person");
        }
        Ok(hold)
    }

    /// Runs `work` in one transaction (`BEGIN IMMEDIATE` when `write`), after importing a legacy
    /// `orders.json` once. A database found unreadable is set aside.
    fn transaction<R>(
        &self,
        write: bool,
        work: impl FnOnce(&Transaction<'_>) -> Result<R, Fault>,
    ) -> Result<R, StoreError> {
        let mut conn = db::open(&self.path)?;
        let result = self.run(&mut conn, write, work);
        match result {
            Ok((r, imported)) => {
                drop(conn);
                if imported {
                    import::keep_legacy_aside(&self.legacy);
                }
                Ok(r)
            }
            Err(Fault::Sql(e)) if db::unreadable(&e) => {
                drop(conn);
                Err(db::set_aside(
                    &self.path,
                    SetAsideReason::Unreadable(e.to_string()),
                ))
            }
            Err(Fault::Bad(why)) => {
                drop(conn);
                Err(db::set_aside(&self.path, SetAsideReason::Unreadable(why)))
            }
            Err(Fault::Sql(e)) => Err(db::failed(&self.path, e)),
            Err(Fault::Store(e)) => Err(e),
        }
    }

    fn run<R>(
        &self,
        conn: &mut Connection,
        write: bool,
        work: impl FnOnce(&Transaction<'_>) -> Result<R, Fault>,
    ) -> Result<(R, bool), Fault> {
        let behavior = if write || !import::done(conn)? {
            TransactionBehavior::Immediate
        } else {
            TransactionBehavior::Deferred
        };
        let tx = conn.transaction_with_behavior(behavior)?;
        let imported = import::once(&tx, &self.legacy, &self.log)?;
        let r = work(&tx)?;
        tx.commit()?;
        Ok((r, imported))
    }

    /// The one decision before an order is sent, in one transaction: attempts cut off while
    /// sending become "outcome unknown"; the earlier attempts of the same order (its normalised
    /// fingerprint or the exact one earlier versions wrote, on the same kind of endpoint,
    /// placed or possibly placed) that `allow` does not name stop it; otherwise the new attempt
    /// is recorded as "sending" by this process. The whole database is checked first: a damaged
    /// journal cannot say "no earlier attempt".
    pub fn check_and_record(
        &self,
        attempt: NewAttempt,
        allow: &Allow,
    ) -> Result<Recorded, StoreError> {
        let recorded = self.transaction(true, |tx| {
            if let Some(problem) = db::check_whole(tx)? {
                return Err(Fault::Bad(format!("its integrity check failed: {problem}")));
            }
            rows::mark_interrupted(tx, INTERRUPTED_AFTER)?;
            let earlier: Vec<JournalEntry> = rows::earlier(tx, &attempt)?
                .into_iter()
                .filter(|e| !allow.accepts(e))
                .collect();
            if !earlier.is_empty() {
                return Ok(Recorded::Earlier(earlier));
            }
            let entry = new_entry(attempt);
            rows::insert(tx, &entry)?;
            Ok(Recorded::Sending(Box::new(entry)))
        })?;
        match &recorded {
            Recorded::Sending(e) => tracing::info!(
                "journal: attempt {} ({}, {}) recorded as sending, before the order is sent",
                e.attempt_id,
                e.product.name_id(),
                e.endpoint
            ),
            Recorded::Earlier(found) => {
                for e in found {
                    tracing::info!(
                        "journal: the same order was sent before as attempt {} ({}): not sent without naming it",
                        e.attempt_id,
                        e.state
                    );
                }
            }
        }
        Ok(recorded)
    }

    /// Records an attempt as "sending" whatever was sent before (`--allow-duplicate`).
    pub fn create_sending(&self, attempt: NewAttempt) -> Result<JournalEntry, StoreError> {
        match self.check_and_record(attempt, &Allow::Any)? {
            Recorded::Sending(entry) => Ok(*entry),
            // Allow::Any accepts every earlier attempt.
            Recorded::Earlier(_) => Err(StoreError::NoSuchAttempt("(new)".into())),
        }
    }

    /// The earlier attempts that would stop `attempt` (see [`Journal::check_and_record`]), for a
    /// question asked before the moment of sending; the send checks again.
    pub fn earlier(&self, attempt: &NewAttempt) -> Result<Vec<JournalEntry>, StoreError> {
        self.transaction(true, |tx| {
            rows::mark_interrupted(tx, INTERRUPTED_AFTER)?;
            rows::earlier(tx, attempt)
        })
    }

    fn update(
        &self,
        attempt_id: &str,
        change: impl FnOnce(&mut JournalEntry) -> Result<bool, StoreError>,
    ) -> Result<JournalEntry, StoreError> {
        self.transaction(true, |tx| {
            let mut entry = rows::by_attempt(tx, attempt_id)?
                .ok_or_else(|| Fault::Store(StoreError::NoSuchAttempt(attempt_id.to_owned())))?;
            if change(&mut entry).map_err(Fault::Store)? {
                entry.updated_at = OffsetDateTime::now_utc();
                rows::save(tx, &entry)?;
            }
            Ok(entry)
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
                AttemptState::Placed if entry.order_id == Some(response.id) => return Ok(false),
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
            Ok(true)
        })
        .inspect(|e| {
            let order = e.order_id.unwrap_or_default();
            tracing::info!("journal: attempt {} placed: order {order}", e.attempt_id);
        })
    }

    /// Records that the POST may have reached DigiCert (a timeout, a dropped connection, an
    /// answer that is not a documented refusal).
    pub fn mark_outcome_unknown(
        &self,
        attempt_id: &str,
        error: &str,
    ) -> Result<JournalEntry, StoreError> {
        self.update(attempt_id, |entry| match entry.state {
            AttemptState::Sending | AttemptState::OutcomeUnknown => {
                entry.state = AttemptState::OutcomeUnknown;
                entry.error = Some(error.to_owned());
                Ok(true)
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
                Ok(true)
            }
            from => Err(transition(entry, from, AttemptState::Failed)),
        })
        .inspect(|e| tracing::info!("journal: attempt {} not placed", e.attempt_id))
    }

    /// Turns attempts left "sending" by a process that is gone, or for longer than `older_than`,
    /// into "outcome unknown": the certwiz that sent them stopped before it learnt the answer.
    /// Returns the entries changed.
    pub fn mark_interrupted(&self, older_than: Duration) -> Result<Vec<JournalEntry>, StoreError> {
        self.transaction(true, |tx| rows::mark_interrupted(tx, older_than))
    }

    /// [`Journal::mark_interrupted`], then every attempt, newest first, in one opening of the
    /// journal (the wizard's start: each opening costs its checks and locks before the first
    /// frame).
    pub fn mark_interrupted_then_list(
        &self,
        older_than: Duration,
    ) -> Result<Vec<JournalEntry>, StoreError> {
        self.transaction(true, |tx| {
            rows::mark_interrupted(tx, older_than)?;
            rows::all(tx)
        })
    }

    /// Every attempt, newest first.
    pub fn list(&self) -> Result<Vec<JournalEntry>, StoreError> {
        self.transaction(false, rows::all)
    }

    /// One attempt by its id.
    pub fn get(&self, attempt_id: &str) -> Result<Option<JournalEntry>, StoreError> {
        self.transaction(false, |tx| rows::by_attempt(tx, attempt_id))
    }

    /// The placed orders not yet final, newest first: tracking resumes for these at start.
    pub fn entries_to_resume(&self) -> Result<Vec<JournalEntry>, StoreError> {
        self.transaction(false, |tx| {
            Ok(rows::in_state(tx, AttemptState::Placed)?
                .into_iter()
                .filter(|e| !e.is_final())
                .collect())
        })
    }

    /// The attempts with this fingerprint, newest first.
    pub fn find_by_fingerprint(
        &self,
        fingerprint: &Fingerprint,
    ) -> Result<Vec<JournalEntry>, StoreError> {
        self.transaction(false, |tx| rows::by_fingerprints(tx, &[fingerprint]))
    }

    /// Records a status the tracker saw for a placed order (its newest attempt); repeats of the
    /// latest are not added.
    pub fn record_status(
        &self,
        order_id: i64,
        change: StatusChange,
    ) -> Result<JournalEntry, StoreError> {
        self.transaction(true, |tx| {
            let mut entry = rows::placed_order(tx, None, order_id)?
                .ok_or(Fault::Store(StoreError::NoSuchOrder(order_id)))?;
            if rows::push_status(&mut entry, change) {
                rows::save(tx, &entry)?;
            }
            Ok(entry)
        })
    }

    /// Records observed statuses in one transaction, in the order given. Each answer is the
    /// order's latest status afterwards, or `None` when the journal has no order with that id
    /// placed on that kind of endpoint (placed elsewhere: not an error).
    pub fn record_statuses(
        &self,
        changes: Vec<(crate::order::EndpointKind, i64, StatusChange)>,
    ) -> Result<Vec<Option<StatusChange>>, StoreError> {
        self.transaction(true, |tx| {
            let mut answers = Vec::with_capacity(changes.len());
            for (endpoint, order_id, change) in changes {
                let Some(mut entry) = rows::placed_order(tx, Some(endpoint), order_id)? else {
                    answers.push(None);
                    continue;
                };
                if rows::push_status(&mut entry, change) {
                    rows::save(tx, &entry)?;
                }
                answers.push(entry.latest().cloned());
            }
            Ok(answers)
        })
    }

    /// The one decision before a reissue or revocation is sent, in one transaction: an earlier
    /// action of `kind` on `target` at `endpoint` that `kind` is stopped by (see
    /// [`ActionKind::stopped_by`]) stops it; otherwise it is recorded as "sending". The whole
    /// database is checked first, as before an order. See `actions`.
    pub fn begin_action(
        &self,
        endpoint: &str,
        kind: ActionKind,
        target: i64,
        detail: &str,
    ) -> Result<Begun, StoreError> {
        self.transaction(true, |tx| {
            actions::begin(tx, endpoint, kind, target, detail)
        })
        .inspect(|begun| match begun {
            Begun::Sending(a) => tracing::info!(
                "journal: {} of {} recorded as sending, before it is sent",
                kind.as_str(),
                a.target
            ),
            Begun::Earlier(a) => tracing::info!(
                "journal: a {} of {} was sent before ({}): not sent again",
                kind.as_str(),
                a.target,
                a.state.as_str()
            ),
        })
    }

    /// Records what became of a reissue or revocation.
    pub fn finish_action(
        &self,
        id: i64,
        state: ActionState,
        result_id: Option<i64>,
        detail: &str,
    ) -> Result<(), StoreError> {
        self.transaction(true, |tx| actions::finish(tx, id, state, result_id, detail))
            .inspect(|()| tracing::info!("journal: action {id} {}", state.as_str()))
    }

    /// Every reissue or revocation whose outcome is open (sending, or unknown as read), oldest
    /// first, on any endpoint.
    pub fn open_actions(&self) -> Result<Vec<Action>, StoreError> {
        self.transaction(true, actions::open)
    }

    /// Records the person's finding about a reissue or revocation whose outcome is unknown
    /// (see `actions::settle`); nothing is sent.
    pub fn settle_action(
        &self,
        id: i64,
        happened: bool,
        request_id: Option<i64>,
    ) -> Result<actions::Settled, StoreError> {
        self.transaction(true, |tx| actions::settle(tx, id, happened, request_id))
    }

    /// The reissues or revocations of a kind recorded on a target at an endpoint, oldest first.
    pub fn actions(
        &self,
        endpoint: &str,
        kind: ActionKind,
        target: i64,
    ) -> Result<Vec<Action>, StoreError> {
        self.transaction(true, |tx| actions::list(tx, endpoint, kind, target))
    }
}

fn new_entry(attempt: NewAttempt) -> JournalEntry {
    let now = OffsetDateTime::now_utc();
    JournalEntry {
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

#[cfg(test)]
mod tests;
