//! The floor under certwiz's key -> frame time (issue 21, item 2): the wizard's own way from a
//! key to the terminal, with almost nothing to draw. The same single-threaded tokio runtime,
//! the same terminal events (`tui::events`, read on the loop's thread when standard input is
//! ready), the same terminal guard and painter (`TerminalGuard::draw`, one write a frame); the
//! view is a header, a footer and one line of text that `x` and Backspace edit. What this costs
//! above `cat` is what the event path costs; what certwiz costs above this is its update and view.
//!
//!     cargo build --locked --profile bench-mem --example key_floor
//!     python3 benches/key_frame.py --only keys --floor target/bench-mem/examples/key_floor
//!
//! Quits on `q` or Ctrl-C. Not part of certwiz: a control for `benches/key_frame.py`.

use std::time::Duration;

use crossterm::event::{Event, KeyCode, KeyEventKind, KeyModifiers};
use ratatui::layout::{Alignment, Rect};
use ratatui::text::Line;

use certwiz::tui::events::Events;
use certwiz::tui::terminal::{Mouse, TerminalGuard};

fn main() -> std::io::Result<()> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let (columns, rows) = crossterm::terminal::size()?;
    let mut guard = TerminalGuard::enter(Mouse::Off, (columns, rows))?;
    runtime.block_on(async {
        let mut events = Events::watch();
        let mut text = String::new();
        loop {
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
            })?;
            // As the wizard's loop: input, or the clock's tick (which draws nothing here).
            let read = tokio::select! {
                read = events.next() => read,
                () = tokio::time::sleep(Duration::from_secs(1)) => continue,
            };
            let Some(read) = read else { return Ok(()) };
            for event in read? {
                let Event::Key(key) = event else { continue };
                if key.kind == KeyEventKind::Release {
                    continue;
                }
                match key.code {
                    KeyCode::Char('q') => return Ok(()),
                    KeyCode::Char('c') if key.modifiers.contains(KeyModifiers::CONTROL) => {
                        return Ok(());
                    }
                    KeyCode::Char(c) => text.push(c),
                    KeyCode::Backspace => {
                        text.pop();
                    }
                    _ => {}
                }
            }
        }
    })
}
