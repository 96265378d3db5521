//! The form's functions on the model: every change to the form's state ([`super::state`]) goes
//! through these, from the form's own keys or from another feature (an opened draft, a renewal,
//! moving around, an answer from DigiCert).

use crate::order::Draft;
use crate::order::validate::{Diagnostic, validate};
use crate::tui::app::{Model, Notice, Row, Screen};
use crate::tui::input::TextInput;

impl Model {
    /// Re-runs validation with what the account and product say.
    pub fn revalidate(&mut self) {
        let ctx = self.context_for(self.form.draft().product);
        self.form.diagnostics = validate(self.form.draft(), &ctx);
    }

    /// Sets a row's text: an edit is noted for the autosave, and the API's errors for the row
    /// go.
    pub fn set_value(&mut self, row: Row, text: &str) {
        if let Some(why) = crate::form::refusal(row, text) {
            // Refused at the field (a private key for the CSR, a text longer than any field
            // takes): the editor goes back to what the draft keeps.
            let name = match row {
                Row::Field(f) => f.label,
                Row::Product => "Product",
                Row::Custom(_) => "Custom field",
            };
            self.say(Notice {
                text: format!("{name} {why}"),
                is_error: true,
            });
            self.form.editor = None;
            self.open_editor();
            return;
        }
        if row == Row::Product
            && let Ok(product) = text.trim().parse::<crate::order::Product>()
            && product != self.form.draft().product
        {
            let changes = crate::form::change_product(self.form.draft_mut(), product);
            self.set_notice(
                crate::order::convert::summary(product, &changes).map(|text| Notice {
                    text,
                    is_error: false,
                }),
            );
            self.autosave.note_edit();
        } else if crate::form::set_value(row, self.form.draft_mut(), text) {
            self.autosave.note_edit();
        }
        let path = row.path();
        self.form.api_errors.retain(|d| d.path != path);
        self.revalidate();
    }

    /// Replaces the whole form (a resumed autosave, an opened draft, a batch row), noting the
    /// change for the autosave when it is one.
    pub fn replace_draft(&mut self, draft: Draft) {
        self.form.renewal_of = None;
        self.form.instead_of = None;
        if draft != *self.form.draft() {
            *self.form.draft_mut() = draft;
            self.autosave.note_edit();
        }
    }

    /// Replaces the whole form with another one (an opened draft, a batch row): as
    /// [`replace_draft`](Self::replace_draft), and what DigiCert said of the old form's fields
    /// goes with it.
    pub fn replace_form(&mut self, draft: Draft) {
        self.replace_draft(draft);
        self.form.api_errors.clear();
    }

    /// Replaces the whole form with a renewal of order `old` (sent as `renewal_of_order_id`).
    pub fn renew_form(&mut self, draft: Draft, old: i64) {
        self.replace_form(draft);
        self.form.renewal_of = Some(old);
    }

    /// The renewal of `old` was refused and the person chose to place the form as a new order
    /// instead: it is no longer a renewal, and the journal decides it with `old`'s renewals.
    pub fn place_instead_of_renewal(&mut self, old: i64) {
        self.form.renewal_of = None;
        self.form.instead_of = Some(old);
    }

    /// DigiCert refused the order naming a field: its error shows there until the field is
    /// edited.
    pub fn api_error(&mut self, path: &str, message: String) {
        self.form
            .api_errors
            .push(Diagnostic::error(path.to_owned(), "api", message));
        self.form.flagged.insert(path.to_owned());
    }

    /// Puts an input on the focused row if it is typed into.
    pub fn open_editor(&mut self) {
        self.form.editor = match self.overlay() {
            None => self.focused_row().and_then(|row| {
                super::lines(row).map(|lines| {
                    let mut input = TextInput::new(&self.value(row), lines);
                    input.set_placeholder(self.placeholder(row));
                    input
                })
            }),
            Some(_) => None,
        };
    }

    /// Takes the focused row's input away, while something covers the form (a question, a
    /// prompt, a list, the help) or another screen shows.
    pub fn close_editor(&mut self) {
        self.form.editor = None;
    }

    /// Shows the problems of the field at `path` (it was chosen, loaded, or passed).
    pub fn flag(&mut self, path: String) {
        self.form.flagged.insert(path);
    }

    /// Flags every row of a screen, as when the person moves on from it.
    pub fn flag_screen(&mut self, screen: Screen) {
        for row in self.rows(screen) {
            self.form.flagged.insert(row.path().into_owned());
        }
    }

    /// Flags every field of the form and every problem's path.
    pub fn flag_all(&mut self) {
        for screen in Screen::ALL {
            self.flag_screen(screen);
        }
        let paths: Vec<String> = self
            .form
            .diagnostics
            .iter()
            .map(|d| d.path.clone())
            .collect();
        self.form.flagged.extend(paths);
    }

    /// The focused row is left: its problems show from now on if the person typed into it.
    pub fn leave_focused(&mut self) {
        if self.form.typed_in_focus
            && let Some(row) = self.focused_row()
        {
            self.form.flagged.insert(row.path().into_owned());
        }
        self.form.typed_in_focus = false;
    }

    /// Focuses row `to` of the screen, flagging the one left if it was typed into (passing over
    /// a field does not touch it), and gives it its input.
    pub fn focus_on(&mut self, to: usize) {
        if to != self.form.focus {
            self.leave_focused();
        }
        self.form.focus = to;
        self.open_editor();
    }

    /// Puts the focus on row `to` as it is, nothing left or flagged: another screen was opened,
    /// or the rows shifted under the focus. The input follows with [`open_editor`](Self::open_editor).
    pub fn put_focus(&mut self, to: usize) {
        self.form.focus = to;
    }

    /// An untouched new form starts over as `draft` (the account does not sell its product):
    /// nothing was typed, so nothing is noted for the autosave.
    pub fn start_over(&mut self, draft: Draft) {
        *self.form.draft_mut() = draft;
    }

    /// The draft, for a test to set a path as a loaded file or profile would.
    #[cfg(test)]
    pub fn draft_mut(&mut self) -> &mut Draft {
        self.form.draft_mut()
    }
}
