//! The pre-flight check: before an order is sent, what CertCentral's answers say about whether
//! it can go through. A pure function of the answers read ([`Facts`]) and of the order
//! ([`Plan`]), so every finding is tested without a server; reading the answers is
//! `api::client::preflight`, showing them is the CLI's and the wizard's.
//!
//! What is checked, each from DigiCert's pages (cited beside the types in [`answers`]):
//! - the organization's document signing validation (`ds`): missing, pending, expired, or
//!   expiring within [`EXPIRY_MARGIN_DAYS`];
//! - someone who can approve (`GET /organization/potential-approvers`);
//! - the product allowed for the division (`GET /container/{id}/product-limits`);
//! - the price of the order (`POST /finance/order-pricing`, else `GET /product/pricing`) and,
//!   when paying from the balance, the funds available (`GET /finance/balance`).
//!
//! A missing or expired validation and short funds need an explicit yes
//! ([`Level::NeedsYes`]); an answer that cannot be read is one quiet note, never a block.

pub mod answers;
mod checks;
pub mod money;
mod types;
pub mod wait;

pub use types::*;

use time::Date;

use self::answers::{OrgValidations, PriceEstimate, PriceList};
use self::money::{Amount, Money};

/// Runs every check.
pub fn check(plan: &Plan, facts: &Facts) -> Report {
    let mut report = Report::default();
    checks::validation(plan, &facts.validations, &mut report.findings);
    checks::approvers(&facts.approvers, &mut report.findings);
    checks::limits(plan, &facts.limits, &mut report.findings);
    report.total = checks::price(plan, &facts.prices, &mut report.findings);
    if plan.pays_from_balance {
        report.funds = checks::funds(&facts.balance, report.total.as_ref(), &mut report.findings);
    }
    report
}

/// The organization's document signing validation in a few words, for its line in a list:
/// `ds validation active until 2028-12-03`, `ds validation pending`, `no ds validation`.
pub fn ds_summary(validations: &OrgValidations, today: Date) -> String {
    let Some(ds) = ds_validation(validations) else {
        return "no ds validation".into();
    };
    let status = ds
        .status
        .as_deref()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    let until = ds.validated_until.as_deref().and_then(date_of);
    match until {
        Some(d) if d < today || status == "expired" => format!("ds validation expired on {d}"),
        _ if status == "expired" => "ds validation expired".into(),
        Some(d) if status == "active" => format!("ds validation active until {d}"),
        _ if status.is_empty() => "ds validation (status not given)".into(),
        _ => format!("ds validation {status}"),
    }
}

/// The price of one order from the estimate (a total above 0) or else the price list's entry
/// for the product and validity. None when neither gives one.
pub fn price_of(
    estimate: Option<&PriceEstimate>,
    list: Option<&PriceList>,
    product: &str,
    years: Option<u8>,
) -> Option<Amount> {
    if let Some(e) = estimate
        && let (Some(total), Some(currency)) = (e.total_price, e.currency.as_deref())
        && total > Money::default()
    {
        return Some(Amount::new(total, currency));
    }
    let entry = list?
        .standard_prices
        .iter()
        .find(|p| p.name_id.as_deref() == Some(product))?;
    let years = i64::from(years?);
    let price = entry.prices.iter().find(|p| p.lifetime == Some(years))?;
    match (price.cost, price.currency.as_deref()) {
        (Some(cost), Some(currency)) if cost > Money::default() => {
            Some(Amount::new(cost, currency))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests;
