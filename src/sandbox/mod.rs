//! certwiz's own CertCentral: an HTTP server on 127.0.0.1 that answers every documented call the
//! client makes, validates orders with the same catalog, moves each order's request pending →
//! submitted → approved on a clock, keeps its orders in the data folder, and injects faults for
//! tests. Nothing is ordered for real.

pub mod delivery;
pub mod faults;
mod hostile;
pub mod lifetime;
pub mod offer;
pub mod preflight;
pub mod ratelimit;
mod refusal;
mod routes;
pub mod seed;
pub mod server;
pub mod shared;
pub mod state;

use std::fmt;
use std::io;
use std::net::{Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

use crate::api::endpoint::BaseUrl;
use crate::paths::Paths;
pub use faults::{Fault, Faults, Route};
use shared::Shared;

/// Overrides the step of the sandbox the binary starts, in milliseconds.
pub const STEP_ENV: &str = "CERTWIZ_SANDBOX_STEP_MS";
/// Faults for the sandbox the binary starts, such as `place_order=drop,order_info=500x3`.
pub const FAULTS_ENV: &str = "CERTWIZ_SANDBOX_FAULTS";
/// The default time per status step.
pub const DEFAULT_STEP: Duration = Duration::from_secs(3);
/// The longest step accepted: a day, so dates never overflow.
const MAX_STEP: Duration = Duration::from_secs(86_400);

/// How to run a sandbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SandboxConfig {
    /// Where its orders are kept.
    pub state_dir: PathBuf,
    /// The port on 127.0.0.1; 0 takes a free one.
    pub port: u16,
    /// The time per status step (pending → submitted → approved).
    pub step: Duration,
}

impl SandboxConfig {
    /// The embedded sandbox: state in the data folder, a free port, the default step.
    pub fn embedded(paths: &Paths) -> Self {
        SandboxConfig {
            state_dir: paths.sandbox_dir(),
            port: 0,
            step: DEFAULT_STEP,
        }
    }
}

/// Reads [`STEP_ENV`], when set.
pub fn step_from_env() -> io::Result<Option<Duration>> {
    match std::env::var(STEP_ENV) {
        Ok(text) => text
            .trim()
            .parse::<u64>()
            .map(|ms| Some(Duration::from_millis(ms)))
            .map_err(|_| {
                io::Error::new(
                    io::ErrorKind::InvalidInput,
                    format!("{STEP_ENV} must be a number of milliseconds, not {text:?}"),
                )
            }),
        Err(_) => Ok(None),
    }
}

/// A running sandbox; it stops when this is dropped.
pub struct SandboxHandle {
    shared: Arc<Shared>,
    addr: SocketAddr,
    base: BaseUrl,
    task: JoinHandle<()>,
}

impl fmt::Debug for SandboxHandle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SandboxHandle")
            .field("addr", &self.addr)
            .finish_non_exhaustive()
    }
}

impl Drop for SandboxHandle {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl SandboxHandle {
    /// `http://127.0.0.1:PORT/services/v2`.
    pub fn base_url(&self) -> BaseUrl {
        self.base.clone()
    }

    /// The address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Per-route fault injection.
    pub fn faults(&self) -> &Faults {
        &self.shared.faults
    }

    /// The pre-flight calls' knobs (`set("ds=expired,funds=low")`, see `preflight::knobs`).
    pub fn preflight(&self) -> &preflight::desk::Desk {
        &self.shared.preflight
    }

    /// Orders accepted and stored by this sandbox since it started.
    pub fn orders_placed(&self) -> usize {
        self.shared.traffic.orders_placed()
    }

    /// Requests that reached a route since it started, faulted ones included.
    pub fn hits(&self, route: Route) -> usize {
        self.shared.traffic.hits(route)
    }

    /// Every order body received since it started, valid or not.
    pub fn received_bodies(&self) -> Vec<serde_json::Value> {
        self.shared.traffic.received_bodies()
    }

    /// Answers 429 `request_limit_exceeded`, as CertCentral does, to any request over one of
    /// `windows` (counted per API key); none turns it off.
    pub fn enforce_rate_limit(&self, windows: &[crate::api::limiter::Window]) {
        self.shared.limits.set(windows);
    }

    /// Sets how many seeded issued orders the account holds (`CERTWIZ_SANDBOX_LIFETIME` for the
    /// binary), for tests and benchmarks of large accounts.
    pub fn seed_lifetime(&self, count: usize) {
        self.shared.lifetime.set_count(count);
    }

    /// Sells only `products` (`GET /product` lists them and an order for another is refused);
    /// `None` sells all five. [`offer::PRODUCTS_ENV`] sets it for the binary.
    pub fn sell_only(&self, products: Option<&[crate::order::Product]>) {
        self.shared.offer.set(products);
    }

    /// Requests refused with 429 by the rate limit since the sandbox started.
    pub fn rate_limited(&self) -> usize {
        self.shared.limits.refused()
    }

    /// Puts orders straight into the book, as if placed at the given times, without the API
    /// (and so without its rate limit or checks): for tests and benchmarks that need many
    /// orders. Returns each order's id and request id.
    pub fn place_directly(
        &self,
        product: crate::order::Product,
        body: &serde_json::Value,
        placed_at: &[time::OffsetDateTime],
    ) -> io::Result<Vec<(i64, i64)>> {
        self.shared.store.write(|book| {
            placed_at
                .iter()
                .map(|at| {
                    let order = book.place(product, body.clone(), *at);
                    (order.id, order.request_id)
                })
                .collect()
        })
    }
}

/// A port bound on 127.0.0.1 and not served yet: its address is known before the sandbox reads
/// its state (the wizard names the endpoint in its first frame, and reads the state after it).
/// Connections that come before it is served ([`start_embedded`]) wait in the listen queue.
#[derive(Debug)]
pub struct Bound {
    listener: std::net::TcpListener,
    addr: SocketAddr,
    base: BaseUrl,
}

impl Bound {
    /// `http://127.0.0.1:PORT/services/v2`.
    pub fn base_url(&self) -> BaseUrl {
        self.base.clone()
    }
}

/// Binds `port` on 127.0.0.1 (0 takes a free one), without serving it yet.
pub fn bind(port: u16) -> io::Result<Bound> {
    let listener = std::net::TcpListener::bind((Ipv4Addr::LOCALHOST, port))?;
    listener.set_nonblocking(true)?;
    let addr = listener.local_addr()?;
    let base = BaseUrl::parse(&format!("http://{addr}{}", server::API_PREFIX))
        .map_err(|e| io::Error::other(e.to_string()))?;
    Ok(Bound {
        listener,
        addr,
        base,
    })
}

/// Starts a sandbox on 127.0.0.1. Must run inside a tokio runtime.
pub async fn start(config: SandboxConfig) -> io::Result<SandboxHandle> {
    let bound = bind(config.port)?;
    start_on(bound, config).await
}

/// Starts a sandbox on a port already bound (`config.port` is not looked at). Must run inside a
/// tokio runtime.
async fn start_on(bound: Bound, config: SandboxConfig) -> io::Result<SandboxHandle> {
    let shared = Arc::new(Shared {
        store: state::Store::open(&config.state_dir)?,
        delivery: delivery::Delivery::new(&config.state_dir),
        step: config.step.min(MAX_STEP),
        faults: Faults::default(),
        traffic: shared::Traffic::default(),
        limits: ratelimit::KeyLimits::default(),
        preflight: preflight::desk::Desk::new(&config.state_dir),
        lifetime: lifetime::book::Lifetime::from_env(&config.state_dir)?,
        offer: shared::Offer::default(),
    });
    let Bound {
        listener,
        addr,
        base,
    } = bound;
    let listener = TcpListener::from_std(listener)?;
    let task = tokio::spawn(accept(listener, shared.clone()));
    Ok(SandboxHandle {
        shared,
        addr,
        base,
        task,
    })
}

/// Starts the sandbox the binary uses on `bound` (`config.port` is not looked at), honouring
/// [`STEP_ENV`], [`FAULTS_ENV`], [`offer::PRODUCTS_ENV`] and [`ratelimit::RATE_LIMIT_ENV`].
pub async fn start_embedded(bound: Bound, mut config: SandboxConfig) -> io::Result<SandboxHandle> {
    if let Some(step) = step_from_env()? {
        config.step = step;
    }
    let handle = start_on(bound, config).await?;
    apply_env_faults(&handle)?;
    apply_env_products(&handle)?;
    handle.shared.preflight.apply_env()?;
    if let Ok(spec) = std::env::var(ratelimit::RATE_LIMIT_ENV) {
        let windows = ratelimit::parse_windows(&spec).map_err(|why| {
            io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("{}: {why}", ratelimit::RATE_LIMIT_ENV),
            )
        })?;
        handle.enforce_rate_limit(&windows);
    }
    Ok(handle)
}

/// Queues the faults [`FAULTS_ENV`] names, when set.
pub fn apply_env_faults(handle: &SandboxHandle) -> io::Result<()> {
    match std::env::var(FAULTS_ENV) {
        Ok(spec) => handle.faults().apply_spec(&spec).map_err(|why| {
            io::Error::new(io::ErrorKind::InvalidInput, format!("{FAULTS_ENV}: {why}"))
        }),
        Err(_) => Ok(()),
    }
}

/// Limits what the sandbox sells to the products [`offer::PRODUCTS_ENV`] names, when set.
pub fn apply_env_products(handle: &SandboxHandle) -> io::Result<()> {
    match std::env::var(offer::PRODUCTS_ENV) {
        Ok(spec) => {
            let products = offer::parse_products(&spec).map_err(|why| {
                io::Error::new(
                    io::ErrorKind::InvalidInput,
                    format!("{}: {why}", offer::PRODUCTS_ENV),
                )
            })?;
            handle.sell_only(Some(&products));
            Ok(())
        }
        Err(_) => Ok(()),
    }
}

/// Accepts connections until the task is aborted; connections end with it.
async fn accept(listener: TcpListener, shared: Arc<Shared>) {
    let router = server::router(shared.clone());
    let mut connections = tokio::task::JoinSet::new();
    loop {
        let Ok((stream, peer)) = listener.accept().await else {
            // Out of file descriptors, say: wait a little rather than spin.
            tokio::time::sleep(Duration::from_millis(50)).await;
            continue;
        };
        let shared = shared.clone();
        let router = router.clone();
        let service = hyper::service::service_fn(move |request| {
            server::serve(shared.clone(), router.clone(), peer, request)
        });
        connections.spawn(async move {
            let _ = hyper::server::conn::http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
        while connections.try_join_next().is_some() {}
    }
}
