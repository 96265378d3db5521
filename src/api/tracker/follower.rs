//! The one loop that follows every order of a tracker: status changes once a period, order
//! info for the orders that changed, per-order polls where status changes are refused.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender};
use tokio::task::JoinSet;
use tokio::time::sleep_until;

use super::pace::{
    CHANGES_RETRY, MAX_IN_FLIGHT, OVERLAP, PollPolicy, SAFETY_PER_PERIOD, TrackUpdate,
};
use super::progress::Progress;
use crate::api::client::{Client, MAX_STATUS_CHANGE_SECONDS};
use crate::api::error::{ApiError, ErrorKind};
use crate::api::limiter::{RateLimit, Window};
use crate::order::model::OrderStatusChange;

use super::poll::{Polled, fetch, is_permanent, now, outcome};

/// One `track` call, handed to the follower.
#[derive(Debug)]
pub(super) struct Registration {
    pub(super) order_id: i64,
    pub(super) request_id: Option<i64>,
    pub(super) updates: UnboundedSender<TrackUpdate>,
}

/// Now, on tokio's clock (which tests may pause), as the limiter reads it.
fn instant() -> Instant {
    tokio::time::Instant::now().into_std()
}

/// How the follower learns of changes.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Mode {
    /// One status-change call per period, order info only for orders that changed.
    Changes,
    /// Status changes are refused here: every order is polled, spaced by the budget; status
    /// changes are asked for again at the instant given.
    PerOrder { retry_changes_at: Instant },
}

/// One followed order.
#[derive(Debug)]
struct Followed {
    progress: Progress,
    subscribers: Vec<UnboundedSender<TrackUpdate>>,
    /// Order info is wanted: (0 after a change, 1 never read yet; when it was wanted).
    wanted: Option<(u8, Instant)>,
    /// When the poll in flight started.
    polling: Option<Instant>,
    last_polled: Option<Instant>,
    /// No poll before this (after an error; in per-order mode, the order's own pace).
    next_poll: Instant,
    delay: Duration,
    reported: bool,
}

impl Followed {
    /// Sends to every subscriber still listening; false when none is.
    fn send(&mut self, update: &TrackUpdate) -> bool {
        self.subscribers.retain(|s| s.send(update.clone()).is_ok());
        self.reported = true;
        !self.subscribers.is_empty()
    }
}

/// The status-changes call's path, for the log.
const CHANGES_PATH: &str = "order/certificate/status-changes";

/// What a finished call brings back.
enum Done {
    Poll {
        order_id: i64,
        started: Instant,
        result: Box<Polled>,
    },
    Changes {
        started: Instant,
        result: Result<Vec<OrderStatusChange>, ApiError>,
    },
}

/// What woke the loop.
enum Wake {
    Registered(Option<Registration>),
    Finished(Result<Done, tokio::task::JoinError>),
    Timer,
}

/// The one loop that follows every order of a tracker.
pub(super) struct Follower {
    client: Client,
    policy: PollPolicy,
    /// How often status changes are asked for.
    period: Duration,
    budget: RateLimit,
    mode: Mode,
    /// Boxed: a map of 1,000 orders holds 2,048 slots, each a pointer rather than a 216-byte
    /// `Followed` (the unboxed map was 0.45 MB of the wizard's heap peak with 1,000 orders under
    /// heaptrack; BENCHMARKS.md, 2026-12-06 (3)).
    orders: HashMap<i64, Box<Followed>>,
    tasks: JoinSet<Done>,
    polls_in_flight: usize,
    changes_in_flight: bool,
    next_changes: Instant,
    /// When the last status-change call that answered was sent.
    covered_from: Option<Instant>,
    safety_left: usize,
    /// When the budget frees a slot, if it is what holds polls back.
    budget_free_at: Option<Instant>,
}

impl Follower {
    pub(super) fn new(
        client: Client,
        policy: PollPolicy,
        period: Duration,
        budget: &[Window],
    ) -> Follower {
        Follower {
            client,
            policy,
            period,
            budget: RateLimit::new(budget),
            mode: Mode::Changes,
            orders: HashMap::new(),
            tasks: JoinSet::new(),
            polls_in_flight: 0,
            changes_in_flight: false,
            next_changes: instant(),
            covered_from: None,
            safety_left: SAFETY_PER_PERIOD,
            budget_free_at: None,
        }
    }

    pub(super) async fn run(mut self, mut registrations: UnboundedReceiver<Registration>) {
        let mut open = true;
        loop {
            self.orders
                .retain(|_, o| !o.subscribers.iter().all(|s| s.is_closed()));
            if !open && self.orders.is_empty() && self.tasks.is_empty() {
                return;
            }
            let at = instant();
            self.start_due(at);
            let wake = self.next_wake(at);
            let woke = tokio::select! {
                r = registrations.recv(), if open => Wake::Registered(r),
                Some(done) = self.tasks.join_next(), if !self.tasks.is_empty() => Wake::Finished(done),
                _ = sleep_until(wake.unwrap_or(at).into()), if wake.is_some() => Wake::Timer,
            };
            match woke {
                Wake::Registered(Some(r)) => self.register(r),
                Wake::Registered(None) => open = false,
                Wake::Finished(Ok(done)) => self.finish(done),
                // A poll task cannot panic (the crate denies it); a cancelled one is lost.
                Wake::Finished(Err(_)) => self.recount(),
                Wake::Timer => {}
            }
        }
    }

    /// After a lost task: nothing is in flight but what still runs.
    fn recount(&mut self) {
        if self.tasks.is_empty() {
            self.polls_in_flight = 0;
            self.changes_in_flight = false;
            for o in self.orders.values_mut() {
                o.polling = None;
            }
        }
    }

    fn register(&mut self, r: Registration) {
        let at = instant();
        if let Some(o) = self.orders.get_mut(&r.order_id) {
            if o.reported {
                let _ = r.updates.send(o.progress.update(now(), None));
            }
            o.subscribers.push(r.updates);
            return;
        }
        self.orders.insert(
            r.order_id,
            Box::new(Followed {
                progress: Progress::new(r.order_id, r.request_id),
                subscribers: vec![r.updates],
                wanted: Some((1, at)),
                polling: None,
                last_polled: None,
                next_poll: at,
                delay: self.policy.first,
                reported: false,
            }),
        );
    }

    fn changes_allowed(&self, at: Instant) -> bool {
        match self.mode {
            Mode::Changes => true,
            Mode::PerOrder { retry_changes_at } => at >= retry_changes_at,
        }
    }

    /// Starts the status-change call and the polls that are due, as the budget allows.
    fn start_due(&mut self, at: Instant) {
        if !self.orders.is_empty()
            && !self.changes_in_flight
            && at >= self.next_changes
            && self.changes_allowed(at)
        {
            let since = match self.covered_from {
                Some(from) => at.saturating_duration_since(from) + OVERLAP,
                None => Duration::from_secs(MAX_STATUS_CHANGE_SECONDS),
            };
            let client = self.client.clone();
            self.tasks.spawn(async move {
                Done::Changes {
                    started: at,
                    result: client.status_changes(since).await,
                }
            });
            self.changes_in_flight = true;
            self.next_changes = at + self.period;
            self.safety_left = SAFETY_PER_PERIOD;
        }
        self.budget_free_at = None;
        while self.polls_in_flight < MAX_IN_FLIGHT {
            let Some((order_id, safety)) = self.pick(at) else {
                break;
            };
            if let Err(wait) = self.budget.try_acquire(at) {
                tracing::debug!(
                    "tracker: poll budget spent, next poll in {} ms",
                    wait.as_millis()
                );
                self.budget_free_at = Some(at + wait);
                break;
            }
            if safety {
                self.safety_left = self.safety_left.saturating_sub(1);
            }
            let Some(o) = self.orders.get_mut(&order_id) else {
                break;
            };
            o.polling = Some(at);
            let probe = o.progress.clone();
            let client = self.client.clone();
            self.polls_in_flight += 1;
            self.tasks.spawn(async move {
                Done::Poll {
                    order_id,
                    started: at,
                    result: Box::new(fetch(&client, probe).await),
                }
            });
        }
    }

    /// The next order to poll, and whether it is a safety-net poll.
    fn pick(&self, at: Instant) -> Option<(i64, bool)> {
        let idle = self
            .orders
            .iter()
            .filter(|(_, o)| o.polling.is_none() && o.next_poll <= at);
        match self.mode {
            Mode::Changes => {
                let wanted = idle
                    .clone()
                    .filter_map(|(id, o)| o.wanted.map(|w| (w, *id)))
                    .min()
                    .map(|(_, id)| (id, false));
                wanted.or_else(|| {
                    (self.safety_left > 0)
                        .then(|| {
                            idle.filter(|(_, o)| {
                                o.last_polled.is_none_or(|t| {
                                    at.saturating_duration_since(t) >= self.policy.max
                                })
                            })
                            .min_by_key(|(_, o)| o.last_polled)
                            .map(|(id, _)| (*id, true))
                        })
                        .flatten()
                })
            }
            Mode::PerOrder { .. } => idle
                .min_by_key(|(id, o)| (o.next_poll, **id))
                .map(|(id, _)| (*id, false)),
        }
    }

    /// When the loop must look again without news: the next status-change call, the next due
    /// poll, or the budget freeing a slot.
    fn next_wake(&self, at: Instant) -> Option<Instant> {
        if self.orders.is_empty() {
            return None;
        }
        let mut wake: Vec<Instant> = Vec::with_capacity(4);
        if !self.changes_in_flight {
            match self.mode {
                Mode::Changes => wake.push(self.next_changes),
                Mode::PerOrder { retry_changes_at } => {
                    wake.push(retry_changes_at.max(self.next_changes))
                }
            }
        }
        if let Some(free) = self.budget_free_at {
            wake.push(free);
        }
        if self.polls_in_flight < MAX_IN_FLIGHT {
            // Nothing can start before the budget frees a slot, nor in the past.
            let floor = self
                .budget_free_at
                .unwrap_or(at)
                .max(at + Duration::from_millis(1));
            // A safety-net poll waits for the next period once this one's are spent.
            let safety_floor = if self.safety_left == 0 {
                floor.max(self.next_changes)
            } else {
                floor
            };
            let idle = self.orders.values().filter(|o| o.polling.is_none());
            let due = match self.mode {
                Mode::Changes => idle
                    .map(|o| match (o.wanted, o.last_polled) {
                        (Some(_), _) | (None, None) => o.next_poll.max(floor),
                        (None, Some(t)) => o.next_poll.max(t + self.policy.max).max(safety_floor),
                    })
                    .min(),
                Mode::PerOrder { .. } => idle.map(|o| o.next_poll.max(floor)).min(),
            };
            wake.extend(due);
        }
        wake.into_iter().min()
    }

    fn finish(&mut self, done: Done) {
        match done {
            Done::Changes { started, result } => {
                self.changes_in_flight = false;
                self.changes_answered(started, result);
            }
            Done::Poll {
                order_id,
                started,
                result,
            } => {
                self.polls_in_flight = self.polls_in_flight.saturating_sub(1);
                self.polled(order_id, started, *result);
            }
        }
    }

    fn changes_answered(
        &mut self,
        started: Instant,
        result: Result<Vec<OrderStatusChange>, ApiError>,
    ) {
        let at = instant();
        match result {
            Ok(changes) => {
                self.mode = Mode::Changes;
                self.covered_from = Some(started);
                for change in changes {
                    let Some(o) = self.orders.get_mut(&change.order_id) else {
                        continue;
                    };
                    let first = !o.progress.seen;
                    if let Some(update) = o.progress.observe_change(&change, now()) {
                        // An order's first update comes from order info, with its request's
                        // status; a status already known is only remembered, so a change after
                        // it is reported, but it is not news in itself.
                        if !first {
                            o.send(&update);
                        }
                        let priority = if first { 1 } else { 0 };
                        o.wanted = match o.wanted {
                            Some((p, since)) if p <= priority => Some((p, since)),
                            _ => Some((priority, at)),
                        };
                        o.next_poll = o.next_poll.min(at);
                    }
                }
            }
            Err(e) if e.kind() == ErrorKind::BadKey => {
                tracing::warn!(
                    "tracker: GET {CHANGES_PATH} -> {}: the key is refused, following stops",
                    outcome(&e)
                );
                for (_, mut o) in self.orders.drain() {
                    let mut update = o.progress.update(now(), Some(e.to_string()));
                    update.is_final = true;
                    o.send(&update);
                }
            }
            Err(e) if e.kind().is_transient() && e.kind() != ErrorKind::Server => {
                tracing::info!(
                    "tracker: GET {CHANGES_PATH} -> {}: retrying in {} ms",
                    outcome(&e),
                    self.next_changes.saturating_duration_since(at).as_millis()
                );
            }
            Err(e) => {
                tracing::info!(
                    "tracker: GET {CHANGES_PATH} -> {}: polling each order, asking again in {} s",
                    outcome(&e),
                    CHANGES_RETRY.as_secs()
                );
                // Refused or unavailable here: poll each order, spaced by the budget.
                self.mode = Mode::PerOrder {
                    retry_changes_at: at + CHANGES_RETRY,
                };
                for o in self.orders.values_mut() {
                    o.next_poll = o.next_poll.min(at);
                }
            }
        }
    }

    fn polled(&mut self, order_id: i64, started: Instant, result: Polled) {
        let at = instant();
        let policy = self.policy;
        let Some(o) = self.orders.get_mut(&order_id) else {
            return;
        };
        o.polling = None;
        o.last_polled = Some(at);
        let keep = match result {
            Ok((order, request)) => {
                if o.wanted.is_some_and(|(_, since)| since <= started) {
                    o.wanted = None;
                }
                let changed = o.progress.observe(&order, request.as_ref(), now());
                o.delay = if changed.is_some() {
                    policy.first
                } else {
                    policy.slower(o.delay)
                };
                o.next_poll = at + o.delay;
                if changed.is_none() && matches!(self.mode, Mode::PerOrder { .. }) {
                    tracing::debug!(
                        "tracker: GET order/certificate/{order_id}: no change, backing off, next poll in {} ms",
                        o.delay.as_millis()
                    );
                }
                let is_final = o.progress.is_final();
                let update = match changed {
                    Some(update) => Some(update),
                    // A final status first seen in the status changes is confirmed now.
                    None if is_final || !o.reported => Some(o.progress.update(now(), None)),
                    None => None,
                };
                match update {
                    Some(update) => o.send(&update) && !is_final,
                    None => true,
                }
            }
            Err((path, error)) => {
                let stop = is_permanent(&error);
                let mut update = o.progress.update(now(), Some(error.to_string()));
                update.is_final |= stop;
                o.delay = policy.slower(o.delay);
                o.next_poll = at + o.delay;
                if stop {
                    tracing::warn!(
                        "tracker: GET {path} -> {}: order {order_id} no longer followed",
                        outcome(&error)
                    );
                } else {
                    tracing::info!(
                        "tracker: GET {path} -> {}: backing off, next poll of order {order_id} in {} ms",
                        outcome(&error),
                        o.delay.as_millis()
                    );
                }
                o.send(&update) && !stop
            }
        };
        if !keep {
            self.orders.remove(&order_id);
        }
    }
}
