//! Orders' keys and news: follow the journal's orders, their tracker updates, and approving,
//! rejecting or canceling one (a comment or note first, then a question, then the call).

use crate::order::{OrderStatus, RequestStatus};
use crate::store::{AttemptState, JournalEntry};
use crate::tui::app::{Asked, Model, PromptPurpose, Screen, TimelineEntry, TrackedOrder};
use crate::tui::keymap::Action;
use crate::tui::msg::{Effect, OrderAction};
use crate::tui::navigation::{ask, error, info, open_prompt};
use crate::tui::screens::orders::commands::order_action_check;
use crate::tui::services::{ServiceError, TrackUpdate};

/// An order the journal has as placed, as the Orders screen follows it.
fn tracked(entry: &JournalEntry) -> Option<TrackedOrder> {
    let order_id = entry.order_id?;
    let latest = entry.latest();
    Some(TrackedOrder {
        order_id,
        product: entry.product,
        request_id: latest
            .and_then(|c| c.request_id)
            .or_else(|| entry.request_ids.first().copied()),
        request_status: latest.and_then(|c| c.request_status.clone()),
        order_status: latest.and_then(|c| c.order_status.clone()),
        certificate_id: entry.certificate_id,
        timeline: entry
            .history
            .iter()
            .filter_map(|c| {
                c.request_status.as_ref().map(|s| TimelineEntry {
                    status: s.to_string(),
                    at: Some(c.at),
                })
            })
            .collect(),
        is_final: entry.is_final(),
        last_error: None,
        busy: None,
        delivery: Default::default(),
        waits: Vec::new(),
        waits_for: None,
    })
}

/// An account order as Order info gives it (one call), as the followed list holds an order:
/// its request and statuses folded by the tracker's own [`crate::api::tracker::Progress`], its
/// provisioning method, and whether the journal holds its CSR (`csr_held`). `Err`: a product
/// this build of certwiz does not know, named.
pub fn from_info(
    info: &crate::order::model::OrderInfo,
    at: time::OffsetDateTime,
    csr_held: bool,
) -> Result<TrackedOrder, String> {
    let product = crate::ordering::renewal::product_of(info).map_err(|name_id| {
        format!(
            "order {} is a {name_id:?} order, which this build of certwiz cannot act on",
            info.id
        )
    })?;
    let mut progress = crate::api::tracker::Progress::new(info.id, None);
    let seen = progress
        .observe(info, None, at)
        .unwrap_or_else(|| progress.update(at, None));
    let timeline = seen
        .request_status
        .iter()
        .map(|s| TimelineEntry {
            status: s.to_string(),
            at: None,
        })
        .chain(
            seen.order_status
                .iter()
                .filter(|s| s.is_final())
                .map(|s| TimelineEntry {
                    status: format!("order {s}"),
                    at: None,
                }),
        )
        .collect();
    let provisioning = info
        .cs_provisioning_method
        .as_deref()
        .map(|m| crate::delivery::Provisioning::of(Some(m)));
    Ok(TrackedOrder {
        order_id: info.id,
        product,
        request_id: seen.request_id,
        request_status: seen.request_status,
        order_status: seen.order_status,
        certificate_id: seen.certificate_id,
        timeline,
        is_final: seen.is_final,
        last_error: None,
        busy: None,
        delivery: super::Delivery {
            provisioning,
            no_csr_here: !csr_held,
            ..Default::default()
        },
        waits: Vec::new(),
        waits_for: None,
    })
}

/// Follows again every placed, unfinished order of this endpoint, and lists the attempts whose
/// outcome is unknown; either opens the Orders screen when `open` (the person has not done
/// anything yet), and is said.
pub fn follow_journal(model: &mut Model, entries: &[JournalEntry], open: bool) -> Vec<Effect> {
    let kind = model.endpoint().kind();
    let mut effects = Vec::new();
    for entry in entries.iter().filter(|e| e.endpoint == kind) {
        match entry.state {
            AttemptState::Placed if !entry.is_final() => {
                if let Some(order) = tracked(entry) {
                    effects.push(Effect::Track {
                        order_id: order.order_id,
                        request_id: order.request_id,
                    });
                    model.orders.followed.push(order);
                }
            }
            AttemptState::OutcomeUnknown => model.orders.unsettled.push(entry.clone()),
            _ => {}
        }
    }
    if !model.orders.followed.is_empty() || !model.orders.unsettled.is_empty() {
        if open {
            crate::tui::navigation::open_at_start(model, Screen::Orders);
        }
        model.say(if model.orders.unsettled.is_empty() {
            info(format!(
                "Following {} order{} from earlier",
                model.orders.followed.len(),
                if model.orders.followed.len() == 1 {
                    ""
                } else {
                    "s"
                }
            ))
        } else {
            error(format!(
                "{} earlier order attempt{} may have placed an order; settle them",
                model.orders.unsettled.len(),
                if model.orders.unsettled.len() == 1 {
                    ""
                } else {
                    "s"
                }
            ))
        });
    }
    effects
}

/// A tracked order changed: its timeline, statuses and certificate. Once issued, its
/// provisioning method is read, for what to do next.
pub fn on_track(model: &mut Model, event: TrackUpdate) -> Vec<Effect> {
    model.saw_time(event.at);
    let Some(order) = model
        .orders
        .followed
        .iter_mut()
        .find(|o| o.order_id == event.order_id)
    else {
        return Vec::new();
    };
    if let Some(id) = event.request_id {
        order.request_id = Some(id);
    }
    if let Some(status) = event.request_status
        && order.request_status.as_ref() != Some(&status)
    {
        order.timeline.push(TimelineEntry {
            status: status.to_string(),
            at: Some(event.at),
        });
        order.request_status = Some(status);
    }
    if let Some(status) = event.order_status
        && order.order_status.as_ref() != Some(&status)
    {
        if status.is_final() {
            order.timeline.push(TimelineEntry {
                status: format!("order {status}"),
                at: Some(event.at),
            });
        }
        order.order_status = Some(status);
    }
    if event.certificate_id.is_some() {
        order.certificate_id = event.certificate_id;
    }
    order.is_final |= event.is_final;
    order.last_error = event.error;
    let mut effects = why_it_waits(order);
    effects.extend(super::delivery::on_issued(order));
    effects
}

/// An order waiting in a status not asked about yet: why it waits is read, once per status
/// (`ordering::waiting`, as `certwiz status` reads it); one that stopped waiting says nothing.
fn why_it_waits(order: &mut TrackedOrder) -> Vec<Effect> {
    let status = order.order_status.clone();
    if !crate::ordering::waiting::may_wait(status.as_ref()) || order.is_final {
        order.waits.clear();
        order.waits_for = None;
        return Vec::new();
    }
    let Some(status) = status.filter(|s| order.waits_for.as_ref() != Some(s)) else {
        return Vec::new();
    };
    order.waits_for = Some(status.clone());
    vec![Effect::WhyWaits {
        order_id: order.order_id,
        status,
        request_id: order.request_id,
    }]
}

/// Why an order waits arrived: kept while the order is still in the status it was read for.
pub fn on_why(model: &mut Model, order_id: i64, status: OrderStatus, lines: Vec<String>) {
    if let Some(order) = model
        .orders
        .followed
        .iter_mut()
        .find(|o| o.order_id == order_id)
        && order.order_status.as_ref() == Some(&status)
    {
        order.waits = lines;
    }
}

/// `a`, `r` or `x` on the selected order: a question (approve), or first a comment or note.
pub fn order_action(model: &mut Model, action: Action) {
    let (order_id, request_id) = match order_action_check(model, action) {
        Ok(ids) => ids,
        Err(why) => {
            model.say(error(why));
            return;
        }
    };
    match (action, request_id) {
        (Action::Approve, Some(request_id)) => ask(
            model,
            format!("Approve request {request_id}?"),
            vec![format!("Order {order_id}")],
            Asked::Act {
                order_id,
                request_id: Some(request_id),
                action: OrderAction::Approve,
            },
        ),
        (Action::Reject, Some(request_id)) => open_prompt(
            model,
            PromptPurpose::RejectComment {
                order_id,
                request_id,
            },
            "Reject: a comment for the requester",
            "why it is rejected",
            "",
        ),
        _ => open_prompt(
            model,
            PromptPurpose::CancelNote { order_id },
            "Cancel: a note for the record",
            "why it is canceled",
            "",
        ),
    }
}

/// The reject comment was typed: asks before rejecting.
pub fn confirm_reject(model: &mut Model, order_id: i64, request_id: i64, text: String) {
    ask(
        model,
        format!("Reject request {request_id}?"),
        vec![format!("Order {order_id}"), format!("Comment: {text}")],
        Asked::Act {
            order_id,
            request_id: Some(request_id),
            action: OrderAction::Reject { comment: text },
        },
    );
}

/// The cancel note was typed: asks before canceling.
pub fn confirm_cancel(model: &mut Model, order_id: i64, text: String) {
    ask(
        model,
        format!("Cancel order {order_id}?"),
        vec![format!("Note: {text}"), "This cannot be undone.".into()],
        Asked::Act {
            order_id,
            request_id: None,
            action: OrderAction::Cancel { note: text },
        },
    );
}

/// The "yes" to approve, reject or cancel: sent once, while no other action is on its way.
pub fn act(
    model: &mut Model,
    order_id: i64,
    request_id: Option<i64>,
    action: OrderAction,
) -> Vec<Effect> {
    let Some(order) = model.orders.order_mut(order_id) else {
        return Vec::new();
    };
    if order.busy.is_some() {
        return Vec::new();
    }
    order.busy = Some(action.clone());
    vec![Effect::Act {
        order_id,
        request_id,
        action,
    }]
}

/// What DigiCert's 204 to an approve, reject or cancel means, now rather than at the next
/// poll: the request approved or rejected ("Update request status"), the order canceled
/// ("Update order status", dev.digicert.com/en/certcentral-apis/services-api/orders/
/// update-order-status.html; a canceled pending reissue goes back to issued).
fn decided(order: &mut TrackedOrder, what: &OrderAction, at: time::OffsetDateTime) {
    let request = match what {
        OrderAction::Approve => Some(RequestStatus::Approved),
        OrderAction::Reject { .. } => Some(RequestStatus::Rejected),
        OrderAction::Cancel { .. } => None,
    };
    if let Some(status) = request {
        order.timeline.push(TimelineEntry {
            status: status.to_string(),
            at: Some(at),
        });
        order.request_status = Some(status);
        order.is_final |= order.state().has_ended();
        return;
    }
    if order.order_status == Some(OrderStatus::ReissuePending) {
        // The reissue is canceled: the order is issued again and the reissue's request
        // rejected (the same page).
        order.timeline.push(TimelineEntry {
            status: "reissue canceled".into(),
            at: Some(at),
        });
        order.order_status = Some(OrderStatus::Issued);
        order.request_status = Some(RequestStatus::Rejected);
        return;
    }
    let status = OrderStatus::Canceled;
    order.timeline.push(TimelineEntry {
        status: format!("order {status}"),
        at: Some(at),
    });
    order.order_status = Some(status);
    order.is_final = true;
}

/// An approve, reject or cancel finished.
pub fn on_action_done(
    model: &mut Model,
    at: time::OffsetDateTime,
    order_id: i64,
    what: OrderAction,
    result: Result<(), ServiceError>,
) {
    model.saw_time(at);
    if let Some(order) = model.orders.order_mut(order_id) {
        order.busy = None;
        if result.is_ok() {
            decided(order, &what, at);
        }
    }
    // An account order CertCentral refused to act on has moved on since it was read (it is not
    // followed live): it is read again, so what the pane and the footer say is its state now.
    if result.is_err()
        && matches!(&model.orders.account_order,
            Some(super::AccountOrder::Read(o)) if o.order_id == order_id)
    {
        model.orders.account_order = None;
    }
    // The account's list says the same of a canceled order at once.
    if result.is_ok()
        && matches!(what, OrderAction::Cancel { .. })
        && let Some(row) = model
            .orders
            .certificates
            .rows
            .iter_mut()
            .find(|r| r.order_id == order_id)
    {
        row.status = crate::order::OrderStatus::Canceled.to_string();
    }
    model.say(match result {
        Ok(()) => info(format!("Order {order_id}: {}", what.done())),
        Err(e) => error(format!(
            "Order {order_id}: could not {}: {}",
            what.verb(),
            e.message
        )),
    });
}
