//! certwiz: order a DigiCert document signing certificate from the terminal, and follow the order
//! until it is approved.
//!
//! - [`order`]: the domain: the field catalog, the draft, validation, the API's data types.
//! - [`cli`]: the scriptable commands.
//! - [`tui`]: the wizard.

#![forbid(unsafe_code)]

pub mod api;
pub mod cli;
pub mod export;
pub mod order;
pub mod paths;
pub mod tui;
