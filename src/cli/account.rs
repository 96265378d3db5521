//! The account snapshot ([`crate::ordering::account`]) as `submit`, `submit --batch` and
//! `validate --account` read it: a part that cannot be read is one warning line and its rules are
//! left to CertCentral; a refused key stops the command.

use crate::api::{ApiError, Client};
use crate::order::Product;
use crate::ordering::account::{self, AccountPart, Snapshot, Want};

/// Reads the account for checking orders of `products`, and says on standard error what could
/// not be read (the reasons are the API errors' sentences, already made safe to print).
pub(super) async fn read_for_orders(
    client: &Client,
    products: &[Product],
) -> Result<Snapshot, ApiError> {
    let snapshot = account::read(client, Want::orders_of(products)).await?;
    for (part, why) in &snapshot.unread {
        match part {
            AccountPart::Products => errln!(
                "certwiz: the account's product list could not be read ({}); CertCentral decides whether it sells {}",
                why,
                list(products)
            ),
            _ => errln!("certwiz: warning: {}; the order is checked without it", why),
        }
    }
    Ok(snapshot)
}

/// "ds_org" or "ds_org or ds_individual".
fn list(products: &[Product]) -> String {
    let names: Vec<String> = products.iter().map(ToString::to_string).collect();
    names.join(" or ")
}
