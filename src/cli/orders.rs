//! `certwiz orders`: the journal of order attempts, settling an attempt whose outcome is
//! unknown, and following every placed order that is not final yet.

use std::collections::HashSet;

use clap::Subcommand;
use serde_json::{Value, json};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use tokio::sync::mpsc;

use super::args::EndpointArgs;
use super::status::{JournalWriter, report};
use super::{exit, json_shape, profile, remote};
use crate::api::{Client, Tracker};
use crate::order::model::{OrderInfo, RequestSummary};
use crate::order::state::OrderState;
use crate::order::{OrderResponse, RequestStatus};
use crate::ordering::{self, INTERRUPTED_AFTER, on_journal};
use crate::outside::{self, Safe};
use crate::store::{Action, ActionState, AttemptState, JournalEntry, Settled, StatusChange, Store};

/// How far before an attempt's time a request still counts as a candidate: clocks differ.
const CLOCK_SLACK: time::Duration = time::Duration::minutes(5);

/// What `certwiz orders` can do besides listing.
#[derive(Debug, Subcommand)]
pub enum OrdersCommand {
    /// Settle an attempt whose outcome is unknown.
    ///
    /// Without --order-id or --not-placed, lists the account's requests made since the attempt,
    /// so the order can be found. With --order-id, checks that the order exists and records the
    /// attempt as placed; with --not-placed, records that it was not. Use the same endpoint
    /// options (--sandbox, --api-url) as the attempt.
    Settle {
        /// The attempt id, as `certwiz orders` lists it.
        #[arg(value_name = "ATTEMPT_ID")]
        attempt_id: String,
        /// The order this attempt placed.
        #[arg(long, value_name = "N", conflicts_with = "not_placed")]
        order_id: Option<i64>,
        /// The attempt placed no order: the draft may then be submitted again.
        #[arg(long)]
        not_placed: bool,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Settle a reissue or revocation whose outcome is unknown.
    ///
    /// A reissue or revocation cut off while it was being sent (a kill, a lost answer) may have
    /// reached CertCentral, so certwiz does not send another until it is settled. Look at the
    /// order first (certwiz status ORDER_ID, certwiz certificates), then record what you found:
    /// --done (with --request-id N when you know its request) or --not-done. Nothing is sent.
    SettleAction {
        /// The action id, as `certwiz orders` lists it.
        #[arg(value_name = "ACTION_ID")]
        action_id: i64,
        /// It was done (CertCentral has it).
        #[arg(
            long,
            required_unless_present = "not_done",
            conflicts_with = "not_done"
        )]
        done: bool,
        /// The request it made, when known.
        #[arg(long, value_name = "N", requires = "done")]
        request_id: Option<i64>,
        /// It was not done: another may be sent.
        #[arg(long)]
        not_done: bool,
    },
    /// Go on with a new journal after an unreadable one was kept aside.
    ///
    /// When the journal cannot be read (damaged, or written by a newer certwiz), certwiz keeps
    /// it aside under a new name and sends nothing until this is run: orders recorded there may
    /// have been placed, so look for them among the account's recent orders first.
    Release,
}

/// `certwiz orders` with its options.
pub fn run(
    command: Option<&OrdersCommand>,
    json: bool,
    watch: bool,
    endpoint: &EndpointArgs,
) -> u8 {
    let store = match profile::open_store() {
        Ok(store) => store,
        Err(exit) => return exit.report(),
    };
    let code = remote::block_on(async {
        match command {
            Some(OrdersCommand::Settle {
                attempt_id,
                order_id,
                not_placed,
                json,
            }) => settle(&store, attempt_id, *order_id, *not_placed, *json, endpoint).await,
            Some(OrdersCommand::SettleAction {
                action_id,
                done,
                request_id,
                ..
            }) => settle_action(&store, *action_id, *done, *request_id).await,
            Some(OrdersCommand::Release) => release(&store),
            None if watch => follow_all(&store, json, endpoint).await,
            None => list(&store, json).await,
        }
    });
    profile::report_set_aside(&store);
    code
}

/// `certwiz orders settle-action`: records what the person found about a reissue or revocation
/// whose outcome is unknown. Only the journal changes.
async fn settle_action(store: &Store, id: i64, done: bool, request_id: Option<i64>) -> u8 {
    let settled = on_journal(store, move |j| j.settle_action(id, done, request_id)).await;
    match settled {
        Ok(Settled::Settled(action)) => {
            let what = if done {
                "done: another is not sent"
            } else {
                "not done: another may be sent"
            };
            outln!("{}: recorded as {what}", action_line(&action));
            exit::OK
        }
        Ok(Settled::Missing) => {
            errln!("certwiz: no reissue or revocation {id} in the journal");
            exit::USAGE
        }
        Ok(Settled::NotOpen(action)) => {
            let why = match action.state {
                ActionState::Sending => "it is still being sent by a running certwiz",
                _ => "its outcome is not unknown",
            };
            errln!("certwiz: not settled: {} ({why})", action_line(&action));
            exit::DECLINED
        }
        Err(e) => profile::failed(&e),
    }
}

/// One line naming a reissue or revocation: its id, what, when, where and state.
pub(super) fn action_line(action: &Action) -> String {
    format!(
        "action {} at {} on {}: {} of {} {}, {}",
        action.id,
        ordering::when(action.created_at),
        Safe(&action.endpoint),
        action.kind.noun(),
        action.kind.target_noun(),
        action.target,
        action.state.as_str().replace('_', " ")
    )
}

/// How to settle a reissue or revocation whose outcome is unknown.
pub(super) fn action_advice(action: &Action) -> String {
    format!(
        "look at the order first (certwiz status, certwiz certificates), then record it with \
         `certwiz orders settle-action {id} --done` or `certwiz orders settle-action {id} --not-done`",
        id = action.id
    )
}

/// Reissues and revocations not settled: those whose outcome is unknown with how to settle
/// them, and those still being sent.
fn print_open_actions(store: &Store) {
    let open = match store.journal.open_actions() {
        Ok(open) => open,
        Err(e) => {
            errln!("certwiz: warning: the journal's reissues and revocations cannot be read: {e}");
            return;
        }
    };
    for action in &open {
        if action.state == ActionState::OutcomeUnknown {
            outln!("!! OUTCOME UNKNOWN: {}", action_line(action));
            outln!("   settle it: {}", action_advice(action));
        } else {
            outln!("being sent: {}", action_line(action));
        }
    }
}

/// `certwiz orders release`: lifts the hold an unreadable journal put on sending.
fn release(store: &Store) -> u8 {
    match store.journal.release() {
        Ok(Some(hold)) => {
            outln!(
                "the hold is lifted: a new journal starts; the old one stays at {}",
                hold.kept.display()
            );
            exit::OK
        }
        Ok(None) => {
            outln!("nothing to release: the journal is not held");
            exit::OK
        }
        Err(e) => profile::failed(&e),
    }
}

/// Every attempt, newest first; attempts cut off while sending become "outcome unknown" first.
async fn entries(store: &Store) -> Result<Vec<JournalEntry>, u8> {
    on_journal(store, |j| {
        j.mark_interrupted(INTERRUPTED_AFTER)?;
        j.list()
    })
    .await
    .map_err(|e| profile::failed(&e))
}

async fn list(store: &Store, json: bool) -> u8 {
    let entries = match entries(store).await {
        Ok(entries) => entries,
        Err(code) => return code,
    };
    if json {
        let entries: Vec<Value> = entries.iter().map(json_shape::journal_entry).collect();
        outln!("{}", outside::json(&Value::Array(entries)));
        return exit::OK;
    }
    print_open_actions(store);
    if entries.is_empty() {
        outln!("no orders yet ({})", store.journal.path().display());
        return exit::OK;
    }
    for entry in entries
        .iter()
        .filter(|e| e.state == AttemptState::OutcomeUnknown)
    {
        outln!("!! OUTCOME UNKNOWN: {}", Safe(&ordering::describe(entry)));
        if let Some(error) = &entry.error {
            outln!("   why: {}", Safe(error));
        }
        outln!("   settle it: {}", ordering::settle_advice(entry));
    }
    outln!(
        "{:<26} {:<23} {:<8} {:<28} {:<16} {:>10}  {:<10} {:>10}",
        "ATTEMPT",
        "TIME",
        "ENDPOINT",
        "PRODUCT",
        "STATE",
        "ORDER",
        "STATUS",
        "CERT"
    );
    for e in &entries {
        let dash = || "-".to_owned();
        outln!(
            "{:<26} {:<23} {:<8} {:<28} {:<16} {:>10}  {:<10} {:>10}",
            Safe(&e.attempt_id),
            ordering::when(e.created_at),
            e.endpoint.to_string(),
            Safe(&e.product.to_string()),
            e.state.to_string(),
            e.order_id.map_or_else(dash, |id| id.to_string()),
            Safe(&latest_status(e).unwrap_or_else(|| "-".into())),
            e.certificate_id.map_or_else(dash, |id| id.to_string()),
        );
    }
    exit::OK
}

/// The latest status seen: the request's while it decides, else the order's (one meaning:
/// [`OrderState`]; an order that ended is its ending status).
fn latest_status(entry: &JournalEntry) -> Option<String> {
    let latest = entry.latest()?;
    let (order, request) = (latest.order_status.as_ref(), latest.request_status.as_ref());
    Some(OrderState::of(order, request).list_word(order, request))
}

async fn settle(
    store: &Store,
    attempt_id: &str,
    order_id: Option<i64>,
    not_placed: bool,
    json: bool,
    endpoint: &EndpointArgs,
) -> u8 {
    let all = match entries(store).await {
        Ok(entries) => entries,
        Err(code) => return code,
    };
    let Some(entry) = all.iter().find(|e| e.attempt_id == attempt_id).cloned() else {
        errln!("certwiz: no order attempt {attempt_id} in the journal; see `certwiz orders`");
        return exit::USAGE;
    };
    match entry.state {
        AttemptState::OutcomeUnknown => {}
        AttemptState::Sending => {
            errln!(
                "certwiz: attempt {attempt_id} is being sent right now; settle it if it is still unknown later"
            );
            return exit::USAGE;
        }
        _ => {
            errln!(
                "certwiz: nothing to settle: {}",
                Safe(&ordering::describe(&entry))
            );
            return exit::OK;
        }
    }
    if not_placed {
        let id = attempt_id.to_owned();
        return match on_journal(store, move |j| {
            j.mark_failed(&id, "settled by hand: the order was not placed")
        })
        .await
        {
            Ok(entry) => {
                if json {
                    outln!("{}", outside::json(&json_shape::journal_entry(&entry)));
                } else {
                    outln!(
                        "attempt {attempt_id} settled: not placed; the draft may be submitted again"
                    );
                }
                exit::OK
            }
            Err(e) => profile::failed(&e),
        };
    }
    let connection = match remote::open(endpoint).await {
        Ok(c) => c,
        Err(exit) => return exit.report(),
    };
    let client = &connection.client;
    if client.endpoint().kind != entry.endpoint {
        errln!(
            "certwiz: attempt {attempt_id} went to the {} endpoint, but this is {}; {}",
            entry.endpoint,
            client.endpoint().kind,
            ordering::settle_advice(&entry)
        );
        return exit::USAGE;
    }
    match order_id {
        Some(order_id) => settle_placed(store, client, &entry, &all, order_id, json).await,
        None => show_candidates(client, &entry, json).await,
    }
}

/// Records the attempt as placed as `order_id`, once the order is known to exist and to be
/// no other attempt's.
async fn settle_placed(
    store: &Store,
    client: &Client,
    entry: &JournalEntry,
    all: &[JournalEntry],
    order_id: i64,
    json: bool,
) -> u8 {
    if let Some(other) = all.iter().find(|e| {
        e.order_id == Some(order_id)
            && e.endpoint == entry.endpoint
            && e.attempt_id != entry.attempt_id
    }) {
        errln!(
            "certwiz: order {order_id} is already recorded for {}",
            Safe(&ordering::describe(other))
        );
        return exit::USAGE;
    }
    let info = match client.order_info(order_id).await {
        Ok(info) => info,
        Err(e) => return remote::fail(&e),
    };
    if let Err(why) = same_order(order_id, &info) {
        errln!("certwiz: {why}; nothing was recorded");
        return exit::API_ERROR;
    }
    let answer = answer_of(&info);
    let change = StatusChange {
        at: OffsetDateTime::now_utc(),
        order_status: info.status.clone(),
        request_id: info.requests.iter().flatten().find_map(|r| r.id),
        request_status: info
            .requests
            .as_deref()
            .and_then(|r| r.first())
            .and_then(|r| r.status.clone()),
        certificate_id: answer.certificate_id,
    };
    let id = entry.attempt_id.clone();
    let settled = on_journal_settle(store, id, answer, order_id, change).await;
    match settled {
        Ok(entry) => {
            if json {
                outln!("{}", outside::json(&json_shape::journal_entry(&entry)));
            } else {
                outln!(
                    "attempt {} settled: placed as order {order_id}",
                    entry.attempt_id
                );
                outln!("follow it: certwiz status {order_id} --watch");
            }
            exit::OK
        }
        Err(e) => profile::failed(&e),
    }
}

async fn on_journal_settle(
    store: &Store,
    attempt_id: String,
    answer: OrderResponse,
    order_id: i64,
    change: StatusChange,
) -> Result<JournalEntry, crate::store::StoreError> {
    on_journal(store, move |j| {
        j.mark_placed(&attempt_id, &answer)?;
        // Stamped now, so the history stays in time order after mark_placed's own entry.
        let change = StatusChange {
            at: OffsetDateTime::now_utc(),
            ..change
        };
        j.record_status(order_id, change)
    })
    .await
}

/// Whether order info answered for the order asked about: an answer naming another order is
/// not recorded (it would be journaled under an id nobody asked for).
fn same_order(asked: i64, info: &OrderInfo) -> Result<(), String> {
    if info.id == asked {
        Ok(())
    } else {
        Err(format!(
            "asked for order {asked}, the endpoint answered with order {}",
            info.id
        ))
    }
}

/// What placing the order would have answered, rebuilt from the order's info.
fn answer_of(info: &OrderInfo) -> OrderResponse {
    OrderResponse {
        id: info.id,
        organization: None,
        requests: info.requests.clone(),
        certificate_id: info.certificate.as_ref().and_then(|c| c.id),
        extra: serde_json::Map::new(),
    }
}

/// Lists the account's requests made since the attempt, for the person to find the order.
async fn show_candidates(client: &Client, entry: &JournalEntry, json: bool) -> u8 {
    let requests = match client.requests(None).await {
        Ok(requests) => requests,
        Err(e) => return remote::fail(&e),
    };
    let since = entry.created_at - CLOCK_SLACK;
    let candidates: Vec<&RequestSummary> = requests
        .iter()
        .filter(|r| {
            r.date
                .as_deref()
                .and_then(|d| OffsetDateTime::parse(d, &Rfc3339).ok())
                .is_none_or(|at| at >= since)
        })
        .collect();
    if json {
        let attempt = json_shape::journal_entry(entry);
        outln!(
            "{}",
            outside::json(&json!({ "attempt": attempt, "requests": candidates }))
        );
        return exit::OK;
    }
    outln!("{}", Safe(&ordering::describe(entry)));
    if candidates.is_empty() {
        outln!("no requests in the account since then");
    } else {
        outln!("requests since then:");
        outln!(
            "  {:>10} {:<26} {:<10} {:>10}  PRODUCT",
            "REQUEST",
            "DATE",
            "STATUS",
            "ORDER"
        );
    }
    let mut seen = HashSet::new();
    for r in candidates {
        let order = r.extra.get("order");
        let order_id = order.and_then(|o| o.get("id")).and_then(Value::as_i64);
        let product = order
            .and_then(|o| o.pointer("/product/name_id"))
            .and_then(Value::as_str)
            .unwrap_or("-");
        let mark = if product == entry.product.name_id() {
            " <- same product"
        } else {
            ""
        };
        if order_id.is_some_and(|id| !seen.insert(id)) {
            continue;
        }
        outln!(
            "  {:>10} {:<26} {:<10} {:>10}  {}{mark}",
            r.id.map_or_else(|| "-".to_owned(), |id| id.to_string()),
            Safe(r.date.as_deref().unwrap_or("-")),
            Safe(r.status.as_ref().map(RequestStatus::as_str).unwrap_or("-")),
            order_id.map_or_else(|| "-".to_owned(), |id| id.to_string()),
            Safe(product),
        );
    }
    outln!(
        "if one of these is the order: certwiz orders settle {id} --order-id N{flags}\n\
         if none is:                   certwiz orders settle {id} --not-placed{flags}",
        id = entry.attempt_id,
        flags = ordering::endpoint_flags(entry)
    );
    exit::OK
}

/// Follows every placed order on this endpoint that is not final, recording each change, until
/// all are final. Exits 0 when all were approved, 1 when any ended otherwise, 3 when following
/// one failed.
async fn follow_all(store: &Store, json: bool, endpoint: &EndpointArgs) -> u8 {
    let connection = match remote::open(endpoint).await {
        Ok(c) => c,
        Err(exit) => return exit.report(),
    };
    let client = &connection.client;
    let kind = client.endpoint().kind;
    let open = match on_journal(store, |j| j.entries_to_resume()).await {
        Ok(entries) => entries,
        Err(e) => return profile::failed(&e),
    };
    let open: Vec<JournalEntry> = open.into_iter().filter(|e| e.endpoint == kind).collect();
    if open.is_empty() {
        errln!("certwiz: no placed order on this endpoint is waiting for a final status");
        return exit::OK;
    }
    let tracker = Tracker::with_policy(client.clone(), remote::poll_policy(&connection));
    let journal = JournalWriter::new(store, client);
    let (tx, mut rx) = mpsc::unbounded_channel();
    let mut waiting = HashSet::new();
    for entry in &open {
        if let Some(order_id) = entry.order_id
            && waiting.insert(order_id)
        {
            let request_id = entry.request_ids.first().copied();
            tracker.track(order_id, request_id, tx.clone());
        }
    }
    drop(tx);
    let mut code = exit::OK;
    while let Some(update) = rx.recv().await {
        report(&update, json, &journal).await;
        if update.is_final {
            waiting.remove(&update.order_id);
            let state =
                OrderState::of(update.order_status.as_ref(), update.request_status.as_ref());
            code = code.max(if update.error.is_some() {
                exit::API_ERROR
            } else {
                state.exit_code()
            });
            if waiting.is_empty() {
                return code;
            }
        }
        // Nobody reads what the watch prints any more (`| head -1`): it stops, as a pipe asks.
        if crate::say::reader_gone() {
            return code;
        }
    }
    errln!("certwiz: tracking stopped unexpectedly");
    exit::API_ERROR
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_answer_naming_another_order_is_not_recorded() {
        let info: OrderInfo = serde_json::from_value(json!({"id": 123456789})).unwrap();
        let why = same_order(1, &info).unwrap_err();
        assert!(why.contains("order 123456789"), "{why}");
        assert!(same_order(123456789, &info).is_ok());
    }
}
