//! Typed names for the catalog's fields, objects and pickers. Code that decides behaviour by
//! field names a `FieldId`; the JSON path stays the field's data (drafts, CSV headers,
//! diagnostics), read with [`FieldId::path`].

/// One field of the order body. The variants follow `catalog::FIELDS`, which is checked when
/// compiling; `catalog` gives each its entry (`spec`, `path`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FieldId {
    Csr,
    ServerPlatform,
    SignatureHash,
    Provisioning,
    OrgAsCommonName,
    ValidityYears,
    OrderValidityYears,
    Comments,
    Organization,
    Division,
    ContactFirstName,
    ContactLastName,
    ContactEmail,
    ContactJobTitle,
    ContactPhone,
    ContactPhoneExtension,
    ShipName,
    ShipAddr1,
    ShipAddr2,
    ShipCity,
    ShipState,
    ShipZip,
    ShipCountry,
    ShipMethod,
    SubjectName,
    SubjectJobTitle,
    SubjectPhone,
    SubjectEmail,
    CustomFieldId,
    CustomFieldValue,
    OrderManagers,
    CsaAgreedTo,
    SkipApproval,
    PaymentMethod,
    // The current products' fields (`ds_*`), after the older ones.
    CaCertId,
    PrimaryUsage,
    AdditionalUsages,
    DsSignatureHash,
    DsProvisioning,
    DsValidityYears,
    DsShipMethod,
    IndividualFirstName,
    IndividualLastName,
    IndividualEmail,
    IndividualPhone,
    IndividualCountry,
    IndividualJobTitle,
    DsOrganization,
    OrgContactId,
    OrgContactUserId,
    OrgContactFirstName,
    OrgContactLastName,
    OrgContactEmail,
    OrgContactJobTitle,
    OrgContactPhone,
    OrgContactType,
    OrgContactExisting,
    TechContactId,
    TechContactUserId,
    TechContactFirstName,
    TechContactLastName,
    TechContactEmail,
    TechContactJobTitle,
    TechContactPhone,
    TechContactType,
    TechContactExisting,
    CustomRenewalMessage,
    AdditionalEmails,
    DsPaymentMethod,
}

/// One object of the order body. The variants follow `catalog::OBJECTS`, checked when compiling.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ObjectId {
    Certificate,
    ServerPlatform,
    OrderValidity,
    Organization,
    Container,
    OrganizationContact,
    ShipInfo,
    Subject,
    UsageDesignation,
    Individual,
    OrgContact,
    TechContact,
}

/// Which list a field's picker (the wizard's overlay, plain mode's numbered list) offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PickerKind {
    /// The field's catalog choices, with their meanings.
    Choice,
    /// The product's server platforms (from its details), plus DigiCert's default `-1`.
    ServerPlatform,
    /// The account's organizations.
    Organization,
    /// The account's divisions (containers).
    Division,
    /// The account's users; several may be ticked.
    Users,
    /// The ISO 3166-1 countries.
    Country,
}
