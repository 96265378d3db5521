//! The form's own state: the draft, the focused row and its input, which fields show their problems, what
//! was typed ahead on a choice, the form's problems, and what the form is (a renewal, or a new
//! order in place of a refused renewal). Only the form changes it (the fields are private to
//! [`super`]); others read it, and change it through the form's functions on the model
//! ([`super::model`]).

use std::cell::OnceCell;
use std::collections::BTreeSet;

use crate::form::Row;
use crate::order::Draft;
use crate::order::preflight::CheckedFor;
use crate::order::validate::Diagnostic;
use crate::tui::input::TextInput;

/// The form's part of the model.
#[derive(Debug, Clone)]
pub struct FormState {
    /// The order being written; changed only through [`FormState::draft_mut`].
    draft: Draft,
    /// The values of the draft a pre-flight check reads ([`FormState::checked_for`]), worked
    /// out once per change of the draft: once a check was read, every row drawn asks for them,
    /// and working them out builds the order's whole request.
    checked: OnceCell<Option<CheckedFor>>,
    /// The focused row of a form screen.
    pub(super) focus: usize,
    /// The focused text field's input; its text is copied into the draft on every edit.
    pub(super) editor: Option<TextInput>,
    /// Paths whose problems are shown ("touched"): left after typing into them, chosen, or
    /// passed by moving on to a later screen or submitting.
    pub(super) flagged: BTreeSet<String>,
    /// What was typed on a choice field to pick its value, the row it was typed on, and the
    /// clock tick it started at (a pause of a tick starts over).
    pub(super) type_ahead: (String, Option<Row>, u64),
    /// Whether the person typed into the focused row since focusing it: leaving it then shows
    /// its problems; passing over it untouched does not.
    pub(super) typed_in_focus: bool,
    /// What validation says of the form.
    pub(super) diagnostics: Vec<Diagnostic>,
    /// Errors the API named for a field; dropped when that field is edited.
    pub(super) api_errors: Vec<Diagnostic>,
    /// The order this form renews: sent as `renewal_of_order_id`, and the journal knows the
    /// attempt by it. Dropped when another form replaces this one.
    pub(super) renewal_of: Option<i64>,
    /// The order whose refused renewal this form is placed in place of, as a new order: the
    /// journal decides it with that order's renewals. Dropped with `renewal_of`.
    pub(super) instead_of: Option<i64>,
}

impl FormState {
    /// A form for `draft`, nothing focused past its first row, nothing flagged, no problems
    /// known yet.
    pub fn new(draft: Draft) -> Self {
        FormState {
            draft,
            checked: OnceCell::new(),
            focus: 0,
            editor: None,
            flagged: BTreeSet::new(),
            type_ahead: (String::new(), None, 0),
            typed_in_focus: false,
            diagnostics: Vec::new(),
            api_errors: Vec::new(),
            renewal_of: None,
            instead_of: None,
        }
    }

    /// The order being written.
    pub fn draft(&self) -> &Draft {
        &self.draft
    }

    /// The draft, to change: what was worked out from it goes.
    pub(super) fn draft_mut(&mut self) -> &mut Draft {
        self.checked = OnceCell::new();
        &mut self.draft
    }

    /// The values of the draft a pre-flight check reads; none when it makes no request.
    pub fn checked_for(&self) -> Option<&CheckedFor> {
        let checked = self.checked.get_or_init(|| {
            #[cfg(test)]
            WORKED_OUT.with(|n| n.set(n.get() + 1));
            checked_for(&self.draft)
        });
        debug_assert_eq!(
            *checked,
            checked_for(&self.draft),
            "the draft changed without FormState::draft_mut"
        );
        checked.as_ref()
    }

    /// The focused row's index on its screen.
    pub fn focus(&self) -> usize {
        self.focus
    }

    /// The focused text field's input, when it is typed into.
    pub fn editor(&self) -> Option<&TextInput> {
        self.editor.as_ref()
    }

    /// Whether the problems of the field at `path` are shown.
    pub fn is_flagged(&self, path: &str) -> bool {
        self.flagged.contains(path)
    }

    /// What validation says of the form.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }

    /// Errors the API named for a field.
    pub fn api_errors(&self) -> &[Diagnostic] {
        &self.api_errors
    }

    /// The order this form renews.
    pub fn renewal_of(&self) -> Option<i64> {
        self.renewal_of
    }

    /// The order whose refused renewal this form is placed in place of.
    pub fn instead_of(&self) -> Option<i64> {
        self.instead_of
    }
}

#[cfg(test)]
thread_local! {
    /// How many times [`FormState::checked_for`] worked the values out on this thread.
    pub static WORKED_OUT: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// The values of `draft` a pre-flight check reads, from the request it makes.
fn checked_for(draft: &Draft) -> Option<CheckedFor> {
    let request = draft.to_request().ok()?;
    Some(CheckedFor::of(draft.product.name_id(), &request))
}
