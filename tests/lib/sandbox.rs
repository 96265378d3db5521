//! The sandbox over plain HTTP, as curl or the API document's examples see it.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::time::Duration;

use crate::common::*;
use certwiz::sandbox::{Fault, Route, SandboxHandle};
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

struct Http {
    client: reqwest::Client,
    base: String,
}

impl Http {
    fn new(handle: &SandboxHandle) -> Http {
        certwiz::api::install_crypto_provider();
        Http {
            client: reqwest::Client::new(),
            base: handle.base_url().to_string(),
        }
    }

    async fn send(&self, method: reqwest::Method, path: &str, body: Option<&str>) -> (u16, Value) {
        let mut request = self
            .client
            .request(method, format!("{}/{path}", self.base))
            .header("X-DC-DEVKEY", "curl-key")
            .header("Content-Type", "application/json");
        if let Some(body) = body {
            request = request.body(body.to_owned());
        }
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        let text = response.text().await.unwrap();
        (status, serde_json::from_str(&text).unwrap_or(Value::Null))
    }

    async fn get(&self, path: &str) -> (u16, Value) {
        self.send(reqwest::Method::GET, path, None).await
    }

    async fn post(&self, path: &str, body: &str) -> (u16, Value) {
        self.send(reqwest::Method::POST, path, Some(body)).await
    }

    async fn put(&self, path: &str, body: Value) -> (u16, Value) {
        self.send(reqwest::Method::PUT, path, Some(&body.to_string()))
            .await
    }
}

const ORDER_PATH: &str = "order/certificate/document_signing_org_1";

#[tokio::test]
async fn the_documented_example_gets_the_documented_answer() {
    let dir = tempfile::tempdir().unwrap();
    let sandbox = sandbox(dir.path(), Duration::from_secs(60)).await;
    let http = Http::new(&sandbox);
    let (status, answer) = http.post(ORDER_PATH, REQUEST).await;
    assert_eq!(status, 201);
    assert_eq!(answer, serde_json::from_str::<Value>(PENDING).unwrap());
    let (status, second) = http.post(ORDER_PATH, REQUEST).await;
    assert_eq!(status, 201);
    assert_eq!(second["id"], 112234);
    assert_eq!(second["requests"][0]["id"], 114);
}

#[tokio::test]
async fn a_missing_or_empty_key_is_refused_digicert_style() {
    let dir = tempfile::tempdir().unwrap();
    let sandbox = sandbox(dir.path(), Duration::from_secs(60)).await;
    let http = Http::new(&sandbox);
    for key in [None, Some("  ")] {
        let mut request = http.client.get(format!("{}/organization", http.base));
        if let Some(key) = key {
            request = request.header("X-DC-DEVKEY", key);
        }
        let response = request.send().await.unwrap();
        // As CertCentral refuses a key: 403, not 401 (tests/fixtures/digicert/error-invalid-key.json).
        assert_eq!(response.status().as_u16(), 403);
        let body: Value = response.json().await.unwrap();
        assert_eq!(
            body["errors"][0]["code"],
            "access_denied|access_denied_invalid_key"
        );
    }
}

#[tokio::test]
async fn invalid_bodies_get_400_naming_the_field() {
    let dir = tempfile::tempdir().unwrap();
    let sandbox = sandbox(dir.path(), Duration::from_secs(60)).await;
    let http = Http::new(&sandbox);
    let mut body: Value = serde_json::from_str(REQUEST).unwrap();
    body["subject"]["email"] = json!("not-an-email");
    body["container"]["id"] = json!(5);
    let (status, answer) = http.post(ORDER_PATH, &body.to_string()).await;
    assert_eq!(status, 400);
    let codes: Vec<&str> = answer["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["code"].as_str().unwrap())
        .collect();
    assert!(codes.contains(&"email|subject.email"), "{codes:?}");
    let (status, answer) = http.post(ORDER_PATH, "{not json").await;
    assert_eq!(status, 400);
    assert_eq!(answer["errors"][0]["code"], "bad_request_format");
    // ds_org is sold, but the older products' body is not its body: refused, naming the field.
    let (status, answer) = http.post("order/certificate/ds_org", REQUEST).await;
    assert_eq!(status, 400, "{answer}");
    assert!(answer.to_string().contains("subject"), "{answer}");
    let (status, _) = http
        .post("order/certificate/ds_organization", REQUEST)
        .await;
    assert_eq!(status, 404);
    assert_eq!(sandbox.orders_placed(), 0);
    assert_eq!(
        sandbox.received_bodies().len(),
        2,
        "the JSON ones of a sold product"
    );
}

#[tokio::test]
async fn statuses_move_on_the_clock_and_survive_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let step = Duration::from_millis(100);
    let first = sandbox(dir.path(), step).await;
    let http = Http::new(&first);
    let (_, placed) = http.post(ORDER_PATH, REQUEST).await;
    let (_, info) = http.get("order/certificate/112233").await;
    assert_eq!(info["status"], "needs_approval");
    assert_eq!(info["requests"][0]["status"], "pending");
    assert!(
        info["certificate"].get("id").is_none(),
        "no certificate id yet"
    );
    assert_eq!(info["certificate"]["server_platform"]["id"], 21);
    assert_eq!(placed["id"], 112233);
    drop(first);

    let second = sandbox(dir.path(), step).await;
    let http = Http::new(&second);
    let approved = eventually(Duration::from_secs(5), || async {
        http.get("order/certificate/112233").await.1["status"] == "issued"
    })
    .await;
    assert!(approved, "the order placed before the restart is followed");
    let (_, info) = http.get("order/certificate/112233").await;
    assert_eq!(info["certificate"]["id"], 113);
    assert_eq!(info["requests"][0]["status"], "approved");
    assert!(info["hardware_init_code"].is_string());
    let (_, request) = http.get("request/113").await;
    assert_eq!(request["status"], "approved");
    assert!(request["date_processed"].is_string());
}

#[tokio::test]
async fn decisions_and_cancel_follow_the_rules() {
    let dir = tempfile::tempdir().unwrap();
    let sandbox = sandbox(dir.path(), Duration::from_secs(60)).await;
    let http = Http::new(&sandbox);
    http.post(ORDER_PATH, REQUEST).await;
    http.post(ORDER_PATH, REQUEST).await;
    let (status, _) = http
        .put("request/113/status", json!({"status": "rejected"}))
        .await;
    assert_eq!(status, 400, "a rejection needs a comment");
    let (status, _) = http
        .put(
            "request/113/status",
            json!({"status": "rejected", "processor_comment": "no budget"}),
        )
        .await;
    assert_eq!(status, 204);
    let (_, request) = http.get("request/113").await;
    assert_eq!(request["status"], "rejected");
    assert_eq!(request["processor_comment"], "no budget");
    let (_, order) = http.get("order/certificate/112233").await;
    assert_eq!(order["status"], "rejected");
    let (status, _) = http
        .put("request/113/status", json!({"status": "approved"}))
        .await;
    assert_eq!(status, 400, "already decided");
    let (status, _) = http
        .put(
            "order/certificate/112233/status",
            json!({"status": "canceled", "note": "x"}),
        )
        .await;
    assert_eq!(status, 400, "a rejected order is not pending");
    let (status, _) = http
        .put(
            "order/certificate/112234/status",
            json!({"status": "canceled"}),
        )
        .await;
    assert_eq!(status, 400, "a note is required");
    let (status, _) = http
        .put(
            "order/certificate/112234/status",
            json!({"status": "canceled", "note": "mistake"}),
        )
        .await;
    assert_eq!(status, 204);
    let (_, order) = http.get("order/certificate/112234").await;
    assert_eq!(order["status"], "canceled");
    let (status, _) = http.get("order/certificate/1").await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn lists_filter_and_page() {
    let dir = tempfile::tempdir().unwrap();
    let sandbox = sandbox(dir.path(), Duration::from_secs(60)).await;
    let http = Http::new(&sandbox);
    for _ in 0..3 {
        http.post(ORDER_PATH, REQUEST).await;
    }
    http.put("request/114/status", json!({"status": "approved"}))
        .await;
    let (_, pending) = http.get("request?filters[status]=pending").await;
    assert_eq!(pending["requests"].as_array().unwrap().len(), 2);
    assert_eq!(pending["page"]["total"], 2);
    let (_, page) = http.get("request?offset=1&limit=1").await;
    assert_eq!(page["requests"][0]["id"], 114);
    assert_eq!(page["page"], json!({"total": 3, "limit": 1, "offset": 1}));
    let (_, users) = http.get("user?offset=4&limit=10").await;
    assert_eq!(users["users"].as_array().unwrap().len(), 1);
    assert_eq!(users["page"]["total"], 5);
    let (_, orgs) = http.get("organization").await;
    assert_eq!(orgs["organizations"][0]["id"], 334455);
    let (_, containers) = http.get("container").await;
    assert_eq!(containers["containers"][0]["id"], 221122);
    let (_, metadata) = http.get("account/metadata").await;
    assert_eq!(metadata["metadata"].as_array().unwrap().len(), 5);
    let (_, product) = http.get("product/document_signing_org_2").await;
    assert_eq!(product["name_id"], "document_signing_org_2");
    assert_eq!(
        product["server_platforms"][0],
        json!({"id": -1, "name": "OTHER"})
    );
}

#[tokio::test]
async fn the_control_endpoint_sets_and_clears_faults() {
    let dir = tempfile::tempdir().unwrap();
    let sandbox = sandbox(dir.path(), Duration::from_secs(60)).await;
    let http = Http::new(&sandbox);
    let root = http.base.trim_end_matches("/services/v2").to_owned();
    let response = http
        .client
        .post(format!("{root}/_sandbox/faults"))
        .body("organization=503")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 400, "unknown route name");
    let response = http
        .client
        .post(format!("{root}/_sandbox/faults"))
        .body("organizations=503x*,containers=malformed")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 204);
    assert_eq!(http.get("organization").await.0, 503);
    assert_eq!(http.get("organization").await.0, 503);
    let (status, body) = http.get("container").await;
    assert_eq!((status, body), (200, Value::Null), "cut-off JSON");
    http.client
        .delete(format!("{root}/_sandbox/faults"))
        .send()
        .await
        .unwrap();
    assert_eq!(http.get("organization").await.0, 200);
    let stats: Value = http
        .client
        .get(format!("{root}/_sandbox/stats"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(stats["hits"]["organizations"], 3);
    assert_eq!(stats["orders_placed"], 0);
}

#[tokio::test]
async fn a_dropped_connection_reads_the_request_then_closes_without_answer() {
    let dir = tempfile::tempdir().unwrap();
    let sandbox = sandbox(dir.path(), Duration::from_secs(60)).await;
    sandbox.faults().inject(Route::PlaceOrder, Fault::Drop, 1);
    let mut stream = tokio::net::TcpStream::connect(sandbox.addr())
        .await
        .unwrap();
    let request = format!(
        "POST /services/v2/{ORDER_PATH} HTTP/1.1\r\nHost: x\r\nX-DC-DEVKEY: k\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{REQUEST}",
        REQUEST.len()
    );
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut answer = Vec::new();
    tokio::time::timeout(Duration::from_secs(5), stream.read_to_end(&mut answer))
        .await
        .unwrap()
        .unwrap_or(0);
    assert!(answer.is_empty(), "{}", String::from_utf8_lossy(&answer));
    assert_eq!(sandbox.hits(Route::PlaceOrder), 1);
    assert_eq!(
        sandbox.orders_placed(),
        1,
        "served, then the answer was lost"
    );
}
