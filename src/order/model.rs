//! serde types for the order request body and the API's answers, exactly as
//! `certcentral-document-signing-api.md` describes them.
//!
//! Requests are strict: every field has its documented type and unset optional fields are omitted,
//! never sent as `null`. Responses are lenient: every field but the order `id` is optional, unknown
//! fields are kept in `extra`, and unknown status strings are kept as they are.

use std::fmt;

use serde::{Deserialize, Serialize};

mod current;
mod response;
mod shared;
pub use current::*;
pub use response::*;
pub use shared::{IdRef, OrderValidity};

/// The body of an order, for either family of products: the older page's
/// (`document_signing_org_1/2`) or the current pages' (`ds_*`). It is written as the inner body.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum OrderRequest {
    Older(OlderRequest),
    Current(CurrentRequest),
}

impl OrderRequest {
    /// The validity in years, from whichever form the body uses.
    pub fn validity(&self) -> Option<u8> {
        match self {
            OrderRequest::Older(r) => r.validity(),
            OrderRequest::Current(r) => r.order_validity.map(|v| v.years),
        }
    }

    /// The organization's id, when the body names one.
    pub fn organization_id(&self) -> Option<i64> {
        match self {
            OrderRequest::Older(r) => Some(r.organization.id),
            OrderRequest::Current(r) => r.organization.as_ref().and_then(|o| o.id.parse().ok()),
        }
    }

    /// The division's id, when the body names one (only the older page has divisions).
    pub fn container_id(&self) -> Option<i64> {
        match self {
            OrderRequest::Older(r) => r.container.map(|c| c.id),
            OrderRequest::Current(_) => None,
        }
    }

    /// How the order is paid, as sent; `None` leaves DigiCert's default (the balance).
    pub fn payment_method(&self) -> Option<&str> {
        match self {
            OrderRequest::Older(r) => r.payment_method.map(|p| p.as_str()),
            OrderRequest::Current(r) => r.payment_method.as_deref(),
        }
    }

    /// The order this one renews, if any.
    pub fn renewal_of_order_id(&self) -> Option<i64> {
        match self {
            OrderRequest::Older(r) => r.renewal_of_order_id,
            OrderRequest::Current(r) => r.renewal_of_order_id,
        }
    }

    /// Makes this order the renewal of `order_id`.
    pub fn set_renewal_of_order_id(&mut self, order_id: Option<i64>) {
        match self {
            OrderRequest::Older(r) => r.renewal_of_order_id = order_id,
            OrderRequest::Current(r) => r.renewal_of_order_id = order_id,
        }
    }
}

impl From<OlderRequest> for OrderRequest {
    fn from(r: OlderRequest) -> Self {
        OrderRequest::Older(r)
    }
}

/// The body of `POST /order/certificate/{document_certificate_id}` for the older products.
///
/// Field order follows the documented example, so that a preview reads like the documentation.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OlderRequest {
    pub certificate: CertificateRequest,
    pub cs_provisioning_method: Option<ProvisioningMethod>,
    pub use_org_as_common_name: Option<bool>,
    /// Deprecated by DigiCert in favour of `order_validity`, but the documented example's form;
    /// certwiz sends whichever form the draft uses, never both.
    pub validity_years: Option<u8>,
    /// DigiCert's current form of the validity.
    pub order_validity: Option<OrderValidity>,
    pub comments: Option<String>,
    pub organization: IdRef,
    pub container: Option<IdRef>,
    pub organization_contact: Option<OrganizationContact>,
    pub ship_info: Option<ShipInfo>,
    pub subject: Subject,
    pub custom_fields: Option<Vec<CustomFieldValue>>,
    pub user_id_assignments: Option<Vec<i64>>,
    pub csa_agreed_to: Option<i64>,
    pub skip_approval: Option<bool>,
    pub payment_method: Option<PaymentMethod>,
    /// Set by `certwiz renew`: the order this one renews. Known from public clients (riboseinc's
    /// digicert README, Infisical), not from DigiCert's document signing pages.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub renewal_of_order_id: Option<i64>,
}

impl OlderRequest {
    /// The validity in years, from whichever form the body uses.
    pub fn validity(&self) -> Option<u8> {
        self.order_validity
            .as_ref()
            .map(|v| v.years)
            .or(self.validity_years)
    }
}

/// `organization_contact`: a different organization contact for this order than the
/// organization's own. DigiCert's page for this endpoint shows `first_name` (required) and is
/// cut after it; the other fields are those of its contact pages (Update order contacts).
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrganizationContact {
    pub first_name: String,
    pub last_name: String,
    pub email: Option<String>,
    pub job_title: Option<String>,
    pub telephone: Option<String>,
    pub telephone_extension: Option<String>,
}

/// The `certificate` object of an order.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CertificateRequest {
    pub csr: Option<String>,
    pub server_platform: Option<IdRef>,
    pub signature_hash: SignatureHash,
}

/// Where DigiCert ships the hardware token.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShipInfo {
    pub name: String,
    pub addr1: String,
    pub addr2: Option<String>,
    pub city: String,
    pub state: String,
    pub zip: String,
    pub country: String,
    pub method: ShipMethod,
}

/// The person named on, and validated for, the certificate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Subject {
    pub name: String,
    pub job_title: String,
    pub phone: String,
    pub email: String,
}

/// One account custom field's value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CustomFieldValue {
    pub metadata_id: i64,
    pub value: String,
}

macro_rules! string_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        pub enum $name {
            $($(#[$vmeta])* #[serde(rename = $text)] $variant),+
        }

        impl $name {
            /// Every value, in documented order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The value as the API spells it.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            /// Parses the API spelling.
            pub fn parse(text: &str) -> Option<Self> {
                match text { $($text => Some($name::$variant),)+ _ => None }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

string_enum!(
    /// How the certificate reaches its key.
    ProvisioningMethod {
        /// DigiCert ships a hardware token to `ship_info`.
        ShipToken = "ship_token",
        /// Installed on a token the customer already owns.
        ClientApp = "client_app",
        /// Installed on the customer's own HSM; needs a CSR.
        Email = "email",
    }
);

string_enum!(
    /// The signature hash; only `sha256` is allowed.
    SignatureHash { Sha256 = "sha256" }
);

string_enum!(
    /// How the order is paid.
    PaymentMethod { Balance = "balance", Card = "card", Profile = "profile" }
);

string_enum!(
    /// How the token is shipped.
    ShipMethod { Standard = "standard", Expedited = "expedited" }
);

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    const REQUEST: &str = include_str!("../../tests/fixtures/documented-order-request.json");

    #[test]
    fn documented_request_round_trips() {
        let original: Value = serde_json::from_str(REQUEST).unwrap();
        let typed: OrderRequest = serde_json::from_value(original.clone()).unwrap();
        assert_eq!(serde_json::to_value(&typed).unwrap(), original);
        // Key order too: the preview reads like the documentation.
        assert_eq!(
            serde_json::to_string_pretty(&typed).unwrap(),
            serde_json::to_string_pretty(&original).unwrap()
        );
    }

    #[test]
    fn both_validity_forms_preview_and_send_byte_identically() {
        let current: Value = serde_json::from_str::<Value>(include_str!(
            "../../tests/fixtures/digicert/order-request-current.json"
        ))
        .unwrap()["body"]
            .clone();
        let original: Value = serde_json::from_str(REQUEST).unwrap();
        for body in [original, current] {
            let (draft, problems) =
                crate::order::Draft::from_body(crate::order::Product::default(), &body);
            assert!(problems.is_empty(), "{problems:?}");
            let preview = serde_json::to_string_pretty(&draft.to_body()).unwrap();
            let sent = serde_json::to_string_pretty(&draft.to_request().unwrap()).unwrap();
            assert_eq!(preview, serde_json::to_string_pretty(&body).unwrap());
            assert_eq!(sent, preview, "what is sent is what the preview shows");
        }
    }

    #[test]
    fn every_field_is_sent_in_the_previewed_order() {
        let mut draft = crate::order::Draft::from_body(
            crate::order::Product::default(),
            &serde_json::from_str(REQUEST).unwrap(),
        )
        .0;
        draft.set("order_validity.years", "3");
        for (path, value) in [
            ("organization_contact.first_name", "Ada"),
            ("organization_contact.last_name", "Lovelace"),
            ("organization_contact.email", "ada@example.com"),
            ("organization_contact.job_title", "Counsel"),
            ("organization_contact.telephone", "555-555-5555"),
            ("organization_contact.telephone_extension", "12"),
            ("user_id_assignments", "10, 11"),
        ] {
            draft.set(path, value);
        }
        draft.set_custom_field(501, "42");
        let body = draft.to_body();
        assert!(body.get("validity_years").is_none(), "one form only");
        assert_eq!(body["order_validity"]["years"], 3);
        assert_eq!(
            serde_json::to_string(&draft.to_request().unwrap()).unwrap(),
            serde_json::to_string(&body).unwrap()
        );
    }

    #[test]
    fn documented_responses_parse_and_round_trip() {
        for (text, status) in [
            (
                include_str!("../../tests/fixtures/documented-order-response-pending.json"),
                RequestStatus::Pending,
            ),
            (
                include_str!("../../tests/fixtures/documented-order-response-submitted.json"),
                RequestStatus::Submitted,
            ),
            (
                include_str!("../../tests/fixtures/documented-order-response-approved.json"),
                RequestStatus::Approved,
            ),
        ] {
            let value: Value = serde_json::from_str(text).unwrap();
            let parsed: OrderResponse = serde_json::from_value(value.clone()).unwrap();
            assert_eq!(parsed.id, 112233);
            assert_eq!(parsed.first_request().unwrap().status, Some(status));
            assert_eq!(serde_json::to_value(&parsed).unwrap(), value);
        }
    }

    #[test]
    fn responses_keep_unknown_fields_and_statuses() {
        let value = serde_json::json!({"id": 7, "requests": [{"id": 1, "status": "escalated"}], "novel": {"a": 1}});
        let parsed: OrderResponse = serde_json::from_value(value.clone()).unwrap();
        let status = parsed.first_request().unwrap().status.clone().unwrap();
        assert_eq!(status, RequestStatus::Other("escalated".into()));
        assert!(!status.is_final());
        assert_eq!(serde_json::to_value(&parsed).unwrap(), value);
        // Only the id is required.
        assert!(serde_json::from_str::<OrderResponse>(r#"{"id": 1}"#).is_ok());
        assert!(serde_json::from_str::<OrderResponse>(r#"{"requests": []}"#).is_err());
    }

    #[test]
    fn unset_optionals_are_omitted_not_null() {
        let typed: OlderRequest = serde_json::from_str(REQUEST).unwrap();
        let minimal = OlderRequest {
            ship_info: None,
            container: None,
            comments: None,
            ..typed
        };
        let text = serde_json::to_string(&minimal).unwrap();
        assert!(!text.contains("null"), "{text}");
        assert!(!text.contains("ship_info"));
    }

    #[test]
    fn order_status_finality() {
        assert!(OrderStatus::from("issued").is_final());
        assert!(!OrderStatus::from("needs_approval").is_final());
        assert!(!OrderStatus::from("mystery").is_final());
        assert!(OrderStatus::Pending.is_cancelable());
        assert!(!OrderStatus::Issued.is_cancelable());
    }
}
