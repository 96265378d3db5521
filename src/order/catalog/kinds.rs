//! The kinds of things the catalog describes: sections, value kinds, choices and requirements.

use super::ids::ObjectId;

/// Which screen of the wizard a field belongs to; also the parts of the field reference.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Section {
    Certificate,
    Organization,
    Subject,
    Shipping,
    Payment,
}

impl Section {
    /// Every section, in wizard order.
    pub const ALL: [Section; 5] = [
        Section::Certificate,
        Section::Organization,
        Section::Subject,
        Section::Shipping,
        Section::Payment,
    ];

    /// The section's title.
    pub fn title(self) -> &'static str {
        match self {
            Section::Certificate => "Certificate",
            Section::Organization => "Organization",
            Section::Subject => "Subject",
            Section::Shipping => "Shipping",
            Section::Payment => "Payment & approval",
        }
    }
}

/// One allowed value of a choice field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChoiceOption {
    /// The value as sent (for integer choices, its decimal text).
    pub value: &'static str,
    /// A short label.
    pub label: &'static str,
    /// What choosing it means, in one line.
    pub meaning: &'static str,
}

/// How a choice's value is written in JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JsonType {
    String,
    Integer,
}

/// What kind of value a field holds; decides its widget, its checks and its JSON type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    /// One line of text, at most `max` characters.
    Text { max: usize },
    /// Text that may span lines, at most `max` characters.
    MultilineText { max: usize },
    /// A whole number in `min..=max`.
    Integer { min: i64, max: i64 },
    /// A positive id of something in the account.
    Id,
    /// One of a fixed set of values.
    Choice {
        options: &'static [ChoiceOption],
        json: JsonType,
    },
    /// `true` or `false`.
    YesNo,
    /// An email address.
    Email,
    /// A phone number.
    Phone,
    /// An ISO 3166-1 alpha-2 country code.
    Country,
    /// A PEM certificate signing request.
    Csr,
    /// A list of positive ids, typed as `12, 34`.
    IdList,
    /// An agreement flag sent as the integer `1` (agreed) or `0`.
    Agreement,
    /// A custom field's value, typed by the account's metadata.
    CustomValue,
    /// A value whose allowed list DigiCert's page does not show (the stored copy is cut): the
    /// values its examples send are offered and accepted; any other is sent as typed, with a
    /// warning that the page does not say whether it is allowed.
    Example {
        known: &'static [ChoiceOption],
        json: JsonType,
    },
    /// A list of such values, typed separated by commas and sent as a JSON array of strings.
    ExampleList { known: &'static [ChoiceOption] },
    /// Email addresses separated by commas, sent as a JSON array of strings.
    EmailList,
    /// A positive id sent as a JSON string, as the `ds_org` example sends `organization.id`.
    IdText,
}

impl FieldKind {
    /// A short name for the field reference.
    pub fn describe(&self) -> String {
        match self {
            FieldKind::Text { max } => format!("text (≤ {max})"),
            FieldKind::MultilineText { max } => format!("multi-line text (≤ {max})"),
            FieldKind::Integer { min, .. } => format!("integer (≥ {min})"),
            FieldKind::Id => "id (positive integer)".into(),
            FieldKind::Choice { options, .. } => {
                let values: Vec<String> =
                    options.iter().map(|o| format!("`{}`", o.value)).collect();
                format!("choice: {}", values.join(", "))
            }
            FieldKind::YesNo => "yes/no (`true`, `false`)".into(),
            FieldKind::Email => "email".into(),
            FieldKind::Phone => "phone".into(),
            FieldKind::Country => "country (ISO 3166-1 alpha-2)".into(),
            FieldKind::Csr => "CSR (PEM PKCS#10)".into(),
            FieldKind::IdList => "list of ids".into(),
            FieldKind::Agreement => "agreement (`1`)".into(),
            FieldKind::CustomValue => "text, typed by the account's `data_type`".into(),
            FieldKind::Example { known, .. } => {
                let values: Vec<String> = known.iter().map(|o| format!("`{}`", o.value)).collect();
                format!(
                    "text; DigiCert's examples send {} (allowed list not documented)",
                    values.join(", ")
                )
            }
            FieldKind::ExampleList { known } => {
                let values: Vec<String> = known.iter().map(|o| format!("`{}`", o.value)).collect();
                format!(
                    "list; DigiCert's examples send {} (allowed list not documented)",
                    values.join(", ")
                )
            }
            FieldKind::EmailList => "list of emails".into(),
            FieldKind::IdText => "id (positive integer, sent as text)".into(),
        }
    }

    /// The values offered for this field: a choice's options, or the values DigiCert's examples
    /// send for an [`FieldKind::Example`] field.
    pub fn options(&self) -> &'static [ChoiceOption] {
        match self {
            FieldKind::Choice { options, .. } => options,
            FieldKind::Example { known, .. } | FieldKind::ExampleList { known } => known,
            _ => &[],
        }
    }

    /// Whether the value may span lines.
    pub fn is_multiline(&self) -> bool {
        matches!(self, FieldKind::MultilineText { .. } | FieldKind::Csr)
    }
}

/// When a field must be present.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Requirement {
    /// Always.
    Required,
    /// Once its enclosing optional object is given (`ship_info.city`, `container.id`).
    RequiredInObject,
    /// Only when `cs_provisioning_method` is `email` (the CSR).
    RequiredForEmailProvisioning,
    /// Unless the optional object named is given instead: `validity_years`, which DigiCert's
    /// current page calls deprecated in favour of `order_validity.years`.
    RequiredUnless(ObjectId),
    /// Never.
    Optional,
    /// As the account's custom field metadata says.
    PerAccount,
}

impl Requirement {
    /// A short phrase for the field reference.
    pub fn describe(&self) -> &'static str {
        match self {
            Requirement::Required => "yes",
            Requirement::RequiredInObject => "yes, once its object is given",
            Requirement::RequiredForEmailProvisioning => "when provisioning is `email`",
            Requirement::RequiredUnless(_) => "yes, unless `order_validity` is given",
            Requirement::Optional => "no",
            Requirement::PerAccount => "per account",
        }
    }
}
