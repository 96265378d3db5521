//! Why an order waits, for `status` and `status --watch`: read from
//! `GET /order/certificate/{id}/validation` and, while it needs approval, the approvers call,
//! put in words by `order::preflight::wait`. When the call cannot be read, nothing is added and
//! the status is shown as before.

use crate::api::Client;
use crate::order::OrderStatus;
use crate::order::preflight::wait;

/// The lines explaining why the order waits; none when it does not wait or the answer cannot be
/// read.
pub async fn why(
    client: &Client,
    order_id: i64,
    status: Option<&OrderStatus>,
    request_id: Option<i64>,
) -> Vec<String> {
    let needs_approval = match status {
        Some(OrderStatus::NeedsApproval) => true,
        Some(OrderStatus::Pending) => false,
        _ => return Vec::new(),
    };
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
    wait::explain(&answer, approvers.as_ref(), request)
}

/// Prints them under a heading, when there are any.
pub fn print(lines: &[String]) {
    if lines.is_empty() {
        return;
    }
    println!("why it waits:");
    for line in lines {
        println!("  {line}");
    }
}
