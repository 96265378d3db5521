//! The sandbox's orders as List orders and Order info show them: the seeded ones and those
//! placed through the API, each with its status at the sandbox's clock, its expiry, and whether
//! it was renewed or revoked. Rows stay compact until a page of them is answered, so listing
//! 10,000 orders does not hold 10,000 JSON values.

use std::time::Duration as StdDuration;

use serde::Serialize;
use serde_json::{Value, json};
use time::{Date, OffsetDateTime};

use super::book::{Changes, Lifetime, Seeded};
use crate::order::OrderStatus;
use crate::sandbox::seed::Seed;
use crate::sandbox::state::{OrderBook, StoredOrder};

/// The organization seeded orders belong to: the documented example's.
pub const ORGANIZATION_ID: i64 = 334455;

/// The name of the organization seeded orders belong to, from the seed account.
pub fn organization_name(seed: &Seed) -> String {
    seed.organizations
        .iter()
        .find(|o| o.id == ORGANIZATION_ID)
        .and_then(|o| o.name.clone())
        .unwrap_or_default()
}

/// One order as listed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub id: i64,
    pub certificate_id: Option<i64>,
    pub product: String,
    pub common_name: String,
    pub status: String,
    pub is_renewed: bool,
    pub valid_till: Option<Date>,
    pub date_created: OffsetDateTime,
    pub validity_years: i64,
}

impl Row {
    /// Days from the sandbox's today to expiry.
    pub fn days_remaining(&self, today: Date) -> Option<i64> {
        self.valid_till.map(|till| (till - today).whole_days())
    }

    /// The row as List orders documents it (pending orders have no expiry yet), borrowed and
    /// typed: a page of 1,000 rows is written straight to the answer's bytes, never held as
    /// 1,000 JSON trees (the wizard's Orders lists the account in the same process).
    pub fn listed<'a>(&'a self, today: Date, organization: &'a str) -> Listed<'a> {
        Listed {
            id: self.id,
            certificate: ListedCertificate {
                common_name: &self.common_name,
                dns_names: [],
                signature_hash: "sha256",
                id: self.certificate_id,
                valid_till: self.valid_till.map(|till| till.to_string()),
                days_remaining: self.days_remaining(today),
            },
            status: &self.status,
            is_renewed: self.is_renewed,
            date_created: self
                .date_created
                .format(&time::format_description::well_known::Rfc3339)
                .unwrap_or_default(),
            organization: ListedOrganization {
                id: ORGANIZATION_ID,
                name: organization,
            },
            validity_years: self.validity_years,
            disable_renewal_notifications: false,
            product: ListedProduct {
                name_id: &self.product,
                r#type: "document_signing_certificate",
            },
            has_duplicates: false,
            product_name_id: &self.product,
        }
    }
}

/// An order as List orders shows it (`Row::listed`); the keys in the order the sandbox always
/// answered them.
#[derive(Debug, Serialize)]
pub struct Listed<'a> {
    id: i64,
    certificate: ListedCertificate<'a>,
    status: &'a str,
    is_renewed: bool,
    date_created: String,
    organization: ListedOrganization<'a>,
    validity_years: i64,
    disable_renewal_notifications: bool,
    product: ListedProduct<'a>,
    has_duplicates: bool,
    product_name_id: &'a str,
}

#[derive(Debug, Serialize)]
struct ListedCertificate<'a> {
    common_name: &'a str,
    dns_names: [&'a str; 0],
    signature_hash: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    valid_till: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    days_remaining: Option<i64>,
}

#[derive(Debug, Serialize)]
struct ListedOrganization<'a> {
    id: i64,
    name: &'a str,
}

#[derive(Debug, Serialize)]
struct ListedProduct<'a> {
    name_id: &'a str,
    r#type: &'static str,
}

/// The same day `years` calendar years later (29 February to 28 February): a two-year
/// certificate issued 2026-12-07 is valid till 2028-12-07, not 730 days later (2028-12-06, a
/// day short of a one-year certificate's pattern, 2027-12-07).
fn years_later(date: Date, years: i64) -> Date {
    let year = date.year() + i32::try_from(years).unwrap_or(0);
    date.replace_year(year)
        .or_else(|_| date.replace_day(28).and_then(|d| d.replace_year(year)))
        .unwrap_or(date)
}

/// The status an issued order shows given its revocation, at `now`.
fn revoked_or(
    status: String,
    id: i64,
    changes: &Changes,
    now: OffsetDateTime,
    step: StdDuration,
) -> String {
    match changes.revoked.get(&id) {
        Some(r) if r.skip_approval || now >= r.at + step => "revoked".to_owned(),
        _ => status,
    }
}

/// Whether order `id`'s certificate is revoked by now (its revocation approved, or made
/// without approval), as the account's listing says: Order info says the same.
pub fn is_revoked(lifetime: &Lifetime, id: i64, step: StdDuration) -> std::io::Result<bool> {
    lifetime
        .read(|changes| revoked_or(String::new(), id, changes, lifetime.now(), step) == "revoked")
}

/// A seeded order's row.
pub fn seeded_row(s: &Seeded, changes: &Changes, now: OffsetDateTime, step: StdDuration) -> Row {
    Row {
        id: s.id,
        certificate_id: Some(s.certificate_id),
        product: s.product.to_owned(),
        common_name: s.common_name.clone(),
        status: revoked_or("issued".to_owned(), s.id, changes, now, step),
        is_renewed: changes.renewed.contains_key(&s.id),
        valid_till: Some(s.valid_till),
        date_created: s.valid_from.midnight().assume_utc(),
        validity_years: 1,
    }
}

/// An order placed through the API: issued once approved, valid from then for its years.
pub fn placed_row(
    o: &StoredOrder,
    changes: &Changes,
    wall: OffsetDateTime,
    now: OffsetDateTime,
    step: StdDuration,
) -> Row {
    let status = o.order_status(wall, step);
    let body = o.body.value();
    let years = body
        .get("order_validity")
        .and_then(|v| v.get("years"))
        .or_else(|| body.get("validity_years"))
        .and_then(crate::order::lenient::to_int)
        .unwrap_or(1);
    let issued = status == OrderStatus::Issued;
    let valid_till = issued
        .then(|| o.processed_at(wall, step))
        .flatten()
        .map(|at| years_later(at.date(), years));
    let common_name = body
        .get("subject")
        .and_then(|s| s.get("name"))
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    Row {
        id: o.id,
        certificate_id: issued.then_some(o.certificate_id),
        product: o.product.name_id().to_owned(),
        common_name,
        status: if issued {
            revoked_or("issued".to_owned(), o.id, changes, now, step)
        } else {
            status.as_str().to_owned()
        },
        is_renewed: changes.renewed.contains_key(&o.id),
        valid_till,
        date_created: o.placed_at,
        validity_years: years,
    }
}

/// Every order, seeded then placed, that `keep` keeps: only those are held, so listing one
/// product of a large account does not hold the others.
pub fn rows_where(
    lifetime: &Lifetime,
    changes: &Changes,
    book: &OrderBook,
    step: StdDuration,
    keep: impl Fn(&Row) -> bool,
) -> Vec<Row> {
    let now = lifetime.now();
    let wall = OffsetDateTime::now_utc();
    let anchor = changes.anchor_date().unwrap_or(wall.date());
    lifetime
        .all_seeded(anchor)
        .map(|s| seeded_row(&s, changes, now, step))
        .chain(
            book.orders
                .iter()
                .map(|o| placed_row(o, changes, wall, now, step)),
        )
        .filter(|r| keep(r))
        .collect()
}

/// The row of one order by id, seeded or placed.
pub fn row_of(
    lifetime: &Lifetime,
    changes: &Changes,
    book: &OrderBook,
    id: i64,
    step: StdDuration,
) -> Option<Row> {
    let now = lifetime.now();
    let wall = OffsetDateTime::now_utc();
    let anchor = changes.anchor_date().unwrap_or(wall.date());
    if let Some(s) = lifetime.seeded(id, anchor) {
        return Some(seeded_row(&s, changes, now, step));
    }
    book.order(id)
        .map(|o| placed_row(o, changes, wall, now, step))
}

/// Order info of a seeded order (orders placed through the API answer from the book): the
/// fields List orders gives, plus the certificate's dates as Order info's table names them.
pub fn seeded_info(
    lifetime: &Lifetime,
    id: i64,
    organization: &str,
    step: StdDuration,
) -> std::io::Result<Option<Value>> {
    lifetime.read(|changes| {
        let anchor = changes.anchor_date()?;
        let seeded = lifetime.seeded(id, anchor)?;
        let now = lifetime.now();
        let row = seeded_row(&seeded, changes, now, step);
        let mut info = serde_json::to_value(row.listed(now.date(), organization)).ok()?;
        info["certificate"]["valid_from"] = json!(seeded.valid_from.to_string());
        info["cs_provisioning_method"] = json!("ship_token");
        // An issued token order's install code, as for orders placed through the API.
        if info["status"] == "issued"
            && let Some(certificate) = info["certificate"]["id"].as_i64()
        {
            info["hardware_init_code"] = json!(crate::sandbox::state::install_code(certificate));
        }
        if let Some(new) = changes.renewed.get(&id) {
            info["renewed_order_id"] = json!(new);
        }
        Some(info)
    })
}

#[cfg(test)]
mod tests {
    use super::years_later;
    use time::macros::date;

    /// Calendar years, not 365-day ones: two years from 2026-12-07 end on 2028-12-07 (730
    /// days, across 29 February 2028, ended a day short).
    #[test]
    fn a_certificates_years_are_calendar_years() {
        assert_eq!(years_later(date!(2026 - 12 - 07), 1), date!(2027 - 12 - 07));
        assert_eq!(years_later(date!(2026 - 12 - 07), 2), date!(2028 - 12 - 07));
        assert_eq!(years_later(date!(2028 - 02 - 29), 1), date!(2029 - 02 - 28));
    }
}
