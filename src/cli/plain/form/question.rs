//! The questions of the plain form: which are asked, in what order, and how each is labelled,
//! explained, shown and written into the draft.

use super::account::Account;
use crate::order::Product;
use crate::order::account::DataType;
use crate::order::catalog::{self, FieldKind, FieldSpec, Section};
use crate::order::draft::Draft;
use crate::order::model::ProvisioningMethod;
use crate::order::validate::{custom_field_path, is_required};

/// One question of the form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Question {
    Product,
    Field(&'static FieldSpec),
    Custom(i64),
}

impl Question {
    /// The path its diagnostics are reported under.
    pub fn path(self) -> String {
        match self {
            Question::Product => "product".into(),
            Question::Field(f) => f.path.into(),
            Question::Custom(id) => custom_field_path(id),
        }
    }
}

/// The questions of a section, in the wizard's order: the product first on Certificate, then
/// choices and short fields, the account's custom fields on Payment, multi-line fields last.
/// Whether each applies is decided when it is reached ([`applies`]).
pub fn questions(section: Section, account: &Account) -> Vec<Question> {
    let mut out = Vec::new();
    if section == Section::Certificate {
        out.push(Question::Product);
    }
    let fields: Vec<&'static FieldSpec> = catalog::section_fields(section).collect();
    out.extend(
        fields
            .iter()
            .filter(|f| !f.kind.is_multiline())
            .map(|f| Question::Field(f)),
    );
    if section == Section::Payment {
        out.extend(account.custom_fields().map(|m| Question::Custom(m.id)));
    }
    out.extend(
        fields
            .iter()
            .filter(|f| f.kind.is_multiline())
            .map(|f| Question::Field(f)),
    );
    out
}

/// Whether a section is asked: Shipping only when the token is shipped, as in the wizard.
pub fn section_applies(section: Section, draft: &Draft) -> bool {
    section != Section::Shipping || draft.provisioning() == Some(ProvisioningMethod::ShipToken)
}

/// Whether a question is asked, given the answers so far: the CSR only for email provisioning;
/// only the validity form the draft uses; the rest of an optional object (the organization
/// contact, the shipping address) only once its first field is given.
pub fn applies(question: Question, draft: &Draft) -> bool {
    let Question::Field(f) = question else {
        return true;
    };
    if f.kind == FieldKind::Csr {
        return draft.provisioning() == Some(ProvisioningMethod::Email) || draft.has(f.id);
    }
    if catalog::alternative(f.id).is_some() {
        return draft.validity_field() == f.id;
    }
    match f.object() {
        Some(object) => {
            let first = catalog::FIELDS.iter().find(|g| g.object() == Some(object));
            first.is_some_and(|g| g.path == f.path) || draft.object_given(object.path)
        }
        None => true,
    }
}

/// The label, with ` *` when the field is required in this draft.
pub fn label(account: &Account, question: Question, draft: &Draft) -> String {
    match question {
        Question::Product => "Product *".into(),
        Question::Field(f) if is_required(f, draft) => format!("{} *", f.label),
        Question::Field(f) => f.label.into(),
        Question::Custom(id) => match account.metadata(id) {
            Some(m) if m.is_required => format!("{} *", m.name()),
            Some(m) => m.name(),
            None => format!("Custom field {id}"),
        },
    }
}

/// One line of help: the catalog's, with how to answer.
pub fn help(account: &Account, question: Question) -> String {
    match question {
        Question::Product => "the product to order".into(),
        Question::Field(f) => {
            let mut help = f.help.to_owned();
            match f.kind {
                FieldKind::YesNo => help.push_str(" (yes or no)"),
                FieldKind::Agreement => help.push_str(" (yes to accept)"),
                FieldKind::IdList => help.push_str(" (numbers or ids, separated by commas)"),
                FieldKind::MultilineText { .. } => {
                    help.push_str(" (end with a line holding only a dot)")
                }
                FieldKind::Csr => help.push_str(
                    " (paste it and end with a line holding only a dot, or type @path/to/file)",
                ),
                _ => {}
            }
            help
        }
        Question::Custom(id) => {
            let kind = match account.metadata(id).map(|m| &m.data_type) {
                Some(DataType::Int) => "a whole number",
                Some(DataType::EmailAddress) => "an email address",
                Some(DataType::EmailList) => "email addresses, separated by commas",
                _ => "text",
            };
            format!("a custom field of the account ({kind})")
        }
    }
}

pub fn is_multiline(question: Question) -> bool {
    matches!(question, Question::Field(f) if f.kind.is_multiline())
}

pub fn current_value(question: Question, draft: &Draft) -> String {
    match question {
        Question::Product => draft.product.name_id().into(),
        Question::Field(f) => draft.get(f.id).into(),
        Question::Custom(id) => draft.custom_field(id).into(),
    }
}

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

pub fn set(question: Question, draft: &mut Draft, text: &str) {
    match question {
        Question::Product => {
            if let Ok(p) = text.trim().parse::<Product>() {
                draft.product = p;
            }
        }
        Question::Field(f) => draft.set(f.id, text),
        Question::Custom(id) => draft.set_custom_field(id, text),
    }
}
