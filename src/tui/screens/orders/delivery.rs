//! An issued order's delivery on Orders: its provisioning method is read once it is issued; a
//! token order's install code is read on request (`i`), shown only while the order is selected
//! on Orders, and copied by OSC 52 (`c`); an HSM order's certificate is downloaded, checked and
//! written (`d`). The network work runs in the runtime's tasks (`src/tui/delivery.rs`).

use super::commands::delivery_check;
use super::{AccountOrder, DeliveryTask, InitCode, Provisioning, TrackedOrder};
use crate::tui::app::{Model, Screen};
use crate::tui::keymap::Action;
use crate::tui::msg::{Downloaded, Effect};
use crate::tui::navigation::{error, info};
use crate::tui::services::ServiceError;

/// An order just seen issued: reads its provisioning method, once.
pub fn on_issued(order: &mut TrackedOrder) -> Vec<Effect> {
    let d = &mut order.delivery;
    if !order
        .order_status
        .as_ref()
        .is_some_and(|s| *s == crate::order::OrderStatus::Issued)
        || d.provisioning.is_some()
        || d.busy.is_some()
        || d.error.is_some()
    {
        return Vec::new();
    }
    d.busy = Some(DeliveryTask::Method);
    vec![Effect::ReadDelivery {
        order_id: order.order_id,
        want: DeliveryTask::Method,
    }]
}

/// `i`: reads the selected order's install code to show it, or hides the one shown.
pub fn toggle_code(model: &mut Model) -> Vec<Effect> {
    let Some((order_id, order)) = checked_order(model, Action::InitCode) else {
        return Vec::new();
    };
    if order.delivery.init_code.take().is_some() {
        model.say(info(format!("Order {order_id}: install code hidden")));
        return Vec::new();
    }
    order.delivery.busy = Some(DeliveryTask::InitCode);
    vec![Effect::ReadDelivery {
        order_id,
        want: DeliveryTask::InitCode,
    }]
}

/// `c`: copies the install code shown, through the terminal (OSC 52).
pub fn copy_code(model: &mut Model) -> Vec<Effect> {
    let code = delivery_check(model, Action::CopyCode).and_then(|_| {
        model
            .orders
            .selected()
            .and_then(|o| o.delivery.init_code.clone())
            .ok_or_else(|| "No install code is shown".to_owned())
    });
    match code {
        Ok(code) => {
            // Short: the status line of a 60-column terminal holds it whole.
            model.say(info(
                "Install code copied (if your terminal allows OSC 52)".to_owned(),
            ));
            vec![Effect::Copy(code)]
        }
        Err(why) => {
            model.say(error(why));
            Vec::new()
        }
    }
}

/// `d`: downloads the selected HSM order's certificate.
pub fn download(model: &mut Model) -> Vec<Effect> {
    let Some((order_id, order)) = checked_order(model, Action::Download) else {
        return Vec::new();
    };
    order.delivery.busy = Some(DeliveryTask::Download);
    order.delivery.downloaded = None;
    vec![Effect::Download { order_id }]
}

/// The provisioning method (and the install code, when asked for) arrived, or could not be read.
pub fn on_read(
    model: &mut Model,
    order_id: i64,
    want: DeliveryTask,
    result: Result<(Provisioning, Option<InitCode>), ServiceError>,
) {
    let shown = model.nav.screen() == Screen::Orders
        && model
            .orders
            .selected()
            .is_some_and(|o| o.order_id == order_id);
    let Some(order) = model.orders.order_mut(order_id) else {
        return;
    };
    let d = &mut order.delivery;
    d.busy = None;
    let notice = match (result, want) {
        (Ok((provisioning, code)), DeliveryTask::InitCode) => {
            d.provisioning = Some(provisioning);
            d.error = None;
            match code {
                // Left the order meanwhile: the code is not kept for later.
                Some(_) if !shown => None,
                Some(code) => {
                    d.init_code = Some(code);
                    Some(info(
                        "Install code shown until you leave the order".to_owned(),
                    ))
                }
                None => Some(error(format!(
                    "Order {order_id}: DigiCert's order info holds no install code \
                     (hardware_init_code) yet; try again later, or ask DigiCert support"
                ))),
            }
        }
        (Ok((provisioning, _)), _) => {
            d.provisioning = Some(provisioning);
            d.error = None;
            None
        }
        (Err(e), DeliveryTask::InitCode) => Some(error(format!(
            "Order {order_id}: could not read the install code: {}",
            e.message
        ))),
        (Err(e), _) => {
            d.error = Some(e.message);
            None
        }
    };
    if let Some(notice) = notice {
        model.say(notice);
    }
}

/// A download finished: the file named, or why nothing was written.
pub fn on_downloaded(model: &mut Model, order_id: i64, result: Result<Downloaded, String>) {
    let Some(order) = model.orders.order_mut(order_id) else {
        return;
    };
    order.delivery.busy = None;
    // Short enough for a 60-column status line; the full path is on the order's pane.
    let notice = match &result {
        Ok(d) => info(format!(
            "Checked against the CSR; {} {}",
            if d.already_there {
                "already saved as"
            } else {
                "saved as"
            },
            d.path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default()
        )),
        Err(why) => error(format!("Order {order_id}: not downloaded: {why}")),
    };
    order.delivery.downloaded = Some(result);
    model.say(notice);
}

/// Install codes are shown only while their order is selected on Orders (on either list):
/// leaving drops them.
pub fn forget_codes(model: &mut Model) {
    let keep = (model.nav.screen() == Screen::Orders)
        .then(|| model.orders.selected().map(|o| o.order_id))
        .flatten();
    let account = match &mut model.orders.account_order {
        Some(AccountOrder::Read(order)) => Some(&mut **order),
        _ => None,
    };
    for order in model.orders.followed.iter_mut().chain(account) {
        if Some(order.order_id) != keep {
            order.delivery.init_code = None;
        }
    }
}

/// The selected order when `action` may act on it now, with its id; otherwise says why not on
/// the status line (the same check the footer makes before showing the key).
fn checked_order(model: &mut Model, action: Action) -> Option<(i64, &mut TrackedOrder)> {
    match delivery_check(model, action) {
        Ok(order_id) => model.orders.order_mut(order_id).map(|o| (order_id, o)),
        Err(why) => {
            model.say(error(why));
            None
        }
    }
}
