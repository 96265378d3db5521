//! The sandbox's orders, kept as JSON in its state folder.
//!
//! Statuses are not stored: they follow from the wall-clock time elapsed since placement (one
//! step to `submitted`, two to `approved`) unless a decision (approve, reject, cancel) came first.
//! So an order placed in one run is followed in the next. The file is re-read before every use
//! and replaced atomically after every change, so two certwiz processes can share it.

mod answers;

use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, SystemTime};

use serde::{Deserialize, Serialize};
use serde_json::Value;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::order::{OrderStatus, Product, RequestStatus};

/// A decision taken through the API.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    Approved,
    Rejected,
    Canceled,
}

/// A decision with its time and comment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Decision {
    pub verdict: Verdict,
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// A cancel's: the request's status when the order was canceled, kept as it was (a later
    /// run with another clock step must not move it on to approved).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_status: Option<String>,
}

/// An order body as received, kept as compact JSON text: a thousand orders held as parsed
/// JSON values took about 7.5 MB of the process following them (BENCHMARKS.md), as text about a
/// sixth of it. Written to the book file as the JSON object it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Body(Box<str>);

impl Body {
    /// Keeps a body.
    pub fn new(value: &Value) -> Body {
        Body(value.to_string().into_boxed_str())
    }

    /// The body as a JSON value.
    pub fn value(&self) -> Value {
        serde_json::from_str(&self.0).unwrap_or(Value::Null)
    }
}

impl PartialEq<Value> for Body {
    fn eq(&self, other: &Value) -> bool {
        self.value() == *other
    }
}

impl Serialize for Body {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.value().serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Body {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Body, D::Error> {
        Value::deserialize(deserializer).map(|v| Body::new(&v))
    }
}

/// One placed order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredOrder {
    pub id: i64,
    pub request_id: i64,
    pub certificate_id: i64,
    pub product: Product,
    #[serde(with = "time::serde::rfc3339")]
    pub placed_at: OffsetDateTime,
    /// The body as received.
    pub body: Body,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decision: Option<Decision>,
    /// Placed while its organization had no active document signing validation: DigiCert does
    /// not issue it until the organization is validated (docs/digicert-api-reference.md §16), so
    /// it stays pending: its request goes no further than `submitted` by the clock (a person may
    /// still approve it, and the order still waits). The sandbox's validations never complete.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub held: bool,
}

/// The sandbox's install code of an issued token order (`hardware_init_code`), eight digits made
/// from its certificate id: the same for orders placed through the API and for seeded ones.
pub fn install_code(certificate_id: i64) -> String {
    format!(
        "{:08}",
        certificate_id.wrapping_mul(7919).rem_euclid(100_000_000)
    )
}

fn rfc3339(t: OffsetDateTime) -> String {
    t.format(&Rfc3339).unwrap_or_default()
}

impl StoredOrder {
    /// The request's status at `now`, with `step` per automatic status change.
    pub fn request_status(&self, now: OffsetDateTime, step: Duration) -> RequestStatus {
        match &self.decision {
            Some(d) if d.verdict == Verdict::Approved => RequestStatus::Approved,
            Some(d) if d.verdict == Verdict::Rejected => RequestStatus::Rejected,
            // A canceled order's request stays as it was when the order was canceled.
            Some(d) => match &d.request_status {
                Some(status) => RequestStatus::from(status.as_str()),
                None => self.timed_status(d.at, step),
            },
            None => self.timed_status(now, step),
        }
    }

    fn timed_status(&self, now: OffsetDateTime, step: Duration) -> RequestStatus {
        if now >= self.placed_at + step * 2 && !self.held {
            RequestStatus::Approved
        } else if now >= self.placed_at + step {
            RequestStatus::Submitted
        } else {
            RequestStatus::Pending
        }
    }

    /// When the order's status last changed, as of `now`: its placing (`needs_approval`), each
    /// step of the clock, or a decision (which stops the clock).
    pub fn status_changed_at(&self, now: OffsetDateTime, step: Duration) -> OffsetDateTime {
        if let Some(d) = &self.decision {
            return d.at;
        }
        if now >= self.placed_at + step * 2 && !self.held {
            self.placed_at + step * 2
        } else if now >= self.placed_at + step {
            self.placed_at + step
        } else {
            self.placed_at
        }
    }

    /// When the request was decided, by a person or by the clock.
    pub fn processed_at(&self, now: OffsetDateTime, step: Duration) -> Option<OffsetDateTime> {
        match &self.decision {
            Some(d) if d.verdict != Verdict::Canceled => Some(d.at),
            Some(_) => None,
            None => (self.request_status(now, step) == RequestStatus::Approved)
                .then(|| self.placed_at + step * 2),
        }
    }

    /// The order's status at `now`.
    pub fn order_status(&self, now: OffsetDateTime, step: Duration) -> OrderStatus {
        if self.decision.as_ref().map(|d| d.verdict) == Some(Verdict::Canceled) {
            return OrderStatus::Canceled;
        }
        match self.request_status(now, step) {
            RequestStatus::Pending => OrderStatus::NeedsApproval,
            RequestStatus::Submitted => OrderStatus::Pending,
            RequestStatus::Approved if self.held => OrderStatus::Pending,
            RequestStatus::Approved => OrderStatus::Issued,
            RequestStatus::Rejected => OrderStatus::Rejected,
            RequestStatus::Other(s) => OrderStatus::Other(s),
        }
    }
}

/// Everything the sandbox remembers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrderBook {
    pub next_order_id: i64,
    pub next_request_id: i64,
    pub next_certificate_id: i64,
    pub orders: Vec<StoredOrder>,
}

impl Default for OrderBook {
    /// Starts at the documented example's ids, so a fresh sandbox answers the first order exactly
    /// as the documentation shows.
    fn default() -> Self {
        OrderBook {
            next_order_id: 112233,
            next_request_id: 113,
            next_certificate_id: 113,
            orders: Vec::new(),
        }
    }
}

impl OrderBook {
    /// Adds an order and gives it its ids.
    pub fn place(&mut self, product: Product, body: Value, now: OffsetDateTime) -> StoredOrder {
        let order = StoredOrder {
            id: self.next_order_id,
            request_id: self.next_request_id,
            certificate_id: self.next_certificate_id,
            product,
            placed_at: now,
            body: Body::new(&body),
            decision: None,
            held: false,
        };
        self.next_order_id += 1;
        self.next_request_id += 1;
        self.next_certificate_id += 1;
        self.orders.push(order.clone());
        order
    }

    /// An order by id.
    pub fn order(&self, id: i64) -> Option<&StoredOrder> {
        self.orders.iter().find(|o| o.id == id)
    }

    /// An order by id, to change it.
    pub fn order_mut(&mut self, id: i64) -> Option<&mut StoredOrder> {
        self.orders.iter_mut().find(|o| o.id == id)
    }

    /// The order a request belongs to, to change it.
    pub fn by_request_mut(&mut self, request_id: i64) -> Option<&mut StoredOrder> {
        self.orders.iter_mut().find(|o| o.request_id == request_id)
    }

    /// The order a request belongs to.
    pub fn by_request(&self, request_id: i64) -> Option<&StoredOrder> {
        self.orders.iter().find(|o| o.request_id == request_id)
    }
}

/// The order book on disk.
#[derive(Debug)]
pub struct Store {
    file: PathBuf,
    book: Mutex<OrderBook>,
    /// The file as last read (modified time and length): the book is parsed again only when the
    /// file changed, since following 100 orders reads it several times a second.
    read_as: Mutex<Option<(SystemTime, u64)>>,
}

impl Store {
    /// Opens (or starts) the book in `dir`.
    pub fn open(dir: &Path) -> io::Result<Store> {
        // 0700, and its missing parents too: `certwiz sandbox` may create the data folder.
        crate::store::atomic::ensure_dir(dir).map_err(io::Error::other)?;
        let store = Store {
            file: dir.join("orders.json"),
            book: Mutex::new(OrderBook::default()),
            read_as: Mutex::new(None),
        };
        store.read(|_| ())?;
        Ok(store)
    }

    /// Reads the book, fresh from disk.
    pub fn read<R>(&self, f: impl FnOnce(&OrderBook) -> R) -> io::Result<R> {
        let mut book = self.book.lock().unwrap_or_else(|e| e.into_inner());
        self.reload(&mut book)?;
        Ok(f(&book))
    }

    /// Changes the book and saves it atomically.
    pub fn write<R>(&self, f: impl FnOnce(&mut OrderBook) -> R) -> io::Result<R> {
        let mut book = self.book.lock().unwrap_or_else(|e| e.into_inner());
        self.reload(&mut book)?;
        let result = f(&mut book);
        self.save(&book)?;
        // Read back next time rather than trusting the clock's resolution for our own write.
        *self.read_as.lock().unwrap_or_else(|e| e.into_inner()) = None;
        Ok(result)
    }

    fn reload(&self, book: &mut OrderBook) -> io::Result<()> {
        let stamp = std::fs::metadata(&self.file)
            .and_then(|m| Ok((m.modified()?, m.len())))
            .ok();
        let mut read_as = self.read_as.lock().unwrap_or_else(|e| e.into_inner());
        if stamp.is_some() && *read_as == stamp {
            return Ok(());
        }
        *read_as = None;
        // Parsed as it is read, through a small buffer: the book of a thousand orders is 1.2 MB
        // of text, which read whole was the largest allocation of the wizard's start
        // (BENCHMARKS.md, peak memory following orders).
        match std::fs::File::open(&self.file) {
            Ok(file) => {
                *book = serde_json::from_reader(io::BufReader::new(file)).map_err(|e| {
                    if e.is_io() {
                        return io::Error::from(e);
                    }
                    io::Error::new(
                        io::ErrorKind::InvalidData,
                        format!("{} is not a sandbox order book: {e}", self.file.display()),
                    )
                })?;
                *read_as = stamp;
                Ok(())
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(e),
        }
    }

    fn save(&self, book: &OrderBook) -> io::Result<()> {
        // Buffered (unbuffered, the book's write took most of a 300-row batch's time: see
        // BENCHMARKS.md, batch at the ceiling).
        crate::store::atomic::replace_json_unsynced(&self.file, book)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const STEP: Duration = Duration::from_secs(3);

    fn placed() -> (OrderBook, StoredOrder, OffsetDateTime) {
        let mut book = OrderBook::default();
        let t0 = OffsetDateTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        let order = book.place(
            Product::default(),
            json!({"cs_provisioning_method": "ship_token"}),
            t0,
        );
        (book, order, t0)
    }

    #[test]
    fn statuses_follow_the_clock() {
        let (_, order, t0) = placed();
        assert_eq!(order.id, 112233);
        assert_eq!(
            order.placement_answer(),
            json!({"id": 112233, "requests": [{"id": 113, "status": "pending"}]})
        );
        let at = |s: u64| t0 + Duration::from_secs(s);
        assert_eq!(order.request_status(at(0), STEP), RequestStatus::Pending);
        assert_eq!(order.order_status(at(0), STEP), OrderStatus::NeedsApproval);
        assert_eq!(order.request_status(at(3), STEP), RequestStatus::Submitted);
        assert_eq!(order.order_status(at(4), STEP), OrderStatus::Pending);
        assert_eq!(order.request_status(at(6), STEP), RequestStatus::Approved);
        let info = order.order_info(at(7), STEP);
        assert_eq!(info["status"], "issued");
        assert_eq!(info["certificate"]["id"], 113);
        assert!(info["hardware_init_code"].is_string());
        assert!(
            order.order_info(at(1), STEP)["certificate"]
                .get("id")
                .is_none()
        );
        assert!(
            order
                .request_info(at(1), STEP)
                .get("date_processed")
                .is_none()
        );
        assert!(
            order
                .request_info(at(7), STEP)
                .get("date_processed")
                .is_some()
        );
    }

    #[test]
    fn the_last_change_follows_the_clock_and_decisions() {
        let (_, mut order, t0) = placed();
        let at = |s: u64| t0 + Duration::from_secs(s);
        assert_eq!(order.status_changed_at(at(1), STEP), t0);
        assert_eq!(order.status_changed_at(at(4), STEP), at(3));
        assert_eq!(order.status_changed_at(at(60), STEP), at(6));
        order.decision = Some(Decision {
            verdict: Verdict::Canceled,
            at: at(2),
            comment: None,
            request_status: None,
        });
        assert_eq!(order.status_changed_at(at(60), STEP), at(2));
    }

    #[test]
    fn decisions_override_the_clock() {
        let (_, mut order, t0) = placed();
        order.decision = Some(Decision {
            verdict: Verdict::Rejected,
            at: t0 + Duration::from_secs(1),
            comment: Some("no budget".into()),
            request_status: None,
        });
        let later = t0 + Duration::from_secs(60);
        assert_eq!(order.request_status(later, STEP), RequestStatus::Rejected);
        assert_eq!(order.order_status(later, STEP), OrderStatus::Rejected);
        assert_eq!(
            order.request_info(later, STEP)["processor_comment"],
            "no budget"
        );
        order.decision = Some(Decision {
            verdict: Verdict::Canceled,
            at: t0 + Duration::from_secs(1),
            comment: Some("oops".into()),
            request_status: Some("submitted".into()),
        });
        assert_eq!(order.order_status(later, STEP), OrderStatus::Canceled);
        // As it was when canceled, whatever the clock's step is now.
        assert_eq!(order.request_status(later, STEP), RequestStatus::Submitted);
        assert_eq!(
            order.request_status(later, Duration::from_millis(1)),
            RequestStatus::Submitted
        );
        assert!(
            order.order_info(later, STEP)["certificate"]
                .get("id")
                .is_none()
        );
    }

    #[test]
    fn the_book_survives_a_restart() {
        let dir = tempfile::tempdir().unwrap();
        let first = Store::open(dir.path()).unwrap();
        let t0 = OffsetDateTime::now_utc();
        let id = first
            .write(|b| {
                b.place(Product::DocumentSigningOrg2, json!({"a": 1}), t0)
                    .id
            })
            .unwrap();
        let second = Store::open(dir.path()).unwrap();
        let order = second.read(|b| b.order(id).cloned()).unwrap().unwrap();
        assert_eq!(order.product, Product::DocumentSigningOrg2);
        assert_eq!(order.body, json!({"a": 1}));
        assert_eq!(order.placed_at.unix_timestamp(), t0.unix_timestamp());
        // The first store sees what the second one writes.
        second
            .write(|b| b.place(Product::default(), json!({}), t0))
            .unwrap();
        assert_eq!(first.read(|b| b.orders.len()).unwrap(), 2);
        let text = std::fs::read_to_string(dir.path().join("orders.json")).unwrap();
        assert!(text.contains(&t0.format(&Rfc3339).unwrap()[..19]), "{text}");
    }

    #[test]
    fn a_corrupt_book_is_an_error_not_a_reset() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("orders.json"), "{oops").unwrap();
        let err = Store::open(dir.path()).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::InvalidData);
    }

    #[test]
    fn a_cut_or_trailing_book_is_an_error_too() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        let t0 = OffsetDateTime::now_utc();
        store
            .write(|b| b.place(Product::default(), json!({"a": 1}), t0))
            .unwrap();
        let path = dir.path().join("orders.json");
        let text = std::fs::read_to_string(&path).unwrap();
        for bad in [&text[..text.len() / 2], &format!("{text} {{}}")] {
            std::fs::write(&path, bad).unwrap();
            let err = Store::open(dir.path()).unwrap_err();
            assert_eq!(err.kind(), io::ErrorKind::InvalidData, "{bad}");
            assert!(
                err.to_string().contains("not a sandbox order book"),
                "{err}"
            );
        }
        std::fs::write(&path, &text).unwrap();
        let again = Store::open(dir.path()).unwrap();
        assert_eq!(again.read(|b| b.orders.len()).unwrap(), 1);
    }
}
