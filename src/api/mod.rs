//! Talking to CertCentral: the client, its errors, rate limit, retries, the order tracker, and
//! which endpoint and key to use. Nothing in here knows about terminals.

pub mod client;
pub mod config;
pub mod endpoint;
pub mod error;
pub mod limiter;
pub mod retry;
mod trace;
pub mod tracker;

pub use client::{Client, ClientOptions, install_crypto_provider};
pub use config::{ApiKey, Endpoint, EndpointChoice, EndpointKind, resolve_endpoint};
pub use error::{ApiError, ApiFieldError, ErrorKind};
pub use tracker::{PollPolicy, Progress, TrackUpdate, Tracker};
