//! The sandbox's HTTP side: the router (the documented calls under `/services/v2`, in
//! [`routes`](super::routes), plus a loopback control endpoint), wrapped in a service that counts
//! requests, checks the key and injects faults. The wrapper is served with
//! hyper directly so that a "dropped connection" fault can close the connection without answering.

use std::collections::BTreeMap;
use std::io;
use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use axum::extract::{Extension, State};
use axum::http::{Request, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use serde_json::json;
use tower::ServiceExt;

use super::faults::{Fault, Route};
use super::lifetime::handlers as lifetime;
use super::refusal::{Answer, Refusal, error, refusal};
use super::routes;
use super::shared::Shared;

/// Where the API lives on the sandbox.
pub const API_PREFIX: &str = "/services/v2";

/// The peer of a connection, so the control endpoint can insist on loopback.
#[derive(Debug, Clone, Copy)]
struct Peer(SocketAddr);

/// The routes, one per documented call, plus the control endpoint.
pub fn router(shared: Arc<Shared>) -> Router {
    let api = Router::new()
        .route(
            "/order/certificate/status-changes",
            get(routes::status_changes),
        )
        .route("/order/certificate", get(lifetime::list_orders))
        .route(
            "/order/certificate/{id}",
            post(lifetime::place_order).get(routes::order_info),
        )
        .route("/order/certificate/{id}/status", put(routes::cancel_order))
        .route("/order/certificate/{id}/reissue", post(lifetime::reissue))
        .route(
            "/order/certificate/{id}/revoke",
            put(lifetime::revoke_order),
        )
        .route(
            "/certificate/{id}/revoke",
            put(lifetime::revoke_certificate),
        )
        .route("/report/order/expiring", get(lifetime::expiring_report))
        .route("/request", get(routes::list_requests))
        .route("/request/{id}", get(routes::request_info))
        .route("/request/{id}/status", put(routes::decide_request))
        .route("/organization", get(routes::organizations))
        .route("/container", get(routes::containers))
        .route("/user", get(routes::users))
        .route("/account/metadata", get(routes::metadata))
        .route("/product", get(super::offer::list_products))
        .route("/product/{name_id}", get(routes::product_details))
        .route(
            "/certificate/download/order/{id}/format/{format}",
            get(routes::download),
        );
    let api = super::preflight::routes(api);
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
    let key = request
        .headers()
        .get("X-DC-DEVKEY")
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .filter(|v| !v.is_empty());
    let Some(key) = key else {
        return Ok(invalid_key());
    };
    if !shared.limits.admit(key, std::time::Instant::now()) {
        return Ok(fault_answer(429));
    }
    let fault = shared.faults.next(route);
    match fault {
        Some(Fault::Status(code)) => return Ok(fault_answer(code)),
        Some(Fault::BadKey) => return Ok(invalid_key()),
        Some(Fault::RefuseRenewal(refused)) => {
            return Ok(error(
                StatusCode::BAD_REQUEST,
                refused.code(),
                "The order cannot be renewed.",
            ));
        }
        Some(Fault::Hostile(Some(code))) => {
            return Ok(super::hostile::hostile(fault_answer(code)).await);
        }
        Some(Fault::Latency(delay)) => tokio::time::sleep(delay).await,
        _ => {}
    }
    let response = route_it(router, request).await;
    match fault {
        Some(Fault::Drop) => Err(io::Error::new(
            io::ErrorKind::ConnectionAborted,
            "sandbox fault: connection dropped",
        )),
        Some(Fault::Stored(code)) => {
            let status = StatusCode::from_u16(code).unwrap_or(StatusCode::BAD_REQUEST);
            let page = "<html><body>moved</body></html>";
            Ok((status, [("location", "/elsewhere")], page).into_response())
        }
        Some(Fault::OddId(id)) => {
            let body = format!(
                r#"{{"id": {}, "requests": [{{"id": 113, "status": "pending"}}]}}"#,
                id.json()
            );
            Ok((
                response.status(),
                [("content-type", "application/json")],
                body,
            )
                .into_response())
        }
        Some(Fault::Malformed) => {
            let status = response.status();
            let cut = r#"{"id": 112233, "requests": [{"id": 113, "sta"#;
            Ok((status, [("content-type", "application/json")], cut).into_response())
        }
        Some(Fault::Hostile(_)) => Ok(super::hostile::hostile(response).await),
        Some(Fault::Oversized(mb)) => Ok(super::hostile::oversized(response, mb).await),
        _ => Ok(response),
    }
}

async fn route_it(router: Router, request: Request<hyper::body::Incoming>) -> Response {
    match router.oneshot(request).await {
        Ok(response) => response,
        Err(never) => match never {},
    }
}

/// CertCentral's answer to a missing, wrong or revoked key: 403 with the code attested in
/// public (cert-manager#6107); DigiCert's stored Errors page does not list it
/// (docs/digicert-api-reference.md §9).
fn invalid_key() -> Response {
    error(
        StatusCode::FORBIDDEN,
        "access_denied|access_denied_invalid_key",
        "Access denied due to access_denied_invalid_key.",
    )
}

/// The answer for an injected status fault.
fn fault_answer(code: u16) -> Response {
    let status = StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let (code_text, message) = match code {
        // A bare 401: not what CertCentral sends (see `invalid_key`), kept to prove the client
        // reads a key refusal by status too.
        401 => (
            "access_denied|access_denied_invalid_key",
            "Access denied due to access_denied_invalid_key.",
        ),
        403 => (
            "access_denied|missing_permission",
            "You do not have permission to perform this action.",
        ),
        404 => ("not_found", "Not found"),
        // DigiCert's Rate limits page, word for word.
        429 => (
            "request_limit_exceeded",
            "Service unavailable, please limit request volume",
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

/// `GET /_sandbox/stats`: requests per route, orders placed, and requests refused with 429 by
/// the rate limit (when enforced).
async fn stats(State(s): State<Arc<Shared>>, Extension(peer): Extension<Peer>) -> Answer {
    loopback_only(peer)?;
    let hits: BTreeMap<&str, usize> = Route::ALL
        .iter()
        .map(|r| (r.name(), s.traffic.hits(*r)))
        .collect();
    let body = json!({
        "hits": hits,
        "orders_placed": s.traffic.orders_placed(),
        "rate_limited": s.limits.refused(),
    });
    Ok(axum::Json(body).into_response())
}
