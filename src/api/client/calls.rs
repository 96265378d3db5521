//! The documented calls, one method each: placing and following orders, deciding requests, and
//! reading what the account holds. How a call is sent, retried and read is the client's.

use std::time::Duration;

use reqwest::Method;
use serde::de::DeserializeOwned;
use serde_json::json;

use super::{Client, MAX_PAGES, MAX_STATUS_CHANGE_SECONDS};
use crate::api::error::{ApiError, ErrorKind};
use crate::order::account::{
    Container, ContainerList, ListedProduct, MetadataField, MetadataList, Organization,
    OrganizationList, ProductDetails, ProductList, User, UserList, more_pages,
};
use crate::order::model::{
    OrderInfo, OrderStatusChange, RequestInfo, RequestList, RequestSummary, StatusChangeList,
};
use crate::order::{OrderRequest, OrderResponse, Product, RequestStatus};

impl Client {
    /// Places an order. Sent exactly once: a failure whose outcome is unknown is
    /// [`ErrorKind::OutcomeUnknown`], to be resolved by looking the order up.
    pub async fn place_order(
        &self,
        product: Product,
        body: &OrderRequest,
    ) -> Result<OrderResponse, ApiError> {
        let action = "placing the order".to_owned();
        let bytes = serde_json::to_vec(body)
            .map_err(|e| ApiError::new(ErrorKind::BadInput, action.clone(), e.to_string()))?;
        let path = format!("order/certificate/{}", product.name_id());
        let answer = self
            .exchange(Method::POST, &path, Some(bytes), &action, true)
            .await?;
        self.placed_order(&answer, &action)
    }

    /// `GET /order/certificate/{id}`.
    pub async fn order_info(&self, order_id: i64) -> Result<OrderInfo, ApiError> {
        self.get(
            &format!("order/certificate/{order_id}"),
            format!("reading order {order_id}"),
        )
        .await
    }

    /// `GET /order/certificate/status-changes?seconds=N`: the orders whose status changed in
    /// the last `since` (rounded up to a second, at most DigiCert's 7 days), with their status
    /// now. An answer of `{}` is no change.
    pub async fn status_changes(
        &self,
        since: Duration,
    ) -> Result<Vec<OrderStatusChange>, ApiError> {
        let seconds = since
            .as_secs()
            .saturating_add(u64::from(since.subsec_nanos() > 0))
            .clamp(1, MAX_STATUS_CHANGE_SECONDS);
        let list: StatusChangeList = self
            .get(
                &format!("order/certificate/status-changes?seconds={seconds}"),
                "listing order status changes".into(),
            )
            .await?;
        Ok(list.orders)
    }

    /// `GET /request/{id}`.
    pub async fn request_info(&self, request_id: i64) -> Result<RequestInfo, ApiError> {
        self.get(
            &format!("request/{request_id}"),
            format!("reading request {request_id}"),
        )
        .await
    }

    /// Approves or rejects a request; DigiCert wants a comment with a rejection.
    pub async fn decide_request(
        &self,
        request_id: i64,
        approve: bool,
        comment: Option<&str>,
    ) -> Result<(), ApiError> {
        let (status, verb) = if approve {
            ("approved", "approving")
        } else {
            ("rejected", "rejecting")
        };
        let mut body = json!({ "status": status });
        if let Some(comment) = comment {
            body["processor_comment"] = json!(comment);
        }
        self.put(
            &format!("request/{request_id}/status"),
            &body,
            format!("{verb} request {request_id}"),
        )
        .await
    }

    /// Cancels an order (DigiCert allows it while the order is pending).
    pub async fn cancel_order(&self, order_id: i64, note: &str) -> Result<(), ApiError> {
        let body = json!({ "status": "canceled", "note": note });
        self.put(
            &format!("order/certificate/{order_id}/status"),
            &body,
            format!("canceling order {order_id}"),
        )
        .await
    }

    /// The account's organizations.
    pub async fn organizations(&self) -> Result<Vec<Organization>, ApiError> {
        let list: OrganizationList = self
            .get("organization", "listing organizations".into())
            .await?;
        Ok(list.organizations)
    }

    /// The account's divisions.
    pub async fn containers(&self) -> Result<Vec<Container>, ApiError> {
        let list: ContainerList = self.get("container", "listing divisions".into()).await?;
        Ok(list.containers)
    }

    /// The account's users, every page.
    pub async fn users(&self) -> Result<Vec<User>, ApiError> {
        self.every_page(
            "user",
            "",
            "listing users",
            |l: UserList| l.users,
            |u| Some(u.id),
        )
        .await
    }

    /// Requests, optionally only those of one status, every page.
    pub async fn requests(
        &self,
        status: Option<&RequestStatus>,
    ) -> Result<Vec<RequestSummary>, ApiError> {
        let filter = status
            .map(|s| format!("&filters%5Bstatus%5D={}", s.as_str()))
            .unwrap_or_default();
        self.every_page(
            "request",
            &filter,
            "listing requests",
            |l: RequestList| l.requests,
            |r| r.id,
        )
        .await
    }

    /// Every row of a paged list: pages are asked for until a short or empty one, never by
    /// `page.total`, which DigiCert has been seen to get wrong. A page that brings only rows
    /// already seen (a server that ignores `offset`) also ends the list, and so does
    /// [`MAX_PAGES`], so a misbehaving server cannot keep certwiz paging for ever.
    async fn every_page<L: DeserializeOwned, T>(
        &self,
        path: &str,
        filter: &str,
        action: &str,
        rows_of: impl Fn(L) -> Vec<T>,
        id_of: impl Fn(&T) -> Option<i64>,
    ) -> Result<Vec<T>, ApiError> {
        let limit = self.inner.options.page_size.max(1) as usize;
        let mut all = Vec::new();
        let mut seen = std::collections::HashSet::new();
        let mut offset = 0;
        for _ in 0..MAX_PAGES {
            let url = format!("{path}?offset={offset}&limit={limit}{filter}");
            let rows = rows_of(self.get(&url, action.to_owned()).await?);
            let got = rows.len();
            let before = all.len();
            all.extend(
                rows.into_iter()
                    .filter(|row| id_of(row).is_none_or(|id| seen.insert(id))),
            );
            offset += got;
            if !more_pages(got, limit) || all.len() == before {
                break;
            }
        }
        Ok(all)
    }

    /// The account's custom fields.
    pub async fn metadata(&self) -> Result<Vec<MetadataField>, ApiError> {
        let list: MetadataList = self
            .get(
                "account/metadata",
                "reading the account's custom fields".into(),
            )
            .await?;
        Ok(list.metadata)
    }

    /// A product's details: validity years, server platforms, whether a CSR is needed.
    pub async fn product_details(&self, product: Product) -> Result<ProductDetails, ApiError> {
        self.get(
            &format!("product/{}", product.name_id()),
            format!("reading the details of {product}"),
        )
        .await
    }

    /// `GET /product`: every product the account can order, document signing or not (DigiCert's
    /// "Product list": <https://dev.digicert.com/certcentral-apis/services-api/products/product-list.html>;
    /// the page shows no paging for it).
    pub async fn products(&self) -> Result<Vec<ListedProduct>, ApiError> {
        let list: ProductList = self
            .get("product", "listing the account's products".into())
            .await?;
        Ok(list.products)
    }

    /// `GET /certificate/download/order/{id}/format/{format}`: the certificate file as DigiCert
    /// sends it (for `pem_all`, the PEM chain). Checking it is the caller's work.
    pub async fn download_certificate(
        &self,
        order_id: i64,
        format: &str,
    ) -> Result<Vec<u8>, ApiError> {
        let action = format!("downloading the certificate of order {order_id}");
        if format.is_empty()
            || !format
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_')
        {
            return Err(ApiError::new(
                ErrorKind::BadInput,
                action,
                format!("{format:?} is not a format name (such as pem_all)"),
            ));
        }
        let path = format!("certificate/download/order/{order_id}/format/{format}");
        self.get_with(&path, action, |bytes, _| Ok(bytes.to_vec()))
            .await
    }
}
