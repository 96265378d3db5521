//! The journal's rows: each attempt is one row holding the entry as JSON (the shape `certwiz
//! orders --json` prints), with the columns the checks look up by.

use std::time::Duration;

use rusqlite::{OptionalExtension, Transaction, params, params_from_iter};
use time::OffsetDateTime;

use super::entry::{Fingerprint, JournalEntry, NewAttempt, StatusChange};
use super::owner;
use crate::order::{EndpointKind, OrderStatus, RequestStatus};
use crate::store::attempt_state::AttemptState;
use crate::store::error::StoreError;

/// Why a transaction failed.
pub enum Fault {
    Sql(rusqlite::Error),
    /// The database holds something this build cannot read.
    Bad(String),
    Store(StoreError),
}

impl From<rusqlite::Error> for Fault {
    fn from(e: rusqlite::Error) -> Self {
        Fault::Sql(e)
    }
}

fn state_text(state: AttemptState) -> &'static str {
    match state {
        AttemptState::Sending => "sending",
        AttemptState::Placed => "placed",
        AttemptState::OutcomeUnknown => "outcome_unknown",
        AttemptState::Failed => "failed",
    }
}

fn json_of(entry: &JournalEntry) -> Result<String, Fault> {
    serde_json::to_string(entry).map_err(|e| Fault::Store(StoreError::Encode(e)))
}

fn entry_of(text: &str) -> Result<JournalEntry, Fault> {
    serde_json::from_str(text).map_err(|e| Fault::Bad(format!("an entry cannot be read: {e}")))
}

/// Adds a new attempt, owned by this process.
pub fn insert(tx: &Transaction<'_>, entry: &JournalEntry) -> Result<(), Fault> {
    let (pid, start) = owner::me();
    tx.execute(
        "INSERT INTO attempts (attempt_id, fingerprint, state, order_id, owner_pid, owner_start, entry)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            entry.attempt_id,
            entry.fingerprint.as_str(),
            state_text(entry.state),
            entry.order_id,
            i64::from(pid),
            start.and_then(|s| i64::try_from(s).ok()),
            json_of(entry)?
        ],
    )?;
    Ok(())
}

/// Adds an attempt an earlier certwiz recorded (no owner: it counts as cut off if "sending").
pub fn import(tx: &Transaction<'_>, entry: &JournalEntry) -> Result<(), Fault> {
    tx.execute(
        "INSERT OR IGNORE INTO attempts (attempt_id, fingerprint, state, order_id, entry)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![
            entry.attempt_id,
            entry.fingerprint.as_str(),
            state_text(entry.state),
            entry.order_id,
            json_of(entry)?
        ],
    )?;
    Ok(())
}

/// Writes an attempt's changed entry.
pub fn save(tx: &Transaction<'_>, entry: &JournalEntry) -> Result<(), Fault> {
    tx.execute(
        "UPDATE attempts SET state = ?2, order_id = ?3, entry = ?4 WHERE attempt_id = ?1",
        params![
            entry.attempt_id,
            state_text(entry.state),
            entry.order_id,
            json_of(entry)?
        ],
    )?;
    Ok(())
}

fn select(
    tx: &Transaction<'_>,
    filter: &str,
    values: impl rusqlite::Params,
) -> Result<Vec<JournalEntry>, Fault> {
    let sql = format!("SELECT entry FROM attempts {filter} ORDER BY seq DESC");
    let mut statement = tx.prepare_cached(&sql)?;
    let mut rows = statement.query(values)?;
    let mut out = Vec::new();
    // Each entry is parsed from SQLite's own copy of the text, not a copy of it.
    while let Some(row) = rows.next()? {
        let text = row.get_ref(0)?.as_str().map_err(rusqlite::Error::from)?;
        out.push(entry_of(text)?);
    }
    Ok(out)
}

/// Every attempt, newest first.
pub fn all(tx: &Transaction<'_>) -> Result<Vec<JournalEntry>, Fault> {
    select(tx, "", [])
}

/// The attempts in one state, newest first.
pub fn in_state(tx: &Transaction<'_>, state: AttemptState) -> Result<Vec<JournalEntry>, Fault> {
    select(tx, "WHERE state = ?1", [state_text(state)])
}

/// One attempt by its id.
pub fn by_attempt(tx: &Transaction<'_>, attempt_id: &str) -> Result<Option<JournalEntry>, Fault> {
    let text: Option<String> = tx
        .query_row(
            "SELECT entry FROM attempts WHERE attempt_id = ?1",
            [attempt_id],
            |r| r.get(0),
        )
        .optional()?;
    text.map(|t| entry_of(&t)).transpose()
}

/// The attempts with any of these fingerprints, newest first.
pub fn by_fingerprints(
    tx: &Transaction<'_>,
    fingerprints: &[&Fingerprint],
) -> Result<Vec<JournalEntry>, Fault> {
    let marks = vec!["?"; fingerprints.len()].join(", ");
    select(
        tx,
        &format!("WHERE fingerprint IN ({marks})"),
        params_from_iter(fingerprints.iter().map(|f| f.as_str())),
    )
}

/// The earlier attempts that stop a new one: the same order (normalised, or the exact body an
/// earlier certwiz fingerprinted) on the same kind of endpoint, placed or possibly placed.
pub fn earlier(tx: &Transaction<'_>, attempt: &NewAttempt) -> Result<Vec<JournalEntry>, Fault> {
    let mut prints = vec![&attempt.fingerprint];
    prints.extend(attempt.exact_fingerprint.as_ref());
    Ok(by_fingerprints(tx, &prints)?
        .into_iter()
        .filter(|e| e.endpoint == attempt.endpoint && e.blocks_resubmit())
        .collect())
}

/// The newest placed attempt of an order (on a kind of endpoint, when given).
pub fn placed_order(
    tx: &Transaction<'_>,
    endpoint: Option<EndpointKind>,
    order_id: i64,
) -> Result<Option<JournalEntry>, Fault> {
    Ok(
        select(tx, "WHERE order_id = ?1 AND state = 'placed'", [order_id])?
            .into_iter()
            .find(|e| endpoint.is_none_or(|k| e.endpoint == k)),
    )
}

/// Adds a status to an entry unless it repeats the latest; true when it was added.
pub fn push_status(entry: &mut JournalEntry, change: StatusChange) -> bool {
    if entry.latest().is_some_and(|last| last.same_status(&change)) {
        return false;
    }
    tracing::info!(
        "journal: order {} now {}, request {}",
        entry.order_id.unwrap_or_default(),
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
    entry.push_status(change);
    entry.updated_at = OffsetDateTime::now_utc();
    true
}

/// Marks as "outcome unknown" every "sending" attempt whose process is gone, that an earlier
/// certwiz left (no owner) before this process started, or older than `older_than`.
pub fn mark_interrupted(
    tx: &Transaction<'_>,
    older_than: Duration,
) -> Result<Vec<JournalEntry>, Fault> {
    let now = OffsetDateTime::now_utc();
    let mut statement = tx.prepare_cached(
        "SELECT owner_pid, owner_start, entry FROM attempts WHERE state = 'sending'",
    )?;
    let rows = statement.query_map([], |r| {
        Ok((
            r.get::<_, Option<i64>>(0)?,
            r.get::<_, Option<i64>>(1)?,
            r.get::<_, String>(2)?,
        ))
    })?;
    let mut cut_off = Vec::new();
    for row in rows {
        let (pid, start, text) = row?;
        let mut entry = entry_of(&text)?;
        let orphan = pid.is_none() && entry.created_at < process_started();
        if owner::is_gone(pid, start) || orphan || now - entry.created_at >= older_than {
            entry.state = AttemptState::OutcomeUnknown;
            entry.error = Some(
                "certwiz stopped while this order was being sent, so whether DigiCert \
                 received it is unknown"
                    .to_owned(),
            );
            entry.updated_at = now;
            cut_off.push(entry);
        }
    }
    drop(statement);
    for entry in &cut_off {
        save(tx, entry)?;
        tracing::warn!(
            "journal: attempt {} was cut off while sending: outcome unknown",
            entry.attempt_id
        );
    }
    Ok(cut_off)
}

/// When this process started (near enough: when it first looked).
fn process_started() -> OffsetDateTime {
    static STARTED: std::sync::OnceLock<OffsetDateTime> = std::sync::OnceLock::new();
    *STARTED.get_or_init(OffsetDateTime::now_utc)
}

/// Remembers this process's start before any attempt of its own is recorded.
pub fn note_start() {
    let _ = process_started();
}
