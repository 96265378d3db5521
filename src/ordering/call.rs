//! Calling the journal from async code, the earlier attempts of an order, and what counts as
//! "not placed".

use crate::api::ErrorKind;
use crate::store::{Journal, JournalEntry, NewAttempt, Store, StoreError};

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
/// sending are marked so first. For a question asked ahead: [`send`](fn@super::send) decides again, atomically.
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
