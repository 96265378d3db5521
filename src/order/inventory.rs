//! The account's certificates after issuance: the rows of DigiCert's order list, the expiring
//! report, the answers to reissue and revoke, and the rules that say which certificate is due.
//!
//! Answers are read leniently (see [`lenient`]) and keep unknown fields in `extra`. Pages read:
//! - List orders, `GET /order/certificate`:
//!   <https://dev.digicert.com/en/certcentral-apis/services-api/orders/list-orders.html>,
//!   <https://dev.digicert.com/ja/services-api/orders/list-orders/> (the filter list).
//! - Expiring orders and certificates, `GET /report/order/expiring`:
//!   <https://dev.digicert.com/certcentral-apis/services-api/reports/expiring-orders-and-certificates.html>.
//! - Reissue certificate, `POST /order/certificate/{order_id}/reissue`:
//!   <https://dev.digicert.com/en/certcentral-apis/services-api/orders/reissue-certificate.html>
//!   (the stored copy stops before the response: its shape is not known, so the answer is kept
//!   whole and only an `id` and `requests` are read when present).
//! - Revoke certificate, `PUT /certificate/{id}/revoke`:
//!   <https://dev.digicert.com/pt-br/services-api/certificates/revoke-certificate/>; revoke order
//!   certificates, `PUT /order/certificate/{id}/revoke`:
//!   <https://dev.digicert.com/certcentral-apis/services-api/orders/revoke-order-certificates.html>.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use time::{Date, OffsetDateTime};

use super::lenient;

/// The product ids of document signing orders, old and current: the two `document_signing_org_*`
/// of the documented order call, and the three `ds_*` products.
pub const DOCUMENT_SIGNING_PRODUCTS: [&str; 5] = [
    "document_signing_org_1",
    "document_signing_org_2",
    "ds_individual",
    "ds_org",
    "ds_org_individual",
];

/// How long after expiry a certificate still counts as due: the expiring report's last bucket,
/// "expired in the last 7 days".
pub const EXPIRED_GRACE_DAYS: i64 = 7;

/// The most rows DigiCert gives a page of List orders (`limit`, "Max: 1000").
pub const MAX_PAGE: usize = 1000;

/// Whether a product id is one of the document signing products.
pub fn is_document_signing(name_id: &str) -> bool {
    DOCUMENT_SIGNING_PRODUCTS.contains(&name_id)
}

/// Filters of List orders, as DigiCert names them (`filters[status]`, …).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OrderFilters {
    /// `filters[status]`: pending, issued, rejected, revoked, waiting_pickup, reissue_pending,
    /// canceled.
    pub status: Option<String>,
    /// `filters[product_name_id]`.
    pub product_name_id: Option<String>,
    /// `sort`, such as `valid_till` or `-valid_till`.
    pub sort: Option<String>,
}

impl OrderFilters {
    /// The query string they add, each `&key=value`.
    pub fn query(&self) -> String {
        let mut query = String::new();
        let mut add = |key: &str, value: &Option<String>| {
            if let Some(value) = value {
                query.push('&');
                query.push_str(key);
                query.push('=');
                query.push_str(
                    &url::form_urlencoded::byte_serialize(value.as_bytes()).collect::<String>(),
                );
            }
        };
        add("filters%5Bstatus%5D", &self.status);
        add("filters%5Bproduct_name_id%5D", &self.product_name_id);
        add("sort", &self.sort);
        query
    }
}

/// `certificate` of a listed order.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ListedCertificate {
    #[serde(default, deserialize_with = "lenient::opt_int")]
    pub id: Option<i64>,
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub common_name: Option<String>,
    /// `yyyy-MM-dd`.
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub valid_till: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_int")]
    pub days_remaining: Option<i64>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `{id, name}` of a listed order's organization, or `{name_id, name}` of its product.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Named {
    #[serde(default, deserialize_with = "lenient::opt_int")]
    pub id: Option<i64>,
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub name_id: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub name: Option<String>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// One row of `orders` in List orders.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ListedOrder {
    #[serde(deserialize_with = "lenient::int")]
    pub id: i64,
    #[serde(default, deserialize_with = "lenient::opt_object")]
    pub certificate: Option<ListedCertificate>,
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub status: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_bool")]
    pub is_renewed: Option<bool>,
    #[serde(default, deserialize_with = "lenient::opt_object")]
    pub product: Option<Named>,
    /// Also given beside `product` in the documented example.
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub product_name_id: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_object")]
    pub organization: Option<Named>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A page of List orders.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct OrderListPage {
    #[serde(default, deserialize_with = "lenient::list")]
    pub orders: Vec<ListedOrder>,
}

/// One bucket of the expiring report: `days_expiring` 90, 60, 30 or -7 and its count
/// (`order_count`, or `count` with `include_expiring_certs=true`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExpiringBucket {
    #[serde(default, deserialize_with = "lenient::opt_int")]
    pub days_expiring: Option<i64>,
    #[serde(default, deserialize_with = "lenient::opt_int")]
    pub order_count: Option<i64>,
    #[serde(default, deserialize_with = "lenient::opt_int")]
    pub count: Option<i64>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `GET /report/order/expiring`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ExpiringReport {
    #[serde(default, deserialize_with = "lenient::list")]
    pub expiring_orders: Vec<ExpiringBucket>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The answer to a reissue or a revocation: DigiCert documents a request object
/// (`{id, date, type, status, requester, comments}`) for a revocation, and an empty body beside
/// the `skip_approval` example; the reissue's answer is not in the stored page. Everything is
/// optional and kept.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ActionAnswer {
    #[serde(default, deserialize_with = "lenient::opt_int")]
    pub id: Option<i64>,
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub status: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_text", rename = "type")]
    pub kind: Option<String>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl ActionAnswer {
    /// Reads an answer body; an empty body is an empty answer.
    pub fn read(body: &[u8]) -> Option<ActionAnswer> {
        if body.iter().all(u8::is_ascii_whitespace) {
            return Some(ActionAnswer::default());
        }
        serde_json::from_slice(body).ok()
    }

    /// The id of the request the answer names: its first `requests[].id` (as an order's answer
    /// gives it), else its own `id` (a revocation's request object).
    pub fn request_id(&self) -> Option<i64> {
        self.extra
            .get("requests")
            .and_then(Value::as_array)
            .and_then(|r| r.first())
            .and_then(|r| r.get("id"))
            .and_then(lenient::to_int)
            .or(self.id)
    }
}

/// What certwiz keeps of a listed document signing order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Certificate {
    pub order_id: i64,
    pub certificate_id: Option<i64>,
    /// The product id, such as `ds_org`.
    pub product: String,
    /// The certificate's common name, else the organization's name.
    pub subject: String,
    pub organization: String,
    pub status: String,
    /// `yyyy-MM-dd`, as DigiCert writes it.
    pub valid_till: Option<String>,
    /// DigiCert's `days_remaining` when it was read.
    pub days_remaining: Option<i64>,
    pub is_renewed: bool,
    /// When the row was read from CertCentral (Unix seconds).
    pub fetched_at: i64,
}

impl Certificate {
    /// The row of a listed order, when it is a document signing order.
    pub fn from_listed(order: &ListedOrder, fetched_at: OffsetDateTime) -> Option<Certificate> {
        let product = order
            .product
            .as_ref()
            .and_then(|p| p.name_id.clone())
            .or_else(|| order.product_name_id.clone())?;
        if !is_document_signing(&product) {
            return None;
        }
        let certificate = order.certificate.clone().unwrap_or_default();
        let organization = order
            .organization
            .as_ref()
            .and_then(|o| o.name.clone())
            .unwrap_or_default();
        Some(Certificate {
            order_id: order.id,
            certificate_id: certificate.id,
            product,
            subject: certificate
                .common_name
                .clone()
                .unwrap_or_else(|| organization.clone()),
            organization,
            status: order.status.clone().unwrap_or_default(),
            valid_till: certificate.valid_till,
            days_remaining: certificate.days_remaining,
            is_renewed: order.is_renewed.unwrap_or(false),
            fetched_at: fetched_at.unix_timestamp(),
        })
    }

    /// Days until expiry as of `now` (negative once expired): DigiCert's `days_remaining` less
    /// the whole days since it was read, else `valid_till` against today's date; `None` when
    /// neither was given (an order not issued yet).
    pub fn days_left(&self, now: OffsetDateTime) -> Option<i64> {
        if let Some(days) = self.days_remaining {
            let aged = (now.unix_timestamp() - self.fetched_at).max(0) / 86_400;
            return Some(days - aged);
        }
        let till = parse_date(self.valid_till.as_deref()?)?;
        Some((till - now.date()).whole_days())
    }

    /// Whether it is due: issued, not renewed, and expiring within `window` days or expired in
    /// the last [`EXPIRED_GRACE_DAYS`].
    pub fn is_due(&self, window: i64, now: OffsetDateTime) -> bool {
        self.status == "issued"
            && !self.is_renewed
            && self
                .days_left(now)
                .is_some_and(|d| (-EXPIRED_GRACE_DAYS..=window).contains(&d))
    }
}

/// A `yyyy-MM-dd` date.
pub fn parse_date(text: &str) -> Option<Date> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    Date::parse(text.get(..10).unwrap_or(text), &format).ok()
}

/// Sorts soonest expiry first; rows without a date last, then by order id.
pub fn sort_by_expiry(rows: &mut [Certificate], now: OffsetDateTime) {
    rows.sort_by_cached_key(|c| {
        let days = c.days_left(now);
        (days.is_none(), days, c.order_id)
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn now() -> OffsetDateTime {
        OffsetDateTime::UNIX_EPOCH + std::time::Duration::from_secs(1_800_000_000)
    }

    fn listed(value: Value) -> ListedOrder {
        serde_json::from_value(value).unwrap()
    }

    #[test]
    fn the_documented_row_reads_and_keeps_unknown_fields() {
        // The second row of List orders' example, with a document signing product.
        let row = listed(json!({
            "id": 123457,
            "certificate": {"id": 105, "common_name": "example.org", "dns_names": ["sub.example.org"],
                            "valid_till": "2020-04-30", "days_remaining": 289, "signature_hash": "sha256"},
            "status": "issued", "is_renewed": false, "date_created": "2019-04-30T18:02:50+00:00",
            "organization": {"id": 111111, "name": "Epigyne Unwieldiness llc"},
            "validity_years": 1, "container": {"id": 14, "name": "DigiCert Inc."},
            "product": {"name_id": "ds_org", "name": "Document Signing", "type": "document_signing"},
            "has_duplicates": false, "product_name_id": "ds_org"
        }));
        assert_eq!(row.extra["validity_years"], 1);
        let cert = Certificate::from_listed(&row, now()).unwrap();
        assert_eq!(cert.product, "ds_org");
        assert_eq!(cert.subject, "example.org");
        assert_eq!(cert.days_remaining, Some(289));
        assert_eq!(cert.certificate_id, Some(105));
    }

    #[test]
    fn other_products_are_not_kept_and_loose_types_are_read() {
        let tls = listed(json!({"id": 1, "product": {"name_id": "ssl_plus"}}));
        assert!(Certificate::from_listed(&tls, now()).is_none());
        let loose = listed(
            json!({"id": "2", "product_name_id": "document_signing_org_1",
            "is_renewed": 1, "certificate": {"days_remaining": "12"}, "organization": null}),
        );
        let cert = Certificate::from_listed(&loose, now()).unwrap();
        assert!(cert.is_renewed);
        assert_eq!(cert.days_remaining, Some(12));
    }

    fn cert(status: &str, days: Option<i64>, renewed: bool) -> Certificate {
        Certificate {
            order_id: 1,
            certificate_id: None,
            product: "ds_org".into(),
            subject: "s".into(),
            organization: "o".into(),
            status: status.into(),
            valid_till: None,
            days_remaining: days,
            is_renewed: renewed,
            fetched_at: now().unix_timestamp(),
        }
    }

    #[test]
    fn due_means_issued_not_renewed_and_within_the_window_or_the_last_week() {
        assert!(cert("issued", Some(30), false).is_due(30, now()));
        assert!(!cert("issued", Some(31), false).is_due(30, now()));
        assert!(cert("issued", Some(-7), false).is_due(30, now()));
        assert!(!cert("issued", Some(-8), false).is_due(30, now()));
        assert!(!cert("issued", Some(3), true).is_due(30, now()));
        assert!(!cert("revoked", Some(3), false).is_due(30, now()));
        assert!(!cert("pending", None, false).is_due(30, now()));
    }

    #[test]
    fn days_left_ages_with_the_clock_and_falls_back_to_the_date() {
        let c = cert("issued", Some(10), false);
        let later = now() + std::time::Duration::from_secs(3 * 86_400 + 5);
        assert_eq!(c.days_left(later), Some(7));
        let mut dated = cert("issued", None, false);
        let today = now().date();
        dated.valid_till = Some((today + time::Duration::days(40)).to_string());
        assert_eq!(dated.days_left(now()), Some(40));
    }

    #[test]
    fn filters_are_encoded_as_documented() {
        let f = OrderFilters {
            status: Some("issued".into()),
            product_name_id: None,
            sort: Some("-valid_till".into()),
        };
        assert_eq!(f.query(), "&filters%5Bstatus%5D=issued&sort=-valid_till");
        assert_eq!(OrderFilters::default().query(), "");
    }

    #[test]
    fn answers_may_be_empty_or_a_request() {
        assert_eq!(ActionAnswer::read(b""), Some(ActionAnswer::default()));
        let a = ActionAnswer::read(br#"{"id": 1, "type": "revoke", "status": "pending"}"#).unwrap();
        assert_eq!(
            (a.request_id(), a.kind.as_deref()),
            (Some(1), Some("revoke"))
        );
        let r = ActionAnswer::read(br#"{"id": 9, "requests": [{"id": 4}]}"#).unwrap();
        assert_eq!(r.request_id(), Some(4));
        assert!(ActionAnswer::read(b"<html>").is_none());
    }
}
