//! `certwiz certificates`: the account's document signing orders, refreshed from CertCentral
//! into the inventory and printed soonest expiry first. Also what `check`, `renew`, `reissue`
//! and `revoke` share: the inventory, its key per endpoint, and refreshing it.

use std::io::Write;

use serde_json::{Value, json};
use time::OffsetDateTime;

use super::args::EndpointArgs;
use super::{exit, remote};
use crate::api::EndpointKind;
use crate::order::inventory::{Certificate, sort_by_expiry};
use crate::paths::Paths;
use crate::store::inventory::{Inventory, InventoryError};

/// What `certwiz certificates` was asked.
#[derive(Debug, Clone, Default)]
pub struct ListOptions {
    /// Only those due within this many days (as `check` counts them).
    pub expiring: Option<i64>,
    /// Only those of this status.
    pub status: Option<String>,
    pub json: bool,
    /// Print the stored listing without asking CertCentral.
    pub cached: bool,
}

pub(super) use crate::ordering::certificates::{endpoint_key, refresh};

/// The key for the endpoint the arguments choose, without connecting (for `--cached`).
pub(super) fn endpoint_key_offline(args: &EndpointArgs) -> Result<String, u8> {
    use crate::api::config::Target;
    let paths = &Paths::discover().map_err(|e| {
        errln!("certwiz: {e}");
        exit::USAGE
    })?;
    let resolved = crate::api::resolve_endpoint(&args.choice(), paths).map_err(|e| {
        errln!("certwiz: {e}");
        exit::USAGE
    })?;
    Ok(match resolved.target {
        Target::EmbeddedSandbox => "SANDBOX".to_owned(),
        Target::Remote(endpoint) if endpoint.kind == EndpointKind::Sandbox => "SANDBOX".to_owned(),
        Target::Remote(endpoint) => endpoint.base.as_str().to_owned(),
    })
}

/// Opens the inventory in the data folder.
pub(super) fn open_inventory() -> Result<Inventory, u8> {
    let paths = Paths::discover().map_err(|e| {
        errln!("certwiz: {e}");
        exit::USAGE
    })?;
    Inventory::open(&paths.data_dir).map_err(|e| stored_failure(&e))
}

pub(super) fn stored_failure(e: &InventoryError) -> u8 {
    errln!("certwiz: {e}");
    exit::USAGE
}

/// Where a listing of certificates came from: what `certificates` and `check` share.
pub(super) enum Listing {
    /// The inventory's stored rows (`--cached`), and when they were stored (`None`: never).
    Stored(Vec<Certificate>, Option<i64>),
    /// Rows just read from CertCentral (and stored).
    Fresh(Vec<Certificate>),
    /// CertCentral could not be asked: its exit code, already reported, and the rows stored
    /// before, if any.
    Unreachable(u8, Option<(Vec<Certificate>, i64)>),
}

/// Opens the inventory and lists the endpoint's certificates: the stored rows with `cached`,
/// else refreshed from CertCentral. `Err` is an exit code, already reported. Also gives the
/// inventory's key for the endpoint.
pub(super) fn listing(cached: bool, endpoint: &EndpointArgs) -> Result<(Listing, String), u8> {
    let mut inventory = open_inventory()?;
    if cached {
        let key = endpoint_key_offline(endpoint)?;
        return match inventory.list(&key) {
            Ok((rows, at)) => Ok((Listing::Stored(rows, at), key)),
            Err(e) => Err(stored_failure(&e)),
        };
    }
    remote::block_on_result(async {
        let connection = remote::open(endpoint).await.map_err(|exit| exit.report())?;
        let client = &connection.client;
        let key = endpoint_key(client);
        match refresh(client, &mut inventory).await {
            Ok(Ok(rows)) => Ok((Listing::Fresh(rows), key)),
            Ok(Err(e)) => Err(stored_failure(&e)),
            Err(e) => {
                let code = remote::fail(&e);
                let stored = match inventory.list(&key) {
                    Ok((rows, Some(at))) => Some((rows, at)),
                    _ => None,
                };
                Ok((Listing::Unreachable(code, stored), key))
            }
        }
    })
}

/// `certwiz certificates`.
pub fn certificates(options: &ListOptions, endpoint: &EndpointArgs) -> u8 {
    let (listing, key) = match listing(options.cached, endpoint) {
        Ok(found) => found,
        Err(code) => return code,
    };
    match listing {
        Listing::Stored(rows, at) => {
            print_listing(rows, options, &key, at);
            exit::OK
        }
        Listing::Fresh(rows) => {
            let now = OffsetDateTime::now_utc().unix_timestamp();
            print_listing(rows, options, &key, Some(now));
            exit::OK
        }
        Listing::Unreachable(code, stored) => {
            if let Some((rows, at)) = stored {
                errln!(
                    "certwiz: CertCentral could not be asked; the listing stored before follows"
                );
                print_listing(rows, options, &key, Some(at));
            }
            code
        }
    }
}

/// Prints rows (filtered, soonest expiry first) as a table or JSON, and where they come from.
fn print_listing(mut rows: Vec<Certificate>, options: &ListOptions, key: &str, at: Option<i64>) {
    let now = OffsetDateTime::now_utc();
    let all = rows.len();
    rows.retain(|c| {
        options.status.as_deref().is_none_or(|s| c.status == s)
            && options.expiring.is_none_or(|days| c.is_due(days, now))
    });
    sort_by_expiry(&mut rows, now);
    // Buffered: standard output flushes every line otherwise, 10,000 writes for 10,000 rows.
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    if options.json {
        // Row by row, so 10,000 rows are never held as JSON values at once.
        let _ = write!(out, "[");
        for (i, c) in rows.iter().enumerate() {
            let sep = if i == 0 { "\n" } else { ",\n" };
            let _ = write!(out, "{sep}{}", crate::outside::json(&row_json(c, now)));
        }
        let _ = writeln!(out, "{}]", if rows.is_empty() { "" } else { "\n" });
    } else {
        let _ = writeln!(
            out,
            "{:<10} {:<22} {:<28} {:<10} {:<10} {:>9}  RENEWED",
            "ORDER", "PRODUCT", "SUBJECT", "STATUS", "VALID TILL", "DAYS LEFT"
        );
        for c in &rows {
            let _ = writeln!(
                out,
                "{:<10} {:<22} {:<28} {:<10} {:<10} {:>9}  {}",
                c.order_id,
                clip(&c.product, 22),
                clip(&c.subject, 28),
                clip(&c.status, 10),
                clip(c.valid_till.as_deref().unwrap_or("-"), 10),
                c.days_left(now)
                    .map(|d| d.to_string())
                    .unwrap_or_else(|| "-".into()),
                if c.is_renewed { "yes" } else { "no" },
            );
        }
    }
    crate::say::record(out.flush());
    let when = match at {
        Some(at) if now.unix_timestamp() - at < 60 => "listed just now".to_owned(),
        Some(at) => format!(
            "as stored {}",
            crate::ordering::when(OffsetDateTime::from_unix_timestamp(at).unwrap_or(now))
        ),
        None => "nothing stored yet: run `certwiz certificates` without --cached to list them"
            .to_owned(),
    };
    errln!(
        "certwiz: {} of {all} document signing orders on {key}, {when}",
        rows.len()
    );
}

/// A row as `--json` prints it.
pub(super) fn row_json(c: &Certificate, now: OffsetDateTime) -> Value {
    json!({
        "order_id": c.order_id,
        "certificate_id": c.certificate_id,
        "product": c.product,
        "subject": c.subject,
        "organization": c.organization,
        "status": c.status,
        "valid_till": c.valid_till,
        "days_left": c.days_left(now),
        "is_renewed": c.is_renewed,
    })
}

/// Text from CertCentral made safe for a terminal (`crate::outside`, the one place that does it:
/// controls shown visibly, invisible format characters marked) and cut to `width` with `…`.
fn clip(text: &str, width: usize) -> String {
    let text = crate::outside::safe(text);
    if text.chars().count() <= width {
        return text.into_owned();
    }
    let mut cut: String = text.chars().take(width.saturating_sub(1)).collect();
    cut.push('…');
    cut
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outside_text_cannot_drive_the_terminal() {
        assert_eq!(
            clip("Evil\u{1b}[2JCorp\r", 40),
            "Evil\u{241b}[2JCorp\u{240d}"
        );
        assert_eq!(clip("Rene \u{202e}ecreiP", 40), "Rene <U+202E>ecreiP");
        assert_eq!(clip("abcdef", 4), "abc…");
    }
}
