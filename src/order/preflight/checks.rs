//! Each check of the pre-flight, one finding (or a quiet note) per topic; [`super::check`] runs
//! them in order.

use super::answers::{self, Approvers, Balance, OrgValidations};
use super::money::{Amount, Money};
use super::types::{
    EXPIRY_MARGIN_DAYS, Finding, Funds, Level, Plan, Read, Topic, date_of, ds_validation,
};
use crate::order::catalog::FieldId;

pub(super) fn unreadable(topic: Topic, field: FieldId, what: &str, why: &str) -> Finding {
    Finding::new(
        topic,
        Level::Note,
        field,
        format!("{what}: not checked ({why})"),
    )
}

pub(super) fn validation(plan: &Plan, read: &Read<OrgValidations>, out: &mut Vec<Finding>) {
    // A body that names no organization (`ds_individual`) has no organization to validate.
    let Some(org) = plan.organization_id else {
        return;
    };
    let field = FieldId::Organization;
    let submit = format!("submit it with: certwiz validation {org} --submit");
    let found = match read {
        Read::Got(list) => ds_validation(list),
        Read::Unreadable(why) => {
            out.push(unreadable(
                Topic::Validation,
                field,
                "the organization's document signing validation",
                why,
            ));
            return;
        }
        Read::NotAsked => return,
    };
    let Some(ds) = found else {
        out.push(
            Finding::new(
                Topic::Validation,
                Level::NeedsYes,
                field,
                format!(
                    "organization {org} has no document signing (ds) validation: DigiCert does not issue the certificate until the organization is validated for document signing"
                ),
            )
            .todo(submit),
        );
        return;
    };
    let status = ds
        .status
        .as_deref()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    let until = ds.validated_until.as_deref().and_then(date_of);
    let expired = status == "expired" || until.is_some_and(|d| d < plan.today);
    if expired {
        let when = until.map(|d| format!(" on {d}")).unwrap_or_default();
        out.push(
            Finding::new(
                Topic::Validation,
                Level::NeedsYes,
                field,
                format!(
                    "organization {org}'s document signing validation expired{when}: the order waits until DigiCert validates the organization again"
                ),
            )
            .todo(submit),
        );
    } else if status == "pending" {
        out.push(
            Finding::new(
                Topic::Validation,
                Level::Warning,
                field,
                format!(
                    "organization {org}'s document signing validation is pending: the order waits until DigiCert completes it"
                ),
            )
            .todo(format!("follow it with: certwiz validation {org}")),
        );
    } else if status == "active" {
        match until {
            Some(d) if (d - plan.today).whole_days() <= EXPIRY_MARGIN_DAYS => out.push(
                Finding::new(
                    Topic::Validation,
                    Level::Warning,
                    field,
                    format!(
                        "organization {org}'s document signing validation ends on {d}, within {EXPIRY_MARGIN_DAYS} days: it may end before the order is processed"
                    ),
                )
                .todo(submit),
            ),
            Some(d) => out.push(Finding::new(
                Topic::Validation,
                Level::Good,
                field,
                format!("organization {org} is validated for document signing until {d}"),
            )),
            None => out.push(Finding::new(
                Topic::Validation,
                Level::Good,
                field,
                format!("organization {org} is validated for document signing"),
            )),
        }
    } else {
        let shown = if status.is_empty() {
            "not given"
        } else {
            status.as_str()
        };
        out.push(Finding::new(
            Topic::Validation,
            Level::Note,
            field,
            format!(
                "organization {org}'s document signing validation has the status {shown}, which certwiz does not know"
            ),
        ));
    }
}

pub(super) fn approvers(read: &Read<Approvers>, out: &mut Vec<Finding>) {
    let field = FieldId::Organization;
    match read {
        Read::Got(list) => {
            let names = list.names();
            if names.is_empty() {
                out.push(
                    Finding::new(
                        Topic::Approvers,
                        Level::Warning,
                        field,
                        "CertCentral lists nobody who can be a verified contact: an order that needs approval by one waits".into(),
                    )
                    .todo("ask an administrator to add a user or contact who can approve"),
                );
            } else {
                out.push(Finding::new(
                    Topic::Approvers,
                    Level::Good,
                    field,
                    format!("can approve: {}", names.join(", ")),
                ));
            }
        }
        Read::Unreadable(why) => {
            out.push(unreadable(Topic::Approvers, field, "who can approve", why))
        }
        Read::NotAsked => {}
    }
}

pub(super) fn limits(plan: &Plan, read: &Read<answers::ProductLimits>, out: &mut Vec<Finding>) {
    let field = FieldId::Division;
    let division = plan
        .container_id
        .map(|id| format!("division {id}"))
        .unwrap_or_else(|| "the division".into());
    match read {
        Read::Got(limits) if limits.is_limited == Some(true) => {
            let allowed = limits.product_limits.iter().any(|l| {
                l.product_name_id.as_deref() == Some(plan.product.as_str())
                    && (l.container_id.is_none() || l.container_id == plan.container_id)
            });
            if allowed {
                out.push(Finding::new(
                    Topic::ProductLimits,
                    Level::Good,
                    field,
                    format!("{division} may order {}", plan.product),
                ));
            } else {
                out.push(
                    Finding::new(
                        Topic::ProductLimits,
                        Level::Warning,
                        field,
                        format!(
                            "{division}'s product limits do not list {}: CertCentral refuses an order of a product the division may not order",
                            plan.product
                        ),
                    )
                    .todo("choose another division, or ask an administrator to allow the product"),
                );
            }
        }
        Read::Got(_) => out.push(Finding::new(
            Topic::ProductLimits,
            Level::Good,
            field,
            format!("{division} has no product limits"),
        )),
        Read::Unreadable(why) => out.push(unreadable(
            Topic::ProductLimits,
            field,
            "the division's product limits",
            why,
        )),
        Read::NotAsked => {}
    }
}

pub(super) fn price(
    plan: &Plan,
    prices: &[Read<Option<Amount>>],
    out: &mut Vec<Finding>,
) -> Option<Amount> {
    let field = FieldId::PaymentMethod;
    if let Some(why) = prices.iter().find_map(|p| match p {
        Read::Unreadable(why) => Some(why),
        _ => None,
    }) {
        out.push(unreadable(Topic::Price, field, "the price", why));
        return None;
    }
    let known: Vec<&Amount> = prices.iter().filter_map(|p| p.got()?.as_ref()).collect();
    if prices.is_empty() {
        return None;
    }
    if known.len() < prices.len() {
        out.push(Finding::new(
            Topic::Price,
            Level::Note,
            field,
            format!(
                "CertCentral gave no price for {} (the estimate answered 0 and the price list has no entry for it): the cost is not known before sending",
                plan.product
            ),
        ));
        return None;
    }
    let currency = &known[0].currency;
    if known.iter().any(|a| &a.currency != currency) {
        out.push(Finding::new(
            Topic::Price,
            Level::Note,
            field,
            "the prices come in more than one currency: no total".into(),
        ));
        return None;
    }
    let sum = known
        .iter()
        .try_fold(Money::default(), |sum, a| sum.checked_add(a.money))?;
    let total = Amount::new(sum, currency);
    let what = if plan.orders == 1 {
        "this order costs".to_owned()
    } else {
        format!("these {} orders cost", plan.orders)
    };
    out.push(Finding::new(
        Topic::Price,
        Level::Good,
        field,
        format!("{what} {total}"),
    ));
    Some(total)
}

pub(super) fn funds(
    read: &Read<Balance>,
    total: Option<&Amount>,
    out: &mut Vec<Finding>,
) -> Option<Funds> {
    let field = FieldId::PaymentMethod;
    let balance = match read {
        Read::Got(b) => b,
        Read::Unreadable(why) => {
            out.push(unreadable(Topic::Funds, field, "the funds available", why));
            return None;
        }
        Read::NotAsked => return None,
    };
    let currency = balance.currency.as_deref().unwrap_or("").trim();
    if balance.unlimited_negative_balance == Some(true) {
        let shown = balance
            .balance
            .filter(|_| !currency.is_empty())
            .map(|b| Amount::new(b, currency));
        out.push(Finding::new(
            Topic::Funds,
            Level::Good,
            field,
            "the account has no negative balance limit".into(),
        ));
        return Some(Funds::Unlimited(shown));
    }
    let (Some(available), false) = (balance.total_available_funds, currency.is_empty()) else {
        out.push(Finding::new(
            Topic::Funds,
            Level::Note,
            field,
            "the balance answer holds no total_available_funds with a currency: funds not checked"
                .into(),
        ));
        return None;
    };
    let available = Amount::new(available, currency);
    let Some(total) = total else {
        out.push(Finding::new(
            Topic::Funds,
            Level::Note,
            field,
            format!("{available} available; the price is not known, so it is not compared"),
        ));
        return Some(Funds::Available(available));
    };
    if total.currency != available.currency {
        out.push(Finding::new(
            Topic::Funds,
            Level::Note,
            field,
            format!(
                "the price is in {} and the balance in {}: not compared",
                total.currency, available.currency
            ),
        ));
    } else if total.money > available.money {
        out.push(
            Finding::new(
                Topic::Funds,
                Level::NeedsYes,
                field,
                format!(
                    "the balance is short: {total} is needed and {available} is available, so CertCentral may refuse the order"
                ),
            )
            .todo("add funds to the account, or pay another way (payment_method card or profile)"),
        );
    } else {
        out.push(Finding::new(
            Topic::Funds,
            Level::Good,
            field,
            format!("{available} available for {total}"),
        ));
    }
    Some(Funds::Available(available))
}
