//! What flows into the update function ([`Msg`]) and what it asks the runtime to do ([`Effect`]).
//! Results of network work carry TUI-side types from [`super::services`], and every message that
//! needs the time carries it, so the update function never reads a clock.

use std::path::PathBuf;

use crossterm::event::{KeyEvent, MouseEvent};
use time::OffsetDateTime;

use super::services::{AccountData, Placed, ServiceError, TrackEvent};
use crate::order::account::ProductDetails;
use crate::order::{OrderRequest, Product};

/// Something that happened: input, a finished task, or the clock.
#[derive(Debug, Clone)]
pub enum Msg {
    Key(KeyEvent),
    /// A bracketed paste, as one string.
    Paste(String),
    Mouse(MouseEvent),
    /// The terminal's new size (columns, rows).
    Resize(u16, u16),
    /// The clock: drives the spinner and relative times.
    Tick(OffsetDateTime),
    /// The account's organizations, divisions, users and custom fields arrived (or failed).
    Account(Result<AccountData, ServiceError>),
    /// A product's details arrived (or failed).
    ProductDetails(Product, Result<ProductDetails, ServiceError>),
    /// The order POST finished.
    Placed {
        at: OffsetDateTime,
        result: Result<Placed, ServiceError>,
    },
    /// A tracked order changed.
    Track(TrackEvent),
    /// An approve, reject or cancel finished.
    ActionDone {
        at: OffsetDateTime,
        order_id: i64,
        what: OrderAction,
        result: Result<(), ServiceError>,
    },
    /// A CSR file was read (or could not be).
    CsrFile(PathBuf, Result<String, String>),
    /// An export was written (or could not be).
    Exported(PathBuf, Result<(), String>),
}

/// A decision or cancellation on a tracked order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OrderAction {
    Approve,
    Reject { comment: String },
    Cancel { note: String },
}

impl OrderAction {
    /// What it did, for messages.
    pub fn done(&self) -> &'static str {
        match self {
            OrderAction::Approve => "approved",
            OrderAction::Reject { .. } => "rejected",
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

/// Work the update function asks the runtime to do; each reports back as a [`Msg`].
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Fetch organizations, divisions, users and custom fields.
    LoadAccount,
    /// Fetch a product's details (server platforms, validity).
    LoadProduct(Product),
    /// POST the order. Emitted at most once per confirmed submit.
    PlaceOrder {
        product: Product,
        body: Box<OrderRequest>,
    },
    /// Follow an order until it is final.
    Track {
        order_id: i64,
        request_id: Option<i64>,
    },
    /// Approve, reject or cancel.
    Act {
        order_id: i64,
        request_id: Option<i64>,
        action: OrderAction,
    },
    /// Read a CSR from a file.
    ReadCsr(PathBuf),
    /// Write an export.
    WriteFile { path: PathBuf, contents: String },
    /// Leave the wizard.
    Quit,
}
