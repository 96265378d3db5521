//! [`Services`] on the real API client (or the embedded sandbox behind it). The only module of
//! the wizard that knows the client; it turns its answers and errors into the wizard's types.

use tokio::sync::mpsc::UnboundedSender;

use super::services::{
    AccountData, Failure, FieldProblem, Placed, ServiceError, Services, TrackUpdate,
};
use crate::api::{ApiError, Client, ErrorKind, Tracker};
use crate::order::account::ProductDetails;
use crate::order::model::OrderInfo;
use crate::order::{OrderRequest, Product};
use crate::ordering::account::Want;

/// The wizard's services, served by CertCentral or the sandbox.
#[derive(Debug, Clone)]
pub struct ApiServices {
    client: Client,
    tracker: Tracker,
}

impl ApiServices {
    /// Services on `client`, tracking orders at the default pace.
    pub fn new(client: Client) -> Self {
        ApiServices {
            tracker: Tracker::new(client.clone()),
            client,
        }
    }

    /// Services on `client` whose orders are followed by `tracker` (a faster pace, in tests).
    pub fn with_tracker(client: Client, tracker: Tracker) -> Self {
        ApiServices { client, tracker }
    }
}

/// The wizard's view of an API error: its kind, its sentence, and the fields it names.
pub fn service_error(e: &ApiError) -> ServiceError {
    let failure = match e.kind() {
        ErrorKind::BadInput => Failure::BadInput,
        ErrorKind::OutcomeUnknown => Failure::OutcomeUnknown,
        ErrorKind::BadKey | ErrorKind::MissingPermission => Failure::Denied,
        _ => Failure::Other,
    };
    ServiceError {
        failure,
        message: e.to_string(),
        fields: e
            .field_errors()
            .iter()
            .map(|f| FieldProblem {
                path: f.field.clone(),
                message: f.message.clone(),
            })
            .collect(),
        refused: crate::ordering::renewal::Refused::of(e),
    }
}

impl Services for ApiServices {
    async fn place_order(
        &self,
        product: Product,
        body: OrderRequest,
    ) -> Result<Placed, ServiceError> {
        let answer = self.client.place_order(product, &body).await.map_err(|e| {
            let mut error = service_error(&e);
            // The same rule as `certwiz submit`: a 5xx may come after the order was stored.
            if !crate::ordering::definitely_not_placed(e.kind()) {
                error.failure = Failure::OutcomeUnknown;
            }
            error
        })?;
        let first = answer.first_request();
        Ok(Placed {
            order_id: answer.id,
            request_id: first.and_then(|r| r.id),
            request_status: first.and_then(|r| r.status.clone()),
            certificate_id: answer.certificate_id,
        })
    }

    async fn preflight(
        &self,
        product: Product,
        body: OrderRequest,
    ) -> Option<crate::order::preflight::Report> {
        self.client.preflight_report(&[(product, &body)]).await
    }

    async fn submit_ds_validation(&self, org: i64) -> Result<String, ServiceError> {
        let today = time::OffsetDateTime::now_utc().date();
        match crate::ordering::submit_ds(&self.client, org, today).await {
            Ok(crate::ordering::DsSubmission::Submitted(_)) => Ok(format!(
                "Organization {org} was submitted for document signing validation."
            )),
            Ok(crate::ordering::DsSubmission::NotNeeded(list)) => Ok(format!(
                "Organization {org} has a {}: nothing was submitted.",
                crate::order::preflight::ds_summary(&list, today)
            )),
            Err(e) => Err(service_error(&e)),
        }
    }

    async fn why_it_waits(
        &self,
        order_id: i64,
        status: crate::order::OrderStatus,
        request_id: Option<i64>,
    ) -> Vec<String> {
        crate::ordering::waiting::why(&self.client, order_id, Some(&status), request_id).await
    }

    async fn certificates(
        &self,
    ) -> Result<Vec<crate::order::inventory::Certificate>, ServiceError> {
        use crate::ordering::certificates::{WIZARD_PAGE, list_all_by};
        list_all_by(&self.client, WIZARD_PAGE)
            .await
            .map_err(|e| service_error(&e))
    }

    async fn account(&self) -> Result<AccountData, ServiceError> {
        crate::ordering::account::read(&self.client, Want::wizard())
            .await
            .map_err(|e| service_error(&e))
    }

    async fn product_details(&self, product: Product) -> Result<ProductDetails, ServiceError> {
        self.client
            .product_details(product)
            .await
            .map_err(|e| service_error(&e))
    }

    async fn decide(
        &self,
        request_id: i64,
        approve: bool,
        comment: Option<String>,
    ) -> Result<(), ServiceError> {
        self.client
            .decide_request(request_id, approve, comment.as_deref())
            .await
            .map_err(|e| service_error(&e))
    }

    async fn cancel(&self, order_id: i64, note: String) -> Result<(), ServiceError> {
        self.client
            .cancel_order(order_id, &note)
            .await
            .map_err(|e| service_error(&e))
    }

    async fn order_info(&self, order_id: i64) -> Result<OrderInfo, ServiceError> {
        self.client
            .order_info(order_id)
            .await
            .map_err(|e| service_error(&e))
    }

    async fn download_certificate(
        &self,
        order_id: i64,
        format: &str,
    ) -> Result<Vec<u8>, ServiceError> {
        self.client
            .download_certificate(order_id, format)
            .await
            .map_err(|e| service_error(&e))
    }

    fn track(&self, order_id: i64, request_id: Option<i64>, updates: UnboundedSender<TrackUpdate>) {
        self.tracker.track(order_id, request_id, updates);
    }
}
