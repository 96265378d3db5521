//! The form screens' keys: typing, toggling, cycling a choice, opening a row's picker, loading
//! the CSR from a file.

use std::path::PathBuf;

use crate::order::catalog::{FieldId, FieldKind};
use crate::tui::app::{Model, Overlay, PromptPurpose, Row};
use crate::tui::input::EditOp;
use crate::tui::msg::Effect;
use crate::tui::navigation::{error, info, move_focus_by, open_prompt, step_index};
use crate::tui::overlays::picker::choices::picker_for;

/// A CSR file was read (or could not be): it fills the CSR field.
pub fn on_csr_file(model: &mut Model, path: PathBuf, result: Result<String, String>) {
    match result {
        Ok(text) => {
            let text = text.replace("\r\n", "\n");
            if let Some(why) = crate::order::csr::refusal(&text) {
                model.say(error(format!("{}: {why}", path.display())));
                return;
            }
            let row = Row::Field(FieldId::Csr.spec());
            model.set_value(row, text.trim_end());
            model.form.flagged.insert(row.path().into_owned());
            model.open_editor();
            model.say(info(format!("CSR loaded from {}", path.display())));
        }
        Err(e) => model.set_notice(Some(error(format!("{}: {e}", path.display())))),
    }
}

/// Ctrl-O in the CSR: asks for the file to load.
pub fn load_file(model: &mut Model) {
    if model.focused_row().is_some_and(Row::is_csr) {
        open_prompt(
            model,
            PromptPurpose::CsrFile,
            "Load the CSR from a file",
            "path of a PEM file",
            "",
        );
    }
}

/// Enter on a form row: its picker, a yes/no's toggle, or the next row.
pub fn activate(model: &mut Model) -> Vec<Effect> {
    let Some(row) = model.focused_row() else {
        return Vec::new();
    };
    if let Some(picker) = picker_for(model, row) {
        model.form.editor = None;
        model.show_overlay(Overlay::Picker(picker));
        return Vec::new();
    }
    match row {
        Row::Field(f) if matches!(f.kind, FieldKind::YesNo | FieldKind::Agreement) => {
            toggle(model);
        }
        _ => move_focus_by(model, 1, false),
    }
    Vec::new()
}

/// A paste into the focused field.
pub fn paste(model: &mut Model, text: &str) {
    let Some(row) = model.focused_row() else {
        return;
    };
    match model.form.editor.as_mut() {
        Some(editor) => {
            if editor.paste(text) {
                let text = editor.text();
                model.set_value(row, &text);
                model.form.typed_in_focus = true;
            }
        }
        None => model.set_notice(Some(error(
            "This field is chosen, not typed: press Enter to pick a value".into(),
        ))),
    }
}

pub fn toggle(model: &mut Model) {
    let Some(Row::Field(f)) = model.focused_row() else {
        return;
    };
    let row = Row::Field(f);
    let next = match (f.kind, model.value(row).trim()) {
        (FieldKind::YesNo, "true") => "false",
        (FieldKind::YesNo, _) => "true",
        (FieldKind::Agreement, "1") => "",
        (FieldKind::Agreement, _) => "1",
        _ => return,
    };
    model.set_value(row, next);
    model.form.flagged.insert(row.path().into_owned());
}

/// The values a row cycles through with ←/→, each with its label; `None` for rows that are not
/// a choice, the product, or a yes/no. The products are the picker's: the account's, once its
/// product list is read.
pub fn choices(row: Row, facts: &crate::form::Facts<'_>) -> Option<Vec<(String, String)>> {
    let pair = |v: &str, l: &str| (v.to_owned(), l.to_owned());
    match row {
        Row::Product => Some(
            crate::form::choices::choices(row, facts)?
                .items
                .into_iter()
                .map(|c| (c.value, c.label))
                .collect(),
        ),
        Row::Field(f) => match f.kind {
            FieldKind::Choice { options, .. } => {
                Some(options.iter().map(|o| pair(o.value, o.label)).collect())
            }
            FieldKind::YesNo => Some(vec![pair("true", "yes"), pair("false", "no")]),
            _ => None,
        },
        Row::Custom(_) => None,
    }
}

/// A character typed on a choice: picks the first value or label that what was typed (since a
/// pause, on this row) starts, or says that none does.
pub fn type_ahead(model: &mut Model, c: char) -> Vec<Effect> {
    let Some(row) = model.focused_row() else {
        return Vec::new();
    };
    let Some(options) = choices(row, &model.facts()) else {
        model.say(error(format!(
            "{} is not typed: Enter or Space sets it",
            model.label(row).trim_end_matches(" *")
        )));
        return Vec::new();
    };
    let ticks = model.ticks();
    let (typed, on, since) = &mut model.form.type_ahead;
    if *on != Some(row) || *since != ticks {
        typed.clear();
    }
    *on = Some(row);
    *since = ticks;
    typed.extend(c.to_lowercase());
    let starts = |prefix: &str| {
        options
            .iter()
            .find(|(value, label)| {
                value.to_lowercase().starts_with(prefix) || label.to_lowercase().starts_with(prefix)
            })
            .cloned()
    };
    // A character that continues nothing starts over from itself.
    let found = starts(typed).or_else(|| {
        let alone: String = c.to_lowercase().collect();
        let again = starts(&alone);
        if again.is_some() {
            *typed = alone;
        }
        again
    });
    match found {
        Some((value, _)) => choose(model, row, &value),
        None => {
            let listed: Vec<&str> = options.iter().map(|(_, l)| l.as_str()).collect();
            model.say(error(format!(
                "No choice starts with \"{}\": {} (←/→ or Enter to choose)",
                model.form.type_ahead.0,
                listed.join(", ")
            )));
            model.form.type_ahead.0.clear();
            Vec::new()
        }
    }
}

/// ←/→ on a choice, the product, or a yes/no.
pub fn cycle(model: &mut Model, delta: isize) -> Vec<Effect> {
    let Some(row) = model.focused_row() else {
        return Vec::new();
    };
    let Some(options) = choices(row, &model.facts()) else {
        return Vec::new();
    };
    let values: Vec<String> = options.into_iter().map(|(v, _)| v).collect();
    let current = model.value(row);
    let next = match values.iter().position(|v| *v == current.trim()) {
        Some(at) => step_index(at, delta, values.len(), true),
        // A value not in the list (a product the account does not sell): → takes the first,
        // ← the last.
        None if delta > 0 => 0,
        None => values.len().saturating_sub(1),
    };
    choose(model, row, &values[next])
}

/// Sets a row to a picked value; a new product reloads its details.
pub fn choose(model: &mut Model, row: Row, value: &str) -> Vec<Effect> {
    let before = model.draft().product;
    model.set_value(row, value);
    model.form.flagged.insert(row.path().into_owned());
    if model.draft().product != before {
        model.product_changed();
        return vec![Effect::LoadProduct(model.draft().product)];
    }
    Vec::new()
}

pub fn edit(model: &mut Model, op: EditOp) -> Vec<Effect> {
    let Some(row) = model.focused_row() else {
        return Vec::new();
    };
    let Some(editor) = model.form.editor.as_mut() else {
        return Vec::new();
    };
    match op {
        EditOp::Up if editor.on_first_line() => {
            move_focus_by(model, -1, false);
            return Vec::new();
        }
        EditOp::Down if editor.on_last_line() => {
            move_focus_by(model, 1, false);
            return Vec::new();
        }
        _ => {}
    }
    if editor.apply(op) {
        let text = editor.text();
        model.set_value(row, &text);
        model.form.typed_in_focus = true;
    }
    Vec::new()
}
