//! The documented calls, one handler each, answering as CertCentral does: orders validated with
//! the catalog, statuses derived from the clock, DigiCert-style errors.

use std::collections::HashMap;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::delivery::{FORMATS, IssueError, first_block};
use super::refusal::{Answer, Refusal, now, refusal};
use super::shared::Shared;
use super::state::{Decision, StoredOrder, Verdict};
use crate::order::model::ProvisioningMethod;
use crate::order::{OrderStatus, Product, RequestStatus};

fn parse_id(text: &str, what: &str) -> Result<i64, Refusal> {
    text.parse::<i64>().map_err(|_| {
        refusal(
            StatusCode::NOT_FOUND,
            &format!("not_found|{what}"),
            &format!("No {what} {text:?}"),
        )
    })
}

fn parse_json(body: &Bytes) -> Result<Value, Refusal> {
    serde_json::from_slice(body).map_err(|e| {
        refusal(
            StatusCode::BAD_REQUEST,
            "bad_request_format",
            &format!("The body is not valid JSON: {e}"),
        )
    })
}

fn not_found(what: &str, id: i64) -> Refusal {
    refusal(
        StatusCode::NOT_FOUND,
        &format!("not_found|{what}"),
        &format!("No {what} {id}"),
    )
}

fn text_field<'a>(body: &'a Value, key: &str) -> Option<&'a str> {
    body.get(key)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

pub(super) async fn place_order(
    State(s): State<Arc<Shared>>,
    Path(name_id): Path<String>,
    body: Bytes,
) -> Answer {
    let product = name_id.parse::<Product>().map_err(|_| {
        refusal(
            StatusCode::NOT_FOUND,
            "not_found|product",
            &format!("No document signing product {name_id:?}"),
        )
    })?;
    let body = parse_json(&body)?;
    s.traffic.received(body.clone());
    super::offer::not_sold(&s.offer, product)?;
    let problems = s.seed()?.order_errors(product, &body);
    if !problems.is_empty() {
        // One entry per field, the field's path as the code's qualifier.
        let errors: Vec<Value> = problems
            .iter()
            .map(|d| {
                let code = if d.path.is_empty() {
                    "bad_request_format".to_owned()
                } else {
                    format!("{}|{}", d.code, d.path)
                };
                json!({ "code": code, "message": d.message })
            })
            .collect();
        let body = json!({ "errors": errors });
        return Ok((StatusCode::BAD_REQUEST, axum::Json(body)).into_response());
    }
    let held = super::preflight::holds_orders_of(&s, body["organization"]["id"].as_i64());
    let order = s.store.write(|book| {
        let mut order = book.place(product, body, now());
        if held && let Some(stored) = book.order_mut(order.id) {
            stored.held = true;
            order.held = true;
        }
        order
    })?;
    s.traffic.placed_one();
    Ok((StatusCode::CREATED, axum::Json(order.placement_answer())).into_response())
}

pub(super) async fn order_info(State(s): State<Arc<Shared>>, Path(id): Path<String>) -> Answer {
    let id = parse_id(&id, "order")?;
    let mut info = s
        .store
        .read(|book| book.order(id).map(|o| o.order_info(now(), s.step)))?;
    // A placed order whose certificate was revoked says so, as the account's listing does (it
    // said "issued" while `certificates` said "revoked").
    if let Some(placed) = info.as_mut()
        && placed["status"] == "issued"
        && super::lifetime::rows::is_revoked(&s.lifetime, id, s.step)?
    {
        placed["status"] = serde_json::json!("revoked");
    }
    if info.is_none() {
        let organization = super::lifetime::rows::organization_name(s.seed()?);
        info = super::lifetime::rows::seeded_info(&s.lifetime, id, &organization, s.step)?;
    }
    Ok(axum::Json(info.ok_or_else(|| not_found("order", id))?).into_response())
}

pub(super) async fn cancel_order(
    State(s): State<Arc<Shared>>,
    Path(id): Path<String>,
    body: Bytes,
) -> Answer {
    let id = parse_id(&id, "order")?;
    let body = parse_json(&body)?;
    if body.get("status").and_then(Value::as_str) != Some("canceled") {
        return Err(refusal(
            StatusCode::BAD_REQUEST,
            "invalid_status|status",
            "status must be \"canceled\"",
        ));
    }
    let note = text_field(&body, "note").ok_or_else(|| {
        refusal(
            StatusCode::BAD_REQUEST,
            "missing_field|note",
            "A note saying why is required",
        )
    })?;
    let step = s.step;
    s.store.write(|book| {
        let order = book.order_mut(id).ok_or_else(|| not_found("order", id))?;
        let status = order.order_status(now(), step);
        if !matches!(status, OrderStatus::NeedsApproval | OrderStatus::Pending) {
            return Err(refusal(
                StatusCode::BAD_REQUEST,
                "invalid_status|order",
                &format!("Order {id} is {status}; only pending orders can be canceled"),
            ));
        }
        let request_status = Some(order.request_status(now(), step).as_str().to_owned());
        order.decision = Some(Decision {
            verdict: Verdict::Canceled,
            at: now(),
            comment: Some(note.to_owned()),
            request_status,
        });
        Ok(())
    })??;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// `GET /order/certificate/status-changes?minutes=N&seconds=M`: the orders whose status
/// changed in the last N minutes plus M seconds (at least one given, at most 7 days in all),
/// each with its status now; `{}` when none did, as DigiCert's second example shows.
pub(super) async fn status_changes(
    State(s): State<Arc<Shared>>,
    Query(query): Query<HashMap<String, String>>,
) -> Answer {
    let number = |key: &str| -> Result<Option<u64>, Refusal> {
        match query.get(key) {
            None => Ok(None),
            Some(text) => text.trim().parse::<u64>().map(Some).map_err(|_| {
                refusal(
                    StatusCode::BAD_REQUEST,
                    &format!("invalid_filter|{key}"),
                    &format!("{key} must be a whole number, not {text:?}"),
                )
            }),
        }
    };
    let minutes = number("minutes")?;
    let seconds = number("seconds")?;
    if minutes.is_none() && seconds.is_none() {
        return Err(refusal(
            StatusCode::BAD_REQUEST,
            "missing_filter",
            "At least one filter is required: minutes, seconds or filters[status_last_updated]",
        ));
    }
    let total = minutes
        .unwrap_or(0)
        .saturating_mul(60)
        .saturating_add(seconds.unwrap_or(0));
    if minutes.unwrap_or(0) > 10_080 || seconds.unwrap_or(0) > 604_800 || total > 604_800 {
        return Err(refusal(
            StatusCode::BAD_REQUEST,
            "time_frame_too_long",
            "The time frame cannot be longer than 7 days",
        ));
    }
    let at = now();
    let since = at - std::time::Duration::from_secs(total);
    let orders = s.store.read(|book| {
        book.orders
            .iter()
            .filter(|o| o.status_changed_at(at, s.step) >= since)
            .map(|o| StatusChange {
                order_id: o.id,
                certificate_id: o.certificate_id,
                status: o.order_status(at, s.step),
            })
            .collect::<Vec<_>>()
    })?;
    Ok(axum::Json(StatusChanges { orders }).into_response())
}

/// The status-changes answer, typed: written straight to its bytes, without a JSON tree per row
/// (with 1,000 changed orders, 0.6 MB of `Value` trees, half of it the copy `json!` made, were
/// live at the wizard's heap peak under heaptrack; BENCHMARKS.md, 2026-12-06 (3)). Nothing
/// changed: `{}`, as DigiCert answers (docs/digicert-api-reference.md §13).
#[derive(serde::Serialize)]
struct StatusChanges {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    orders: Vec<StatusChange>,
}

/// One order of the status-changes answer: the three fields DigiCert's example shows.
#[derive(serde::Serialize)]
struct StatusChange {
    order_id: i64,
    certificate_id: i64,
    status: OrderStatus,
}

pub(super) async fn request_info(State(s): State<Arc<Shared>>, Path(id): Path<String>) -> Answer {
    let id = parse_id(&id, "request")?;
    let info = s
        .store
        .read(|book| book.by_request(id).map(|o| o.request_info(now(), s.step)))?;
    Ok(axum::Json(info.ok_or_else(|| not_found("request", id))?).into_response())
}

pub(super) async fn decide_request(
    State(s): State<Arc<Shared>>,
    Path(id): Path<String>,
    body: Bytes,
) -> Answer {
    let id = parse_id(&id, "request")?;
    let body = parse_json(&body)?;
    let verdict = match body.get("status").and_then(Value::as_str) {
        Some("approved") => Verdict::Approved,
        Some("rejected") => Verdict::Rejected,
        _ => {
            return Err(refusal(
                StatusCode::BAD_REQUEST,
                "invalid_status|status",
                "status must be \"approved\" or \"rejected\"",
            ));
        }
    };
    let comment = text_field(&body, "processor_comment").map(str::to_owned);
    if verdict == Verdict::Rejected && comment.is_none() {
        return Err(refusal(
            StatusCode::BAD_REQUEST,
            "missing_field|processor_comment",
            "A rejection needs a processor_comment saying why",
        ));
    }
    let step = s.step;
    s.store.write(|book| {
        let order = book
            .by_request_mut(id)
            .ok_or_else(|| not_found("request", id))?;
        let status = order.request_status(now(), step);
        let why = if order.order_status(now(), step) == OrderStatus::Canceled {
            Some("its order is canceled".to_owned())
        } else if !matches!(status, RequestStatus::Pending | RequestStatus::Submitted) {
            Some(format!("it is already {status}"))
        } else {
            None
        };
        if let Some(why) = why {
            return Err(refusal(
                StatusCode::BAD_REQUEST,
                "invalid_status|request",
                &format!("Request {id} cannot be decided: {why}"),
            ));
        }
        order.decision = Some(Decision {
            verdict,
            at: now(),
            comment,
            request_status: None,
        });
        Ok(())
    })??;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// `offset` and `limit` of a paged call (limit 1-1000, default 1000, as DigiCert).
fn paging(query: &HashMap<String, String>) -> (usize, usize) {
    let number = |key: &str| query.get(key).and_then(|v| v.trim().parse::<usize>().ok());
    (
        number("offset").unwrap_or(0),
        number("limit").unwrap_or(1000).clamp(1, 1000),
    )
}

fn page(items: Vec<Value>, key: &str, query: &HashMap<String, String>) -> Response {
    let (offset, limit) = paging(query);
    let total = items.len();
    let slice: Vec<Value> = items.into_iter().skip(offset).take(limit).collect();
    let page = json!({ "total": total, "limit": limit, "offset": offset });
    axum::Json(json!({ key: slice, "page": page })).into_response()
}

pub(super) async fn list_requests(
    State(s): State<Arc<Shared>>,
    Query(query): Query<HashMap<String, String>>,
) -> Answer {
    let wanted = query.get("filters[status]").map(|v| v.trim().to_owned());
    let items = s.store.read(|book| {
        book.orders
            .iter()
            .map(|o| o.request_info(now(), s.step))
            .filter(|r| wanted.as_deref().is_none_or(|w| r["status"] == w))
            .collect::<Vec<_>>()
    })?;
    Ok(page(items, "requests", &query))
}

pub(super) async fn organizations(State(s): State<Arc<Shared>>) -> Answer {
    Ok(axum::Json(s.seed()?.answers.organizations.clone()).into_response())
}

pub(super) async fn containers(State(s): State<Arc<Shared>>) -> Answer {
    Ok(axum::Json(s.seed()?.answers.containers.clone()).into_response())
}

pub(super) async fn users(
    State(s): State<Arc<Shared>>,
    Query(query): Query<HashMap<String, String>>,
) -> Answer {
    Ok(page(s.seed()?.answers.users.clone(), "users", &query))
}

pub(super) async fn metadata(State(s): State<Arc<Shared>>) -> Answer {
    Ok(axum::Json(s.seed()?.answers.metadata.clone()).into_response())
}

pub(super) async fn product_details(
    State(s): State<Arc<Shared>>,
    Path(name_id): Path<String>,
) -> Answer {
    let details = s.seed()?.answers.products.get(&name_id).ok_or_else(|| {
        refusal(
            StatusCode::NOT_FOUND,
            "not_found|product",
            &format!("No product {name_id:?}"),
        )
    })?;
    Ok(axum::Json(details.clone()).into_response())
}

/// `GET /certificate/download/order/{order_id}/format/{format}`.
pub(super) async fn download(
    State(s): State<Arc<Shared>>,
    Path((id, format)): Path<(String, String)>,
) -> Answer {
    let id = id.parse::<i64>().map_err(|_| {
        refusal(
            StatusCode::NOT_FOUND,
            "not_found|order",
            &format!("No order {id:?}"),
        )
    })?;
    let at = now();
    let order = s
        .store
        .read(|book| book.order(id).cloned())?
        .ok_or_else(|| {
            refusal(
                StatusCode::NOT_FOUND,
                "not_found|order",
                &format!("No order {id}"),
            )
        })?;
    let status = order.order_status(at, s.step);
    if status != OrderStatus::Issued {
        return Err(refusal(
            StatusCode::BAD_REQUEST,
            "invalid_status|order",
            &format!("Order {id} is {status}; its certificate can be downloaded once issued"),
        ));
    }
    let body = order.body.value();
    let method = StoredOrder::provisioning(&body);
    if ProvisioningMethod::parse(method) != Some(ProvisioningMethod::Email) {
        return Err(refusal(
            StatusCode::BAD_REQUEST,
            "invalid_provisioning_method",
            &format!(
                "Order {id} is provisioned by {method}: its certificate is installed on the token \
                 with the hardware init code, not downloaded"
            ),
        ));
    }
    if !FORMATS.contains(&format.as_str()) {
        return Err(refusal(
            StatusCode::BAD_REQUEST,
            "invalid_format|format",
            &format!(
                "The sandbox delivers the formats {}, not {format:?}",
                FORMATS.join(", ")
            ),
        ));
    }
    let chain = s.delivery.chain(&order, at).map_err(issue_refusal)?;
    let body = if format == "pem_noroot" {
        first_block(&chain).to_owned()
    } else {
        chain
    };
    Ok((
        StatusCode::OK,
        [("content-type", "application/x-pem-file")],
        body,
    )
        .into_response())
}

fn issue_refusal(e: IssueError) -> Refusal {
    refusal(
        StatusCode::INTERNAL_SERVER_ERROR,
        "internal_error",
        &format!("The sandbox could not issue the certificate: {e}"),
    )
}
