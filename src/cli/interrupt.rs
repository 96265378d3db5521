//! A signal while an order is being sent (`certwiz submit`, plain mode, a batch row): the POST
//! may have reached CertCentral, so the ordering core records the attempt as "outcome unknown"
//! (a signal is no refusal) before certwiz exits with 128 + the signal's number, and
//! `certwiz orders` names it at once instead of calling it "sending".

use std::fmt;
use std::future::Future;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};

use super::exit::Exit;
use crate::api::ApiError;
use crate::order::OrderResponse;
use crate::ordering::{PostError, settle_advice};
use crate::store::JournalEntry;
use crate::tui::signals::Signals;

/// The signals [`listen`] takes.
const STOPPING: [i32; 4] = [
    signal_hook::consts::SIGTERM,
    signal_hook::consts::SIGHUP,
    signal_hook::consts::SIGINT,
    signal_hook::consts::SIGQUIT,
];

/// How many [`Listening`]s are alive.
static LISTENING: AtomicUsize = AtomicUsize::new(0);

/// True while no [`Listening`] is alive: a signal then ends the process as its default action
/// does. tokio's handler, once installed, stays for the life of the process, so after the first
/// POST a signal no [`Listening`] takes was swallowed: Ctrl-C did nothing at the question
/// before a second order, between a batch's rows, or while plain mode followed its order.
fn unheard() -> &'static Arc<AtomicBool> {
    static UNHEARD: OnceLock<Arc<AtomicBool>> = OnceLock::new();
    UNHEARD.get_or_init(|| {
        let flag = Arc::new(AtomicBool::new(true));
        for signal in STOPPING {
            // A signal that cannot be taken this way keeps tokio's handler alone, as before.
            let _ = signal_hook::flag::register_conditional_default(signal, Arc::clone(&flag));
        }
        flag
    })
}

/// The stopping signals, listened to while this lives; dropped, they end the process again.
pub(super) struct Listening {
    signals: Signals,
}

impl Listening {
    /// The number of the next signal that comes.
    pub(super) async fn recv(&mut self) -> i32 {
        self.signals.recv().await
    }
}

impl Drop for Listening {
    fn drop(&mut self) {
        if LISTENING.fetch_sub(1, Ordering::SeqCst) == 1 {
            unheard().store(true, Ordering::SeqCst);
        }
    }
}

/// Starts listening to SIGTERM, SIGHUP, SIGINT and SIGQUIT: called before the attempt is
/// journaled as "sending", so no signal falls between the journal and the POST. `None` when
/// the signals cannot be listened to (they then end certwiz as they always did). Once the
/// [`Listening`] is dropped, they end it again (with their default action).
pub(super) fn listen() -> Option<Listening> {
    let unheard = unheard();
    let signals = Signals::listen().ok()?;
    LISTENING.fetch_add(1, Ordering::SeqCst);
    unheard.store(false, Ordering::SeqCst);
    Some(Listening { signals })
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
pub(super) async fn post<F>(signals: Option<Listening>, work: F) -> Result<OrderResponse, Stopped>
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
/// `number`, and ends the command with exit code 128 + `number`. Said here, not by
/// [`exit::finish`](super::exit::finish): standard error may be a closed terminal (SIGHUP).
pub(super) fn interrupted(entry: &JournalEntry, number: i32) -> Exit {
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
    Exit::code(code_of(number))
}

/// The exit code of a process stopped by signal `number`: 128 + it, as shells report it.
pub(super) fn code_of(number: i32) -> u8 {
    u8::try_from(128 + number).unwrap_or(u8::MAX)
}
