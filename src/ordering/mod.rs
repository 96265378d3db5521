//! The one ordering core, below every front end (the wizard, plain mode, `submit`, `submit
//! --batch`, `status`, `orders`) and free of terminal code: the earlier attempts of an order,
//! ONE send (journal first: check and record in one transaction at the moment of sending, then
//! the POST, then the outcome as the evidence says), following with journaling built in, and
//! how an attempt is described. Front ends keep only their words and exit codes.

mod follow;
mod send;

pub use follow::StatusWriter;
pub use send::{PostError, Sent, send};

pub use crate::store::journal::{Allow, INTERRUPTED_AFTER, Recorded};

use time::OffsetDateTime;

use crate::api::{EndpointKind, ErrorKind, TrackUpdate};
use crate::store::{Journal, JournalEntry, NewAttempt, StatusChange, Store, StoreError};

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

/// The earlier attempts a new one must name before it is sent: the same order (normalised) on
/// the same kind of endpoint, placed or possibly placed, newest first; attempts cut off while
/// sending are marked so first. For a question asked ahead: [`send`] decides again, atomically.
pub async fn earlier(store: &Store, attempt: NewAttempt) -> Result<Vec<JournalEntry>, StoreError> {
    on_journal(store, move |j| j.earlier(&attempt)).await
}

/// Whether a failed order POST proves nothing was placed: only DigiCert's documented refusals
/// (see `api::error::classify_order_post`) and a connection that never opened. Anything else
/// after the request left (a redirect, a 4xx without DigiCert's error body, a 5xx, a dropped
/// connection, an unreadable answer) may have placed it.
pub fn definitely_not_placed(kind: ErrorKind) -> bool {
    matches!(
        kind,
        ErrorKind::BadInput
            | ErrorKind::BadKey
            | ErrorKind::MissingPermission
            | ErrorKind::RateLimited
            | ErrorKind::NotFound
            | ErrorKind::Transport
    )
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
        for kind in [
            ErrorKind::OutcomeUnknown,
            ErrorKind::Server,
            ErrorKind::Unreadable,
        ] {
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
