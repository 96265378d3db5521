//! Signals while the wizard runs: SIGTERM (`kill`, `timeout`, systemd), SIGHUP (the terminal
//! window closed), SIGINT (as a signal: in raw mode Ctrl-C is a key) and SIGQUIT. Each saves the
//! form at once, as quitting does, and ends the loop; the terminal guard then restores the
//! terminal (raw mode, the alternate screen, bracketed paste, the mouse, the cursor) and the
//! wizard exits with the signal's conventional code, 128 + its number. A terminal that is gone
//! without a signal (reading it fails) saves the form the same way before the error ends the
//! wizard.

use std::io;
use std::sync::atomic::{AtomicI32, Ordering};
use std::time::Duration;

use tokio::signal::unix::{Signal, SignalKind, signal};
use tokio::sync::mpsc::UnboundedReceiver;

use super::app::Model;
use super::msg::{Effect, Msg};
use super::storage::{self, Storage};
use super::update::update;

/// The signal that stopped the wizard, 0 when none did.
static STOPPED_BY: AtomicI32 = AtomicI32::new(0);

/// The signals that stop the wizard, listened to while it runs.
pub struct Signals {
    listening: Vec<(i32, Signal)>,
}

impl Signals {
    /// Listens to SIGTERM, SIGHUP, SIGINT and SIGQUIT (from now on, their default action,
    /// ending the process at once, no longer happens).
    pub fn listen() -> io::Result<Signals> {
        let mut listening = Vec::new();
        for kind in [
            SignalKind::terminate(),
            SignalKind::hangup(),
            SignalKind::interrupt(),
            SignalKind::quit(),
        ] {
            listening.push((kind.as_raw_value(), signal(kind)?));
        }
        Ok(Signals { listening })
    }

    /// The number of the next signal that comes.
    pub async fn recv(&mut self) -> i32 {
        let waits = self.listening.iter_mut().map(|(number, signal)| {
            let number = *number;
            Box::pin(async move {
                signal.recv().await;
                number
            })
        });
        futures::future::select_all(waits).await.0
    }
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

/// Stopped by signal `number`: saves the form now, as quitting does, and gives the model back
/// for the loop to end with.
pub async fn stop(
    mut model: Model,
    number: i32,
    storage: &Storage,
    rx: &mut UnboundedReceiver<Msg>,
) -> io::Result<Model> {
    STOPPED_BY.store(number, Ordering::SeqCst);
    tracing::info!("the wizard was stopped by signal {number}; the form is saved first");
    save_now(&mut model, storage, rx).await;
    Ok(model)
}

/// The terminal cannot be read any more (closed without a signal): saves the form, then the
/// error ends the wizard.
pub async fn lost_terminal(
    mut model: Model,
    error: io::Error,
    storage: &Storage,
    rx: &mut UnboundedReceiver<Msg>,
) -> io::Result<Model> {
    save_now(&mut model, storage, rx).await;
    Err(error)
}

/// Writes the form as quitting writes it, when it has unsaved changes: after any write still
/// on its way (for a bounded time), so an older form cannot land after this one.
async fn save_now(model: &mut Model, storage: &Storage, rx: &mut UnboundedReceiver<Msg>) {
    for effect in super::autosave::update::quit(model) {
        let Effect::SaveOnQuit(draft, position) = effect else {
            continue;
        };
        let until = tokio::time::Instant::now() + Duration::from_secs(2);
        while model.autosave.writing {
            match tokio::time::timeout_at(until, rx.recv()).await {
                Ok(Some(msg @ Msg::Autosaved { .. })) => {
                    update(model, msg);
                }
                Ok(Some(_)) => {}
                Ok(None) | Err(_) => break,
            }
        }
        if let Err(e) =
            storage::on_drafts(storage, move |d| d.autosave_at(&draft, Some(&position))).await
        {
            tracing::warn!("the form could not be saved on a signal: {e}");
        }
    }
}
