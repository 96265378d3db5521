//! What every way of ordering (the CLI's submit, status and orders, and the wizard) shares about
//! the order journal: calling it from async code, what counts as "not placed", describing an
//! attempt to a person, and turning tracker updates into journal entries.

mod writer;

pub use writer::StatusWriter;

use std::time::Duration;

use time::OffsetDateTime;

use crate::api::{EndpointKind, ErrorKind, TrackUpdate};
use crate::store::{Journal, JournalEntry, NewAttempt, StatusChange, Store, StoreError};

/// An attempt still "sending" after this long was cut off: the POST times out after a minute,
/// so no certwiz can still be waiting for its answer.
pub const INTERRUPTED_AFTER: Duration = Duration::from_secs(10 * 60);

/// Runs a journal operation on tokio's blocking pool: it does file I/O and may wait for the lock.
pub async fn on_journal<R, F>(store: &Store, op: F) -> Result<R, StoreError>
where
    R: Send + 'static,
    F: FnOnce(&Journal) -> Result<R, StoreError> + Send + 'static,
{
    let journal = store.journal.clone();
    let path = journal.path().to_path_buf();
    match tokio::task::spawn_blocking(move || op(&journal)).await {
        Ok(result) => result,
        Err(e) => Err(StoreError::io(
            "update",
            &path,
            std::io::Error::other(e.to_string()),
        )),
    }
}

/// The earlier attempts a new one must name before it is sent: the same draft on the same kind
/// of endpoint, placed or possibly placed, newest first. Attempts cut off while sending are
/// marked so first.
pub fn blocking_attempts(
    journal: &Journal,
    attempt: &NewAttempt,
) -> Result<Vec<JournalEntry>, StoreError> {
    journal.mark_interrupted(INTERRUPTED_AFTER)?;
    let earlier: Vec<JournalEntry> = journal
        .find_by_fingerprint(&attempt.fingerprint)?
        .into_iter()
        .filter(|e| e.endpoint == attempt.endpoint && e.blocks_resubmit())
        .collect();
    for e in &earlier {
        tracing::info!(
            "journal: the same draft was sent before as attempt {} ({}): asking before sending",
            e.attempt_id,
            e.state
        );
    }
    Ok(earlier)
}

/// Whether a failed order POST proves nothing was placed. A 5xx may come after DigiCert stored
/// the order, so only refusals before any work (bad input, key, permission, rate limit) and a
/// connection that never opened count.
pub fn definitely_not_placed(kind: ErrorKind) -> bool {
    !matches!(kind, ErrorKind::OutcomeUnknown | ErrorKind::Server)
}

/// A time as people read it in a list: `2026-11-28 10:34:43 UTC`.
pub fn when(at: OffsetDateTime) -> String {
    let at = at.to_offset(time::UtcOffset::UTC);
    format!(
        "{} {:02}:{:02}:{:02} UTC",
        at.date(),
        at.hour(),
        at.minute(),
        at.second()
    )
}

/// One line naming an attempt: its id, time, endpoint, state and order id.
pub fn describe(entry: &JournalEntry) -> String {
    let mut line = format!(
        "attempt {} at {} on {}: {}",
        entry.attempt_id,
        when(entry.created_at),
        entry.endpoint,
        entry.state
    );
    if let Some(id) = entry.order_id {
        line.push_str(&format!(", order {id}"));
    }
    if let Some(batch) = &entry.batch {
        line.push_str(&format!(" (batch {} row {})", batch.id, batch.row));
    }
    line
}

/// How to settle an attempt whose outcome is unknown, as commands to run.
pub fn settle_advice(entry: &JournalEntry) -> String {
    let sandbox = if entry.endpoint == EndpointKind::Sandbox {
        " --sandbox"
    } else {
        ""
    };
    format!(
        "find the order among the account's recent requests with `certwiz orders settle {id}{sandbox}`, \
         then record it with `certwiz orders settle {id} --order-id N{sandbox}`, or, if it is not \
         there, `certwiz orders settle {id} --not-placed{sandbox}`",
        id = entry.attempt_id
    )
}

/// The journal's record of a tracker update; `None` for an update that only reports an error.
pub fn change_of(update: &TrackUpdate) -> Option<StatusChange> {
    if update.error.is_some() {
        return None;
    }
    Some(StatusChange {
        at: update.at,
        order_status: update.order_status.clone(),
        request_id: update.request_id,
        request_status: update.request_status.clone(),
        certificate_id: update.certificate_id,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::order::{OrderStatus, RequestStatus};

    #[test]
    fn only_refusals_before_any_work_prove_nothing_was_placed() {
        for kind in [
            ErrorKind::BadInput,
            ErrorKind::BadKey,
            ErrorKind::MissingPermission,
            ErrorKind::RateLimited,
            ErrorKind::NotFound,
            ErrorKind::Transport,
        ] {
            assert!(definitely_not_placed(kind), "{kind:?}");
        }
        for kind in [ErrorKind::OutcomeUnknown, ErrorKind::Server] {
            assert!(!definitely_not_placed(kind), "{kind:?}");
        }
    }

    #[test]
    fn times_read_in_utc_and_error_updates_are_not_recorded() {
        let at = time::macros::datetime!(2026-11-28 11:34:43 +01:00);
        assert_eq!(when(at), "2026-11-28 10:34:43 UTC");
        let mut update = TrackUpdate {
            order_id: 1,
            at,
            order_status: Some(OrderStatus::Pending),
            request_id: Some(2),
            request_status: Some(RequestStatus::Pending),
            certificate_id: None,
            is_final: false,
            error: None,
        };
        let change = change_of(&update).unwrap();
        assert_eq!(change.request_id, Some(2));
        assert_eq!(change.at, at);
        update.error = Some("timed out".into());
        assert!(change_of(&update).is_none());
    }
}
