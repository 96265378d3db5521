//! The choices a row offers, read from the catalog's picker kinds: the catalog's choices with
//! their meanings, the account's organizations (an inactive one marked), divisions and users, the
//! product's platforms, the countries, the products. The wizard's picker shows a choice's label
//! and meaning in two columns; plain mode's numbered list shows its one-line form.

use super::{Facts, Row};
use crate::order::account::offered;
use crate::order::catalog::{FieldKind, PickerKind};
use crate::order::{Product, country};

/// One choice of a row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    /// What is written into the field.
    pub value: String,
    /// Its name, with ` (inactive)` for an inactive organization.
    pub label: String,
    /// What it means, or where it is (an organization's city and country), or an email.
    pub meaning: String,
    /// The choice on one line, as a numbered list shows it after the value.
    pub line: String,
}

/// A row's choices.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choices {
    pub title: String,
    pub items: Vec<Choice>,
    /// Several may be ticked (users).
    pub multi: bool,
}

fn choice(value: String, label: String, meaning: String, line: String) -> Choice {
    Choice {
        value,
        label,
        meaning,
        line,
    }
}

/// The choices of a row, if it has a list. A list that needs the account is `None` until the
/// account's part was read.
pub fn choices(row: Row, facts: &Facts<'_>) -> Option<Choices> {
    let (title, items, multi) = match row {
        Row::Product => {
            // The account's document signing products, with its names and allowed validity,
            // once its product list is read; all five before, or when it lists none of them
            // (validation then says so at the product).
            let listed = facts.products.map(offered).unwrap_or_default();
            let items = if listed.is_empty() {
                Product::ALL
                    .iter()
                    .map(|p| {
                        choice(
                            p.name_id().into(),
                            p.label().into(),
                            p.help().into(),
                            p.label().into(),
                        )
                    })
                    .collect::<Vec<_>>()
            } else {
                listed
                    .iter()
                    .map(|(p, entry)| {
                        let label = entry.describe();
                        choice(p.name_id().into(), label.clone(), p.help().into(), label)
                    })
                    .collect()
            };
            ("Product".to_owned(), items, false)
        }
        Row::Custom(_) => return None,
        Row::Field(f) => {
            let title = f.label.to_owned();
            match (f.picker?, f.kind) {
                (
                    PickerKind::Choice,
                    FieldKind::Choice { .. }
                    | FieldKind::Example { .. }
                    | FieldKind::ExampleList { .. },
                ) => (
                    title,
                    f.kind
                        .options()
                        .iter()
                        .map(|o| {
                            choice(
                                o.value.into(),
                                o.label.into(),
                                o.meaning.into(),
                                format!("{}: {}", o.label, o.meaning),
                            )
                        })
                        .collect(),
                    matches!(f.kind, FieldKind::ExampleList { .. }),
                ),
                (PickerKind::Choice, _) => return None,
                (PickerKind::ServerPlatform, _) => {
                    // The names are the account's (product info); certwiz names no platform
                    // itself but -1, which DigiCert documents as the default ("OTHER").
                    let platforms = facts
                        .product
                        .map(|d| d.server_platforms.as_slice())
                        .unwrap_or_default();
                    let items = crate::order::account::platform_choices(platforms)
                        .into_iter()
                        .map(|p| {
                            let meaning = if p.id == -1 {
                                "DigiCert's default platform"
                            } else {
                                "from the product's details"
                            };
                            let line = if p.added {
                                format!("{}: {meaning}", p.name)
                            } else {
                                p.name.clone()
                            };
                            choice(p.id.to_string(), p.name, meaning.into(), line)
                        })
                        .collect();
                    (title, items, false)
                }
                (PickerKind::Organization, _) => (
                    title,
                    facts
                        .organizations?
                        .iter()
                        .map(|o| {
                            let mut label = o.label();
                            if o.is_active == Some(false) {
                                label.push_str(" (inactive)");
                            }
                            let place = [o.city.as_deref(), o.country.as_deref()]
                                .into_iter()
                                .flatten()
                                .collect::<Vec<_>>()
                                .join(", ");
                            choice(o.id.to_string(), label.clone(), place, label)
                        })
                        .collect(),
                    false,
                ),
                (PickerKind::Division, _) => (
                    title,
                    facts
                        .containers?
                        .iter()
                        .map(|c| {
                            let name = c.name.clone().unwrap_or_default();
                            choice(c.id.to_string(), name.clone(), String::new(), name)
                        })
                        .collect(),
                    false,
                ),
                (PickerKind::Users, _) => (
                    title,
                    facts
                        .users?
                        .iter()
                        .map(|u| {
                            let email = u.email.clone().unwrap_or_default();
                            let line = match &u.email {
                                Some(email) => format!("{}, {email}", u.label()),
                                None => u.label(),
                            };
                            choice(u.id.to_string(), u.label(), email, line)
                        })
                        .collect(),
                    true,
                ),
                (PickerKind::Country, _) => (
                    title,
                    country::all()
                        .iter()
                        .map(|c| {
                            choice(
                                c.code.to_lowercase(),
                                c.name.into(),
                                String::new(),
                                c.name.into(),
                            )
                        })
                        .collect(),
                    false,
                ),
            }
        }
    };
    Some(Choices {
        title,
        items,
        multi,
    })
}
