//! The sandbox's answers to the pre-flight calls and to "why does this order wait", in the
//! shapes of DigiCert's pages (cited beside the answer types in `order::preflight::answers`),
//! with knobs ([`knobs`]) to try each case offline. A submitted document signing validation is
//! remembered in the sandbox's folder (`preflight.json`), so `certwiz validation ID` after
//! `--submit` shows it pending. The prices are the sandbox's own: DigiCert's price list page
//! shows no document signing entry.

pub mod desk;
pub mod knobs;

use std::collections::HashMap;
use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use axum::routing::get;
use serde_json::{Value, json};
use time::OffsetDateTime;

use self::knobs::{Ds, Knobs};
use super::refusal::{Answer, Refusal, now, refusal};
use super::shared::Shared;
use crate::order::OrderStatus;
pub use desk::{Desk, PREFLIGHT_ENV};

/// Adds the pre-flight routes to the API's router.
pub fn routes(api: Router<Arc<Shared>>) -> Router<Arc<Shared>> {
    api.route(
        "/organization/{id}/validation",
        get(org_validations).post(submit_validation),
    )
    .route("/organization/potential-approvers", get(approvers))
    .route("/container/{id}/product-limits", get(product_limits))
    .route("/finance/balance", get(balance))
    .route("/product/pricing", get(price_list))
    .route(
        "/finance/order-pricing",
        axum::routing::post(price_estimate),
    )
    .route("/order/certificate/{id}/validation", get(order_validation))
}

/// These routes are not in the fault table, so they check the key themselves, and answer 403
/// when a knob denies the call.
fn admit(s: &Shared, headers: &HeaderMap, call: &str) -> Result<Knobs, Refusal> {
    let keyed = headers
        .get("X-DC-DEVKEY")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| !v.trim().is_empty());
    if !keyed {
        return Err(refusal(
            StatusCode::UNAUTHORIZED,
            "access_denied|access_denied_invalid_key",
            "The API key is missing",
        ));
    }
    let knobs = s.preflight.knobs();
    if knobs.denies(call) {
        return Err(refusal(
            StatusCode::FORBIDDEN,
            "access_denied|missing_permission",
            "The API key does not have the permission for this call",
        ));
    }
    Ok(knobs)
}

fn id_of(text: &str, what: &str) -> Result<i64, Refusal> {
    text.parse::<i64>().map_err(|_| not_found(what, text))
}

fn not_found(what: &str, id: &str) -> Refusal {
    refusal(
        StatusCode::NOT_FOUND,
        &format!("not_found|{what}"),
        &format!("No {what} {id}"),
    )
}

fn iso(t: OffsetDateTime) -> String {
    let t = t.replace_nanosecond(0).unwrap_or(t);
    t.format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
        .replace('Z', "+00:00")
}

fn days(n: i64) -> time::Duration {
    time::Duration::days(n)
}

/// Whether an order of this organization waits for its document signing validation (none,
/// pending, or expired); an order that names no organization (a person's) does not.
pub(super) fn holds_orders_of(s: &Shared, org: Option<i64>) -> bool {
    let Some(org) = org else {
        return false;
    };
    ds_entry(s, &s.preflight.knobs(), org).is_none_or(|v| is_open(&v))
}

/// Whether a validation is not (or no longer) done: not `active`, or its date has passed.
fn is_open(validation: &Value) -> bool {
    validation["status"] != "active"
        || validation["validated_until"]
            .as_str()
            .is_some_and(|u| u < iso(now()).as_str())
}

/// The organization's `ds` validation as the knobs and submissions make it, or none.
fn ds_entry(s: &Shared, knobs: &Knobs, org: i64) -> Option<Value> {
    let at = now();
    let submitted = s.preflight.submitted().contains(&org);
    let case = match knobs.ds {
        Ds::Missing | Ds::Expired if submitted => Ds::Pending,
        other => other,
    };
    let (status, until) = match case {
        Ds::Missing => return None,
        Ds::Active => ("active", Some(at + days(730))),
        Ds::Expiring => ("active", Some(at + days(10))),
        // The page's statuses are `active` and `pending`; an expired one keeps `active` and
        // its date is past.
        Ds::Expired => ("active", Some(at - days(10))),
        Ds::Pending => ("pending", None),
    };
    let mut entry = json!({
        "type": "ds",
        "name": "DS",
        "description": "Document Signing Validation",
        "status": status,
    });
    if let Some(until) = until {
        entry["date_created"] = json!(iso(until - days(825)));
        entry["validated_until"] = json!(iso(until));
    }
    // (Unread, the seed names no verified user here; the routes that need it say why.)
    if let Some(user) = s.seed().ok().and_then(|seed| seed.users.first()) {
        entry["verified_users"] = json!([{
            "id": user.id,
            "first_name": user.first_name,
            "last_name": user.last_name,
        }]);
    }
    Some(entry)
}

fn known_org(s: &Shared, text: &str) -> Result<i64, Refusal> {
    let id = id_of(text, "organization")?;
    if s.seed()?.organizations.iter().any(|o| o.id == id) {
        Ok(id)
    } else {
        Err(not_found("organization", text))
    }
}

async fn org_validations(
    State(s): State<Arc<Shared>>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Answer {
    let knobs = admit(&s, &headers, "validation")?;
    let org = known_org(&s, &id)?;
    let at = now();
    let mut validations = vec![json!({
        "type": "ov",
        "name": "OV",
        "description": "Normal Organization Validation",
        "date_created": iso(at - days(30)),
        "validated_until": iso(at + days(367)),
        "status": "active",
    })];
    validations.extend(ds_entry(&s, &knobs, org));
    Ok(axum::Json(json!({ "validations": validations })).into_response())
}

/// Types on the submit page; `verified_users` is required for `ev`, `cs` and `ev_cs`.
const TYPES: [&str; 6] = ["ov", "ev", "cs", "ev_cs", "ds", "smime"];

async fn submit_validation(
    State(s): State<Arc<Shared>>,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Bytes,
) -> Answer {
    admit(&s, &headers, "validation")?;
    let org = known_org(&s, &id)?;
    let body: Value = serde_json::from_slice(&body).map_err(|_| {
        refusal(
            StatusCode::BAD_REQUEST,
            "bad_request_format",
            "The body is not valid JSON",
        )
    })?;
    let Some(list) = body.get("validations").and_then(Value::as_array) else {
        return Err(refusal(
            StatusCode::BAD_REQUEST,
            "missing_field|validations",
            "validations is required",
        ));
    };
    let mut ds = false;
    for v in list {
        let kind = v.get("type").and_then(Value::as_str).unwrap_or("");
        if !TYPES.contains(&kind) {
            return Err(refusal(
                StatusCode::BAD_REQUEST,
                "invalid_field|validations.type",
                &format!("Unknown validation type {kind:?}"),
            ));
        }
        let users = v.get("verified_users").and_then(Value::as_array);
        if ["ev", "cs", "ev_cs"].contains(&kind) && users.is_none_or(|u| u.is_empty()) {
            return Err(refusal(
                StatusCode::BAD_REQUEST,
                "missing_field|validations.verified_users",
                "verified_users is required for this validation type",
            ));
        }
        ds |= kind == "ds";
    }
    if ds {
        s.preflight.submit(org)?;
    }
    // The pages read do not show the answer; the sandbox answers 204 No Content.
    Ok(StatusCode::NO_CONTENT.into_response())
}

async fn approvers(State(s): State<Arc<Shared>>, headers: HeaderMap) -> Answer {
    let knobs = admit(&s, &headers, "approvers")?;
    let users: Vec<Value> = if knobs.no_approvers {
        Vec::new()
    } else {
        s.seed()?
            .users
            .iter()
            // An inactive user cannot approve.
            .filter(|u| u.status.as_deref() != Some("inactive"))
            .map(|u| {
                let first = u.first_name.clone().unwrap_or_default();
                let last = u.last_name.clone().unwrap_or_default();
                json!({
                    "user_id": u.id.to_string(),
                    "name": format!("{first} {last}").trim(),
                    "first_name": first,
                    "last_name": last,
                    "email": u.email,
                })
            })
            .collect()
    };
    Ok(axum::Json(json!({ "users": users, "contacts": [] })).into_response())
}

async fn product_limits(
    State(s): State<Arc<Shared>>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Answer {
    let knobs = admit(&s, &headers, "limits")?;
    let container = id_of(&id, "container")?;
    if !s.seed()?.containers.iter().any(|c| c.id == container) {
        return Err(not_found("container", &id));
    }
    let answer = if knobs.limits_other {
        json!({
            "is_limited": true,
            "product_limits": [{
                "container_id": container,
                "role_id": 0,
                "product_name_id": "ssl_basic",
                "allowed_lifetimes": ["1"],
            }],
        })
    } else {
        json!({ "is_limited": false })
    };
    Ok(axum::Json(answer).into_response())
}

async fn balance(
    State(s): State<Arc<Shared>>,
    headers: HeaderMap,
    Query(query): Query<HashMap<String, String>>,
) -> Answer {
    let knobs = admit(&s, &headers, "balance")?;
    let container = match query.get("container_id") {
        Some(text) => {
            let id = id_of(text, "container")?;
            if !s.seed()?.containers.iter().any(|c| c.id == id) {
                return Err(not_found("container", text));
            }
            Some(id)
        }
        // The page: container_id is required when the account has more than one division.
        // (The error DigiCert answers then is not shown; this one is the sandbox's.)
        None if s.seed()?.containers.len() > 1 => {
            return Err(refusal(
                StatusCode::BAD_REQUEST,
                "missing_field|container_id",
                "container_id is required: the account has more than one division",
            ));
        }
        None => None,
    };
    let funds = if knobs.low_in(container) {
        "120.00"
    } else {
        "5000.00"
    };
    Ok(axum::Json(json!({
        "balance": funds,
        "currency": "USD",
        "unpaid_invoice_balance": "0.00",
        "negative_balance_limit": "0.00",
        "used_credit_from_other_containers": "0.00",
        "total_available_funds": funds,
    }))
    .into_response())
}

/// The sandbox's prices per product and lifetime (years), in USD.
fn prices_of(name_id: &str) -> [(u8, u32); 3] {
    if name_id.ends_with("_2") {
        [(1, 299), (2, 449), (3, 599)]
    } else {
        [(1, 199), (2, 299), (3, 399)]
    }
}

async fn price_list(State(s): State<Arc<Shared>>, headers: HeaderMap) -> Answer {
    admit(&s, &headers, "pricing")?;
    let entries: Vec<Value> = s
        .seed()?
        .answers
        .products
        .iter()
        .map(|(name_id, details)| {
            let prices: Vec<Value> = prices_of(name_id)
                .iter()
                .map(|(years, cost)| json!({ "lifetime": years, "cost": cost, "currency": "usd" }))
                .collect();
            json!({
                "group_name": "document_signing",
                "name_id": name_id,
                "name": details.get("name").cloned().unwrap_or(Value::Null),
                "prices": prices,
            })
        })
        .collect();
    Ok(axum::Json(json!({ "standard_prices": entries })).into_response())
}

/// The estimate answers 0, as DigiCert says it does when it cannot estimate: its page is
/// written for TLS orders (`dns_names` required), and whether it prices document signing is not
/// documented. certwiz then takes the price list's.
async fn price_estimate(State(s): State<Arc<Shared>>, headers: HeaderMap, body: Bytes) -> Answer {
    admit(&s, &headers, "pricing")?;
    let body: Value = serde_json::from_slice(&body).map_err(|_| {
        refusal(
            StatusCode::BAD_REQUEST,
            "bad_request_format",
            "The body is not valid JSON",
        )
    })?;
    if body
        .get("product_name_id")
        .and_then(Value::as_str)
        .is_none()
    {
        return Err(refusal(
            StatusCode::BAD_REQUEST,
            "missing_field|product_name_id",
            "product_name_id is required",
        ));
    }
    let zero = json!({ "subtotal": 0, "units": 0 });
    Ok(axum::Json(json!({
        "base_price": 0, "total_price": 0, "addons_price": 0, "san_package_price": 0,
        "benefits_discount_total": 0, "fqdns": zero, "wildcards": zero, "balance": 0,
        "currency": "USD", "tax": "0.00", "tax_error": false,
    }))
    .into_response())
}

/// Why a sandbox order waits: while it needs approval, only the approval is open; while it is
/// pending (the sandbox's `submitted` step), DigiCert's check of the request and the signer are
/// open, and the organization's checks too when its `ds` validation is not active.
async fn order_validation(
    State(s): State<Arc<Shared>>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Answer {
    let knobs = admit(&s, &headers, "order_validation")?;
    let order_id = id_of(&id, "order")?;
    let found = s.store.read(|book| {
        book.order(order_id).map(|o| {
            let body = o.body.value();
            (o.order_status(now(), s.step), body)
        })
    })?;
    let (status, body) = found.ok_or_else(|| not_found("order", &id))?;
    let org = body["organization"]["id"].as_i64().unwrap_or_default();
    let org_name = s
        .seed()?
        .organizations
        .iter()
        .find(|o| o.id == org)
        .map(|o| o.label());
    let waiting = status == OrderStatus::Pending;
    let mut validation = ds_entry(&s, &knobs, org).unwrap_or_else(|| {
        json!({"type": "ds", "name": "DS", "description": "Document Signing Validation", "status": "pending"})
    });
    let org_open = is_open(&validation);
    // The page shows only `pending`; `completed` for a finished step is the sandbox's word.
    let word = |open: bool| if open { "pending" } else { "completed" };
    validation["verification_details"] = json!({
        "organization_type": word(waiting && org_open),
        "organization_status": word(waiting && org_open),
        "address_verification": word(waiting && org_open),
        "blacklist_fraud": "completed",
        "request_authenticity": word(waiting),
    });
    let signer = body["subject"]["name"]
        .as_str()
        .unwrap_or("the signer")
        .to_owned();
    validation["verified_contacts"] = json!([{
        "user_id": "0",
        "name": signer,
        "status": if waiting { "pending" } else { "active" },
    }]);
    if let Some(object) = validation.as_object_mut() {
        object.remove("verified_users");
    }
    Ok(axum::Json(json!({
        "order_id": order_id.to_string(),
        "order_status": status.as_str(),
        "organization_id": org.to_string(),
        "organization_name": org_name,
        "organization_validations": [validation],
    }))
    .into_response())
}
