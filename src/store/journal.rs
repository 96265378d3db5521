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

use std::path::{Path, PathBuf};
use std::time::Duration;

use ring::digest::{SHA256, digest};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use time::OffsetDateTime;
use time::macros::format_description;

use super::atomic;
use super::attempt_state::AttemptState;
use super::error::StoreError;
use super::lock::StoreLock;
use super::set_aside::{SetAsideLog, read_versioned};
use crate::order::{Draft, EndpointKind, OrderResponse, OrderStatus, Product, RequestStatus};

/// Logs a status change the journal records.
fn log_status(order_id: i64, change: &StatusChange) {
    tracing::info!(
        "journal: order {order_id} now {}, request {}",
        change
            .order_status
            .as_ref()
            .map(OrderStatus::as_str)
            .unwrap_or("-"),
        change
            .request_status
            .as_ref()
            .map(RequestStatus::as_str)
            .unwrap_or("-")
    );
}

/// The version of the journal format this build writes.
pub const JOURNAL_FORMAT_VERSION: u32 = 1;

/// A hash of the product and the exact body sent, to recognise the same draft submitted again.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Fingerprint(String);

impl Fingerprint {
    /// The fingerprint of a body about to be sent for a product.
    pub fn of(product: Product, body: &Value) -> Self {
        // serde_json keeps key order, and a draft's body is built in catalog order, so equal
        // drafts give equal text.
        let text = format!("{}\n{body}", product.name_id());
        let hex: String = digest(&SHA256, text.as_bytes())
            .as_ref()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        Fingerprint(format!("sha256:{hex}"))
    }

    /// The fingerprint of a draft's body.
    pub fn of_draft(draft: &Draft) -> Self {
        Fingerprint::of(draft.product, &draft.to_body())
    }

    /// The text form, `sha256:<hex>`.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// One observed status of a placed order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusChange {
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order_status: Option<OrderStatus>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_id: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_status: Option<RequestStatus>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub certificate_id: Option<i64>,
}

impl StatusChange {
    /// Whether the order will not change any more: the request decided, or the order final.
    pub fn is_final(&self) -> bool {
        self.order_status
            .as_ref()
            .is_some_and(OrderStatus::is_final)
            || self
                .request_status
                .as_ref()
                .is_some_and(RequestStatus::is_final)
    }

    /// Whether both say the same (the time aside).
    pub fn same_status(&self, other: &StatusChange) -> bool {
        (
            &self.order_status,
            self.request_id,
            &self.request_status,
            self.certificate_id,
        ) == (
            &other.order_status,
            other.request_id,
            &other.request_status,
            other.certificate_id,
        )
    }
}

/// What is known before an order is sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAttempt {
    pub product: Product,
    pub fingerprint: Fingerprint,
    pub endpoint: EndpointKind,
    /// The API base URL (any user name or password in it is not kept).
    pub base_url: String,
    /// One line for lists, such as the draft's summary.
    pub label: String,
    /// The key of the CSR sent, when there is one (see [`crate::delivery::csr_key`]).
    pub csr_key: Option<String>,
    /// The batch row this attempt places, for `submit --batch`.
    pub batch: Option<BatchRef>,
}

/// Which row of which batch file an attempt places (`certwiz submit --batch`), so `--resume`
/// never places a row twice.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct BatchRef {
    /// The batch's id: a hash of the file's bytes.
    pub id: String,
    /// The row, 1-based among the data rows.
    pub row: usize,
}

impl NewAttempt {
    /// The attempt to send a draft to an endpoint.
    pub fn for_draft(draft: &Draft, endpoint: EndpointKind, base_url: &str) -> Self {
        let csr_key = draft
            .to_body()
            .pointer("/certificate/csr")
            .and_then(Value::as_str)
            .and_then(|csr| crate::delivery::csr_key(csr).ok());
        NewAttempt {
            csr_key,
            product: draft.product,
            fingerprint: Fingerprint::of_draft(draft),
            endpoint,
            base_url: base_url.to_owned(),
            label: super::drafts::summary(draft),
            batch: None,
        }
    }
}

/// One order attempt and everything learnt about it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JournalEntry {
    /// A local id, unique on this machine, known before DigiCert gives an order id.
    pub attempt_id: String,
    pub product: Product,
    pub fingerprint: Fingerprint,
    pub endpoint: EndpointKind,
    pub base_url: String,
    #[serde(default)]
    pub label: String,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
    pub state: AttemptState,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order_id: Option<i64>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub request_ids: Vec<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub certificate_id: Option<i64>,
    /// Why the outcome is unknown, or why it failed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// Every status seen, oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub history: Vec<StatusChange>,
    /// The SHA-256 of the public key of the CSR sent, when one was: a downloaded certificate
    /// must carry this key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub csr_key: Option<String>,
    /// When the order reached a final status.
    #[serde(
        default,
        with = "time::serde::rfc3339::option",
        skip_serializing_if = "Option::is_none"
    )]
    pub final_at: Option<OffsetDateTime>,
    /// The batch row this attempt places; absent for a single order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub batch: Option<BatchRef>,
}

impl JournalEntry {
    /// Whether the order reached a final status.
    pub fn is_final(&self) -> bool {
        self.final_at.is_some()
    }

    /// The latest status seen.
    pub fn latest(&self) -> Option<&StatusChange> {
        self.history.last()
    }

    /// Whether submitting the same draft again needs a confirmation naming this attempt: it was
    /// placed, or may have been.
    pub fn blocks_resubmit(&self) -> bool {
        self.state != AttemptState::Failed
    }
}

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
        let before = entries.clone();
        let result = change(&mut entries)?;
        if entries != before {
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
                push_status(entry, change);
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

    /// Records a status the tracker saw for a placed order; repeats of the latest are not added.
    pub fn record_status(
        &self,
        order_id: i64,
        change: StatusChange,
    ) -> Result<JournalEntry, StoreError> {
        self.modify(|entries| {
            let entry = entries
                .iter_mut()
                .rev()
                .find(|e| e.order_id == Some(order_id) && e.state == AttemptState::Placed)
                .ok_or(StoreError::NoSuchOrder(order_id))?;
            if entry.latest().is_none_or(|last| !last.same_status(&change)) {
                log_status(order_id, &change);
                push_status(entry, change);
                entry.updated_at = OffsetDateTime::now_utc();
            }
            Ok(entry.clone())
        })
    }

    /// Records several observed statuses under one lock, one read and at most one write, in the
    /// order given. Each answer is the order's latest status afterwards, or `None` when the journal
    /// has no order with that id placed on that kind of endpoint (placed elsewhere: not an error).
    pub fn record_statuses(
        &self,
        changes: Vec<(EndpointKind, i64, StatusChange)>,
    ) -> Result<Vec<Option<StatusChange>>, StoreError> {
        self.modify(|entries| {
            let mut answers = Vec::with_capacity(changes.len());
            for (endpoint, order_id, change) in changes {
                let entry = entries.iter_mut().rev().find(|e| {
                    e.order_id == Some(order_id)
                        && e.endpoint == endpoint
                        && e.state == AttemptState::Placed
                });
                let Some(entry) = entry else {
                    answers.push(None);
                    continue;
                };
                if entry.latest().is_none_or(|last| !last.same_status(&change)) {
                    log_status(order_id, &change);
                    push_status(entry, change);
                    entry.updated_at = OffsetDateTime::now_utc();
                }
                answers.push(entry.latest().cloned());
            }
            Ok(answers)
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

fn push_status(entry: &mut JournalEntry, change: StatusChange) {
    if change.certificate_id.is_some() {
        entry.certificate_id = change.certificate_id;
    }
    if change.is_final() && entry.final_at.is_none() {
        entry.final_at = Some(change.at);
    }
    entry.history.push(change);
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
