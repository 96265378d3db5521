//! The terminal guard: raw mode, the alternate screen, bracketed paste and, when asked for,
//! mouse clicks, all undone on drop and by a panic hook installed before the terminal is touched.

use std::io::{self, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Once};

use crossterm::event::{DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste};
use crossterm::execute;
use crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::backend::{Backend, ClearType, CrosstermBackend};
use ratatui::layout::Rect;

use super::paint::Painter;
use super::view::canvas::Canvas;

/// What the wizard asks of the mouse (`mouse` in `config.toml`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mouse {
    /// No mouse reporting: the terminal selects and copies text as usual (the default).
    #[default]
    Off,
    /// Clicks and the wheel only (xterm's ?1000 with SGR ?1006), never motion: a click picks a
    /// step or a field, the wheel scrolls; Shift-drag still selects text in most terminals.
    Clicks,
}

impl std::str::FromStr for Mouse {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "off" => Ok(Mouse::Off),
            "clicks" => Ok(Mouse::Clicks),
            other => Err(format!(
                "mouse = {other:?} is not \"clicks\" or \"off\"; the mouse is off"
            )),
        }
    }
}

/// Turns on reports of mouse buttons and the wheel, in SGR form, without any motion reports.
/// (crossterm's `EnableMouseCapture` also asks for every movement, ?1003, which floods the
/// program and keeps the terminal from selecting text.)
#[derive(Debug, Clone, Copy)]
pub struct EnableClicks;

/// The sequence [`EnableClicks`] writes.
pub const ENABLE_CLICKS: &str = "\x1b[?1000h\x1b[?1006h";

impl crossterm::Command for EnableClicks {
    fn write_ansi(&self, f: &mut impl std::fmt::Write) -> std::fmt::Result {
        f.write_str(ENABLE_CLICKS)
    }

    #[cfg(windows)]
    fn execute_winapi(&self) -> io::Result<()> {
        Ok(())
    }
}

/// The terminal's output, sent in one write once a frame is drawn ([`TerminalGuard::send`]).
/// ratatui's crossterm backend flushes after each cursor command, and standard output past its
/// 1 KiB buffer: two or three writes a frame, each one a wake-up for the terminal reading
/// them. Here those flushes send nothing; the loop's does.
#[derive(Debug, Default)]
pub struct FrameOut {
    frame: Vec<u8>,
    /// Set by [`TerminalGuard::send`] around its flush: the one that sends. Shared, as ratatui
    /// keeps its backend's writer to itself (but for an unstable feature).
    sending: Arc<AtomicBool>,
}

impl Write for FrameOut {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.frame.extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if !self.sending.load(Ordering::Relaxed) || self.frame.is_empty() {
            return Ok(());
        }
        let mut out = io::stdout().lock();
        let sent = out.write_all(&self.frame).and_then(|()| out.flush());
        self.frame.clear();
        sent
    }
}

/// The terminal the wizard draws on; restores the terminal when dropped.
pub struct TerminalGuard {
    /// Where frames are written. ratatui's `Terminal` is not used: the [`Painter`] keeps the
    /// screens it compares (ratatui's two more buffers would cost ~1 MB at 200x60), and its drop
    /// printed a failure with `eprintln!`, which panics when standard error is the terminal
    /// that closed (a hang-up).
    backend: CrosstermBackend<FrameOut>,
    /// The backend's writer's flag: its next flush sends the frame.
    sending: Arc<AtomicBool>,
    /// The screen's size.
    area: Rect,
    /// Draws only what changed since the last frame.
    painter: Painter,
}

static PANIC_HOOK: Once = Once::new();

/// Set by the panic hook. A panic in a background task does not stop the event loop by itself,
/// but the terminal is already restored, so the loop checks this and ends.
static PANICKED: AtomicBool = AtomicBool::new(false);

/// Whether the terminal is taken over. Restoring twice (the panic hook, then the guard's drop
/// while unwinding) would leave the alternate screen twice, and the second time moves the cursor
/// back to where it was when the wizard started, so what follows overwrites the panic message.
static ENTERED: AtomicBool = AtomicBool::new(false);

/// Whether any thread has panicked since the wizard started.
pub fn panicked() -> bool {
    PANICKED.load(Ordering::SeqCst)
}

/// Puts the terminal back as it was, once: every step is tried even if one fails.
pub fn restore() -> io::Result<()> {
    if !ENTERED.swap(false, Ordering::SeqCst) {
        return Ok(());
    }
    let raw = disable_raw_mode();
    let mut out = io::stdout();
    // Turns off every mouse mode (clicks, drags, motion, SGR), whichever was on.
    let screen = execute!(
        out,
        DisableMouseCapture,
        DisableBracketedPaste,
        LeaveAlternateScreen,
        crossterm::cursor::Show
    );
    let _ = out.flush();
    raw.and(screen)
}

/// Makes a panic restore the terminal before its message is printed, so it can be read.
fn install_panic_hook() {
    PANIC_HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            PANICKED.store(true, Ordering::SeqCst);
            let _ = restore();
            previous(info);
        }));
    });
}

impl TerminalGuard {
    /// Takes over the terminal, `size` big (columns, rows), with mouse clicks reported if
    /// asked. On failure whatever was already changed is undone.
    ///
    /// Frames are `size` big and follow resize events ([`TerminalGuard::resize`]): the size is
    /// never asked per frame (crossterm opens `/dev/tty` for each such question).
    pub fn enter(mouse: Mouse, size: (u16, u16)) -> io::Result<Self> {
        install_panic_hook();
        ENTERED.store(true, Ordering::SeqCst);
        let out = FrameOut::default();
        let sending = out.sending.clone();
        let entered = (|| {
            enable_raw_mode()?;
            execute!(io::stdout(), EnterAlternateScreen, EnableBracketedPaste)?;
            if mouse == Mouse::Clicks {
                execute!(io::stdout(), EnableClicks)?;
            }
            io::Result::Ok(CrosstermBackend::new(out))
        })();
        match entered {
            Ok(backend) => Ok(TerminalGuard {
                backend,
                sending,
                area: Rect::new(0, 0, size.0, size.1),
                painter: Painter::new(),
            }),
            Err(e) => {
                let _ = restore();
                Err(e)
            }
        }
    }
}

impl TerminalGuard {
    /// Draws a frame with `view` and sends what changed on the screen, in one write. With
    /// `ascii`, characters outside ASCII are replaced.
    ///
    /// Every frame ends, as ratatui's do, with the colours reset and the cursor hidden, so a
    /// frame that changed nothing still writes: a terminal that went away is found at the next
    /// frame (the write fails), not only at the next change.
    pub fn draw<'v>(
        &mut self,
        ascii: bool,
        view: impl FnOnce(&mut Canvas<'v, '_>),
    ) -> io::Result<()> {
        let changes = self.painter.frame(self.area, ascii, view);
        let backend = &mut self.backend;
        backend.draw(changes)?;
        backend.hide_cursor()?;
        self.send()
    }

    /// Sends what was drawn (or written to the backend) since the last call, in one write.
    pub fn send(&mut self) -> io::Result<()> {
        self.sending.store(true, Ordering::Relaxed);
        let sent = Write::flush(&mut self.backend);
        self.sending.store(false, Ordering::Relaxed);
        sent
    }

    /// The terminal's new size, from a resize event: the next frame is drawn whole at it.
    pub fn resize(&mut self, columns: u16, rows: u16) -> io::Result<()> {
        self.area = Rect::new(0, 0, columns, rows);
        // The screen is cleared (the terminal may have reflowed it): the painter's record of
        // it is void, and the next frame is sent whole.
        self.painter.forget();
        self.backend.clear_region(ClearType::All)
    }

    /// The terminal's writer, for sequences outside frames (a copy to the clipboard); sent by
    /// [`TerminalGuard::send`].
    pub fn backend_mut(&mut self) -> &mut CrosstermBackend<FrameOut> {
        &mut self.backend
    }
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        let _ = restore();
    }
}
