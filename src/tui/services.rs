//! The wizard's network boundary. The runtime calls a [`Services`] implementation and turns the
//! results into messages; tests use fakes. No type here holds anything of the HTTP client, so the
//! update function can be fed any result.

use std::future::Future;

use tokio::sync::mpsc::UnboundedSender;

use crate::order::account::ProductDetails;
use crate::order::inventory::Certificate;
use crate::order::model::OrderInfo;
use crate::order::{OrderRequest, OrderStatus, Product, RequestStatus};

/// What the account offers the form: the ordering core's one account snapshot, read for the
/// wizard with the organizations and divisions required ([`Want::wizard`](crate::ordering::account::Want::wizard)).
pub use crate::ordering::account::{AccountPart, Snapshot as AccountData};

/// The answer to a placed order.
#[derive(Debug, Clone, PartialEq)]
pub struct Placed {
    pub order_id: i64,
    pub request_id: Option<i64>,
    pub request_status: Option<RequestStatus>,
    pub certificate_id: Option<i64>,
}

/// How a call failed, as far as the wizard cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure {
    /// The API refused the input (400); see the field problems.
    BadInput,
    /// The order POST may or may not have reached DigiCert.
    OutcomeUnknown,
    /// The key is wrong or lacks a permission.
    Denied,
    /// Anything else: server trouble, network, rate limits, unreadable answers.
    Other,
}

/// One problem the API named, with the field's dotted path when it named one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldProblem {
    pub path: Option<String>,
    pub message: String,
}

/// A failed call: a sentence for a person plus what the wizard needs to react.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceError {
    pub failure: Failure,
    pub message: String,
    pub fields: Vec<FieldProblem>,
    /// CertCentral refused the order as a renewal it will not make (`ordering::renewal`).
    pub refused: Option<crate::ordering::renewal::Refused>,
}

impl ServiceError {
    /// An error with no field problems.
    pub fn new(failure: Failure, message: impl Into<String>) -> Self {
        ServiceError {
            failure,
            message: message.into(),
            fields: Vec::new(),
            refused: None,
        }
    }
}

/// A change in a tracked order: the tracker's plain data (order model types and a time), so the
/// wizard takes it as it is.
pub use crate::api::TrackUpdate;

/// The calls the wizard makes. Implemented for the API client, and by fakes in tests.
pub trait Services: Send + Sync + 'static {
    /// POSTs the order; never retried.
    fn place_order(
        &self,
        product: Product,
        body: OrderRequest,
    ) -> impl Future<Output = Result<Placed, ServiceError>> + Send;
    /// Organizations, divisions, users, custom fields and the products the account sells.
    fn account(&self) -> impl Future<Output = Result<AccountData, ServiceError>> + Send;
    /// A product's details.
    fn product_details(
        &self,
        product: Product,
    ) -> impl Future<Output = Result<ProductDetails, ServiceError>> + Send;
    /// Approves or rejects a request.
    fn decide(
        &self,
        request_id: i64,
        approve: bool,
        comment: Option<String>,
    ) -> impl Future<Output = Result<(), ServiceError>> + Send;
    /// Cancels an order.
    fn cancel(
        &self,
        order_id: i64,
        note: String,
    ) -> impl Future<Output = Result<(), ServiceError>> + Send;
    /// An order's info (for its provisioning method and install code).
    fn order_info(
        &self,
        order_id: i64,
    ) -> impl Future<Output = Result<OrderInfo, ServiceError>> + Send;
    /// An issued order's certificate in a format, as it comes.
    fn download_certificate(
        &self,
        order_id: i64,
        format: &str,
    ) -> impl Future<Output = Result<Vec<u8>, ServiceError>> + Send;
    /// The pre-flight check of an order about to be sent; none when it cannot run (the
    /// default, for services that do not offer it).
    fn preflight(
        &self,
        _product: Product,
        _body: OrderRequest,
    ) -> impl Future<Output = Option<crate::order::preflight::Report>> + Send {
        async { None }
    }
    /// Submits an organization for document signing validation (the one use case,
    /// `ordering::submit_ds`): what was done, in words. Services that do not offer it say so.
    fn submit_ds_validation(
        &self,
        _org: i64,
    ) -> impl Future<Output = Result<String, ServiceError>> + Send {
        async {
            Err(ServiceError::new(
                Failure::Other,
                "submitting for validation is not offered here",
            ))
        }
    }
    /// Why a waiting order waits, in plain words (`ordering::waiting::why`); none when it
    /// does not wait or it cannot be read (the default, for services that do not offer it).
    fn why_it_waits(
        &self,
        _order_id: i64,
        _status: OrderStatus,
        _request_id: Option<i64>,
    ) -> impl Future<Output = Vec<String>> + Send {
        async { Vec::new() }
    }
    /// The account's document signing certificates (`ordering::certificates::list_all`).
    fn certificates(&self) -> impl Future<Output = Result<Vec<Certificate>, ServiceError>> + Send {
        async {
            Err(ServiceError::new(
                Failure::Other,
                "these services do not list certificates",
            ))
        }
    }
    /// Starts following an order; changes arrive on `updates` until it is final.
    fn track(&self, order_id: i64, request_id: Option<i64>, updates: UnboundedSender<TrackUpdate>);
}

/// The calls a test's fake does not make, each answered with an error (`track` with nothing):
/// inside an `impl Services`, `refused_calls!(account, cancel)` writes `account` and `cancel`,
/// `refused_calls!(all)` every one, `refused_calls!(all but place_order)` every other. Tests only.
#[cfg(test)]
macro_rules! refused_calls {
    (all) => {
        crate::tui::services::refused_calls!(place_order);
        crate::tui::services::refused_calls!(all but place_order);
    };
    (all but place_order) => {
        crate::tui::services::refused_calls!(account, product_details, decide, cancel);
        crate::tui::services::refused_calls!(order_info, download_certificate, track);
    };
    ($($call:ident),* $(,)?) => { $(crate::tui::services::refused_calls!(@ $call);)* };
    (@ place_order) => {
        async fn place_order(
            &self,
            _: crate::order::Product,
            _: crate::order::OrderRequest,
        ) -> Result<crate::tui::services::Placed, crate::tui::services::ServiceError> {
            crate::tui::services::refused()
        }
    };
    (@ account) => {
        async fn account(
            &self,
        ) -> Result<crate::tui::services::AccountData, crate::tui::services::ServiceError> {
            crate::tui::services::refused()
        }
    };
    (@ product_details) => {
        async fn product_details(
            &self,
            _: crate::order::Product,
        ) -> Result<crate::order::account::ProductDetails, crate::tui::services::ServiceError> {
            crate::tui::services::refused()
        }
    };
    (@ decide) => {
        async fn decide(
            &self,
            _: i64,
            _: bool,
            _: Option<String>,
        ) -> Result<(), crate::tui::services::ServiceError> {
            crate::tui::services::refused()
        }
    };
    (@ cancel) => {
        async fn cancel(&self, _: i64, _: String) -> Result<(), crate::tui::services::ServiceError> {
            crate::tui::services::refused()
        }
    };
    (@ order_info) => {
        async fn order_info(
            &self,
            _: i64,
        ) -> Result<crate::order::model::OrderInfo, crate::tui::services::ServiceError> {
            crate::tui::services::refused()
        }
    };
    (@ track) => {
        fn track(
            &self,
            _: i64,
            _: Option<i64>,
            _: tokio::sync::mpsc::UnboundedSender<crate::tui::services::TrackUpdate>,
        ) {
        }
    };
    (@ download_certificate) => {
        async fn download_certificate(
            &self,
            _: i64,
            _: &str,
        ) -> Result<Vec<u8>, crate::tui::services::ServiceError> {
            crate::tui::services::refused()
        }
    };
}
#[cfg(test)]
pub(crate) use refused_calls;

/// What a test's fake answers to a call it does not make ([`refused_calls`]).
#[cfg(test)]
pub(crate) fn refused<T>() -> Result<T, ServiceError> {
    Err(ServiceError::new(Failure::Other, "not used by this test"))
}
