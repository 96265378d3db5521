//! Moving a draft to another product: what maps, what changes, and what cannot go along.
//!
//! The older products (`document_signing_org_1/2`) name the person in `subject` and the validity
//! in `validity_years`; the current ones (`ds_*`) name the person in `individual` (or, for
//! `ds_org`, a contact) and the validity in `order_validity.years`, and need
//! `usage_designation.primary_usage`. A conversion is additive: it writes the new fields and
//! leaves every answer where it was, so the wizard can change the product back without losing
//! typing, and `certwiz draft convert` writes the result as a new draft beside the original.

use super::catalog::{self, FieldId};
use super::diagnostic::Diagnostic;
use super::draft::{Draft, InputError, read_input};
use super::product::{Family, Product};

/// One thing a conversion did, or could not do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// A value written at a new path (`subject.email` → `individual.email`).
    Moved {
        from: &'static str,
        to: &'static str,
    },
    /// A value the new product needs, written because it has one value its page allows.
    Added { path: &'static str, value: String },
    /// A value kept at its path, though the new product's page does not show it.
    KeptUndocumented { path: &'static str, value: String },
    /// A given value the new product's body has no place for: not sent for it.
    NotCarried { path: String },
    /// A field of the new product that nothing maps to: still to fill.
    ToFill { path: &'static str },
}

impl Change {
    /// One line for people.
    pub fn describe(&self) -> String {
        match self {
            Change::Moved { from, to } => format!("{from} → {to}"),
            Change::Added { path, value } => {
                format!("{path} = {value} (added: the one value its page allows)")
            }
            Change::KeptUndocumented { path, value } => format!(
                "{path} = {} kept as typed; the new product's page shows other values (it is sent with a warning)",
                crate::order::diagnostic::quoted(value)
            ),
            Change::NotCarried { path } => {
                format!("{path}: the new product's body has no such field; not sent")
            }
            Change::ToFill { path } => format!("{path}: nothing maps to it; fill it in"),
        }
    }

    /// Whether this is something the conversion could not do.
    pub fn is_loss(&self) -> bool {
        matches!(self, Change::NotCarried { .. } | Change::ToFill { .. })
    }

    /// The line a list of changes shows: what happened, then what.
    pub fn line(&self) -> String {
        let mark = match self {
            Change::Moved { .. } | Change::Added { .. } => "mapped",
            Change::KeptUndocumented { .. } => "kept",
            Change::NotCarried { .. } => "not sent",
            Change::ToFill { .. } => "to fill",
        };
        format!("{mark}: {}", self.describe())
    }
}

/// A converted draft and what the conversion did.
#[derive(Debug, Clone)]
pub struct Conversion {
    /// The draft of the new product. It still holds every earlier answer (see [`pruned`]).
    pub draft: Draft,
    pub changes: Vec<Change>,
}

/// One line that sums up a conversion for the wizard's notice; `None` when nothing moved or
/// was left behind.
pub fn summary(product: Product, changes: &[Change]) -> Option<String> {
    let count = |f: fn(&Change) -> bool| changes.iter().filter(|c| f(c)).count();
    let moved = count(|c| matches!(c, Change::Moved { .. } | Change::Added { .. }));
    let left = count(|c| matches!(c, Change::NotCarried { .. }));
    let odd = count(|c| matches!(c, Change::KeptUndocumented { .. }));
    let fill: Vec<&str> = changes
        .iter()
        .filter_map(|c| match c {
            Change::ToFill { path } => Some(*path),
            _ => None,
        })
        .collect();
    if changes.is_empty() {
        return None;
    }
    let mut parts = Vec::new();
    if moved > 0 {
        parts.push(format!("{moved} answers mapped to its fields"));
    }
    if left > 0 {
        parts.push(format!(
            "{left} answers it has no field for (kept, not sent; sent again if you change back)"
        ));
    }
    if odd > 0 {
        parts.push(format!("{odd} kept as typed with a warning"));
    }
    match fill.as_slice() {
        [] => {}
        [one] => parts.push(format!("{one} to fill")),
        more => parts.push(format!("{} required fields to fill", more.len())),
    }
    Some(format!("Now {product}: {}", parts.join("; ")))
}

/// A saved draft read as another product than its own: the product it named, and each change
/// of the move (for the reader to be told; it was moved without a word).
#[derive(Debug, Clone)]
pub struct Moved {
    pub from: Product,
    pub changes: Vec<Change>,
}

/// `draft::read_input`, then a saved draft moved to `product` when one is named (as the wizard
/// moves it): what `validate --product DRAFT` and `batch --base DRAFT --product` read, with the
/// move when there was one.
pub fn read_input_as(
    text: &str,
    product: Option<Product>,
) -> Result<(Draft, Vec<Diagnostic>, Option<Moved>), InputError> {
    let (draft, problems) = read_input(text, product)?;
    Ok(match product {
        Some(p) if draft.product != p => {
            let conversion = convert(&draft, p);
            let moved = Moved {
                from: draft.product,
                changes: conversion.changes,
            };
            (conversion.draft, problems, Some(moved))
        }
        _ => (draft, problems, None),
    })
}

/// Converts `draft` to `product`. Older → current maps the person, the validity and the usage;
/// between products of one family the fields are the same paths and nothing moves.
pub fn convert(draft: &Draft, product: Product) -> Conversion {
    let mut out = draft.clone();
    out.product = product;
    let mut changes = Vec::new();
    if draft.product.family() == Family::Older && product.family() == Family::Current {
        map_older_to_current(draft, &mut out, &mut changes);
    }
    if product.family() == Family::Older {
        one_validity_form(&mut out);
    }
    // The new product's defaults (outside optional objects) for what is still empty.
    for f in catalog::fields(product) {
        if let (Some(default), None) = (f.default, f.object())
            && !out.has(f.path)
        {
            out.set(f.path, default);
            if f.id == FieldId::PrimaryUsage {
                changes.push(Change::Added {
                    path: f.path,
                    value: default.to_owned(),
                });
            }
        }
    }
    // What was given that the new body has no place for (a new form's defaults were not given).
    if draft.product != product {
        for (path, value) in &draft.values {
            let moved = changes
                .iter()
                .any(|c| matches!(c, Change::Moved { from, .. } if *from == path));
            let default = catalog::field_for(draft.product, path).and_then(|f| f.default);
            if !value.trim().is_empty()
                && default != Some(value)
                && catalog::field_for(product, path).is_none()
                && !moved
            {
                changes.push(Change::NotCarried {
                    path: path.to_owned(),
                });
            }
        }
        if !draft.custom_fields.is_empty()
            && catalog::field_for(product, FieldId::CustomFieldId.path()).is_none()
        {
            changes.push(Change::NotCarried {
                path: catalog::custom_fields_key().to_owned(),
            });
        }
    }
    // Required fields of the new product still empty, that a conversion could have filled.
    if draft.product.family() != product.family() {
        for f in catalog::fields(product) {
            if f.requirement == catalog::Requirement::Required && !out.has(f.path) {
                changes.push(Change::ToFill { path: f.path });
            }
        }
    }
    Conversion {
        draft: out,
        changes,
    }
}

/// The draft with only its product's answers: what `draft convert` saves (the original draft
/// keeps the rest).
pub fn pruned(draft: &Draft) -> Draft {
    let mut out = draft.clone();
    out.values
        .retain(|path, _| catalog::field_for(draft.product, path).is_some());
    if catalog::field_for(draft.product, FieldId::CustomFieldId.path()).is_none() {
        out.custom_fields.clear();
    }
    out
}

/// Back on an older product, a draft that went through a current one may hold the validity in
/// both forms (`validity_years` kept aside, `order_validity.years` written): the older body
/// takes one. The same years keep the form the draft had; years changed since are the answer.
fn one_validity_form(draft: &mut Draft) {
    let (older, current) = (FieldId::ValidityYears, FieldId::OrderValidityYears);
    if draft.has(older) && draft.has(current) {
        let same = draft.get(older).trim() == draft.get(current).trim();
        draft
            .values
            .remove(if same { current.path() } else { older.path() });
    }
}

fn map_older_to_current(from: &Draft, to: &mut Draft, changes: &mut Vec<Change>) {
    let mut put = |from_id: FieldId, to_id: FieldId, value: String, to: &mut Draft| {
        if value.trim().is_empty() || catalog::field_for(to.product, to_id.path()).is_none() {
            return;
        }
        if to.get(to_id) != value {
            to.set(to_id, value);
        }
        changes.push(Change::Moved {
            from: from_id.path(),
            to: to_id.path(),
        });
    };
    // The validity, in the current form.
    let validity = from.validity_field();
    put(
        validity,
        FieldId::DsValidityYears,
        from.get(validity).to_owned(),
        to,
    );
    // The person: to `individual` where the product names one, else to the organization contact.
    let name = from.get(FieldId::SubjectName).trim().to_owned();
    let (first, last) = match name.rsplit_once(' ') {
        Some((first, last)) => (first.trim().to_owned(), last.trim().to_owned()),
        None => (name.clone(), String::new()),
    };
    let person = catalog::field_for(to.product, FieldId::IndividualFirstName.path()).is_some();
    let targets = if person {
        [
            FieldId::IndividualFirstName,
            FieldId::IndividualLastName,
            FieldId::IndividualEmail,
            FieldId::IndividualPhone,
            FieldId::IndividualJobTitle,
        ]
    } else {
        [
            FieldId::OrgContactFirstName,
            FieldId::OrgContactLastName,
            FieldId::OrgContactEmail,
            FieldId::OrgContactPhone,
            FieldId::OrgContactJobTitle,
        ]
    };
    let [t_first, t_last, t_email, t_phone, t_title] = targets;
    put(FieldId::SubjectName, t_first, first, to);
    if !last.is_empty() {
        put(FieldId::SubjectName, t_last, last, to);
    }
    put(
        FieldId::SubjectEmail,
        t_email,
        from.get(FieldId::SubjectEmail).to_owned(),
        to,
    );
    put(
        FieldId::SubjectPhone,
        t_phone,
        from.get(FieldId::SubjectPhone).to_owned(),
        to,
    );
    put(
        FieldId::SubjectJobTitle,
        t_title,
        from.get(FieldId::SubjectJobTitle).to_owned(),
        to,
    );
    // The shipping method: the current examples write EXPEDITED in capitals.
    let method = from.get(FieldId::ShipMethod).trim().to_owned();
    if method == "expedited" {
        to.set(FieldId::DsShipMethod, "EXPEDITED");
        changes.push(Change::Moved {
            from: FieldId::ShipMethod.path(),
            to: FieldId::DsShipMethod.path(),
        });
    } else if !method.is_empty() {
        changes.push(Change::KeptUndocumented {
            path: FieldId::DsShipMethod.path(),
            value: method,
        });
    }
    for (older, current) in [
        (FieldId::Provisioning, FieldId::DsProvisioning),
        (FieldId::PaymentMethod, FieldId::DsPaymentMethod),
    ] {
        let value = from.get(older).trim();
        if !value.is_empty()
            && !current
                .spec()
                .kind
                .options()
                .iter()
                .any(|o| o.value == value)
        {
            changes.push(Change::KeptUndocumented {
                path: current.path(),
                value: value.to_owned(),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    fn documented() -> Draft {
        let body: Value = serde_json::from_str(include_str!(
            "../../tests/fixtures/documented-order-request.json"
        ))
        .unwrap();
        Draft::from_body(Product::default(), &body).0
    }

    #[test]
    fn the_documented_order_moves_to_ds_org_individual_with_its_person_and_validity() {
        let c = convert(&documented(), Product::DsOrgIndividual);
        let body = c.draft.to_body();
        assert_eq!(body["individual"]["first_name"], "Rene");
        assert_eq!(body["individual"]["last_name"], "Pierce");
        assert_eq!(body["individual"]["email"], "rene.pierce@yahoo.com");
        assert_eq!(body["order_validity"]["years"], 2);
        assert_eq!(body["organization"]["id"], "334455");
        assert_eq!(
            body["certificate"]["usage_designation"]["primary_usage"],
            "signing"
        );
        assert!(body.get("subject").is_none());
        let lines: Vec<String> = c.changes.iter().map(Change::describe).collect();
        assert!(
            lines.contains(&"subject.email → individual.email".to_owned()),
            "{lines:?}"
        );
        assert!(
            lines.iter().any(|l| l.starts_with("comments: ")),
            "{lines:?}"
        );
        assert!(
            lines.iter().any(|l| l.starts_with("container.id: ")),
            "{lines:?}"
        );
        assert!(
            lines
                .iter()
                .any(|l| l.starts_with("individual.country: nothing maps")),
            "{lines:?}"
        );
        assert!(
            lines
                .iter()
                .any(|l| l.starts_with("ship_info.method = \"standard\" kept")),
            "{lines:?}"
        );
    }

    #[test]
    fn to_ds_org_the_subject_becomes_the_organization_contact_and_nothing_is_lost() {
        let original = documented();
        let c = convert(&original, Product::DsOrg);
        let body = c.draft.to_body();
        assert_eq!(body["organization"]["contacts"][0]["first_name"], "Rene");
        assert_eq!(
            body["organization"]["contacts"][0]["contact_type"],
            "organization_contact"
        );
        // Additive: every earlier answer is still in the converted draft, so changing back
        // gives the original body.
        let back = convert(&c.draft, original.product).draft;
        assert_eq!(back.to_body(), original.to_body());
        // The pruned draft holds only the new product's answers.
        let saved = pruned(&c.draft);
        assert!(
            saved
                .values
                .keys()
                .all(|p| catalog::field_for(Product::DsOrg, p).is_some())
        );
        assert_eq!(saved.to_body(), c.draft.to_body());
    }

    #[test]
    fn between_the_older_products_nothing_moves() {
        let c = convert(&documented(), Product::DocumentSigningOrg2);
        assert!(c.changes.is_empty(), "{:?}", c.changes);
        assert_eq!(c.draft.to_body(), documented().to_body());
    }
}
