//! One poll of one order, and how its errors are named in the log.

use time::OffsetDateTime;

use super::progress::Progress;
use crate::api::client::Client;
use crate::api::error::{ApiError, ErrorKind};
use crate::order::model::{OrderInfo, RequestInfo};

/// A poll's answer: order info and maybe request info, or the failed call's path and error.
pub(super) type Polled = Result<(OrderInfo, Option<RequestInfo>), (String, ApiError)>;

pub(super) fn now() -> OffsetDateTime {
    OffsetDateTime::now_utc()
}

/// Errors after which polling again cannot help.
pub(super) fn is_permanent(error: &ApiError) -> bool {
    matches!(
        error.kind(),
        ErrorKind::BadKey | ErrorKind::MissingPermission | ErrorKind::NotFound
    )
}

/// One poll: order info, plus request info when the order does not list the request's status.
/// Order info usually lists it, so most polls cost one request. A failure names the call's path.
pub(super) async fn fetch(client: &Client, mut probe: Progress) -> Polled {
    let order_id = probe.order_id;
    let order = client
        .order_info(order_id)
        .await
        .map_err(|e| (format!("order/certificate/{order_id}"), e))?;
    probe.observe(&order, None, now());
    let request = match probe.request_id() {
        Some(id) if probe.listed_request_status(&order).is_none() => Some(
            client
                .request_info(id)
                .await
                .map_err(|e| (format!("request/{id}"), e))?,
        ),
        _ => None,
    };
    Ok((order, request))
}

/// An error for the log: its status and kind, never its message (which may quote personal data).
pub(super) fn outcome(error: &ApiError) -> String {
    match error.status() {
        Some(status) => format!("{status} ({:?})", error.kind()),
        None => format!("{:?}", error.kind()),
    }
}
