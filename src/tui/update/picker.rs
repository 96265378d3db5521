//! Pickers, prompts and confirmations: opening them from a row or an action, and what their keys do.

use std::path::PathBuf;

use super::{choose, close_overlay, error, step_index};
use crate::tui::app::{Confirm, Model, Overlay, Picker, Prompt, PromptPurpose, YesAction};
use crate::tui::input::{EditOp, Lines, TextInput};
use crate::tui::keymap::Action;
use crate::tui::msg::{Effect, OrderAction};

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
        PromptPurpose::SaveAs(_) | PromptPurpose::RenameSaved { .. } => {
            super::saved::finish_prompt(model, purpose, text)
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
                YesAction::Act {
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
                YesAction::Act {
                    order_id,
                    request_id: None,
                    action: OrderAction::Cancel { note: text },
                },
            );
            Vec::new()
        }
    }
}

pub(super) fn ask(model: &mut Model, title: String, lines: Vec<String>, on_yes: YesAction) {
    model.editor = None;
    model.overlay = Some(Overlay::Confirm(Confirm {
        title,
        lines,
        on_yes,
    }));
}
