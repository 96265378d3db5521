//! The body of an order for the current document signing products (`ds_individual`, `ds_org`,
//! `ds_org_individual`), as DigiCert's pages show it.
//!
//! Pages: <https://dev.digicert.com/certcentral-apis/services-api/orders/order-document-signing-for-individual.html>,
//! <https://dev.digicert.com/certcentral-apis/services-api/orders/order-document-signing-for-organization.html>,
//! <https://dev.digicert.com/en/certcentral-apis/services-api/orders/order-document-signing-for-business---employee.html>.
//! Every stored copy is cut inside the parameter table (after `cs_provisioning_method`), so most
//! fields are known from the examples only. Values whose allowed list is cut are kept as text:
//! certwiz sends what was typed (the catalog warns about a value no example shows). The
//! `ds_org_individual` body past `certificate` is cut; certwiz assumes it names the organization
//! as `ds_org` does and the person as `ds_individual` does (the product names both).

use serde::{Deserialize, Serialize};

use super::shared::{IdRef, OrderValidity};

/// `POST /order/certificate/ds_individual | ds_org | ds_org_individual`.
///
/// Field order follows the pages' examples.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CurrentRequest {
    pub certificate: CurrentCertificate,
    /// Required; the allowed values are cut (the examples: `ship_token`, `client_app`).
    pub cs_provisioning_method: String,
    pub ship_info: Option<CurrentShipInfo>,
    /// The person (`ds_individual`, and assumed for `ds_org_individual`).
    pub individual: Option<Individual>,
    /// The organization (`ds_org`, and assumed for `ds_org_individual`).
    pub organization: Option<CurrentOrganization>,
    pub custom_renewal_message: Option<String>,
    pub additional_emails: Option<Vec<String>>,
    pub order_validity: Option<OrderValidity>,
    pub payment_method: Option<String>,
    /// Set by `certwiz renew` (known from public clients, not from these pages).
    pub renewal_of_order_id: Option<i64>,
}

/// The `certificate` object: the rows the individual and employee pages show, and
/// `signature_hash`, which every example sends without a row.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CurrentCertificate {
    pub server_platform: Option<IdRef>,
    pub ca_cert_id: Option<String>,
    pub signature_hash: Option<String>,
    pub usage_designation: UsageDesignation,
}

/// `certificate.usage_designation` (required): the key usage and extended key usages.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UsageDesignation {
    /// Required; the individual page allows `signing`.
    pub primary_usage: String,
    /// Optional; allowed values and default cut.
    pub additional_usages: Option<Vec<String>>,
}

/// `ship_info` as the examples send it (`method` in capitals: `EXPEDITED`).
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CurrentShipInfo {
    pub name: String,
    pub addr1: String,
    pub addr2: Option<String>,
    pub city: String,
    pub state: String,
    pub zip: String,
    pub country: String,
    pub method: Option<String>,
}

/// `individual`: the person, as the `ds_individual` example sends it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Individual {
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub telephone: String,
    pub country: String,
    pub job_title: String,
}

/// `organization` as the `ds_org` example sends it: the id as a string, and its contacts.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CurrentOrganization {
    pub id: String,
    pub contacts: Option<Vec<Contact>>,
}

/// One of `organization.contacts[]`; the example's first has an `id` and a `user_id`, its
/// second only a `user_id`.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    pub id: Option<i64>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub email: Option<String>,
    pub job_title: Option<String>,
    pub telephone: Option<String>,
    pub contact_type: String,
    pub user_id: Option<i64>,
    #[serde(rename = "type")]
    pub kind: String,
}

#[cfg(test)]
mod tests {
    use serde_json::Value;

    use crate::order::validate::{Context, has_errors, validate};
    use crate::order::{Draft, OrderRequest, Product};

    /// The documented examples of the current pages (made valid JSON; each file names its page
    /// and what was changed).
    fn examples() -> [(Product, Value); 2] {
        let body = |text: &str| serde_json::from_str::<Value>(text).unwrap()["body"].clone();
        [
            (
                Product::DsIndividual,
                body(include_str!(
                    "../../../tests/fixtures/digicert/order-request-ds-individual.json"
                )),
            ),
            (
                Product::DsOrg,
                body(include_str!(
                    "../../../tests/fixtures/digicert/order-request-ds-org.json"
                )),
            ),
        ]
    }

    #[test]
    fn documented_examples_validate_preview_and_send_byte_identically() {
        for (product, body) in examples() {
            let (draft, problems) = Draft::from_body(product, &body);
            assert!(problems.is_empty(), "{product}: {problems:?}");
            let diagnostics = validate(&draft, &Context::default());
            assert!(!has_errors(&diagnostics), "{product}: {diagnostics:?}");
            let preview = serde_json::to_string_pretty(&draft.to_body()).unwrap();
            assert_eq!(
                preview,
                serde_json::to_string_pretty(&body).unwrap(),
                "{product}"
            );
            let request = draft.to_request().unwrap();
            assert!(matches!(request, OrderRequest::Current(_)), "{product}");
            assert_eq!(
                serde_json::to_string_pretty(&request).unwrap(),
                preview,
                "{product}: what is sent is what the preview shows"
            );
        }
    }

    #[test]
    fn a_value_no_example_shows_is_sent_as_typed_with_a_warning() {
        let (product, body) = examples()[1].clone();
        let (mut draft, _) = Draft::from_body(product, &body);
        draft.set(
            "certificate.usage_designation.additional_usages",
            "document_signing, time_stamping",
        );
        draft.set("cs_provisioning_method", "email");
        let diagnostics = validate(&draft, &Context::default());
        assert!(!has_errors(&diagnostics), "{diagnostics:?}");
        let warned: Vec<&str> = diagnostics
            .iter()
            .filter(|d| d.code == "undocumented_value")
            .map(|d| d.path.as_str())
            .collect();
        assert_eq!(
            warned,
            [
                "certificate.usage_designation.additional_usages",
                "cs_provisioning_method"
            ]
        );
        let sent = serde_json::to_value(draft.to_request().unwrap()).unwrap();
        assert_eq!(
            sent["certificate"]["usage_designation"]["additional_usages"],
            serde_json::json!(["document_signing", "time_stamping"])
        );
        assert_eq!(sent["cs_provisioning_method"], "email");
    }

    #[test]
    fn a_validity_that_is_not_a_number_is_an_error_not_a_warning() {
        let (product, body) = examples()[0].clone();
        let (mut draft, _) = Draft::from_body(product, &body);
        draft.set("order_validity.years", "Doe");
        let errors: Vec<_> = validate(&draft, &Context::default())
            .into_iter()
            .filter(|d| d.is_error())
            .map(|d| d.path)
            .collect();
        assert_eq!(errors, ["order_validity.years"]);
        // A number no example shows is sent, with a warning.
        draft.set("order_validity.years", "5");
        assert!(!has_errors(&validate(&draft, &Context::default())));
    }

    #[test]
    fn a_technical_contact_alone_is_the_only_contact_sent() {
        let mut draft = Draft::new(Product::DsOrg);
        draft.set("organization.id", "2022869");
        draft.set("organization.contacts[1].user_id", "1562224");
        let body = draft.to_body();
        assert_eq!(
            body["organization"]["contacts"],
            serde_json::json!([{
                "contact_type": "technical_contact",
                "user_id": 1562224,
                "type": "existing_contact"
            }])
        );
    }

    #[test]
    fn the_older_products_fields_are_not_sent_for_a_current_one() {
        let older: Value = serde_json::from_str(include_str!(
            "../../../tests/fixtures/documented-order-request.json"
        ))
        .unwrap();
        let (mut draft, _) = Draft::from_body(Product::default(), &older);
        crate::form::change_product(&mut draft, Product::DsOrgIndividual);
        let body = draft.to_body();
        assert!(body.get("subject").is_none(), "{body}");
        assert!(body.get("validity_years").is_none(), "{body}");
        // Kept, with the paths both products have.
        assert_eq!(body["organization"]["id"], "334455");
        assert_eq!(body["ship_info"]["city"], older["ship_info"]["city"]);
        assert_eq!(
            body["certificate"]["usage_designation"]["primary_usage"],
            "signing"
        );
        // And back: nothing was lost.
        crate::form::change_product(&mut draft, Product::default());
        let (back, _) = Draft::from_body(Product::default(), &older);
        assert_eq!(draft.to_body(), back.to_body());
    }
}
