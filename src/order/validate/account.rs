//! The rules that need the account: custom fields by its metadata, the product's details, and
//! the organization and division ids.

use std::collections::HashSet;

use super::context::{Context, custom_field_path};
use super::text::{check_email, check_length, has_control, not_a_number};
use crate::order::account::{Container, DataType, MetadataField, Organization, offered};
use crate::order::blank;
use crate::order::catalog::{self, FieldId};
use crate::order::diagnostic::{Diagnostic, quoted};
use crate::order::draft::Draft;

pub(super) fn check_custom_fields(draft: &Draft, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let mut seen = HashSet::new();
    for (i, entry) in draft.custom_fields.iter().enumerate() {
        let id = match entry.metadata_id.trim().parse::<i64>() {
            Ok(id) if id > 0 => id,
            _ => {
                out.push(Diagnostic::error(
                    format!("custom_fields[{i}].metadata_id"),
                    "id",
                    format!(
                        "Custom field id {} must be a positive whole number",
                        quoted(&entry.metadata_id)
                    ),
                ));
                continue;
            }
        };
        if !seen.insert(id) {
            out.push(Diagnostic::error(
                custom_field_path(id),
                "duplicate",
                format!("Custom field {id} is given more than once"),
            ));
            continue;
        }
        let meta = ctx.metadata.and_then(|m| m.iter().find(|f| f.id == id));
        let field = CustomField { id, meta };
        if ctx.metadata.is_some() && meta.is_none() {
            out.push(Diagnostic::error(
                field.path(),
                "custom_field",
                format!("{} is not a custom field of this account", field.label()),
            ));
            continue;
        }
        if meta.is_some_and(|m| !m.is_active) {
            out.push(Diagnostic::warning(
                field.path(),
                "custom_field",
                format!("{} is inactive in this account", field.label()),
            ));
        }
        check_custom_value(field, &entry.value, out);
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

/// A custom field of a draft: its path and label are made only for a problem's message (nearly
/// every value of a batch has none).
#[derive(Clone, Copy)]
struct CustomField<'a> {
    id: i64,
    meta: Option<&'a MetadataField>,
}

impl CustomField<'_> {
    fn path(self) -> String {
        custom_field_path(self.id)
    }

    fn label(self) -> String {
        self.meta
            .map(MetadataField::name)
            .unwrap_or_else(|| format!("Custom field {}", self.id))
    }
}

fn check_custom_value(field: CustomField<'_>, value: &str, out: &mut Vec<Diagnostic>) {
    let data_type = field.meta.map(|m| &m.data_type);
    let text = blank::trim(value);
    let (path, label) = (|| field.path(), || field.label());
    if text.is_empty() {
        out.push(Diagnostic::error(
            path(),
            "blank",
            format!("{} is empty; give a value or leave the field out", label()),
        ));
        return;
    }
    if has_control(value, false) {
        out.push(Diagnostic::error(
            path(),
            "control_chars",
            format!(
                "{} must not contain line breaks or control characters",
                label()
            ),
        ));
        return;
    }
    if value.len() > catalog::MAX_TEXT {
        // (Only then can it hold too many characters.)
        check_length(&path(), &label(), value, catalog::MAX_TEXT, out);
    }
    match data_type {
        Some(DataType::Int) => {
            if text.parse::<i64>().is_err() {
                out.push(not_a_number(&path(), &label(), text));
            }
        }
        Some(DataType::EmailAddress) => {
            if let Err(why) = check_email(text) {
                out.push(Diagnostic::error(
                    path(),
                    "email",
                    format!(
                        "{}: {} is not an email address ({why})",
                        label(),
                        quoted(text)
                    ),
                ));
            }
        }
        Some(DataType::EmailList) => {
            for item in text.split([',', ';']).map(str::trim) {
                if let Err(why) = check_email(item) {
                    out.push(Diagnostic::error(
                        path(),
                        "email",
                        format!("{}: {} is not an email address ({why}); separate addresses with commas", label(), quoted(item)),
                    ));
                    break;
                }
            }
        }
        Some(DataType::Text | DataType::Other(_)) | None => {}
    }
}

/// The draft's product against what the account lists (`GET /product`): one it does not list is
/// an error at the product, naming what it does offer. Not checked when the list was not read.
pub(super) fn check_offered(draft: &Draft, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let Some(list) = ctx.products else { return };
    let product = draft.product;
    if list.iter().any(|p| p.name_id == product.name_id()) {
        return;
    }
    let names: Vec<&str> = offered(list).iter().map(|(p, _)| p.name_id()).collect();
    let offer = if names.is_empty() {
        "it lists no document signing product".to_owned()
    } else {
        format!("it offers {}", names.join(", "))
    };
    out.push(Diagnostic::error(
        PRODUCT_PATH,
        "product_not_offered",
        format!(
            "{} ({product}) is not offered by this account: {offer}",
            product.label()
        ),
    ));
}

/// The path of the product's diagnostics: the product is the order URL's, not a body field, and
/// the form's product row uses this path.
pub const PRODUCT_PATH: &str = "product";

pub(super) fn check_product(draft: &Draft, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let Some(details) = ctx.product else { return };
    let validity = draft.validity_field().path();
    let years = blank::trim(draft.get(validity));
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
    let platform = blank::trim(draft.get(FieldId::ServerPlatform));
    if let Ok(p) = platform.parse::<i64>()
        && p != -1
        && !details.server_platforms.is_empty()
        && !details.server_platforms.iter().any(|s| s.id == p)
    {
        out.push(Diagnostic::error(
            FieldId::ServerPlatform.path(),
            "product",
            format!(
                "Server platform {p} is not one of {}'s platforms",
                draft.product
            ),
        ));
    }
    let hash = blank::trim(draft.get(FieldId::SignatureHash));
    if !hash.is_empty() && !details.signature_hash_types.allows(hash) {
        let allowed: Vec<&str> = details
            .signature_hash_types
            .allowed_hash_types
            .iter()
            .map(|h| h.id.as_str())
            .collect();
        out.push(Diagnostic::error(
            FieldId::SignatureHash.path(),
            "product",
            format!(
                "Signature hash {hash} is not offered for {} (it allows {})",
                draft.product,
                allowed.join(", ")
            ),
        ));
    }
    if details.csr_required == Some(true) && !draft.has(FieldId::Csr) {
        out.push(Diagnostic::error(
            FieldId::Csr.path(),
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
pub(super) fn check_account_ids(draft: &Draft, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let id = |field: FieldId| {
        draft
            .get(field)
            .trim()
            .parse::<i64>()
            .ok()
            .filter(|n| *n > 0)
    };
    let organization = id(FieldId::Organization).and_then(|org| {
        let list = ctx.organizations?;
        let found = list.iter().find(|o| o.id == org);
        if found.is_none() {
            out.push(Diagnostic::error(
                FieldId::Organization.path(),
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
            FieldId::Organization.path(),
            "inactive_organization",
            format!(
                "Organization {} ({}) is inactive in this account; DigiCert may refuse the order",
                org.id,
                org.label()
            ),
        ));
    }
    let Some(division) = id(FieldId::Division) else {
        return;
    };
    let Some(containers) = ctx.containers else {
        return;
    };
    let Some(found) = containers.iter().find(|c| c.id == division) else {
        out.push(Diagnostic::error(
            FieldId::Division.path(),
            "unknown_division",
            format!("Division {division} is not a division of this account"),
        ));
        return;
    };
    if found.is_active == Some(false) {
        out.push(Diagnostic::warning(
            FieldId::Division.path(),
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
            FieldId::Division.path(),
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
