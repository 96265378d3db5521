//! A question's keys: yes, no. What a "yes" does belongs to the feature that asked.

use crossterm::event::KeyCode;

use crate::store::SetAside;
use crate::tui::app::{Confirm, Model, Overlay, YesAction};
use crate::tui::autosave;
use crate::tui::keymap::Action;
use crate::tui::msg::{Effect, SavedChange};
use crate::tui::navigation::{ask, close_overlay, error};
use crate::tui::screens::{orders, submit};

/// A key while a question shows. A resend needs `y` itself: a stray Enter must not send a
/// second order.
pub fn on_key(model: &mut Model, confirm: Confirm, action: Action, key: KeyCode) -> Vec<Effect> {
    match action {
        Action::Yes if confirm.needs_y(model.endpoint.live) && key != KeyCode::Char('y') => {
            let words = if confirm.on_yes == YesAction::Submit {
                "Press y to place this LIVE (billed) order, or n not to"
            } else {
                "Press y to send it again, or n to keep it"
            };
            model.notice = Some(error(words.into()));
            model.overlay = Some(Overlay::Confirm(confirm));
            Vec::new()
        }
        Action::Yes => {
            close_overlay(model);
            on_yes(model, confirm.on_yes)
        }
        Action::No | Action::Back => {
            close_overlay(model);
            if matches!(confirm.on_yes, YesAction::Resume(_)) {
                return autosave::update::start_new(model);
            }
            Vec::new()
        }
        _ => {
            model.overlay = Some(Overlay::Confirm(confirm));
            Vec::new()
        }
    }
}

/// A "yes" goes back to the feature that asked.
pub fn on_yes(model: &mut Model, yes: YesAction) -> Vec<Effect> {
    match yes {
        YesAction::Quit => autosave::update::quit(model),
        YesAction::Dismiss => Vec::new(),
        YesAction::Resume(draft) => autosave::update::resume(model, *draft),
        YesAction::DeleteSaved { kind, name } => {
            vec![Effect::ChangeSaved(kind, SavedChange::Delete { name })]
        }
        YesAction::Submit => submit::update::send(model, false),
        YesAction::Resubmit => submit::update::send(model, true),
        YesAction::Act {
            order_id,
            request_id,
            action,
        } => orders::update::act(model, order_id, request_id, action),
    }
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
