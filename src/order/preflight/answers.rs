//! CertCentral's answers that the pre-flight check and "why it waits" read. Lenient like every
//! answer type (`super::super::lenient`): nothing is required, a value of an unexpected type is
//! "not given", and unknown fields are kept in `extra`. Each type names the page it follows.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::money::{Money, opt_money};
use crate::order::lenient;

/// `GET /organization/{id}/validation`: the organization's validations.
/// <https://dev.digicert.com/en/certcentral-apis/services-api/organizations/validation-details.html>
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct OrgValidations {
    #[serde(default, deserialize_with = "lenient::list")]
    pub validations: Vec<OrgValidation>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// One validation of an organization (`ov`, `ev`, `cs`, `ev_cs`, `ds`, `smime`, …). Also the
/// item of `organization_validations` on the order's validation status, which adds
/// `verified_contacts` and `verification_details`.
/// <https://dev.digicert.com/en/certcentral-apis/services-api/orders/validation-status.html>
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct OrgValidation {
    #[serde(rename = "type", default, deserialize_with = "lenient::opt_text")]
    pub kind: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub description: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub date_created: Option<String>,
    /// ISO 8601 (`2019-11-09T20:28:55+00:00`).
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub validated_until: Option<String>,
    /// `active` or `pending` on the pages read; other words are shown as they come.
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub status: Option<String>,
    #[serde(default, deserialize_with = "lenient::list")]
    pub verified_users: Vec<Person>,
    #[serde(default, deserialize_with = "lenient::list")]
    pub verified_contacts: Vec<Person>,
    #[serde(default, deserialize_with = "lenient::opt_object")]
    pub verification_details: Option<VerificationDetails>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A user or contact: `verified_users[]` (`id`, `first_name`, `last_name`),
/// `verified_contacts[]` and the approvers call's `users[]`/`contacts[]` (`user_id`, `name`,
/// `first_name`, `last_name`, `job_title`, `telephone`, `email`, and for a verified contact
/// `status`).
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Person {
    #[serde(default, deserialize_with = "lenient::opt_int")]
    pub id: Option<i64>,
    /// `"0"` when the contact is not a user of the account (order validation status page).
    #[serde(default, deserialize_with = "lenient::opt_int")]
    pub user_id: Option<i64>,
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub first_name: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub last_name: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub email: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub status: Option<String>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Person {
    /// `Jane Doe`, from `name` or the first and last names; none when neither is given.
    pub fn display_name(&self) -> Option<String> {
        if let Some(name) = self
            .name
            .as_deref()
            .map(str::trim)
            .filter(|n| !n.is_empty())
        {
            return Some(name.to_owned());
        }
        let joined = [self.first_name.as_deref(), self.last_name.as_deref()]
            .into_iter()
            .flatten()
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        (!joined.is_empty()).then_some(joined)
    }
}

/// `verification_details`: the state of each part of verifying the request. The pages show the
/// value `pending`; the glossary of other values was not readable, so any other word is shown
/// as it comes.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct VerificationDetails {
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub organization_type: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub organization_status: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub address_verification: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub blacklist_fraud: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub request_authenticity: Option<String>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `GET /order/certificate/{order_id}/validation`: why an order waits.
/// <https://dev.digicert.com/en/certcentral-apis/services-api/orders/validation-status.html>
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct OrderValidation {
    #[serde(default, deserialize_with = "lenient::opt_int")]
    pub order_id: Option<i64>,
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub order_status: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_int")]
    pub organization_id: Option<i64>,
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub organization_name: Option<String>,
    #[serde(default, deserialize_with = "lenient::list")]
    pub organization_validations: Vec<OrgValidation>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `GET /organization/potential-approvers`.
/// <https://dev.digicert.com/services-api/organizations/list-approvers/>
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Approvers {
    #[serde(default, deserialize_with = "lenient::list")]
    pub users: Vec<Person>,
    #[serde(default, deserialize_with = "lenient::list")]
    pub contacts: Vec<Person>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Approvers {
    /// Every name, users first, each once.
    pub fn names(&self) -> Vec<String> {
        let mut names: Vec<String> = Vec::new();
        for name in self
            .users
            .iter()
            .chain(&self.contacts)
            .filter_map(Person::display_name)
        {
            if !names.contains(&name) {
                names.push(name);
            }
        }
        names
    }
}

/// `GET /container/{id}/product-limits`. `product_limits` is only returned when `is_limited`.
/// <https://dev.digicert.com/en/certcentral-apis/services-api/containers/product-limits.html>
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ProductLimits {
    #[serde(default, deserialize_with = "lenient::opt_bool")]
    pub is_limited: Option<bool>,
    #[serde(default, deserialize_with = "lenient::ints")]
    pub limited_container_ids: Vec<i64>,
    #[serde(default, deserialize_with = "lenient::list")]
    pub product_limits: Vec<ProductLimit>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// One product a container and role may order (`role_id` 0: every role).
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ProductLimit {
    #[serde(default, deserialize_with = "lenient::opt_int")]
    pub container_id: Option<i64>,
    #[serde(default, deserialize_with = "lenient::opt_int")]
    pub role_id: Option<i64>,
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub product_name_id: Option<String>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `GET /finance/balance[?container_id=]`: amounts as strings.
/// <https://dev.digicert.com/certcentral-apis/services-api/finance/view-balance.html>
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Balance {
    #[serde(default, deserialize_with = "opt_money", skip_serializing)]
    pub balance: Option<Money>,
    #[serde(
        default,
        deserialize_with = "lenient::opt_text",
        skip_serializing_if = "Option::is_none"
    )]
    pub currency: Option<String>,
    #[serde(default, deserialize_with = "opt_money", skip_serializing)]
    pub unpaid_invoice_balance: Option<Money>,
    #[serde(default, deserialize_with = "opt_money", skip_serializing)]
    pub negative_balance_limit: Option<Money>,
    #[serde(default, deserialize_with = "opt_money", skip_serializing)]
    pub used_credit_from_other_containers: Option<Money>,
    /// `balance + negative_balance_limit - unpaid_invoice_balance -
    /// used_credit_from_other_containers`; not returned with an unlimited negative balance.
    #[serde(default, deserialize_with = "opt_money", skip_serializing)]
    pub total_available_funds: Option<Money>,
    #[serde(
        default,
        deserialize_with = "lenient::opt_bool",
        skip_serializing_if = "Option::is_none"
    )]
    pub unlimited_negative_balance: Option<bool>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `GET /product/pricing`. The page shows TLS products only; document signing entries were not
/// seen, so a product missing from the list is "price not known", not an error.
/// <https://dev.digicert.com/ru/services-api/products/pricing-list/>
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PriceList {
    #[serde(default, deserialize_with = "lenient::list")]
    pub standard_prices: Vec<ProductPrices>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// One product's prices by lifetime (years).
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ProductPrices {
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub name_id: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "lenient::list")]
    pub prices: Vec<Price>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `{lifetime, cost, currency}`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Price {
    #[serde(
        default,
        deserialize_with = "lenient::opt_int",
        skip_serializing_if = "Option::is_none"
    )]
    pub lifetime: Option<i64>,
    #[serde(default, deserialize_with = "opt_money", skip_serializing)]
    pub cost: Option<Money>,
    #[serde(
        default,
        deserialize_with = "lenient::opt_text",
        skip_serializing_if = "Option::is_none"
    )]
    pub currency: Option<String>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `POST /finance/order-pricing`: an estimate; "if an estimate can't be determined, the
/// endpoint returns a price estimate of 0".
/// <https://dev.digicert.com/certcentral-apis/services-api/finance/price-estimate.html>
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PriceEstimate {
    #[serde(default, deserialize_with = "opt_money", skip_serializing)]
    pub base_price: Option<Money>,
    #[serde(default, deserialize_with = "opt_money", skip_serializing)]
    pub total_price: Option<Money>,
    #[serde(
        default,
        deserialize_with = "lenient::opt_text",
        skip_serializing_if = "Option::is_none"
    )]
    pub currency: Option<String>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn odd_shapes_are_read_leniently_and_unknown_fields_kept() {
        let v: OrgValidations = serde_json::from_value(json!({
            "validations": {"type": "ds", "status": "active", "validated_until": 7, "new": 1},
            "also": true
        }))
        .unwrap();
        assert_eq!(v.validations.len(), 1);
        assert_eq!(v.validations[0].kind.as_deref(), Some("ds"));
        assert_eq!(v.validations[0].validated_until.as_deref(), Some("7"));
        assert_eq!(v.validations[0].extra.get("new"), Some(&json!(1)));
        assert_eq!(v.extra.get("also"), Some(&json!(true)));
        let b: Balance = serde_json::from_value(json!({"balance": 12, "currency": null})).unwrap();
        assert_eq!(b.balance, Some(Money::units(12)));
        assert_eq!(b.currency, None);
        let a: Approvers = serde_json::from_value(json!({"users": null, "contacts": "x"})).unwrap();
        assert!(a.names().is_empty());
    }

    #[test]
    fn names_come_from_name_or_first_and_last() {
        let a: Approvers = serde_json::from_value(json!({
            "users": [{"user_id": "1", "name": "Jane Doe"}, {"first_name": "John", "last_name": "Smith"}],
            "contacts": [{"name": "Jane Doe"}, {"email": "x@example.com"}]
        }))
        .unwrap();
        assert_eq!(a.names(), vec!["Jane Doe", "John Smith"]);
    }
}
