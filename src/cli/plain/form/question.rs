//! The questions of the plain form are the form model's rows ([`crate::form`]): which are asked,
//! in what order, their labels, help and values all come from there. What is plain mode's own is
//! how a value is shown in a prompt.

pub use crate::form::Row as Question;
use crate::order::catalog::FieldKind;

/// The current value as the prompt shows it: yes/no as words, multi-line text by its first line.
pub fn shown_value(question: Question, current: &str) -> String {
    match question {
        Question::Field(f) => match (f.kind, current) {
            (_, "") => String::new(),
            (FieldKind::YesNo, "true") => "yes".into(),
            (FieldKind::YesNo, "false") => "no".into(),
            (FieldKind::Agreement, "1") => "yes".into(),
            (FieldKind::Csr, text) => format!("a CSR of {} lines", text.lines().count()),
            (FieldKind::MultilineText { .. }, text) => {
                let first = text.lines().next().unwrap_or("");
                if text.lines().count() > 1 {
                    format!("{first} …")
                } else {
                    first.into()
                }
            }
            (_, text) => text.into(),
        },
        _ => current.into(),
    }
}
