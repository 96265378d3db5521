//! Pickers, prompts and confirmations: opening them from a row or an action, and what their keys do.

use std::collections::BTreeSet;
use std::path::PathBuf;

use super::{choose, close_overlay, error, step_index};
use crate::order::catalog::FieldKind;
use crate::order::draft::parse_id_list;
use crate::order::{Product, country};
use crate::tui::app::{
    Confirm, Model, Overlay, Pending, PickItem, Picker, Prompt, PromptPurpose, Row,
};
use crate::tui::input::{EditOp, Lines, TextInput};
use crate::tui::keymap::Action;
use crate::tui::msg::{Effect, OrderAction};

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
            match (f.kind, f.path) {
                (FieldKind::Choice { options, .. }, _) => (
                    title,
                    options
                        .iter()
                        .map(|o| item(o.value.into(), o.label.into(), o.meaning.into()))
                        .collect(),
                    false,
                ),
                (_, "certificate.server_platform.id") => {
                    // The names are the account's (product info); certwiz names no platform
                    // itself but -1, which DigiCert documents as the default ("OTHER").
                    let platforms = model
                        .product_details
                        .ready()
                        .map(|d| d.server_platforms.as_slice())
                        .unwrap_or_default();
                    let mut items = Vec::new();
                    if !platforms.iter().any(|p| p.id == -1) {
                        items.push(item(
                            "-1".into(),
                            "OTHER".into(),
                            "DigiCert's default platform".into(),
                        ));
                    }
                    items.extend(platforms.iter().map(|p| {
                        let meaning = if p.id == -1 {
                            "DigiCert's default platform"
                        } else {
                            "from the product's details"
                        };
                        item(
                            p.id.to_string(),
                            p.name
                                .clone()
                                .unwrap_or_else(|| format!("platform {}", p.id)),
                            meaning.into(),
                        )
                    }));
                    (title, items, false)
                }
                (_, "organization.id") => (
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
                (_, "container.id") => (
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
                (FieldKind::IdList, _) => (
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
                (FieldKind::Country, _) => (
                    title,
                    country::all()
                        .iter()
                        .map(|c| item(c.code.to_lowercase(), c.name.into(), String::new()))
                        .collect(),
                    false,
                ),
                _ => return None,
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

pub(super) fn on_picker(model: &mut Model, mut picker: Picker, action: Action) -> Vec<Effect> {
    let count = picker.matching().len();
    match action {
        Action::Back => return close_overlay(model),
        Action::FieldDown | Action::NextField => {
            picker.cursor = step_index(picker.cursor, 1, count, false);
        }
        Action::FieldUp | Action::PrevField => {
            picker.cursor = step_index(picker.cursor, -1, count, false);
        }
        Action::Edit(EditOp::Insert(c)) => {
            picker.query.push(c);
            picker.cursor = 0;
        }
        Action::Edit(EditOp::Backspace) => {
            picker.query.pop();
            picker.cursor = 0;
        }
        Action::Toggle => {
            let value = picker
                .matching()
                .get(picker.cursor)
                .map(|i| i.value.clone());
            if let (Some(ticked), Some(value)) = (picker.ticked.as_mut(), value)
                && !ticked.remove(&value)
            {
                ticked.insert(value);
            }
        }
        Action::Activate => {
            let row = picker.target;
            let value = match &picker.ticked {
                Some(ticked) => Some(ticked.iter().cloned().collect::<Vec<_>>().join(", ")),
                None => picker
                    .matching()
                    .get(picker.cursor)
                    .map(|i| i.value.clone()),
            };
            model.overlay = None;
            let effects = match value {
                Some(v) => choose(model, row, &v),
                None => Vec::new(),
            };
            model.open_editor();
            return effects;
        }
        _ => {}
    }
    model.overlay = Some(Overlay::Picker(picker));
    Vec::new()
}

pub(super) fn open_prompt(
    model: &mut Model,
    purpose: PromptPurpose,
    title: &str,
    hint: &str,
    text: &str,
) {
    model.editor = None;
    model.overlay = Some(Overlay::Prompt(Box::new(Prompt {
        title: title.into(),
        hint: hint.into(),
        input: TextInput::new(text, Lines::Single),
        purpose,
    })));
}

pub(super) fn on_prompt(model: &mut Model, mut prompt: Box<Prompt>, action: Action) -> Vec<Effect> {
    match action {
        Action::Back => return close_overlay(model),
        Action::Edit(op) => {
            prompt.input.apply(op);
        }
        Action::Activate => {
            let text = prompt.input.text().trim().to_owned();
            if text.is_empty() {
                model.notice = Some(error("Type something first, or Esc to cancel".into()));
            } else {
                close_overlay(model);
                return finish_prompt(model, prompt.purpose, text);
            }
        }
        _ => {}
    }
    model.overlay = Some(Overlay::Prompt(prompt));
    Vec::new()
}

pub(super) fn finish_prompt(
    model: &mut Model,
    purpose: PromptPurpose,
    text: String,
) -> Vec<Effect> {
    match purpose {
        PromptPurpose::ShelfSave(_) | PromptPurpose::ShelfRename { .. } => {
            super::shelf::finish_prompt(model, purpose, text)
        }
        PromptPurpose::CsrFile => vec![Effect::ReadCsr(PathBuf::from(text))],
        PromptPurpose::ExportJson | PromptPurpose::ExportCurl => {
            let body = serde_json::to_string_pretty(&model.draft.to_body()).unwrap_or_default();
            let contents = if purpose == PromptPurpose::ExportJson {
                format!("{body}\n")
            } else {
                let url = model.endpoint.base.order_url(model.draft.product);
                format!("{}\n", crate::export::curl_command(&url, &body))
            };
            vec![Effect::WriteFile {
                path: PathBuf::from(text),
                contents,
            }]
        }
        PromptPurpose::RejectComment {
            order_id,
            request_id,
        } => {
            ask(
                model,
                format!("Reject request {request_id}?"),
                vec![format!("Order {order_id}"), format!("Comment: {text}")],
                Pending::Act {
                    order_id,
                    request_id: Some(request_id),
                    action: OrderAction::Reject { comment: text },
                },
            );
            Vec::new()
        }
        PromptPurpose::CancelNote { order_id } => {
            ask(
                model,
                format!("Cancel order {order_id}?"),
                vec![format!("Note: {text}"), "This cannot be undone.".into()],
                Pending::Act {
                    order_id,
                    request_id: None,
                    action: OrderAction::Cancel { note: text },
                },
            );
            Vec::new()
        }
    }
}

pub(super) fn ask(model: &mut Model, title: String, lines: Vec<String>, on_yes: Pending) {
    model.editor = None;
    model.overlay = Some(Overlay::Confirm(Confirm {
        title,
        lines,
        on_yes,
    }));
}
