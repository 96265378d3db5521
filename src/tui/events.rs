//! Terminal events, read on the loop's own thread. crossterm's `EventStream` waits for input on
//! a thread of its own (a new one for every wait) and wakes the loop from there, so each key
//! crossed two threads. Here the runtime's own poller watches standard input (and SIGWINCH for
//! resizes), and when it is ready the events are read at once with crossterm's non-blocking
//! `poll(0)`/`read` on the same thread. When standard input is not the terminal (crossterm then
//! reads `/dev/tty`), `EventStream` is used as before.

use std::io::{self, IsTerminal, Stdin};
use std::time::Duration;

use crossterm::event::{Event, EventStream};
use futures::{FutureExt, StreamExt};
use tokio::io::Interest;
use tokio::io::unix::AsyncFd;
use tokio::signal::unix::{Signal, SignalKind, signal};

/// Where terminal events come from.
pub enum Events {
    /// Standard input is the terminal: read on this thread when it is ready.
    Tty {
        input: AsyncFd<Stdin>,
        resized: Signal,
    },
    /// Anything else: crossterm's stream.
    Stream(EventStream),
}

impl Events {
    /// Watches the terminal.
    // `AsyncFd::with_interest` is deprecated because an arbitrary `AsRawFd` may close its fd
    // while registered; `Stdin`'s fd 0 stays open for the life of the process, so this use is
    // sound, and the replacement (`register_with_interest`) is `unsafe`, which certwiz forbids.
    #[allow(deprecated)]
    pub fn watch() -> Self {
        let stdin = io::stdin();
        if stdin.is_terminal()
            && let Ok(input) = AsyncFd::with_interest(stdin, Interest::READABLE)
            && let Ok(resized) = signal(SignalKind::window_change())
        {
            return Events::Tty { input, resized };
        }
        Events::Stream(EventStream::new())
    }

    /// The next events, as many as are ready (at least one); `None` when input ended.
    pub async fn next(&mut self) -> Option<io::Result<Vec<Event>>> {
        match self {
            Events::Stream(stream) => stream.next().await.map(|e| e.map(|e| vec![e])),
            Events::Tty { input, resized } => loop {
                let mut was_resized = false;
                let mut ready = tokio::select! {
                    ready = input.readable() => match ready {
                        Ok(ready) => Some(ready),
                        Err(e) => return Some(Err(e)),
                    },
                    // The terminal's own readiness is looked at all the same (below).
                    _ = resized.recv() => {
                        was_resized = true;
                        input.readable().now_or_never().and_then(Result::ok)
                    }
                };
                // A closed terminal reads as ready, with nothing in it, for ever; crossterm's
                // read would then spin without returning (it loops while a read gives 0 bytes),
                // so a closed terminal is input's end and never reaches it. (A hang-up in the
                // instant between this look and crossterm's read is left to the signal
                // watchdog: see `signals::watchdog`.)
                if ready.as_ref().is_some_and(|r| r.ready().is_read_closed()) {
                    return None;
                }
                let mut events = match ready_events() {
                    Ok(events) => events,
                    Err(e) => return Some(Err(e)),
                };
                // crossterm's poll, asked without waiting, does not see the signal (the
                // runtime's handler took it first): the new size is asked here, once.
                if was_resized
                    && !events.iter().any(|e| matches!(e, Event::Resize(..)))
                    && let Ok((columns, rows)) = crossterm::terminal::size()
                {
                    events.push(Event::Resize(columns, rows));
                }
                if let Some(ready) = ready.as_mut() {
                    // All there was is read: wait for the next input (a newer one is kept).
                    ready.clear_ready();
                }
                if !events.is_empty() {
                    return Some(Ok(events));
                }
            },
        }
    }
}

/// Every event crossterm can read without waiting.
fn ready_events() -> io::Result<Vec<Event>> {
    let mut events = Vec::new();
    while crossterm::event::poll(Duration::ZERO)? {
        events.push(crossterm::event::read()?);
    }
    Ok(events)
}
