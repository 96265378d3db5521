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

use tokio::sync::mpsc::{self, UnboundedSender};

use super::client::Client;
use super::limiter::{DIGICERT_WINDOWS, Window};

mod follower;
mod pace;
mod poll;
mod progress;

use follower::{Follower, Registration};
pub use pace::{BUDGET_PERCENT, PollPolicy, TrackUpdate, budget_windows, poll_period};
pub use progress::Progress;

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
