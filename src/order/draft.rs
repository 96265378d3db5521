//! The order draft: what the person has typed, field by field, as text.
//!
//! A draft keeps every value exactly as typed, even when it is not valid yet, so that no typing is
//! ever lost. The JSON body is derived from it in catalog order; validation reads it.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::catalog::{self, FieldId, FieldKind, FieldSpec, JsonType, OBJECTS, Requirement};
use super::diagnostic::Diagnostic;
use super::model::ProvisioningMethod;
use super::pasted::{Hint, diagnose};
use super::product::Product;

mod body;
pub(crate) mod json;
mod read;
mod values;
pub use values::{FieldKey, IntoText, Key, Values};

/// One custom field's value in a draft, both parts as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomFieldEntry {
    pub metadata_id: String,
    pub value: String,
}

/// An order being prepared: the product plus every field's text.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Draft {
    pub product: Product,
    /// Field path → text as typed. Absent and empty both mean "not given". Saved as a map of
    /// path to text, in path order.
    #[serde(default)]
    pub values: Values,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub custom_fields: Vec<CustomFieldEntry>,
}

impl Draft {
    /// A new form: the catalog's defaults outside optional objects, everything else empty.
    pub fn new(product: Product) -> Self {
        let mut draft = Draft::empty(product);
        for f in catalog::fields(product) {
            if let (Some(default), None) = (f.default, f.object()) {
                draft.values.insert(f.id, default);
            }
        }
        draft
    }

    /// A draft with no values at all.
    pub fn empty(product: Product) -> Self {
        Draft {
            product,
            values: Values::default(),
            custom_fields: Vec::new(),
        }
    }

    /// The text of a field (a [`FieldId`], or a path as text); empty when not given.
    pub fn get(&self, field: impl FieldKey) -> &str {
        self.values.get(field).unwrap_or("")
    }

    /// Whether a field has a value.
    pub fn has(&self, field: impl FieldKey) -> bool {
        !super::blank::is_blank(self.get(field))
    }

    /// Sets a field's text; empty text removes it. Giving the first field of an optional object
    /// fills that object's defaults (the shipping method, say), as the form shows them.
    pub fn set(&mut self, field: impl FieldKey, text: impl IntoText) {
        let key = field.key();
        if text.as_text().is_empty() {
            self.values.remove(key);
            return;
        }
        let spec = match key {
            Key::Slot(slot) => catalog::field_at(self.product, slot),
            Key::Other(_) => None,
        };
        // A private key (any PEM block but a certificate request) is never kept: the field
        // keeps what it had, and the form says why (`csr::refusal`).
        if spec.is_some_and(|f| f.kind == FieldKind::Csr)
            && super::csr::foreign_block(text.as_text()).is_some()
        {
            return;
        }
        if let Some(other) = spec.and_then(|f| catalog::alternative(f.id)) {
            self.values.remove(other);
        }
        if let Some(object) = spec.and_then(FieldSpec::object)
            && !self.object_given(object.path)
        {
            for slot in catalog::slots_inside(object.path) {
                if let Some(f) = catalog::field_at(self.product, slot)
                    && f.object() == Some(object)
                    && let Some(default) = f.default
                {
                    self.values.insert(Key::Slot(slot), default);
                }
            }
        }
        self.values.insert(key, text);
    }

    /// Removes every field of an object (clearing the shipping address, say).
    pub fn clear_object(&mut self, object: impl AsRef<str>) {
        self.values.remove_inside(object.as_ref());
    }

    /// Whether an optional object is given: any of its fields has a value.
    pub fn object_given(&self, object: impl AsRef<str>) -> bool {
        self.values.any_given_inside(object.as_ref())
    }

    /// Which field this draft keeps the validity in: `order_validity.years` once that form is chosen,
    /// else `validity_years` (the documented example's form, and a new form's).
    /// The current products have only `order_validity.years`.
    pub fn validity_field(&self) -> FieldId {
        if self.product.is_current() {
            FieldId::DsValidityYears
        } else if self.has(FieldId::OrderValidityYears) && !self.has(FieldId::ValidityYears) {
            FieldId::OrderValidityYears
        } else {
            FieldId::ValidityYears
        }
    }

    /// The path of [`Draft::validity_field`], for messages and summaries.
    pub fn validity_path(&self) -> &'static str {
        self.validity_field().path()
    }

    /// Who the order names, for summaries: a label (`Subject` on the older products, `Person`
    /// for the current products' individual, `Contact` for `ds_org`'s organization contact) and
    /// `name <email>`, or `None` when the product's body has no such person or none is given.
    pub fn person(&self) -> Option<(&'static str, String)> {
        let get = |f: FieldId| self.get(f).trim();
        let (label, name, email) = match self.product {
            Product::DocumentSigningOrg1 | Product::DocumentSigningOrg2 => (
                "Subject",
                get(FieldId::SubjectName).to_owned(),
                get(FieldId::SubjectEmail),
            ),
            Product::DsIndividual | Product::DsOrgIndividual => (
                "Person",
                join_name(
                    get(FieldId::IndividualFirstName),
                    get(FieldId::IndividualLastName),
                ),
                get(FieldId::IndividualEmail),
            ),
            Product::DsOrg => (
                "Contact",
                join_name(
                    get(FieldId::OrgContactFirstName),
                    get(FieldId::OrgContactLastName),
                ),
                get(FieldId::OrgContactEmail),
            ),
        };
        let who = match (name.is_empty(), email.is_empty()) {
            (false, false) => format!("{name} <{email}>"),
            (false, true) => name,
            (true, false) => email.to_owned(),
            (true, true) if label == "Subject" => "—".to_owned(),
            (true, true) => return None,
        };
        Some((label, who))
    }

    /// Whether the draft's product names an organization in its body.
    pub fn names_organization(&self) -> bool {
        catalog::field_at(self.product, FieldId::Organization.slot()).is_some()
    }

    /// Whether the draft's product has divisions (`container`): the older products only.
    pub fn has_division(&self) -> bool {
        catalog::field_at(self.product, FieldId::Division.slot()).is_some()
    }

    /// The provisioning method, when it is one of the documented values.
    pub fn provisioning(&self) -> Option<ProvisioningMethod> {
        ProvisioningMethod::parse(super::blank::trim(self.get(FieldId::Provisioning)))
    }

    /// Sets a custom field's value by metadata id; an empty value removes the entry.
    pub fn set_custom_field(&mut self, metadata_id: i64, value: impl Into<String>) {
        let value = value.into();
        let id = metadata_id.to_string();
        let existing = self
            .custom_fields
            .iter()
            .position(|c| c.metadata_id.trim() == id);
        match (existing, value.is_empty()) {
            (Some(i), true) => {
                self.custom_fields.remove(i);
            }
            (Some(i), false) => self.custom_fields[i].value = value,
            (None, true) => {}
            (None, false) => self.custom_fields.push(CustomFieldEntry {
                metadata_id: id,
                value,
            }),
        }
    }

    /// A custom field's value by metadata id; empty when not given.
    pub fn custom_field(&self, metadata_id: i64) -> &str {
        let id = metadata_id.to_string();
        self.custom_fields
            .iter()
            .find(|c| c.metadata_id.trim() == id)
            .map(|c| c.value.as_str())
            .unwrap_or("")
    }
}

/// Splits `12, 34 56` into ids; `None` when an item is not a whole number.
pub fn parse_id_list(text: &str) -> Option<Vec<i64>> {
    text.split(|c: char| c == ',' || c.is_whitespace())
        .filter(|s| !s.is_empty())
        .map(|s| s.parse::<i64>().ok())
        .collect()
}

/// The version of the draft file format this build writes.
pub const DRAFT_FORMAT_VERSION: u32 = 1;

/// A draft as saved to disk: readable JSON with a format version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DraftFile {
    /// The format version; its presence marks the file as a certwiz draft.
    pub certwiz_draft: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// When it was saved, RFC 3339.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub saved_at: Option<String>,
    /// Where the person was in the wizard when it was saved, to resume there.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub position: Option<DraftPosition>,
    #[serde(flatten)]
    pub draft: Draft,
}

/// A place in the wizard: a screen (its name, e.g. `Subject`) and the focused field's path.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DraftPosition {
    pub screen: String,
    pub field: String,
}

impl DraftFile {
    /// Wraps a draft in the current format.
    pub fn new(draft: Draft) -> Self {
        DraftFile {
            certwiz_draft: DRAFT_FORMAT_VERSION,
            name: None,
            saved_at: None,
            position: None,
            draft,
        }
    }
}

/// Why an input file could not be read as an order.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InputError {
    /// With a hint when the failure is one of the known defects of DigiCert's published
    /// examples ([`super::pasted`]): two more lines, what is wrong and the change that fixes it.
    #[error("not valid JSON at line {line}, column {column}: {message}{}", hint_lines(.hint.as_ref()))]
    Syntax {
        line: usize,
        column: usize,
        message: String,
        hint: Option<Hint>,
    },
    /// A key given twice in one object ([`json::REPEATED`]): JSON that `serde_json::Value`
    /// reads without a word, keeping the last value.
    #[error("{message} (line {line}, column {column})")]
    Repeated {
        line: usize,
        column: usize,
        message: String,
    },
    #[error(
        "a certwiz draft of format version {found}; this certwiz reads up to version {DRAFT_FORMAT_VERSION}: upgrade certwiz"
    )]
    NewerDraft { found: u64 },
    #[error("not a certwiz draft: {0}")]
    BadDraft(String),
    /// A PEM file (a CSR, a certificate, a private key) given where an order goes.
    #[error(
        "not an order: it holds a {0:?} PEM block, and an order is JSON (a CSR goes in certificate.csr; a private key never leaves your machine)"
    )]
    Pem(String),
    /// Nothing but white space (serde_json's "EOF while parsing a value" at column 0).
    #[error("empty: it holds no order")]
    Empty,
}

impl InputError {
    /// The syntax error of `text`, as serde_json found it, with the hint for a known defect.
    pub fn syntax(text: &str, e: &serde_json::Error) -> InputError {
        let message = strip_position(&e.to_string());
        if message.contains(json::REPEATED) {
            return InputError::Repeated {
                line: e.line(),
                column: e.column(),
                message,
            };
        }
        InputError::Syntax {
            line: e.line(),
            column: e.column(),
            message: strip_position(&e.to_string()),
            hint: diagnose(text, e.line(), e.column()),
        }
    }
}

/// A hint's two sentences, each on its own indented line under the error.
fn hint_lines(hint: Option<&Hint>) -> String {
    hint.map(|h| format!("\n  {}\n  {}", h.what(), h.fix()))
        .unwrap_or_default()
}

/// Reads a file's text as either a saved certwiz draft or a bare request body. `product` is the
/// product for a bare body (default `document_signing_org_1`); a saved draft keeps its own
/// (`convert::read_input_as` converts it to the one given).
pub fn read_input(
    text: &str,
    product: Option<Product>,
) -> Result<(Draft, Vec<Diagnostic>), InputError> {
    if text.trim().is_empty() {
        return Err(InputError::Empty);
    }
    // A PEM file where an order goes: said so (its label only: nothing of a key is quoted).
    if let Some(label) = text
        .trim_start()
        .lines()
        .next()
        .and_then(|l| l.trim().strip_prefix("-----BEGIN "))
        .and_then(|l| l.strip_suffix("-----"))
    {
        return Err(InputError::Pem(label.to_owned()));
    }
    // Read as a body is read (`json::Json`, which refuses what `Value` passes without a word:
    // a key given twice in one object), once; then as a `Value`.
    let value: Value = serde_json::from_str::<json::Json<'_>>(text)
        .map_err(|e| InputError::syntax(text, &e))?
        .to_value();
    if let Some(version) = value.get("certwiz_draft") {
        let found = version.as_u64().unwrap_or(u64::MAX);
        if found > u64::from(DRAFT_FORMAT_VERSION) {
            return Err(InputError::NewerDraft { found });
        }
        let file: DraftFile =
            serde_json::from_value(value).map_err(|e| InputError::BadDraft(e.to_string()))?;
        // A saved draft keeps its product here; `convert::read_input_as` moves it to the one
        // named on the command line, as the wizard does.
        return Ok((file.draft, Vec::new()));
    }
    let (draft, problems) = Draft::from_body(product.unwrap_or_default(), &value);
    if product.is_none()
        && problems.iter().any(|d| d.code == "unknown_field")
        && let Some(hint) = current_product_hint(&value)
    {
        // One error that says what to do, not one "unknown field" per current field.
        return Ok((draft, vec![hint]));
    }
    Ok((draft, problems))
}

/// For a bare body read as the default (older) product that has the current products' fields:
/// which product it looks like, as the one error to show.
fn current_product_hint(body: &Value) -> Option<Diagnostic> {
    let usage = body.pointer("/certificate/usage_designation").is_some();
    let person = body.get("individual").is_some();
    let organization = body
        .get("organization")
        .is_some_and(|o| o.get("contacts").is_some() || o.get("id").is_some_and(Value::is_string));
    let (product, why) = match (person, organization || body.get("organization").is_some()) {
        (true, true) => (
            Product::DsOrgIndividual,
            "it names a person and an organization",
        ),
        (true, false) => (
            Product::DsIndividual,
            "it names a person and no organization",
        ),
        (false, true) if usage || organization => {
            (Product::DsOrg, "it names an organization and no person")
        }
        _ if usage => (Product::DsOrg, "it has certificate.usage_designation"),
        _ => return None,
    };
    Some(Diagnostic::error(
        "",
        "product",
        format!(
            "this body has the current products' fields (certificate.usage_designation, individual or organization.contacts), and without --product it is read as document_signing_org_1: give --product {product} ({why}), or another of ds_individual, ds_org, ds_org_individual"
        ),
    ))
}

/// A serde_json message without its " at line L column C" tail, which callers report apart.
pub(crate) fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_owned(),
        None => message.to_owned(),
    }
}

fn join_name(first: &str, last: &str) -> String {
    match (first.is_empty(), last.is_empty()) {
        (false, false) => format!("{first} {last}"),
        (false, true) => first.to_owned(),
        _ => last.to_owned(),
    }
}

/// The items of a list typed separated by commas, trimmed, empty ones left out.
pub fn split_list(text: &str) -> impl Iterator<Item = &str> {
    text.split(',')
        .map(str::trim)
        .filter(|item| !item.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const REQUEST: &str = include_str!("../../tests/fixtures/documented-order-request.json");

    #[test]
    fn documented_body_round_trips_through_a_draft() {
        let original: Value = serde_json::from_str(REQUEST).unwrap();
        let (draft, problems) = Draft::from_body(Product::default(), &original);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(draft.to_body(), original);
        assert_eq!(
            serde_json::to_string_pretty(&draft.to_body()).unwrap(),
            serde_json::to_string_pretty(&original).unwrap(),
            "key order follows the documentation"
        );
        assert_eq!(
            serde_json::to_value(draft.to_request().unwrap()).unwrap(),
            original
        );
    }

    #[test]
    fn new_draft_fills_defaults_outside_optional_objects() {
        let d = Draft::new(Product::DocumentSigningOrg2);
        assert_eq!(d.get("certificate.signature_hash"), "sha256");
        assert_eq!(d.get("payment_method"), "balance");
        assert_eq!(d.get("ship_info.method"), "");
        assert_eq!(d.get("certificate.server_platform.id"), "");
        assert!(!d.object_given("ship_info"));
    }

    #[test]
    fn starting_an_object_fills_its_defaults() {
        let mut d = Draft::new(Product::default());
        d.set("ship_info.city", "Richmond");
        assert_eq!(d.get("ship_info.method"), "standard");
        d.set("ship_info.method", "expedited");
        d.set("ship_info.zip", "1");
        assert_eq!(
            d.get("ship_info.method"),
            "expedited",
            "only the first field fills defaults"
        );
        d.clear_object("ship_info");
        assert!(!d.object_given("ship_info"));
        assert!(d.to_body().get("ship_info").is_none());
    }

    #[test]
    fn invalid_values_are_kept_as_text() {
        let mut d = Draft::new(Product::default());
        d.set("validity_years", "two");
        d.set("organization.id", "12x");
        let body = d.to_body();
        assert_eq!(body["validity_years"], "two");
        assert_eq!(body["organization"]["id"], "12x");
        assert!(d.to_request().is_err());
    }

    #[test]
    fn wrong_types_nulls_and_unknown_fields_are_reported() {
        let body = json!({
            "validity_years": "2",
            "comments": null,
            "organization": 5,
            "subject": {"name": 7},
            "validty_years": 2,
            "custom_fields": [{"metadata_id": "x", "value": 3, "extra": 1}, 4]
        });
        let (draft, problems) = Draft::from_body(Product::default(), &body);
        let paths: Vec<&str> = problems.iter().map(|p| p.path.as_str()).collect();
        for expected in [
            "validity_years",
            "comments",
            "organization",
            "subject.name",
            "validty_years",
            "custom_fields[0].metadata_id",
            "custom_fields[0].value",
            "custom_fields[0].extra",
            "custom_fields[1]",
        ] {
            assert!(
                paths.contains(&expected),
                "{expected} missing from {paths:?}"
            );
        }
        assert_eq!(draft.get("validity_years"), "2");
        assert_eq!(draft.get("subject.name"), "7");
        assert!(!draft.has("comments"));
        let (_, problems) = Draft::from_body(Product::default(), &json!([1]));
        assert_eq!(problems[0].path, "");
    }

    #[test]
    fn custom_fields_round_trip() {
        let mut d = Draft::empty(Product::default());
        d.set_custom_field(9, "PO-1");
        d.set_custom_field(4, "x");
        d.set_custom_field(4, "");
        assert_eq!(d.custom_field(9), "PO-1");
        assert_eq!(
            d.to_body()["custom_fields"],
            json!([{"metadata_id": 9, "value": "PO-1"}])
        );
        let (back, problems) = Draft::from_body(Product::default(), &d.to_body());
        assert!(problems.is_empty());
        assert_eq!(back.custom_fields, d.custom_fields);
    }

    #[test]
    fn id_lists_parse_loosely() {
        assert_eq!(parse_id_list("1, 2 3,,4"), Some(vec![1, 2, 3, 4]));
        assert_eq!(parse_id_list("1, two"), None);
        let mut d = Draft::empty(Product::default());
        d.set("user_id_assignments", "10, 11");
        assert_eq!(d.to_body()["user_id_assignments"], json!([10, 11]));
    }

    #[test]
    fn read_input_tells_drafts_from_bodies() {
        let (draft, problems) = read_input(REQUEST, None).unwrap();
        assert!(problems.is_empty());
        assert_eq!(draft.product, Product::DocumentSigningOrg1);
        let mut file = DraftFile::new(draft.clone());
        file.draft.product = Product::DocumentSigningOrg2;
        let text = serde_json::to_string(&file).unwrap();
        let (read, _) = read_input(&text, None).unwrap();
        assert_eq!(read.product, Product::DocumentSigningOrg2);
        assert_eq!(read.values, draft.values);
        // A saved draft keeps its product; `convert::read_input_as` moves it.
        let (read, _) = read_input(&text, Some(Product::DocumentSigningOrg1)).unwrap();
        assert_eq!(read.product, Product::DocumentSigningOrg2);
        let (read, _, _) =
            crate::order::convert::read_input_as(&text, Some(Product::DocumentSigningOrg1))
                .unwrap();
        assert_eq!(read.product, Product::DocumentSigningOrg1);
        let (read, _, _) =
            crate::order::convert::read_input_as(&text, Some(Product::DsOrg)).unwrap();
        assert_eq!(read.product, Product::DsOrg);
        assert!(read.has("order_validity.years"), "{:?}", read.values);
    }

    #[test]
    fn read_input_reports_positions_and_versions() {
        let err = read_input("{\n  \"a\": ,\n}", None).unwrap_err();
        assert!(
            matches!(
                err,
                InputError::Syntax {
                    line: 2,
                    column: 8,
                    ..
                }
            ),
            "{err:?}"
        );
        assert!(!err.to_string().contains(" at line 2 column"), "{err}");
        let err = read_input(r#"{"certwiz_draft": 99}"#, None).unwrap_err();
        assert_eq!(err, InputError::NewerDraft { found: 99 });
    }

    #[test]
    fn a_known_defect_of_digicerts_examples_is_said_under_the_position() {
        let text = "{\n  \"individual\": {\n    \"job_title\": Analyst\n  }\n}";
        let err = read_input(text, None).unwrap_err();
        let InputError::Syntax { line, hint, .. } = &err else {
            panic!("{err:?}");
        };
        assert_eq!(*line, 3);
        assert!(hint.is_some(), "{err:?}");
        let shown = err.to_string();
        let lines: Vec<&str> = shown.lines().collect();
        assert_eq!(lines.len(), 3, "{shown}");
        assert!(lines[0].starts_with("not valid JSON at line 3, column 18: expected value"));
        assert!(
            lines[1].starts_with("  `Analyst` is a bare word"),
            "{shown}"
        );
        assert_eq!(
            lines[2],
            r#"  On line 3, change `"job_title": Analyst` to `"job_title": "Analyst"`."#
        );
        // Another mistake: the position alone, as before.
        let err = read_input("{\n  \"a\": ,\n}", None).unwrap_err();
        assert!(
            matches!(err, InputError::Syntax { hint: None, .. }),
            "{err:?}"
        );
        assert_eq!(err.to_string().lines().count(), 1);
    }
}
