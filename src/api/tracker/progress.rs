//! What is known of one followed order, folded from its polls and status changes.

use time::OffsetDateTime;

use super::pace::TrackUpdate;
use crate::order::model::{OrderInfo, OrderStatusChange, RequestInfo};
use crate::order::state::{OrderState, request_shown};
use crate::order::{OrderStatus, RequestStatus};

/// What is known of one order: folds polls into changes. Pure, so it is tested without a server.
#[derive(Debug, Clone, PartialEq)]
pub struct Progress {
    pub(super) order_id: i64,
    request_id: Option<i64>,
    order_status: Option<OrderStatus>,
    request_status: Option<RequestStatus>,
    certificate_id: Option<i64>,
    pub(super) seen: bool,
}

impl Progress {
    /// Nothing known yet but the ids.
    pub fn new(order_id: i64, request_id: Option<i64>) -> Self {
        Progress {
            order_id,
            request_id,
            order_status: None,
            request_status: None,
            certificate_id: None,
            seen: false,
        }
    }

    /// The request followed: the one given, else the order's first.
    pub fn request_id(&self) -> Option<i64> {
        self.request_id
    }

    /// Whether the request is decided or the order is over (one meaning: [`OrderState`]).
    pub fn is_final(&self) -> bool {
        OrderState::of(self.order_status.as_ref(), self.request_status.as_ref()).is_final()
    }

    /// The request's status as the order lists it, when it does.
    pub fn listed_request_status(&self, order: &OrderInfo) -> Option<RequestStatus> {
        let requests = order.requests.as_deref()?;
        let listed = match self.request_id {
            Some(id) => requests.iter().find(|r| r.id == Some(id)),
            None => requests.first(),
        };
        listed.and_then(|r| r.status.clone())
    }

    /// Folds in one poll; returns an update when anything changed (always for the first).
    pub fn observe(
        &mut self,
        order: &OrderInfo,
        request: Option<&RequestInfo>,
        at: OffsetDateTime,
    ) -> Option<TrackUpdate> {
        if self.request_id.is_none() {
            self.request_id = order
                .requests
                .as_deref()
                .and_then(|r| r.first())
                .and_then(|r| r.id);
        }
        let before = self.clone();
        self.order_status = order.status.clone().or(self.order_status.take());
        let request_status = request
            .and_then(|r| r.status.clone())
            .or_else(|| self.listed_request_status(order));
        // A request of an order that ended is never taken as approved.
        let request_status = request_shown(self.order_status.as_ref(), request_status.as_ref());
        self.request_status = request_status.or(self.request_status.take());
        self.request_status =
            request_shown(self.order_status.as_ref(), self.request_status.as_ref());
        self.certificate_id = order
            .certificate
            .as_ref()
            .and_then(|c| c.id)
            .or(self.certificate_id);
        self.seen = true;
        (*self != before).then(|| self.update(at, None))
    }

    /// Folds in a row of the status changes: the order's status (and certificate) as DigiCert
    /// lists it. Returns an update when the status is new; it is never final, since the request's
    /// status is still to be read from order info, which confirms a final status.
    pub fn observe_change(
        &mut self,
        change: &OrderStatusChange,
        at: OffsetDateTime,
    ) -> Option<TrackUpdate> {
        let status = change.status.clone()?;
        if self.order_status.as_ref() == Some(&status) {
            return None;
        }
        // DigiCert lists a certificate id with every row; it is the order's certificate only
        // once issued (order info says the same).
        if status == OrderStatus::Issued {
            self.certificate_id = change.certificate_id.or(self.certificate_id);
        }
        self.order_status = Some(status);
        self.seen = true;
        let mut update = self.update(at, None);
        update.is_final = false;
        Some(update)
    }

    /// The current state as an update, with an optional error.
    pub fn update(&self, at: OffsetDateTime, error: Option<String>) -> TrackUpdate {
        TrackUpdate {
            order_id: self.order_id,
            at,
            order_status: self.order_status.clone(),
            request_id: self.request_id,
            request_status: self.request_status.clone(),
            certificate_id: self.certificate_id,
            is_final: self.is_final(),
            error,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn order(status: &str, request_status: &str, certificate: Option<i64>) -> OrderInfo {
        let mut value = json!({
            "id": 7,
            "status": status,
            "requests": [{"id": 70, "status": request_status}]
        });
        if let Some(id) = certificate {
            value["certificate"] = json!({ "id": id });
        }
        serde_json::from_value(value).unwrap()
    }

    #[test]
    fn reports_only_changes_and_learns_the_request() {
        let mut p = Progress::new(7, None);
        let at = OffsetDateTime::UNIX_EPOCH;
        let first = p
            .observe(&order("needs_approval", "pending", None), None, at)
            .unwrap();
        assert_eq!(first.request_id, Some(70));
        assert_eq!(first.request_status, Some(RequestStatus::Pending));
        assert!(!first.is_final);
        assert!(
            p.observe(&order("needs_approval", "pending", None), None, at)
                .is_none()
        );
        let next = p
            .observe(&order("pending", "submitted", None), None, at)
            .unwrap();
        assert_eq!(next.order_status, Some(OrderStatus::Pending));
        let last = p
            .observe(&order("issued", "approved", Some(99)), None, at)
            .unwrap();
        assert!(last.is_final);
        assert_eq!(last.certificate_id, Some(99));
    }

    #[test]
    fn unknown_statuses_are_kept_and_in_progress() {
        let mut p = Progress::new(7, Some(70));
        let u = p
            .observe(
                &order("awaiting_moon", "escalated", None),
                None,
                OffsetDateTime::UNIX_EPOCH,
            )
            .unwrap();
        assert_eq!(u.order_status.unwrap().as_str(), "awaiting_moon");
        assert_eq!(u.request_status.unwrap().as_str(), "escalated");
        assert!(!u.is_final);
    }

    #[test]
    fn a_final_order_status_ends_tracking() {
        let mut p = Progress::new(7, Some(70));
        let u = p
            .observe(
                &order("canceled", "pending", None),
                None,
                OffsetDateTime::UNIX_EPOCH,
            )
            .unwrap();
        assert!(u.is_final);
    }

    #[test]
    fn a_canceled_order_is_never_taken_as_approved() {
        let mut p = Progress::new(7, Some(70));
        let at = OffsetDateTime::UNIX_EPOCH;
        p.observe(&order("pending", "submitted", None), None, at);
        let info: RequestInfo =
            serde_json::from_value(json!({"id": 70, "status": "approved"})).unwrap();
        let u = p
            .observe(&order("canceled", "approved", None), Some(&info), at)
            .unwrap();
        assert!(u.is_final);
        assert_eq!(u.order_status, Some(OrderStatus::Canceled));
        assert_eq!(u.request_status, Some(RequestStatus::Submitted));
    }

    #[test]
    fn request_info_fills_in_when_the_order_does_not_list_it() {
        let mut p = Progress::new(7, Some(71));
        let info: RequestInfo =
            serde_json::from_value(json!({"id": 71, "status": "rejected"})).unwrap();
        let u = p
            .observe(
                &order("rejected", "pending", None),
                Some(&info),
                OffsetDateTime::UNIX_EPOCH,
            )
            .unwrap();
        assert_eq!(u.request_status, Some(RequestStatus::Rejected));
        assert!(u.is_final);
    }

    #[test]
    fn status_changes_are_read_leniently_and_reported_but_not_final() {
        use crate::order::model::StatusChangeList;
        let none: StatusChangeList = serde_json::from_value(json!({})).unwrap();
        assert!(none.orders.is_empty());
        let list: StatusChangeList = serde_json::from_value(json!({"orders": [
            {"order_id": "7", "certificate_id": "99", "status": "issued"},
            {"certificate_id": 1, "status": "issued"},
            {"order_id": 8, "status": "canceled"}
        ]}))
        .unwrap();
        assert_eq!(
            list.orders.len(),
            2,
            "the row without an order id is skipped"
        );
        let mut p = Progress::new(7, Some(70));
        let at = OffsetDateTime::UNIX_EPOCH;
        let u = p.observe_change(&list.orders[0], at).unwrap();
        assert_eq!(u.order_status, Some(OrderStatus::Issued));
        assert_eq!(u.certificate_id, Some(99));
        assert!(!u.is_final, "order info confirms it");
        assert!(p.is_final());
        assert!(p.observe_change(&list.orders[0], at).is_none(), "no news");
        // Order info then brings the request's status and the final update.
        let last = p
            .observe(&order("issued", "approved", Some(99)), None, at)
            .unwrap();
        assert!(last.is_final);
        assert_eq!(last.request_status, Some(RequestStatus::Approved));
    }
}
