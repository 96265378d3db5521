//! Typed names for the catalog's fields, objects and pickers. Code that decides behaviour by
//! field names a `FieldId`; the JSON path stays the field's data (drafts, CSV headers,
//! diagnostics), read with [`FieldId::path`].

use super::{FIELDS, FieldSpec, OBJECTS, ObjectSpec};

/// One field of the order body. The variants follow [`FIELDS`], which is checked when compiling.
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
}

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

impl AsRef<str> for FieldId {
    fn as_ref(&self) -> &str {
        self.path()
    }
}

/// One object of the order body. The variants follow [`OBJECTS`], checked when compiling.
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

impl AsRef<str> for ObjectId {
    fn as_ref(&self) -> &str {
        self.path()
    }
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

// Each table row sits at its id's index, so `FieldId::spec` and `ObjectId::spec` are plain
// indexing; a row added or moved without its id fails the build here.
const _: () = {
    let mut i = 0;
    while i < FIELDS.len() {
        assert!(FIELDS[i].id as usize == i, "FIELDS is out of FieldId order");
        i += 1;
    }
    assert!(FieldId::PaymentMethod as usize == FIELDS.len() - 1);
    let mut i = 0;
    while i < OBJECTS.len() {
        assert!(
            OBJECTS[i].id as usize == i,
            "OBJECTS is out of ObjectId order"
        );
        i += 1;
    }
    assert!(ObjectId::Subject as usize == OBJECTS.len() - 1);
};
