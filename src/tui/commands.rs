//! The commands offered where the person is, gitui-style: the key table ([`super::keymap`]) says
//! which keys exist in which scope; this module says which scopes are in force and whether each
//! command would do anything in the model as it stands. The footer shows only enabled commands,
//! and the update function asks the same checks for its "why not" messages, so a key the footer
//! shows always does what it says.

use super::app::{Asked, Model, Overlay, Row, Screen};
use super::input::{Lines, TextInput};
use super::keymap::{self, Action, Binding, Key, Scope};
use super::overlays::{picker, saved};
use super::screens::{form, orders, review, submit};

/// One command as the footer offers it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Command {
    /// The key the footer names (the binding's first).
    pub key: Key,
    /// The footer's word for it here.
    pub word: &'static str,
    pub action: Action,
    pub scope: Scope,
}

impl Command {
    /// How the footer names the key: ←/→ for a choice's pair of arrows, else the key itself.
    pub fn key_name(&self) -> std::borrow::Cow<'static, str> {
        match self.action {
            Action::CycleNext | Action::CyclePrev => "←/→".into(),
            _ => self.key.name(),
        }
    }
}

/// The key scopes in force, most specific first; the footer shows the same list.
pub fn scopes(model: &Model) -> Vec<Scope> {
    let mut scopes = match model.overlay() {
        Some(Overlay::Help) => vec![Scope::HelpOverlay],
        Some(Overlay::Picker(p)) if p.ticked.is_some() => vec![Scope::Picker, Scope::MultiPicker],
        Some(Overlay::Picker(_)) => vec![Scope::Picker],
        Some(Overlay::Confirm(c)) => match c.asked {
            Asked::Resume(_) => vec![Scope::ResumeQuestion],
            Asked::Dismiss => vec![Scope::Message],
            _ if c.needs_y(model.endpoint().live) => vec![Scope::Resend],
            _ => vec![Scope::Confirm],
        },
        Some(Overlay::Prompt(_)) => vec![Scope::Prompt, Scope::Text],
        Some(Overlay::SavedList(_)) => vec![Scope::SavedList],
        Some(Overlay::Batch) => vec![Scope::Batch],
        None => match model.nav.screen() {
            Screen::Review => vec![Scope::Review, Scope::Browsing, Scope::Global],
            Screen::Submit => vec![Scope::Submit, Scope::Browsing, Scope::Global],
            Screen::Orders => vec![Scope::Orders, Scope::Browsing, Scope::Global],
            _ => match model.form.editor().map(TextInput::lines) {
                Some(Lines::Multi) => {
                    let csr = model.focused_row().is_some_and(Row::is_csr);
                    let mut s = if csr {
                        vec![Scope::CsrField]
                    } else {
                        Vec::new()
                    };
                    s.extend([Scope::Multiline, Scope::Text, Scope::Global]);
                    s
                }
                Some(Lines::Single) => vec![Scope::Text, Scope::Global],
                None => vec![Scope::Form, Scope::Browsing, Scope::Global],
            },
        },
    };
    // Subject profiles hold `subject`, which only the older products' body has; shipping
    // profiles hold `ship_info`, which every product's body has.
    let profiles_apply = match model.nav.screen() {
        Screen::Subject => !model.draft().product.is_current(),
        Screen::Shipping => true,
        _ => false,
    };
    if model.overlay().is_none() && profiles_apply && !model.rows(model.nav.screen()).is_empty() {
        let at = scopes.len().saturating_sub(1);
        scopes.insert(at, Scope::ProfileScreen);
    }
    scopes.push(Scope::Always);
    scopes
}

/// The commands the footer shows: the scopes' footer bindings that would do something here.
pub fn footer(model: &Model) -> Vec<Command> {
    keymap::footer_bindings(&scopes(model))
        .into_iter()
        .filter_map(|binding| {
            Some(Command {
                key: binding.keys[0],
                word: word(model, binding)?,
                action: binding.action,
                scope: binding.scope,
            })
        })
        .collect()
}

/// An overlay's own commands as its frame names them (`Enter load · Esc close`): the footer's
/// entries but the ones offered everywhere, so the frame and the footer never disagree.
pub fn overlay_hint(model: &Model) -> String {
    footer(model)
        .into_iter()
        .filter(|c| c.scope != Scope::Always)
        .map(|c| format!("{} {}", c.key_name(), c.word))
        .collect::<Vec<_>>()
        .join(" · ")
}

/// The footer's word for a binding here, or `None` when it would do nothing: each feature
/// answers for its own scopes; moving around is answered here.
fn word(model: &Model, binding: &Binding) -> Option<&'static str> {
    match binding.scope {
        Scope::Form | Scope::Text | Scope::Multiline | Scope::CsrField | Scope::ProfileScreen => {
            form::commands::word(model, binding)
        }
        Scope::Review => review::commands::word(model, binding),
        Scope::Submit => submit::commands::word(model, binding),
        Scope::Orders => orders::commands::word(model, binding),
        Scope::Picker | Scope::MultiPicker => picker::commands::word(model, binding),
        Scope::SavedList => saved::commands::word(model, binding),
        Scope::Always | Scope::Global | Scope::Browsing => navigation_word(model, binding),
        Scope::Prompt
        | Scope::Confirm
        | Scope::Resend
        | Scope::ResumeQuestion
        | Scope::Message
        | Scope::Batch
        | Scope::HelpOverlay => binding.footer,
    }
}

/// Moving around: help, screens, fields.
fn navigation_word(model: &Model, binding: &Binding) -> Option<&'static str> {
    let enabled = match binding.action {
        // Over a picker, question, prompt or list, F1 does nothing; the help closes itself.
        Action::Help => model.overlay().is_none(),
        Action::NextScreen => model.nav.screen().next().is_some(),
        Action::PrevScreen => model.nav.screen().prev().is_some(),
        Action::NextField => focusable(model) > 1,
        Action::Batch => model.batch.is_open(),
        _ => true,
    };
    binding.footer.filter(|_| enabled)
}

/// How many things Tab moves between where the person is.
fn focusable(model: &Model) -> usize {
    match model.nav.screen() {
        Screen::Review => model.review_rows().len(),
        Screen::Orders => match model.orders.list() {
            super::app::OrdersList::Followed => model.orders.followed().len(),
            super::app::OrdersList::Account => model.orders.certificates().rows.len(),
        },
        Screen::Submit => 0,
        screen => model.rows(screen).len(),
    }
}

#[cfg(test)]
mod tests;
