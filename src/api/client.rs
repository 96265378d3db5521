//! The CertCentral client: one shared reqwest client, every call through one rate limiter, GETs
//! retried, the order POST sent exactly once. The documented calls themselves are in `calls`.

mod bounded;
mod calls;
mod lifecycle;
mod order_id;
pub mod preflight;

use std::fmt;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use backon::Retryable;
use reqwest::Method;
use reqwest::header::{ACCEPT, CONTENT_TYPE, HeaderMap, HeaderValue, USER_AGENT};
use serde::de::DeserializeOwned;

use super::config::Endpoint;
use super::error::{ApiError, ErrorKind, classify, parse_error_body, snippet};
use super::limiter::Limiter;
use super::retry::RetryPolicy;

/// The `User-Agent` every call sends.
pub const USER_AGENT_VALUE: &str = concat!("certwiz/", env!("CARGO_PKG_VERSION"));

/// The most pages one list is read to (at 100 rows a page, 100,000 rows).
const MAX_PAGES: usize = 1000;

/// The longest time `GET /order/certificate/status-changes` covers: 7 days.
pub const MAX_STATUS_CHANGE_SECONDS: u64 = 604_800;

/// How much of an unreadable body an error keeps.
const SNIPPET_CHARS: usize = 160;

/// Installs rustls' ring provider; reqwest needs one before any client is built. Safe to call
/// more than once.
pub fn install_crypto_provider() {
    let _ = rustls::crypto::ring::default_provider().install_default();
}

/// Timeouts, retries and paging.
#[derive(Debug, Clone, Copy)]
pub struct ClientOptions {
    /// Time allowed to open a connection.
    pub connect_timeout: Duration,
    /// Time allowed for a whole call, answer included.
    pub timeout: Duration,
    /// How GETs are retried.
    pub retry: RetryPolicy,
    /// Items asked for per page of a paged list.
    pub page_size: u32,
    /// The most calls waiting for an answer at once; `None` leaves it to the rate limiter.
    /// Every call in flight holds a connection and its buffers.
    pub max_in_flight: Option<usize>,
}

/// The wizard's bound on calls in flight. Following many orders at start asks for each one's
/// approvers and validations at once: 28 calls were in flight together with 1,000 orders,
/// each on its own connection (~0.9 MB of the wizard's peak, BENCHMARKS.md 2026-12-06).
/// Eight keep the first answers as quick while the rest wait their turn.
pub const WIZARD_MAX_IN_FLIGHT: usize = 8;

impl Default for ClientOptions {
    fn default() -> Self {
        ClientOptions {
            connect_timeout: Duration::from_secs(10),
            timeout: Duration::from_secs(60),
            retry: RetryPolicy::default(),
            page_size: 100,
            max_in_flight: None,
        }
    }
}

impl ClientOptions {
    /// The wizard's options: the defaults with [`WIZARD_MAX_IN_FLIGHT`] calls at once.
    pub fn wizard() -> Self {
        ClientOptions {
            max_in_flight: Some(WIZARD_MAX_IN_FLIGHT),
            ..ClientOptions::default()
        }
    }
}

/// A CertCentral client. Cheap to clone: clones share the connection pool and the rate limiter.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    endpoint: Endpoint,
    limiter: Limiter,
    /// Permits for calls in flight, when `options.max_in_flight` bounds them.
    in_flight: Option<tokio::sync::Semaphore>,
    options: ClientOptions,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("endpoint", &self.inner.endpoint)
            .finish_non_exhaustive()
    }
}

impl Client {
    /// A client with default options and DigiCert's rate limits.
    pub fn new(endpoint: Endpoint) -> Result<Client, ApiError> {
        Client::with_options(endpoint, ClientOptions::default(), Limiter::digicert())
    }

    /// A client with explicit options and limiter.
    pub fn with_options(
        endpoint: Endpoint,
        options: ClientOptions,
        limiter: Limiter,
    ) -> Result<Client, ApiError> {
        install_crypto_provider();
        let mut key = HeaderValue::from_str(endpoint.key().expose()).map_err(|_| {
            ApiError::new(
                ErrorKind::BadKey,
                "preparing the API key",
                "it holds characters an HTTP header cannot carry",
            )
        })?;
        key.set_sensitive(true);
        let mut headers = HeaderMap::new();
        headers.insert("X-DC-DEVKEY", key);
        headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
        headers.insert(USER_AGENT, HeaderValue::from_static(USER_AGENT_VALUE));
        let mut builder = reqwest::Client::builder()
            .default_headers(headers)
            .connect_timeout(options.connect_timeout)
            .timeout(options.timeout)
            // Following many orders opens a burst of connections at start; keeping a few idle is
            // enough for one poll every few seconds, and each kept one holds buffers.
            .pool_max_idle_per_host(4)
            // A redirected POST could be sent twice; DigiCert does not redirect API calls.
            .redirect(reqwest::redirect::Policy::none());
        if endpoint.base.is_loopback() {
            builder = builder.no_proxy();
        }
        if endpoint.base.as_str().starts_with("http://") {
            // Plain http (loopback only, such as the sandbox) never uses TLS. Loading the
            // system's root certificates took most of the wizard's start-up (BENCHMARKS.md).
            builder = builder.tls_certs_only(std::iter::empty());
        }
        let http = builder.build().map_err(|e| {
            ApiError::new(
                ErrorKind::Transport,
                "setting up the HTTP client",
                reason(&e),
            )
        })?;
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                endpoint,
                limiter,
                in_flight: options
                    .max_in_flight
                    .map(|n| tokio::sync::Semaphore::new(n.max(1))),
                options,
            }),
        })
    }

    /// Where calls go.
    pub fn endpoint(&self) -> &Endpoint {
        &self.inner.endpoint
    }

    /// A GET, retried on transient failures.
    async fn get<T: DeserializeOwned>(&self, path: &str, action: String) -> Result<T, ApiError> {
        self.get_with(path, action, |bytes, action| {
            self.decode(bytes, action, false)
        })
        .await
    }

    /// A GET whose answer `read` turns into a value, retried on transient failures.
    async fn get_with<T>(
        &self,
        path: &str,
        action: String,
        read: impl Fn(&[u8], &str) -> Result<T, ApiError>,
    ) -> Result<T, ApiError> {
        let started = tokio::time::Instant::now();
        let policy = self.inner.options.retry;
        let retries = AtomicU32::new(0);
        let (action, read) = (&action, &read);
        let result = (|| async move {
            let answer = self
                .exchange(Method::GET, path, None, action, false)
                .await?;
            read(&answer, action)
        })
        .retry(policy.backoff())
        .when(RetryPolicy::retries)
        .adjust(|error, delay| policy.adjust(error, delay, started.elapsed()))
        .notify(|error, delay| {
            let retry = retries.fetch_add(1, Ordering::Relaxed) + 1;
            super::trace::retrying(path, retry, delay, error);
        })
        .await;
        if let Err(error) = &result {
            super::trace::gave_up(path, retries.load(Ordering::Relaxed), error);
        }
        result
    }

    /// A PUT answered with 204; never retried.
    async fn put(
        &self,
        path: &str,
        body: &serde_json::Value,
        action: String,
    ) -> Result<(), ApiError> {
        let bytes = serde_json::to_vec(body)
            .map_err(|e| ApiError::new(ErrorKind::BadInput, action.clone(), e.to_string()))?;
        self.exchange(Method::PUT, path, Some(bytes), &action, false)
            .await
            .map(drop)
    }

    /// One call through the limiter: the body of a 2xx answer, or the error.
    async fn exchange(
        &self,
        method: Method,
        path: &str,
        body: Option<Vec<u8>>,
        action: &str,
        order_post: bool,
    ) -> Result<Vec<u8>, ApiError> {
        // Held until the answer is read; the semaphore is never closed, so a permit always comes.
        let _permit = match &self.inner.in_flight {
            Some(permits) => permits.acquire().await.ok(),
            None => None,
        };
        self.inner.limiter.acquire().await;
        let started = std::time::Instant::now();
        let unanswered =
            |e: &ApiError| super::trace::unanswered(&method, path, started.elapsed(), e);
        let url = self.inner.endpoint.base.join(path);
        let mut request = self.inner.http.request(method.clone(), url);
        if let Some(body) = body {
            request = request.body(body);
        }
        let response = request
            .send()
            .await
            .map_err(|e| self.transport(&e, action, order_post))
            .inspect_err(unanswered)?;
        let status = response.status().as_u16();
        let bytes = match bounded::read(response, bounded::MAX_ANSWER_BYTES).await {
            Ok(bytes) => bytes,
            Err(bounded::Failed::Transport(e)) => {
                return Err(self.transport(&e, action, order_post)).inspect_err(unanswered);
            }
            Err(bounded::Failed::TooLarge) => {
                let error = self.too_large(status, action, order_post);
                return Err(error).inspect_err(unanswered);
            }
        };
        super::trace::answered(&method, path, status, started.elapsed(), &bytes);
        if (200..300).contains(&status) {
            return Ok(bytes);
        }
        Err(self.status_error(status, &bytes, action, order_post))
    }

    fn decode<T: DeserializeOwned>(
        &self,
        body: &[u8],
        action: &str,
        order_post: bool,
    ) -> Result<T, ApiError> {
        serde_json::from_slice(body).map_err(|_| {
            let kind = if order_post {
                // DigiCert answered, so the order was most likely placed; its id is unreadable.
                ErrorKind::OutcomeUnknown
            } else {
                ErrorKind::Unreadable
            };
            let detail = format!(
                "it answered, but not with the expected JSON: {}",
                snippet(body, SNIPPET_CHARS)
            );
            self.redacted(ApiError::new(kind, action.to_owned(), detail))
        })
    }

    /// The answer to the order POST: its order id read strictly (see `order_id.rs`), then the
    /// rest leniently. Either unreadable: the order may have been placed, its outcome is unknown.
    fn placed_order(
        &self,
        body: &[u8],
        action: &str,
    ) -> Result<crate::order::OrderResponse, ApiError> {
        if let Err(why) = order_id::order_id_in(body) {
            let detail = format!("it answered, but {why}: {}", snippet(body, SNIPPET_CHARS));
            return Err(self.redacted(ApiError::new(
                ErrorKind::OutcomeUnknown,
                action.to_owned(),
                detail,
            )));
        }
        self.decode(body, action, true)
    }

    fn status_error(&self, status: u16, body: &[u8], action: &str, order_post: bool) -> ApiError {
        let errors = parse_error_body(body);
        let detail = if errors.is_empty() {
            snippet(body, SNIPPET_CHARS)
        } else {
            String::new()
        };
        let kind = classify(status, &errors, order_post);
        self.redacted(ApiError::from_status(
            kind,
            action.to_owned(),
            status,
            errors,
            detail,
        ))
    }

    /// An answer longer than [`bounded::MAX_ANSWER_BYTES`]: unreadable, and for the order POST
    /// an unknown outcome (it answered, so the order may have been placed).
    fn too_large(&self, status: u16, action: &str, order_post: bool) -> ApiError {
        let kind = if order_post {
            ErrorKind::OutcomeUnknown
        } else {
            ErrorKind::Unreadable
        };
        let detail = format!(
            "it answered (HTTP {status}) with more than {} MB, far above any documented answer; certwiz stopped reading",
            bounded::MAX_ANSWER_BYTES >> 20
        );
        self.redacted(ApiError::new(kind, action.to_owned(), detail))
    }

    fn transport(&self, error: &reqwest::Error, action: &str, order_post: bool) -> ApiError {
        // Only a failure to connect proves the order never left.
        let kind = if order_post && !error.is_connect() {
            ErrorKind::OutcomeUnknown
        } else {
            ErrorKind::Transport
        };
        self.redacted(ApiError::new(kind, action.to_owned(), reason(error)))
    }

    fn redacted(&self, error: ApiError) -> ApiError {
        error.redact(self.inner.endpoint.key().expose())
    }
}

/// A transport failure in words, without the URL's query or any header.
fn reason(error: &reqwest::Error) -> String {
    let host = error
        .url()
        .and_then(|u| {
            u.host_str()
                .map(|h| (h.to_owned(), u.port_or_known_default()))
        })
        .map(|(h, p)| p.map(|p| format!("{h}:{p}")).unwrap_or(h))
        .unwrap_or_else(|| "the server".into());
    let mut innermost: &dyn std::error::Error = error;
    while let Some(source) = innermost.source() {
        innermost = source;
    }
    let cause = innermost.to_string();
    if error.is_timeout() {
        format!("{host} did not answer in time")
    } else if error.is_connect() {
        format!("cannot connect to {host} ({cause})")
    } else {
        format!("the connection to {host} failed ({cause})")
    }
}
