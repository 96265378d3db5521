//! Talking to CertCentral: where the API is.
pub mod endpoint;
