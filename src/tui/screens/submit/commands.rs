//! Submit's command: whether sending is possible now, for the footer and the update alike.

use crate::tui::app::{Model, SubmitState};

/// Whether the form may be sent now, or why not. A form with errors may: trying flags them.
pub fn submit_check(model: &Model) -> Result<(), String> {
    match &model.submit {
        SubmitState::InFlight { .. } => Err("The order is being sent; wait for the answer".into()),
        SubmitState::Placed { order_id } => Err(format!(
            "This form was placed as order {order_id}; it is not sent twice"
        )),
        _ => Ok(()),
    }
}
