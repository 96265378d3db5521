//! The numbered lists of the plain form (the form model's choices, the same lists the wizard's
//! pickers offer), and how an answer picks from them.

use super::question::Question;
use crate::order::catalog::FieldKind;
use crate::order::draft::Draft;
use crate::ordering::account::Snapshot;

/// One entry of a numbered list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub value: String,
    pub label: String,
}

/// The numbered list of a question: the form's choices for it ([`crate::form::choices`]), each
/// on one line.
pub fn items(account: &Snapshot, question: Question, draft: &Draft) -> Vec<Item> {
    crate::form::choices::choices(question, &account.facts(draft.product))
        .map(|c| {
            c.items
                .into_iter()
                .map(|c| Item {
                    value: c.value,
                    label: c.line,
                })
                .collect()
        })
        .unwrap_or_default()
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
