//! The field catalog: the one table that describes every field of the order body.
//!
//! The wizard builds its screens from it, validation reads its kinds and requirements, the draft
//! builds the JSON body in its order, the sandbox checks orders with it, and the README's field
//! reference is generated from it (`certwiz fields --markdown`). Code names fields by their
//! [`FieldId`]; a field's path is its data, for drafts, files and messages.

mod current;
mod ids;
mod kinds;
pub use current::{
    ADDITIONAL_USAGES, CONTACT_KINDS, CONTACT_TYPES, CURRENT_BODY_ORDER, CURRENT_PAYMENT_METHODS,
    CURRENT_PROVISIONING, CURRENT_SHIP_METHODS, CURRENT_SIGNATURE_HASHES, CURRENT_VALIDITY_YEARS,
    PRIMARY_USAGES,
};
pub use ids::{FieldId, ObjectId, PickerKind};
pub use kinds::{ChoiceOption, FieldKind, JsonType, Requirement, Section};

use crate::order::product::{Family, Product, ProductSet};

/// One field of the order body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldSpec {
    /// The field's typed name.
    pub id: FieldId,
    /// Dotted JSON path (`ship_info.city`); `[]` marks the items of an array.
    pub path: &'static str,
    /// A short label.
    pub label: &'static str,
    /// One line of help.
    pub help: &'static str,
    pub kind: FieldKind,
    pub requirement: Requirement,
    /// What a new form starts with; `None` leaves the field empty.
    pub default: Option<&'static str>,
    pub section: Section,
    /// The list Enter (or `?` in plain mode) offers for this field, if any.
    pub picker: Option<PickerKind>,
    /// The products whose body has this field.
    pub products: ProductSet,
}

impl FieldSpec {
    /// The same field, offering `picker`'s list.
    const fn picks(self, picker: PickerKind) -> Self {
        FieldSpec {
            picker: Some(picker),
            ..self
        }
    }

    /// The same field, in the bodies of `products` only.
    const fn only(self, products: ProductSet) -> Self {
        FieldSpec { products, ..self }
    }

    /// The optional object that encloses this field, if any (`ship_info` for `ship_info.city`).
    pub fn object(&self) -> Option<&'static ObjectSpec> {
        if let Some(known) = object_of(self) {
            return known;
        }
        OBJECTS.iter().filter(|o| !o.required).find(|o| {
            self.path.len() > o.path.len()
                && self.path.starts_with(o.path)
                && self.path.as_bytes()[o.path.len()] == b'.'
        })
    }

    /// Whether this is an item field of the `custom_fields` array.
    pub fn is_custom_field(&self) -> bool {
        matches!(self.id, FieldId::CustomFieldId | FieldId::CustomFieldValue)
    }
}

/// An object of the order body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ObjectSpec {
    pub id: ObjectId,
    pub path: &'static str,
    pub label: &'static str,
    /// Whether the object itself must be sent.
    pub required: bool,
}

/// The objects of the body, outermost first.
#[rustfmt::skip]
pub const OBJECTS: &[ObjectSpec] = &[
    ObjectSpec { id: ObjectId::Certificate, path: "certificate", label: "Certificate", required: true },
    ObjectSpec { id: ObjectId::ServerPlatform, path: "certificate.server_platform", label: "Server platform", required: false },
    ObjectSpec { id: ObjectId::OrderValidity, path: "order_validity", label: "Order validity", required: false },
    ObjectSpec { id: ObjectId::Organization, path: "organization", label: "Organization", required: true },
    ObjectSpec { id: ObjectId::Container, path: "container", label: "Division", required: false },
    ObjectSpec { id: ObjectId::OrganizationContact, path: "organization_contact", label: "Organization contact", required: false },
    ObjectSpec { id: ObjectId::ShipInfo, path: "ship_info", label: "Shipping address", required: false },
    ObjectSpec { id: ObjectId::Subject, path: "subject", label: "Subject", required: true },
    ObjectSpec { id: ObjectId::UsageDesignation, path: "certificate.usage_designation", label: "Usage designation", required: true },
    ObjectSpec { id: ObjectId::Individual, path: "individual", label: "Person", required: true },
    ObjectSpec { id: ObjectId::OrgContact, path: "organization.contacts[0]", label: "Organization contact", required: false },
    ObjectSpec { id: ObjectId::TechContact, path: "organization.contacts[1]", label: "Technical contact", required: false },
];

/// Values of `cs_provisioning_method`.
#[rustfmt::skip]
pub const PROVISIONING_METHODS: &[ChoiceOption] = &[
    ChoiceOption { value: "ship_token", label: "Ship a token", meaning: "DigiCert ships a hardware token to the shipping address" },
    ChoiceOption { value: "client_app", label: "My own token", meaning: "install the certificate on a token you already own" },
    ChoiceOption { value: "email", label: "My own HSM", meaning: "install on your own HSM; needs a CSR" },
];

/// Values of `certificate.signature_hash`.
#[rustfmt::skip]
pub const SIGNATURE_HASHES: &[ChoiceOption] = &[
    ChoiceOption { value: "sha256", label: "SHA-256", meaning: "the only hash DigiCert allows for document signing" },
];

/// Values of `validity_years`.
#[rustfmt::skip]
pub const VALIDITY_YEARS: &[ChoiceOption] = &[
    ChoiceOption { value: "1", label: "1 year", meaning: "valid for one year" },
    ChoiceOption { value: "2", label: "2 years", meaning: "valid for two years" },
    ChoiceOption { value: "3", label: "3 years", meaning: "valid for three years" },
];

/// Values of `ship_info.method`.
#[rustfmt::skip]
pub const SHIP_METHODS: &[ChoiceOption] = &[
    ChoiceOption { value: "standard", label: "Standard", meaning: "standard shipping, included" },
    ChoiceOption { value: "expedited", label: "Expedited", meaning: "faster shipping; costs extra" },
];

/// Values of `payment_method`.
#[rustfmt::skip]
pub const PAYMENT_METHODS: &[ChoiceOption] = &[
    ChoiceOption { value: "balance", label: "Account balance", meaning: "pay from the account's balance (the default)" },
    ChoiceOption { value: "card", label: "Credit card", meaning: "pay by the card on file" },
    ChoiceOption { value: "profile", label: "Payment profile", meaning: "pay with the account's payment profile" },
];

/// DigiCert documents no length limits; text longer than this is refused as a mistake.
pub const MAX_TEXT: usize = 255;
/// The limit for the approver comments.
pub const MAX_COMMENTS: usize = 4000;

/// A catalog row; choice fields pick from their options, other pickers are given with `picks`.
#[allow(clippy::too_many_arguments)]
const fn spec(
    id: FieldId,
    path: &'static str,
    label: &'static str,
    help: &'static str,
    kind: FieldKind,
    requirement: Requirement,
    default: Option<&'static str>,
    section: Section,
) -> FieldSpec {
    let picker = match kind {
        FieldKind::Choice { .. } | FieldKind::Example { .. } | FieldKind::ExampleList { .. } => {
            Some(PickerKind::Choice)
        }
        _ => None,
    };
    FieldSpec {
        id,
        path,
        label,
        help,
        kind,
        requirement,
        default,
        section,
        picker,
        products: ProductSet::ALL,
    }
}

use FieldId as F;
use FieldKind as K;
use PickerKind as P;
use ProductSet as PS;
use Requirement as R;
use Section as S;

/// Every field of the order body, in the order the body is written.
#[rustfmt::skip]
pub const FIELDS: &[FieldSpec] = &[
    spec(F::Csr, "certificate.csr", "CSR", "PEM certificate request from your HSM; needed for email provisioning only", K::Csr, R::RequiredForEmailProvisioning, None, S::Certificate).only(PS::OLDER),
    spec(F::ServerPlatform, "certificate.server_platform.id", "Server platform", "the platform the certificate is for; -1 is \"Other\"", K::Integer { min: -1, max: i32::MAX as i64 }, R::RequiredInObject, Some("-1"), S::Certificate).picks(P::ServerPlatform),
    spec(F::SignatureHash, "certificate.signature_hash", "Signature hash", "only sha256 is allowed", K::Choice { options: SIGNATURE_HASHES, json: JsonType::String }, R::Required, Some("sha256"), S::Certificate).only(PS::OLDER),
    spec(F::Provisioning, "cs_provisioning_method", "Provisioning", "how the certificate reaches its key", K::Choice { options: PROVISIONING_METHODS, json: JsonType::String }, R::Optional, Some("ship_token"), S::Certificate).only(PS::OLDER),
    spec(F::OrgAsCommonName, "use_org_as_common_name", "Organization as common name", "the organization's name becomes the certificate's common name (default yes)", K::YesNo, R::Optional, Some("true"), S::Certificate).only(PS::OLDER),
    spec(F::ValidityYears, "validity_years", "Validity", "years the certificate is valid, sent as validity_years (the documented example's field; DigiCert now calls it deprecated)", K::Choice { options: VALIDITY_YEARS, json: JsonType::Integer }, R::RequiredUnless(ObjectId::OrderValidity), Some("1"), S::Certificate).only(PS::OLDER),
    spec(F::OrderValidityYears, "order_validity.years", "Validity (current form)", "years the certificate is valid, sent as order_validity.years (DigiCert's current field); choosing it replaces validity_years", K::Choice { options: VALIDITY_YEARS, json: JsonType::Integer }, R::RequiredInObject, None, S::Certificate).only(PS::OLDER),
    spec(F::Comments, "comments", "Comments", "a note for the approver; may span lines", K::MultilineText { max: MAX_COMMENTS }, R::Optional, None, S::Payment).only(PS::OLDER),
    spec(F::Organization, "organization.id", "Organization", "an existing organization of the account", K::Id, R::Required, None, S::Organization).picks(P::Organization).only(PS::OLDER),
    spec(F::Division, "container.id", "Division", "the division (container) the order is placed under", K::Id, R::RequiredInObject, None, S::Organization).picks(P::Division).only(PS::OLDER),
    spec(F::ContactFirstName, "organization_contact.first_name", "Contact first name", "optional: a different organization contact for this order than the organization's own", K::Text { max: 128 }, R::RequiredInObject, None, S::Organization).only(PS::OLDER),
    spec(F::ContactLastName, "organization_contact.last_name", "Contact last name", "the organization contact's last name", K::Text { max: MAX_TEXT }, R::RequiredInObject, None, S::Organization).only(PS::OLDER),
    spec(F::ContactEmail, "organization_contact.email", "Contact email", "the organization contact's email address (optional)", K::Email, R::Optional, None, S::Organization).only(PS::OLDER),
    spec(F::ContactJobTitle, "organization_contact.job_title", "Contact job title", "the organization contact's job title (optional)", K::Text { max: MAX_TEXT }, R::Optional, None, S::Organization).only(PS::OLDER),
    spec(F::ContactPhone, "organization_contact.telephone", "Contact phone", "the organization contact's phone number (optional)", K::Phone, R::Optional, None, S::Organization).only(PS::OLDER),
    spec(F::ContactPhoneExtension, "organization_contact.telephone_extension", "Contact phone extension", "the extension, if any (optional)", K::Text { max: 16 }, R::Optional, None, S::Organization).only(PS::OLDER),
    spec(F::ShipName, "ship_info.name", "Recipient", "who receives the token", K::Text { max: MAX_TEXT }, R::RequiredInObject, None, S::Shipping),
    spec(F::ShipAddr1, "ship_info.addr1", "Address line 1", "street and number", K::Text { max: MAX_TEXT }, R::RequiredInObject, None, S::Shipping),
    spec(F::ShipAddr2, "ship_info.addr2", "Address line 2", "floor, suite (optional)", K::Text { max: MAX_TEXT }, R::Optional, None, S::Shipping),
    spec(F::ShipCity, "ship_info.city", "City", "city or town", K::Text { max: MAX_TEXT }, R::RequiredInObject, None, S::Shipping),
    spec(F::ShipState, "ship_info.state", "State", "state, province or region", K::Text { max: MAX_TEXT }, R::RequiredInObject, None, S::Shipping),
    spec(F::ShipZip, "ship_info.zip", "ZIP / postal code", "postal code", K::Text { max: 40 }, R::RequiredInObject, None, S::Shipping),
    spec(F::ShipCountry, "ship_info.country", "Country", "two-letter ISO country code, e.g. us", K::Country, R::RequiredInObject, None, S::Shipping).picks(P::Country),
    spec(F::ShipMethod, "ship_info.method", "Shipping method", "standard, or expedited at extra cost", K::Choice { options: SHIP_METHODS, json: JsonType::String }, R::RequiredInObject, Some("standard"), S::Shipping).only(PS::OLDER),
    spec(F::SubjectName, "subject.name", "Full name", "the person named on and validated for the certificate", K::Text { max: MAX_TEXT }, R::Required, None, S::Subject).only(PS::OLDER),
    spec(F::SubjectJobTitle, "subject.job_title", "Job title", "the subject's job title", K::Text { max: MAX_TEXT }, R::Required, None, S::Subject).only(PS::OLDER),
    spec(F::SubjectPhone, "subject.phone", "Phone", "a number DigiCert can call to validate the subject", K::Phone, R::Required, None, S::Subject).only(PS::OLDER),
    spec(F::SubjectEmail, "subject.email", "Email", "the subject's email address", K::Email, R::Required, None, S::Subject).only(PS::OLDER),
    spec(F::CustomFieldId, "custom_fields[].metadata_id", "Custom field id", "the id of one of the account's custom fields", K::Id, R::PerAccount, None, S::Payment).only(PS::OLDER),
    spec(F::CustomFieldValue, "custom_fields[].value", "Custom field value", "its value, typed as the account's metadata says", K::CustomValue, R::PerAccount, None, S::Payment).only(PS::OLDER),
    spec(F::OrderManagers, "user_id_assignments", "Order managers", "ids of the users who may manage the order", K::IdList, R::Optional, None, S::Organization).picks(P::Users).only(PS::OLDER),
    spec(F::CsaAgreedTo, "csa_agreed_to", "Certificate Services Agreement", "1 = you accept DigiCert's Certificate Services Agreement", K::Agreement, R::Optional, None, S::Payment).only(PS::OLDER),
    spec(F::SkipApproval, "skip_approval", "Skip approval", "skip the approval step; needs an administrator's key", K::YesNo, R::Optional, Some("false"), S::Payment).only(PS::OLDER),
    spec(F::PaymentMethod, "payment_method", "Payment method", "how the order is paid", K::Choice { options: PAYMENT_METHODS, json: JsonType::String }, R::Optional, Some("balance"), S::Payment).only(PS::OLDER),
    // The current products (`ds_*`). Their pages are cut (see `current` and the API reference,
    // section 17): a row's requirement or values that no page shows are said in its help.
    spec(F::CaCertId, "certificate.ca_cert_id", "Issuing CA", "the id of the intermediate CA to issue from, from the product list; ignored unless the account allows choosing it", K::Text { max: 64 }, R::Optional, None, S::Certificate).only(PS::CURRENT),
    spec(F::PrimaryUsage, "certificate.usage_designation.primary_usage", "Primary usage", "the certificate's primary use (key usage); the page allows signing", K::Choice { options: PRIMARY_USAGES, json: JsonType::String }, R::Required, Some("signing"), S::Certificate).only(PS::CURRENT),
    spec(F::AdditionalUsages, "certificate.usage_designation.additional_usages", "Additional usages", "further uses (extended key usages), separated by commas; the page's list of allowed values and its default are cut", K::ExampleList { known: ADDITIONAL_USAGES }, R::Optional, None, S::Certificate).only(PS::CURRENT),
    spec(F::DsSignatureHash, "certificate.signature_hash", "Signature hash", "every example on the page sends sha256; the page's table has no row for it", K::Example { known: CURRENT_SIGNATURE_HASHES, json: JsonType::String }, R::Optional, Some("sha256"), S::Certificate).only(PS::CURRENT),
    spec(F::DsProvisioning, "cs_provisioning_method", "Provisioning", "how you receive the token (required); the page's allowed values are cut, its examples send ship_token and client_app", K::Example { known: CURRENT_PROVISIONING, json: JsonType::String }, R::Required, None, S::Certificate).only(PS::CURRENT),
    spec(F::DsValidityYears, "order_validity.years", "Validity", "years the certificate and order are valid; the examples send 1, the range is not shown (the older page allows 1 to 3)", K::Example { known: CURRENT_VALIDITY_YEARS, json: JsonType::Integer }, R::Required, None, S::Certificate).only(PS::CURRENT),
    spec(F::DsShipMethod, "ship_info.method", "Shipping method", "the examples send EXPEDITED (in capitals); the page's allowed values are cut", K::Example { known: CURRENT_SHIP_METHODS, json: JsonType::String }, R::RequiredInObject, None, S::Shipping).only(PS::CURRENT),
    spec(F::IndividualFirstName, "individual.first_name", "First name", "the person the certificate names (the example's individual; the page's table is cut before it)", K::Text { max: 128 }, R::Required, None, S::Subject).only(PS::WITH_PERSON),
    spec(F::IndividualLastName, "individual.last_name", "Last name", "the person's last name", K::Text { max: MAX_TEXT }, R::Required, None, S::Subject).only(PS::WITH_PERSON),
    spec(F::IndividualEmail, "individual.email", "Email", "the person's email address", K::Email, R::Required, None, S::Subject).only(PS::WITH_PERSON),
    spec(F::IndividualPhone, "individual.telephone", "Phone", "a number DigiCert can call to validate the person (the example: +11234567890)", K::Phone, R::Required, None, S::Subject).only(PS::WITH_PERSON),
    spec(F::IndividualCountry, "individual.country", "Country", "the person's country, two-letter ISO code, e.g. us", K::Country, R::Required, None, S::Subject).only(PS::WITH_PERSON).picks(P::Country),
    spec(F::IndividualJobTitle, "individual.job_title", "Job title", "the person's job title", K::Text { max: MAX_TEXT }, R::Required, None, S::Subject).only(PS::WITH_PERSON),
    spec(F::DsOrganization, "organization.id", "Organization", "an existing organization of the account, validated for document signing (sent as text, as the example does)", K::IdText, R::Required, None, S::Organization).only(PS::WITH_ORG).picks(P::Organization),
    spec(F::OrgContactId, "organization.contacts[0].id", "Contact id", "optional: the organization contact, by its contact id", K::Id, R::Optional, None, S::Organization).only(PS::ORG),
    spec(F::OrgContactUserId, "organization.contacts[0].user_id", "Contact user id", "the organization contact's user id in the account", K::Id, R::Optional, None, S::Organization).only(PS::ORG),
    spec(F::OrgContactFirstName, "organization.contacts[0].first_name", "Contact first name", "the organization contact's first name", K::Text { max: 128 }, R::Optional, None, S::Organization).only(PS::ORG),
    spec(F::OrgContactLastName, "organization.contacts[0].last_name", "Contact last name", "the organization contact's last name", K::Text { max: MAX_TEXT }, R::Optional, None, S::Organization).only(PS::ORG),
    spec(F::OrgContactEmail, "organization.contacts[0].email", "Contact email", "the organization contact's email address", K::Email, R::Optional, None, S::Organization).only(PS::ORG),
    spec(F::OrgContactJobTitle, "organization.contacts[0].job_title", "Contact job title", "the organization contact's job title", K::Text { max: MAX_TEXT }, R::Optional, None, S::Organization).only(PS::ORG),
    spec(F::OrgContactPhone, "organization.contacts[0].telephone", "Contact phone", "the organization contact's phone number", K::Phone, R::Optional, None, S::Organization).only(PS::ORG),
    spec(F::OrgContactType, "organization.contacts[0].contact_type", "Contact role", "the example sends organization_contact here; other roles are not documented", K::Example { known: CONTACT_TYPES, json: JsonType::String }, R::RequiredInObject, Some("organization_contact"), S::Organization).only(PS::ORG),
    spec(F::OrgContactExisting, "organization.contacts[0].type", "Contact kind", "the example sends existing_contact; other kinds are not documented", K::Example { known: CONTACT_KINDS, json: JsonType::String }, R::RequiredInObject, Some("existing_contact"), S::Organization).only(PS::ORG),
    spec(F::TechContactId, "organization.contacts[1].id", "Technical contact id", "optional: the technical contact, by its contact id", K::Id, R::Optional, None, S::Organization).only(PS::ORG),
    spec(F::TechContactUserId, "organization.contacts[1].user_id", "Technical user id", "the technical contact's user id in the account", K::Id, R::Optional, None, S::Organization).only(PS::ORG),
    spec(F::TechContactFirstName, "organization.contacts[1].first_name", "Technical first name", "the technical contact's first name", K::Text { max: 128 }, R::Optional, None, S::Organization).only(PS::ORG),
    spec(F::TechContactLastName, "organization.contacts[1].last_name", "Technical last name", "the technical contact's last name", K::Text { max: MAX_TEXT }, R::Optional, None, S::Organization).only(PS::ORG),
    spec(F::TechContactEmail, "organization.contacts[1].email", "Technical email", "the technical contact's email address", K::Email, R::Optional, None, S::Organization).only(PS::ORG),
    spec(F::TechContactJobTitle, "organization.contacts[1].job_title", "Technical job title", "the technical contact's job title", K::Text { max: MAX_TEXT }, R::Optional, None, S::Organization).only(PS::ORG),
    spec(F::TechContactPhone, "organization.contacts[1].telephone", "Technical phone", "the technical contact's phone number", K::Phone, R::Optional, None, S::Organization).only(PS::ORG),
    spec(F::TechContactType, "organization.contacts[1].contact_type", "Technical role", "the example sends technical_contact here; other roles are not documented", K::Example { known: CONTACT_TYPES, json: JsonType::String }, R::RequiredInObject, Some("technical_contact"), S::Organization).only(PS::ORG),
    spec(F::TechContactExisting, "organization.contacts[1].type", "Technical kind", "the example sends existing_contact; other kinds are not documented", K::Example { known: CONTACT_KINDS, json: JsonType::String }, R::RequiredInObject, Some("existing_contact"), S::Organization).only(PS::ORG),
    spec(F::CustomRenewalMessage, "custom_renewal_message", "Renewal message", "a message for the renewal notices (the example: Renew me)", K::Text { max: MAX_TEXT }, R::Optional, None, S::Payment).only(PS::CURRENT),
    spec(F::AdditionalEmails, "additional_emails", "Additional emails", "more addresses for the order's notices, separated by commas", K::EmailList, R::Optional, None, S::Payment).only(PS::CURRENT),
    spec(F::DsPaymentMethod, "payment_method", "Payment method", "the examples send balance; the page's allowed values are cut", K::Example { known: CURRENT_PAYMENT_METHODS, json: JsonType::String }, R::Optional, Some("balance"), S::Payment).only(PS::CURRENT),
];

impl FieldId {
    /// The field's catalog entry.
    pub fn spec(self) -> &'static FieldSpec {
        &FIELDS[self as usize]
    }

    /// The field's dotted JSON path (`ship_info.city`).
    pub fn path(self) -> &'static str {
        self.spec().path
    }

    /// The field's JSON pointer in a body (`/ship_info/city`), for `Value::pointer`.
    pub fn pointer(self) -> String {
        format!("/{}", self.path().replace('.', "/"))
    }
}

impl ObjectId {
    /// The object's catalog entry.
    pub fn spec(self) -> &'static ObjectSpec {
        &OBJECTS[self as usize]
    }

    /// The object's dotted JSON path (`ship_info`).
    pub fn path(self) -> &'static str {
        self.spec().path
    }
}

impl AsRef<str> for FieldId {
    fn as_ref(&self) -> &str {
        self.path()
    }
}

impl AsRef<str> for ObjectId {
    fn as_ref(&self) -> &str {
        self.path()
    }
}

// Each table row sits at its id's index, so `FieldId::spec` and `ObjectId::spec` are plain
// indexing; a row added or moved without its id fails the build here.
const _: () = {
    let mut i = 0;
    while i < FIELDS.len() {
        assert!(FIELDS[i].id as usize == i, "FIELDS is out of FieldId order");
        i += 1;
    }
    assert!(FieldId::DsPaymentMethod as usize == FIELDS.len() - 1);
    let mut i = 0;
    while i < OBJECTS.len() {
        assert!(
            OBJECTS[i].id as usize == i,
            "OBJECTS is out of ObjectId order"
        );
        i += 1;
    }
    assert!(ObjectId::TechContact as usize == OBJECTS.len() - 1);
};

/// Fields that are two forms of one value: giving one removes the other, and a body that gives
/// both is refused. `validity_years` is the documented example's form; DigiCert's current page
/// documents `order_validity.years` and calls `validity_years` deprecated.
pub const ALTERNATIVES: &[(FieldId, FieldId)] =
    &[(FieldId::ValidityYears, FieldId::OrderValidityYears)];

/// The other form of a field that has one (see [`ALTERNATIVES`]).
pub fn alternative(id: FieldId) -> Option<FieldId> {
    ALTERNATIVES.iter().find_map(|(a, b)| {
        if *a == id {
            Some(*b)
        } else if *b == id {
            Some(*a)
        } else {
            None
        }
    })
}

/// The key of the `custom_fields` array in a body, whose items hold the custom field fields.
pub fn custom_fields_key() -> &'static str {
    // Found once: a batch asks for every key of every row that is not a field's path.
    static KEY: std::sync::LazyLock<&'static str> = std::sync::LazyLock::new(|| {
        let path = FieldId::CustomFieldId.path();
        path.split_once("[]").map_or(path, |(key, _)| key)
    });
    *KEY
}

/// The first catalog entry for a dotted path, if there is one: the older products' where both
/// families have the path. Where the product is known, [`field_for`] is the one to ask.
pub fn field(path: &str) -> Option<&'static FieldSpec> {
    FIELDS.iter().find(|f| f.path == path)
}

/// The catalog entry for a dotted path in `product`'s body, if it has one.
pub fn field_for(product: Product, path: &str) -> Option<&'static FieldSpec> {
    fields(product).iter().copied().find(|f| f.path == path)
}

/// The fields of `product`'s body, in the order the body is written: the older products in
/// catalog order, the current ones as their examples write them ([`CURRENT_BODY_ORDER`]).
pub fn fields(product: Product) -> &'static [&'static FieldSpec] {
    static BY_PRODUCT: std::sync::LazyLock<Vec<Vec<&'static FieldSpec>>> =
        std::sync::LazyLock::new(|| {
            Product::ALL
                .iter()
                .map(|&p| match p.family() {
                    Family::Older => FIELDS.iter().filter(|f| f.products.has(p)).collect(),
                    Family::Current => CURRENT_BODY_ORDER
                        .iter()
                        .map(|id| id.spec())
                        .filter(|f| f.products.has(p))
                        .collect(),
                })
                .collect()
        });
    &BY_PRODUCT[product as usize]
}

/// The fields of a section of `product`'s form, in body order; custom fields are left out
/// (they come from the account).
pub fn section_fields(
    product: Product,
    section: Section,
) -> impl Iterator<Item = &'static FieldSpec> {
    fields(product)
        .iter()
        .copied()
        .filter(move |f| f.section == section && !f.is_custom_field())
}

/// The fields of a section of `product`'s form as the form lists them: [`section_fields`], those
/// of one line first, then those of many. Worked out once: the wizard asks for every screen's
/// rows several times a frame.
pub fn form_fields(product: Product, section: Section) -> &'static [&'static FieldSpec] {
    static BY_PRODUCT: std::sync::LazyLock<Vec<Vec<Vec<&'static FieldSpec>>>> =
        std::sync::LazyLock::new(|| {
            Product::ALL
                .iter()
                .map(|&p| {
                    Section::ALL
                        .iter()
                        .map(|&s| {
                            let (one, many): (Vec<_>, Vec<_>) =
                                section_fields(p, s).partition(|f| !f.kind.is_multiline());
                            one.into_iter().chain(many).collect()
                        })
                        .collect()
                })
                .collect()
        });
    &BY_PRODUCT[product as usize][section as usize]
}

/// The label of a path, for messages; falls back to the path itself.
pub fn label(path: &str) -> &str {
    if let Some(f) = field(path) {
        return f.label;
    }
    OBJECTS
        .iter()
        .find(|o| o.path == path)
        .map(|o| o.label)
        .unwrap_or(path)
}

/// The field reference of every product, as the README shows it: a heading and a table per
/// body (the two older products share one).
pub fn markdown_reference_all() -> String {
    let mut out = String::new();
    let mut done: Vec<Product> = Vec::new();
    for product in Product::ALL {
        if done.contains(&product) {
            continue;
        }
        let same: Vec<Product> = Product::ALL
            .into_iter()
            .filter(|&p| fields(p) == fields(product))
            .collect();
        let names: Vec<String> = same.iter().map(|p| format!("`{p}`")).collect();
        let labels: Vec<&str> = same.iter().map(|p| p.label()).collect();
        out.push_str(&format!(
            "### {} ({})\n\n",
            names.join(", "),
            labels.join("; ")
        ));
        out.push_str(&markdown_reference(product));
        out.push('\n');
        done.extend(same);
    }
    out
}

/// The field reference of `product`'s body as a Markdown table, as the README shows it.
pub fn markdown_reference(product: Product) -> String {
    let mut out = String::from(
        "| field | label | kind | required | default | help |\n|---|---|---|---|---|---|\n",
    );
    for f in fields(product) {
        let default = f.default.map(|d| format!("`{d}`")).unwrap_or_default();
        out.push_str(&format!(
            "| `{}` | {} | {} | {} | {} | {} |\n",
            f.path,
            f.label,
            f.kind.describe(),
            f.requirement.describe(),
            default,
            f.help.replace('|', "\\|"),
        ));
    }
    out
}

// Slots: one for each distinct path of the catalog, for a draft to keep its values in a fixed
// table instead of a map of path strings. Fields of two families that share a path
// (`certificate.signature_hash`, `order_validity.years`, …) share its slot, as a draft keeps one
// value a path whatever the product. Slots are numbered in the order of their paths, so a
// draft's values come out sorted by path, as a map of paths would give them.
//
// Everything here is computed when compiling, from [`FIELDS`].

/// How many distinct paths the catalog has.
pub const SLOT_COUNT: usize = count_distinct();

/// Each slot's path, sorted.
pub const SLOT_PATHS: [&str; SLOT_COUNT] = sorted_paths();

/// Each field's slot, by [`FieldId`].
const SLOT_OF: [u8; FIELDS.len()] = slot_of_fields();

/// The fields at each slot (at most two: one of each family), `NONE` where there is no second.
const FIELDS_AT: [[u8; 2]; SLOT_COUNT] = fields_at();

const NONE: u8 = u8::MAX;

/// The slots inside each object of [`OBJECTS`], by index: `(start, end)`.
const OBJECT_SLOTS: [(u8, u8); OBJECTS.len()] = object_slots();

/// The optional object that encloses each field, by [`FieldId`]: an index of [`OBJECTS`], or
/// `NONE` (what [`FieldSpec::object`] finds, computed once).
const OBJECT_OF: [u8; FIELDS.len()] = object_of_fields();

impl FieldId {
    /// The slot of the field's path.
    pub fn slot(self) -> usize {
        SLOT_OF[self as usize] as usize
    }
}

/// The slot of a dotted path, if the catalog has the path.
pub fn slot_of_path(path: &str) -> Option<usize> {
    // By length first: most steps compare two numbers, not two strings.
    BY_LENGTH
        .binary_search_by(|&slot| {
            let p = SLOT_PATHS[slot as usize];
            p.len().cmp(&path.len()).then_with(|| p.cmp(path))
        })
        .ok()
        .map(|i| BY_LENGTH[i] as usize)
}

/// The slots sorted by the length of their paths, then by path.
const BY_LENGTH: [u8; SLOT_COUNT] = by_length();

const fn by_length() -> [u8; SLOT_COUNT] {
    let mut out = [0u8; SLOT_COUNT];
    let mut n = 0;
    while n < SLOT_COUNT {
        let path = SLOT_PATHS[n];
        let mut k = n;
        while k > 0 && {
            let q = SLOT_PATHS[out[k - 1] as usize];
            q.len() > path.len() || (q.len() == path.len() && str_cmp(q, path) > 0)
        } {
            out[k] = out[k - 1];
            k -= 1;
        }
        out[k] = n as u8;
        n += 1;
    }
    out
}

/// The field at `slot` in `product`'s body, if its body has the slot's path: the same as
/// [`field_for`] with the slot's path, without comparing strings.
pub fn field_at(product: Product, slot: usize) -> Option<&'static FieldSpec> {
    FIELDS_AT[slot]
        .iter()
        .take_while(|&&i| i != NONE)
        .map(|&i| &FIELDS[i as usize])
        .find(|f| f.products.has(product))
}

/// The optional object that encloses `spec`'s field, for a spec of [`FIELDS`] (`None` for
/// another spec: [`FieldSpec::object`] then looks it up).
fn object_of(spec: &FieldSpec) -> Option<Option<&'static ObjectSpec>> {
    let field = &FIELDS[spec.id as usize];
    // The same text, most often at the same address (a constant's copies may not share it).
    let same = std::ptr::eq(field.path, spec.path) || field.path == spec.path;
    same.then(|| match OBJECT_OF[spec.id as usize] {
        NONE => None,
        i => Some(&OBJECTS[i as usize]),
    })
}

/// The slots whose paths lie inside the object at `object` (`ship_info` holds `ship_info.city`):
/// a range, as slots are sorted by path.
pub fn slots_inside(object: &str) -> std::ops::Range<usize> {
    // An object's path (the catalog's text at its address, or the same text elsewhere: an
    // `ObjectId`'s path, a batch row's key): its range, computed once. Other text is searched.
    if let Some(i) = OBJECTS
        .iter()
        .position(|o| std::ptr::eq(o.path, object) || o.path == object)
    {
        let (start, end) = OBJECT_SLOTS[i];
        return start as usize..end as usize;
    }
    let start = SLOT_PATHS.partition_point(|p| cmp_with_dot(p, object) == std::cmp::Ordering::Less);
    let len = SLOT_PATHS[start..]
        .iter()
        .take_while(|p| is_inside(p, object))
        .count();
    start..start + len
}

/// Whether `path` is inside the object at `object`: it starts with `object` and a dot.
pub fn is_inside(path: &str, object: &str) -> bool {
    path.len() > object.len() && path.as_bytes()[object.len()] == b'.' && path.starts_with(object)
}

/// `path` compared with `object` followed by a dot, without building that string.
fn cmp_with_dot(path: &str, object: &str) -> std::cmp::Ordering {
    let (p, o) = (path.as_bytes(), object.as_bytes());
    for i in 0..=o.len() {
        let want = if i < o.len() { o[i] } else { b'.' };
        match p.get(i) {
            None => return std::cmp::Ordering::Less,
            Some(&b) if b != want => return b.cmp(&want),
            Some(_) => {}
        }
    }
    std::cmp::Ordering::Greater
}

const fn const_is_inside(path: &str, object: &str) -> bool {
    let (p, o) = (path.as_bytes(), object.as_bytes());
    if p.len() <= o.len() || p[o.len()] != b'.' {
        return false;
    }
    let mut i = 0;
    while i < o.len() {
        if p[i] != o[i] {
            return false;
        }
        i += 1;
    }
    true
}

const fn object_slots() -> [(u8, u8); OBJECTS.len()] {
    let mut out = [(0, 0); OBJECTS.len()];
    let mut i = 0;
    while i < OBJECTS.len() {
        let mut start = SLOT_COUNT;
        let mut end = SLOT_COUNT;
        let mut k = 0;
        while k < SLOT_COUNT {
            if const_is_inside(SLOT_PATHS[k], OBJECTS[i].path) {
                if start == SLOT_COUNT {
                    start = k;
                }
                end = k + 1;
            }
            k += 1;
        }
        if start == SLOT_COUNT {
            // No slot inside: an empty range where one would start.
            start = 0;
            end = 0;
        }
        out[i] = (start as u8, end as u8);
        i += 1;
    }
    out
}

const fn object_of_fields() -> [u8; FIELDS.len()] {
    let mut out = [NONE; FIELDS.len()];
    let mut i = 0;
    while i < FIELDS.len() {
        let mut o = 0;
        while o < OBJECTS.len() {
            if !OBJECTS[o].required && const_is_inside(FIELDS[i].path, OBJECTS[o].path) {
                out[i] = o as u8;
                break;
            }
            o += 1;
        }
        i += 1;
    }
    out
}

const fn str_cmp(a: &str, b: &str) -> i32 {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let mut i = 0;
    while i < a.len() && i < b.len() {
        if a[i] != b[i] {
            return if a[i] < b[i] { -1 } else { 1 };
        }
        i += 1;
    }
    if a.len() == b.len() {
        0
    } else if a.len() < b.len() {
        -1
    } else {
        1
    }
}

/// Whether an earlier field has the same path as `FIELDS[i]`.
const fn seen_before(i: usize) -> bool {
    let mut j = 0;
    while j < i {
        if str_cmp(FIELDS[j].path, FIELDS[i].path) == 0 {
            return true;
        }
        j += 1;
    }
    false
}

const fn count_distinct() -> usize {
    let mut n = 0;
    let mut i = 0;
    while i < FIELDS.len() {
        if !seen_before(i) {
            n += 1;
        }
        i += 1;
    }
    n
}

const fn sorted_paths() -> [&'static str; SLOT_COUNT] {
    let mut out = [""; SLOT_COUNT];
    let mut n = 0;
    let mut i = 0;
    while i < FIELDS.len() {
        if !seen_before(i) {
            // Insertion sort: shift the larger paths up one.
            let path = FIELDS[i].path;
            let mut k = n;
            while k > 0 && str_cmp(out[k - 1], path) > 0 {
                out[k] = out[k - 1];
                k -= 1;
            }
            out[k] = path;
            n += 1;
        }
        i += 1;
    }
    out
}

const fn slot_index(path: &str) -> usize {
    let mut k = 0;
    while k < SLOT_COUNT {
        if str_cmp(SLOT_PATHS[k], path) == 0 {
            return k;
        }
        k += 1;
    }
    SLOT_COUNT
}

const fn slot_of_fields() -> [u8; FIELDS.len()] {
    assert!(SLOT_COUNT < NONE as usize && FIELDS.len() < NONE as usize);
    let mut out = [0; FIELDS.len()];
    let mut i = 0;
    while i < FIELDS.len() {
        let slot = slot_index(FIELDS[i].path);
        assert!(slot < SLOT_COUNT, "a catalog path without a slot");
        out[i] = slot as u8;
        i += 1;
    }
    out
}

const fn fields_at() -> [[u8; 2]; SLOT_COUNT] {
    let mut out = [[NONE; 2]; SLOT_COUNT];
    let mut i = 0;
    while i < FIELDS.len() {
        let slot = SLOT_OF[i] as usize;
        assert!(out[slot][1] == NONE, "more than two fields share a path");
        if out[slot][0] == NONE {
            out[slot][0] = i as u8;
        } else {
            out[slot][1] = i as u8;
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod model_tests;
#[cfg(test)]
mod slots_tests;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_unique_per_product_and_objects_are_known() {
        for product in Product::ALL {
            let mut seen = std::collections::HashSet::new();
            for f in fields(product) {
                assert!(seen.insert(f.path), "duplicate {} in {product}", f.path);
                if let Some((parent, _)) = f.path.rsplit_once('.')
                    && !f.is_custom_field()
                {
                    assert!(
                        OBJECTS.iter().any(|o| o.path == parent),
                        "{} has no object",
                        f.path
                    );
                }
            }
        }
    }

    #[test]
    fn every_field_belongs_to_a_product_and_current_ones_are_ordered() {
        for f in FIELDS {
            assert!(
                Product::ALL.iter().any(|&p| fields(p).contains(&f)),
                "{:?} is in no product's body",
                f.id
            );
        }
        for id in CURRENT_BODY_ORDER {
            assert!(id.spec().products != ProductSet::OLDER, "{id:?}");
        }
    }

    #[test]
    fn the_older_products_keep_their_fields_exactly() {
        let older: Vec<_> = FIELDS
            .iter()
            .filter(|f| (f.id as usize) <= FieldId::PaymentMethod as usize)
            .collect();
        for p in [Product::DocumentSigningOrg1, Product::DocumentSigningOrg2] {
            assert_eq!(fields(p).to_vec(), older, "{p}");
        }
    }

    #[test]
    fn each_current_product_has_what_its_page_shows() {
        let has = |p: Product, path: &str| field_for(p, path).is_some();
        for p in Product::CURRENT {
            for path in [
                "certificate.usage_designation.primary_usage",
                "cs_provisioning_method",
                "order_validity.years",
            ] {
                assert!(has(p, path), "{p} {path}");
            }
            assert!(!has(p, "subject.name"), "{p}");
            assert!(!has(p, "validity_years"), "{p}");
        }
        assert!(has(Product::DsIndividual, "individual.first_name"));
        assert!(!has(Product::DsIndividual, "organization.id"));
        assert!(has(Product::DsOrg, "organization.contacts[0].contact_type"));
        assert!(!has(Product::DsOrg, "individual.email"));
        assert!(has(Product::DsOrgIndividual, "organization.id"));
        assert!(has(Product::DsOrgIndividual, "individual.email"));
    }

    #[test]
    fn defaults_are_allowed_or_known_values() {
        for f in FIELDS {
            if let (Some(d), options) = (f.default, f.kind.options())
                && !options.is_empty()
            {
                assert!(options.iter().any(|o| o.value == d), "{}", f.path);
            }
        }
    }

    #[test]
    fn optional_objects_are_found() {
        assert_eq!(
            field("ship_info.city")
                .and_then(|f| f.object())
                .map(|o| o.path),
            Some("ship_info")
        );
        assert_eq!(
            field("certificate.server_platform.id")
                .and_then(|f| f.object())
                .map(|o| o.path),
            Some("certificate.server_platform")
        );
        assert_eq!(
            field("certificate.signature_hash").and_then(|f| f.object()),
            None
        );
        assert_eq!(field("subject.name").and_then(|f| f.object()), None);
    }

    #[test]
    fn every_section_has_fields_for_the_older_products() {
        for s in Section::ALL {
            assert!(section_fields(Product::default(), s).count() > 0, "{s:?}");
        }
    }

    #[test]
    fn a_forms_fields_are_its_sections_one_line_fields_then_the_others() {
        for p in Product::ALL {
            for s in Section::ALL {
                let paths = |multi: bool| {
                    section_fields(p, s)
                        .filter(move |f| f.kind.is_multiline() == multi)
                        .map(|f| f.path)
                };
                let want: Vec<&str> = paths(false).chain(paths(true)).collect();
                let got: Vec<&str> = form_fields(p, s).iter().map(|f| f.path).collect();
                assert_eq!(got, want, "{p:?} {s:?}");
            }
        }
    }
}
