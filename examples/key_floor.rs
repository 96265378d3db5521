//! The floor under certwiz's key -> frame time (issue 21, item 2): the wizard's own way from a
//! key to the terminal, with almost nothing to draw. The same single-threaded tokio runtime,
//! the same terminal events (`tui::events`, read on the loop's thread when standard input is
//! ready), the same terminal guard and painter (`TerminalGuard::draw`, one write a frame); the
//! view is a header, a footer and one line of text that `x` and Backspace edit. What this costs
//! above `cat` is what the event path costs; what certwiz costs above this is its update and view.
//!
//! With `--blocking`, no runtime: the main thread waits in crossterm's own blocking
//! `poll`/`read`, the same guard, painter and view. What that saves is what the runtime's way in
//! (its poller, waking the loop's task) costs a key; a wizard loop built that way would keep the
//! runtime on another thread for the network and be woken by it (not built: BENCHMARKS.md,
//! "2026-12-07 (6)").
//!
//!     cargo build --locked --profile bench-mem --example key_floor
//!     python3 benches/key_frame.py --only keys --floor target/bench-mem/examples/key_floor
//!     python3 benches/key_frame.py --only keys --floor target/bench-mem/examples/key_floor \
//!         --floor-args=--blocking
//!
//! Quits on `q` or Ctrl-C. Not part of certwiz: a control for `benches/key_frame.py`.

use std::time::Duration;

use crossterm::event::{Event, KeyCode, KeyEventKind, KeyModifiers};
use ratatui::layout::{Alignment, Rect};
use ratatui::text::Line;

use certwiz::tui::events::Events;
use certwiz::tui::terminal::{Mouse, TerminalGuard};

fn main() -> std::io::Result<()> {
    let (columns, rows) = crossterm::terminal::size()?;
    let mut guard = TerminalGuard::enter(Mouse::Off, (columns, rows))?;
    let mut text = String::new();
    if std::env::args().any(|a| a == "--blocking") {
        loop {
            draw(&mut guard, &text)?;
            if crossterm::event::poll(Duration::from_secs(1))?
                && !edit(&mut text, crossterm::event::read()?)
            {
                return Ok(());
            }
        }
    }
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async {
        let mut events = Events::watch();
        loop {
            draw(&mut guard, &text)?;
            // As the wizard's loop: input, or the clock's tick (which draws nothing here).
            let read = tokio::select! {
                read = events.next() => read,
                () = tokio::time::sleep(Duration::from_secs(1)) => continue,
            };
            let Some(read) = read else { return Ok(()) };
            for event in read? {
                if !edit(&mut text, event) {
                    return Ok(());
                }
            }
        }
    })
}

/// The three lines.
fn draw(guard: &mut TerminalGuard, text: &str) -> std::io::Result<()> {
    guard.draw(false, |canvas| {
        let area = canvas.area();
        canvas.render_line("certwiz  SANDBOX   3/8 Subject", Rect { height: 1, ..area });
        canvas.render_line(
            Line::from("F1 help").alignment(Alignment::Right),
            Rect::new(0, area.height.saturating_sub(1), area.width, 1),
        );
        canvas.render_line(
            format!("Full name *  {text}"),
            Rect::new(0, 5.min(area.height), area.width, 1),
        );
    })
}

/// A key typed into the line; false when it quits.
fn edit(text: &mut String, event: Event) -> bool {
    let Event::Key(key) = event else { return true };
    if key.kind == KeyEventKind::Release {
        return true;
    }
    match key.code {
        KeyCode::Char('q') => return false,
        KeyCode::Char('c') if key.modifiers.contains(KeyModifiers::CONTROL) => return false,
        KeyCode::Char(c) => text.push(c),
        KeyCode::Backspace => {
            text.pop();
        }
        _ => {}
    }
    true
}
