//! Validation: a pure function from a draft to diagnostics, cheap enough to run on every keystroke.
//!
//! Every rule of the API document is checked here, once, for the wizard, the CLI and the sandbox.
//! Errors block submitting; warnings and notes do not.

use std::collections::HashSet;
use std::str::FromStr;

pub use super::diagnostic::{Diagnostic, Severity, has_errors};

use super::account::{Container, DataType, MetadataField, Organization, ProductDetails};
use super::catalog::{self, ChoiceOption, FieldKind, FieldSpec, Requirement};
use super::country;
use super::csr;
use super::draft::{Draft, parse_id_list};
use super::model::ProvisioningMethod;

/// What the account tells validation, when it is known (the CLI may validate offline). Each part
/// is `None` when it was not read, and then its rules are left to CertCentral.
#[derive(Debug, Clone, Copy, Default)]
pub struct Context<'a> {
    /// The account's custom fields (`GET /account/metadata`).
    pub metadata: Option<&'a [MetadataField]>,
    /// The product's details (`GET /product/{name_id}`).
    pub product: Option<&'a ProductDetails>,
    /// The account's organizations (`GET /organization`).
    pub organizations: Option<&'a [Organization]>,
    /// The account's divisions (`GET /container`).
    pub containers: Option<&'a [Container]>,
}

/// The path under which a custom field's diagnostics are reported.
pub fn custom_field_path(metadata_id: i64) -> String {
    format!("custom_fields.{metadata_id}")
}

/// Checks a whole draft.
pub fn validate(draft: &Draft, ctx: &Context<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for spec in catalog::FIELDS.iter().filter(|f| !f.is_custom_field()) {
        check_field(draft, spec, &mut out);
    }
    check_custom_fields(draft, ctx, &mut out);
    check_product(draft, ctx, &mut out);
    check_account_ids(draft, ctx, &mut out);
    check_combinations(draft, &mut out);
    out
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
    let raw = draft.get(spec.path);
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
                "{} is required (as {}, or as {object}.years in DigiCert's current form)",
                spec.label, spec.path
            ),
            _ => format!("{} is required", spec.label),
        });
        if let Some(message) = required {
            out.push(Diagnostic::error(spec.path, "required", message));
        }
        return;
    }
    if raw.trim().is_empty() {
        out.push(Diagnostic::error(
            spec.path,
            "blank",
            format!("{} holds only spaces", spec.label),
        ));
        return;
    }
    check_value(spec, raw, out);
}

fn has_control(text: &str, multiline: bool) -> bool {
    text.chars()
        .any(|c| c.is_control() && !(multiline && matches!(c, '\n' | '\r' | '\t')))
}

/// Checks one value against its kind.
fn check_value(spec: &FieldSpec, raw: &str, out: &mut Vec<Diagnostic>) {
    let label = spec.label;
    let path = spec.path;
    let text = raw.trim();
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
                    format!("{label} must be {}, not {text:?}", list_values(options)),
                ));
            }
        }
        FieldKind::YesNo => {
            if text != "true" && text != "false" {
                out.push(Diagnostic::error(
                    path,
                    "not_allowed",
                    format!("{label} must be true or false, not {text:?}"),
                ));
            }
        }
        FieldKind::Email => {
            if let Err(why) = check_email(text) {
                out.push(Diagnostic::error(
                    path,
                    "email",
                    format!("{label}: {text:?} is not an email address ({why})"),
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
                    format!("{label}: {text:?} is not an ISO 3166-1 two-letter country code (such as us, de, jp)"),
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
                format!("{label} must be 1 (agreed), not {text:?}"),
            )),
        },
        FieldKind::CustomValue => {}
    }
}

fn check_length(path: &str, label: &str, raw: &str, max: usize, out: &mut Vec<Diagnostic>) {
    let len = raw.chars().count();
    if len > max {
        out.push(Diagnostic::error(
            path,
            "too_long",
            format!("{label} is too long ({len} characters; at most {max})"),
        ));
    }
}

fn not_a_number(path: &str, label: &str, text: &str) -> Diagnostic {
    Diagnostic::error(
        path,
        "type",
        format!("{label} must be a whole number, not {text:?}"),
    )
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

/// Checks an email address; the error says what is wrong.
pub fn check_email(text: &str) -> Result<(), &'static str> {
    if text.chars().count() > 254 {
        return Err("longer than 254 characters");
    }
    if text.contains(char::is_whitespace) {
        return Err("it contains spaces");
    }
    let Some((_, domain)) = text.rsplit_once('@') else {
        return Err("it has no @");
    };
    if email_address::EmailAddress::from_str(text).is_err() {
        return Err("it is not of the form name@example.com");
    }
    if !domain.contains('.') || domain.starts_with('[') || domain.ends_with('.') {
        return Err("its domain needs a dot, as in example.com");
    }
    Ok(())
}

/// Checks a phone number: phone characters only, with a plausible count of digits.
pub fn check_phone(text: &str) -> Result<(), String> {
    if let Some(bad) = text
        .chars()
        .find(|c| !(c.is_ascii_digit() || " +-().,/xX#".contains(*c)))
    {
        return Err(format!(
            "{bad:?} is not a phone character (digits, spaces, + - ( ) . / and x for an extension)"
        ));
    }
    let digits = text.chars().filter(char::is_ascii_digit).count();
    if digits < 6 {
        return Err(format!("{text:?} has too few digits for a phone number"));
    }
    if digits > 20 || text.len() > 40 {
        return Err(format!("{text:?} is too long for a phone number"));
    }
    Ok(())
}

fn check_custom_fields(draft: &Draft, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let mut seen = HashSet::new();
    for (i, entry) in draft.custom_fields.iter().enumerate() {
        let id = match entry.metadata_id.trim().parse::<i64>() {
            Ok(id) if id > 0 => id,
            _ => {
                out.push(Diagnostic::error(
                    format!("custom_fields[{i}].metadata_id"),
                    "id",
                    format!(
                        "Custom field id {:?} must be a positive whole number",
                        entry.metadata_id
                    ),
                ));
                continue;
            }
        };
        let path = custom_field_path(id);
        if !seen.insert(id) {
            out.push(Diagnostic::error(
                &path,
                "duplicate",
                format!("Custom field {id} is given more than once"),
            ));
            continue;
        }
        let meta = ctx.metadata.and_then(|m| m.iter().find(|f| f.id == id));
        let label = meta
            .map(MetadataField::name)
            .unwrap_or_else(|| format!("Custom field {id}"));
        if ctx.metadata.is_some() && meta.is_none() {
            out.push(Diagnostic::error(
                &path,
                "custom_field",
                format!("{label} is not a custom field of this account"),
            ));
            continue;
        }
        if meta.is_some_and(|m| !m.is_active) {
            out.push(Diagnostic::warning(
                &path,
                "custom_field",
                format!("{label} is inactive in this account"),
            ));
        }
        check_custom_value(&path, &label, &entry.value, meta.map(|m| &m.data_type), out);
    }
    for meta in ctx.metadata.unwrap_or_default() {
        if meta.is_required && meta.is_active && !seen.contains(&meta.id) {
            out.push(Diagnostic::error(
                custom_field_path(meta.id),
                "required",
                format!("{} is required by this account", meta.name()),
            ));
        }
    }
}

fn check_custom_value(
    path: &str,
    label: &str,
    value: &str,
    data_type: Option<&DataType>,
    out: &mut Vec<Diagnostic>,
) {
    let text = value.trim();
    if text.is_empty() {
        out.push(Diagnostic::error(
            path,
            "blank",
            format!("{label} is empty; give a value or leave the field out"),
        ));
        return;
    }
    if has_control(value, false) {
        out.push(Diagnostic::error(
            path,
            "control_chars",
            format!("{label} must not contain line breaks or control characters"),
        ));
        return;
    }
    check_length(path, label, value, catalog::MAX_TEXT, out);
    match data_type {
        Some(DataType::Int) => {
            if text.parse::<i64>().is_err() {
                out.push(not_a_number(path, label, text));
            }
        }
        Some(DataType::EmailAddress) => {
            if let Err(why) = check_email(text) {
                out.push(Diagnostic::error(
                    path,
                    "email",
                    format!("{label}: {text:?} is not an email address ({why})"),
                ));
            }
        }
        Some(DataType::EmailList) => {
            for item in text.split([',', ';']).map(str::trim) {
                if let Err(why) = check_email(item) {
                    out.push(Diagnostic::error(
                        path,
                        "email",
                        format!("{label}: {item:?} is not an email address ({why}); separate addresses with commas"),
                    ));
                    break;
                }
            }
        }
        Some(DataType::Text | DataType::Other(_)) | None => {}
    }
}

fn check_product(draft: &Draft, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let Some(details) = ctx.product else { return };
    let validity = draft.validity_path();
    let years = draft.get(validity).trim();
    if let Ok(y) = years.parse::<i64>()
        && !details.allowed_validity_years.is_empty()
        && !details.allowed_validity_years.contains(&y)
    {
        out.push(Diagnostic::error(
            validity,
            "product",
            format!("Validity of {y} years is not offered for {}", draft.product),
        ));
    }
    let platform = draft.get("certificate.server_platform.id").trim();
    if let Ok(p) = platform.parse::<i64>()
        && p != -1
        && !details.server_platforms.is_empty()
        && !details.server_platforms.iter().any(|s| s.id == p)
    {
        out.push(Diagnostic::error(
            "certificate.server_platform.id",
            "product",
            format!(
                "Server platform {p} is not one of {}'s platforms",
                draft.product
            ),
        ));
    }
    let hash = draft.get("certificate.signature_hash").trim();
    if !hash.is_empty() && !details.signature_hash_types.allows(hash) {
        let allowed: Vec<&str> = details
            .signature_hash_types
            .allowed_hash_types
            .iter()
            .map(|h| h.id.as_str())
            .collect();
        out.push(Diagnostic::error(
            "certificate.signature_hash",
            "product",
            format!(
                "Signature hash {hash} is not offered for {} (it allows {})",
                draft.product,
                allowed.join(", ")
            ),
        ));
    }
    if details.csr_required == Some(true) && !draft.has("certificate.csr") {
        out.push(Diagnostic::error(
            "certificate.csr",
            "required",
            format!("CSR is required for {}", draft.product),
        ));
    }
}

/// The organization and division ids against the account, so that a wrong id is an error at its
/// field before anything is sent, not a refusal after.
///
/// An organization belongs to a division (`organization.container.id`). certwiz reads "the
/// division's organization" as: the division is the organization's own or one below it (by
/// `parent_id`). DigiCert's pages do not spell this rule out, so it is only applied when both the
/// organization's division and the divisions' tree are known.
fn check_account_ids(draft: &Draft, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let id = |path: &str| {
        draft
            .get(path)
            .trim()
            .parse::<i64>()
            .ok()
            .filter(|n| *n > 0)
    };
    let organization = id("organization.id").and_then(|org| {
        let list = ctx.organizations?;
        let found = list.iter().find(|o| o.id == org);
        if found.is_none() {
            out.push(Diagnostic::error(
                "organization.id",
                "unknown_organization",
                format!("Organization {org} is not an organization of this account"),
            ));
        }
        found
    });
    if let Some(org) = organization
        && (org.is_active == Some(false)
            || org
                .status
                .as_deref()
                .is_some_and(|s| s.eq_ignore_ascii_case("inactive")))
    {
        out.push(Diagnostic::warning(
            "organization.id",
            "inactive_organization",
            format!(
                "Organization {} ({}) is inactive in this account; DigiCert may refuse the order",
                org.id,
                org.label()
            ),
        ));
    }
    let Some(division) = id("container.id") else {
        return;
    };
    let Some(containers) = ctx.containers else {
        return;
    };
    let Some(found) = containers.iter().find(|c| c.id == division) else {
        out.push(Diagnostic::error(
            "container.id",
            "unknown_division",
            format!("Division {division} is not a division of this account"),
        ));
        return;
    };
    if found.is_active == Some(false) {
        out.push(Diagnostic::warning(
            "container.id",
            "inactive_division",
            format!("Division {division} is inactive in this account"),
        ));
    }
    let Some(home) = organization
        .and_then(|o| o.container.as_ref())
        .map(|c| c.id)
    else {
        return;
    };
    if !is_within(containers, division, home) {
        let org = organization.map(Organization::label).unwrap_or_default();
        out.push(Diagnostic::error(
            "container.id",
            "division_of_other_organization",
            format!("Division {division} is not {org}'s division ({home}) or one below it"),
        ));
    }
}

/// Whether `division` is `home` or below it, following `parent_id` (at most as many steps as
/// there are divisions, so a loop in the answer cannot hang validation).
fn is_within(containers: &[Container], division: i64, home: i64) -> bool {
    let mut current = Some(division);
    for _ in 0..=containers.len() {
        match current {
            Some(id) if id == home => return true,
            Some(id) => {
                current = containers
                    .iter()
                    .find(|c| c.id == id)
                    .and_then(|c| c.parent_id)
                    .filter(|p| *p > 0);
            }
            None => return false,
        }
    }
    false
}

fn check_combinations(draft: &Draft, out: &mut Vec<Diagnostic>) {
    let provisioning = draft.provisioning();
    for (first, second) in catalog::ALTERNATIVES {
        if draft.has(first) && draft.has(second) {
            out.push(Diagnostic::error(
                *second,
                "both_forms",
                format!("Give {first} or {second}, not both: they are two forms of one value"),
            ));
        }
    }
    if draft.get("ship_info.method").trim() == "expedited" {
        out.push(Diagnostic::warning(
            "ship_info.method",
            "cost",
            "Expedited shipping costs extra",
        ));
    }
    if draft.get("skip_approval").trim() == "true" {
        out.push(Diagnostic::warning(
            "skip_approval",
            "admin_key",
            "Skip approval needs an administrator's API key; DigiCert refuses it for other keys",
        ));
    }
    if draft.object_given("ship_info")
        && provisioning.is_some_and(|p| p != ProvisioningMethod::ShipToken)
    {
        out.push(Diagnostic::warning(
            "ship_info",
            "unused",
            "A shipping address is only used when the token is shipped (provisioning ship_token)",
        ));
    }
    if provisioning == Some(ProvisioningMethod::ShipToken) && !draft.object_given("ship_info") {
        out.push(Diagnostic::info(
            "ship_info",
            "default_address",
            "No shipping address: DigiCert ships the token to the account's default address",
        ));
    }
    if draft.has("certificate.csr") && provisioning.is_some_and(|p| p != ProvisioningMethod::Email)
    {
        out.push(Diagnostic::warning(
            "certificate.csr",
            "unused",
            "A CSR is only used for email provisioning (your own HSM); DigiCert ignores it otherwise",
        ));
    }
    match draft.get("csa_agreed_to").trim() {
        "1" => {}
        "0" => out.push(Diagnostic::warning(
            "csa_agreed_to",
            "agreement",
            "Certificate Services Agreement is not accepted; DigiCert may refuse the order",
        )),
        "" => out.push(Diagnostic::warning(
            "csa_agreed_to",
            "agreement",
            "Certificate Services Agreement is not accepted yet; the documented example sends 1",
        )),
        _ => {}
    }
}
