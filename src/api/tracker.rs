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

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use time::OffsetDateTime;
use tokio::sync::mpsc::{self, UnboundedReceiver, UnboundedSender};
use tokio::task::JoinSet;
use tokio::time::sleep_until;

use super::client::{Client, MAX_STATUS_CHANGE_SECONDS};
use super::error::{ApiError, ErrorKind};
use super::limiter::{DIGICERT_WINDOWS, RateLimit, Window};
use crate::order::model::{OrderInfo, OrderStatusChange, RequestInfo};
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

    /// Folds in a row of the status changes: the order's status (and certificate) as DigiCert
    /// lists it. Returns an update when the status is new; it is never final, since the request's
    /// status is still to be read from order info, which confirms a final status.
    pub fn observe_change(
        &mut self,
        change: &OrderStatusChange,
        at: OffsetDateTime,
    ) -> Option<TrackUpdate> {
        let status = change.status.clone()?;
        if self.order_status.as_ref() == Some(&status) {
            return None;
        }
        // DigiCert lists a certificate id with every row; it is the order's certificate only
        // once issued (order info says the same).
        if status == OrderStatus::Issued {
            self.certificate_id = change.certificate_id.or(self.certificate_id);
        }
        self.order_status = Some(status);
        self.seen = true;
        let mut update = self.update(at, None);
        update.is_final = false;
        Some(update)
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

/// Follows orders with one client. Clones share one follower: every order tracked through any
/// clone is followed by the same loop, under one budget.
#[derive(Debug, Clone)]
pub struct Tracker {
    client: Client,
    policy: PollPolicy,
    limits: Arc<[Window]>,
    follower: Arc<Mutex<Option<UnboundedSender<Registration>>>>,
}

/// One `track` call, handed to the follower.
#[derive(Debug)]
struct Registration {
    order_id: i64,
    request_id: Option<i64>,
    updates: UnboundedSender<TrackUpdate>,
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

fn now() -> OffsetDateTime {
    OffsetDateTime::now_utc()
}

/// Now, on tokio's clock (which tests may pause), as the limiter reads it.
fn instant() -> Instant {
    tokio::time::Instant::now().into_std()
}

/// Errors after which polling again cannot help.
fn is_permanent(error: &ApiError) -> bool {
    matches!(
        error.kind(),
        ErrorKind::BadKey | ErrorKind::MissingPermission | ErrorKind::NotFound
    )
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

/// What a finished call brings back.
enum Done {
    Poll {
        order_id: i64,
        started: Instant,
        result: Box<Result<(OrderInfo, Option<RequestInfo>), ApiError>>,
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
struct Follower {
    client: Client,
    policy: PollPolicy,
    /// How often status changes are asked for.
    period: Duration,
    budget: RateLimit,
    mode: Mode,
    orders: HashMap<i64, Followed>,
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
    fn new(client: Client, policy: PollPolicy, period: Duration, budget: &[Window]) -> Follower {
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

    async fn run(mut self, mut registrations: UnboundedReceiver<Registration>) {
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
            Followed {
                progress: Progress::new(r.order_id, r.request_id),
                subscribers: vec![r.updates],
                wanted: Some((1, at)),
                polling: None,
                last_polled: None,
                next_poll: at,
                delay: self.policy.first,
                reported: false,
            },
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
                for (_, mut o) in self.orders.drain() {
                    let mut update = o.progress.update(now(), Some(e.to_string()));
                    update.is_final = true;
                    o.send(&update);
                }
            }
            Err(e) if e.kind().is_transient() && e.kind() != ErrorKind::Server => {}
            Err(_) => {
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

    fn polled(
        &mut self,
        order_id: i64,
        started: Instant,
        result: Result<(OrderInfo, Option<RequestInfo>), ApiError>,
    ) {
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
            Err(error) => {
                let stop = is_permanent(&error);
                let mut update = o.progress.update(now(), Some(error.to_string()));
                update.is_final |= stop;
                o.delay = policy.slower(o.delay);
                o.next_poll = at + o.delay;
                o.send(&update) && !stop
            }
        };
        if !keep {
            self.orders.remove(&order_id);
        }
    }
}

/// One poll: order info, plus request info when the order does not list the request's status.
/// Order info usually lists it, so most polls cost one request.
async fn fetch(
    client: &Client,
    mut probe: Progress,
) -> Result<(OrderInfo, Option<RequestInfo>), ApiError> {
    let order = client.order_info(probe.order_id).await?;
    probe.observe(&order, None, now());
    let request = match probe.request_id() {
        Some(id) if probe.listed_request_status(&order).is_none() => {
            Some(client.request_info(id).await?)
        }
        _ => None,
    };
    Ok((order, request))
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
    fn status_changes_are_read_leniently_and_reported_but_not_final() {
        use crate::order::model::StatusChangeList;
        let none: StatusChangeList = serde_json::from_value(json!({})).unwrap();
        assert!(none.orders.is_empty());
        let list: StatusChangeList = serde_json::from_value(json!({"orders": [
            {"order_id": "7", "certificate_id": "99", "status": "issued"},
            {"certificate_id": 1, "status": "issued"},
            {"order_id": 8, "status": "canceled"}
        ]}))
        .unwrap();
        assert_eq!(
            list.orders.len(),
            2,
            "the row without an order id is skipped"
        );
        let mut p = Progress::new(7, Some(70));
        let at = OffsetDateTime::UNIX_EPOCH;
        let u = p.observe_change(&list.orders[0], at).unwrap();
        assert_eq!(u.order_status, Some(OrderStatus::Issued));
        assert_eq!(u.certificate_id, Some(99));
        assert!(!u.is_final, "order info confirms it");
        assert!(p.is_final());
        assert!(p.observe_change(&list.orders[0], at).is_none(), "no news");
        // Order info then brings the request's status and the final update.
        let last = p
            .observe(&order("issued", "approved", Some(99)), None, at)
            .unwrap();
        assert!(last.is_final);
        assert_eq!(last.request_status, Some(RequestStatus::Approved));
    }

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
