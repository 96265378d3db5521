//! How a row's value reads when it is not being edited: a choice with its label, an id with the
//! account's name for it, a yes/no as a box. Pure text, shared by the form, its detail area,
//! Review and the layout (which measures it); it draws nothing and knows no geometry.

use crate::order::catalog::{FieldKind, PickerKind};
use crate::order::{Product, country};
use crate::tui::app::{Model, Row};

/// The most of a value that is shown: more than the widest detail pane holds, far more than any
/// field takes (comments: 4,000). A 10 MB paste is so not wrapped and measured at every frame.
pub const SHOWN_CHARS: usize = 16_000;

/// A row's value as shown when it is not being edited, and whether it is a placeholder; a value
/// longer than [`SHOWN_CHARS`] is cut there with `…` and its length. A character the terminal
/// would not show as it is (a bidi override such as U+202E, a zero-width space, a control
/// character) is shown as `<U+202E>` or its control picture, so that what the row shows is what
/// will be sent (`outside::visible`; the field's error names it too).
pub fn display_value(model: &Model, row: Row) -> (String, bool) {
    let (text, placeholder) = whole_value(model, row);
    let mut text = match crate::outside::visible(&text) {
        std::borrow::Cow::Borrowed(_) => text,
        std::borrow::Cow::Owned(shown) => shown,
    };
    if let Some((end, _)) = text.char_indices().nth(SHOWN_CHARS) {
        let all = text.chars().count();
        text.truncate(end);
        text.push_str(&format!("… ({all} characters; the rest is not shown)"));
    }
    (text, placeholder)
}

fn whole_value(model: &Model, row: Row) -> (String, bool) {
    let value = model.value(row);
    let trimmed = value.trim();
    let account = model.account().ready();
    match row {
        Row::Product => {
            let p: Product = trimmed.parse().unwrap_or_default();
            (format!("{} ({})", p.label(), p.name_id()), false)
        }
        Row::Custom(_) if trimmed.is_empty() => (format!("— {}", model.placeholder(row)), true),
        Row::Custom(_) => (value, false),
        Row::Field(f) => match f.kind {
            FieldKind::YesNo => match trimmed {
                "true" => ("[x] yes".into(), false),
                "false" => ("[ ] no".into(), false),
                // Empty (a renewal filled from an order that did not say): not sent.
                "" => ("— not sent (Space toggles)".into(), true),
                other => (format!("{other:?} (Space toggles)"), false),
            },
            FieldKind::Agreement => match trimmed {
                "1" => (
                    "[x] I accept DigiCert's Certificate Services Agreement".into(),
                    false,
                ),
                _ => ("[ ] not accepted (Space to accept)".into(), true),
            },
            _ if trimmed.is_empty() => match model.placeholder(row) {
                "" => ("—".into(), true),
                hint => (format!("— {hint}"), true),
            },
            FieldKind::Choice { options, .. } => {
                match options.iter().find(|o| o.value == trimmed) {
                    Some(o) => (format!("{} · {}: {}", o.value, o.label, o.meaning), false),
                    None => (value, false),
                }
            }
            FieldKind::Country => match country::find(trimmed) {
                Some(c) => (format!("{trimmed} · {}", c.name), false),
                None => (value, false),
            },
            FieldKind::Csr | FieldKind::MultilineText { .. } => {
                let lines = value.lines().count();
                let first = value.lines().next().unwrap_or("");
                if lines > 1 {
                    (format!("{first} … ({lines} lines)"), false)
                } else {
                    (value, false)
                }
            }
            _ => {
                let name = match f.picker {
                    Some(PickerKind::Organization) => account.and_then(|a| {
                        a.organizations()
                            .iter()
                            .find(|o| o.id.to_string() == trimmed)
                            .map(|o| o.label())
                    }),
                    Some(PickerKind::Division) => account.and_then(|a| {
                        a.containers()
                            .iter()
                            .find(|c| c.id.to_string() == trimmed)
                            .and_then(|c| c.name.clone())
                    }),
                    // The product's name for the platform; -1 is DigiCert's documented "OTHER".
                    Some(PickerKind::ServerPlatform) => model
                        .product_details()
                        .ready()
                        .and_then(|d| {
                            d.server_platforms
                                .iter()
                                .find(|p| p.id.to_string() == trimmed)
                                .and_then(|p| p.name.clone())
                        })
                        .or_else(|| (trimmed == "-1").then(|| "OTHER".into())),
                    Some(PickerKind::Users) => account.map(|a| {
                        crate::order::draft::parse_id_list(trimmed)
                            .unwrap_or_default()
                            .iter()
                            .filter_map(|id| a.users().iter().find(|u| u.id == *id))
                            .map(|u| u.label())
                            .collect::<Vec<_>>()
                            .join(", ")
                    }),
                    _ => None,
                };
                match name.filter(|n| !n.is_empty()) {
                    Some(n) => (format!("{trimmed} · {n}"), false),
                    None => (value, false),
                }
            }
        },
    }
}
