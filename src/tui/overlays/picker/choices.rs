//! Which picker a form row opens, and its choices, as the form model lists them
//! ([`crate::form::choices`]). Pure: the update function opens it, and the footer asks whether a
//! row has one.

use std::collections::BTreeSet;

use crate::order::draft::parse_id_list;
use crate::tui::app::{Model, PickItem, Picker, Row};

/// The picker of a row, if it has one: the form's choices for it, the current value under the
/// cursor (and ticked, for a list of users).
pub fn picker_for(model: &Model, row: Row) -> Option<Picker> {
    let choices = crate::form::choices::choices(row, &model.facts())?;
    let (title, multi) = (choices.title, choices.multi);
    let items: Vec<PickItem> = choices
        .items
        .into_iter()
        .map(|c| PickItem {
            value: c.value,
            label: c.label,
            meaning: c.meaning,
        })
        .collect();
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
