//! [`Services`] on the real API client (or the embedded sandbox behind it). The only module of
//! the wizard that knows the client; it turns its answers and errors into the wizard's types.

use tokio::sync::mpsc::UnboundedSender;

use super::services::{
    AccountData, AccountPart, Failure, FieldProblem, Placed, ServiceError, Services, TrackUpdate,
};
use crate::api::{ApiError, Client, ErrorKind, Tracker};
use crate::order::account::ProductDetails;
use crate::order::model::OrderInfo;
use crate::order::{OrderRequest, Product};

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
    }
}

/// An optional part of the account: its list, or an empty one noted in `unread`. A refused key
/// is still an error, since nothing else will work either.
fn optional<T>(
    part: AccountPart,
    result: Result<Vec<T>, ApiError>,
    unread: &mut Vec<(AccountPart, String)>,
) -> Result<Vec<T>, ServiceError> {
    match result {
        Ok(list) => Ok(list),
        Err(e) if e.kind() == ErrorKind::BadKey => Err(service_error(&e)),
        Err(e) => {
            unread.push((part, e.to_string()));
            Ok(Vec::new())
        }
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
        crate::ordering::certificates::list_all(&self.client)
            .await
            .map_err(|e| service_error(&e))
    }

    async fn account(&self) -> Result<AccountData, ServiceError> {
        let c = &self.client;
        let (organizations, containers, users, metadata, products) = tokio::join!(
            c.organizations(),
            c.containers(),
            c.users(),
            c.metadata(),
            c.products()
        );
        let err = |e: ApiError| service_error(&e);
        // Organizations and divisions are the account; users and custom fields only help, so
        // one of them failing is a quiet note, unless the key itself was refused.
        let mut unread = Vec::new();
        let users = optional(AccountPart::Users, users, &mut unread)?;
        let metadata = optional(AccountPart::Metadata, metadata, &mut unread)?;
        // The product list only narrows the product choice: unread, all five are offered.
        let products = match products {
            Ok(list) => Some(list),
            Err(e) if e.kind() == ErrorKind::BadKey => return Err(service_error(&e)),
            Err(e) => {
                unread.push((AccountPart::Products, e.to_string()));
                None
            }
        };
        Ok(AccountData {
            organizations: organizations.map_err(err)?,
            containers: containers.map_err(err)?,
            users,
            metadata,
            products,
            unread,
        })
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
