//! A signal while an order is being sent (`certwiz submit`, plain mode, a batch row): the POST
//! may have reached CertCentral, so the ordering core records the attempt as "outcome unknown"
//! (a signal is no refusal) before certwiz exits with 128 + the signal's number, and
//! `certwiz orders` names it at once instead of calling it "sending".

use std::fmt;
use std::future::Future;

use crate::api::ApiError;
use crate::order::OrderResponse;
use crate::ordering::{PostError, settle_advice};
use crate::store::JournalEntry;
use crate::tui::signals::Signals;

/// Starts listening to SIGTERM, SIGHUP, SIGINT and SIGQUIT: called before the attempt is
/// journaled as "sending", so no signal falls between the journal and the POST. `None` when
/// the signals cannot be listened to (they then end certwiz as they always did).
pub(super) fn listen() -> Option<Signals> {
    Signals::listen().ok()
}

/// Why a POST did not answer: CertCentral's error, or a signal that came first.
#[derive(Debug)]
pub(super) enum Stopped {
    /// The call's own error.
    Api(ApiError),
    /// This signal's number came before the answer.
    Signal(i32),
}

impl fmt::Display for Stopped {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Stopped::Api(e) => e.fmt(f),
            Stopped::Signal(n) => write!(
                f,
                "certwiz was stopped by signal {n} while the order was being sent; it may have been placed"
            ),
        }
    }
}

impl PostError for Stopped {
    fn not_placed(&self) -> bool {
        match self {
            Stopped::Api(e) => e.not_placed(),
            // The request may have left: only evidence says "not placed".
            Stopped::Signal(_) => false,
        }
    }
}

/// Runs the POST unless one of the signals `listen` gave comes first.
pub(super) async fn post<F>(signals: Option<Signals>, work: F) -> Result<OrderResponse, Stopped>
where
    F: Future<Output = Result<OrderResponse, ApiError>>,
{
    let Some(mut signals) = signals else {
        return work.await.map_err(Stopped::Api);
    };
    tokio::select! {
        out = work => out.map_err(Stopped::Api),
        number = signals.recv() => Err(Stopped::Signal(number)),
    }
}

/// Says that `entry` (already recorded as of unknown outcome) was interrupted by signal
/// `number`, and gives the exit code (128 + `number`).
pub(super) fn interrupted(entry: &JournalEntry, number: i32) -> u8 {
    // Standard error may be a closed terminal (SIGHUP): a failed write is no reason to panic.
    let _ = std::io::Write::write_all(
        &mut std::io::stderr(),
        format!(
            "certwiz: stopped by signal {number} while sending the order: its outcome is unknown; do not send it again. Attempt {}: {}\n",
            entry.attempt_id,
            settle_advice(entry)
        )
        .as_bytes(),
    );
    u8::try_from(128 + number).unwrap_or(u8::MAX)
}
