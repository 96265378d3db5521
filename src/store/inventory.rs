//! The inventory: the account's document signing certificates as last listed from CertCentral,
//! so `certwiz certificates` and `check` open at once. It is a cache, replaced whole by each
//! listing: what certwiz sent (renewals, which are orders, reissues and revocations) is recorded
//! in the journal (`orders.db`, see `journal` and `journal::actions`), never here.
//!
//! One SQLite file, `inventory.sqlite` in the data folder, created 0600. Rows are kept per
//! endpoint (`SANDBOX`, or the live base URL), so the sandbox's fiction never mixes with a real
//! account. Calls are blocking; async code runs them with `spawn_blocking`.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OptionalExtension, params};
use time::OffsetDateTime;

use crate::order::inventory::Certificate;

/// The file's name in the data folder.
pub const FILE_NAME: &str = "inventory.sqlite";

/// Why the inventory could not be used.
#[derive(Debug, thiserror::Error)]
#[error("the inventory {}: {reason}", path.display())]
pub struct InventoryError {
    path: PathBuf,
    reason: String,
}

/// The inventory file, open.
#[derive(Debug)]
pub struct Inventory {
    path: PathBuf,
    db: Connection,
}

impl Inventory {
    /// Opens (or creates, 0600) the inventory in `data_dir`.
    pub fn open(data_dir: &Path) -> Result<Inventory, InventoryError> {
        let path = data_dir.join(FILE_NAME);
        let fail = |reason: String| InventoryError {
            path: path.clone(),
            reason,
        };
        // 0700, as every folder certwiz creates (its parents too, when it makes them).
        super::atomic::ensure_dir(data_dir).map_err(|e| fail(e.to_string()))?;
        create_private(&path).map_err(|e| fail(e.to_string()))?;
        let db = Connection::open(&path).map_err(|e| fail(e.to_string()))?;
        db.busy_timeout(std::time::Duration::from_secs(10))
            .map_err(|e| fail(e.to_string()))?;
        // A small page cache: the inventory is read and replaced whole, and certwiz's memory
        // budget (BENCHMARKS.md, an account of 10,000 orders) counts every megabyte.
        db.execute_batch("PRAGMA cache_size = -512;")
            .map_err(|e| fail(e.to_string()))?;
        db.execute_batch(SCHEMA).map_err(|e| fail(e.to_string()))?;
        Ok(Inventory { path, db })
    }

    fn fail(&self, e: rusqlite::Error) -> InventoryError {
        InventoryError {
            path: self.path.clone(),
            reason: e.to_string(),
        }
    }

    /// Replaces the endpoint's rows with a complete listing, in one transaction.
    pub fn replace(&mut self, endpoint: &str, rows: &[Certificate]) -> Result<(), InventoryError> {
        let tx = self.db.transaction().map_err(|e| fail_of(&self.path, e))?;
        let result = (|| {
            tx.execute("DELETE FROM certificates WHERE endpoint = ?1", [endpoint])?;
            let mut insert = tx.prepare(
                "INSERT OR REPLACE INTO certificates (endpoint, order_id, certificate_id, product, \
                 subject, organization, status, valid_till, days_remaining, is_renewed, fetched_at) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            )?;
            for c in rows {
                insert.execute(params![
                    endpoint,
                    c.order_id,
                    c.certificate_id,
                    c.product,
                    c.subject,
                    c.organization,
                    c.status,
                    c.valid_till,
                    c.days_remaining,
                    c.is_renewed,
                    c.fetched_at,
                ])?;
            }
            tx.execute(
                "INSERT OR REPLACE INTO refreshed (endpoint, at) VALUES (?1, ?2)",
                params![endpoint, OffsetDateTime::now_utc().unix_timestamp()],
            )?;
            Ok(())
        })();
        match result {
            Ok(()) => tx.commit().map_err(|e| fail_of(&self.path, e)),
            Err(e) => Err(fail_of(&self.path, e)),
        }
    }

    /// The endpoint's rows, in order id order, and when they were last refreshed.
    pub fn list(&self, endpoint: &str) -> Result<(Vec<Certificate>, Option<i64>), InventoryError> {
        let mut statement = self
            .db
            .prepare(
                "SELECT order_id, certificate_id, product, subject, organization, status, \
                 valid_till, days_remaining, is_renewed, fetched_at FROM certificates \
                 WHERE endpoint = ?1 ORDER BY order_id",
            )
            .map_err(|e| self.fail(e))?;
        let rows = statement
            .query_map([endpoint], |r| {
                Ok(Certificate {
                    order_id: r.get(0)?,
                    certificate_id: r.get(1)?,
                    product: r.get(2)?,
                    subject: r.get(3)?,
                    organization: r.get(4)?,
                    status: r.get(5)?,
                    valid_till: r.get(6)?,
                    days_remaining: r.get(7)?,
                    is_renewed: r.get(8)?,
                    fetched_at: r.get(9)?,
                })
            })
            .and_then(|rows| rows.collect::<Result<Vec<_>, _>>())
            .map_err(|e| self.fail(e))?;
        let at = self
            .db
            .query_row(
                "SELECT at FROM refreshed WHERE endpoint = ?1",
                [endpoint],
                |r| r.get(0),
            )
            .optional()
            .map_err(|e| self.fail(e))?;
        Ok((rows, at))
    }
}

fn fail_of(path: &Path, e: rusqlite::Error) -> InventoryError {
    InventoryError {
        path: path.to_path_buf(),
        reason: e.to_string(),
    }
}

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS certificates (
    endpoint TEXT NOT NULL,
    order_id INTEGER NOT NULL,
    certificate_id INTEGER,
    product TEXT NOT NULL,
    subject TEXT NOT NULL,
    organization TEXT NOT NULL,
    status TEXT NOT NULL,
    valid_till TEXT,
    days_remaining INTEGER,
    is_renewed INTEGER NOT NULL,
    fetched_at INTEGER NOT NULL,
    PRIMARY KEY (endpoint, order_id)
);
CREATE TABLE IF NOT EXISTS refreshed (
    endpoint TEXT PRIMARY KEY,
    at INTEGER NOT NULL
);
";

/// Creates the file 0600 when it does not exist, so SQLite never creates it world-readable.
fn create_private(path: &Path) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(false);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path).map(drop)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(order_id: i64) -> Certificate {
        Certificate {
            order_id,
            certificate_id: Some(order_id + 1),
            product: "ds_org".into(),
            subject: "Example".into(),
            organization: "Example Inc".into(),
            status: "issued".into(),
            valid_till: Some("2027-01-02".into()),
            days_remaining: Some(30),
            is_renewed: false,
            fetched_at: 1,
        }
    }

    #[test]
    fn a_listing_replaces_the_endpoints_rows_only() {
        let dir = tempfile::tempdir().unwrap();
        let mut inv = Inventory::open(dir.path()).unwrap();
        inv.replace("SANDBOX", &[row(1), row(2)]).unwrap();
        inv.replace("https://live", &[row(9)]).unwrap();
        inv.replace("SANDBOX", &[row(3)]).unwrap();
        let (rows, at) = inv.list("SANDBOX").unwrap();
        assert_eq!(rows, vec![row(3)]);
        assert!(at.is_some());
        assert_eq!(inv.list("https://live").unwrap().0, vec![row(9)]);
        assert_eq!(inv.list("other").unwrap(), (vec![], None));
    }

    #[cfg(unix)]
    #[test]
    fn the_file_is_private() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        Inventory::open(dir.path()).unwrap();
        let mode = std::fs::metadata(dir.path().join(FILE_NAME))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
}
