//! Conformance: DigiCert's documented answers (tests/fixtures/digicert, each file naming the page
//! it was written from) replayed through the client, and the embedded sandbox's answers held to
//! the same shapes and parsed by the same types the client uses against the live service.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use crate::common::*;
use axum::http::{Method, StatusCode, Uri};
use axum::response::IntoResponse;
use certwiz::api::endpoint::BaseUrl;
use certwiz::api::limiter::Limiter;
use certwiz::api::{ApiKey, Client, Endpoint, ErrorKind};
use certwiz::order::account::{
    ContainerList, MetadataList, OrganizationList, ProductDetails, ProductList, UserList, offered,
};
use certwiz::order::model::{OrderInfo, RequestInfo, RequestList};
use certwiz::order::{OrderStatus, Product, RequestStatus};
use serde_json::Value;

/// One documented answer: the page it comes from, the call, the status and the body.
#[derive(Debug, Clone, serde::Deserialize)]
struct Documented {
    page: String,
    call: String,
    status: u16,
    body: Value,
}

macro_rules! fixture {
    ($name:literal) => {
        (
            $name,
            include_str!(concat!("../fixtures/digicert/", $name, ".json")),
        )
    };
}

const FIXTURES: &[(&str, &str)] = &[
    fixture!("product-info"),
    fixture!("product-list"),
    fixture!("list-organizations"),
    fixture!("list-containers"),
    fixture!("list-users"),
    fixture!("list-custom-fields"),
    fixture!("list-custom-fields-none"),
    fixture!("list-requests"),
    fixture!("request-info"),
    fixture!("order-info"),
    fixture!("error-invalid-key"),
    fixture!("error-missing-permission"),
    fixture!("error-rate-limit"),
    fixture!("error-not-found-order"),
];

fn documented(name: &str) -> Documented {
    let (_, text) = FIXTURES.iter().find(|(n, _)| *n == name).unwrap();
    let fixture: Documented = serde_json::from_str(text).unwrap();
    assert!(
        fixture.page.contains("https://"),
        "{name} names the page it was written from"
    );
    fixture
}

/// A stand-in for CertCentral that answers each call with the named documented fixture, the
/// query string ignored (so a list is the same page whatever the offset, as a server that does
/// not page would answer).
async fn documented_server(names: &[&str]) -> BaseUrl {
    let mut answers: HashMap<(String, String), Documented> = HashMap::new();
    for name in names {
        let fixture = documented(name);
        let (method, path) = fixture.call.split_once(' ').unwrap();
        answers.insert((method.to_owned(), path.to_owned()), fixture);
    }
    let answers = Arc::new(answers);
    let app = axum::Router::new().fallback(move |method: Method, uri: Uri| {
        let answers = Arc::clone(&answers);
        async move {
            let path = uri.path().trim_start_matches("/services/v2").to_owned();
            match answers.get(&(method.to_string(), path)) {
                Some(f) => (
                    StatusCode::from_u16(f.status).unwrap(),
                    axum::Json(f.body.clone()),
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
        Endpoint::live(base, ApiKey::new("conformance-test-key")),
        options,
        Limiter::digicert(),
    )
    .unwrap()
}

#[tokio::test]
async fn documented_product_info_is_read_whole() {
    let client = live_client(documented_server(&["product-info"]).await);
    let details = client
        .product_details(Product::DocumentSigningOrg1)
        .await
        .unwrap();
    assert_eq!(
        details.allowed_validity_years,
        vec![1, 2, 3],
        "strings read as numbers"
    );
    assert!(details.signature_hash_types.allows("sha256"));
    assert!(!details.signature_hash_types.allows("sha1"));
    assert_eq!(
        details.signature_hash_types.default_hash_type_id.as_deref(),
        Some("sha256")
    );
    let platforms: Vec<i64> = details.server_platforms.iter().map(|p| p.id).collect();
    assert_eq!(platforms, vec![-1, 21]);
    assert_eq!(details.csr_required, Some(false));
    // Unknown fields are kept, never fatal.
    assert!(details.extra.contains_key("allowed_order_validity_years"));
    assert!(
        details.server_platforms[0]
            .extra
            .contains_key("install_url")
    );
}

#[tokio::test]
async fn documented_account_lists_are_read() {
    let client = live_client(
        documented_server(&[
            "list-organizations",
            "list-containers",
            "list-users",
            "list-custom-fields",
        ])
        .await,
    );
    let orgs = client.organizations().await.unwrap();
    assert_eq!(orgs.len(), 2);
    assert_eq!(orgs[0].container.as_ref().map(|c| c.id), Some(221122));
    assert_eq!(orgs[1].is_active, Some(false));
    let containers = client.containers().await.unwrap();
    assert_eq!(containers[1].parent_id, Some(221122));
    // page.total says 14 and the server ignores offset: certwiz stops at the first page that
    // brings nothing new instead of trusting the total or paging for ever.
    let users = client.users().await.unwrap();
    assert_eq!(users.len(), 2);
    let metadata = client.metadata().await.unwrap();
    assert_eq!(metadata.len(), 5);
    let jira = metadata.iter().find(|m| m.id == 113).unwrap();
    assert_eq!(
        jira.data_type.as_str(),
        "text",
        "no data_type reads as text"
    );
}

/// The page's example lists code signing products only (it is cut before its document signing
/// entry): read whole, and none of them is a product certwiz orders, so an account answering it
/// offers none of the five.
#[tokio::test]
async fn documented_product_list_is_read_whole() {
    let client = live_client(documented_server(&["product-list"]).await);
    let list = client.products().await.unwrap();
    let ids: Vec<&str> = list.iter().map(|p| p.name_id.as_str()).collect();
    assert_eq!(ids, ["code_signing", "code_signing_ev"]);
    let first = &list[0];
    assert_eq!(
        first.group_name.as_deref(),
        Some("code_signing_certificate")
    );
    assert_eq!(first.name.as_deref(), Some("Code Signing"));
    assert_eq!(first.kind.as_deref(), Some("code_signing_certificate"));
    assert_eq!(first.allowed_container_ids, vec![123456]);
    assert_eq!(first.allowed_validity_years, vec![1, 2, 3]);
    assert_eq!(first.allowed_order_validity_years, vec![1, 2, 3]);
    assert!(first.signature_hash_types.allows("sha256"));
    assert_eq!(first.csr_required, Some(false));
    assert!(offered(&list).is_empty());
    let ctx = certwiz::order::validate::Context {
        products: Some(&list),
        ..Default::default()
    };
    let draft = certwiz::order::Draft::new(Product::DsOrg);
    let found = certwiz::order::validate::validate(&draft, &ctx);
    let at_product: Vec<_> = found.iter().filter(|d| d.path == "product").collect();
    assert_eq!(at_product.len(), 1, "{found:?}");
    assert!(
        at_product[0].message.contains(
            "ds_org) is not offered by this account: it lists no document signing product"
        ),
        "{}",
        at_product[0].message
    );
}

/// The sandbox's `GET /product` lists the five products, or only those it is told to sell, in
/// the page's shape, and the client reads it.
#[tokio::test]
async fn the_sandbox_lists_what_it_sells() {
    let dir = tempfile::tempdir().unwrap();
    let sandbox = sandbox(dir.path(), Duration::from_millis(50)).await;
    let ids = |list: &[certwiz::order::account::ListedProduct]| -> Vec<Product> {
        offered(list).into_iter().map(|(p, _)| p).collect()
    };
    let all = client(&sandbox).products().await.unwrap();
    assert_eq!(ids(&all), Product::ALL.to_vec());
    assert!(all.iter().all(|p| p.allowed_validity_years == [1, 2, 3]));
    for product in Product::ALL {
        let details = client(&sandbox).product_details(product).await.unwrap();
        assert_eq!(details.name_id.as_deref(), Some(product.name_id()));
    }
    sandbox.sell_only(Some(&Product::CURRENT));
    let current = client(&sandbox).products().await.unwrap();
    assert_eq!(ids(&current), Product::CURRENT.to_vec());
    let refused = client(&sandbox)
        .place_order(Product::DocumentSigningOrg1, &documented_request())
        .await
        .unwrap_err();
    assert_eq!(refused.kind(), ErrorKind::BadInput);
    assert!(
        refused
            .to_string()
            .contains("does not sell document_signing_org_1"),
        "{refused}"
    );
    assert_eq!(sandbox.orders_placed(), 0);
}

#[tokio::test]
async fn no_custom_fields_is_an_empty_object() {
    let client = live_client(documented_server(&["list-custom-fields-none"]).await);
    assert!(client.metadata().await.unwrap().is_empty());
}

#[tokio::test]
async fn documented_tracking_answers_are_read() {
    let client =
        live_client(documented_server(&["order-info", "request-info", "list-requests"]).await);
    let order = client.order_info(112233).await.unwrap();
    assert_eq!(order.status, Some(OrderStatus::Issued));
    assert_eq!(order.certificate.as_ref().and_then(|c| c.id), Some(113));
    assert_eq!(order.hardware_init_code.as_deref(), Some("12345678"));
    let request = client.request_info(113).await.unwrap();
    assert_eq!(request.status, Some(RequestStatus::Approved));
    assert!(request.date_processed.is_some());
    let requests = client.requests(None).await.unwrap();
    assert_eq!(
        requests.len(),
        2,
        "page.limit 0 and total 14 are not trusted"
    );
}

#[tokio::test]
async fn documented_errors_are_named_as_digicert_names_them() {
    let client = live_client(
        documented_server(&[
            "error-invalid-key",
            "error-missing-permission",
            "error-rate-limit",
            "error-not-found-order",
        ])
        .await,
    );
    let bad_key = client
        .product_details(Product::DocumentSigningOrg1)
        .await
        .unwrap_err();
    assert_eq!(
        bad_key.kind(),
        ErrorKind::BadKey,
        "403 with the invalid-key code"
    );
    let text = bad_key.to_string();
    assert!(text.starts_with("The API key is not valid"), "{text}");
    assert!(
        text.contains("\"Access denied due to access_denied_invalid_key.\""),
        "DigiCert's words verbatim: {text}"
    );
    assert!(!text.contains("conformance-test-key"));

    let denied = client.organizations().await.unwrap_err();
    assert_eq!(denied.kind(), ErrorKind::MissingPermission);
    assert!(
        denied.to_string().contains("lacks the permission"),
        "{denied}"
    );
    assert!(
        denied
            .to_string()
            .contains("\"You do not have permission to perform this action.\""),
        "{denied}"
    );

    let limited = client.containers().await.unwrap_err();
    assert_eq!(limited.kind(), ErrorKind::RateLimited);
    assert!(limited.to_string().contains("request_limit_exceeded"));

    let missing = client.order_info(999).await.unwrap_err();
    assert_eq!(missing.kind(), ErrorKind::NotFound);
    assert!(
        missing.to_string().contains("\"Order not found.\""),
        "{missing}"
    );
}

/// Whether two JSON values have the same shape: the same type at every key both have (a
/// number and a numeric string count as one, as DigiCert's pages use both), and lists compared
/// by their first items. Returns where they differ.
fn shape_differences(path: &str, documented: &Value, ours: &Value, out: &mut Vec<String>) {
    let numeric =
        |v: &Value| v.is_number() || v.as_str().is_some_and(|s| s.trim().parse::<f64>().is_ok());
    match (documented, ours) {
        (Value::Object(d), Value::Object(o)) => {
            for (key, dv) in d {
                if let Some(ov) = o.get(key) {
                    shape_differences(&format!("{path}.{key}"), dv, ov, out);
                }
            }
        }
        (Value::Array(d), Value::Array(o)) => {
            if let (Some(dv), Some(ov)) = (d.first(), o.first()) {
                shape_differences(&format!("{path}[]"), dv, ov, out);
            }
        }
        (d, o) if numeric(d) && numeric(o) => {}
        (Value::String(_), Value::String(_)) | (Value::Bool(_), Value::Bool(_)) => {}
        (Value::Null, _) | (_, Value::Null) => {}
        (d, o) => out.push(format!("{path}: documented {d}, sandbox {o}")),
    }
}

/// The sandbox's raw answer to a GET.
async fn sandbox_get(base: &BaseUrl, path: &str) -> Value {
    let url = base.join(path);
    let answer = reqwest::Client::new()
        .get(url)
        .header("X-DC-DEVKEY", "sandbox")
        .send()
        .await
        .unwrap();
    assert!(answer.status().is_success(), "{path}: {}", answer.status());
    answer.json().await.unwrap()
}

#[tokio::test]
async fn sandbox_answers_in_the_documented_shapes_and_parses_with_the_live_types() {
    certwiz::api::client::install_crypto_provider();
    let dir = tempfile::tempdir().unwrap();
    let sandbox = sandbox(dir.path(), Duration::from_millis(50)).await;
    let base = sandbox.base_url();
    // An order, so that order info, request info and the request list have something to say.
    let placed = client(&sandbox)
        .place_order(Product::DocumentSigningOrg1, &documented_request())
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(200)).await;
    let request_id = placed.first_request().unwrap().id.unwrap();

    let checks: Vec<(&str, String)> = vec![
        ("product-info", "product/document_signing_org_1".into()),
        ("product-list", "product".into()),
        ("list-organizations", "organization".into()),
        ("list-containers", "container".into()),
        ("list-users", "user".into()),
        ("list-custom-fields", "account/metadata".into()),
        ("list-requests", "request".into()),
        ("request-info", format!("request/{request_id}")),
        ("order-info", format!("order/certificate/{}", placed.id)),
    ];
    let mut differences = Vec::new();
    for (name, path) in &checks {
        let ours = sandbox_get(&base, path).await;
        shape_differences(name, &documented(name).body, &ours, &mut differences);
        // The types the client uses live read the sandbox's answer, and the documented one.
        let both = [ours, documented(name).body];
        for answer in both {
            let parsed = match *name {
                "product-info" => serde_json::from_value::<ProductDetails>(answer).map(drop),
                "product-list" => serde_json::from_value::<ProductList>(answer).map(drop),
                "list-organizations" => {
                    serde_json::from_value::<OrganizationList>(answer).map(drop)
                }
                "list-containers" => serde_json::from_value::<ContainerList>(answer).map(drop),
                "list-users" => serde_json::from_value::<UserList>(answer).map(drop),
                "list-custom-fields" => serde_json::from_value::<MetadataList>(answer).map(drop),
                "list-requests" => serde_json::from_value::<RequestList>(answer).map(drop),
                "request-info" => serde_json::from_value::<RequestInfo>(answer).map(drop),
                "order-info" => serde_json::from_value::<OrderInfo>(answer).map(drop),
                other => panic!("no type for {other}"),
            };
            assert!(parsed.is_ok(), "{name}: {parsed:?}");
        }
    }
    assert!(
        differences.is_empty(),
        "the sandbox answers differ from DigiCert's documented shapes:\n{}",
        differences.join("\n")
    );
    // Every documented top-level list key is there in the sandbox's answer too.
    for (name, path) in &checks {
        let ours = sandbox_get(&base, path).await;
        for (key, value) in documented(name).body.as_object().unwrap() {
            if value.is_array() {
                assert!(ours.get(key).is_some(), "{name}: the sandbox has no {key}");
            }
        }
    }
}

#[tokio::test]
async fn sandbox_refuses_a_bad_key_as_certcentral_does() {
    use certwiz::sandbox::{Fault, Route};
    let dir = tempfile::tempdir().unwrap();
    let sandbox = sandbox(dir.path(), Duration::from_secs(60)).await;
    sandbox
        .faults()
        .inject(Route::Organizations, Fault::BadKey, 1);
    let error = client(&sandbox).organizations().await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::BadKey);
    assert_eq!(error.status(), Some(403));
    assert!(error.to_string().starts_with("The API key is not valid"));
}
