//! Validation: a pure function from a draft to diagnostics, cheap enough to run on every keystroke.
//!
//! Every rule of the API document is checked here, once, for the wizard, the CLI and the sandbox.
//! Errors block submitting; warnings and notes do not.

use std::collections::HashSet;

pub use super::diagnostic::{Diagnostic, Severity, has_errors, quoted};

use super::blank;
use super::catalog::{
    self, ChoiceOption, FieldId, FieldKind, FieldSpec, JsonType, ObjectId, Requirement,
};
use super::country;
use super::csr;
use super::draft::{Draft, parse_id_list, split_list};
use super::model::{ProvisioningMethod, ShipMethod};

mod account;
mod context;
mod text;
pub use account::PRODUCT_PATH;
use account::{check_account_ids, check_custom_fields, check_offered, check_product};
pub use context::{CUSTOM_FIELD_PREFIX, Context, custom_field_path};
pub use text::{check_email, check_phone, invisible, invisible_name};
use text::{check_invisible, check_length, has_control, not_a_number};

/// Checks a whole draft.
pub fn validate(draft: &Draft, ctx: &Context<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for spec in catalog::fields(draft.product)
        .iter()
        .filter(|f| !f.is_custom_field())
    {
        check_field(draft, spec, &mut out);
    }
    // The current products' pages show no custom fields (their copies are cut): certwiz sends
    // none for them, so the account's custom fields are checked for the older products only.
    if !draft.product.is_current() {
        check_custom_fields(draft, ctx, &mut out);
    }
    check_offered(draft, ctx, &mut out);
    check_product(draft, ctx, &mut out);
    check_account_ids(draft, ctx, &mut out);
    if draft.product.is_current() {
        check_current(draft, &mut out);
    } else {
        check_combinations(draft, &mut out);
    }
    out
}

/// The problems found reading a body, then the catalog's rules' findings for what was read
/// (`checked`), each said once. A field whose value could not be read as given (a wrong JSON
/// type, a refused CSR) keeps that one error: the rules' errors about the text kept for it, or
/// about its absence, would only follow from it. A body wrong as a whole (not an object, a
/// batch row that is not JSON) has its one error.
pub fn after_reading(mut read: Vec<Diagnostic>, checked: Vec<Diagnostic>) -> Vec<Diagnostic> {
    if read.iter().any(|d| d.path.is_empty() && d.is_error()) {
        return read;
    }
    let unread: Vec<String> = read
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.path.clone())
        .collect();
    for d in checked {
        let follows = d.is_error() && unread.contains(&d.path);
        if !follows && !read.contains(&d) {
            read.push(d);
        }
    }
    read
}

/// Whether a field must be given in this draft: the one rule behind the wizard's `*` and the
/// `required` errors. Custom fields are per account and not decided here.
pub fn is_required(spec: &FieldSpec, draft: &Draft) -> bool {
    match spec.requirement {
        Requirement::Required => true,
        Requirement::RequiredInObject => spec.object().is_some_and(|o| draft.object_given(o.path)),
        Requirement::RequiredForEmailProvisioning => {
            draft.provisioning() == Some(ProvisioningMethod::Email)
        }
        Requirement::RequiredUnless(object) => !draft.object_given(object),
        Requirement::Optional | Requirement::PerAccount => false,
    }
}

fn check_field(draft: &Draft, spec: &FieldSpec, out: &mut Vec<Diagnostic>) {
    let raw = draft.get(spec.id);
    if raw.is_empty() {
        let required = is_required(spec, draft).then(|| match spec.requirement {
            Requirement::RequiredInObject => format!(
                "{} is required once a {} is given",
                spec.label,
                spec.object()
                    .map(|o| o.label.to_lowercase())
                    .unwrap_or_default()
            ),
            Requirement::RequiredForEmailProvisioning => format!(
                "{} is required when the certificate goes to your own HSM (email provisioning)",
                spec.label
            ),
            Requirement::RequiredUnless(object) => format!(
                "{} is required (as {}, or as {}.years in DigiCert's current form)",
                spec.label,
                spec.path,
                object.path()
            ),
            _ => format!("{} is required", spec.label),
        });
        if let Some(message) = required {
            out.push(Diagnostic::error(spec.path, "required", message));
        }
        return;
    }
    if blank::is_blank(raw) {
        out.push(Diagnostic::error(
            spec.path,
            "blank",
            format!("{} holds only spaces", spec.label),
        ));
        return;
    }
    check_value(spec, raw, out);
}

/// Checks one value against its kind.
fn check_value(spec: &FieldSpec, raw: &str, out: &mut Vec<Diagnostic>) {
    let label = spec.label;
    let path = spec.path;
    let text = blank::trim(raw);
    let multiline = spec.kind.is_multiline();
    if has_control(raw, multiline) {
        let what = if multiline {
            "control characters"
        } else {
            "line breaks or control characters"
        };
        out.push(Diagnostic::error(
            path,
            "control_chars",
            format!("{label} must not contain {what}"),
        ));
        return;
    }
    match spec.kind {
        FieldKind::Text { max } | FieldKind::MultilineText { max } => {
            check_length(path, label, raw, max, out);
            check_invisible(path, label, raw, out);
        }
        FieldKind::Integer { min, max } => match text.parse::<i64>() {
            Ok(n) if (min..=max).contains(&n) => {}
            Ok(n) => out.push(Diagnostic::error(
                path,
                "range",
                format!("{label} must be {min} or more, not {n}"),
            )),
            Err(_) => out.push(not_a_number(path, label, text)),
        },
        FieldKind::Id => check_id(path, label, text, out),
        FieldKind::Choice { options, .. } => {
            if !options.iter().any(|o| o.value == text) {
                out.push(Diagnostic::error(
                    path,
                    "not_allowed",
                    format!(
                        "{label} must be {}, not {}",
                        list_values(options),
                        quoted(text)
                    ),
                ));
            }
        }
        FieldKind::YesNo => {
            if text != "true" && text != "false" {
                out.push(Diagnostic::error(
                    path,
                    "not_allowed",
                    format!("{label} must be true or false, not {}", quoted(text)),
                ));
            }
        }
        FieldKind::Email => {
            if let Err(why) = check_email(text) {
                out.push(Diagnostic::error(
                    path,
                    "email",
                    format!("{label}: {} is not an email address ({why})", quoted(text)),
                ));
            }
        }
        FieldKind::Phone => {
            if let Err(why) = check_phone(text) {
                out.push(Diagnostic::error(path, "phone", format!("{label}: {why}")));
            }
        }
        FieldKind::Country => {
            if country::find(text).is_none() {
                out.push(Diagnostic::error(
                    path,
                    "country",
                    format!("{label}: {} is not an ISO 3166-1 two-letter country code (such as us, de, jp)", quoted(text)),
                ));
            }
        }
        FieldKind::Csr => match csr::inspect(raw) {
            Ok(summary) => out.push(Diagnostic::info(path, "csr", format!("{label}: {summary}"))),
            Err(e) => out.push(Diagnostic::error(path, "csr", format!("{label} {e}"))),
        },
        FieldKind::IdList => match parse_id_list(text) {
            None => out.push(Diagnostic::error(
                path,
                "id",
                format!("{label} must be user ids separated by commas, such as 12, 34"),
            )),
            Some(ids) => {
                if let Some(bad) = ids.iter().find(|id| **id <= 0) {
                    out.push(Diagnostic::error(
                        path,
                        "id",
                        format!("{label}: {bad} is not a valid id (ids are positive)"),
                    ));
                } else if ids.iter().collect::<HashSet<_>>().len() != ids.len() {
                    out.push(Diagnostic::warning(
                        path,
                        "duplicate",
                        format!("{label} lists a user more than once"),
                    ));
                }
            }
        },
        FieldKind::Agreement => match text {
            "1" => {}
            "0" => {}
            _ => out.push(Diagnostic::error(
                path,
                "not_allowed",
                format!("{label} must be 1 (agreed), not {}", quoted(text)),
            )),
        },
        FieldKind::CustomValue => {}
        FieldKind::Example {
            json: JsonType::Integer,
            ..
        } if text.parse::<i64>().is_err() => out.push(not_a_number(path, label, text)),
        FieldKind::Example { known, .. } => check_example(spec, text, known, out),
        FieldKind::ExampleList { known } => {
            let mut seen = HashSet::new();
            for item in split_list(text) {
                check_example(spec, item, known, out);
                if !seen.insert(item) {
                    out.push(Diagnostic::warning(
                        path,
                        "duplicate",
                        format!("{label} lists {} more than once", quoted(item)),
                    ));
                }
            }
        }
        FieldKind::EmailList => {
            for item in split_list(text) {
                if let Err(why) = check_email(item) {
                    out.push(Diagnostic::error(
                        path,
                        "email",
                        format!("{label}: {} is not an email address ({why})", quoted(item)),
                    ));
                }
            }
        }
        FieldKind::IdText => check_id(path, label, text, out),
    }
}

/// A value of a field whose allowed list DigiCert's page does not show: one its examples send
/// is fine; any other is sent as typed, with a warning that says so (never an error).
fn check_example(spec: &FieldSpec, value: &str, known: &[ChoiceOption], out: &mut Vec<Diagnostic>) {
    if known.iter().any(|o| o.value == value) {
        return;
    }
    out.push(Diagnostic::warning(
        spec.path,
        "undocumented_value",
        format!(
            "{}: DigiCert's page shows only {} in its examples; its list of allowed values is cut, so {} is sent as typed and CertCentral decides",
            spec.label,
            list_values(known),
            quoted(value)
        ),
    ));
}

/// The rules across fields for the current products: what their pages show of them.
fn check_current(draft: &Draft, out: &mut Vec<Diagnostic>) {
    let ship_info = ObjectId::ShipInfo;
    let method = blank::trim(draft.get(FieldId::DsProvisioning));
    if draft.object_given(ship_info) && !method.is_empty() && method != "ship_token" {
        out.push(Diagnostic::warning(
            ship_info.path(),
            "unused",
            "A shipping address goes with provisioning ship_token; the page's example for client_app sends none",
        ));
    }
}

fn check_id(path: &str, label: &str, text: &str, out: &mut Vec<Diagnostic>) {
    match text.parse::<i64>() {
        Ok(n) if n > 0 => {}
        Ok(n) => out.push(Diagnostic::error(
            path,
            "id",
            format!("{label} must be a positive id, not {n}"),
        )),
        Err(_) => out.push(not_a_number(path, label, text)),
    }
}

fn list_values(options: &[ChoiceOption]) -> String {
    let values: Vec<&str> = options.iter().map(|o| o.value).collect();
    match values.as_slice() {
        [one] => (*one).to_owned(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
        [] => String::new(),
    }
}

fn check_combinations(draft: &Draft, out: &mut Vec<Diagnostic>) {
    let provisioning = draft.provisioning();
    for (first, second) in catalog::ALTERNATIVES {
        if draft.has(first) && draft.has(second) {
            let (first, second) = (first.path(), second.path());
            out.push(Diagnostic::error(
                second,
                "both_forms",
                format!("Give {first} or {second}, not both: they are two forms of one value"),
            ));
        }
    }
    if blank::trim(draft.get(FieldId::ShipMethod)) == ShipMethod::Expedited.as_str() {
        out.push(Diagnostic::warning(
            FieldId::ShipMethod.path(),
            "cost",
            "Expedited shipping costs extra",
        ));
    }
    if blank::trim(draft.get(FieldId::SkipApproval)) == "true" {
        out.push(Diagnostic::warning(
            FieldId::SkipApproval.path(),
            "admin_key",
            "Skip approval needs an administrator's API key; DigiCert refuses it for other keys",
        ));
    }
    let ship_info = ObjectId::ShipInfo;
    if draft.object_given(ship_info)
        && provisioning.is_some_and(|p| p != ProvisioningMethod::ShipToken)
    {
        out.push(Diagnostic::warning(
            ship_info.path(),
            "unused",
            "A shipping address is only used when the token is shipped (provisioning ship_token)",
        ));
    }
    if provisioning == Some(ProvisioningMethod::ShipToken) && !draft.object_given(ship_info) {
        out.push(Diagnostic::info(
            ship_info.path(),
            "default_address",
            "No shipping address: DigiCert ships the token to the account's default address",
        ));
    }
    if draft.has(FieldId::Csr) && provisioning.is_some_and(|p| p != ProvisioningMethod::Email) {
        out.push(Diagnostic::warning(
            FieldId::Csr.path(),
            "unused",
            "A CSR is only used for email provisioning (your own HSM); DigiCert ignores it otherwise",
        ));
    }
    let csa = FieldId::CsaAgreedTo;
    match blank::trim(draft.get(csa)) {
        "1" => {}
        "0" => out.push(Diagnostic::warning(
            csa.path(),
            "agreement",
            "Certificate Services Agreement is not accepted; DigiCert may refuse the order",
        )),
        "" => out.push(Diagnostic::warning(
            csa.path(),
            "agreement",
            "Certificate Services Agreement is not accepted yet; the documented example sends 1",
        )),
        _ => {}
    }
}
