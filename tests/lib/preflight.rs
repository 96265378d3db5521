//! The pre-flight calls against a stand-in that answers only DigiCert's documented examples
//! (tests/fixtures/digicert, each naming its page), and against the embedded sandbox with its
//! knobs: the same types read both, and the check says what the answers mean.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use crate::common::*;
use axum::http::{Method, StatusCode, Uri};
use axum::response::IntoResponse;
use certwiz::api::client::preflight::Priced;
use certwiz::api::endpoint::BaseUrl;
use certwiz::api::limiter::Limiter;
use certwiz::api::{ApiKey, Client, Endpoint};
use certwiz::order::preflight::{Level, Plan, Read, Topic, check, wait};
use serde_json::Value;

macro_rules! fixture {
    ($name:literal) => {
        (
            $name,
            include_str!(concat!("../fixtures/digicert/", $name, ".json")),
        )
    };
}

const FIXTURES: &[(&str, &str)] = &[
    fixture!("org-validation-details"),
    fixture!("list-approvers"),
    fixture!("product-limits"),
    fixture!("view-balance"),
    fixture!("view-balance-unlimited"),
    fixture!("pricing-list"),
    fixture!("price-estimate"),
    fixture!("order-validation-status"),
];

/// A stand-in answering each named fixture's call (query ignored), 501 for anything else.
async fn documented_server(names: &[&str]) -> BaseUrl {
    let mut answers: HashMap<(String, String), (u16, Value)> = HashMap::new();
    for name in names {
        let (_, text) = FIXTURES.iter().find(|(n, _)| n == name).unwrap();
        let fixture: Value = serde_json::from_str(text).unwrap();
        assert!(
            fixture["page"]
                .as_str()
                .unwrap()
                .contains("https://dev.digicert.com/")
        );
        let (method, path) = fixture["call"].as_str().unwrap().split_once(' ').unwrap();
        let status = fixture["status"].as_u64().unwrap() as u16;
        answers.insert(
            (method.to_owned(), path.to_owned()),
            (status, fixture["body"].clone()),
        );
    }
    let answers = Arc::new(answers);
    let app = axum::Router::new().fallback(move |method: Method, uri: Uri| {
        let answers = Arc::clone(&answers);
        async move {
            let path = uri.path().trim_start_matches("/services/v2").to_owned();
            match answers.get(&(method.to_string(), path)) {
                Some((status, body)) => (
                    StatusCode::from_u16(*status).unwrap(),
                    axum::Json(body.clone()),
                )
                    .into_response(),
                None => StatusCode::NOT_IMPLEMENTED.into_response(),
            }
        }
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await });
    BaseUrl::parse(&format!("http://{addr}/services/v2")).unwrap()
}

fn live_client(base: BaseUrl) -> Client {
    let mut options = fast_options();
    options.retry.max_retries = 0;
    Client::with_options(
        Endpoint::live(base, ApiKey::new("preflight-test-key")),
        options,
        Limiter::digicert(),
    )
    .unwrap()
}

fn plan(product: &str, org: i64, container: i64) -> Plan {
    Plan {
        product: product.into(),
        organization_id: Some(org),
        container_id: Some(container),
        pays_from_balance: true,
        orders: 1,
        today: time::macros::date!(2026 - 12 - 04),
    }
}

fn level(report: &certwiz::order::preflight::Report, topic: Topic) -> Level {
    report
        .findings
        .iter()
        .find(|f| f.topic == topic)
        .unwrap()
        .level
}

#[tokio::test]
async fn documented_answers_read_whole_and_checked() {
    let base = documented_server(&[
        "org-validation-details",
        "list-approvers",
        "product-limits",
        "view-balance",
        "price-estimate",
    ])
    .await;
    let client = live_client(base);
    let priced = [Priced {
        product: "ssl_basic".into(),
        years: Some(1),
    }];
    let facts = client
        .preflight_facts(Some(12345), Some(406222), &priced, true)
        .await;
    assert!(
        matches!(facts.validations, Read::Got(_)),
        "{:?}",
        facts.validations
    );
    let report = check(&plan("ssl_basic", 12345, 406222), &facts);
    // The documented organization has OV and EV, no ds: a document signing order needs a yes.
    assert_eq!(level(&report, Topic::Validation), Level::NeedsYes);
    assert_eq!(level(&report, Topic::Approvers), Level::Good);
    assert_eq!(level(&report, Topic::ProductLimits), Level::Good);
    assert_eq!(
        report.price_line().as_deref(),
        Some("USD 782.00 from balance USD 2,454.00")
    );
    // The documented limits list only ssl_basic: a document signing product is not allowed.
    let report = check(&plan("document_signing_org_1", 12345, 406222), &facts);
    assert_eq!(level(&report, Topic::ProductLimits), Level::Warning);
}

#[tokio::test]
async fn the_price_list_answers_when_there_is_no_estimate_and_unlimited_is_never_short() {
    let base = documented_server(&[
        "org-validation-details",
        "list-approvers",
        "product-limits",
        "view-balance-unlimited",
        "pricing-list",
    ])
    .await;
    let client = live_client(base);
    let priced = [Priced {
        product: "ssl_plus".into(),
        years: Some(2),
    }];
    let facts = client
        .preflight_facts(Some(12345), Some(406222), &priced, true)
        .await;
    let report = check(&plan("ssl_plus", 12345, 406222), &facts);
    assert_eq!(
        report.price_line().as_deref(),
        Some("USD 376.00 from balance USD -1,000.70 (no negative balance limit)")
    );
    assert_eq!(level(&report, Topic::Funds), Level::Good);
}

#[tokio::test]
async fn calls_the_stand_in_does_not_answer_are_quiet_notes() {
    let client = live_client(documented_server(&[]).await);
    let priced = [Priced {
        product: "document_signing_org_1".into(),
        years: Some(2),
    }];
    let facts = client
        .preflight_facts(Some(12345), Some(406222), &priced, true)
        .await;
    let report = check(&plan("document_signing_org_1", 12345, 406222), &facts);
    assert!(!report.needs_yes());
    assert!(
        report.findings.iter().all(|f| f.level == Level::Note),
        "{:?}",
        report.findings
    );
}

#[tokio::test]
async fn the_documented_order_validation_says_which_steps_are_open() {
    let client = live_client(documented_server(&["order-validation-status"]).await);
    let answer = client.order_validation(112211).await.unwrap();
    assert_eq!(answer.organization_id, Some(12345));
    let lines = wait::explain(&answer, None, None);
    assert_eq!(
        lines,
        vec![
            "organization validation (OV) is pending: DigiCert is validating the organization",
            "organization type check: pending",
            "organization status check: pending",
            "address check: pending",
            "fraud screening check: pending",
            "request authenticity check: pending",
        ]
    );
}

#[tokio::test]
async fn the_sandbox_answers_every_call_in_the_documented_shapes() {
    let dir = tempfile::tempdir().unwrap();
    let handle = sandbox(dir.path(), Duration::from_secs(600)).await;
    let client = client(&handle);
    let priced = [Priced {
        product: "document_signing_org_1".into(),
        years: Some(2),
    }];
    let facts = client
        .preflight_facts(Some(334455), Some(221122), &priced, true)
        .await;
    let report = check(&plan("document_signing_org_1", 334455, 221122), &facts);
    assert!(
        report.findings.iter().all(|f| f.level == Level::Good),
        "{:?}",
        report.findings
    );
    assert_eq!(
        report.price_line().as_deref(),
        Some("USD 299.00 from balance USD 5,000.00")
    );

    // Each knob, one finding.
    for (knob, topic, want) in [
        ("ds=missing", Topic::Validation, Level::NeedsYes),
        ("ds=expired", Topic::Validation, Level::NeedsYes),
        ("ds=pending", Topic::Validation, Level::Warning),
        ("ds=expiring", Topic::Validation, Level::Warning),
        ("approvers=none", Topic::Approvers, Level::Warning),
        ("limits=other", Topic::ProductLimits, Level::Warning),
        ("funds=low", Topic::Funds, Level::NeedsYes),
        ("deny=balance", Topic::Funds, Level::Note),
    ] {
        handle.preflight().set(knob).unwrap();
        let facts = client
            .preflight_facts(Some(334455), Some(221122), &priced, true)
            .await;
        let report = check(&plan("document_signing_org_1", 334455, 221122), &facts);
        assert_eq!(level(&report, topic), want, "{knob}: {:?}", report.findings);
    }
    assert!(handle.preflight().set("ds=later").is_err());

    // Submitting the validation turns a missing one pending.
    handle.preflight().set("ds=missing").unwrap();
    client.submit_ds_validation(334455).await.unwrap();
    let list = client.organization_validations(334455).await.unwrap();
    let ds = certwiz::order::preflight::ds_validation(&list).unwrap();
    assert_eq!(ds.status.as_deref(), Some("pending"));

    // A placed order explains itself while it needs approval.
    let order = client
        .place_order(
            certwiz::order::Product::DocumentSigningOrg1,
            &documented_request(),
        )
        .await
        .unwrap();
    let answer = client.order_validation(order.id).await.unwrap();
    assert_eq!(answer.order_status.as_deref(), Some("needs_approval"));
    let approvers = client.potential_approvers().await.unwrap();
    let lines = wait::explain(&answer, Some(&approvers), Some(113));
    assert!(
        lines.iter().any(|l| l.starts_with("approval: ")),
        "{lines:?}"
    );
}

/// The sandbox issued an order placed while its organization's document signing validation had
/// expired (or was only just submitted) a few seconds later, while certwiz had said, truly of
/// DigiCert, that such an order waits until the organization is validated. Such an order now
/// stays pending, its certificate never issued, and its validation call says the organization's
/// checks are open; an order placed while the validation is active is issued as before.
#[tokio::test]
async fn a_sandbox_order_waits_while_its_organization_is_not_validated() {
    let dir = tempfile::tempdir().unwrap();
    let step = Duration::from_millis(150);
    let handle = sandbox(dir.path(), step).await;
    let client = client(&handle);
    handle.preflight().set("ds=expired").unwrap();
    let held = client
        .place_order(
            certwiz::order::Product::DocumentSigningOrg1,
            &documented_request(),
        )
        .await
        .unwrap();
    handle.preflight().set("ds=active").unwrap();
    let issued = client
        .place_order(
            certwiz::order::Product::DocumentSigningOrg1,
            &documented_request(),
        )
        .await
        .unwrap();
    tokio::time::sleep(step * 4).await;
    let info = client.order_info(issued.id).await.unwrap();
    assert_eq!(info.status.as_ref().map(|s| s.as_str()), Some("issued"));
    // Validated meanwhile: the order placed before still waits (the sandbox's validations never
    // complete), and says why.
    let info = client.order_info(held.id).await.unwrap();
    assert_eq!(info.status.as_ref().map(|s| s.as_str()), Some("pending"));
    let request = info.requests.as_ref().and_then(|r| r.first()).unwrap();
    assert_eq!(
        request.status.as_ref().map(|s| s.as_str()),
        Some("submitted")
    );
    assert!(info.certificate.and_then(|c| c.id).is_none());
    handle.preflight().set("ds=expired").unwrap();
    let answer = client.order_validation(held.id).await.unwrap();
    assert_eq!(answer.order_status.as_deref(), Some("pending"));
    let lines = wait::explain(&answer, None, None);
    assert!(
        lines
            .iter()
            .any(|l| l.contains("organization status check: pending")),
        "{lines:?}"
    );
    // What `status`, `--watch` and Orders say: the expired validation by name, first.
    let pending = certwiz::order::OrderStatus::Pending;
    let why = certwiz::ordering::waiting::why(&client, held.id, Some(&pending), None).await;
    assert!(
        why[0].starts_with("organization validation (DS) expired on ")
            && why[0].ends_with("submit it with: certwiz validation 334455 --submit"),
        "{why:?}"
    );
}
