//! A signal while an order is being sent (`certwiz submit`, plain mode, a batch row): the POST
//! may have reached CertCentral, so the attempt is recorded as "outcome unknown" before certwiz
//! exits with 128 + the signal's number, and `certwiz orders` names it at once instead of
//! calling it "sending" for ten minutes.

use std::future::Future;

use crate::attempts::{on_journal, settle_advice};
use crate::store::{JournalEntry, Store};
use crate::tui::signals::Signals;

/// Starts listening to SIGTERM, SIGHUP, SIGINT and SIGQUIT: called before the attempt is
/// journaled as "sending", so no signal falls between the journal and [`during`]. `None` when
/// the signals cannot be listened to (they then end certwiz as they always did).
pub(super) fn listen() -> Option<Signals> {
    Signals::listen().ok()
}

/// Runs `work` unless one of the signals `listen` gave comes first; `Err` holds the signal's
/// number.
pub(super) async fn during<F: Future>(signals: Option<Signals>, work: F) -> Result<F::Output, i32> {
    let Some(mut signals) = signals else {
        return Ok(work.await);
    };
    tokio::select! {
        out = work => Ok(out),
        number = signals.recv() => Err(number),
    }
}

/// Records `entry` as of unknown outcome, interrupted by signal `number`, says so, and gives
/// the exit code (128 + `number`).
pub(super) async fn interrupted(store: &Store, entry: &JournalEntry, number: i32) -> u8 {
    let why = format!(
        "certwiz was stopped by signal {number} while the order was being sent; it may have been placed"
    );
    let id = entry.attempt_id.clone();
    let noted = on_journal(store, move |j| j.mark_outcome_unknown(&id, &why)).await;
    let shown = noted.as_ref().unwrap_or(entry);
    // Standard error may be a closed terminal (SIGHUP): a failed write is no reason to panic.
    let _ = std::io::Write::write_all(
        &mut std::io::stderr(),
        format!(
            "certwiz: stopped by signal {number} while sending the order: its outcome is unknown; do not send it again. Attempt {}: {}\n",
            shown.attempt_id,
            settle_advice(shown)
        )
        .as_bytes(),
    );
    u8::try_from(128 + number).unwrap_or(u8::MAX)
}
