//! The account's certificates on Orders: listed once Orders opens, from the inventory at once
//! and then from CertCentral in the background (the same listing as `certwiz certificates`,
//! `ordering::certificates`), and Tab between them and the orders followed from this machine.

use time::OffsetDateTime;

use super::AccountOrder;
use super::listing::{OrdersList, Refresh};
use crate::order::inventory::{Certificate, sort_by_expiry};
use crate::order::model::OrderInfo;
use crate::tui::app::{Model, Screen};
use crate::tui::msg::Effect;
use crate::tui::services::ServiceError;

/// Once Orders is open, the account's certificates are asked for, once.
pub fn want(model: &mut Model) -> Vec<Effect> {
    if model.nav.screen() != Screen::Orders
        || model.orders.certificates.refresh != Refresh::NotAsked
    {
        return Vec::new();
    }
    model.orders.certificates.refresh = Refresh::Listing;
    vec![Effect::LoadCertificates]
}

/// On the account's list, the selected certificate's order is read (Order info, one call in
/// the background) so the keys can act on it as on a followed order; one read at a time: a
/// selection that moved meanwhile is read once that one is answered. An order followed here
/// is not read: the followed one is acted on.
pub fn want_order(model: &mut Model) -> Vec<Effect> {
    if model.nav.screen() != Screen::Orders || model.orders.list != OrdersList::Account {
        return Vec::new();
    }
    let Some(id) = model.orders.certificates.selected().map(|r| r.order_id) else {
        return Vec::new();
    };
    if model.orders.followed.iter().any(|o| o.order_id == id) {
        return Vec::new();
    }
    match &model.orders.account_order {
        Some(AccountOrder::Reading(_)) => Vec::new(),
        Some(known) if known.order_id() == id => Vec::new(),
        _ => {
            model.orders.account_order = Some(AccountOrder::Reading(id));
            vec![Effect::ReadAccountOrder { order_id: id }]
        }
    }
}

/// The account order's Order info arrived (or could not be read).
pub fn on_order(
    model: &mut Model,
    at: OffsetDateTime,
    order_id: i64,
    result: Result<(OrderInfo, bool), ServiceError>,
) {
    model.saw_time(at);
    if model.orders.account_order != Some(AccountOrder::Reading(order_id)) {
        return;
    }
    model.orders.account_order = Some(match result {
        Ok((info, csr_held)) if info.id == order_id => {
            match super::update::from_info(&info, at, csr_held) {
                Ok(order) => AccountOrder::Read(Box::new(order)),
                Err(why) => AccountOrder::Failed(order_id, why),
            }
        }
        Ok((info, _)) => AccountOrder::Failed(
            order_id,
            format!("CertCentral answered with order {} instead", info.id),
        ),
        Err(e) => AccountOrder::Failed(order_id, e.message),
    });
}

/// Tab on Orders: the other list.
pub fn switch(model: &mut Model) {
    model.orders.list = match model.orders.list {
        OrdersList::Followed => OrdersList::Account,
        OrdersList::Account => OrdersList::Followed,
    };
}

/// Puts rows in, soonest expiry first, keeping the selected order selected.
fn put(model: &mut Model, mut rows: Vec<Certificate>, at: OffsetDateTime) {
    let c = &mut model.orders.certificates;
    let was = c.selected().map(|r| r.order_id);
    sort_by_expiry(&mut rows, at);
    c.selected = was
        .and_then(|id| rows.iter().position(|r| r.order_id == id))
        .unwrap_or(0);
    c.rows = rows;
}

/// The inventory's rows: shown until CertCentral's come (never over them).
pub fn on_stored(
    model: &mut Model,
    at: OffsetDateTime,
    result: Result<(Vec<Certificate>, Option<i64>), String>,
) {
    model.saw_time(at);
    if matches!(model.orders.certificates.refresh, Refresh::Listed(_)) {
        return;
    }
    match result {
        Ok((rows, listed)) => {
            model.orders.certificates.stored_at =
                listed.and_then(|t| OffsetDateTime::from_unix_timestamp(t).ok());
            put(model, rows, at);
        }
        Err(e) => model.orders.certificates.stored_error = Some(e),
    }
}

/// CertCentral's listing, or why it could not be read (the stored rows stay).
pub fn on_listed(model: &mut Model, at: OffsetDateTime, result: Result<Vec<Certificate>, String>) {
    model.saw_time(at);
    match result {
        Ok(rows) => {
            put(model, rows, at);
            model.orders.certificates.refresh = Refresh::Listed(at);
            model.orders.certificates.stored_error = None;
        }
        Err(e) => model.orders.certificates.refresh = Refresh::Failed(e),
    }
}

/// The one quiet line that says where the list comes from when it is not a fresh listing;
/// `None` once CertCentral listed it.
pub fn source_line(model: &Model) -> Option<String> {
    let c = &model.orders.certificates;
    let stored = match (&c.stored_error, c.stored_at) {
        (Some(e), _) => format!("the stored list could not be read either ({e})"),
        (None, Some(at)) => format!("showing the list stored at {}", crate::ordering::when(at)),
        (None, None) => "nothing is stored from an earlier listing".to_owned(),
    };
    match &c.refresh {
        Refresh::Listed(_) => None,
        Refresh::NotAsked | Refresh::Listing => {
            Some(format!("listing from CertCentral…; {stored}"))
        }
        Refresh::Failed(e) => Some(format!("CertCentral could not be asked ({e}); {stored}")),
    }
}
