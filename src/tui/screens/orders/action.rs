//! Orders' own types: what is done to an order, the delivery work under way, the install code
//! and a finished download. A leaf: messages and effects carry these, and nothing here knows of
//! them.

use std::fmt;
use std::path::PathBuf;

/// A decision or cancellation on a tracked order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OrderAction {
    Approve,
    Reject { comment: String },
    Cancel { note: String },
}

impl OrderAction {
    /// What it did, for messages: approving or rejecting decides the order's request, not the
    /// order (which stays pending until DigiCert issues it), and says so.
    pub fn done(&self) -> &'static str {
        match self {
            OrderAction::Approve => "request approved",
            OrderAction::Reject { .. } => "request rejected",
            OrderAction::Cancel { .. } => "canceled",
        }
    }

    /// A verb for messages.
    pub fn verb(&self) -> &'static str {
        match self {
            OrderAction::Approve => "approve",
            OrderAction::Reject { .. } => "reject",
            OrderAction::Cancel { .. } => "cancel",
        }
    }
}

/// A certificate downloaded, checked against the CSR that was sent, and written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Downloaded {
    pub path: PathBuf,
    /// Certificates in the file, the leaf first.
    pub certificates: usize,
    /// Whether each certificate is signed by the next.
    pub linked: bool,
    /// The same bytes were in the file already.
    pub already_there: bool,
}

/// A token order's hardware init code (the install code), held only while it is shown. Its
/// `Debug` does not print it, so no log or panic message can carry it.
#[derive(Clone, PartialEq, Eq)]
pub struct InitCode(String);

impl InitCode {
    pub fn new(code: impl Into<String>) -> Self {
        InitCode(code.into())
    }

    /// The code itself, for the screen and the clipboard only.
    pub fn reveal(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for InitCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("InitCode(hidden)")
    }
}

/// Delivery work on its way for one order, so it is not started twice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeliveryTask {
    /// Reading the order's provisioning method, once it is issued.
    Method,
    /// Reading the install code to show it.
    InitCode,
    /// Downloading and checking the certificate.
    Download,
}
