//! Orders: the orders the wizard follows, their timelines, approving, rejecting or canceling
//! them, and once issued their delivery (the install code of a token order, the certificate of
//! an HSM order).

pub mod account;
pub mod account_draw;
pub mod action;
pub mod commands;
pub mod delivery;
pub mod delivery_lines;
pub mod draw;
pub mod listing;
pub mod renew;
pub mod update;

use time::OffsetDateTime;

pub use crate::delivery::Provisioning;
use crate::order::state::OrderState;
use crate::order::{OrderStatus, Product, RequestStatus};
pub use action::{DeliveryTask, Downloaded, InitCode, OrderAction};
pub use listing::{AccountCertificates, OrdersList, Refresh};

/// What is known of an issued order's delivery.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Delivery {
    /// The order's provisioning method, read from order info once the order is issued.
    pub provisioning: Option<Provisioning>,
    pub busy: Option<DeliveryTask>,
    /// The install code while it is shown: dropped on leaving the order or the screen.
    pub init_code: Option<InitCode>,
    /// The last download: the file written, or why nothing was.
    pub downloaded: Option<Result<Downloaded, String>>,
    /// Why the provisioning method could not be read.
    pub error: Option<String>,
    /// The journal holds no CSR for the order (an account order placed elsewhere): its
    /// certificate cannot be checked here, so `d` does not offer to download it.
    pub no_csr_here: bool,
}

/// The selected account certificate's order, read in full (one Order info call, in the
/// background) into the same [`TrackedOrder`] the followed list acts on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AccountOrder {
    /// Its Order info is being read.
    Reading(i64),
    /// Read: the keys act on it as on a followed order.
    Read(Box<TrackedOrder>),
    /// Could not be read: why.
    Failed(i64, String),
}

impl AccountOrder {
    /// The order it is of.
    pub fn order_id(&self) -> i64 {
        match self {
            AccountOrder::Reading(id) | AccountOrder::Failed(id, _) => *id,
            AccountOrder::Read(order) => order.order_id,
        }
    }
}

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
    pub delivery: Delivery,
    /// Why it waits, in plain words (`ordering::waiting`), read for the status it had then;
    /// empty when nothing is known to wait or the call could not be read.
    pub waits: Vec<String>,
    /// The order status `waits` was asked for, so it is asked once per status.
    pub waits_for: Option<OrderStatus>,
}

impl TrackedOrder {
    /// Whether the order is issued: its delivery can start.
    pub fn is_issued(&self) -> bool {
        self.order_status == Some(OrderStatus::Issued)
    }

    /// Where the order stands (the one meaning, [`OrderState`]).
    pub fn state(&self) -> OrderState {
        OrderState::of(self.order_status.as_ref(), self.request_status.as_ref())
    }

    /// The status to show: the request's while it is undecided, else the order's; an order
    /// that ended shows its ending status.
    pub fn status_text(&self) -> String {
        let (order, request) = (self.order_status.as_ref(), self.request_status.as_ref());
        OrderState::of(order, request).list_word(order, request)
    }
}

#[cfg(test)]
mod tests;
