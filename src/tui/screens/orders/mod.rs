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

/// Orders' own state: the orders followed here, the account's certificates, which list shows,
/// the selected account order read in full, the order being read to renew it, and the attempts
/// whose outcome is unknown. Only Orders changes it (its fields are private to this module and
/// its children); others read it, and change it through its functions
/// ([`OrdersState::follow_placed`], [`OrdersState::step`]).
/// What Orders shows and acts on.
#[derive(Debug, Clone, Default)]
pub struct OrdersState {
    /// The orders followed here, the newest first.
    followed: Vec<TrackedOrder>,
    /// The selected one of `followed`.
    selected: usize,
    /// Which list Orders shows: the orders followed here, or the account's certificates.
    list: OrdersList,
    /// The account's certificates, as `certwiz certificates` lists them.
    certificates: AccountCertificates,
    /// The selected account certificate's order, read to act on it (`None`: not asked yet).
    account_order: Option<AccountOrder>,
    /// The order whose info is being read to renew it.
    renewing: Option<i64>,
    /// Attempts whose outcome is unknown: they may have placed an order; shown on Orders until
    /// settled with `certwiz orders settle`.
    unsettled: Vec<crate::store::JournalEntry>,
}

impl OrdersState {
    /// The orders followed here, the newest first.
    pub fn followed(&self) -> &[TrackedOrder] {
        &self.followed
    }

    /// Which of [`followed`](Self::followed) is selected.
    pub fn selected_index(&self) -> usize {
        self.selected
    }

    /// Which list Orders shows.
    pub fn list(&self) -> OrdersList {
        self.list
    }

    /// The account's certificates, as last read.
    pub fn certificates(&self) -> &AccountCertificates {
        &self.certificates
    }

    /// The selected account certificate's order, read to act on it (`None`: not asked yet).
    pub fn account_order(&self) -> Option<&AccountOrder> {
        self.account_order.as_ref()
    }

    /// The order whose info is being read to renew it.
    pub fn renewing(&self) -> Option<i64> {
        self.renewing
    }

    /// Attempts whose outcome is unknown, until settled.
    pub fn unsettled(&self) -> &[crate::store::JournalEntry] {
        &self.unsettled
    }

    /// The order the Orders keys act on: the followed list's selected order, or on the
    /// account's list the selected certificate's order (the followed one when it is followed
    /// here, else the one read from Order info, once read).
    pub fn selected(&self) -> Option<&TrackedOrder> {
        match self.list {
            OrdersList::Followed => self.followed.get(self.selected),
            OrdersList::Account => {
                let id = self.certificates.selected()?.order_id;
                if let Some(followed) = self.followed.iter().find(|o| o.order_id == id) {
                    return Some(followed);
                }
                match &self.account_order {
                    Some(AccountOrder::Read(order)) if order.order_id == id => Some(order),
                    _ => None,
                }
            }
        }
    }

    /// An order the wizard knows by its id: followed here, or the account order read.
    fn order_mut(&mut self, order_id: i64) -> Option<&mut TrackedOrder> {
        if let Some(i) = self.followed.iter().position(|o| o.order_id == order_id) {
            return self.followed.get_mut(i);
        }
        match &mut self.account_order {
            Some(AccountOrder::Read(order)) if order.order_id == order_id => Some(order),
            _ => None,
        }
    }

    /// An order the form just placed: followed first in the list, and selected.
    pub fn follow_placed(&mut self, order: TrackedOrder) {
        self.followed.insert(0, order);
        self.selected = 0;
    }

    /// Order `old` was renewed from here: the account's list says so at once (it said "renewed:
    /// no" and offered R again until it was read from CertCentral again, whose answer to a
    /// second renewal is a refusal).
    pub fn renewed(&mut self, old: i64) {
        if let Some(row) = self
            .certificates
            .rows
            .iter_mut()
            .find(|r| r.order_id == old)
        {
            row.is_renewed = true;
        }
    }

    /// The selection of the list shown moved by `delta` (`step` moves an index: wrapping, or
    /// stopping at the ends).
    pub fn step(&mut self, delta: isize, step: impl Fn(usize, isize, usize) -> usize) {
        match self.list {
            OrdersList::Followed => {
                self.selected = step(self.selected, delta, self.followed.len());
            }
            OrdersList::Account => {
                let c = &mut self.certificates;
                c.selected = step(c.selected, delta, c.rows.len());
            }
        }
    }

    /// The followed orders, for a test to set one up as the tracker would have left it.
    #[cfg(test)]
    pub fn followed_mut(&mut self) -> &mut Vec<TrackedOrder> {
        &mut self.followed
    }

    /// The account order read, for a test to set up.
    #[cfg(test)]
    pub fn account_order_mut(&mut self) -> &mut Option<AccountOrder> {
        &mut self.account_order
    }
}

#[cfg(test)]
mod tests;
