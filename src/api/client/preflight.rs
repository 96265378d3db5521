//! The calls the pre-flight check, `certwiz validation` and "why it waits" make. Each cites the
//! DigiCert page it follows; the answer types are in `order::preflight::answers`. Reading them
//! into the check's [`Facts`] is [`Client::preflight_facts`]: the calls run side by side, and a
//! call that fails becomes an "unreadable" answer (a quiet note), never an error.

use std::collections::HashMap;

use reqwest::Method;
use serde_json::json;

use super::Client;
use crate::api::error::{ApiError, ErrorKind};
use crate::order::preflight::answers::{
    Approvers, Balance, OrderValidation, OrgValidations, PriceEstimate, PriceList, ProductLimits,
};
use crate::order::preflight::money::Amount;
use crate::order::preflight::{Facts, Plan, Read, Report, check, pays_from_balance, price_of};
use crate::order::{OrderRequest, Product};

/// One order of a pre-flight: its product's name id and its validity in years.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Priced {
    pub product: String,
    pub years: Option<u8>,
}

impl Client {
    /// `GET /organization/{id}/validation`.
    /// <https://dev.digicert.com/en/certcentral-apis/services-api/organizations/validation-details.html>
    pub async fn organization_validations(&self, org: i64) -> Result<OrgValidations, ApiError> {
        self.get(
            &format!("organization/{org}/validation"),
            format!("reading the validations of organization {org}"),
        )
        .await
    }

    /// `POST /organization/{id}/validation` with `{"validations":[{"type":"ds"}]}`: submits the
    /// organization for document signing validation. `verified_users` is required only for
    /// `ev`, `cs` and `ev_cs` (pt-br page; the /en/ page is cut before saying so), so none is
    /// sent. The answer is not shown on the pages read, so any 2xx is success and its body is
    /// not read. Sent once, never retried.
    /// <https://dev.digicert.com/pt-br/services-api/organizations/submit-validation/>
    pub async fn submit_ds_validation(&self, org: i64) -> Result<(), ApiError> {
        let action = format!("submitting organization {org} for document signing validation");
        let body = json!({ "validations": [{ "type": "ds" }] });
        let bytes = serde_json::to_vec(&body)
            .map_err(|e| ApiError::new(ErrorKind::BadInput, action.clone(), e.to_string()))?;
        self.exchange(
            Method::POST,
            &format!("organization/{org}/validation"),
            Some(bytes),
            &action,
            false,
        )
        .await
        .map(drop)
    }

    /// `GET /organization/potential-approvers`.
    /// <https://dev.digicert.com/services-api/organizations/list-approvers/>
    pub async fn potential_approvers(&self) -> Result<Approvers, ApiError> {
        self.get(
            "organization/potential-approvers",
            "listing who can approve".into(),
        )
        .await
    }

    /// `GET /container/{id}/product-limits`.
    /// <https://dev.digicert.com/en/certcentral-apis/services-api/containers/product-limits.html>
    pub async fn product_limits(&self, container: i64) -> Result<ProductLimits, ApiError> {
        self.get(
            &format!("container/{container}/product-limits"),
            format!("reading the product limits of division {container}"),
        )
        .await
    }

    /// `GET /finance/balance[?container_id=]`; the page says `container_id` is required when
    /// the account has more than one division.
    /// <https://dev.digicert.com/certcentral-apis/services-api/finance/view-balance.html>
    pub async fn balance(&self, container: Option<i64>) -> Result<Balance, ApiError> {
        let path = match container {
            Some(id) => format!("finance/balance?container_id={id}"),
            None => "finance/balance".into(),
        };
        self.get(&path, "reading the balance".into()).await
    }

    /// `GET /product/pricing`.
    /// <https://dev.digicert.com/ru/services-api/products/pricing-list/>
    pub async fn price_list(&self) -> Result<PriceList, ApiError> {
        self.get("product/pricing", "reading the price list".into())
            .await
    }

    /// `POST /finance/order-pricing`: an estimate, 0 when CertCentral cannot estimate. The page
    /// marks `certificate.dns_names` required (it is written for TLS); a document signing order
    /// has none, so an empty list is sent (whether DigiCert prices ds products this way is not
    /// documented). Safe to repeat, but sent once like every POST.
    /// <https://dev.digicert.com/certcentral-apis/services-api/finance/price-estimate.html>
    pub async fn price_estimate(
        &self,
        product: &str,
        years: Option<u8>,
    ) -> Result<PriceEstimate, ApiError> {
        let action = format!("estimating the price of {product}");
        let mut body = json!({ "certificate": { "dns_names": [] }, "product_name_id": product });
        if let Some(years) = years {
            body["validity_years"] = json!(years);
        }
        let bytes = serde_json::to_vec(&body)
            .map_err(|e| ApiError::new(ErrorKind::BadInput, action.clone(), e.to_string()))?;
        let answer = self
            .exchange(
                Method::POST,
                "finance/order-pricing",
                Some(bytes),
                &action,
                false,
            )
            .await?;
        self.decode(&answer, &action, false)
    }

    /// `GET /order/certificate/{order_id}/validation`: why an order waits.
    /// <https://dev.digicert.com/en/certcentral-apis/services-api/orders/validation-status.html>
    pub async fn order_validation(&self, order_id: i64) -> Result<OrderValidation, ApiError> {
        self.get(
            &format!("order/certificate/{order_id}/validation"),
            format!("reading the validation status of order {order_id}"),
        )
        .await
    }

    /// Reads everything the pre-flight check needs for one organization and division, side by
    /// side: the organization's validations, who can approve, the division's product limits,
    /// each order's price (an estimate per distinct product and validity, the price list when
    /// an estimate is 0) and, when paying from the balance, the balance.
    pub async fn preflight_facts(
        &self,
        org: Option<i64>,
        container: Option<i64>,
        orders: &[Priced],
        pays_from_balance: bool,
    ) -> Facts {
        let limits = async {
            match container {
                Some(id) => read(self.product_limits(id).await),
                None => Read::NotAsked,
            }
        };
        let balance = async {
            if pays_from_balance {
                read(self.balance(container).await)
            } else {
                Read::NotAsked
            }
        };
        let (validations, approvers, limits, balance, prices) = tokio::join!(
            async {
                match org {
                    Some(org) => read(self.organization_validations(org).await),
                    None => Read::NotAsked,
                }
            },
            async { read(self.potential_approvers().await) },
            limits,
            balance,
            self.prices(orders),
        );
        Facts {
            validations,
            approvers,
            limits,
            balance,
            prices,
        }
    }

    /// The whole pre-flight of orders that share an organization and division (one order, or
    /// a batch group): reads the answers and runs the check. None without orders.
    pub async fn preflight_report(&self, orders: &[(Product, &OrderRequest)]) -> Option<Report> {
        let (first_product, first) = orders.first()?;
        let pays = orders.iter().any(|(_, r)| pays_from_balance(r));
        let priced: Vec<Priced> = orders
            .iter()
            .map(|(product, request)| Priced {
                product: product.name_id().to_owned(),
                years: request.validity(),
            })
            .collect();
        let facts = self
            .preflight_facts(first.organization_id(), first.container_id(), &priced, pays)
            .await;
        let today = time::OffsetDateTime::now_utc().date();
        let mut plan = Plan::for_request(first_product.name_id(), first, orders.len(), today);
        plan.pays_from_balance = pays;
        Some(check(&plan, &facts))
    }

    async fn prices(&self, orders: &[Priced]) -> Vec<Read<Option<Amount>>> {
        let mut distinct: Vec<&Priced> = Vec::new();
        for order in orders {
            if !distinct.contains(&order) {
                distinct.push(order);
            }
        }
        let mut list: Option<Read<PriceList>> = None;
        let mut known: HashMap<&Priced, Read<Option<Amount>>> = HashMap::new();
        for order in distinct {
            // An estimate that cannot be had leaves the price list to answer.
            let estimate = self.price_estimate(&order.product, order.years).await.ok();
            let from_estimate = price_of(estimate.as_ref(), None, &order.product, order.years);
            let price = match from_estimate {
                Some(amount) => Read::Got(Some(amount)),
                None => {
                    let list = match &list {
                        Some(list) => list.clone(),
                        None => {
                            let read_list = read(self.price_list().await);
                            list = Some(read_list.clone());
                            read_list
                        }
                    };
                    match list {
                        Read::Got(list) => {
                            Read::Got(price_of(None, Some(&list), &order.product, order.years))
                        }
                        Read::Unreadable(why) => Read::Unreadable(why),
                        Read::NotAsked => Read::Got(None),
                    }
                }
            };
            known.insert(order, price);
        }
        orders
            .iter()
            .map(|o| known.get(o).cloned().unwrap_or(Read::Got(None)))
            .collect()
    }
}

/// An answer for the check: the value, or why it could not be read, briefly.
pub fn read<T>(result: Result<T, ApiError>) -> Read<T> {
    match result {
        Ok(value) => Read::Got(value),
        Err(e) => Read::Unreadable(short_reason(&e)),
    }
}

/// Why a call failed, in a few words, for a quiet line.
pub fn short_reason(error: &ApiError) -> String {
    let status = error
        .status()
        .map(|s| format!(" (HTTP {s})"))
        .unwrap_or_default();
    match error.kind() {
        ErrorKind::MissingPermission => format!("the API key lacks the permission{status}"),
        ErrorKind::BadKey => format!("the API key was refused{status}"),
        ErrorKind::NotFound => format!("not found{status}"),
        ErrorKind::Unreadable => format!("the answer was not in the documented shape{status}"),
        ErrorKind::RateLimited => format!("over CertCentral's rate limit{status}"),
        ErrorKind::Server => format!("CertCentral had trouble{status}"),
        ErrorKind::Transport => "no answer".into(),
        // Its words say why (a division the balance needs, say): a reader can act on them.
        ErrorKind::BadInput => match error.said() {
            said if said.is_empty() => format!("CertCentral refused the question{status}"),
            said => format!("CertCentral refused the question{status}: {said}"),
        },
        ErrorKind::OutcomeUnknown => "no clear answer".into(),
    }
}
