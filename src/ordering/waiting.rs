//! Why an order waits, for `status`, `status --watch` and the wizard's Orders screen: read from
//! `GET /order/certificate/{id}/validation` and, while it needs approval, the approvers call,
//! put in words by `order::preflight::wait`. When the call cannot be read, nothing is added and
//! the status is shown as before.

use crate::api::Client;
use crate::order::OrderStatus;
use crate::order::preflight::wait;

/// Whether an order of this status waits for something `why` can name.
pub fn may_wait(status: Option<&OrderStatus>) -> bool {
    matches!(
        status,
        Some(OrderStatus::NeedsApproval | OrderStatus::Pending)
    )
}

/// The lines explaining why the order waits; none when it does not wait or the answer cannot be
/// read.
pub async fn why(
    client: &Client,
    order_id: i64,
    status: Option<&OrderStatus>,
    request_id: Option<i64>,
) -> Vec<String> {
    if !may_wait(status) {
        return Vec::new();
    }
    let needs_approval = status == Some(&OrderStatus::NeedsApproval);
    let answer = match client.order_validation(order_id).await {
        Ok(answer) => answer,
        Err(e) => {
            tracing::debug!("order {order_id}: why it waits not read ({:?})", e.kind());
            return Vec::new();
        }
    };
    let approvers = if needs_approval {
        client.potential_approvers().await.ok()
    } else {
        None
    };
    let request = if needs_approval { request_id } else { None };
    let mut lines = wait::expired(&answer, time::OffsetDateTime::now_utc().date());
    lines.extend(wait::explain(&answer, approvers.as_ref(), request));
    lines
}
