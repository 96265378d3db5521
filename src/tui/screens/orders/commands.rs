//! Orders' commands: whether approve, reject or cancel can act on the selected order, for the
//! footer and the update alike.

use crate::tui::app::Model;
use crate::tui::keymap::{Action, Binding};

/// The order and request an approve, reject or cancel of the selected order acts on, or why it
/// cannot.
pub fn order_action_check(model: &Model, action: Action) -> Result<(i64, Option<i64>), String> {
    let Some(order) = model.selected() else {
        return Err("No order is selected".into());
    };
    let order_id = order.order_id;
    if order.busy.is_some() {
        return Err(format!("Order {order_id}: an action is already on its way"));
    }
    match action {
        Action::Approve | Action::Reject => {
            let Some(request_id) = order.request_id else {
                return Err(format!("Order {order_id} has no request to decide"));
            };
            if order.request_status.as_ref().is_some_and(|s| s.is_final()) {
                return Err(format!("Request {request_id} is already decided"));
            }
            Ok((order_id, Some(request_id)))
        }
        _ if order.is_final => Err(format!("Order {order_id} is final; it cannot be canceled")),
        _ => Ok((order_id, None)),
    }
}

/// The footer's word for an Orders binding, or `None` when it would do nothing.
pub fn word(model: &Model, binding: &Binding) -> Option<&'static str> {
    match binding.action {
        Action::Approve | Action::Reject | Action::CancelOrder => binding
            .footer
            .filter(|_| order_action_check(model, binding.action).is_ok()),
        _ => binding.footer,
    }
}
