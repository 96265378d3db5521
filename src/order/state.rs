//! What an order's state means, decided once: the words `status`, `status --watch`, `orders`,
//! plain mode and the wizard's Orders screen show for an order, and the exit code a command
//! ends with. An order DigiCert reports as canceled, rejected, revoked or expired has ended,
//! whatever its approval request says: it is never shown as approved or issued.
//!
//! DigiCert's statuses: Order info's `status` ("needs_approval", "pending", "processing",
//! "waiting_pickup", "reissue_pending", "issued", "rejected", "canceled", "expired", "revoked")
//! and Request info's `status` ("pending", "submitted", "approved", "rejected"); see
//! docs/digicert-api-reference.md §2 and §5
//! (https://dev.digicert.com/en/certcentral-apis/services-api/orders/order-info.html,
//! https://dev.digicert.com/en/certcentral-apis/services-api/requests/request-info.html).

use super::{OrderStatus, RequestStatus};

/// The exit code of an order that was approved or issued, or is still in progress.
pub const EXIT_OK: u8 = 0;
/// The exit code of an order that ended without a certificate (rejected, canceled, expired,
/// revoked).
pub const EXIT_ENDED: u8 = 1;

/// Where an order stands, from its order status and its request's status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OrderState {
    /// Nothing decided yet (or a status certwiz does not know, which is not final).
    InProgress,
    /// The request is approved; the order is not issued (yet).
    Approved,
    /// The order is issued.
    Issued,
    /// The order ended without a certificate: its words are the status that ended it.
    Ended(String),
}

impl OrderState {
    /// The state of an order: a final order status decides first (issued, or ended); then a
    /// decided request (approved, rejected); else it is in progress.
    pub fn of(order: Option<&OrderStatus>, request: Option<&RequestStatus>) -> Self {
        match order {
            Some(OrderStatus::Issued) => return OrderState::Issued,
            Some(
                s @ (OrderStatus::Canceled
                | OrderStatus::Rejected
                | OrderStatus::Expired
                | OrderStatus::Revoked),
            ) => return OrderState::Ended(s.as_str().to_owned()),
            _ => {}
        }
        match request {
            Some(RequestStatus::Approved) => OrderState::Approved,
            Some(RequestStatus::Rejected) => OrderState::Ended("rejected".into()),
            _ => OrderState::InProgress,
        }
    }

    /// Whether the order will not change any more (as far as following it goes).
    pub fn is_final(&self) -> bool {
        !matches!(self, OrderState::InProgress)
    }

    /// Whether the order ended without a certificate.
    pub fn has_ended(&self) -> bool {
        matches!(self, OrderState::Ended(_))
    }

    /// The exit code a command that shows or follows this order ends with.
    pub fn exit_code(&self) -> u8 {
        match self {
            OrderState::Ended(_) => EXIT_ENDED,
            _ => EXIT_OK,
        }
    }

    /// The final word for a followed order that is over, or `None` while it is in progress.
    pub fn final_words(&self) -> Option<&str> {
        match self {
            OrderState::InProgress => None,
            OrderState::Approved => Some("approved"),
            OrderState::Issued => Some("issued"),
            OrderState::Ended(s) => Some(s),
        }
    }

    /// The one word for an order in a list: the request's status while it is being decided,
    /// else the order's; an ended order is its ending status.
    pub fn list_word(
        &self,
        order: Option<&OrderStatus>,
        request: Option<&RequestStatus>,
    ) -> String {
        match (self, request, order) {
            (OrderState::InProgress, Some(r), _) => r.to_string(),
            (OrderState::InProgress, None, Some(o)) => o.to_string(),
            (OrderState::InProgress, None, None) => "sent".into(),
            (state, _, _) => state.final_words().unwrap_or("sent").to_owned(),
        }
    }
}

/// The request status to show and record beside an order: what DigiCert says, except that a
/// request of an order that ended is never shown as approved (the order is what counts).
pub fn request_shown(
    order: Option<&OrderStatus>,
    request: Option<&RequestStatus>,
) -> Option<RequestStatus> {
    let ended = OrderState::of(order, None).has_ended();
    match request {
        Some(RequestStatus::Approved) if ended => None,
        other => other.cloned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state(order: &str, request: &str) -> OrderState {
        OrderState::of(
            Some(&OrderStatus::from(order)),
            Some(&RequestStatus::from(request)),
        )
    }

    #[test]
    fn a_final_order_status_is_never_approved_or_issued() {
        for order in ["canceled", "rejected", "revoked", "expired"] {
            for request in ["pending", "submitted", "approved", "rejected"] {
                let s = state(order, request);
                assert_eq!(s, OrderState::Ended(order.to_owned()), "{order}/{request}");
                assert_eq!(s.exit_code(), EXIT_ENDED);
                assert_eq!(s.final_words(), Some(order));
                let word = s.list_word(
                    Some(&OrderStatus::from(order)),
                    Some(&RequestStatus::from(request)),
                );
                assert_eq!(word, order);
                assert_eq!(
                    request_shown(
                        Some(&OrderStatus::from(order)),
                        Some(&RequestStatus::from(request))
                    )
                    .as_ref()
                    .map(RequestStatus::as_str),
                    (request != "approved").then_some(request)
                );
            }
        }
    }

    #[test]
    fn approved_issued_and_in_progress() {
        assert_eq!(state("issued", "approved"), OrderState::Issued);
        assert_eq!(state("pending", "approved"), OrderState::Approved);
        assert_eq!(state("pending", "rejected").exit_code(), EXIT_ENDED);
        let open = state("needs_approval", "pending");
        assert_eq!(open, OrderState::InProgress);
        assert!(!open.is_final());
        assert_eq!(open.exit_code(), EXIT_OK);
        assert_eq!(
            open.list_word(Some(&OrderStatus::Pending), Some(&RequestStatus::Submitted)),
            "submitted"
        );
        assert_eq!(OrderState::of(None, None).list_word(None, None), "sent");
        assert_eq!(state("awaiting_moon", "escalated"), OrderState::InProgress);
    }
}
