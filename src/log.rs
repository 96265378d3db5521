//! certwiz's log: `tracing` events written to a file (`certwiz.log` in the data folder, or
//! `--log-file`), never to the screen.
//!
//! What is logged: each API call's method, path (without any query), status, duration and
//! DigiCert's error codes; retries and back-offs; the journal's decisions. What never is: the API
//! key, headers, request or answer bodies, DigiCert's error messages (they may quote what was
//! sent), and anything of the order's personal data (names, addresses, emails, phone numbers).
//! Only certwiz's own events are kept (not those of the HTTP libraries underneath).
//!
//! The level comes from `CERTWIZ_LOG` (`off`, `error`, `warn`, `info`, `debug`, `trace`), `info`
//! by default: failures, retries and journal decisions; `debug` adds every call. The file is
//! created 0600 and opened only when the first event is written, so commands that log nothing
//! leave no file. Past [`MAX_BYTES`] it is rotated: `certwiz.log` → `certwiz.log.1` →
//! `certwiz.log.2`, the oldest dropped.

use std::fs::{self, File, OpenOptions, Permissions};
use std::io::{self, Write};
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use tracing_subscriber::Layer;
use tracing_subscriber::filter::{LevelFilter, Targets};
use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;

use crate::store::atomic::FILE_MODE;

/// The variable that sets the level.
pub const LEVEL_ENV: &str = "CERTWIZ_LOG";
/// The level when [`LEVEL_ENV`] is not set.
pub const DEFAULT_LEVEL: LevelFilter = LevelFilter::INFO;
/// A log file past this size is rotated.
pub const MAX_BYTES: u64 = 5 * 1024 * 1024;
/// How many rotated files are kept (`certwiz.log.1` … `certwiz.log.N`).
pub const KEEP: usize = 2;

/// Reads [`LEVEL_ENV`]: the level, or why it is not one.
pub fn level_from_env() -> Result<LevelFilter, String> {
    match std::env::var(LEVEL_ENV) {
        Ok(text) if !text.trim().is_empty() => parse_level(&text),
        _ => Ok(DEFAULT_LEVEL),
    }
}

/// Parses a level name.
pub fn parse_level(text: &str) -> Result<LevelFilter, String> {
    text.trim().parse::<LevelFilter>().map_err(|_| {
        format!(
            "{LEVEL_ENV} must be one of off, error, warn, info, debug, trace, not {:?}",
            text.trim()
        )
    })
}

/// A log chosen (and with `eager`, its file opened) but not started: events before
/// [`Pending::start`] are not written. The wizard starts it after its first frame, before which
/// nothing is logged (issue 21, item 3); every other command at once.
#[derive(Debug)]
pub struct Pending {
    file: RotatingFile,
    level: LevelFilter,
}

/// The log to `path` at `level`. With `eager` (a path the person chose), the file is opened
/// now, so that a path that cannot be written is reported at once; otherwise (the data folder's
/// log) at the first event, creating the folder (0700) if needed. `None` when the level is
/// `off`.
pub fn prepare(path: PathBuf, level: LevelFilter, eager: bool) -> io::Result<Option<Pending>> {
    if level == LevelFilter::OFF {
        return Ok(None);
    }
    let mut file = RotatingFile::new(path, MAX_BYTES, KEEP);
    if eager {
        file.open_now()?;
    } else {
        file.make_folder = true;
    }
    Ok(Some(Pending { file, level }))
}

impl Pending {
    /// Starts logging for the rest of the process; nothing when a logger is already set.
    pub fn start(self) {
        let layer = tracing_subscriber::fmt::layer()
            .with_writer(self.file)
            .with_ansi(false)
            .with_target(false)
            // A log that cannot be written must not reach the screen (the wizard draws there).
            .log_internal_errors(false)
            .with_filter(Targets::new().with_target("certwiz", self.level));
        // Fails only when a logger is already set (tests that start twice); the first one stays.
        let _ = tracing_subscriber::registry().with(layer).try_init();
    }
}

/// A log file that is opened (0600) at its first write and rotated when it grows past a size.
/// Each write is one formatted event, written whole.
#[derive(Debug)]
pub struct RotatingFile {
    path: PathBuf,
    max_bytes: u64,
    keep: usize,
    /// Create the file's folder (0700) when it is missing.
    make_folder: bool,
    state: Mutex<State>,
}

#[derive(Debug, Default)]
struct State {
    file: Option<File>,
    size: u64,
    /// Opening failed once: events are dropped rather than tried again on every line.
    broken: bool,
}

impl RotatingFile {
    /// A log at `path`, rotated past `max_bytes`, keeping `keep` old files.
    pub fn new(path: PathBuf, max_bytes: u64, keep: usize) -> Self {
        RotatingFile {
            path,
            max_bytes,
            keep,
            make_folder: false,
            state: Mutex::new(State::default()),
        }
    }

    /// Where it writes.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Opens the file now (rotating it first when it is already too big).
    pub fn open_now(&self) -> io::Result<()> {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        self.ensure_open(&mut state)
    }

    /// Appends one event; rotates first when it would pass the size.
    pub fn append(&self, bytes: &[u8]) -> io::Result<()> {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        if state.broken {
            return Ok(());
        }
        if let Err(e) = self.ensure_open(&mut state) {
            state.broken = true;
            return Err(e);
        }
        if state.size > 0 && state.size + bytes.len() as u64 > self.max_bytes {
            state.file = None;
            self.rotate()?;
            self.ensure_open(&mut state)?;
        }
        if let Some(file) = state.file.as_mut() {
            file.write_all(bytes)?;
            state.size += bytes.len() as u64;
        }
        Ok(())
    }

    fn ensure_open(&self, state: &mut State) -> io::Result<()> {
        if state.file.is_some() {
            return Ok(());
        }
        if self.make_folder
            && let Some(folder) = self.path.parent()
        {
            crate::store::atomic::ensure_dir(folder).map_err(io::Error::other)?;
        }
        let size = fs::metadata(&self.path).map(|m| m.len()).unwrap_or(0);
        if size >= self.max_bytes {
            self.rotate()?;
        }
        let file = OpenOptions::new()
            .create(true)
            .append(true)
            .mode(FILE_MODE)
            .open(&self.path)?;
        let meta = file.metadata()?;
        // An older file, or one made by hand, may be readable by others.
        if meta.permissions().mode() & 0o777 != FILE_MODE {
            file.set_permissions(Permissions::from_mode(FILE_MODE))?;
        }
        state.size = meta.len();
        state.file = Some(file);
        Ok(())
    }

    /// `log.(N-1)` → `log.N` … `log` → `log.1`; the oldest is replaced.
    fn rotate(&self) -> io::Result<()> {
        if self.keep == 0 {
            return match fs::remove_file(&self.path) {
                Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
                _ => Ok(()),
            };
        }
        for n in (1..self.keep).rev() {
            let from = self.numbered(n);
            if from.exists() {
                fs::rename(&from, self.numbered(n + 1))?;
            }
        }
        match fs::rename(&self.path, self.numbered(1)) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        }
    }

    /// `certwiz.log.N`.
    pub fn numbered(&self, n: usize) -> PathBuf {
        let mut name = self.path.as_os_str().to_owned();
        name.push(format!(".{n}"));
        PathBuf::from(name)
    }
}

/// The writer [`RotatingFile`] hands to the formatter for one event.
#[derive(Debug)]
pub struct EventWriter<'a>(&'a RotatingFile);

impl Write for EventWriter<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.append(buf)?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl<'a> MakeWriter<'a> for RotatingFile {
    type Writer = EventWriter<'a>;

    fn make_writer(&'a self) -> Self::Writer {
        EventWriter(self)
    }
}

/// A path as logged: no query string (it may hold filters), nothing after `#`.
pub fn loggable_path(path: &str) -> &str {
    path.split(['?', '#']).next().unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mode(path: &Path) -> u32 {
        fs::metadata(path).unwrap().permissions().mode() & 0o777
    }

    #[test]
    fn levels_parse_and_bad_ones_are_named() {
        assert_eq!(parse_level("debug").unwrap(), LevelFilter::DEBUG);
        assert_eq!(parse_level(" OFF ").unwrap(), LevelFilter::OFF);
        let why = parse_level("loud").unwrap_err();
        assert!(why.contains("CERTWIZ_LOG") && why.contains("loud"), "{why}");
    }

    #[test]
    fn the_file_appears_at_the_first_event_as_0600() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("certwiz.log");
        let log = RotatingFile::new(path.clone(), 1000, 2);
        assert!(!path.exists(), "not before an event");
        log.append(b"one\n").unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "one\n");
        assert_eq!(mode(&path), 0o600);
    }

    #[test]
    fn an_existing_file_readable_by_others_is_restricted() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("certwiz.log");
        fs::write(&path, "old\n").unwrap();
        fs::set_permissions(&path, Permissions::from_mode(0o644)).unwrap();
        RotatingFile::new(path.clone(), 1000, 2).open_now().unwrap();
        assert_eq!(mode(&path), 0o600);
        assert_eq!(fs::read_to_string(&path).unwrap(), "old\n", "appended to");
    }

    #[test]
    fn rotates_past_the_size_keeping_the_newest_files() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("certwiz.log");
        let log = RotatingFile::new(path.clone(), 10, 2);
        for line in ["aaaaaaaa\n", "bbbbbbbb\n", "cccccccc\n", "dddddddd\n"] {
            log.append(line.as_bytes()).unwrap();
        }
        assert_eq!(fs::read_to_string(&path).unwrap(), "dddddddd\n");
        assert_eq!(fs::read_to_string(log.numbered(1)).unwrap(), "cccccccc\n");
        assert_eq!(fs::read_to_string(log.numbered(2)).unwrap(), "bbbbbbbb\n");
        assert!(!log.numbered(3).exists());
        for p in [path.clone(), log.numbered(1), log.numbered(2)] {
            assert_eq!(mode(&p), 0o600, "{}", p.display());
        }
    }

    #[test]
    fn a_file_too_big_at_start_is_rotated_first() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("certwiz.log");
        fs::write(&path, "x".repeat(20)).unwrap();
        let log = RotatingFile::new(path.clone(), 10, 1);
        log.append(b"new\n").unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "new\n");
        assert_eq!(fs::read_to_string(log.numbered(1)).unwrap().len(), 20);
    }

    #[test]
    fn an_unwritable_path_fails_once_then_drops_events() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("missing/certwiz.log");
        let log = RotatingFile::new(path, 1000, 1);
        assert!(log.append(b"a\n").is_err());
        assert!(
            log.append(b"b\n").is_ok(),
            "dropped quietly after the first"
        );
    }

    #[test]
    fn paths_are_logged_without_queries() {
        assert_eq!(
            loggable_path("request?offset=0&filters%5Bstatus%5D=pending"),
            "request"
        );
        assert_eq!(loggable_path("order/certificate/7"), "order/certificate/7");
    }
}
