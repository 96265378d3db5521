//! What the sandbox's account sells: `GET /product` (DigiCert's "Product list",
//! <https://dev.digicert.com/certcentral-apis/services-api/products/product-list.html>) answered
//! from the seed's product details, and the refusal of an order for a product it does not sell.
//!
//! All five products by default; `CERTWIZ_SANDBOX_PRODUCTS=ds_individual,ds_org,ds_org_individual`
//! (or [`SandboxHandle::sell_only`](super::SandboxHandle::sell_only)) limits both, so "this account
//! no longer sells the older products" can be tried offline.

use std::sync::Arc;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use serde_json::{Map, Value, json};

use super::refusal::{Answer, Refusal, refusal};
use super::shared::{Offer, Shared};
use crate::order::Product;

/// Limits what the sandbox the binary starts sells: product name ids, comma separated.
pub const PRODUCTS_ENV: &str = "CERTWIZ_SANDBOX_PRODUCTS";

/// The keys of a `GET /product` entry, as the page's example shows them (its code signing
/// entries; the page is cut before a document signing one).
const LIST_KEYS: [&str; 9] = [
    "group_name",
    "name_id",
    "name",
    "type",
    "allowed_container_ids",
    "allowed_validity_years",
    "allowed_order_validity_years",
    "signature_hash_types",
    "csr_required",
];

/// Reads a list of product name ids, such as `ds_individual,ds_org`.
pub fn parse_products(spec: &str) -> Result<Vec<Product>, String> {
    let products = spec
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| s.parse::<Product>().map_err(|e| e.to_string()))
        .collect::<Result<Vec<_>, _>>()?;
    if products.is_empty() {
        return Err("name at least one product, such as ds_org".into());
    }
    Ok(products)
}

/// `GET /product`: the sold products, each in the page's shape, read from the seed's product
/// details (`allowed_container_ids` are the seed's divisions).
pub(super) async fn list_products(State(s): State<Arc<Shared>>) -> Answer {
    let seed = s.seed()?;
    let containers: Vec<i64> = seed.containers.iter().map(|c| c.id).collect();
    let products: Vec<Value> = s
        .offer
        .products()
        .into_iter()
        .filter_map(|p| seed.answers.products.get(p.name_id()))
        .map(|details| {
            let mut entry = Map::new();
            for key in LIST_KEYS {
                if key == "allowed_container_ids" {
                    entry.insert(key.into(), json!(containers));
                } else if let Some(value) = details.get(key) {
                    entry.insert(key.into(), value.clone());
                }
            }
            Value::Object(entry)
        })
        .collect();
    Ok(axum::Json(json!({ "products": products })).into_response())
}

/// The refusal of an order for a product the sandbox does not sell. No DigiCert page shows the
/// answer to this case (the Errors page's readable rows have none), so the code
/// `product_not_offered` is certwiz's own, in the documented `{"errors":[{code, message}]}` shape.
pub(super) fn not_sold(offer: &Offer, product: Product) -> Result<(), Refusal> {
    if offer.sells(product) {
        return Ok(());
    }
    let sold: Vec<&str> = offer.products().iter().map(|p| p.name_id()).collect();
    Err(refusal(
        StatusCode::BAD_REQUEST,
        "product_not_offered",
        &format!(
            "This account does not sell {product}; it sells {}",
            sold.join(", ")
        ),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn product_lists_parse_and_bad_ones_are_refused() {
        assert_eq!(
            parse_products(" ds_org , ds_individual,"),
            Ok(vec![Product::DsOrg, Product::DsIndividual])
        );
        assert!(parse_products("").is_err());
        assert!(parse_products("ds_org,ssl_plus").is_err());
    }

    #[test]
    fn an_offer_sells_what_it_names_and_everything_by_default() {
        let offer = Offer::default();
        assert!(Product::ALL.iter().all(|p| offer.sells(*p)));
        offer.set(Some(&[Product::DsOrgIndividual, Product::DsOrg]));
        assert_eq!(
            offer.products(),
            vec![Product::DsOrg, Product::DsOrgIndividual]
        );
        assert!(not_sold(&offer, Product::DocumentSigningOrg1).is_err());
        assert!(not_sold(&offer, Product::DsOrg).is_ok());
    }
}
