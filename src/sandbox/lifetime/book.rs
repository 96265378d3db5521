//! The sandbox account's issued document signing orders across their lives: seeded ones spread
//! over the coming three years (some expiring within 30, 60 and 90 days, some expired), and what
//! was done to them through the API (renewed, reissued, revoked), kept in `lifetime.json` in
//! the sandbox's folder. A seeded order is not stored: it follows from its index and the day
//! the sandbox first started (the anchor), so 10,000 of them cost nothing until listed.
//!
//! The sandbox's clock for these orders is the wall clock moved by [`CLOCK_ENV`], so tests can
//! let certificates approach expiry and pass it.

use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use serde::{Deserialize, Serialize};
use time::{Date, Duration, OffsetDateTime};

/// The number of seeded issued orders (default [`DEFAULT_COUNT`]; 0 for none).
pub const COUNT_ENV: &str = "CERTWIZ_SANDBOX_LIFETIME";
/// Moves the sandbox's clock for these orders: `+30d`, `-2d`, `+12h`, or a date `2027-05-01`.
pub const CLOCK_ENV: &str = "CERTWIZ_SANDBOX_CLOCK";
/// Seeded orders when [`COUNT_ENV`] is not set.
pub const DEFAULT_COUNT: usize = 50;
/// The most seeded orders accepted.
pub const MAX_COUNT: usize = 100_000;
/// The first seeded order's id; far above the ids the order book hands out.
pub const FIRST_SEEDED_ID: i64 = 5_000_000;
/// A seeded order's certificate id is its order id plus this.
pub const CERTIFICATE_OFFSET: i64 = 1_000_000;

/// Days from the anchor to the expiry of the seeded orders, one per index in a cycle of ten:
/// expired three weeks ago, expired three days ago, within 30 days (three), within 60, within
/// 90, and later in the coming three years. Each round of ten moves them a day later (for five
/// rounds, then again).
const CYCLE: [i64; 10] = [-20, -3, 5, 14, 25, 45, 75, 200, 500, 1000];

/// The seeded products, in turn: every document signing product id.
const PRODUCTS: [&str; 5] = crate::order::inventory::DOCUMENT_SIGNING_PRODUCTS;

/// A revocation asked for through the API.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Revocation {
    pub request_id: i64,
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
    /// Revoked at once (`skip_approval`), else after one sandbox step, as if approved.
    pub skip_approval: bool,
    #[serde(default)]
    pub comments: String,
    /// The one certificate revoked, or none for the whole order.
    #[serde(default)]
    pub certificate_id: Option<i64>,
}

/// What the API changed, as kept in `lifetime.json`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Changes {
    /// The day the sandbox first started (`YYYY-MM-DD`), by the wall clock: seeded expiries
    /// count from it.
    pub anchor: Option<String>,
    /// Renewed order → the order that renewed it.
    #[serde(default)]
    pub renewed: BTreeMap<i64, i64>,
    /// Order → the request ids of its reissues.
    #[serde(default)]
    pub reissued: BTreeMap<i64, Vec<i64>>,
    /// Order → its revocation.
    #[serde(default)]
    pub revoked: BTreeMap<i64, Revocation>,
    /// The next request id for a reissue or a revocation.
    #[serde(default)]
    pub next_request_id: i64,
}

impl Changes {
    /// The anchor as a date.
    pub fn anchor_date(&self) -> Option<Date> {
        self.anchor
            .as_deref()
            .and_then(crate::order::inventory::parse_date)
    }
}

/// A seeded order, as generated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seeded {
    pub id: i64,
    pub certificate_id: i64,
    pub product: &'static str,
    pub common_name: String,
    pub valid_from: Date,
    pub valid_till: Date,
}

/// The seeded orders and the changes made to orders.
#[derive(Debug)]
pub struct Lifetime {
    file: PathBuf,
    count: AtomicUsize,
    clock: ClockShift,
    changes: Mutex<Changes>,
}

/// How far the sandbox's clock is from the wall clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ClockShift(Duration);

impl ClockShift {
    /// Parses [`CLOCK_ENV`]'s value.
    pub fn parse(text: &str, wall: OffsetDateTime) -> Result<ClockShift, String> {
        let text = text.trim();
        let bad = || format!("{text:?} is not +Nd, -Nd, +Nh, -Nh or a date YYYY-MM-DD");
        if let Some(date) = crate::order::inventory::parse_date(text).filter(|_| text.len() == 10) {
            return Ok(ClockShift(date.midnight().assume_utc() - wall));
        }
        let (sign, rest) = match text.chars().next() {
            Some('+') => (1, &text[1..]),
            Some('-') => (-1, &text[1..]),
            _ => return Err(bad()),
        };
        let (number, unit) = rest.split_at(rest.len().saturating_sub(1));
        let n: i64 = number.parse().map_err(|_| bad())?;
        let n = n.checked_mul(sign).ok_or_else(bad)?;
        match unit {
            "d" if n.abs() <= 36_500 => Ok(ClockShift(Duration::days(n))),
            "h" if n.abs() <= 876_000 => Ok(ClockShift(Duration::hours(n))),
            _ => Err(bad()),
        }
    }
}

impl Lifetime {
    /// The lifetime kept in `dir`, with `count` seeded orders and the clock moved by `clock`.
    pub fn open(dir: &Path, count: usize, clock: ClockShift) -> io::Result<Lifetime> {
        let lifetime = Lifetime {
            file: dir.join("lifetime.json"),
            count: AtomicUsize::new(count.min(MAX_COUNT)),
            clock,
            changes: Mutex::new(Changes::default()),
        };
        // Written only when the anchor or the request ids are still to be set: every command
        // starts the embedded sandbox, and rewriting an unchanged file cost each start a file.
        if lifetime.read(|c| c.anchor.is_none() || c.next_request_id == 0)? {
            lifetime.change(|_| ())?;
        }
        Ok(lifetime)
    }

    /// Reads [`COUNT_ENV`] and [`CLOCK_ENV`].
    pub fn from_env(dir: &Path) -> io::Result<Lifetime> {
        let invalid = |why: String| io::Error::new(io::ErrorKind::InvalidInput, why);
        let count = match std::env::var(COUNT_ENV) {
            Ok(text) => text
                .trim()
                .parse::<usize>()
                .ok()
                .filter(|n| *n <= MAX_COUNT)
                .ok_or_else(|| {
                    invalid(format!(
                        "{COUNT_ENV} must be a number of orders up to {MAX_COUNT}, not {text:?}"
                    ))
                })?,
            Err(_) => DEFAULT_COUNT,
        };
        let clock = match std::env::var(CLOCK_ENV) {
            Ok(text) => ClockShift::parse(&text, OffsetDateTime::now_utc())
                .map_err(|why| invalid(format!("{CLOCK_ENV}: {why}")))?,
            Err(_) => ClockShift::default(),
        };
        Lifetime::open(dir, count, clock)
    }

    /// The sandbox's time for these orders.
    pub fn now(&self) -> OffsetDateTime {
        OffsetDateTime::now_utc() + self.clock.0
    }

    /// The changes, fresh from disk.
    pub fn read<R>(&self, f: impl FnOnce(&Changes) -> R) -> io::Result<R> {
        let mut changes = self.changes.lock().unwrap_or_else(|e| e.into_inner());
        *changes = self.load()?;
        Ok(f(&changes))
    }

    /// Changes them and saves them atomically (setting the anchor on first use).
    pub fn change<R>(&self, f: impl FnOnce(&mut Changes) -> R) -> io::Result<R> {
        let mut changes = self.changes.lock().unwrap_or_else(|e| e.into_inner());
        *changes = self.load()?;
        if changes.anchor.is_none() {
            changes.anchor = Some(OffsetDateTime::now_utc().date().to_string());
        }
        if changes.next_request_id == 0 {
            changes.next_request_id = 9_000_000;
        }
        let result = f(&mut changes);
        crate::store::atomic::replace_json_unsynced(&self.file, &*changes)?;
        Ok(result)
    }

    fn load(&self) -> io::Result<Changes> {
        match std::fs::read(&self.file) {
            Ok(bytes) => serde_json::from_slice(&bytes).map_err(|e| {
                io::Error::new(
                    io::ErrorKind::InvalidData,
                    format!(
                        "{} is not the sandbox's lifetime file: {e}",
                        self.file.display()
                    ),
                )
            }),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(Changes::default()),
            Err(e) => Err(e),
        }
    }

    /// How many seeded orders there are.
    pub fn count(&self) -> usize {
        self.count.load(Ordering::Relaxed)
    }

    /// Changes how many seeded orders there are (at most [`MAX_COUNT`]).
    pub fn set_count(&self, count: usize) {
        self.count.store(count.min(MAX_COUNT), Ordering::Relaxed);
    }

    /// The seeded order with this id, given the anchor.
    pub fn seeded(&self, id: i64, anchor: Date) -> Option<Seeded> {
        let index = usize::try_from(id - FIRST_SEEDED_ID).ok()?;
        (index < self.count()).then(|| seeded_at(index, anchor))
    }

    /// Every seeded order, given the anchor.
    pub fn all_seeded(&self, anchor: Date) -> impl Iterator<Item = Seeded> + '_ {
        (0..self.count()).map(move |i| seeded_at(i, anchor))
    }
}

/// The `index`th seeded order.
pub fn seeded_at(index: usize, anchor: Date) -> Seeded {
    let round = (index / CYCLE.len()) as i64;
    let till = anchor + Duration::days(CYCLE[index % CYCLE.len()] + round % 5);
    let product = PRODUCTS[index % PRODUCTS.len()];
    let id = FIRST_SEEDED_ID + index as i64;
    let common_name = if product == "ds_individual" {
        format!("Signer {index:05}")
    } else {
        "Example Company, Inc.".to_owned()
    };
    Seeded {
        id,
        certificate_id: id + CERTIFICATE_OFFSET,
        product,
        common_name,
        valid_from: till - Duration::days(365),
        valid_till: till,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wall() -> OffsetDateTime {
        OffsetDateTime::UNIX_EPOCH + std::time::Duration::from_secs(1_800_000_000)
    }

    #[test]
    fn opening_again_leaves_the_file_alone() {
        use std::os::unix::fs::MetadataExt;
        let dir = tempfile::tempdir().unwrap();
        let first = Lifetime::open(dir.path(), 5, ClockShift::default()).unwrap();
        let anchor = first.read(|c| c.anchor.clone()).unwrap();
        assert!(anchor.is_some(), "the first open sets the anchor");
        let file = dir.path().join("lifetime.json");
        let inode = std::fs::metadata(&file).unwrap().ino();
        let again = Lifetime::open(dir.path(), 5, ClockShift::default()).unwrap();
        assert_eq!(again.read(|c| c.anchor.clone()).unwrap(), anchor);
        assert_eq!(
            std::fs::metadata(&file).unwrap().ino(),
            inode,
            "not replaced by a rewrite"
        );
    }

    #[test]
    fn the_clock_moves_by_days_hours_or_to_a_date() {
        assert_eq!(
            ClockShift::parse("+30d", wall()),
            Ok(ClockShift(Duration::days(30)))
        );
        assert_eq!(
            ClockShift::parse("-2h", wall()),
            Ok(ClockShift(Duration::hours(-2)))
        );
        let to = ClockShift::parse("2027-01-31", wall()).unwrap();
        assert_eq!((wall() + to.0).date().to_string(), "2027-01-31");
        assert!(ClockShift::parse("30d", wall()).is_err());
        assert!(ClockShift::parse("+d", wall()).is_err());
        assert!(ClockShift::parse("+99999999d", wall()).is_err());
    }

    #[test]
    fn seeded_orders_span_the_coming_years_and_every_product() {
        let anchor = wall().date();
        let all: Vec<Seeded> = (0..50).map(|i| seeded_at(i, anchor)).collect();
        let days = |s: &Seeded| (s.valid_till - anchor).whole_days();
        assert_eq!(
            all.iter().filter(|s| (0..=30).contains(&days(s))).count(),
            17
        );
        assert_eq!(all.iter().filter(|s| days(s) < 0).count(), 8);
        // Due for `check --days 30`: within 30 days or expired in the last 7.
        assert_eq!(
            all.iter().filter(|s| (-7..=30).contains(&days(s))).count(),
            20
        );
        assert!(all.iter().any(|s| days(s) > 2 * 365));
        for product in PRODUCTS {
            assert!(all.iter().any(|s| s.product == product));
        }
    }

    #[test]
    fn changes_survive_a_restart_and_keep_their_anchor() {
        let dir = tempfile::tempdir().unwrap();
        let first = Lifetime::open(dir.path(), 5, ClockShift::default()).unwrap();
        first
            .change(|c| c.renewed.insert(FIRST_SEEDED_ID, 7))
            .unwrap();
        let anchor = first.read(|c| c.anchor_date()).unwrap();
        let second = Lifetime::open(dir.path(), 5, ClockShift::default()).unwrap();
        assert_eq!(
            second
                .read(|c| (c.anchor_date(), c.renewed.clone()))
                .unwrap(),
            (anchor, BTreeMap::from([(FIRST_SEEDED_ID, 7)]))
        );
        assert!(
            second
                .seeded(FIRST_SEEDED_ID + 5, anchor.unwrap())
                .is_none()
        );
        assert!(
            second
                .seeded(FIRST_SEEDED_ID + 4, anchor.unwrap())
                .is_some()
        );
    }
}
