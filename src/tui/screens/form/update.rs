//! The form screens' keys: typing, toggling, cycling a choice, opening a row's picker, loading
//! the CSR from a file.

use std::path::PathBuf;

use crate::order::Product;
use crate::order::catalog::FieldKind;
use crate::tui::app::{Model, Overlay, PromptPurpose, Remote, Row};
use crate::tui::input::EditOp;
use crate::tui::msg::Effect;
use crate::tui::navigation::{error, info, move_focus_by, open_prompt, step_index};
use crate::tui::overlays::picker::choices::picker_for;

/// A CSR file was read (or could not be): it fills the CSR field.
pub fn on_csr_file(model: &mut Model, path: PathBuf, result: Result<String, String>) {
    match result {
        Ok(text) => {
            let text = text.replace("\r\n", "\n");
            if let Some(f) = crate::order::catalog::field("certificate.csr") {
                let row = Row::Field(f);
                model.set_value(row, text.trim_end());
                model.flagged.insert(row.path());
                model.open_editor();
            }
            model.notice = Some(info(format!("CSR loaded from {}", path.display())));
        }
        Err(e) => model.notice = Some(error(format!("{}: {e}", path.display()))),
    }
}

/// Ctrl-O in the CSR: asks for the file to load.
pub fn load_file(model: &mut Model) {
    if model
        .focused_row()
        .is_some_and(|r| r.path() == "certificate.csr")
    {
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
        model.editor = None;
        model.overlay = Some(Overlay::Picker(picker));
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
    match model.editor.as_mut() {
        Some(editor) => {
            if editor.paste(text) {
                let text = editor.text();
                model.set_value(row, &text);
                model.typed_in_focus = true;
            }
        }
        None => {
            model.notice = Some(error(
                "This field is chosen, not typed: press Enter to pick a value".into(),
            ))
        }
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
    model.flagged.insert(row.path());
}

/// ←/→ on a choice, the product, or a yes/no.
pub fn cycle(model: &mut Model, delta: isize) -> Vec<Effect> {
    let Some(row) = model.focused_row() else {
        return Vec::new();
    };
    let values: Vec<String> = match row {
        Row::Product => Product::ALL
            .iter()
            .map(|p| p.name_id().to_owned())
            .collect(),
        Row::Field(f) => match f.kind {
            FieldKind::Choice { options, .. } => {
                options.iter().map(|o| o.value.to_owned()).collect()
            }
            FieldKind::YesNo => vec!["true".into(), "false".into()],
            _ => return Vec::new(),
        },
        Row::Custom(_) => return Vec::new(),
    };
    let current = model.value(row);
    let at = values
        .iter()
        .position(|v| *v == current.trim())
        .unwrap_or(0);
    let next = step_index(at, delta, values.len(), true);
    choose(model, row, &values[next])
}

/// Sets a row to a picked value; a new product reloads its details.
pub fn choose(model: &mut Model, row: Row, value: &str) -> Vec<Effect> {
    let before = model.draft.product;
    model.set_value(row, value);
    model.flagged.insert(row.path());
    if model.draft.product != before {
        model.product_details = Remote::Loading;
        return vec![Effect::LoadProduct(model.draft.product)];
    }
    Vec::new()
}

pub fn edit(model: &mut Model, op: EditOp) -> Vec<Effect> {
    let Some(row) = model.focused_row() else {
        return Vec::new();
    };
    let Some(editor) = model.editor.as_mut() else {
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
        model.typed_in_focus = true;
    }
    Vec::new()
}
