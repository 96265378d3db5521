//! What the wizard picks up at start: the autosaved form, and the orders the journal says are
//! still on their way.

use super::picker::ask;
use super::{error, info};
use crate::attempts;
use crate::store::{AttemptState, JournalEntry, Resume, SetAside};
use crate::tui::app::{Model, Overlay, Screen, TimelineEntry, TrackedOrder, YesAction};
use crate::tui::msg::Effect;

/// Asks whether to take up the autosaved form; nothing is autosaved until that is answered.
/// Files set aside at start, if already reported, are named at the top of the same question.
pub fn offer_resume(model: &mut Model, resume: Resume) {
    model.autosave.held = true;
    let mut lines = match model.overlay.take() {
        Some(Overlay::Confirm(c)) if c.on_yes == YesAction::Dismiss => {
            let mut lines = c.lines;
            lines.push(String::new());
            lines
        }
        _ => Vec::new(),
    };
    let saved = resume
        .saved_at
        .map(attempts::when)
        .unwrap_or_else(|| "an unknown time".into());
    lines.extend([
        format!("Autosaved at {saved}:"),
        resume.summary,
        "y resumes it; n starts a new form and keeps this one as a named draft.".into(),
    ]);
    ask(
        model,
        "Resume the order you were typing?".into(),
        lines,
        YesAction::Resume(Box::new(resume.draft)),
    );
}

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
    })
}

/// Follows again every placed, unfinished order of this endpoint, and lists the attempts whose
/// outcome is unknown; either opens the Orders screen.
pub fn follow_journal(model: &mut Model, entries: &[JournalEntry]) -> Vec<Effect> {
    let kind = model.endpoint.kind();
    let mut effects = Vec::new();
    for entry in entries.iter().filter(|e| e.endpoint == kind) {
        match entry.state {
            AttemptState::Placed if !entry.is_final() => {
                if let Some(order) = tracked(entry) {
                    effects.push(Effect::Track {
                        order_id: order.order_id,
                        request_id: order.request_id,
                    });
                    model.orders.push(order);
                }
            }
            AttemptState::OutcomeUnknown => model.unsettled.push(entry.clone()),
            _ => {}
        }
    }
    if !model.orders.is_empty() || !model.unsettled.is_empty() {
        model.screen = Screen::Orders;
        model.visited.insert(Screen::Orders);
        model.editor = None;
        model.notice = Some(if model.unsettled.is_empty() {
            info(format!(
                "Following {} order{} from earlier",
                model.orders.len(),
                if model.orders.len() == 1 { "" } else { "s" }
            ))
        } else {
            error(format!(
                "{} earlier order attempt{} may have placed an order; settle them",
                model.unsettled.len(),
                if model.unsettled.len() == 1 { "" } else { "s" }
            ))
        });
    }
    effects
}

/// Names the files the store set aside, so nobody wonders where they went; the person closes
/// the message, so it cannot pass unseen.
pub fn report_set_aside(model: &mut Model, set_aside: &[SetAside]) {
    if set_aside.is_empty() {
        return;
    }
    let mut lines = vec!["These files could not be used; they were kept, not deleted:".to_owned()];
    lines.extend(set_aside.iter().map(|s| format!("• {s}")));
    ask(model, "Files set aside".into(), lines, YesAction::Dismiss);
}
