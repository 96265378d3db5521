//! Helpers shared by the integration tests: a sandbox in a temporary folder, a fast client.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::time::Duration;

use certwiz::api::client::ClientOptions;
use certwiz::api::limiter::Limiter;
use certwiz::api::retry::RetryPolicy;
use certwiz::api::{ApiKey, Client, Endpoint};
use certwiz::order::OrderRequest;
use certwiz::sandbox::{self, SandboxConfig, SandboxHandle};

/// The documented example body.
pub const REQUEST: &str = include_str!("../fixtures/documented-order-request.json");
/// The documented pending answer.
pub const PENDING: &str = include_str!("../fixtures/documented-order-response-pending.json");

/// A sandbox with its state in `dir` and the given step.
pub async fn sandbox(dir: &std::path::Path, step: Duration) -> SandboxHandle {
    sandbox::start(SandboxConfig {
        state_dir: dir.to_path_buf(),
        port: 0,
        step,
    })
    .await
    .unwrap()
}

/// Options that retry quickly and time out soon, so fault tests take milliseconds.
pub fn fast_options() -> ClientOptions {
    ClientOptions {
        connect_timeout: Duration::from_secs(2),
        timeout: Duration::from_millis(1500),
        retry: RetryPolicy {
            max_retries: 4,
            base: Duration::from_millis(10),
            cap: Duration::from_millis(40),
            budget: Duration::from_secs(5),
        },
        page_size: 2,
        max_in_flight: None,
    }
}

/// A client of the sandbox with the sandbox's key.
pub fn client(handle: &SandboxHandle) -> Client {
    Client::with_options(
        Endpoint::sandbox(handle.base_url()),
        fast_options(),
        Limiter::digicert(),
    )
    .unwrap()
}

/// A client of the sandbox with a given key.
pub fn client_with_key(handle: &SandboxHandle, key: &str, options: ClientOptions) -> Client {
    Client::with_options(
        Endpoint::live(handle.base_url(), ApiKey::new(key)),
        options,
        Limiter::digicert(),
    )
    .unwrap()
}

/// The documented example as a typed request.
pub fn documented_request() -> OrderRequest {
    OrderRequest::Older(documented_older_request())
}

/// The documented example as the older products' typed body, to change a field of.
pub fn documented_older_request() -> certwiz::order::model::OlderRequest {
    serde_json::from_str(REQUEST).unwrap()
}

/// Waits for `check` to hold, polling every 20 ms, for at most `limit`.
pub async fn eventually<F, Fut>(limit: Duration, mut check: F) -> bool
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let deadline = tokio::time::Instant::now() + limit;
    loop {
        if check().await {
            return true;
        }
        if tokio::time::Instant::now() >= deadline {
            return false;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}
