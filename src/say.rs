//! Printing for the commands, without std's panic: `println!` and `eprintln!` panic when their
//! stream cannot be written ("failed printing to stdout", exit 101), which is what a reader that
//! goes away does to them: `certwiz orders | head -1`, `certwiz … 2>&1 | head`, quitting `less`.
//! [`outln!`], [`errln!`] and [`err!`] write the same text and drop a failed write: the command
//! finishes its work (an order is journaled whether or not its line could be shown). A reader
//! that went away (a closed pipe) changes nothing more: the exit code is the work's, and a watch
//! that would print on for ever stops ([`reader_gone`]). Any other failure of standard output (a
//! full disk under `> file`) is remembered ([`lost`]): the command then says so and exits 2 if it
//! would have exited 0 (`exit::finish`). clippy's `print_stdout` and `print_stderr` lints
//! (Cargo.toml) keep std's macros out of certwiz.

use std::fmt;
use std::io;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, Ordering};

/// Why standard output first failed, unless only because its reader went away.
static LOST: OnceLock<String> = OnceLock::new();

/// Standard output's reader went away (a write failed with a closed pipe).
static GONE: AtomicBool = AtomicBool::new(false);

/// Whether standard output's reader went away: a command that would print on for ever (`status
/// --watch`, `orders --watch`) stops then, as `certwiz status 1 --watch | head -1` asks.
pub(crate) fn reader_gone() -> bool {
    GONE.load(Ordering::Relaxed)
}

/// Why standard output could not be written, if it could not for a reason other than a reader
/// that went away.
pub(crate) fn lost() -> Option<&'static str> {
    LOST.get().map(String::as_str)
}

/// Notes how a write to standard output went, for a command that writes it its own way (a
/// writer passed down, a `BufWriter`'s flush): a reader gone, or output lost.
pub(crate) fn record(written: io::Result<()>) {
    if let Err(e) = written {
        if e.kind() == io::ErrorKind::BrokenPipe {
            GONE.store(true, Ordering::Relaxed);
        } else {
            let _ = LOST.set(e.to_string());
        }
    }
}

/// Writes to standard output; a write that fails is dropped (see the module's documentation).
pub(crate) fn out(args: fmt::Arguments<'_>) {
    #[cfg(not(test))]
    record(io::Write::write_fmt(&mut io::stdout().lock(), args));
    // In the library's own tests, std's macro: the test harness captures what it prints.
    #[cfg(test)]
    #[allow(clippy::print_stdout)]
    {
        print!("{args}");
    }
}

/// Writes to standard error; a write that fails is dropped (see the module's documentation).
pub(crate) fn err(args: fmt::Arguments<'_>) {
    #[cfg(not(test))]
    let _ = io::Write::write_fmt(&mut io::stderr().lock(), args);
    // In the library's own tests, std's macro: the test harness captures what it prints.
    #[cfg(test)]
    #[allow(clippy::print_stderr)]
    {
        eprint!("{args}");
    }
}

/// `println!` that never panics: a line on standard output, dropped if it cannot be written.
macro_rules! outln {
    () => {
        $crate::say::out(format_args!("\n"))
    };
    ($($arg:tt)*) => {
        $crate::say::out(format_args!("{}\n", format_args!($($arg)*)))
    };
}

/// `eprintln!` that never panics: a line on standard error, dropped if it cannot be written.
macro_rules! errln {
    () => {
        $crate::say::err(format_args!("\n"))
    };
    ($($arg:tt)*) => {
        $crate::say::err(format_args!("{}\n", format_args!($($arg)*)))
    };
}

/// `eprint!` that never panics: text on standard error (a prompt, a progress line's reset),
/// dropped if it cannot be written.
macro_rules! err {
    ($($arg:tt)*) => {
        $crate::say::err(format_args!($($arg)*))
    };
}
