//! Orders' commands: whether approve, reject or cancel, and the delivery keys, can act on the
//! selected order, for the footer and the update alike.

use super::AccountOrder;
use super::listing::OrdersList;
use crate::order::OrderStatus;
use crate::tui::app::{Model, TrackedOrder};
use crate::tui::keymap::{Action, Binding};

/// The order the keys act on (the followed list's, or the account certificate's order once
/// its Order info is read), or why there is none.
fn selected_order(model: &Model) -> Result<&TrackedOrder, String> {
    if let Some(order) = model.orders.selected() {
        return Ok(order);
    }
    if model.orders.list == OrdersList::Followed {
        return Err("No order is selected".into());
    }
    let Some(row) = model.orders.certificates.selected() else {
        return Err("No certificate is selected".into());
    };
    let id = row.order_id;
    Err(match &model.orders.account_order {
        Some(AccountOrder::Failed(at, why)) if *at == id => {
            format!("Order {id} could not be read: {why}")
        }
        _ => format!("Order {id} is being read (Order info); its keys follow once it is"),
    })
}

/// Whether DigiCert lets the order be canceled: "Update order status" says the order status
/// must be `pending` or `waiting_pickup` (a pending order), or `reissue_pending` (a pending
/// reissue) (dev.digicert.com/en/certcentral-apis/services-api/orders/update-order-status.html).
/// An order whose status is not read yet (just placed from here) is taken as pending.
fn cancelable(status: Option<&OrderStatus>) -> bool {
    match status {
        None => true,
        Some(s) => s.is_cancelable() || *s == OrderStatus::ReissuePending,
    }
}

/// The order and request an approve, reject or cancel of the selected order acts on, or why it
/// cannot.
pub fn order_action_check(model: &Model, action: Action) -> Result<(i64, Option<i64>), String> {
    let order = selected_order(model)?;
    let order_id = order.order_id;
    if order.busy.is_some() {
        return Err(format!("Order {order_id}: an action is already on its way"));
    }
    match action {
        Action::Approve | Action::Reject => {
            let Some(request_id) = order.request_id else {
                return Err(format!("Order {order_id} has no request to decide"));
            };
            if order.state().has_ended() {
                return Err(format!(
                    "Order {order_id} is {}: its request cannot be decided",
                    order.status_text()
                ));
            }
            if order.request_status.as_ref().is_some_and(|s| s.is_final()) {
                return Err(format!("Request {request_id} is already decided"));
            }
            Ok((order_id, Some(request_id)))
        }
        _ if order.state().has_ended() || (order.is_final && order.order_status.is_none()) => {
            Err(format!(
                "Order {order_id} is {}; it cannot be canceled",
                order.status_text()
            ))
        }
        _ if !cancelable(order.order_status.as_ref()) => Err(format!(
            "Order {order_id}'s status is {}: DigiCert cancels only an order whose status is \
             pending or waiting_pickup, or a pending reissue",
            order
                .order_status
                .as_ref()
                .map(|s| s.to_string())
                .unwrap_or_default()
        )),
        _ => Ok((order_id, None)),
    }
}

/// The order a delivery key (install code, copy, download) acts on, or why it cannot: the
/// order must be issued, of the right provisioning method (or one not read yet), with no
/// delivery work on its way.
pub fn delivery_check(model: &Model, action: Action) -> Result<i64, String> {
    let order = selected_order(model)?;
    let order_id = order.order_id;
    let d = &order.delivery;
    if action == Action::CopyCode {
        return match d.init_code {
            Some(_) => Ok(order_id),
            None => Err(format!(
                "Order {order_id}: no install code is shown (i shows it)"
            )),
        };
    }
    if !order.is_issued() {
        return Err(format!(
            "Order {order_id} is not issued yet: its delivery starts once it is"
        ));
    }
    if d.busy.is_some() {
        return Err(format!("Order {order_id}: its delivery is being read"));
    }
    let token = d.provisioning.as_ref().map(|p| p.is_token());
    match (action, token) {
        (Action::InitCode, Some(false)) => Err(format!(
            "Order {order_id} is for an HSM: it has no install code (d downloads its certificate)"
        )),
        (Action::Download, Some(true)) => Err(format!(
            "Order {order_id} is a token order: there is no certificate file to download (i shows its install code)"
        )),
        (Action::Download, _) if d.no_csr_here => Err(format!(
            "Order {order_id} was not placed from here: the journal holds no CSR to check its \
             certificate against; certwiz download {order_id} --csr FILE checks it against yours"
        )),
        _ => Ok(order_id),
    }
}

/// The footer's word for an Orders binding, or `None` when it would do nothing.
pub fn word(model: &Model, binding: &Binding) -> Option<&'static str> {
    match binding.action {
        Action::Approve | Action::Reject | Action::CancelOrder => binding
            .footer
            .filter(|_| order_action_check(model, binding.action).is_ok()),
        Action::InitCode
            if model
                .orders
                .selected()
                .is_some_and(|o| o.delivery.init_code.is_some()) =>
        {
            Some("hide code")
        }
        Action::InitCode | Action::CopyCode | Action::Download => binding
            .footer
            .filter(|_| delivery_check(model, binding.action).is_ok()),
        Action::Renew => binding
            .footer
            .filter(|_| super::renew::renew_check(model).is_ok()),
        Action::SwitchList => Some(match model.orders.list {
            OrdersList::Followed => "account",
            OrdersList::Account => "followed here",
        }),
        _ => binding.footer,
    }
}
