//! certwiz: order a DigiCert document signing certificate from the terminal, and follow the order
//! until it is approved.
//!
//! - [`order`]: the domain: the field catalog, the draft, validation, the API's data types.
//! - [`api`]: talking to CertCentral: the client, retries, limits, the tracker.
//! - [`sandbox`]: certwiz's own CertCentral for trying things out and for tests.
//! - [`store`]: profiles, drafts and the order journal on disk.
//! - [`cli`]: the scriptable commands.
//! - [`delivery`]: after approval: next steps, checking a downloaded certificate.
//! - [`log`]: the log file (never the screen).
//! - [`form`]: the order form as data, which the wizard draws and plain mode asks.
//! - [`tui`]: the wizard.
//! - [`outside`]: text from outside made safe to print; [`infile`]: files read bounded.
//! - `say`: `outln!`, `errln!` and `err!`, std's printing macros without their panic.

#![forbid(unsafe_code)]

// First: its printing macros (`outln!`, `errln!`, `err!`) are for every module below.
#[macro_use]
mod say;

pub mod api;
pub mod cli;
pub mod delivery;
pub mod export;
pub mod form;
pub mod infile;
pub mod log;
pub mod order;
pub mod ordering;
pub mod outside;
pub mod paths;
pub mod sandbox;
pub mod store;
pub mod tui;
