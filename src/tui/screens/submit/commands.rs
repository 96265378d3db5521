//! Submit's commands: whether sending is possible now, for the footer and the update alike.

use crate::tui::app::{Model, SubmitState};
use crate::tui::keymap::{Action, Binding};

/// Where the order POST stands for the form as it is now ([`super::Submission::now_for`]).
pub fn state_now(model: &Model) -> &SubmitState {
    model.submit.now_for(model.draft())
}

/// Whether the form may be sent now, or why not. A form with errors may: trying flags them.
pub fn submit_check(model: &Model) -> Result<(), String> {
    match state_now(model) {
        SubmitState::InFlight { .. } => Err("The order is being sent; wait for the answer".into()),
        SubmitState::Placed { order_id } => Err(format!(
            "This form was placed as order {order_id}; it is not sent twice"
        )),
        _ => Ok(()),
    }
}

/// The footer's word for a Submit binding, or `None` when it would do nothing.
pub fn word(model: &Model, binding: &Binding) -> Option<&'static str> {
    match binding.action {
        // Enter says why errors block sending, but it does not submit: not offered then.
        Action::Submit => binding
            .footer
            .filter(|_| submit_check(model).is_ok() && model.blocking_errors() == 0),
        _ => binding.footer,
    }
}
