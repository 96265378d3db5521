//! Renewing an order, below every front end (`certwiz renew` and the wizard's Orders screen):
//! the old order's product, the form filled from its Order info, and whether CertCentral says
//! it may be renewed. Sending is the ordinary one send, with `NewAttempt::for_renewal`.

use serde_json::{Map, Value};

use crate::order::model::OrderInfo;
use crate::order::validate::{Context, Diagnostic, after_reading, validate};
use crate::order::{Draft, OrderStatus, Product};

/// Why CertCentral's word stops a renewal before sending.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotRenewable {
    /// `is_renewed`: renewed already, by this order when it says.
    Renewed { by: Option<i64> },
    /// Only an issued order is renewed.
    NotIssued(OrderStatus),
}

/// CertCentral's refusal of a renewal, recognised here once for every front end. The codes are
/// known from public clients (riboseinc/digicert, Infisical), not from DigiCert's pages, which
/// document neither `renewal_of_order_id` nor these errors: what they say is read from their
/// names, and a new order is placed instead only on an explicit yes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    /// `order_not_eligible_for_renewal`.
    NotEligible,
    /// `order_renewed_already`.
    RenewedAlready,
}

impl Refused {
    /// Every refusal.
    pub const ALL: [Refused; 2] = [Refused::NotEligible, Refused::RenewedAlready];

    /// The error code CertCentral answers with.
    pub fn code(self) -> &'static str {
        match self {
            Refused::NotEligible => "order_not_eligible_for_renewal",
            Refused::RenewedAlready => "order_renewed_already",
        }
    }

    /// The refusal an error code names (the part before any `|`), if it is one.
    pub fn of_code(code: &str) -> Option<Refused> {
        let code = code.split('|').next().unwrap_or_default().trim();
        Refused::ALL.into_iter().find(|r| r.code() == code)
    }

    /// The refusal among an API error's codes, if any.
    pub fn of(error: &crate::api::ApiError) -> Option<Refused> {
        error
            .field_errors()
            .iter()
            .find_map(|e| Refused::of_code(&e.code))
    }

    /// What it means, in plain words, for order `old`; the same in the wizard and the CLI.
    pub fn explain(self, old: i64) -> String {
        let why = match self {
            Refused::NotEligible => {
                format!(
                    "CertCentral says order {old} cannot be renewed ({})",
                    self.code()
                )
            }
            Refused::RenewedAlready => format!(
                "CertCentral says order {old} was renewed already ({})",
                self.code()
            ),
        };
        format!(
            "{why}. Nothing was placed. The same certificate can be ordered as a NEW order \
             instead: not linked to order {old}, and billed as a new order."
        )
    }
}

/// The old order's product, when certwiz can order it; else its `product.name_id` as given.
pub fn product_of(info: &OrderInfo) -> Result<Product, String> {
    let name_id = info
        .extra
        .get("product")
        .and_then(|p| p.get("name_id"))
        .and_then(Value::as_str)
        .unwrap_or_default();
    name_id.parse::<Product>().map_err(|_| name_id.to_owned())
}

/// Whether CertCentral's Order info lets the order be renewed: not renewed already
/// (`is_renewed`, unless `allow_duplicate`), and issued (or of no status given).
pub fn renewable(info: &OrderInfo, allow_duplicate: bool) -> Result<(), NotRenewable> {
    let renewed = info
        .extra
        .get("is_renewed")
        .and_then(crate::order::lenient::to_bool)
        .unwrap_or(false);
    if renewed && !allow_duplicate {
        let by = info
            .extra
            .get("renewed_order_id")
            .and_then(crate::order::lenient::to_int);
        return Err(NotRenewable::Renewed { by });
    }
    match &info.status {
        Some(OrderStatus::Issued) | None => Ok(()),
        Some(status) => Err(NotRenewable::NotIssued(status.clone())),
    }
}

/// The form filled from Order info: the fields it gives back of the order body, with the
/// problems of reading and checking it (a field the order needs that Order info does not give
/// is one of them).
///
/// For the ds_* products DigiCert's Order info page does not show whether the answer gives back
/// the person (`individual`) or `certificate.usage_designation` (docs/digicert-api-reference.md
/// §2 and §17): they are taken when the answer has them, and otherwise left for the person to
/// fill, with the checker's "required" at the field.
pub fn draft_from_info(product: Product, info: &OrderInfo) -> (Draft, Vec<Diagnostic>) {
    let mut body = Map::new();
    let whole = serde_json::to_value(info).unwrap_or(Value::Null);
    if let Some(id) = whole.pointer("/organization/id") {
        body.insert("organization".into(), serde_json::json!({ "id": id }));
    }
    if let Some(id) = whole.pointer("/container/id") {
        body.insert("container".into(), serde_json::json!({ "id": id }));
    }
    for key in [
        "validity_years",
        "order_validity",
        "organization_contact",
        "ship_info",
        "cs_provisioning_method",
        "subject",
        "individual",
    ] {
        if let Some(value) = whole.get(key).filter(|v| !v.is_null()) {
            body.insert(key.into(), value.clone());
        }
    }
    let mut certificate = Map::new();
    if let Some(id) = whole.pointer("/certificate/server_platform/id") {
        certificate.insert("server_platform".into(), serde_json::json!({ "id": id }));
    }
    for key in ["signature_hash", "usage_designation"] {
        if let Some(value) = whole
            .get("certificate")
            .and_then(|c| c.get(key))
            .filter(|v| !v.is_null())
        {
            certificate.insert(key.into(), value.clone());
        }
    }
    body.insert("certificate".into(), Value::Object(certificate));
    let (draft, problems) = Draft::from_body(product, &Value::Object(body));
    let checked = validate(&draft, &Context::default());
    (draft, after_reading(problems, checked))
}

/// The old certificate's expiry as Order info gives it (`certificate.valid_till`).
pub fn valid_till(info: &OrderInfo) -> Option<String> {
    let whole = serde_json::to_value(info).unwrap_or(Value::Null);
    whole
        .pointer("/certificate/valid_till")
        .and_then(Value::as_str)
        .map(str::to_owned)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn refusals_are_recognised_by_code_and_nothing_else() {
        assert_eq!(
            Refused::of_code("order_renewed_already"),
            Some(Refused::RenewedAlready)
        );
        assert_eq!(
            Refused::of_code("order_not_eligible_for_renewal|x"),
            Some(Refused::NotEligible)
        );
        assert_eq!(Refused::of_code("invalid_field"), None);
        assert!(
            Refused::RenewedAlready
                .explain(5)
                .contains("renewed already")
        );
        assert!(Refused::NotEligible.explain(5).contains("NEW order"));
    }

    /// A ds_individual order's info with the person, the usage and the validity given back: the
    /// renewal's form has them all (it once opened with the person and the usage empty).
    #[test]
    fn a_ds_individual_renewal_keeps_the_person_the_usage_and_the_validity() {
        let info: OrderInfo = serde_json::from_value(serde_json::json!({
            "id": 7,
            "status": "issued",
            "product": { "name_id": "ds_individual" },
            "certificate": {
                "id": 70,
                "server_platform": { "id": -1 },
                "usage_designation": {
                    "primary_usage": "signing",
                    "additional_usages": ["document_signing"]
                }
            },
            "individual": {
                "first_name": "Rene", "last_name": "Pierce", "email": "rene.pierce@example.com",
                "telephone": "+11234567890", "country": "us", "job_title": "Analyst"
            },
            "order_validity": { "years": 2 },
            "cs_provisioning_method": "client_app"
        }))
        .unwrap();
        let product = product_of(&info).unwrap();
        assert_eq!(product, Product::DsIndividual);
        let (draft, _) = draft_from_info(product, &info);
        assert_eq!(draft.get("individual.first_name"), "Rene");
        assert_eq!(draft.get("individual.email"), "rene.pierce@example.com");
        assert_eq!(
            draft.get("certificate.usage_designation.primary_usage"),
            "signing"
        );
        assert_eq!(
            draft.get("certificate.usage_designation.additional_usages"),
            "document_signing"
        );
        assert_eq!(draft.get("order_validity.years"), "2");
    }
}
