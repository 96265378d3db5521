//! Follows orders until they are final, reporting each change with its time.
//!
//! Each order is polled by its own task; all of them go through the client's shared limiter.
//! Polling starts every few seconds and slows down while nothing changes, so many orders can be
//! followed for hours within DigiCert's limits. Unknown statuses are shown as they are and count
//! as still in progress.

use std::time::Duration;

use time::OffsetDateTime;
use tokio::sync::mpsc::UnboundedSender;

use super::client::Client;
use super::error::{ApiError, ErrorKind};
use crate::order::model::{OrderInfo, RequestInfo};
use crate::order::{OrderStatus, RequestStatus};

/// A change in a followed order, or a polling error.
#[derive(Debug, Clone, PartialEq)]
pub struct TrackUpdate {
    pub order_id: i64,
    /// When the change was seen.
    pub at: OffsetDateTime,
    pub order_status: Option<OrderStatus>,
    pub request_id: Option<i64>,
    pub request_status: Option<RequestStatus>,
    pub certificate_id: Option<i64>,
    /// The order will not change any more; no updates follow. Set with `error` when tracking had
    /// to stop (the order is not found, the key is refused).
    pub is_final: bool,
    /// A polling error; tracking goes on unless `is_final` is set.
    pub error: Option<String>,
}

/// How often an order is polled.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PollPolicy {
    /// The delay after a change.
    pub first: Duration,
    /// The longest delay while nothing changes.
    pub max: Duration,
    /// How much the delay grows after each poll that saw no change.
    pub growth: f64,
}

impl Default for PollPolicy {
    fn default() -> Self {
        PollPolicy {
            first: Duration::from_secs(3),
            max: Duration::from_secs(60),
            growth: 1.5,
        }
    }
}

impl PollPolicy {
    /// The delay after `current` when nothing changed.
    pub fn slower(&self, current: Duration) -> Duration {
        current.mul_f64(self.growth).min(self.max).max(self.first)
    }
}

/// What is known of one order: folds polls into changes. Pure, so it is tested without a server.
#[derive(Debug, Clone, PartialEq)]
pub struct Progress {
    order_id: i64,
    request_id: Option<i64>,
    order_status: Option<OrderStatus>,
    request_status: Option<RequestStatus>,
    certificate_id: Option<i64>,
    seen: bool,
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

    /// Whether the request is decided or the order is over.
    pub fn is_final(&self) -> bool {
        self.request_status
            .as_ref()
            .is_some_and(RequestStatus::is_final)
            || self
                .order_status
                .as_ref()
                .is_some_and(OrderStatus::is_final)
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
        self.request_status = request_status.or(self.request_status.take());
        self.certificate_id = order
            .certificate
            .as_ref()
            .and_then(|c| c.id)
            .or(self.certificate_id);
        self.seen = true;
        (*self != before).then(|| self.update(at, None))
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

/// Follows orders with one client.
#[derive(Debug, Clone)]
pub struct Tracker {
    client: Client,
    policy: PollPolicy,
}

impl Tracker {
    /// A tracker polling at the default pace.
    pub fn new(client: Client) -> Tracker {
        Tracker::with_policy(client, PollPolicy::default())
    }

    /// A tracker with its own pace (tests poll faster).
    pub fn with_policy(client: Client, policy: PollPolicy) -> Tracker {
        Tracker { client, policy }
    }

    /// Starts following an order on the current tokio runtime. Updates (changes, plus errors)
    /// arrive on `updates`; following stops when the order is final or the receiver is gone.
    pub fn track(
        &self,
        order_id: i64,
        request_id: Option<i64>,
        updates: UnboundedSender<TrackUpdate>,
    ) {
        let client = self.client.clone();
        let policy = self.policy;
        tokio::spawn(follow(client, policy, order_id, request_id, updates));
    }
}

fn now() -> OffsetDateTime {
    OffsetDateTime::now_utc()
}

/// Errors after which polling again cannot help.
fn is_permanent(error: &ApiError) -> bool {
    matches!(
        error.kind(),
        ErrorKind::BadKey | ErrorKind::MissingPermission | ErrorKind::NotFound
    )
}

async fn follow(
    client: Client,
    policy: PollPolicy,
    order_id: i64,
    request_id: Option<i64>,
    updates: UnboundedSender<TrackUpdate>,
) {
    let mut progress = Progress::new(order_id, request_id);
    let mut delay = policy.first;
    while !updates.is_closed() {
        match poll(&client, &mut progress).await {
            Ok(Some(update)) => {
                let done = update.is_final;
                if updates.send(update).is_err() || done {
                    return;
                }
                delay = policy.first;
            }
            Ok(None) => delay = policy.slower(delay),
            Err(error) => {
                let stop = is_permanent(&error);
                tracing::info!(
                    "tracker: order {order_id}: poll failed ({:?}, status {:?}){}",
                    error.kind(),
                    error.status(),
                    if stop { ", stopping" } else { ", backing off" }
                );
                let mut update = progress.update(now(), Some(error.to_string()));
                update.is_final |= stop;
                if updates.send(update).is_err() || stop {
                    return;
                }
                delay = policy.slower(delay);
            }
        }
        tracing::debug!(
            "tracker: order {order_id}: next poll in {} ms",
            delay.as_millis()
        );
        tokio::time::sleep(delay).await;
    }
}

/// One poll: order info, plus request info when the order does not list the request's status.
/// Order info usually lists it, so most polls cost one request, which keeps each order well
/// under "one request every few seconds".
async fn poll(client: &Client, progress: &mut Progress) -> Result<Option<TrackUpdate>, ApiError> {
    let order = client.order_info(progress.order_id).await?;
    let mut probe = progress.clone();
    probe.observe(&order, None, now());
    let request = match probe.request_id() {
        Some(id) if probe.listed_request_status(&order).is_none() => {
            Some(client.request_info(id).await?)
        }
        _ => None,
    };
    Ok(progress.observe(&order, request.as_ref(), now()))
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
    fn backoff_grows_to_the_cap_and_never_below_the_first() {
        let p = PollPolicy::default();
        let mut d = p.first;
        let mut seen = vec![d];
        for _ in 0..20 {
            d = p.slower(d);
            seen.push(d);
        }
        assert!(seen.windows(2).all(|w| w[1] >= w[0]));
        assert_eq!(*seen.last().unwrap(), p.max);
        assert!(p.first >= Duration::from_secs(2));
    }
}
