//! What DigiCert's pages for the current document signing products show, as data: the values
//! their examples send, and the order their bodies are written in.
//!
//! Pages (read with the search tool; every stored copy is cut, mostly inside the parameter table
//! after `cs_provisioning_method`; `docs/digicert-api-reference.md` §17 says where each stops):
//! - `ds_individual`: <https://dev.digicert.com/certcentral-apis/services-api/orders/order-document-signing-for-individual.html>
//! - `ds_org`: <https://dev.digicert.com/certcentral-apis/services-api/orders/order-document-signing-for-organization.html>
//! - `ds_org_individual`: <https://dev.digicert.com/en/certcentral-apis/services-api/orders/order-document-signing-for-business---employee.html>
//!
//! Where a table row gives allowed values (`primary_usage`: `signing`), the field is a choice.
//! Where the list is cut, the values the examples send are *known*, not *allowed*: the field is a
//! [`FieldKind::Example`](super::FieldKind::Example), and another value is sent as typed with a
//! warning. Nothing here is a default DigiCert documents, except `server_platform.id` (-1, shared
//! with the older page).

use super::ids::FieldId;
use super::kinds::ChoiceOption;

/// `certificate.usage_designation.primary_usage`: the individual page's row allows `signing`.
#[rustfmt::skip]
pub const PRIMARY_USAGES: &[ChoiceOption] = &[
    ChoiceOption { value: "signing", label: "Signing", meaning: "the value the page allows: the certificate signs documents" },
];

/// `certificate.usage_designation.additional_usages`: every example sends these three; the
/// page's allowed values and default are cut.
#[rustfmt::skip]
pub const ADDITIONAL_USAGES: &[ChoiceOption] = &[
    ChoiceOption { value: "adobe_authentic_documents_trust", label: "Adobe AATL", meaning: "sent by every example on the page" },
    ChoiceOption { value: "ms_document_signing", label: "Microsoft document signing", meaning: "sent by every example on the page" },
    ChoiceOption { value: "document_signing", label: "Document signing", meaning: "sent by every example on the page" },
];

/// `certificate.signature_hash`: sent by every example; the table has no row for it.
#[rustfmt::skip]
pub const CURRENT_SIGNATURE_HASHES: &[ChoiceOption] = &[
    ChoiceOption { value: "sha256", label: "SHA-256", meaning: "sent by every example on the page" },
];

/// `cs_provisioning_method`: required; the allowed values are cut. The examples send these two.
#[rustfmt::skip]
pub const CURRENT_PROVISIONING: &[ChoiceOption] = &[
    ChoiceOption { value: "ship_token", label: "Ship a token", meaning: "DigiCert ships a hardware token (the examples' first value)" },
    ChoiceOption { value: "client_app", label: "My own token", meaning: "install on a token you own (the individual page's second example)" },
];

/// `order_validity.years`: the examples send 1; the range is cut on these pages (the older page
/// allows 1 to 3, and the account's product list says what it offers).
#[rustfmt::skip]
pub const CURRENT_VALIDITY_YEARS: &[ChoiceOption] = &[
    ChoiceOption { value: "1", label: "1 year", meaning: "what the examples send" },
    ChoiceOption { value: "2", label: "2 years", meaning: "allowed on the older page; ask the account's product list" },
    ChoiceOption { value: "3", label: "3 years", meaning: "allowed on the older page; ask the account's product list" },
];

/// `ship_info.method`: the examples send `EXPEDITED`, in capitals (the older page: `standard`).
#[rustfmt::skip]
pub const CURRENT_SHIP_METHODS: &[ChoiceOption] = &[
    ChoiceOption { value: "EXPEDITED", label: "Expedited", meaning: "what the examples send" },
];

/// `payment_method`: the examples send `balance`.
#[rustfmt::skip]
pub const CURRENT_PAYMENT_METHODS: &[ChoiceOption] = &[
    ChoiceOption { value: "balance", label: "Account balance", meaning: "what the examples send" },
];

/// `organization.contacts[].contact_type`: the `ds_org` example's two contacts.
#[rustfmt::skip]
pub const CONTACT_TYPES: &[ChoiceOption] = &[
    ChoiceOption { value: "organization_contact", label: "Organization contact", meaning: "the example's first contact" },
    ChoiceOption { value: "technical_contact", label: "Technical contact", meaning: "the example's second contact" },
];

/// `organization.contacts[].type`: the `ds_org` example sends `existing_contact`.
#[rustfmt::skip]
pub const CONTACT_KINDS: &[ChoiceOption] = &[
    ChoiceOption { value: "existing_contact", label: "Existing contact", meaning: "what the example sends: a contact the account has" },
];

/// The order the current products' bodies are written in, as the examples write them; each
/// product keeps the fields that are its own.
pub const CURRENT_BODY_ORDER: &[FieldId] = {
    use FieldId::*;
    &[
        ServerPlatform,
        CaCertId,
        DsSignatureHash,
        PrimaryUsage,
        AdditionalUsages,
        DsProvisioning,
        ShipName,
        ShipAddr1,
        ShipAddr2,
        ShipCity,
        ShipState,
        ShipZip,
        ShipCountry,
        DsShipMethod,
        IndividualFirstName,
        IndividualLastName,
        IndividualEmail,
        IndividualPhone,
        IndividualCountry,
        IndividualJobTitle,
        DsOrganization,
        OrgContactId,
        OrgContactFirstName,
        OrgContactLastName,
        OrgContactEmail,
        OrgContactJobTitle,
        OrgContactPhone,
        OrgContactType,
        OrgContactUserId,
        OrgContactExisting,
        TechContactId,
        TechContactFirstName,
        TechContactLastName,
        TechContactEmail,
        TechContactJobTitle,
        TechContactPhone,
        TechContactType,
        TechContactUserId,
        TechContactExisting,
        CustomRenewalMessage,
        AdditionalEmails,
        DsValidityYears,
        DsPaymentMethod,
    ]
};
