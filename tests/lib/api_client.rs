//! The client against the embedded sandbox: every call, every fault kind, the key kept secret.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::time::Duration;

use crate::common::*;
use certwiz::api::client::ClientOptions;
use certwiz::api::{ErrorKind, PollPolicy, Tracker};
use certwiz::order::{OrderRequest, OrderStatus, Product, RequestStatus};
use certwiz::sandbox::{Fault, Route};
use serde_json::Value;

const STEP: Duration = Duration::from_secs(60);

#[tokio::test]
async fn every_call_works_against_the_sandbox() {
    let dir = tempfile::tempdir().unwrap();
    let sandbox = sandbox(dir.path(), STEP).await;
    let client = client(&sandbox);

    let orgs = client.organizations().await.unwrap();
    assert!(orgs.iter().any(|o| o.id == 334455));
    let containers = client.containers().await.unwrap();
    assert!(containers.iter().any(|c| c.id == 221122));
    let users = client.users().await.unwrap();
    assert_eq!(users.len(), 5, "all pages followed (page size 2)");
    assert_eq!(sandbox.hits(Route::Users), 3);
    let metadata = client.metadata().await.unwrap();
    assert!(metadata.iter().any(|m| !m.is_active));
    for product in Product::ALL {
        let details = client.product_details(product).await.unwrap();
        assert!(details.server_platforms.iter().any(|p| p.id == -1));
        assert_eq!(details.allowed_validity_years, vec![1, 2, 3]);
    }

    let placed = client
        .place_order(Product::DocumentSigningOrg1, &documented_request())
        .await
        .unwrap();
    let expected: Value = serde_json::from_str(PENDING).unwrap();
    assert_eq!(serde_json::to_value(&placed).unwrap(), expected);
    assert_eq!(sandbox.orders_placed(), 1);
    assert_eq!(
        sandbox.received_bodies(),
        vec![serde_json::from_str::<Value>(REQUEST).unwrap()]
    );

    let request_id = placed.first_request().unwrap().id.unwrap();
    let info = client.order_info(placed.id).await.unwrap();
    assert_eq!(info.status, Some(OrderStatus::NeedsApproval));
    assert_eq!(info.certificate.as_ref().and_then(|c| c.id), None);
    let request = client.request_info(request_id).await.unwrap();
    assert_eq!(request.status, Some(RequestStatus::Pending));
    let pending = client
        .requests(Some(&RequestStatus::Pending))
        .await
        .unwrap();
    assert_eq!(pending.len(), 1);

    client
        .decide_request(request_id, true, Some("fine"))
        .await
        .unwrap();
    let info = client.order_info(placed.id).await.unwrap();
    assert_eq!(info.status, Some(OrderStatus::Issued));
    assert_eq!(info.certificate.unwrap().id, Some(113));
    assert!(info.hardware_init_code.is_some(), "a token order");
    assert!(
        client
            .requests(Some(&RequestStatus::Pending))
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(client.requests(None).await.unwrap().len(), 1);

    // A second order: rejected needs a comment; cancel works while pending.
    let second = client
        .place_order(Product::DocumentSigningOrg2, &documented_request())
        .await
        .unwrap();
    let second_request = second.first_request().unwrap().id.unwrap();
    let err = client
        .decide_request(second_request, false, None)
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::BadInput);
    client
        .cancel_order(second.id, "ordered by mistake")
        .await
        .unwrap();
    let info = client.order_info(second.id).await.unwrap();
    assert_eq!(info.status, Some(OrderStatus::Canceled));
    let err = client
        .cancel_order(placed.id, "too late")
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::BadInput, "{err}");
    let err = client.order_info(999).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound);
    assert!(err.to_string().contains("999"), "{err}");
}

#[tokio::test]
async fn invalid_orders_get_field_errors() {
    let dir = tempfile::tempdir().unwrap();
    let sandbox = sandbox(dir.path(), STEP).await;
    let client = client(&sandbox);
    let mut request = documented_older_request();
    request.validity_years = Some(7);
    request.organization.id = 1;
    let request = OrderRequest::Older(request);
    let err = client
        .place_order(Product::default(), &request)
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::BadInput);
    let fields: Vec<&str> = err
        .field_errors()
        .iter()
        .filter_map(|e| e.field.as_deref())
        .collect();
    assert!(fields.contains(&"validity_years"), "{fields:?}");
    assert_eq!(sandbox.orders_placed(), 0);
    assert_eq!(sandbox.hits(Route::PlaceOrder), 1);
}

/// Places the documented order with a fault injected; checks the kind and that it went once.
async fn place_with_fault(fault: Fault, options: ClientOptions) -> (ErrorKind, usize) {
    let dir = tempfile::tempdir().unwrap();
    let sandbox = sandbox(dir.path(), STEP).await;
    sandbox.faults().inject(Route::PlaceOrder, fault, 1);
    let client = client_with_key(&sandbox, "some-key", options);
    let err = client
        .place_order(Product::default(), &documented_request())
        .await
        .unwrap_err();
    assert_eq!(
        sandbox.hits(Route::PlaceOrder),
        1,
        "{fault:?}: sent exactly once"
    );
    for body in sandbox.received_bodies() {
        assert_eq!(body, serde_json::from_str::<Value>(REQUEST).unwrap());
    }
    (err.kind(), sandbox.orders_placed())
}

#[tokio::test]
async fn order_post_faults_are_never_retried() {
    let cases = [
        // A 5xx may come after the order was stored: its outcome is unknown.
        (Fault::Status(500), ErrorKind::OutcomeUnknown),
        (Fault::Status(503), ErrorKind::OutcomeUnknown),
        (Fault::Status(429), ErrorKind::RateLimited),
        (Fault::Status(401), ErrorKind::BadKey),
        (Fault::Status(403), ErrorKind::MissingPermission),
        (Fault::Malformed, ErrorKind::OutcomeUnknown),
        (Fault::Drop, ErrorKind::OutcomeUnknown),
    ];
    for (fault, expected) in cases {
        let (kind, _) = place_with_fault(fault, fast_options()).await;
        assert_eq!(kind, expected, "{fault:?}");
    }
    // The dropped answer hides an order that was placed: exactly the case to look up.
    let (_, placed) = place_with_fault(Fault::Drop, fast_options()).await;
    assert_eq!(placed, 1);
}

#[tokio::test]
async fn order_post_timeout_is_outcome_unknown() {
    let options = ClientOptions {
        timeout: Duration::from_millis(300),
        ..fast_options()
    };
    let (kind, _) = place_with_fault(Fault::Latency(Duration::from_secs(3)), options).await;
    assert_eq!(kind, ErrorKind::OutcomeUnknown);
}

#[tokio::test]
async fn gets_retry_transient_faults_then_succeed() {
    let dir = tempfile::tempdir().unwrap();
    let sandbox = sandbox(dir.path(), STEP).await;
    // Generous for a loaded machine, short against the injected latency.
    let options = ClientOptions {
        timeout: Duration::from_secs(1),
        ..fast_options()
    };
    let client = client_with_key(&sandbox, "some-key", options);
    let faults = [
        Fault::Status(500),
        Fault::Status(503),
        Fault::Status(429),
        Fault::Drop,
        Fault::Latency(Duration::from_secs(5)),
    ];
    for fault in faults {
        let before = sandbox.hits(Route::Organizations);
        sandbox.faults().inject(Route::Organizations, fault, 2);
        let orgs = client.organizations().await;
        assert!(orgs.is_ok(), "{fault:?}: {orgs:?}");
        assert_eq!(sandbox.hits(Route::Organizations) - before, 3, "{fault:?}");
    }
    // Short latency within the timeout is just slow.
    sandbox.faults().inject(
        Route::Containers,
        Fault::Latency(Duration::from_millis(100)),
        1,
    );
    assert!(client.containers().await.is_ok());
    assert_eq!(sandbox.hits(Route::Containers), 1);
}

#[tokio::test]
async fn gets_give_up_after_the_retry_bound() {
    let dir = tempfile::tempdir().unwrap();
    let sandbox = sandbox(dir.path(), STEP).await;
    let client = client(&sandbox);
    sandbox
        .faults()
        .inject_always(Route::Metadata, Fault::Status(503));
    let err = client.metadata().await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Server);
    assert_eq!(sandbox.hits(Route::Metadata), 5, "one try and four retries");
}

#[tokio::test]
async fn permanent_and_unreadable_get_faults_are_not_retried() {
    let dir = tempfile::tempdir().unwrap();
    let sandbox = sandbox(dir.path(), STEP).await;
    let client = client(&sandbox);
    let cases = [
        (Fault::Status(401), ErrorKind::BadKey),
        (Fault::Status(403), ErrorKind::MissingPermission),
        (Fault::Status(404), ErrorKind::NotFound),
        (Fault::Malformed, ErrorKind::Unreadable),
    ];
    for (fault, expected) in cases {
        let before = sandbox.hits(Route::ProductDetails);
        sandbox.faults().inject(Route::ProductDetails, fault, 1);
        let err = client
            .product_details(Product::default())
            .await
            .unwrap_err();
        assert_eq!(err.kind(), expected, "{fault:?}");
        assert_eq!(sandbox.hits(Route::ProductDetails) - before, 1, "{fault:?}");
    }
}

#[tokio::test]
async fn puts_are_not_retried() {
    let dir = tempfile::tempdir().unwrap();
    let sandbox = sandbox(dir.path(), STEP).await;
    let client = client(&sandbox);
    sandbox
        .faults()
        .inject(Route::DecideRequest, Fault::Status(503), 1);
    let err = client.decide_request(113, true, None).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Server);
    assert_eq!(sandbox.hits(Route::DecideRequest), 1);
}

#[tokio::test]
async fn a_missing_key_gets_403_invalid_key_and_unreachable_servers_are_transport_errors() {
    let dir = tempfile::tempdir().unwrap();
    let sandbox = sandbox(dir.path(), STEP).await;
    let response = reqwest_get(&format!("{}/organization", sandbox.base_url())).await;
    // As CertCentral refuses a key (tests/fixtures/digicert/error-invalid-key.json).
    assert_eq!(response.0, 403);
    assert!(
        response
            .1
            .contains("access_denied|access_denied_invalid_key"),
        "{}",
        response.1
    );

    drop(sandbox);
    let closed = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/services/v2", closed.local_addr().unwrap());
    drop(closed);
    let base = certwiz::api::endpoint::BaseUrl::parse(&url).unwrap();
    let client = certwiz::api::Client::with_options(
        certwiz::api::Endpoint::sandbox(base),
        fast_options(),
        certwiz::api::limiter::Limiter::digicert(),
    )
    .unwrap();
    let err = client.organizations().await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Transport, "{err}");
    // A refused connection proves the order never left: not "outcome unknown".
    let err = client
        .place_order(Product::default(), &documented_request())
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Transport, "{err}");
}

async fn reqwest_get(url: &str) -> (u16, String) {
    certwiz::api::install_crypto_provider();
    let response = reqwest::Client::new().get(url).send().await.unwrap();
    let status = response.status().as_u16();
    (status, response.text().await.unwrap())
}

#[tokio::test]
async fn the_key_never_appears_in_errors_or_debug_prints() {
    const KEY: &str = "RECOGNISABLE-SECRET-KEY-4242";
    let dir = tempfile::tempdir().unwrap();
    let sandbox = sandbox(dir.path(), STEP).await;
    let client = client_with_key(&sandbox, KEY, fast_options());
    assert!(!format!("{client:?}").contains(KEY));
    assert!(!format!("{:?}", client.endpoint()).contains(KEY));
    let faults = [
        Fault::Status(401),
        Fault::Status(403),
        Fault::Status(500),
        Fault::Malformed,
        Fault::Drop,
    ];
    for fault in faults {
        sandbox.faults().inject(Route::PlaceOrder, fault, 1);
        let err = client
            .place_order(Product::default(), &documented_request())
            .await
            .unwrap_err();
        for text in [err.to_string(), format!("{err:?}")] {
            assert!(!text.contains(KEY), "{fault:?}: {text}");
        }
    }
}

/// A server that echoes the key back in its error: the client must not pass it on.
#[tokio::test]
async fn a_server_echoing_the_key_is_redacted() {
    const KEY: &str = "ECHOED-SECRET-KEY-777";
    use axum::http::HeaderMap;
    let app = axum::Router::new().route(
        "/services/v2/organization",
        axum::routing::get(|headers: HeaderMap| async move {
            let key = headers
                .get("X-DC-DEVKEY")
                .and_then(|v| v.to_str().ok())
                .unwrap_or("")
                .to_owned();
            let body = serde_json::json!({"errors": [{"code": format!("bad_key|{key}"), "message": format!("key {key} is unknown")}]});
            (axum::http::StatusCode::UNAUTHORIZED, axum::Json(body))
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await });
    let base =
        certwiz::api::endpoint::BaseUrl::parse(&format!("http://{addr}/services/v2")).unwrap();
    let client = certwiz::api::Client::with_options(
        certwiz::api::Endpoint::live(base, certwiz::api::ApiKey::new(KEY)),
        fast_options(),
        certwiz::api::limiter::Limiter::digicert(),
    )
    .unwrap();
    let err = client.organizations().await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::BadKey);
    assert!(err.to_string().contains("***"), "{err}");
    assert!(!err.to_string().contains(KEY), "{err}");
    assert!(!format!("{err:?}").contains(KEY));
}

#[tokio::test]
async fn the_tracker_follows_many_orders_to_the_end() {
    let dir = tempfile::tempdir().unwrap();
    let sandbox = sandbox(dir.path(), Duration::from_millis(150)).await;
    let client = client(&sandbox);
    let mut ids = Vec::new();
    for _ in 0..5 {
        let placed = client
            .place_order(Product::default(), &documented_request())
            .await
            .unwrap();
        ids.push(placed.id);
    }
    // One is rejected at once, one canceled.
    client
        .decide_request(114, false, Some("no budget"))
        .await
        .unwrap();
    client.cancel_order(ids[2], "mistake").await.unwrap();
    sandbox
        .faults()
        .inject(Route::OrderInfo, Fault::Status(500), 1);
    let tracker = Tracker::with_policy(
        client.clone(),
        PollPolicy {
            first: Duration::from_millis(50),
            max: Duration::from_millis(200),
            growth: 2.0,
        },
    );
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    for id in &ids {
        tracker.track(*id, None, tx.clone());
    }
    drop(tx);
    let mut finals = std::collections::BTreeMap::new();
    let mut seen_submitted = false;
    let collect = async {
        while let Some(update) = rx.recv().await {
            seen_submitted |= update.request_status == Some(RequestStatus::Submitted);
            if update.is_final {
                finals.insert(update.order_id, update);
            }
        }
    };
    tokio::time::timeout(Duration::from_secs(10), collect)
        .await
        .expect("all orders end");
    assert_eq!(finals.len(), 5);
    assert!(seen_submitted);
    let approved = &finals[&ids[0]];
    assert_eq!(approved.request_status, Some(RequestStatus::Approved));
    assert_eq!(approved.certificate_id, Some(113));
    assert_eq!(
        finals[&ids[1]].request_status,
        Some(RequestStatus::Rejected)
    );
    assert_eq!(finals[&ids[2]].order_status, Some(OrderStatus::Canceled));
    assert!(finals.values().all(|u| u.error.is_none()));
}

#[tokio::test]
async fn the_tracker_stops_on_an_unknown_order() {
    let dir = tempfile::tempdir().unwrap();
    let sandbox = sandbox(dir.path(), STEP).await;
    let tracker = Tracker::new(client(&sandbox));
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    tracker.track(424242, None, tx);
    let update = tokio::time::timeout(Duration::from_secs(5), rx.recv())
        .await
        .unwrap()
        .unwrap();
    assert!(update.is_final);
    assert!(update.error.unwrap().contains("424242"));
}

#[tokio::test]
async fn connect_with_sandbox_forced_starts_the_embedded_sandbox_in_the_data_folder() {
    let root = tempfile::tempdir().unwrap();
    let paths = certwiz::paths::Paths::under(root.path());
    let args = certwiz::api::EndpointChoice {
        sandbox: true,
        ..Default::default()
    };
    let connection = certwiz::cli::connect::connect(&args, &paths).await.unwrap();
    let endpoint = connection.client.endpoint();
    assert_eq!(endpoint.kind, certwiz::api::EndpointKind::Sandbox);
    assert_eq!(endpoint.kind.to_string(), "SANDBOX");
    assert!(endpoint.base.is_loopback());
    let sandbox = connection.sandbox.as_ref().unwrap();
    assert_eq!(endpoint.base, sandbox.base_url());
    let placed = connection
        .client
        .place_order(Product::default(), &documented_request())
        .await
        .unwrap();
    assert_eq!(placed.id, 112233);
    assert!(paths.sandbox_dir().join("orders.json").exists());
}

#[tokio::test]
async fn a_bound_on_calls_in_flight_holds_the_rest_back() {
    let dir = tempfile::tempdir().unwrap();
    let sandbox = sandbox(dir.path(), STEP).await;
    let latency = Duration::from_millis(250);
    let options = ClientOptions {
        max_in_flight: Some(2),
        ..fast_options()
    };
    let client = client_with_key(&sandbox, "some-key", options);
    // Six slow calls, two at a time: three rounds of the latency at least. Unbounded, all six
    // wait together and end after one.
    sandbox
        .faults()
        .inject(Route::Organizations, Fault::Latency(latency), 6);
    let started = std::time::Instant::now();
    let calls = (0..6).map(|_| client.organizations());
    let answers = futures::future::join_all(calls).await;
    let took = started.elapsed();
    assert!(answers.iter().all(Result::is_ok), "{answers:?}");
    assert_eq!(sandbox.hits(Route::Organizations), 6);
    assert!(took >= latency * 3, "six calls two at a time took {took:?}");
}
