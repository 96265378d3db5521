//! The event loop: terminal events, task results and a clock tick become messages; the update
//! function's effects run as tokio tasks that report back. The loop never waits on the network.

use std::io;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use crossterm::event::{Event, KeyEventKind};
use time::OffsetDateTime;
use tokio::sync::Semaphore;
use tokio::sync::mpsc::{self, UnboundedSender};

use super::app::{Model, SubmitState};
use super::msg::{Effect, Msg, OrderAction};
use super::services::{Services, TrackUpdate};
use super::storage::{self, Storage};
use super::terminal::TerminalGuard;
use super::update::update;
use super::view;

/// How often the clock ticks while something animates, and while idle.
const FAST_TICK: Duration = Duration::from_millis(100);
const SLOW_TICK: Duration = Duration::from_secs(1);

/// Turns a terminal event into a message; key releases and focus changes are dropped.
pub fn translate(event: Event) -> Option<Msg> {
    match event {
        Event::Key(key) if key.kind != KeyEventKind::Release => Some(Msg::Key(key)),
        Event::Paste(text) => Some(Msg::Paste(text)),
        Event::Mouse(mouse) => Some(Msg::Mouse(mouse)),
        Event::Resize(w, h) => Some(Msg::Resize(w, h)),
        _ => None,
    }
}

fn animating(model: &Model) -> bool {
    matches!(model.submit.state(), SubmitState::InFlight { .. })
        || model
            .orders
            .followed()
            .iter()
            .any(|o| o.busy.is_some() || o.delivery.busy.is_some())
}

/// Runs the wizard until the person quits; returns the final model.
pub async fn run<S: Services>(
    mut model: Model,
    services: Arc<S>,
    storage: Storage,
    guard: &mut TerminalGuard,
    mut signals: super::signals::Signals,
    first: Vec<Effect>,
    started: impl std::future::Future<Output = super::started::Started> + Send + 'static,
) -> io::Result<Model> {
    // Task results come back on this channel, so the loop never awaits a request itself.
    let (tx, mut rx) = mpsc::unbounded_channel::<Msg>();
    // The files on disk are read while the first frame is drawn; what they say comes as a
    // message, after any input that came before it (the select below takes input first).
    let mut starting = Some({
        let tx = tx.clone();
        tokio::spawn(async move {
            let started = started.await;
            let _ = tx.send(Msg::Started(Box::new(started)));
        })
    });
    // Whether the person's input came before the files were read.
    let mut acted = false;
    // Every tracked order's updates come down one channel to one task.
    let track = start_tracking(storage.clone(), tx.clone());
    let mut events = super::events::Events::watch();
    // Events read together but not yet updated (a paste of keys, a key and a resize).
    let mut queued: std::collections::VecDeque<Event> = Default::default();
    // The signal watchdog's thread starts after the first frame, which need not wait for it.
    let mut watchdog = false;
    // A signal's number for an order send in flight, which then records an unknown outcome.
    let (stop_sending, stop) = super::sending::Stop::channel();
    let why = Arc::new(Semaphore::new(WHY_IN_FLIGHT));
    for effect in first {
        spawn_effect(effect, &services, &storage, &tx, &track, &stop, &why);
    }
    let mut test_panic = test_requested("after_first_frame");
    let mut test_stall = test_requested("stall_after_first_frame");
    // Drawn only when the screen may have changed: the clock's tick alone changes nothing on
    // screen unless a spinner shows, and ratatui's diff cannot save the view's own cost. The
    // first frame is drawn (`super::open`).
    let mut dirty = false;
    // The write on quitting, awaited before the loop returns.
    let mut last_write: Option<tokio::task::JoinHandle<Result<(), String>>> = None;
    loop {
        if super::terminal::panicked() {
            return Err(io::Error::other(
                "an internal error stopped the wizard (its message is printed above)",
            ));
        }
        if dirty {
            let drawn = guard.draw(model.theme().ascii, |canvas| view::draw(canvas, &model));
            if let Err(e) = drawn {
                settle_start(&mut model, &mut starting, &mut rx).await;
                return super::signals::lost_terminal(model, e, &storage, &mut rx, &stop_sending)
                    .await;
            }
            dirty = false;
        }
        if !watchdog {
            super::signals::watchdog()?;
            watchdog = true;
        }
        if test_panic {
            test_panic = false;
            deliberate_panic();
        }
        if test_stall {
            // Stuck as crossterm is on an endless end of input: only the watchdog ends it.
            test_stall = false;
            std::thread::sleep(Duration::from_secs(120));
        }
        let tick = if animating(&model) {
            FAST_TICK
        } else {
            SLOW_TICK
        };
        // The autosave's clock comes when a write falls due, not at the next tick.
        let due = model.autosave.deadline();
        let msg = tokio::select! {
            biased;
            // A signal stops the wizard first; then input already read, new input, task
            // results and clocks.
            n = signals.recv() => {
                settle_start(&mut model, &mut starting, &mut rx).await;
                return super::signals::stop(model, n, &storage, &mut rx, &stop_sending).await;
            }
            Some(event) = async { queued.pop_front() } => translate(event),
            event = events.next() => match event {
                Some(Ok(read)) => {
                    queued.extend(read);
                    queued.pop_front().and_then(translate)
                }
                Some(Err(e)) => {
                    settle_start(&mut model, &mut starting, &mut rx).await;
                    return super::signals::lost_terminal(model, e, &storage, &mut rx, &stop_sending)
                        .await;
                }
                // A closed terminal is a hang-up (the kernel sends SIGHUP with it).
                None => {
                    settle_start(&mut model, &mut starting, &mut rx).await;
                    return super::signals::terminal_closed(model, &storage, &mut rx, &stop_sending)
                        .await;
                }
            },
            Some(msg) = rx.recv() => Some(msg),
            () = sleep_until(due), if due.is_some() => Some(Msg::Clock(Instant::now())),
            () = tokio::time::sleep(tick) => Some(Msg::Tick(OffsetDateTime::now_utc())),
        };
        let Some(msg) = msg else { continue };
        let msg = match msg {
            Msg::Started(mut started) => {
                started.acted = acted;
                starting = None;
                Msg::Started(started)
            }
            msg => {
                acted |= matches!(msg, Msg::Key(_) | Msg::Paste(_) | Msg::Mouse(_));
                msg
            }
        };
        let taken = Instant::now();
        // The size comes from resize events only: no question to the terminal per frame.
        if let Msg::Resize(w, h) = msg
            && let Err(e) = guard.resize(w, h)
        {
            settle_start(&mut model, &mut starting, &mut rx).await;
            return super::signals::lost_terminal(model, e, &storage, &mut rx, &stop_sending).await;
        }
        dirty = msg.may_change_screen() || animating(&model);
        // One update per message; an edit it made gets the time the message was taken.
        let effects = update(&mut model, msg);
        if model.autosave.needs_stamp() {
            super::autosave::update::stamp(&mut model.autosave, taken);
        }
        for effect in effects {
            match effect {
                Effect::Quit => {
                    // Quit before the files were read: what was typed is saved as quitting saves
                    // it, once they are (unless they hold an autosaved form to offer).
                    if settle_start(&mut model, &mut starting, &mut rx).await {
                        if let Some(Effect::KeepDraft { name, draft }) =
                            super::autosave::update::keep_typing_on_quit(&mut model)
                        {
                            let storage = storage.clone();
                            last_write = Some(tokio::spawn(async move {
                                storage::keep_draft(&storage, name, draft).await
                            }));
                        }
                        for effect in super::autosave::update::leave(&mut model) {
                            if let Effect::SaveOnQuit(draft, position) = effect {
                                last_write = Some(tokio::spawn({
                                    let storage = storage.clone();
                                    async move {
                                        storage::on_drafts(&storage, move |d| {
                                            d.autosave_at(&draft, Some(&position))
                                        })
                                        .await
                                    }
                                }));
                            }
                        }
                    }
                    if let Some(write) = last_write.take()
                        && let Err(e) = write.await.map_err(|e| e.to_string()).and_then(|r| r)
                    {
                        super::autosave::update::on_quit_save_failed(&mut model, e);
                    }
                    return Ok(model);
                }
                Effect::SaveOnQuit(draft, position) => {
                    // A task like every write; the loop awaits it on leaving, as the process
                    // ends right after. The model waited for any earlier write's answer.
                    let storage = storage.clone();
                    last_write = Some(tokio::spawn(async move {
                        storage::on_drafts(&storage, move |d| {
                            d.autosave_at(&draft, Some(&position))
                        })
                        .await
                    }));
                }
                Effect::Copy(code) => {
                    // To the terminal itself, between frames; a terminal without OSC 52 ignores it.
                    let copied = super::delivery::copy(guard.backend_mut(), &code)
                        .and_then(|()| guard.send());
                    if let Err(e) = copied {
                        model.say(super::app::Notice {
                            text: format!(
                                "The install code could not be sent to the terminal: {e}"
                            ),
                            is_error: true,
                        });
                    }
                }
                effect => spawn_effect(effect, &services, &storage, &tx, &track, &stop, &why),
            }
        }
    }
}

/// Stopping (quitting, a signal, a lost terminal) before the files on disk were read: waits
/// (for a bounded time) for what they say and takes it, so the form typed meanwhile is saved as
/// stopping saves it, unless they hold an autosaved form to offer, which is never written over
/// unasked. Answers whether it took them now.
async fn settle_start(
    model: &mut Model,
    starting: &mut Option<tokio::task::JoinHandle<()>>,
    rx: &mut mpsc::UnboundedReceiver<Msg>,
) -> bool {
    if starting.take().is_none() {
        return false;
    }
    let until = tokio::time::Instant::now() + Duration::from_secs(2);
    loop {
        match tokio::time::timeout_at(until, rx.recv()).await {
            Ok(Some(Msg::Started(mut started))) => {
                started.acted = true;
                // The orders it follows are not followed now: the wizard is ending.
                let _ = update(model, Msg::Started(started));
                return true;
            }
            Ok(Some(_)) => {}
            Ok(None) | Err(_) => return false,
        }
    }
}

/// Sleeps until the autosave's deadline (the `select!` arm runs only when there is one).
async fn sleep_until(due: Option<Instant>) {
    if let Some(due) = due {
        tokio::time::sleep_until(tokio::time::Instant::from_std(due)).await;
    }
}

/// Whether a test asked for a deliberate failure after the first frame: `CERTWIZ_TEST_PANIC`
/// set to `after_first_frame` (a panic) or `stall_after_first_frame` (the loop's thread blocked).
///
/// They exist for tests/pty/panic_safety.rs, which proves that a panic in the running wizard leaves
/// a restored terminal and a readable message, and tests/pty/signals.rs, which proves that a loop
/// that cannot answer a signal is ended by the signal watchdog; only the real binary in a real
/// terminal shows that. They cannot be reached by accident: release builds never read the
/// variable, and a debug build acts only on those exact values.
fn test_requested(value: &str) -> bool {
    cfg!(debug_assertions) && std::env::var_os("CERTWIZ_TEST_PANIC").is_some_and(|v| v == value)
}

#[allow(clippy::panic)] // The whole point: see test_requested.
fn deliberate_panic() {
    panic!("CERTWIZ_TEST_PANIC: a deliberate panic after the first frame");
}

/// `~/x` as a shell would read it: people type paths that way.
fn expand_home(path: PathBuf) -> PathBuf {
    match (path.strip_prefix("~"), std::env::var_os("HOME")) {
        (Ok(rest), Some(home)) => PathBuf::from(home).join(rest),
        _ => path,
    }
}

/// The one task that takes every tracked order's updates: records each batch in the journal
/// (queued together, so the journal's writer takes them as one batch), then passes them on as
/// messages. One channel for all orders: a channel per order cost ~4.5 kB before its first update,
/// ~4.5 MB for a thousand orders.
fn start_tracking(storage: Storage, tx: UnboundedSender<Msg>) -> UnboundedSender<TrackUpdate> {
    let (updates, mut received) = mpsc::unbounded_channel::<TrackUpdate>();
    tokio::spawn(async move {
        let mut batch = Vec::new();
        while received.recv_many(&mut batch, TRACK_BATCH).await > 0 {
            let recorded =
                futures::future::join_all(batch.iter().map(|e| storage::record(&storage, e))).await;
            for (event, result) in batch.drain(..).zip(recorded) {
                if let Err(e) = result {
                    let _ = tx.send(Msg::StoreFailed(format!(
                        "The journal could not record order {}: {e}",
                        event.order_id
                    )));
                }
                if tx.send(Msg::Track(event)).is_err() {
                    return;
                }
            }
        }
    });
    updates
}

/// The most tracker updates recorded as one batch.
const TRACK_BATCH: usize = 256;

/// How many orders' reasons for waiting are read at once. Opening Orders with many waiting
/// orders asks each one's approvers and validations; read all at once, their answers and
/// connections made most of the wizard's peak memory with 1,000 orders (BENCHMARKS.md).
pub const WHY_IN_FLIGHT: usize = 2;

/// Starts one effect as a task that reports back on `tx`; tracked orders report on `track`.
/// Reasons for waiting take turns on `why` ([`WHY_IN_FLIGHT`] at a time).
pub fn spawn_effect<S: Services>(
    effect: Effect,
    services: &Arc<S>,
    storage: &Storage,
    tx: &UnboundedSender<Msg>,
    track: &UnboundedSender<TrackUpdate>,
    stop: &super::sending::Stop,
    why: &Arc<Semaphore>,
) {
    let services = Arc::clone(services);
    let storage = storage.clone();
    let tx = tx.clone();
    match effect {
        // The loop itself leaves, after the last write; the loop writes to the terminal.
        Effect::Quit | Effect::SaveOnQuit(..) | Effect::Copy(_) => {}
        Effect::ReadDelivery { order_id, want } => {
            tokio::spawn(async move {
                let result = super::delivery::read(&*services, order_id, want).await;
                let _ = tx.send(Msg::Delivery {
                    order_id,
                    want,
                    result,
                });
            });
        }
        Effect::Download { order_id } => {
            tokio::spawn(async move {
                let result = super::delivery::download(&*services, &storage, order_id).await;
                let _ = tx.send(Msg::Downloaded { order_id, result });
            });
        }
        Effect::Autosave {
            draft,
            taken,
            position,
        } => {
            tokio::spawn(storage::autosave(storage, *draft, position, taken, tx));
        }
        Effect::ArchiveAutosave => {
            tokio::spawn(async move {
                let result = storage::on_drafts(&storage, |d| d.archive_autosave()).await;
                let _ = tx.send(Msg::Archived(result));
            });
        }
        Effect::DiscardAutosave => {
            tokio::spawn(async move {
                if let Err(e) = storage::on_drafts(&storage, |d| d.discard_autosave()).await {
                    let _ = tx.send(Msg::StoreFailed(format!(
                        "The autosave of the placed order could not be removed: {e}"
                    )));
                }
            });
        }
        Effect::ListSaved(kind) => {
            tokio::spawn(async move {
                let result = storage::saved_list(&storage, kind).await;
                let _ = tx.send(Msg::SavedListed(kind, result));
            });
        }
        Effect::OpenSaved { kind, name, keep } => {
            tokio::spawn(async move {
                let opened = storage::saved_open(&storage, kind, name, keep).await;
                let _ = tx.send(Msg::Opened(opened));
            });
        }
        Effect::ChangeSaved(kind, change) => {
            tokio::spawn(async move {
                let result = storage::saved_change(&storage, kind, change).await;
                let _ = tx.send(Msg::SavedChanged(kind, result));
            });
        }
        Effect::CheckEarlier(attempt) => {
            tokio::spawn(async move {
                let result = crate::ordering::earlier(&storage.store, *attempt)
                    .await
                    .map_err(|e| e.to_string());
                let _ = tx.send(Msg::Earlier(result));
            });
        }
        Effect::Preflight { product, body } => {
            let key = crate::order::preflight::CheckedFor::of(product.name_id(), &body);
            tokio::spawn(async move {
                let _ = tx.send(Msg::Preflight(
                    key,
                    services.preflight(product, *body).await,
                ));
            });
        }
        Effect::SubmitValidation { org } => {
            tokio::spawn(async move {
                let result = services.submit_ds_validation(org).await;
                let _ = tx.send(Msg::ValidationSubmitted { org, result });
            });
        }
        Effect::LoadAccount => {
            tokio::spawn(async move {
                let _ = tx.send(Msg::Account(services.account().await));
            });
        }
        Effect::LoadProduct(product) => {
            tokio::spawn(async move {
                let result = services.product_details(product).await;
                let _ = tx.send(Msg::ProductDetails(product, result));
            });
        }
        Effect::PlaceOrder {
            product,
            body,
            attempt,
            named,
        } => {
            let send = super::sending::Send {
                product,
                body: *body,
                attempt: *attempt,
                named,
                stop: stop.clone(),
            };
            tokio::spawn(
                async move { super::sending::place(&storage, &*services, send, &tx).await },
            );
        }
        Effect::Track {
            order_id,
            request_id,
        } => services.track(order_id, request_id, track.clone()),
        Effect::Act {
            order_id,
            request_id,
            action,
        } => {
            tokio::spawn(async move {
                let result = match (&action, request_id) {
                    (OrderAction::Approve, Some(r)) => services.decide(r, true, None).await,
                    (OrderAction::Reject { comment }, Some(r)) => {
                        services.decide(r, false, Some(comment.clone())).await
                    }
                    (OrderAction::Cancel { note }, _) => {
                        services.cancel(order_id, note.clone()).await
                    }
                    (_, None) => Err(super::services::ServiceError::new(
                        super::services::Failure::Other,
                        "the order has no request to decide",
                    )),
                };
                let _ = tx.send(Msg::ActionDone {
                    at: OffsetDateTime::now_utc(),
                    order_id,
                    what: action,
                    result,
                });
            });
        }
        Effect::WhyWaits {
            order_id,
            status,
            request_id,
        } => {
            let why = Arc::clone(why);
            tokio::spawn(async move {
                // The semaphore is never closed, so a permit always comes.
                let _turn = why.acquire().await.ok();
                let lines = services
                    .why_it_waits(order_id, status.clone(), request_id)
                    .await;
                let _ = tx.send(Msg::WhyWaits {
                    order_id,
                    status,
                    lines,
                });
            });
        }
        Effect::LoadCertificates => {
            tokio::spawn(async move {
                // The stored listing first, so the list opens at once; then CertCentral's.
                let result = storage::stored_certificates(&storage).await;
                let at = OffsetDateTime::now_utc();
                let _ = tx.send(Msg::CertificatesStored { at, result });
                let result = match services.certificates().await {
                    Ok(rows) => {
                        if let Err(e) = storage::store_certificates(&storage, rows.clone()).await {
                            let _ = tx.send(Msg::StoreFailed(format!(
                                "The account's certificates could not be stored: {e}"
                            )));
                        }
                        Ok(rows)
                    }
                    Err(e) => Err(e.message),
                };
                let at = OffsetDateTime::now_utc();
                let _ = tx.send(Msg::CertificatesListed { at, result });
            });
        }
        Effect::ReadAccountOrder { order_id } => {
            tokio::spawn(async move {
                let result = match services.order_info(order_id).await {
                    Ok(info) => Ok((info, storage::csr_held(&storage, order_id).await)),
                    Err(e) => Err(e),
                };
                let at = OffsetDateTime::now_utc();
                let _ = tx.send(Msg::AccountOrder {
                    at,
                    order_id,
                    result,
                });
            });
        }
        Effect::ReadRenewal { order_id } => {
            tokio::spawn(async move {
                let result = services.order_info(order_id).await;
                let _ = tx.send(Msg::RenewalInfo { order_id, result });
            });
        }
        Effect::KeepDraft { name, draft } => {
            tokio::spawn(async move {
                if let Err(e) = storage::keep_draft(&storage, name.clone(), draft).await {
                    let _ = tx.send(Msg::StoreFailed(format!(
                        "The form you had could not be kept as draft {name:?}: {e}"
                    )));
                }
            });
        }
        Effect::ReadCsr(path) => {
            let path = expand_home(path);
            tokio::spawn(async move {
                let read = path.clone();
                let result = tokio::task::spawn_blocking(move || {
                    crate::infile::read_text(&read, crate::infile::Kind::Csr)
                })
                .await
                .map_err(|e| e.to_string())
                .and_then(|r| r.map_err(|e| e.to_string()));
                let _ = tx.send(Msg::CsrFile(path, result));
            });
        }
        Effect::WriteFile { path, contents } => {
            let path = expand_home(path);
            tokio::spawn(async move {
                let result = tokio::fs::write(&path, contents)
                    .await
                    .map_err(|e| e.to_string());
                let _ = tx.send(Msg::Exported(path, result));
            });
        }
    }
}

#[cfg(test)]
mod tests;
