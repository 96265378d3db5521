//! The sandbox's HTTP side: one axum route per documented call under `/services/v2`, wrapped in
//! a service that counts requests, checks the key and injects faults. The wrapper is served with
//! hyper directly so that a "dropped connection" fault can close the connection without answering.

use std::collections::{BTreeMap, HashMap};
use std::io;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Extension, Path, Query, State};
use axum::http::{Request, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use serde_json::{Value, json};
use time::OffsetDateTime;
use tower::ServiceExt;

use super::faults::{Fault, Faults, Route};
use super::seed::Seed;
use super::state::{Decision, Store, Verdict};
use crate::order::{OrderStatus, Product, RequestStatus};

/// Where the API lives on the sandbox.
pub const API_PREFIX: &str = "/services/v2";

/// What arrived, for tests: requests per route, orders placed, order bodies received.
#[derive(Debug, Default)]
pub struct Traffic {
    hits: Mutex<BTreeMap<Route, usize>>,
    placed: Mutex<usize>,
    bodies: Mutex<Vec<Value>>,
}

impl Traffic {
    fn hit(&self, route: Route) {
        *self
            .hits
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .entry(route)
            .or_default() += 1;
    }

    /// Requests that reached a route, faulted ones included.
    pub fn hits(&self, route: Route) -> usize {
        let hits = self.hits.lock().unwrap_or_else(|e| e.into_inner());
        hits.get(&route).copied().unwrap_or(0)
    }

    /// Orders placed (accepted and stored).
    pub fn orders_placed(&self) -> usize {
        *self.placed.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Every order body received, valid or not, as parsed JSON.
    pub fn received_bodies(&self) -> Vec<Value> {
        self.bodies
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }
}

/// What every handler shares.
#[derive(Debug)]
pub struct Shared {
    pub store: Store,
    pub seed: Seed,
    pub step: Duration,
    pub faults: Faults,
    pub traffic: Traffic,
}

/// The peer of a connection, so the control endpoint can insist on loopback.
#[derive(Debug, Clone, Copy)]
struct Peer(SocketAddr);

/// A DigiCert-style error answer: `{"errors":[{"code","message"}]}`.
#[derive(Debug)]
struct Refusal {
    status: StatusCode,
    code: String,
    message: String,
}

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        let body = json!({ "errors": [{ "code": self.code, "message": self.message }] });
        (self.status, axum::Json(body)).into_response()
    }
}

impl From<io::Error> for Refusal {
    fn from(e: io::Error) -> Self {
        refusal(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal_error",
            &format!("The sandbox could not use its order book: {e}"),
        )
    }
}

fn refusal(status: StatusCode, code: &str, message: &str) -> Refusal {
    Refusal {
        status,
        code: code.to_owned(),
        message: message.to_owned(),
    }
}

/// A DigiCert-style error answer.
fn error(status: StatusCode, code: &str, message: &str) -> Response {
    refusal(status, code, message).into_response()
}

type Answer = Result<Response, Refusal>;

fn now() -> OffsetDateTime {
    OffsetDateTime::now_utc()
}

/// The routes, one per documented call, plus the control endpoint.
pub fn router(shared: Arc<Shared>) -> Router {
    let api = Router::new()
        .route("/order/certificate/{id}", post(place_order).get(order_info))
        .route("/order/certificate/{id}/status", put(cancel_order))
        .route("/request", get(list_requests))
        .route("/request/{id}", get(request_info))
        .route("/request/{id}/status", put(decide_request))
        .route("/organization", get(organizations))
        .route("/container", get(containers))
        .route("/user", get(users))
        .route("/account/metadata", get(metadata))
        .route("/product/{name_id}", get(product_details));
    Router::new()
        .nest(API_PREFIX, api)
        .route("/_sandbox/faults", post(set_faults).delete(clear_faults))
        .route("/_sandbox/stats", get(stats))
        .fallback(|| async { error(StatusCode::NOT_FOUND, "not_found", "No such API call") })
        .with_state(shared)
}

/// Serves one request: counts it, checks the key, applies any fault, then routes it. An `Err`
/// makes hyper close the connection without an answer.
pub async fn serve(
    shared: Arc<Shared>,
    router: Router,
    peer: SocketAddr,
    mut request: Request<hyper::body::Incoming>,
) -> Result<Response, io::Error> {
    request.extensions_mut().insert(Peer(peer));
    let path = request.uri().path().to_owned();
    let route = path
        .strip_prefix(API_PREFIX)
        .and_then(|p| Route::of(request.method().as_str(), p));
    let Some(route) = route else {
        return Ok(route_it(router, request).await);
    };
    shared.traffic.hit(route);
    let has_key = request
        .headers()
        .get("X-DC-DEVKEY")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| !v.trim().is_empty());
    if !has_key {
        return Ok(error(
            StatusCode::UNAUTHORIZED,
            "access_denied|invalid_api_key",
            "The X-DC-DEVKEY header is missing or empty",
        ));
    }
    let fault = shared.faults.next(route);
    match fault {
        Some(Fault::Status(code)) => return Ok(fault_answer(code)),
        Some(Fault::Latency(delay)) => tokio::time::sleep(delay).await,
        _ => {}
    }
    let response = route_it(router, request).await;
    match fault {
        Some(Fault::Drop) => Err(io::Error::new(
            io::ErrorKind::ConnectionAborted,
            "sandbox fault: connection dropped",
        )),
        Some(Fault::Malformed) => {
            let status = response.status();
            let cut = r#"{"id": 112233, "requests": [{"id": 113, "sta"#;
            Ok((status, [("content-type", "application/json")], cut).into_response())
        }
        _ => Ok(response),
    }
}

async fn route_it(router: Router, request: Request<hyper::body::Incoming>) -> Response {
    match router.oneshot(request).await {
        Ok(response) => response,
        Err(never) => match never {},
    }
}

/// The answer for an injected status fault.
fn fault_answer(code: u16) -> Response {
    let status = StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let (code_text, message) = match code {
        401 => ("access_denied|invalid_api_key", "The API key is not valid"),
        403 => (
            "access_denied|missing_permission",
            "The API key lacks the permission for this call",
        ),
        404 => ("not_found", "Not found"),
        429 => (
            "request_limit_exceeded",
            "Too many requests; the limit is 100 per 5 seconds and 1000 per 3 minutes",
        ),
        503 => (
            "service_unavailable",
            "The service is temporarily unavailable",
        ),
        500..=599 => ("internal_error", "An internal error occurred"),
        _ => ("sandbox_fault", "An injected fault"),
    };
    error(status, code_text, message)
}

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

async fn place_order(
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
    s.traffic
        .bodies
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .push(body.clone());
    let problems = s.seed.order_errors(product, &body);
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
    let order = s.store.write(|book| book.place(product, body, now()))?;
    *s.traffic.placed.lock().unwrap_or_else(|e| e.into_inner()) += 1;
    Ok((StatusCode::CREATED, axum::Json(order.placement_answer())).into_response())
}

async fn order_info(State(s): State<Arc<Shared>>, Path(id): Path<String>) -> Answer {
    let id = parse_id(&id, "order")?;
    let info = s
        .store
        .read(|book| book.order(id).map(|o| o.order_info(now(), s.step)))?;
    Ok(axum::Json(info.ok_or_else(|| not_found("order", id))?).into_response())
}

async fn cancel_order(State(s): State<Arc<Shared>>, Path(id): Path<String>, body: Bytes) -> Answer {
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
        order.decision = Some(Decision {
            verdict: Verdict::Canceled,
            at: now(),
            comment: Some(note.to_owned()),
        });
        Ok(())
    })??;
    Ok(StatusCode::NO_CONTENT.into_response())
}

async fn request_info(State(s): State<Arc<Shared>>, Path(id): Path<String>) -> Answer {
    let id = parse_id(&id, "request")?;
    let info = s
        .store
        .read(|book| book.by_request(id).map(|o| o.request_info(now(), s.step)))?;
    Ok(axum::Json(info.ok_or_else(|| not_found("request", id))?).into_response())
}

async fn decide_request(
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

async fn list_requests(
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

fn to_values<T: serde::Serialize>(items: &[T]) -> Vec<Value> {
    items
        .iter()
        .filter_map(|i| serde_json::to_value(i).ok())
        .collect()
}

async fn organizations(State(s): State<Arc<Shared>>) -> Response {
    axum::Json(json!({ "organizations": to_values(&s.seed.organizations) })).into_response()
}

async fn containers(State(s): State<Arc<Shared>>) -> Response {
    axum::Json(json!({ "containers": to_values(&s.seed.containers) })).into_response()
}

async fn users(
    State(s): State<Arc<Shared>>,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    page(to_values(&s.seed.users), "users", &query)
}

async fn metadata(State(s): State<Arc<Shared>>) -> Response {
    axum::Json(json!({ "metadata": to_values(&s.seed.metadata) })).into_response()
}

async fn product_details(State(s): State<Arc<Shared>>, Path(name_id): Path<String>) -> Answer {
    let details = s.seed.products.get(&name_id).ok_or_else(|| {
        refusal(
            StatusCode::NOT_FOUND,
            "not_found|product",
            &format!("No product {name_id:?}"),
        )
    })?;
    Ok(axum::Json(details.clone()).into_response())
}

fn loopback_only(peer: Peer) -> Result<(), Refusal> {
    if peer.0.ip().is_loopback() {
        Ok(())
    } else {
        Err(refusal(
            StatusCode::FORBIDDEN,
            "access_denied",
            "The control endpoint answers loopback only",
        ))
    }
}

/// `POST /_sandbox/faults` with a fault spec as the body, such as `place_order=drop`.
async fn set_faults(
    State(s): State<Arc<Shared>>,
    Extension(peer): Extension<Peer>,
    body: String,
) -> Answer {
    loopback_only(peer)?;
    s.faults
        .apply_spec(&body)
        .map_err(|why| refusal(StatusCode::BAD_REQUEST, "bad_fault_spec", &why))?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// `DELETE /_sandbox/faults`.
async fn clear_faults(State(s): State<Arc<Shared>>, Extension(peer): Extension<Peer>) -> Answer {
    loopback_only(peer)?;
    s.faults.clear();
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// `GET /_sandbox/stats`: requests per route and orders placed.
async fn stats(State(s): State<Arc<Shared>>, Extension(peer): Extension<Peer>) -> Answer {
    loopback_only(peer)?;
    let hits: BTreeMap<&str, usize> = Route::ALL
        .iter()
        .map(|r| (r.name(), s.traffic.hits(*r)))
        .collect();
    let body = json!({ "hits": hits, "orders_placed": s.traffic.orders_placed() });
    Ok(axum::Json(body).into_response())
}
