//! Which picker a form row opens, and its choices, as the form model lists them
//! ([`crate::form::choices`]). Pure: the update function opens it, and the footer asks whether a
//! row has one.

use std::collections::BTreeSet;

use crate::order::draft::split_list;
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
    // Ticked: what the row holds, item by item (ids, or usages); a typed value the list does
    // not show stays ticked, so choosing keeps it.
    let ticked = multi.then(|| {
        split_list(&current)
            .map(|item| match item.parse::<i64>() {
                Ok(id) => id.to_string(),
                Err(_) => item.to_owned(),
            })
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
