//! What the tracker's parts share: the update it reports, how often it polls, and the budget
//! that keeps its calls under DigiCert's limits. Pure values and arithmetic; the loop that uses
//! them is `follower.rs`.

use std::time::Duration;

use time::OffsetDateTime;

use crate::api::limiter::Window;
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

/// The share of the server's limits the tracker's order polls may use.
pub const BUDGET_PERCENT: usize = 80;

/// The most order polls in flight at once.
pub(super) const MAX_IN_FLIGHT: usize = 8;

/// Safety-net polls (an order not read for `policy.max`) per poll period, while status changes
/// answer: slow, so they never crowd out the polls of orders that changed.
pub(super) const SAFETY_PER_PERIOD: usize = 2;

/// Added to the time each status-change call covers, so a change made while the previous call
/// was on its way is not missed.
pub(super) const OVERLAP: Duration = Duration::from_secs(5);

/// After status changes were refused, how long the tracker polls each order before asking for
/// them again.
pub(super) const CHANGES_RETRY: Duration = Duration::from_secs(600);

/// The share of each limit the status-change calls may use, in percent.
pub(super) const CHANGES_PERCENT: usize = 10;

/// How often status changes are asked for: `wanted`, but no more often than keeps those calls to
/// [`CHANGES_PERCENT`] of every window (with DigiCert's limits, once every 1.8 s at most).
pub fn poll_period(limits: &[Window], wanted: Duration) -> Duration {
    limits
        .iter()
        .map(|w| w.span / ((w.max * CHANGES_PERCENT / 100).max(1) as u32))
        .fold(wanted, Duration::max)
}

/// The windows the order polls keep to: [`BUDGET_PERCENT`] of each limit, less one
/// status-change call per `period` (and never below one request).
pub fn budget_windows(limits: &[Window], period: Duration) -> Vec<Window> {
    let period = period.max(Duration::from_millis(1));
    limits
        .iter()
        .map(|w| {
            let changes = w.span.as_millis().div_ceil(period.as_millis()) as usize;
            Window {
                span: w.span,
                max: (w.max * BUDGET_PERCENT / 100)
                    .saturating_sub(changes)
                    .max(1),
            }
        })
        .collect()
}
