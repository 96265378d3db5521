//! Submitting: the state machine that sends an order at most once per confirmed yes, its
//! answer, the tracked orders' changes, and the actions on them.

use crate::ordering;
use crate::store::{JournalEntry, NewAttempt};
use crate::tui::app::{Asked, Model, Screen, SubmitState, TimelineEntry, TrackedOrder};
use crate::tui::msg::Effect;
use crate::tui::navigation::{ask, error, info};
use crate::tui::screens::submit::commands::submit_check;
use crate::tui::screens::submit::preflight::state::Waiting;
use crate::tui::services::{Failure, Placed, ServiceError};

/// Whether the submit state allows sending (in flight or placed never does).
pub fn may_send(state: &SubmitState) -> bool {
    matches!(state, SubmitState::Ready | SubmitState::Failed { .. })
}

/// The journal's record of the attempt to send the form as it stands.
/// A renewal is known by the order it renews (as `certwiz renew` records it), so a second
/// renewal of the same order is named and asked about whatever its form says.
pub fn attempt_of(model: &Model) -> NewAttempt {
    let (kind, base) = (model.endpoint().kind(), model.endpoint().base.as_str());
    match (model.form.renewal_of(), model.form.instead_of()) {
        (Some(old), _) => NewAttempt::for_renewal(model.draft(), old, kind, base),
        (None, Some(old)) => NewAttempt::instead_of_renewal(model.draft(), old, kind, base),
        (None, None) => NewAttempt::for_draft(model.draft(), kind, base),
    }
}

/// Checks the form, then asks the journal for earlier attempts of it; the confirmation follows
/// in [`on_earlier`].
pub fn try_submit(model: &mut Model) -> Vec<Effect> {
    if let Err(why) = submit_check(model) {
        model.say(error(why));
        return Vec::new();
    }
    model.flag_all();
    let errors = model.blocking_errors();
    if errors > 0 {
        model.say(error(format!(
            "{errors} error{} block submitting; Review lists them and Enter jumps to each",
            if errors == 1 { "" } else { "s" }
        )));
        return Vec::new();
    }
    vec![Effect::CheckEarlier(Box::new(attempt_of(model)))]
}

/// The journal's answer: the pre-flight check starts, and the question waits for it (asked
/// without it when the form makes no body).
pub fn on_earlier(model: &mut Model, result: Result<Vec<JournalEntry>, String>) -> Vec<Effect> {
    let earlier = match result {
        Ok(entries) => entries,
        Err(e) => {
            model.say(error(format!(
                "Cannot read the journal of earlier orders ({e}); nothing was sent"
            )));
            return Vec::new();
        }
    };
    if !may_ask(model) {
        return Vec::new();
    }
    match super::preflight::before_asking(model, earlier.clone()) {
        Some(effects) => effects,
        None => ask_to_send(model, earlier, Vec::new()),
    }
}

/// Whether a send question may be asked: sending is possible, or the outcome is unknown.
fn may_ask(model: &Model) -> bool {
    let now = super::commands::state_now(model);
    may_send(now) || matches!(now, SubmitState::Unknown { .. })
}

/// The check is in (or could not run): a missing or expired ds validation is offered for
/// submission first, once per question; then the send question.
pub fn on_checked(model: &mut Model, waiting: Waiting) -> Vec<Effect> {
    if !may_ask(model) {
        return Vec::new();
    }
    if !waiting.offered
        && let Some(org) = super::preflight::unvalidated(model)
    {
        model.submit.preflight.question = Some(Waiting {
            offered: true,
            ..waiting
        });
        let lines = vec![
            format!(
                "DigiCert does not issue the certificate until organization {org} is validated \
                 for document signing."
            ),
            format!(
                "y submits it now (as certwiz validation {org} --submit does, recorded in the \
                 log); n goes on to the order question."
            ),
        ];
        ask(
            model,
            format!("Submit organization {org} for document signing validation first?"),
            lines,
            Asked::SubmitValidation { org },
        );
        return Vec::new();
    }
    ask_to_send(model, waiting.earlier, waiting.said)
}

/// The answer to the offer: yes submits (the question waits for it), no asks to send.
pub fn answered_validation(model: &mut Model, org: i64, yes: bool) -> Vec<Effect> {
    if yes {
        model.say(info(format!(
            "Submitting organization {org} for document signing validation…"
        )));
        return vec![Effect::SubmitValidation { org }];
    }
    match model.submit.preflight.question.take() {
        Some(waiting) => ask_to_send(model, waiting.earlier, waiting.said),
        None => Vec::new(),
    }
}

/// The submission is done: what happened goes into the waiting question, and the form is
/// checked again so its organization's line says what CertCentral says now.
pub fn on_validation_submitted(
    model: &mut Model,
    org: i64,
    result: Result<String, ServiceError>,
) -> Vec<Effect> {
    let said = match result {
        Ok(words) => words,
        Err(e) => format!(
            "Organization {org} could not be submitted for validation: {}",
            e.message
        ),
    };
    if let Some(waiting) = &mut model.submit.preflight.question {
        waiting.said.push(said.clone());
    }
    let effects = super::preflight::again(model);
    if model.submit.preflight.question.is_none() {
        model.say(info(said));
    }
    effects
}

/// Asks to send, with the pre-flight's findings and price, naming every earlier attempt of the
/// same form that placed or may have placed an order; a second send, or warnings that need
/// one, take `y` itself.
fn ask_to_send(model: &mut Model, earlier: Vec<JournalEntry>, said: Vec<String>) -> Vec<Effect> {
    if !may_ask(model) {
        return Vec::new();
    }
    model.submit.earlier_named = earlier.iter().map(|e| e.attempt_id.clone()).collect();
    let mut lines = super::summary::text(model);
    if model.endpoint().live {
        lines.push("This places a real order with DigiCert; it is billed.".into());
    }
    lines.extend(said);
    let (found, needs_yes) = super::preflight::lines(model);
    lines.extend(found);
    let despite = if needs_yes {
        " despite the warnings"
    } else {
        ""
    };
    if !earlier.is_empty() {
        lines.push("This form was sent before:".into());
        for entry in &earlier {
            lines.push(format!("  {}", ordering::describe(entry)));
        }
        lines.push(
            "Look it up among the account's recent orders first; y sends a SECOND order.".into(),
        );
        ask(
            model,
            format!("Send this order AGAIN{despite}?"),
            lines,
            Asked::Resubmit,
        );
        return Vec::new();
    }
    let (title, asked) = match super::commands::state_now(model) {
        SubmitState::Unknown { at, .. } => {
            lines.push(format!(
                "An earlier attempt{} may have reached DigiCert. Look for it among the \
                 account's recent orders before sending again.",
                at.map(|t| format!(" at {}", crate::tui::theme::clock(t)))
                    .unwrap_or_default()
            ));
            (format!("Send this order AGAIN{despite}?"), Asked::Resubmit)
        }
        _ => {
            let on_yes = if needs_yes {
                Asked::SubmitDespite
            } else {
                Asked::Submit
            };
            (
                format!("Send this order to {}{despite}?", model.endpoint().name()),
                on_yes,
            )
        }
    };
    ask(model, title, lines, asked);
    Vec::new()
}

pub fn on_placed(
    model: &mut Model,
    at: time::OffsetDateTime,
    result: Result<Placed, ServiceError>,
) -> Vec<Effect> {
    model.saw_time(at);
    if !matches!(model.submit.state, SubmitState::InFlight { .. }) {
        return Vec::new();
    }
    match result {
        Ok(placed) => {
            model.submit.state = SubmitState::Placed {
                order_id: placed.order_id,
            };
            let status = placed.request_status.clone();
            let order = TrackedOrder {
                order_id: placed.order_id,
                product: model.draft().product,
                request_id: placed.request_id,
                request_status: status.clone(),
                order_status: None,
                certificate_id: placed.certificate_id,
                timeline: status
                    .map(|s| TimelineEntry {
                        status: s.to_string(),
                        at: Some(at),
                    })
                    .into_iter()
                    .collect(),
                is_final: false,
                last_error: None,
                busy: None,
                delivery: Default::default(),
                waits: Vec::new(),
                waits_for: None,
            };
            model.orders.follow_placed(order);
            if let Some(old) = model.form.renewal_of() {
                model.orders.renewed(old);
            }
            model.say(info(format!(
                "Order {} placed; it is followed on Orders",
                placed.order_id
            )));
            // The form became an order: the next start is a fresh form.
            model.autosave.forget_edits();
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
                    model.submit.state = SubmitState::Unknown {
                        message: e.message,
                        at: Some(at),
                    }
                }
                _ => {
                    for problem in &e.fields {
                        if let Some(path) = &problem.path {
                            model.api_error(path, format!("DigiCert: {}", problem.message));
                        }
                    }
                    model.submit.state = SubmitState::Failed { message: e.message };
                    if let (Some(refused), Some(old)) = (e.refused, model.form.renewal_of()) {
                        refused_renewal(model, refused, old);
                    }
                }
            }
            Vec::new()
        }
    }
}

/// CertCentral refused the renewal (`ordering::renewal::Refused`): what it means, in the words
/// `certwiz renew` uses, and the question whether to place the form as a NEW order instead;
/// only `y` says yes.
fn refused_renewal(model: &mut Model, refused: crate::ordering::renewal::Refused, old: i64) {
    crate::tui::navigation::ask(
        model,
        "Place it as a NEW order instead?".to_owned(),
        vec![
            refused.explain(old),
            "y places this form as a new order (without renewal_of_order_id); n keeps it \
             unsent."
                .to_owned(),
        ],
        Asked::NewOrderInstead { old },
    );
}

/// The answer to placing a refused renewal as a new order: yes sends the form without
/// `renewal_of_order_id` (the journal checks it as any new order); no leaves it unsent.
pub fn new_order_instead(model: &mut Model, old: i64, yes: bool) -> Vec<Effect> {
    if model.form.renewal_of() != Some(old) {
        return Vec::new();
    }
    if !yes {
        model.say(info(format!(
            "Order {old} was not renewed, and no new order was placed"
        )));
        return Vec::new();
    }
    model.place_instead_of_renewal(old);
    model.say(info(format!(
        "Placing it as a new order (not a renewal of order {old})"
    )));
    send(model, false)
}

/// The "yes" to send (`again`: after an unknown outcome or an earlier attempt): the POST, at
/// most once. Only the earlier attempts the question named are sent past: the ordering core
/// checks the journal again at the moment of sending, and one found then is asked about anew.
pub fn send(model: &mut Model, again: bool) -> Vec<Effect> {
    let now = super::commands::state_now(model);
    let allowed = may_send(now) || (again && matches!(now, SubmitState::Unknown { .. }));
    let attempt = Box::new(attempt_of(model));
    if !allowed || model.blocking_errors() > 0 {
        return Vec::new();
    }
    match model.request() {
        Ok(body) => {
            model.submit.state = SubmitState::InFlight { since: model.now() };
            model.submit.sent_form = Some(model.draft().clone());
            // The answer to the journal check can come after the person left Submit,
            // so the question may be answered on a form: its editor goes with it.
            crate::tui::navigation::back_to(model, Screen::Submit);
            let named = if again {
                std::mem::take(&mut model.submit.earlier_named)
            } else {
                Vec::new()
            };
            vec![Effect::PlaceOrder {
                product: model.draft().product,
                body: Box::new(body),
                attempt,
                named,
            }]
        }
        Err(e) => {
            model.say(error(format!("The body cannot be built: {e}")));
            Vec::new()
        }
    }
}
