//! A prompt's keys: edit the text, accept it, cancel. What the text does belongs to the feature
//! that asked.

use std::path::PathBuf;

use crate::tui::app::{Model, Overlay, Prompt, PromptPurpose};
use crate::tui::keymap::Action;
use crate::tui::msg::Effect;
use crate::tui::navigation::{close_overlay, error};
use crate::tui::overlays::saved;
use crate::tui::screens::{orders, review};

/// Text pasted while the prompt is open goes into its input.
pub fn paste(prompt: &mut Prompt, text: &str) {
    prompt.input.paste(text);
}

pub fn on_prompt(model: &mut Model, mut prompt: Box<Prompt>, action: Action) -> Vec<Effect> {
    match action {
        Action::Back => return close_overlay(model),
        Action::Edit(op) => {
            prompt.input.apply(op);
        }
        Action::Activate => {
            let text = prompt.input.text().trim().to_owned();
            if text.is_empty() {
                model.say(error("Type something first, or Esc to cancel".into()));
            } else {
                close_overlay(model);
                return finish_prompt(model, prompt.purpose, text);
            }
        }
        _ => {}
    }
    model.show_overlay(Overlay::Prompt(prompt));
    Vec::new()
}

/// The prompt's text goes back to the feature that asked for it.
pub fn finish_prompt(model: &mut Model, purpose: PromptPurpose, text: String) -> Vec<Effect> {
    match purpose {
        PromptPurpose::SaveAs(_) | PromptPurpose::RenameSaved { .. } => {
            saved::update::finish_prompt(model, purpose, text)
        }
        PromptPurpose::CsrFile => vec![Effect::ReadCsr(PathBuf::from(text))],
        PromptPurpose::ExportJson => review::update::export(model, false, text),
        PromptPurpose::ExportCurl => review::update::export(model, true, text),
        PromptPurpose::RejectComment {
            order_id,
            request_id,
        } => {
            orders::update::confirm_reject(model, order_id, request_id, text);
            Vec::new()
        }
        PromptPurpose::CancelNote { order_id } => {
            orders::update::confirm_cancel(model, order_id, text);
            Vec::new()
        }
    }
}
