//! Follows orders until they are final, reporting each change with its time.
//!
//! Every order tracked through one [`Tracker`] (and its clones) is followed by one loop. Once
//! per poll period it asks DigiCert which orders changed status since its last answer
//! (`GET /order/certificate/status-changes`, with some overlap), reports each change at once,
//! and reads order info only for the orders that changed (for the request's status and to
//! confirm a final status), plus a slow round-robin of the others as a safety net. Where status
//! changes are refused or unavailable (400, 403, 404, 5xx), it polls each order instead, slowing
//! down while nothing changes. Order polls keep to a budget below DigiCert's limits, and every
//! call also goes through the client's shared limiter, so following a thousand orders stays
//! inside both windows. Unknown statuses are shown as they are and count as still in progress.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use time::OffsetDateTime;
use tokio::sync::mpsc::{self, UnboundedSender};

use super::client::Client;
use super::limiter::{DIGICERT_WINDOWS, Window};
use crate::order::{OrderStatus, RequestStatus};

mod follower;
mod poll;
mod progress;

use follower::{Follower, Registration};
pub use progress::Progress;

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

/// Follows orders with one client. Clones share one follower: every order tracked through any
/// clone is followed by the same loop, under one budget.
#[derive(Debug, Clone)]
pub struct Tracker {
    client: Client,
    policy: PollPolicy,
    limits: Arc<[Window]>,
    follower: Arc<Mutex<Option<UnboundedSender<Registration>>>>,
}

impl Tracker {
    /// A tracker polling at the default pace.
    pub fn new(client: Client) -> Tracker {
        Tracker::with_policy(client, PollPolicy::default())
    }

    /// A tracker with its own pace (tests poll faster). `policy.first` is the poll period wanted
    /// (see [`Tracker::period`]); `policy.max` how long an order goes unread before the safety
    /// net reads it, and the slowest pace of per-order polling.
    pub fn with_policy(client: Client, policy: PollPolicy) -> Tracker {
        Tracker {
            client,
            policy,
            limits: Arc::from(DIGICERT_WINDOWS.as_slice()),
            follower: Arc::new(Mutex::new(None)),
        }
    }

    /// The rate limits the server enforces, when not DigiCert's (tests scale them down). The
    /// tracker keeps its order polls to [`BUDGET_PERCENT`] of them, less its status-change
    /// calls, leaving the rest for everything else the client does.
    pub fn with_limits(mut self, windows: &[Window]) -> Tracker {
        self.limits = Arc::from(windows);
        self
    }

    /// How often status changes are asked for: the longest a change waits to be seen (plus
    /// the call's own time), while status changes answer.
    pub fn period(&self) -> Duration {
        poll_period(&self.limits, self.policy.first)
    }

    /// Starts following an order on the current tokio runtime. Updates (changes, plus errors)
    /// arrive on `updates`; following stops when the order is final or the receiver is gone.
    pub fn track(
        &self,
        order_id: i64,
        request_id: Option<i64>,
        updates: UnboundedSender<TrackUpdate>,
    ) {
        let mut registration = Registration {
            order_id,
            request_id,
            updates,
        };
        let mut follower = self.follower.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(tx) = follower.as_ref() {
            match tx.send(registration) {
                Ok(()) => return,
                // The follower ended with its runtime: start another on this one.
                Err(e) => registration = e.0,
            }
        }
        let (tx, rx) = mpsc::unbounded_channel();
        let _ = tx.send(registration);
        let period = poll_period(&self.limits, self.policy.first);
        let budget = budget_windows(&self.limits, period);
        tokio::spawn(Follower::new(self.client.clone(), self.policy, period, &budget).run(rx));
        *follower = Some(tx);
    }
}

/// The share of the server's limits the tracker's order polls may use.
pub const BUDGET_PERCENT: usize = 80;

/// The most order polls in flight at once.
const MAX_IN_FLIGHT: usize = 8;

/// Safety-net polls (an order not read for `policy.max`) per poll period, while status changes
/// answer: slow, so they never crowd out the polls of orders that changed.
const SAFETY_PER_PERIOD: usize = 2;

/// Added to the time each status-change call covers, so a change made while the previous call
/// was on its way is not missed.
const OVERLAP: Duration = Duration::from_secs(5);

/// After status changes were refused, how long the tracker polls each order before asking for
/// them again.
const CHANGES_RETRY: Duration = Duration::from_secs(600);

/// The share of each limit the status-change calls may use, in percent.
const CHANGES_PERCENT: usize = 10;

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_period_and_budget_keep_under_digicerts_limits() {
        let fast = poll_period(&DIGICERT_WINDOWS, Duration::from_millis(250));
        assert_eq!(fast, Duration::from_millis(1800), "10 % of 1000 per 3 min");
        let default = poll_period(&DIGICERT_WINDOWS, Duration::from_secs(3));
        assert_eq!(default, Duration::from_secs(3));
        let budget = budget_windows(&DIGICERT_WINDOWS, default);
        assert_eq!(budget[0].max, 80 - 2);
        assert_eq!(budget[1].max, 800 - 60);
        for (b, w) in budget.iter().zip(DIGICERT_WINDOWS) {
            // Polls, status changes (one per period) and safety-net polls (within the polls'
            // budget) leave room under each limit for the rest of certwiz's calls.
            let changes = w.span.as_millis().div_ceil(default.as_millis()) as usize;
            assert!(b.max + changes <= w.max * 8 / 10, "{b:?}");
        }
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
