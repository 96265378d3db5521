//! The `orders.json` an earlier certwiz wrote: imported once into the database, in the first
//! transaction that finds it, then kept beside it under a new name (nothing is lost). One that
//! cannot be read is set aside and holds every send, as an unreadable database does.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OptionalExtension, Transaction};
use serde::Deserialize;
use time::OffsetDateTime;
use time::macros::format_description;

use super::db;
use super::entry::{JOURNAL_FORMAT_VERSION, JournalEntry};
use super::rows::{self, Fault};
use crate::store::set_aside::{SetAsideLog, SetAsideReason, move_aside};

const DONE: &str = "legacy_json_imported";

#[derive(Deserialize)]
struct JournalFile {
    certwiz_journal: u64,
    entries: Vec<JournalEntry>,
}

/// Whether the import already ran (a read may then be a plain read).
pub fn done(conn: &Connection) -> Result<bool, Fault> {
    Ok(conn
        .query_row("SELECT 1 FROM meta WHERE key = ?1", [DONE], |_| Ok(()))
        .optional()?
        .is_some())
}

/// Imports `legacy` into the database once. Runs inside a write transaction when not done yet.
/// True when it imported a file now (which is then to be kept aside, see [`keep_legacy_aside`]).
pub fn once(tx: &Transaction<'_>, legacy: &Path, _log: &SetAsideLog) -> Result<bool, Fault> {
    if done(tx)? {
        return Ok(false);
    }
    let bytes = match std::fs::read(legacy) {
        Ok(bytes) => Some(bytes),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => {
            return Err(Fault::Store(crate::store::error::StoreError::io(
                "read", legacy, e,
            )));
        }
    };
    let found = bytes.is_some();
    if let Some(bytes) = bytes {
        let file = parse(&bytes).map_err(|reason| {
            // The journal's database path is the legacy file's sibling.
            let db = legacy.with_file_name("orders.db");
            let _ = move_aside(legacy, &reason).map(|kept| {
                let hold = db::Hold {
                    journal: legacy.to_path_buf(),
                    kept,
                    reason: reason.to_string(),
                    at: OffsetDateTime::now_utc(),
                };
                let _ = crate::store::atomic::write_json(&db::hold_path(&db), &hold);
            });
            Fault::Store(match db::hold_of(&db) {
                Ok(Some(hold)) => db::held(&db, hold),
                Ok(None) => crate::store::error::StoreError::io(
                    "import",
                    legacy,
                    std::io::Error::other(reason.to_string()),
                ),
                Err(e) => e,
            })
        })?;
        for entry in &file.entries {
            rows::import(tx, entry)?;
        }
        tracing::info!(
            "journal: imported {} attempts from {}",
            file.entries.len(),
            legacy.display()
        );
    }
    tx.execute(
        "INSERT OR REPLACE INTO meta (key, value) VALUES (?1, ?2)",
        [DONE, &OffsetDateTime::now_utc().to_string()],
    )?;
    Ok(found)
}

fn parse(bytes: &[u8]) -> Result<JournalFile, SetAsideReason> {
    #[derive(Deserialize)]
    struct Version {
        certwiz_journal: u64,
    }
    let version: Version = serde_json::from_slice(bytes)
        .map_err(|e| SetAsideReason::Unreadable(format!("no journal format version: {e}")))?;
    if version.certwiz_journal > u64::from(JOURNAL_FORMAT_VERSION) {
        return Err(SetAsideReason::Newer {
            found: version.certwiz_journal,
            supported: JOURNAL_FORMAT_VERSION,
        });
    }
    let file: JournalFile =
        serde_json::from_slice(bytes).map_err(|e| SetAsideReason::Unreadable(e.to_string()))?;
    debug_assert!(file.certwiz_journal <= u64::from(JOURNAL_FORMAT_VERSION));
    Ok(file)
}

/// Once imported, `orders.json` is renamed `orders.json.imported-<time>`, never replacing a file.
pub fn keep_legacy_aside(legacy: &Path) {
    if !legacy.exists() {
        return;
    }
    let stamp = OffsetDateTime::now_utc()
        .format(format_description!(
            "[year][month][day]T[hour][minute][second]Z"
        ))
        .unwrap_or_default();
    let name = legacy
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let target: PathBuf = legacy.with_file_name(format!("{name}.imported-{stamp}"));
    // A hard link fails when the target exists; another certwiz may have moved it already.
    if std::fs::hard_link(legacy, &target).is_ok() {
        let _ = std::fs::remove_file(legacy);
        tracing::info!(
            "journal: the imported {} is kept as {}",
            legacy.display(),
            target.display()
        );
    }
}
