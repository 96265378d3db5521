//! Which picker a form row opens (the catalog's `picker`), and its choices: the catalog's choices with their meanings, the
//! account's organizations, divisions and users, the product's platforms, or the countries. Pure:
//! the update function opens it, and the footer asks whether a row has one.

use std::collections::BTreeSet;

use crate::order::catalog::{FieldKind, PickerKind};
use crate::order::draft::parse_id_list;
use crate::order::{Product, country};
use crate::tui::app::{Model, PickItem, Picker, Row};

/// The picker of a row, if it has one: choices with their meanings, the account's
/// organizations, divisions and users, the product's platforms, or the countries.
pub fn picker_for(model: &Model, row: Row) -> Option<Picker> {
    let item = |value: String, label: String, meaning: String| PickItem {
        value,
        label,
        meaning,
    };
    let account = model.account.ready();
    let (title, items, multi) = match row {
        Row::Product => (
            "Product".to_owned(),
            Product::ALL
                .iter()
                .map(|p| item(p.name_id().into(), p.label().into(), p.help().into()))
                .collect::<Vec<_>>(),
            false,
        ),
        Row::Custom(_) => return None,
        Row::Field(f) => {
            let title = f.label.to_owned();
            match (f.picker?, f.kind) {
                (PickerKind::Choice, FieldKind::Choice { options, .. }) => (
                    title,
                    options
                        .iter()
                        .map(|o| item(o.value.into(), o.label.into(), o.meaning.into()))
                        .collect(),
                    false,
                ),
                (PickerKind::Choice, _) => return None,
                (PickerKind::ServerPlatform, _) => {
                    // The names are the account's (product info); certwiz names no platform
                    // itself but -1, which DigiCert documents as the default ("OTHER").
                    let platforms = model
                        .product_details
                        .ready()
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
                            item(p.id.to_string(), p.name, meaning.into())
                        })
                        .collect();
                    (title, items, false)
                }
                (PickerKind::Organization, _) => (
                    title,
                    account?
                        .organizations
                        .iter()
                        .map(|o| {
                            let place = [o.city.as_deref(), o.country.as_deref()]
                                .into_iter()
                                .flatten()
                                .collect::<Vec<_>>()
                                .join(", ");
                            item(o.id.to_string(), o.label(), place)
                        })
                        .collect(),
                    false,
                ),
                (PickerKind::Division, _) => (
                    title,
                    account?
                        .containers
                        .iter()
                        .map(|c| {
                            item(
                                c.id.to_string(),
                                c.name.clone().unwrap_or_default(),
                                String::new(),
                            )
                        })
                        .collect(),
                    false,
                ),
                (PickerKind::Users, _) => (
                    title,
                    account?
                        .users
                        .iter()
                        .map(|u| {
                            item(
                                u.id.to_string(),
                                u.label(),
                                u.email.clone().unwrap_or_default(),
                            )
                        })
                        .collect(),
                    true,
                ),
                (PickerKind::Country, _) => (
                    title,
                    country::all()
                        .iter()
                        .map(|c| item(c.code.to_lowercase(), c.name.into(), String::new()))
                        .collect(),
                    false,
                ),
            }
        }
    };
    let current = model.value(row);
    let ticked = multi.then(|| {
        parse_id_list(&current)
            .unwrap_or_default()
            .into_iter()
            .map(|id| id.to_string())
            .collect::<BTreeSet<_>>()
    });
    let cursor = items
        .iter()
        .position(|i| i.value.eq_ignore_ascii_case(current.trim()))
        .unwrap_or(0);
    Some(Picker {
        title,
        target: row,
        items,
        query: String::new(),
        cursor,
        ticked,
    })
}
