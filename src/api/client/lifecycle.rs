//! The calls of a certificate's life after issuance: the account's order list, the expiring
//! report, reissue and revoke. The pages each models are cited in `crate::order::inventory`.
//! Reissue and revoke are sent exactly once, never retried: a lost answer is
//! [`ErrorKind::OutcomeUnknown`], for the caller to record and not resend.

use std::collections::HashSet;

use reqwest::Method;
use serde_json::Value;

use super::{Client, MAX_PAGES};
use crate::api::error::{ApiError, ErrorKind};
use crate::order::inventory::{
    ActionAnswer, ExpiringReport, ListedOrder, MAX_PAGE, OrderFilters, OrderListPage,
};

impl Client {
    /// `GET /order/certificate`, every page (`limit` 1000, DigiCert's most), each page handed to
    /// `each` as it arrives so that a large account is never held whole. Pages are asked for
    /// until a short or empty one, or one that brings only rows already seen (a server that
    /// ignores `offset`). Returns the number of rows read.
    pub async fn list_orders(
        &self,
        filters: &OrderFilters,
        each: impl FnMut(Vec<ListedOrder>),
    ) -> Result<usize, ApiError> {
        self.list_orders_by(filters, MAX_PAGE, each).await
    }

    /// [`Client::list_orders`] with `page` rows a call (1 to DigiCert's 1,000): more calls, each
    /// page smaller, for a caller that lists beside other work and keeps its memory low.
    pub async fn list_orders_by(
        &self,
        filters: &OrderFilters,
        page: usize,
        mut each: impl FnMut(Vec<ListedOrder>),
    ) -> Result<usize, ApiError> {
        let limit = page.clamp(1, MAX_PAGE);
        let filter = filters.query();
        let mut seen = HashSet::new();
        let mut offset = 0;
        let mut total = 0;
        for _ in 0..MAX_PAGES {
            let path = format!("order/certificate?offset={offset}&limit={limit}{filter}");
            let page: OrderListPage = self
                .get(&path, "listing the account's orders".into())
                .await?;
            let got = page.orders.len();
            let fresh: Vec<ListedOrder> = page
                .orders
                .into_iter()
                .filter(|o| seen.insert(o.id))
                .collect();
            let new = fresh.len();
            total += new;
            each(fresh);
            offset += got;
            if got < limit || new == 0 {
                break;
            }
        }
        Ok(total)
    }

    /// `GET /report/order/expiring`: counts at 90, 60, 30 and -7 days.
    pub async fn expiring_report(&self) -> Result<ExpiringReport, ApiError> {
        self.get(
            "report/order/expiring",
            "reading the expiring orders report".into(),
        )
        .await
    }

    /// `POST /order/certificate/{order_id}/reissue` with `body` (`{"certificate": {...}}`).
    pub async fn reissue(&self, order_id: i64, body: &Value) -> Result<ActionAnswer, ApiError> {
        self.send_once(
            Method::POST,
            &format!("order/certificate/{order_id}/reissue"),
            body,
            format!("reissuing the certificate of order {order_id}"),
        )
        .await
    }

    /// `PUT /certificate/{certificate_id}/revoke` with `{"comments": ...}`.
    pub async fn revoke_certificate(
        &self,
        certificate_id: i64,
        body: &Value,
    ) -> Result<ActionAnswer, ApiError> {
        self.send_once(
            Method::PUT,
            &format!("certificate/{certificate_id}/revoke"),
            body,
            format!("revoking certificate {certificate_id}"),
        )
        .await
    }

    /// `PUT /order/certificate/{order_id}/revoke`: every certificate of the order.
    pub async fn revoke_order(
        &self,
        order_id: i64,
        body: &Value,
    ) -> Result<ActionAnswer, ApiError> {
        self.send_once(
            Method::PUT,
            &format!("order/certificate/{order_id}/revoke"),
            body,
            format!("revoking the certificates of order {order_id}"),
        )
        .await
    }

    /// One call sent once, never retried: like the order POST, a failure after the request
    /// left (a lost answer, a server error, an unreadable 2xx) has an unknown outcome.
    async fn send_once(
        &self,
        method: Method,
        path: &str,
        body: &Value,
        action: String,
    ) -> Result<ActionAnswer, ApiError> {
        let bytes = serde_json::to_vec(body)
            .map_err(|e| ApiError::new(ErrorKind::BadInput, action.clone(), e.to_string()))?;
        let answer = self
            .exchange(method, path, Some(bytes), &action, true)
            .await?;
        ActionAnswer::read(&answer).ok_or_else(|| {
            self.redacted(ApiError::new(
                ErrorKind::OutcomeUnknown,
                action,
                "it answered, but not with JSON certwiz can read",
            ))
        })
    }
}
