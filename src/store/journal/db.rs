//! The journal's SQLite database: opening it (0600, WAL, a bounded wait for other writers), its
//! schema and format version, and what happens when it cannot be read.
//!
//! A database that cannot be read (truncated, zero-filled, not SQLite at all) or that a newer
//! certwiz wrote is never ordered around: it is moved aside (nothing is deleted) and a hold is
//! written beside it (`orders.db.held`). While the hold is there every journal call fails with
//! [`StoreError::JournalHeld`], naming the file kept aside and how to go on, so nothing is sent
//! before the person has decided (`certwiz orders release`).

use std::fs::OpenOptions;
use std::io;
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, ErrorCode, OpenFlags, TransactionBehavior};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::store::atomic::{self, FILE_MODE, ensure_dir};
use crate::store::error::StoreError;
use crate::store::set_aside::{SetAsideReason, move_aside};

/// The database format this build writes (`PRAGMA user_version`).
pub const DB_FORMAT_VERSION: i64 = 1;

/// How long a call waits for another certwiz's transaction before giving up. Transactions last
/// milliseconds, so reaching this means something is wrong.
const BUSY_WAIT: Duration = Duration::from_secs(10);

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS attempts (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    attempt_id TEXT NOT NULL UNIQUE,
    fingerprint TEXT NOT NULL,
    state TEXT NOT NULL,
    order_id INTEGER,
    owner_pid INTEGER,
    owner_start INTEGER,
    entry TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS attempts_by_fingerprint ON attempts(fingerprint);
CREATE INDEX IF NOT EXISTS attempts_by_order ON attempts(order_id);
CREATE INDEX IF NOT EXISTS attempts_by_state ON attempts(state);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
";

/// The hold written when the journal could not be read: which file was kept aside and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hold {
    /// The journal that could not be read (the database, or an earlier certwiz's
    /// `orders.json`); empty in a hold that did not say.
    #[serde(default)]
    pub journal: PathBuf,
    /// Where the unreadable journal is now.
    pub kept: PathBuf,
    /// Why it could not be used.
    pub reason: String,
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
}

/// The file that holds every send while present.
pub fn hold_path(db: &Path) -> PathBuf {
    let mut name = db.as_os_str().to_owned();
    name.push(".held");
    PathBuf::from(name)
}

/// The hold in force, if any. A hold that cannot be read still holds.
pub fn hold_of(db: &Path) -> Result<Option<Hold>, StoreError> {
    let path = hold_path(db);
    match std::fs::read(&path) {
        Ok(bytes) => Ok(Some(serde_json::from_slice(&bytes).unwrap_or_else(|e| {
            Hold {
                journal: db.to_path_buf(),
                kept: path.clone(),
                reason: format!("the hold itself cannot be read: {e}"),
                at: OffsetDateTime::now_utc(),
            }
        }))),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(StoreError::io("read", &path, e)),
    }
}

/// The error every journal call gives while a hold is in force.
pub fn held(db: &Path, hold: Hold) -> StoreError {
    let journal = if hold.journal.as_os_str().is_empty() {
        db.to_path_buf()
    } else {
        hold.journal
    };
    StoreError::JournalHeld {
        journal,
        kept: hold.kept,
        reason: hold.reason,
    }
}

/// Moves an unreadable journal (and its WAL files) aside and writes the hold; returns the error
/// naming them.
pub fn set_aside(db: &Path, reason: SetAsideReason) -> StoreError {
    let kept = match move_aside(db, &reason) {
        Ok(kept) => kept,
        Err(e) => return e,
    };
    for suffix in ["-wal", "-shm"] {
        let mut side = db.as_os_str().to_owned();
        side.push(suffix);
        let side = PathBuf::from(side);
        if side.exists() {
            let _ = move_aside(&side, &reason);
        }
    }
    let hold = Hold {
        journal: db.to_path_buf(),
        kept,
        reason: reason.to_string(),
        at: OffsetDateTime::now_utc(),
    };
    tracing::warn!(
        "journal: {} set aside ({}); sending is held until `certwiz orders release`",
        db.display(),
        hold.reason
    );
    if let Err(e) = atomic::write_json(&hold_path(db), &hold) {
        return e;
    }
    held(db, hold)
}

/// The page cache of a connection, in KiB (`PRAGMA cache_size` takes it negative): 16 pages of
/// 4 KiB. The journal is read a few rows at a time (by index) or once whole in order (at start,
/// a scan that rereads no page), and the file is in the operating system's cache anyway; each
/// transaction opens its own connection on the blocking thread, whose malloc arena keeps the
/// cache's pages at their most (BENCHMARKS.md, peak memory following orders). SQLite's default
/// is 2,000 KiB.
pub const CACHE_KIB: i64 = 64;

/// Whether an SQLite error means the file is not a journal this build can read.
pub fn unreadable(error: &rusqlite::Error) -> bool {
    matches!(
        error.sqlite_error_code(),
        Some(ErrorCode::NotADatabase | ErrorCode::DatabaseCorrupt)
    )
}

/// An SQLite error on the journal, as a store error.
pub fn failed(db: &Path, error: rusqlite::Error) -> StoreError {
    StoreError::io("use the journal", db, io::Error::other(error.to_string()))
}

/// Opens the database, creating it (0600, in a 0700 folder) with its schema when new. An
/// unreadable or newer database is set aside (see the module's note).
pub fn open(db: &Path) -> Result<Connection, StoreError> {
    if let Some(hold) = hold_of(db)? {
        return Err(held(db, hold));
    }
    if let Some(dir) = db.parent() {
        ensure_dir(dir)?;
    }
    // Created here so its mode is ours; SQLite gives its WAL files the database's mode.
    OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .mode(FILE_MODE)
        .open(db)
        .map_err(|e| StoreError::io("create", db, e))?;
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(db, flags).map_err(|e| failed(db, e))?;
    match prepare_when_free(&conn) {
        Ok(()) => Ok(conn),
        Err(Problem::Sql(e)) if unreadable(&e) => {
            drop(conn);
            Err(set_aside(db, SetAsideReason::Unreadable(e.to_string())))
        }
        Err(Problem::Sql(e)) => Err(failed(db, e)),
        Err(Problem::Newer(found)) => {
            drop(conn);
            Err(set_aside(
                db,
                SetAsideReason::Newer {
                    found,
                    supported: DB_FORMAT_VERSION as u32,
                },
            ))
        }
    }
}

enum Problem {
    Sql(rusqlite::Error),
    Newer(u64),
}

impl From<rusqlite::Error> for Problem {
    fn from(e: rusqlite::Error) -> Self {
        Problem::Sql(e)
    }
}

/// [`prepare`], tried again while another process holds the lock it needs. Switching a new
/// database to WAL takes an exclusive lock and SQLite answers "database is locked" at once,
/// without its busy handler, when two processes create the journal at the same moment (seen:
/// two `certwiz submit` of one file on a fresh data folder, one refused with exit 2). Every step
/// of `prepare` may run again: each checks before it changes.
fn prepare_when_free(conn: &Connection) -> Result<(), Problem> {
    let deadline = std::time::Instant::now() + BUSY_WAIT;
    loop {
        match prepare(conn) {
            Err(Problem::Sql(e)) if is_busy(&e) && std::time::Instant::now() < deadline => {
                std::thread::sleep(std::time::Duration::from_millis(5));
            }
            other => return other,
        }
    }
}

fn is_busy(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
    )
}

fn prepare(conn: &Connection) -> Result<(), Problem> {
    conn.busy_timeout(BUSY_WAIT)?;
    conn.pragma_update(None, "cache_size", -CACHE_KIB)?;
    let mode: String = conn.pragma_query_value(None, "journal_mode", |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        conn.pragma_update_and_check(None, "journal_mode", "WAL", |_| Ok(()))?;
    }
    conn.pragma_update(None, "synchronous", "FULL")?;
    let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if version > DB_FORMAT_VERSION {
        return Err(Problem::Newer(version as u64));
    }
    if version < DB_FORMAT_VERSION {
        let tx = rusqlite::Transaction::new_unchecked(conn, TransactionBehavior::Immediate)?;
        let version: i64 = tx.pragma_query_value(None, "user_version", |r| r.get(0))?;
        if version < DB_FORMAT_VERSION {
            tx.execute_batch(SCHEMA)?;
            tx.pragma_update(None, "user_version", DB_FORMAT_VERSION)?;
        }
        tx.commit()?;
    }
    Ok(())
}

/// Checks every page of the database (before a send: a damaged journal must not be trusted to
/// say "no earlier attempt").
pub fn check_whole(conn: &Connection) -> Result<Option<String>, rusqlite::Error> {
    let verdict: String = conn.pragma_query_value(None, "quick_check", |r| r.get(0))?;
    Ok((verdict != "ok").then_some(verdict))
}
