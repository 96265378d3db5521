//! Orders: the orders the wizard follows, their timelines, and approving, rejecting or canceling
//! them.

pub mod commands;
pub mod draw;
pub mod update;

use time::OffsetDateTime;

use crate::order::{OrderStatus, Product, RequestStatus};
use crate::tui::msg::OrderAction;

/// One step of an order's timeline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimelineEntry {
    pub status: String,
    pub at: Option<OffsetDateTime>,
}

/// An order the wizard follows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrackedOrder {
    pub order_id: i64,
    pub product: Product,
    pub request_id: Option<i64>,
    pub request_status: Option<RequestStatus>,
    pub order_status: Option<OrderStatus>,
    pub certificate_id: Option<i64>,
    pub timeline: Vec<TimelineEntry>,
    pub is_final: bool,
    pub last_error: Option<String>,
    /// An action in flight, so it is not sent twice.
    pub busy: Option<OrderAction>,
}

impl TrackedOrder {
    /// The status to show: the request's while it is undecided, else the order's.
    pub fn status_text(&self) -> String {
        match (&self.request_status, &self.order_status) {
            (Some(RequestStatus::Approved), Some(o)) if o.is_final() => o.to_string(),
            (Some(r), _) => r.to_string(),
            (None, Some(o)) => o.to_string(),
            (None, None) => "sent".into(),
        }
    }
}
