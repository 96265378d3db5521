//! The numbered lists of the plain form, read from the catalog's picker kinds (the same lists
//! the wizard's pickers offer), and how an answer picks from them.

use super::account::Account;
use super::question::Question;
use crate::order::Product;
use crate::order::catalog::{FieldKind, PickerKind};
use crate::order::country;
use crate::order::draft::Draft;

/// One entry of a numbered list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub value: String,
    pub label: String,
}

/// The numbered list of a question: the product's choices, the catalog's, the account's
/// organizations, divisions and users, the product's platforms, the countries.
pub fn items(account: &Account, question: Question, draft: &Draft) -> Vec<Item> {
    let item = |value: String, label: String| Item { value, label };
    let Question::Field(f) = question else {
        return match question {
            Question::Product => Product::ALL
                .iter()
                .map(|p| item(p.name_id().into(), p.label().into()))
                .collect(),
            _ => Vec::new(),
        };
    };
    let Some(picker) = f.picker else {
        return Vec::new();
    };
    match (picker, f.kind) {
        (PickerKind::Choice, FieldKind::Choice { options, .. }) => options
            .iter()
            .map(|o| item(o.value.into(), format!("{}: {}", o.label, o.meaning)))
            .collect(),
        (PickerKind::Choice, _) => Vec::new(),
        (PickerKind::ServerPlatform, _) => {
            let platforms = account
                .product(draft.product)
                .map(|d| d.server_platforms.as_slice())
                .unwrap_or_default();
            crate::order::account::platform_choices(platforms)
                .into_iter()
                .map(|p| {
                    let label = if p.added {
                        "OTHER: DigiCert's default platform".to_owned()
                    } else {
                        p.name
                    };
                    item(p.id.to_string(), label)
                })
                .collect()
        }
        (PickerKind::Organization, _) => account
            .organizations
            .iter()
            .flatten()
            .map(|o| {
                let mut label = o.label();
                if o.is_active == Some(false) {
                    label.push_str(" (inactive)");
                }
                item(o.id.to_string(), label)
            })
            .collect(),
        (PickerKind::Division, _) => account
            .containers
            .iter()
            .flatten()
            .map(|c| item(c.id.to_string(), c.name.clone().unwrap_or_default()))
            .collect(),
        (PickerKind::Users, _) => account
            .users
            .iter()
            .flatten()
            .map(|u| {
                let mut label = u.label();
                if let Some(email) = &u.email {
                    label.push_str(&format!(", {email}"));
                }
                item(u.id.to_string(), label)
            })
            .collect(),
        (PickerKind::Country, _) => country::all()
            .iter()
            .map(|c| item(c.code.to_lowercase(), c.name.into()))
            .collect(),
    }
}

/// An answer as the field's text: a value of the list as it is, else a number of the last
/// list shown; yes/no words for yes/no fields; anything else as typed (validation judges it).
pub fn resolve(question: Question, answer: &str, items: &[Item], listed: &[Item]) -> String {
    let pick = |token: &str| -> String {
        if let Some(item) = items.iter().find(|i| i.value.eq_ignore_ascii_case(token)) {
            return item.value.clone();
        }
        if let Ok(n) = token.parse::<usize>()
            && let Some(item) = n.checked_sub(1).and_then(|i| listed.get(i))
        {
            return item.value.clone();
        }
        if let Some(item) = items.iter().find(|i| i.label.eq_ignore_ascii_case(token)) {
            return item.value.clone();
        }
        token.to_owned()
    };
    match question {
        Question::Field(f) => match f.kind {
            FieldKind::YesNo => match answer.to_ascii_lowercase().as_str() {
                "y" | "yes" | "true" => "true".into(),
                "n" | "no" | "false" => "false".into(),
                _ => answer.to_owned(),
            },
            FieldKind::Agreement => match answer.to_ascii_lowercase().as_str() {
                "y" | "yes" | "1" => "1".into(),
                "n" | "no" => String::new(),
                _ => answer.to_owned(),
            },
            FieldKind::IdList if !items.is_empty() => answer
                .split(|c: char| c == ',' || c.is_whitespace())
                .filter(|t| !t.is_empty())
                .map(pick)
                .collect::<Vec<_>>()
                .join(", "),
            _ if !items.is_empty() => pick(answer),
            _ => answer.to_owned(),
        },
        Question::Product => pick(answer),
        Question::Custom(_) => answer.to_owned(),
    }
}
