//! Submitting: the state machine that sends an order at most once per confirmed yes, its
//! answer, the tracked orders' changes, and the actions on them.

use super::picker::{ask, open_prompt};
use super::{error, info};
use crate::attempts;
use crate::order::validate::Diagnostic;
use crate::store::{JournalEntry, NewAttempt};
use crate::tui::app::{Model, Pending, PromptPurpose, Screen, Step, SubmitState, TrackedOrder};
use crate::tui::keymap::Action;
use crate::tui::msg::{Effect, OrderAction};
use crate::tui::services::{Failure, Placed, ServiceError, TrackUpdate};

/// Whether the submit state allows sending (in flight or placed never does).
pub fn may_send(state: &SubmitState) -> bool {
    matches!(state, SubmitState::Ready | SubmitState::Failed { .. })
}

/// The journal's record of the attempt to send the form as it stands.
fn attempt_of(model: &Model) -> NewAttempt {
    NewAttempt::for_draft(
        &model.draft,
        model.endpoint.kind(),
        model.endpoint.base.as_str(),
    )
}

/// Checks the form, then asks the journal for earlier attempts of it; the confirmation follows
/// in [`on_earlier`].
pub(super) fn try_submit(model: &mut Model) -> Vec<Effect> {
    match &model.submit {
        SubmitState::InFlight { .. } => {
            model.notice = Some(error("The order is being sent; wait for the answer".into()));
            return Vec::new();
        }
        SubmitState::Placed { order_id } => {
            model.notice = Some(error(format!(
                "This form was placed as order {order_id}; it is not sent twice"
            )));
            return Vec::new();
        }
        _ => {}
    }
    model.flag_all();
    let errors = model.blocking_errors();
    if errors > 0 {
        model.notice = Some(error(format!(
            "{errors} error{} block submitting; Review lists them and Enter jumps to each",
            if errors == 1 { "" } else { "s" }
        )));
        return Vec::new();
    }
    vec![Effect::CheckEarlier(Box::new(attempt_of(model)))]
}

/// Asks to send, naming every earlier attempt of the same form that placed or may have placed
/// an order; then only `y` sends.
pub(super) fn on_earlier(
    model: &mut Model,
    result: Result<Vec<JournalEntry>, String>,
) -> Vec<Effect> {
    let earlier = match result {
        Ok(entries) => entries,
        Err(e) => {
            model.notice = Some(error(format!(
                "Cannot read the journal of earlier orders ({e}); nothing was sent"
            )));
            return Vec::new();
        }
    };
    if !may_send(&model.submit) && !matches!(model.submit, SubmitState::Unknown { .. }) {
        return Vec::new();
    }
    let d = &model.draft;
    let years = d.get(d.validity_path()).trim().to_owned();
    let mut lines = vec![
        format!(
            "Endpoint: {} ({})",
            model.endpoint.name(),
            model.endpoint.base
        ),
        format!("Product:  {}", d.product.label()),
        format!(
            "Validity: {years} year{}",
            if years == "1" { "" } else { "s" }
        ),
        format!("Payment:  {}", d.get("payment_method").trim()),
    ];
    if model.endpoint.live {
        lines.push("This places a real order with DigiCert; it is billed.".into());
    }
    if !earlier.is_empty() {
        lines.push("This form was sent before:".into());
        for entry in &earlier {
            lines.push(format!("  {}", attempts::describe(entry)));
        }
        lines.push(
            "Look it up among the account's recent orders first; y sends a SECOND order.".into(),
        );
        let title = "Send this order AGAIN?".to_owned();
        ask(model, title, lines, Pending::Resubmit);
        return Vec::new();
    }
    let (title, on_yes) = match &model.submit {
        SubmitState::Unknown { at, .. } => {
            lines.push(format!(
                "An earlier attempt{} may have reached DigiCert. Look for it among the \
                 account's recent orders before sending again.",
                at.map(|t| format!(" at {}", crate::tui::view::clock(t)))
                    .unwrap_or_default()
            ));
            ("Send this order AGAIN?".to_owned(), Pending::Resubmit)
        }
        _ => (
            format!("Send this order to {}?", model.endpoint.name()),
            Pending::Submit,
        ),
    };
    ask(model, title, lines, on_yes);
    Vec::new()
}

pub(super) fn on_yes(model: &mut Model, pending: Pending) -> Vec<Effect> {
    match pending {
        Pending::Quit => super::autosave::quit(model),
        Pending::Dismiss => Vec::new(),
        Pending::Resume(draft) => super::autosave::resume(model, *draft),
        Pending::DeleteShelved { kind, name } => vec![Effect::ChangeShelf(
            kind,
            crate::tui::msg::ShelfChange::Delete { name },
        )],
        Pending::Submit | Pending::Resubmit => {
            let allowed = may_send(&model.submit)
                || (pending == Pending::Resubmit
                    && matches!(model.submit, SubmitState::Unknown { .. }));
            let attempt = Box::new(attempt_of(model));
            if !allowed || model.blocking_errors() > 0 {
                return Vec::new();
            }
            match model.draft.to_request() {
                Ok(body) => {
                    model.submit = SubmitState::InFlight { since: model.now };
                    // The answer to the journal check can come after the person left Submit,
                    // so the question may be answered on a form: its editor goes with it.
                    model.screen = Screen::Submit;
                    model.open_editor();
                    vec![Effect::PlaceOrder {
                        product: model.draft.product,
                        body: Box::new(body),
                        attempt,
                    }]
                }
                Err(e) => {
                    model.notice = Some(error(format!("The body cannot be built: {e}")));
                    Vec::new()
                }
            }
        }
        Pending::Act {
            order_id,
            request_id,
            action,
        } => {
            let Some(order) = model.orders.iter_mut().find(|o| o.order_id == order_id) else {
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
    }
}

pub(super) fn on_placed(
    model: &mut Model,
    at: time::OffsetDateTime,
    result: Result<Placed, ServiceError>,
) -> Vec<Effect> {
    model.now = Some(at);
    if !matches!(model.submit, SubmitState::InFlight { .. }) {
        return Vec::new();
    }
    match result {
        Ok(placed) => {
            model.submit = SubmitState::Placed {
                order_id: placed.order_id,
            };
            let status = placed.request_status.clone();
            let order = TrackedOrder {
                order_id: placed.order_id,
                product: model.draft.product,
                request_id: placed.request_id,
                request_status: status.clone(),
                order_status: None,
                certificate_id: placed.certificate_id,
                timeline: status
                    .map(|s| Step {
                        status: s.to_string(),
                        at: Some(at),
                    })
                    .into_iter()
                    .collect(),
                is_final: false,
                last_error: None,
                busy: None,
            };
            model.orders.insert(0, order);
            model.selected_order = 0;
            model.notice = Some(info(format!(
                "Order {} placed; it is followed on Orders",
                placed.order_id
            )));
            // The form became an order: the next start is a fresh form.
            model.autosave.debouncer = crate::store::Debouncer::default();
            model.autosave.edited = false;
            vec![
                Effect::Track {
                    order_id: placed.order_id,
                    request_id: placed.request_id,
                },
                Effect::DiscardAutosave,
            ]
        }
        Err(e) => {
            match e.failure {
                Failure::OutcomeUnknown => {
                    model.submit = SubmitState::Unknown {
                        message: e.message,
                        at: Some(at),
                    }
                }
                _ => {
                    for problem in &e.fields {
                        if let Some(path) = &problem.path {
                            model.api_errors.push(Diagnostic::error(
                                path.clone(),
                                "api",
                                format!("DigiCert: {}", problem.message),
                            ));
                            model.flagged.insert(path.clone());
                        }
                    }
                    model.submit = SubmitState::Failed { message: e.message };
                }
            }
            Vec::new()
        }
    }
}

pub(super) fn on_track(model: &mut Model, event: TrackUpdate) {
    model.now = Some(event.at);
    let Some(order) = model
        .orders
        .iter_mut()
        .find(|o| o.order_id == event.order_id)
    else {
        return;
    };
    if let Some(id) = event.request_id {
        order.request_id = Some(id);
    }
    if let Some(status) = event.request_status
        && order.request_status.as_ref() != Some(&status)
    {
        order.timeline.push(Step {
            status: status.to_string(),
            at: Some(event.at),
        });
        order.request_status = Some(status);
    }
    if let Some(status) = event.order_status
        && order.order_status.as_ref() != Some(&status)
    {
        if status.is_final() {
            order.timeline.push(Step {
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
}

pub(super) fn order_action(model: &mut Model, action: Action) {
    let Some(order) = model.selected() else {
        model.notice = Some(error("No order is selected".into()));
        return;
    };
    let order_id = order.order_id;
    if order.busy.is_some() {
        model.notice = Some(error(format!(
            "Order {order_id}: an action is already on its way"
        )));
        return;
    }
    match action {
        Action::Approve | Action::Reject => {
            let Some(request_id) = order.request_id else {
                model.notice = Some(error(format!("Order {order_id} has no request to decide")));
                return;
            };
            if order.request_status.as_ref().is_some_and(|s| s.is_final()) {
                model.notice = Some(error(format!("Request {request_id} is already decided")));
                return;
            }
            if action == Action::Approve {
                ask(
                    model,
                    format!("Approve request {request_id}?"),
                    vec![format!("Order {order_id}")],
                    Pending::Act {
                        order_id,
                        request_id: Some(request_id),
                        action: OrderAction::Approve,
                    },
                );
            } else {
                open_prompt(
                    model,
                    PromptPurpose::RejectComment {
                        order_id,
                        request_id,
                    },
                    "Reject: a comment for the requester",
                    "why it is rejected",
                    "",
                );
            }
        }
        _ => {
            if order.is_final {
                model.notice = Some(error(format!(
                    "Order {order_id} is final; it cannot be canceled"
                )));
                return;
            }
            open_prompt(
                model,
                PromptPurpose::CancelNote { order_id },
                "Cancel: a note for the record",
                "why it is canceled",
                "",
            );
        }
    }
}
