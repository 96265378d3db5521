//! The questions of the plain form are the form model's rows ([`crate::form`]): which are asked,
//! in what order, their labels, help and values all come from there. What is plain mode's own is
//! how a value is shown in a prompt.

pub use crate::form::Row as Question;
use crate::order::catalog::FieldKind;

/// The current value as the prompt shows it: yes/no as words, multi-line text by its first line.
pub fn shown_value(question: Question, current: &str) -> String {
    // What the terminal would not show (a pasted U+202E) shown as `<U+202E>`, as the wizard does.
    crate::outside::visible(&shown_raw(question, current)).into_owned()
}

fn shown_raw(question: Question, current: &str) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Plain mode's prompt read `Full name [Rene ecreiP]` for a name holding U+202E.
    #[test]
    fn a_prompt_shows_the_characters_a_terminal_would_hide() {
        let name = crate::order::catalog::field("subject.name").expect("a catalog path");
        assert_eq!(
            shown_value(Question::Field(name), "Rene \u{202e}ecreiP"),
            "Rene <U+202E>ecreiP"
        );
        assert_eq!(shown_value(Question::Field(name), "Rene"), "Rene");
    }
}
