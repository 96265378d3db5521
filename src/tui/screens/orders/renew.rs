//! Renewing on Orders (`R`): an issued order followed here, or an issued certificate of the
//! account, opens the form filled from its Order info as `certwiz renew` fills it
//! (`ordering::renewal`), carrying `renewal_of_order_id`. Everything after is the ordinary
//! path: checked, pre-flight, Review, Submit; the journal knows it by the order it renews
//! (`NewAttempt::for_renewal`), so a second renewal of the same order is named and asked about
//! before anything is sent.

use super::listing::OrdersList;
use crate::order::model::OrderInfo;
use crate::ordering::renewal::{self, NotRenewable};
use crate::tui::app::{Model, Screen, SubmitState};
use crate::tui::msg::Effect;
use crate::tui::navigation::{error, info};
use crate::tui::services::ServiceError;

/// The order `R` renews, or why it cannot: the selected row must be issued, and no other
/// renewal being read.
pub fn renew_check(model: &Model) -> Result<i64, String> {
    if let Some(old) = model.orders.renewing {
        return Err(format!("Order {old} is being read to renew it"));
    }
    if matches!(model.submit.state(), SubmitState::InFlight { .. }) {
        return Err("An order is being sent; renew once it is answered".into());
    }
    match model.orders.list {
        OrdersList::Followed => {
            let order = model.orders.selected().ok_or("No order is selected")?;
            if order.is_issued() {
                Ok(order.order_id)
            } else {
                Err(format!(
                    "Order {} is {}: only an issued order can be renewed",
                    order.order_id,
                    order.status_text()
                ))
            }
        }
        OrdersList::Account => {
            let row = model
                .orders
                .certificates
                .selected()
                .ok_or("No certificate is selected")?;
            if row.status == "issued" {
                Ok(row.order_id)
            } else {
                Err(format!(
                    "Order {} is {}: only an issued order can be renewed",
                    row.order_id,
                    crate::outside::safe(&row.status)
                ))
            }
        }
    }
}

/// `R`: reads the selected order's info, to fill the renewal's form.
pub fn renew(model: &mut Model) -> Vec<Effect> {
    match renew_check(model) {
        Ok(order_id) => {
            model.orders.renewing = Some(order_id);
            model.say(info(format!("Reading order {order_id} to renew it")));
            vec![Effect::ReadRenewal { order_id }]
        }
        Err(why) => {
            model.say(error(why));
            Vec::new()
        }
    }
}

/// The old order's info arrived: the form is filled from it (its product, or the first the
/// account sells when it no longer sells that one), the form in progress kept as a named draft,
/// and Review opens; nothing is sent.
pub fn on_info(
    model: &mut Model,
    order_id: i64,
    result: Result<OrderInfo, ServiceError>,
) -> Vec<Effect> {
    if model.orders.renewing != Some(order_id) {
        return Vec::new();
    }
    model.orders.renewing = None;
    let info_ = match result {
        Ok(i) => i,
        Err(e) => {
            model.say(error(format!(
                "Order {order_id} could not be read to renew it: {}",
                e.message
            )));
            return Vec::new();
        }
    };
    let product = match renewal::product_of(&info_) {
        Ok(p) => p,
        Err(name_id) => {
            model.say(error(format!(
                "Order {order_id} is a {name_id:?} order, which this build of certwiz cannot order"
            )));
            return Vec::new();
        }
    };
    match renewal::renewable(&info_, false) {
        Ok(()) => {}
        Err(NotRenewable::Renewed { by }) => {
            let by = by.map(|id| format!(" by order {id}")).unwrap_or_default();
            model.say(error(format!(
                "CertCentral says order {order_id} was renewed already{by}; to renew it \
                 again anyway: certwiz renew {order_id} --allow-duplicate"
            )));
            return Vec::new();
        }
        Err(NotRenewable::NotIssued(status)) => {
            model.say(error(format!(
                "Order {order_id} is {status}: only an issued order can be renewed"
            )));
            return Vec::new();
        }
    }
    let (mut draft, _) = renewal::draft_from_info(product, &info_);
    let mut said = format!("Renewing order {order_id}: the form is filled from it");
    let listed = model.account().ready().and_then(|a| a.products.as_deref());
    if let Some(list) = listed
        && !crate::order::account::offered(list)
            .iter()
            .any(|(p, _)| *p == product)
    {
        let to = crate::form::first_product(Some(list));
        let changes = crate::form::change_product(&mut draft, to);
        said = format!(
            "Renewing order {order_id} as {to} (the account no longer sells {product}){}",
            crate::order::convert::summary(to, &changes)
                .map(|s| format!(": {s}"))
                .unwrap_or_default()
        );
    }
    let mut effects = Vec::new();
    // A form placed (unchanged since) is an order now, not a form to keep: it was kept as a
    // draft "before renewing", and its quit note called it unsent.
    if crate::tui::autosave::update::keeps_form(model)
        && !crate::store::drafts::untouched(model.draft())
        && *model.draft() != draft
    {
        let at = model.now().map(crate::ordering::when).unwrap_or_default();
        let name = format!("before renewing {order_id} {at}")
            .trim_end()
            .to_owned();
        said.push_str(&format!("; the form you had is kept as draft {name:?}"));
        effects.push(Effect::KeepDraft {
            name,
            draft: Box::new(model.draft().clone()),
        });
    }
    let product = draft.product;
    model.renew_form(draft, order_id);
    // A placed or refused order was the old form's: the renewal may be sent.
    model.submit.for_renewal();
    model.product_changed();
    effects.push(Effect::LoadProduct(product));
    model.revalidate();
    effects.extend(crate::tui::navigation::go_to(model, Screen::Review));
    said.push_str("; Review lists what is missing");
    model.say(info(said));
    effects
}
