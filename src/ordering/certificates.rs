//! The account's document signing certificates (the inventory), below every front end:
//! `certwiz certificates`, `check`, `revoke` and the wizard's Orders screen list them the same
//! way, one product at a time, and keep them per endpoint.

use time::OffsetDateTime;

use crate::api::{ApiError, Client, EndpointKind};
use crate::order::inventory::{Certificate, DOCUMENT_SIGNING_PRODUCTS, OrderFilters};
use crate::store::inventory::{Inventory, InventoryError};

/// The inventory's key for the endpoint in use: the sandbox's fiction is kept apart from every
/// live account, and each live URL from the others.
pub fn endpoint_key(client: &Client) -> String {
    match client.endpoint().kind {
        EndpointKind::Sandbox => "SANDBOX".to_owned(),
        EndpointKind::Live => client.endpoint().base.as_str().to_owned(),
    }
}

/// Rows a call when the wizard lists the account beside the form: a 1,000-row page, read whole
/// and typed at once, was the largest single part of the wizard's peak memory while it followed
/// 1,000 orders (BENCHMARKS.md, issue 16); 200 a page costs more calls, still far under
/// DigiCert's limits, and the commands keep 1,000.
pub const WIZARD_PAGE: usize = 200;

/// Lists every document signing order of the account, one product at a time (DigiCert's
/// `filters[product_name_id]`), in order id order, 1,000 a page.
pub async fn list_all(client: &Client) -> Result<Vec<Certificate>, ApiError> {
    list_all_by(client, crate::order::inventory::MAX_PAGE).await
}

/// [`list_all`] with `page` rows a call.
pub async fn list_all_by(client: &Client, page: usize) -> Result<Vec<Certificate>, ApiError> {
    let now = OffsetDateTime::now_utc();
    let mut rows = Vec::new();
    for product in DOCUMENT_SIGNING_PRODUCTS {
        let filters = OrderFilters {
            product_name_id: Some(product.to_owned()),
            ..OrderFilters::default()
        };
        client
            .list_orders_by(&filters, page, |listed| {
                rows.extend(
                    listed
                        .iter()
                        .filter_map(|o| Certificate::from_listed(o, now)),
                );
            })
            .await?;
    }
    rows.sort_by_key(|c| c.order_id);
    rows.dedup_by_key(|c| c.order_id);
    Ok(rows)
}

/// Lists every document signing order of the account ([`list_all`]) and replaces the
/// endpoint's rows in the inventory.
pub async fn refresh(
    client: &Client,
    inventory: &mut Inventory,
) -> Result<Result<Vec<Certificate>, InventoryError>, ApiError> {
    let rows = list_all(client).await?;
    let key = endpoint_key(client);
    Ok(inventory.replace(&key, &rows).map(|()| rows))
}
