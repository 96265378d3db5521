//! Signals while the wizard runs: SIGTERM (`kill`, `timeout`, systemd), SIGHUP (the terminal
//! window closed), SIGINT (as a signal: in raw mode Ctrl-C is a key) and SIGQUIT. Each saves the
//! form at once, as quitting does, and ends the loop; the terminal guard then restores the
//! terminal (raw mode, the alternate screen, bracketed paste, the mouse, the cursor) and the
//! wizard exits with the signal's conventional code, 128 + its number. A terminal that is gone
//! without a signal (reading it fails) saves the form the same way before the error ends the
//! wizard.

use std::io;
use std::sync::Arc;
use std::sync::atomic::{AtomicI32, AtomicUsize, Ordering};
use std::time::Duration;

use tokio::signal::unix::{Signal, SignalKind, signal};
use tokio::sync::mpsc::UnboundedReceiver;
use tokio::sync::watch;

use super::app::{Model, SubmitState};
use super::msg::{Effect, Msg};
use super::storage::{self, Storage};
use super::update::update;

/// The signal that stopped the wizard, 0 when none did.
static STOPPED_BY: AtomicI32 = AtomicI32::new(0);

/// The signals that stop the wizard.
const STOPPING: [SignalKind; 4] = [
    SignalKind::terminate(),
    SignalKind::hangup(),
    SignalKind::interrupt(),
    SignalKind::quit(),
];

/// The signals that stop the wizard, listened to while it runs.
pub struct Signals {
    listening: Vec<(i32, Signal)>,
    /// One that came before the loop listened ([`Caught`]): answered first.
    early: Option<i32>,
}

impl Signals {
    /// Listens to SIGTERM, SIGHUP, SIGINT and SIGQUIT (from now on, their default action,
    /// ending the process at once, no longer happens). Must run inside a tokio runtime.
    pub fn listen() -> io::Result<Signals> {
        let mut listening = Vec::new();
        for kind in STOPPING {
            listening.push((kind.as_raw_value(), signal(kind)?));
        }
        Ok(Signals {
            listening,
            early: None,
        })
    }

    /// The number of the next signal that comes.
    pub async fn recv(&mut self) -> i32 {
        if let Some(number) = self.early.take() {
            return number;
        }
        // Each signal is asked in turn, without a future (and an allocation) for each per wait:
        // the loop waits here for every message it takes.
        std::future::poll_fn(|cx| {
            for (number, signal) in &mut self.listening {
                if signal.poll_recv(cx).is_ready() {
                    return std::task::Poll::Ready(*number);
                }
            }
            std::task::Poll::Pending
        })
        .await
    }
}

/// The stopping signals, caught from before the terminal is taken until the loop listens
/// ([`Caught::listen`]), which needs the tokio runtime that is built after the first frame:
/// one that comes meanwhile no longer ends the process with the terminal left raw, and the loop
/// answers it first.
pub struct Caught {
    /// The number of the last that came, 0 when none did.
    number: Arc<AtomicUsize>,
    ids: Vec<signal_hook::SigId>,
}

impl Caught {
    /// Catches SIGTERM, SIGHUP, SIGINT and SIGQUIT from now on. Needs no runtime.
    pub fn catch() -> io::Result<Caught> {
        let number = Arc::new(AtomicUsize::new(0));
        let mut ids = Vec::new();
        for kind in STOPPING {
            let raw = kind.as_raw_value();
            ids.push(signal_hook::flag::register_usize(
                raw,
                number.clone(),
                usize::try_from(raw).unwrap_or_default(),
            )?);
        }
        Ok(Caught { number, ids })
    }

    /// Hands over to the loop's [`Signals`]: they listen first, then these stop catching, so
    /// that no signal falls between the two. Must run inside a tokio runtime.
    pub fn listen(self) -> io::Result<Signals> {
        let mut signals = Signals::listen()?;
        let number = self.number.clone();
        drop(self);
        signals.early = match number.load(Ordering::SeqCst) {
            0 => None,
            n => i32::try_from(n).ok(),
        };
        Ok(signals)
    }
}

impl Drop for Caught {
    /// Stops catching: the signals' default actions come back unless the loop listens now.
    fn drop(&mut self) {
        for id in self.ids.drain(..) {
            signal_hook::low_level::unregister(id);
        }
    }
}

/// How long the loop has, once a stopping signal came, to save the form and end before the
/// watchdog ends the process: longer than the longest stop (5 s for an order send on its way,
/// then 2 s for a write still on its way).
const GRACE: Duration = Duration::from_secs(10);

/// The last resort behind [`Signals`]: a thread of its own that, when SIGTERM, SIGHUP, SIGINT or
/// SIGQUIT comes and the process is still running `GRACE` later, restores the terminal and
/// exits 128 + the signal's number. The loop answers every signal itself and the process has
/// ended long before; the watchdog acts only when the loop cannot: a terminal that hangs up in the
/// instant between the loop's look at it and crossterm's read leaves crossterm reading an endless
/// end of input, and no code on the loop's thread runs again.
pub fn watchdog() -> io::Result<()> {
    let stopping = STOPPING.map(|kind| kind.as_raw_value());
    let mut signals = signal_hook::iterator::Signals::new(stopping)?;
    std::thread::Builder::new()
        .name("certwiz-signal-watchdog".into())
        .spawn(move || {
            if let Some(number) = signals.forever().next() {
                std::thread::sleep(GRACE);
                tracing::warn!(
                    "signal {number} came {} s ago and the wizard has not ended: the watchdog \
                     ends it (what was typed in the last second may not be saved)",
                    GRACE.as_secs()
                );
                let _ = super::terminal::restore();
                std::process::exit(128 + number);
            }
        })?;
    Ok(())
}

/// The exit code for the signal that stopped the wizard (128 + its number), if one did.
pub fn exit_code() -> Option<u8> {
    match STOPPED_BY.load(Ordering::SeqCst) {
        0 => None,
        n => u8::try_from(128 + n).ok(),
    }
}

/// Whether the wizard was stopped by SIGHUP: the terminal is gone, nothing more is printed.
pub fn hung_up() -> bool {
    STOPPED_BY.load(Ordering::SeqCst) == SignalKind::hangup().as_raw_value()
}

/// Stopped by signal `number`: an order POST on its way is cut off and recorded as of unknown
/// outcome (`stop_sending` tells it), then the form is saved now, as quitting does, and the model
/// is given back for the loop to end with.
pub async fn stop(
    mut model: Model,
    number: i32,
    storage: &Storage,
    rx: &mut UnboundedReceiver<Msg>,
    stop_sending: &watch::Sender<i32>,
) -> io::Result<Model> {
    STOPPED_BY.store(number, Ordering::SeqCst);
    tracing::info!("the wizard was stopped by signal {number}; the form is saved first");
    let _ = stop_sending.send(number);
    settle_send(&mut model, storage, rx).await;
    save_now(&mut model, storage, rx).await;
    Ok(model)
}

/// The terminal closed under the wizard (its input ended): the kernel hangs the terminal up and
/// sends SIGHUP, and whichever of the two the loop sees first, the wizard stops as SIGHUP stops it.
pub async fn terminal_closed(
    model: Model,
    storage: &Storage,
    rx: &mut UnboundedReceiver<Msg>,
    stop_sending: &watch::Sender<i32>,
) -> io::Result<Model> {
    stop(
        model,
        SignalKind::hangup().as_raw_value(),
        storage,
        rx,
        stop_sending,
    )
    .await
}

/// While the order POST is on its way: waits (for a bounded time) for the send's answer, which
/// a signal makes "outcome unknown" once the journal has recorded it so (or "placed", when the
/// answer came first). Autosave answers on the way are taken too, as [`save_now`] would.
async fn settle_send(model: &mut Model, storage: &Storage, rx: &mut UnboundedReceiver<Msg>) {
    let until = tokio::time::Instant::now() + Duration::from_secs(5);
    while matches!(model.submit.state(), SubmitState::InFlight { .. }) {
        match tokio::time::timeout_at(until, rx.recv()).await {
            Ok(Some(msg @ (Msg::Placed { .. } | Msg::Autosaved { .. }))) => {
                for effect in update(model, msg) {
                    // A placed order's form is no longer kept, as after any placed order.
                    if matches!(effect, Effect::DiscardAutosave)
                        && let Err(e) = storage::on_drafts(storage, |d| d.discard_autosave()).await
                    {
                        tracing::warn!("the placed order's autosave could not be removed: {e}");
                    }
                }
            }
            Ok(Some(_)) => {}
            Ok(None) | Err(_) => break,
        }
    }
}

/// The terminal cannot be read or drawn on any more: saves the form, then the error ends the
/// wizard. A terminal that answers with EIO has hung up (closed under the wizard), which stops the
/// wizard as SIGHUP does: nothing more can be shown on it.
pub async fn lost_terminal(
    mut model: Model,
    error: io::Error,
    storage: &Storage,
    rx: &mut UnboundedReceiver<Msg>,
    stop_sending: &watch::Sender<i32>,
) -> io::Result<Model> {
    if hung_up_answer(&error) {
        return terminal_closed(model, storage, rx, stop_sending).await;
    }
    save_now(&mut model, storage, rx).await;
    Err(error)
}

/// EIO (5 on Linux and the BSDs): what a hung-up terminal answers to every read and write.
fn hung_up_answer(error: &io::Error) -> bool {
    const EIO: i32 = 5;
    error.raw_os_error() == Some(EIO)
}

/// Writes the form as quitting writes it, when it has unsaved changes: after any write still
/// on its way (for a bounded time), so an older form cannot land after this one.
async fn save_now(model: &mut Model, storage: &Storage, rx: &mut UnboundedReceiver<Msg>) {
    // Typed before the autosaved form was offered, and not answered: kept as a named draft.
    if let Some(Effect::KeepDraft { name, draft }) =
        super::autosave::update::keep_typing_on_quit(model)
        && let Err(e) = storage::keep_draft(storage, name, draft).await
    {
        tracing::warn!("the form typed at start could not be kept on a signal: {e}");
    }
    // Quitting while a write is on its way waits for that write's answer, which then gives the
    // write on quitting; only the answer is awaited here, the process is ending.
    let mut effects = super::autosave::update::quit(model);
    let until = tokio::time::Instant::now() + Duration::from_secs(2);
    while effects.is_empty() && model.autosave.is_writing() {
        match tokio::time::timeout_at(until, rx.recv()).await {
            Ok(Some(msg @ Msg::Autosaved { .. })) => effects = update(model, msg),
            Ok(Some(_)) => {}
            Ok(None) | Err(_) => break,
        }
    }
    if effects.is_empty() {
        // The earlier write never answered: the form is written all the same.
        effects = super::autosave::update::leave(model);
    }
    // A form whose send a signal cut off (or whose outcome is otherwise unknown) is no longer
    // the autosave's to keep, yet nothing proves it was placed: it is kept all the same, so it
    // can be sent once the attempt is settled as not placed (the journal stops a second send
    // before that).
    let saving = effects.iter().any(|e| matches!(e, Effect::SaveOnQuit(..)));
    if !saving
        && !model.autosave.is_held()
        && matches!(
            model.submit.state(),
            SubmitState::InFlight { .. } | SubmitState::Unknown { .. }
        )
    {
        effects.push(Effect::SaveOnQuit(
            Box::new(model.draft().clone()),
            model.position(),
        ));
    }
    for effect in effects {
        let Effect::SaveOnQuit(draft, position) = effect else {
            continue;
        };
        if let Err(e) =
            storage::on_drafts(storage, move |d| d.autosave_at(&draft, Some(&position))).await
        {
            tracing::warn!("the form could not be saved on a signal: {e}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_signal_before_the_loop_listens_is_answered_first() {
        // Caught from before the terminal is taken: the process is not ended by it, and the
        // loop's signals give it at once when they start listening.
        let caught = Caught::catch().unwrap();
        signal_hook::low_level::raise(signal_hook::consts::SIGTERM).unwrap();
        let mut signals = caught.listen().unwrap();
        let number = tokio::time::timeout(Duration::from_secs(1), signals.recv())
            .await
            .unwrap();
        assert_eq!(number, signal_hook::consts::SIGTERM);
    }

    #[test]
    fn signals_caught_and_let_go_are_no_longer_caught() {
        let caught = Caught::catch().unwrap();
        let ids = caught.ids.clone();
        drop(caught);
        // Each handler was taken out of the registry already: a second removal finds none.
        assert!(
            ids.into_iter()
                .all(|id| !signal_hook::low_level::unregister(id))
        );
    }
}
