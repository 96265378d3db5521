//! A question's keys: yes, no. The answer is reported; what follows belongs to the feature that
//! asked.

use crate::store::SetAside;
use crate::tui::app::{Asked, Confirm, Model, Overlay};
use crate::tui::keymap::Action;
use crate::tui::navigation::{ask, close_overlay, error};

/// A key while a question shows: the answer, once given, goes back to whoever asked (the
/// update routes it); this overlay decides nothing that follows. A resend, or a LIVE (billed)
/// order, needs `y` itself: the key table binds only `y` to yes there, and a stray Enter (bound
/// to nothing but this reminder) must not send an order.
pub fn on_key(model: &mut Model, confirm: Confirm, action: Action) -> Option<(Asked, bool)> {
    match action {
        Action::Activate if confirm.needs_y(model.endpoint().live) => {
            let words = match confirm.asked {
                Asked::Submit => "Press y to place this LIVE (billed) order, or n not to",
                Asked::SubmitDespite => "Press y to send it despite the warnings, or n not to",
                _ => "Press y to send it again, or n to keep it",
            };
            model.say(error(words.into()));
            model.show_overlay(Overlay::Confirm(confirm));
            None
        }
        Action::Yes => {
            close_overlay(model);
            Some((confirm.asked, true))
        }
        Action::No | Action::Back => {
            close_overlay(model);
            Some((confirm.asked, false))
        }
        Action::ScrollDown | Action::ScrollUp => {
            let mut confirm = confirm;
            confirm.scroll = if action == Action::ScrollDown {
                (confirm.scroll + 1).min(super::draw::max_scroll(model, &confirm))
            } else {
                confirm.scroll.saturating_sub(1)
            };
            model.show_overlay(Overlay::Confirm(confirm));
            None
        }
        _ => {
            model.show_overlay(Overlay::Confirm(confirm));
            None
        }
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
    ask(model, "Files set aside".into(), lines, Asked::Dismiss);
}
