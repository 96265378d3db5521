//! The calls of a certificate's life, answered as DigiCert documents them (pages cited in
//! `crate::order::inventory`): List orders with its filters and paging, the expiring report,
//! reissue, both revocations, and a renewal (`renewal_of_order_id` on a new order).

use std::collections::HashMap;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::book::{CERTIFICATE_OFFSET, FIRST_SEEDED_ID, Revocation};
use super::rows::{Listed, Row, organization_name, row_of, rows_where};
use crate::sandbox::refusal::{Answer, Refusal, refusal};
use crate::sandbox::shared::Shared;
use crate::sandbox::state::Body;

fn bad(code: &str, message: &str) -> Refusal {
    refusal(StatusCode::BAD_REQUEST, code, message)
}

fn no_order(id: impl std::fmt::Display) -> Refusal {
    refusal(
        StatusCode::NOT_FOUND,
        "not_found|order",
        &format!("No order {id}"),
    )
}

/// `GET /order/certificate`: `filters[status]`, `filters[product_name_id]`,
/// `filters[is_renewed]` (1/0), `filters[id]`, `sort` (`valid_till`, `id`, `date_created`,
/// `-` for descending; other keys leave the order as is), `offset`, `limit` (1-1000).
pub(crate) async fn list_orders(
    State(s): State<Arc<Shared>>,
    Query(query): Query<HashMap<String, String>>,
) -> Answer {
    let filter = |key: &str| {
        query
            .get(&format!("filters[{key}]"))
            .map(|v| v.trim().to_owned())
    };
    let (status, product, renewed, id) = (
        filter("status"),
        filter("product_name_id"),
        filter("is_renewed"),
        filter("id"),
    );
    let keep = |r: &Row| {
        status.as_deref().is_none_or(|w| r.status == w)
            && product.as_deref().is_none_or(|w| r.product == w)
            && renewed
                .as_deref()
                .is_none_or(|w| (w == "1" || w == "true") == r.is_renewed)
            && id.as_deref().is_none_or(|w| r.id.to_string() == w)
    };
    let mut rows = s.lifetime.read(|changes| {
        s.store
            .read(|book| rows_where(&s.lifetime, changes, book, s.step, keep))
    })??;
    if let Some(sort) = query.get("sort") {
        let (descending, key) = match sort.trim().strip_prefix('-') {
            Some(key) => (true, key),
            None => (false, sort.trim()),
        };
        match key {
            "valid_till" => rows.sort_by_key(|r| (r.valid_till, r.id)),
            "id" => rows.sort_by_key(|r| r.id),
            "date_created" => rows.sort_by_key(|r| (r.date_created, r.id)),
            _ => {}
        }
        if descending {
            rows.reverse();
        }
    }
    let number = |key: &str| query.get(key).and_then(|v| v.trim().parse::<usize>().ok());
    let offset = number("offset").unwrap_or(0);
    let limit = number("limit").unwrap_or(1000).clamp(1, 1000);
    let total = rows.len();
    let today = s.lifetime.now().date();
    let organization = organization_name(s.seed()?);
    let page = ListPage {
        orders: rows
            .iter()
            .skip(offset)
            .take(limit)
            .map(|r| r.listed(today, &organization))
            .collect(),
        page: PageInfo {
            total,
            limit,
            offset,
        },
    };
    Ok(axum::Json(page).into_response())
}

/// List orders' answer: the page's orders, typed and borrowed from the rows, written straight
/// to the answer's bytes.
#[derive(serde::Serialize)]
struct ListPage<'a> {
    orders: Vec<Listed<'a>>,
    page: PageInfo,
}

#[derive(serde::Serialize)]
struct PageInfo {
    total: usize,
    limit: usize,
    offset: usize,
}

/// `GET /report/order/expiring[?include_expiring_certs=true]`: issued orders by days to expiry,
/// in DigiCert's buckets: 90 (60-90), 60 (30-59), 30 (1-29), -7 (the last 7 days and today).
pub(crate) async fn expiring_report(
    State(s): State<Arc<Shared>>,
    Query(query): Query<HashMap<String, String>>,
) -> Answer {
    let rows = s.lifetime.read(|changes| {
        s.store
            .read(|book| rows_where(&s.lifetime, changes, book, s.step, |r| r.status == "issued"))
    })??;
    let today = s.lifetime.now().date();
    let mut counts = [0_u64; 4];
    for days in rows
        .iter()
        .filter(|r| r.status == "issued")
        .filter_map(|r| r.days_remaining(today))
    {
        let bucket = match days {
            60..=90 => 0,
            30..=59 => 1,
            1..=29 => 2,
            -7..=0 => 3,
            _ => continue,
        };
        counts[bucket] += 1;
    }
    let field = if query
        .get("include_expiring_certs")
        .is_some_and(|v| v.trim() == "true")
    {
        "count"
    } else {
        "order_count"
    };
    let buckets: Vec<Value> = [90, 60, 30, -7]
        .iter()
        .zip(counts)
        .map(|(days, n)| json!({ "days_expiring": days, field: n }))
        .collect();
    Ok(axum::Json(json!({ "expiring_orders": buckets })).into_response())
}

fn parse_id(text: &str) -> Result<i64, Refusal> {
    text.trim()
        .parse::<i64>()
        .map_err(|_| no_order(format!("{text:?}")))
}

fn parse_body(body: &Bytes) -> Result<Value, Refusal> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(json!({}));
    }
    serde_json::from_slice(body).map_err(|e| {
        bad(
            "bad_request_format",
            &format!("The body is not valid JSON: {e}"),
        )
    })
}

/// The order's row, refused unless issued (and not revoked).
fn issued_row(s: &Shared, id: i64, doing: &str) -> Result<Row, Refusal> {
    let row = s
        .lifetime
        .read(|changes| {
            s.store
                .read(|book| row_of(&s.lifetime, changes, book, id, s.step))
        })??
        .ok_or_else(|| no_order(id))?;
    if row.status != "issued" {
        return Err(bad(
            "invalid_status|order",
            &format!(
                "Order {id} is {}; only an issued order can be {doing}",
                row.status
            ),
        ));
    }
    Ok(row)
}

/// `POST /order/certificate/{order_id}/reissue`. DigiCert's stored page stops before the
/// answer; the sandbox answers as a new order is answered (`{id, requests[{id, status}]}`).
pub(crate) async fn reissue(
    State(s): State<Arc<Shared>>,
    Path(id): Path<String>,
    body: Bytes,
) -> Answer {
    let id = parse_id(&id)?;
    let body = parse_body(&body)?;
    if !body.get("certificate").is_some_and(Value::is_object) {
        return Err(bad(
            "missing_field|certificate",
            "certificate is required: an object with the reissue's details",
        ));
    }
    issued_row(&s, id, "reissued")?;
    let request_id = s.lifetime.change(|c| {
        let request_id = c.next_request_id;
        c.next_request_id += 1;
        c.reissued.entry(id).or_default().push(request_id);
        request_id
    })?;
    let answer = json!({ "id": id, "requests": [{ "id": request_id, "status": "pending" }] });
    Ok((StatusCode::CREATED, axum::Json(answer)).into_response())
}

/// Records a revocation and answers as documented: `201` with the revoke request, or an empty
/// answer (here `204`) when `skip_approval` is true.
fn revoke(s: &Shared, order_id: i64, certificate_id: Option<i64>, body: &Value) -> Answer {
    issued_row(s, order_id, "revoked")?;
    if s.lifetime.read(|c| c.revoked.contains_key(&order_id))? {
        return Err(bad(
            "invalid_status|order",
            &format!("A revocation of order {order_id} was already requested"),
        ));
    }
    let skip = body.get("skip_approval").and_then(Value::as_bool) == Some(true);
    let comments = body
        .get("comments")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    let at = s.lifetime.now();
    let request_id = s.lifetime.change(|c| {
        let request_id = c.next_request_id;
        c.next_request_id += 1;
        c.revoked.insert(
            order_id,
            Revocation {
                request_id,
                at,
                skip_approval: skip,
                comments: comments.clone(),
                certificate_id,
            },
        );
        request_id
    })?;
    if skip {
        return Ok(StatusCode::NO_CONTENT.into_response());
    }
    let requester = s.seed()?.users.first().map(|u| {
        json!({ "id": u.id, "first_name": u.first_name, "last_name": u.last_name,
                "email": u.email })
    });
    let answer = json!({
        "id": request_id,
        "date": at.format(&time::format_description::well_known::Rfc3339).unwrap_or_default(),
        "type": "revoke",
        "status": "pending",
        "requester": requester,
        "comments": comments,
    });
    Ok((StatusCode::CREATED, axum::Json(answer)).into_response())
}

/// `PUT /certificate/{certificate_id}/revoke`.
pub(crate) async fn revoke_certificate(
    State(s): State<Arc<Shared>>,
    Path(id): Path<String>,
    body: Bytes,
) -> Answer {
    let certificate_id = parse_id(&id)?;
    let body = parse_body(&body)?;
    let order_id = if certificate_id >= FIRST_SEEDED_ID + CERTIFICATE_OFFSET {
        Some(certificate_id - CERTIFICATE_OFFSET)
    } else {
        s.store.read(|book| {
            book.orders
                .iter()
                .find(|o| o.certificate_id == certificate_id)
                .map(|o| o.id)
        })?
    };
    let order_id = order_id.ok_or_else(|| {
        refusal(
            StatusCode::NOT_FOUND,
            "not_found|certificate",
            &format!("No certificate {certificate_id}"),
        )
    })?;
    revoke(&s, order_id, Some(certificate_id), &body)
}

/// `PUT /order/certificate/{order_id}/revoke`: every certificate of the order.
pub(crate) async fn revoke_order(
    State(s): State<Arc<Shared>>,
    Path(id): Path<String>,
    body: Bytes,
) -> Answer {
    let order_id = parse_id(&id)?;
    let body = parse_body(&body)?;
    revoke(&s, order_id, None, &body)
}

/// `POST /order/certificate/{product}`, renewal-aware: a body with `renewal_of_order_id` must
/// name an issued order not renewed yet (else `order_not_eligible_for_renewal` or
/// `order_renewed_already`, the codes public clients handle; DigiCert's pages do not list
/// them). The rest is the ordinary order, validated and placed by the order book; the renewed
/// order is then marked and the new order keeps the field as sent.
pub(crate) async fn place_order(
    State(s): State<Arc<Shared>>,
    Path(name_id): Path<String>,
    body: Bytes,
) -> Answer {
    let parsed: Option<Value> = serde_json::from_slice(&body).ok();
    let renewal = parsed
        .as_ref()
        .and_then(|b| b.get("renewal_of_order_id"))
        .cloned();
    let Some(renewal) = renewal else {
        return crate::sandbox::routes::place_order(State(s), Path(name_id), body).await;
    };
    let Some(old) = crate::order::lenient::to_int(&renewal) else {
        return Err(bad(
            "invalid_field|renewal_of_order_id",
            "renewal_of_order_id must be an order id",
        ));
    };
    let row = s
        .lifetime
        .read(|changes| {
            s.store
                .read(|book| row_of(&s.lifetime, changes, book, old, s.step))
        })??
        .ok_or_else(|| no_order(old))?;
    if row.is_renewed {
        return Err(bad(
            "order_renewed_already",
            &format!("Order {old} has already been renewed"),
        ));
    }
    if row.status != "issued" {
        return Err(bad(
            "order_not_eligible_for_renewal",
            &format!(
                "Order {old} is {}; only an issued order can be renewed",
                row.status
            ),
        ));
    }
    let mut stripped = parsed.unwrap_or_default();
    if let Some(map) = stripped.as_object_mut() {
        map.remove("renewal_of_order_id");
    }
    let response = crate::sandbox::routes::place_order(
        State(s.clone()),
        Path(name_id),
        Bytes::from(stripped.to_string()),
    )
    .await?;
    if response.status() != StatusCode::CREATED {
        return Ok(response);
    }
    let (parts, answer) = response.into_parts();
    let bytes = axum::body::to_bytes(answer, 1 << 20).await.map_err(|e| {
        refusal(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal_error",
            &e.to_string(),
        )
    })?;
    let new_id = serde_json::from_slice::<Value>(&bytes)
        .ok()
        .and_then(|v| v.get("id").and_then(Value::as_i64));
    if let Some(new_id) = new_id {
        s.lifetime.change(|c| c.renewed.insert(old, new_id))?;
        s.store.write(|book| {
            if let Some(order) = book.order_mut(new_id) {
                let mut body = order.body.value();
                body["renewal_of_order_id"] = json!(old);
                order.body = Body::new(&body);
            }
        })?;
    }
    Ok(Response::from_parts(parts, axum::body::Body::from(bytes)))
}
