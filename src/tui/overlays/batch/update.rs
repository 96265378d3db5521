//! The batch review's keys: move between rows, open one in the form, close; F4 shows it again.

use crate::tui::app::{Model, Overlay, Screen, SubmitState};
use crate::tui::keymap::Action;
use crate::tui::msg::Effect;
use crate::tui::navigation::{close_overlay, error, go_to, info};

/// F4: shows the batch again.
pub fn open(model: &mut Model) -> Vec<Effect> {
    if !model.batch.is_open() {
        model.say(error(
            "No batch file is open (certwiz --batch FILE opens one)".to_owned(),
        ));
        return Vec::new();
    }
    model.close_editor();
    model.show_overlay(Overlay::Batch);
    Vec::new()
}

pub fn on_key(model: &mut Model, action: Action) -> Vec<Effect> {
    model.show_overlay(Overlay::Batch);
    let Some(batch) = model.batch.review.as_mut() else {
        return close_overlay(model);
    };
    let len = batch.rows.len();
    match action {
        Action::Back => return close_overlay(model),
        Action::FieldUp => batch.cursor = batch.cursor.saturating_sub(1),
        Action::FieldDown => batch.cursor = (batch.cursor + 1).min(len.saturating_sub(1)),
        Action::Activate => return open_row(model),
        _ => {}
    }
    Vec::new()
}

/// Puts the highlighted row into the form, on the first screen with an error, every error
/// shown; the file is not changed by what is typed there.
fn open_row(model: &mut Model) -> Vec<Effect> {
    let Some(row) = model.batch.review().and_then(|b| b.selected()).cloned() else {
        return Vec::new();
    };
    if matches!(model.submit.state(), SubmitState::InFlight { .. }) {
        model.say(error(
            "An order is being sent: the form cannot change until its answer comes".to_owned(),
        ));
        return Vec::new();
    }
    let mut effects = Vec::new();
    if row.draft.product != model.draft().product {
        effects.push(Effect::LoadProduct(row.draft.product));
    }
    model.replace_form(row.draft);
    model.submit.for_another_form();
    model.revalidate();
    model.flag_all();
    model.hide_overlay();
    // Review shows the whole row, every field with its state, beside its JSON; the first
    // field with an error is selected (Enter goes to it).
    effects.extend(go_to(model, Screen::Review));
    let rows = model.review_rows();
    let first_error = rows
        .iter()
        .position(|(_, r)| model.shown(*r).iter().any(|d| d.is_error()))
        .unwrap_or(0);
    model.review.select(first_error);
    model.say(info(format!(
        "Row {} (line {}) in the form; edits are not written to the file (F4: the batch)",
        row.row, row.line
    )));
    effects
}
