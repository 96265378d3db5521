//! `certwiz check`: for schedulers (cron, a systemd timer). Refreshes the inventory from
//! CertCentral and names every certificate due: issued, not renewed, and expiring within
//! `--days` or expired in the last 7 days. Exits 0 when nothing is due, 1 when something is,
//! 3 when CertCentral cannot be asked (`--cached` reads the stored listing instead).

use std::io::Write;

use serde_json::{Value, json};
use time::OffsetDateTime;

use super::args::EndpointArgs;
use super::certificates::{Listing, listing, row_json};
use super::exit;
use super::hooks::{Event, run_all};
use crate::order::inventory::{Certificate, sort_by_expiry};

/// The window `check` uses when `--days` is not given.
pub const DEFAULT_DAYS: i64 = 30;

/// What `certwiz check` was asked.
#[derive(Debug, Clone, Default)]
pub struct CheckOptions {
    pub days: i64,
    pub json: bool,
    /// A command run once per due certificate.
    pub exec: Option<String>,
    /// Use the stored listing without asking CertCentral.
    pub cached: bool,
}

/// `certwiz check`.
pub fn check(options: &CheckOptions, endpoint: &EndpointArgs) -> u8 {
    match listing(options.cached, endpoint) {
        Err(code) => code,
        Ok((Listing::Stored(_, None), key)) => {
            errln!(
                "certwiz: nothing is stored for {key} yet; run `certwiz check` without --cached first"
            );
            exit::API_ERROR
        }
        Ok((Listing::Stored(rows, Some(_)) | Listing::Fresh(rows), key)) => {
            report(rows, options, &key)
        }
        // A scheduler's check does not act on a stale listing: CertCentral could not be asked.
        Ok((Listing::Unreachable(code, _), _)) => code,
    }
}

/// Names the due certificates, runs the hooks, and gives the exit code.
fn report(rows: Vec<Certificate>, options: &CheckOptions, key: &str) -> u8 {
    let now = OffsetDateTime::now_utc();
    let total = rows.len();
    let mut due: Vec<Certificate> = rows
        .into_iter()
        .filter(|c| c.is_due(options.days, now))
        .collect();
    sort_by_expiry(&mut due, now);
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    if options.json {
        let list: Vec<Value> = due.iter().map(|c| row_json(c, now)).collect();
        let body = json!({
            "endpoint": key,
            "days": options.days,
            "checked": total,
            "due": list,
        });
        let _ = writeln!(out, "{}", crate::outside::json(&body));
    } else if due.is_empty() {
        let _ = writeln!(
            out,
            "nothing due: none of {total} document signing certificates on {key} is issued, not renewed, and expiring within {} days or expired in the last 7",
            options.days
        );
    } else {
        for c in &due {
            let _ = writeln!(out, "{}", describe(c, now));
        }
        let _ = writeln!(
            out,
            "{} of {total} document signing certificates on {key} due (issued, not renewed, and expiring within {} days or expired in the last 7)",
            due.len(),
            options.days
        );
    }
    crate::say::record(out.flush());
    drop(out);
    if let Some(command) = &options.exec {
        let events: Vec<Event> = due.iter().map(|c| event(c, now, key)).collect();
        let failed = run_all(command, &events);
        if failed > 0 {
            errln!(
                "certwiz: {failed} of {} --exec commands failed",
                events.len()
            );
        }
    }
    if due.is_empty() {
        exit::OK
    } else {
        exit::INVALID
    }
}

/// One line naming a due certificate.
fn describe(c: &Certificate, now: OffsetDateTime) -> String {
    let when = match c.days_left(now) {
        Some(d) if d < 0 => format!("expired {} day{} ago", -d, if d == -1 { "" } else { "s" }),
        Some(0) => "expires today".to_owned(),
        Some(d) => format!("expires in {d} day{}", if d == 1 { "" } else { "s" }),
        None => "expiry unknown".to_owned(),
    };
    format!(
        "order {} ({}, {}) {when}{}: renew it with `certwiz renew {}`",
        c.order_id,
        crate::outside::Safe(&c.product),
        crate::outside::Safe(&c.subject),
        c.valid_till
            .as_deref()
            .map(|d| format!(" ({})", crate::outside::Safe(d)))
            .unwrap_or_default(),
        c.order_id
    )
}

/// The hook's facts for a due certificate.
fn event(c: &Certificate, now: OffsetDateTime, key: &str) -> Event {
    let days = c.days_left(now);
    let name = if days.is_some_and(|d| d < 0) {
        "expired"
    } else {
        "expiring"
    };
    let endpoint = if key == "SANDBOX" { "SANDBOX" } else { "LIVE" };
    Event::new(name, c.order_id)
        .with("CERTIFICATE_ID", c.certificate_id.map(|i| i.to_string()))
        .with("PRODUCT", Some(c.product.clone()))
        .with("SUBJECT", Some(c.subject.clone()))
        .with("ORGANIZATION", Some(c.organization.clone()))
        .with("STATUS", Some(c.status.clone()))
        .with("VALID_TILL", c.valid_till.clone())
        .with("DAYS_LEFT", days.map(|d| d.to_string()))
        .with("ENDPOINT", Some(endpoint.to_owned()))
}
