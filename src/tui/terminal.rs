//! The terminal guard: raw mode, the alternate screen, bracketed paste and mouse capture, all
//! undone on drop and by a panic hook installed before the terminal is touched.

use std::io::{self, Stdout, Write};
use std::sync::Once;
use std::sync::atomic::{AtomicBool, Ordering};

use crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
};
use crossterm::execute;
use crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;

/// The terminal the wizard draws on; restores the terminal when dropped.
pub struct TerminalGuard {
    pub terminal: Terminal<CrosstermBackend<Stdout>>,
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
    /// Takes over the terminal. On failure whatever was already changed is undone.
    pub fn enter() -> io::Result<Self> {
        install_panic_hook();
        ENTERED.store(true, Ordering::SeqCst);
        let entered = (|| {
            enable_raw_mode()?;
            execute!(
                io::stdout(),
                EnterAlternateScreen,
                EnableBracketedPaste,
                EnableMouseCapture
            )?;
            Terminal::new(CrosstermBackend::new(io::stdout()))
        })();
        match entered {
            Ok(terminal) => Ok(TerminalGuard { terminal }),
            Err(e) => {
                let _ = restore();
                Err(e)
            }
        }
    }
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        let _ = restore();
    }
}
