//! Renewing an order, below every front end (`certwiz renew` and the wizard's Orders screen):
//! the old order's product, the form filled from its Order info, and whether CertCentral says
//! it may be renewed. Sending is the ordinary one send, with `NewAttempt::for_renewal`.

use serde_json::{Map, Value};

use crate::order::model::OrderInfo;
use crate::order::validate::{Context, Diagnostic, validate};
use crate::order::{Draft, OrderStatus, Product};

/// Why CertCentral's word stops a renewal before sending.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotRenewable {
    /// `is_renewed`: renewed already, by this order when it says.
    Renewed { by: Option<i64> },
    /// Only an issued order is renewed.
    NotIssued(OrderStatus),
}

/// The old order's product, when certwiz can order it; else its `product.name_id` as given.
pub fn product_of(info: &OrderInfo) -> Result<Product, String> {
    let name_id = info
        .extra
        .get("product")
        .and_then(|p| p.get("name_id"))
        .and_then(Value::as_str)
        .unwrap_or_default();
    name_id.parse::<Product>().map_err(|_| name_id.to_owned())
}

/// Whether CertCentral's Order info lets the order be renewed: not renewed already
/// (`is_renewed`, unless `allow_duplicate`), and issued (or of no status given).
pub fn renewable(info: &OrderInfo, allow_duplicate: bool) -> Result<(), NotRenewable> {
    let renewed = info
        .extra
        .get("is_renewed")
        .and_then(crate::order::lenient::to_bool)
        .unwrap_or(false);
    if renewed && !allow_duplicate {
        let by = info
            .extra
            .get("renewed_order_id")
            .and_then(crate::order::lenient::to_int);
        return Err(NotRenewable::Renewed { by });
    }
    match &info.status {
        Some(OrderStatus::Issued) | None => Ok(()),
        Some(status) => Err(NotRenewable::NotIssued(status.clone())),
    }
}

/// The form filled from Order info: the fields it gives back of the order body, with the
/// problems of reading and checking it (a field the order needs that Order info does not give
/// is one of them).
pub fn draft_from_info(product: Product, info: &OrderInfo) -> (Draft, Vec<Diagnostic>) {
    let mut body = Map::new();
    let whole = serde_json::to_value(info).unwrap_or(Value::Null);
    if let Some(id) = whole.pointer("/organization/id") {
        body.insert("organization".into(), serde_json::json!({ "id": id }));
    }
    if let Some(id) = whole.pointer("/container/id") {
        body.insert("container".into(), serde_json::json!({ "id": id }));
    }
    for key in [
        "validity_years",
        "order_validity",
        "organization_contact",
        "ship_info",
        "cs_provisioning_method",
        "subject",
    ] {
        if let Some(value) = whole.get(key).filter(|v| !v.is_null()) {
            body.insert(key.into(), value.clone());
        }
    }
    let mut certificate = Map::new();
    if let Some(id) = whole.pointer("/certificate/server_platform/id") {
        certificate.insert("server_platform".into(), serde_json::json!({ "id": id }));
    }
    if let Some(hash) = whole.pointer("/certificate/signature_hash") {
        certificate.insert("signature_hash".into(), hash.clone());
    }
    body.insert("certificate".into(), Value::Object(certificate));
    let (draft, mut problems) = Draft::from_body(product, &Value::Object(body));
    problems.extend(validate(&draft, &Context::default()));
    (draft, problems)
}

/// The old certificate's expiry as Order info gives it (`certificate.valid_till`).
pub fn valid_till(info: &OrderInfo) -> Option<String> {
    let whole = serde_json::to_value(info).unwrap_or(Value::Null);
    whole
        .pointer("/certificate/valid_till")
        .and_then(Value::as_str)
        .map(str::to_owned)
}
