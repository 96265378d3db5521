//! Saved profiles and drafts: subject and shipping profiles (on those screens) and named drafts,
//! listed with their summaries, to load, save under a name, rename or delete. The store does the work
//! (the same functions as `certwiz profile` and `certwiz draft`); this is the conversation.

use crate::ordering;
use crate::store::ProfileKind;
use crate::tui::app::{
    Asked, Model, Overlay, PromptPurpose, SavedItem, SavedKind, SavedList, Screen,
};
use crate::tui::keymap::Action;
use crate::tui::msg::{Effect, Opened, SavedChange};
use crate::tui::navigation::{ask, close_overlay, error, info, open_prompt};

/// Opens the profiles of the screen's kind.
pub fn open_profiles(model: &mut Model) -> Vec<Effect> {
    if model.rows(model.nav.screen()).is_empty() {
        return Vec::new();
    }
    match model.nav.screen() {
        Screen::Subject => open(model, SavedKind::Profile(ProfileKind::Subject)),
        Screen::Shipping => open(model, SavedKind::Profile(ProfileKind::Shipping)),
        _ => Vec::new(),
    }
}

/// Opens the list of saved profiles or drafts of `kind`; its list is read from the store.
pub fn open(model: &mut Model, kind: SavedKind) -> Vec<Effect> {
    model.close_editor();
    model.show_overlay(Overlay::SavedList(SavedList {
        kind,
        items: None,
        cursor: 0,
    }));
    vec![Effect::ListSaved(kind)]
}

pub fn on_key(model: &mut Model, mut saved: SavedList, action: Action) -> Vec<Effect> {
    let kind = saved.kind;
    let what = kind.what();
    let len = saved.items.as_ref().map_or(0, Vec::len);
    match action {
        Action::Back => return close_overlay(model),
        Action::FieldUp => saved.cursor = saved.cursor.saturating_sub(1),
        Action::FieldDown => saved.cursor = (saved.cursor + 1).min(len.saturating_sub(1)),
        Action::Activate => {
            if let Some(item) = saved.selected() {
                let name = item.name.clone();
                // A form placed (unchanged since) is an order now: nothing to keep.
                let typed = *model.draft() != Model::new_draft(model.draft().product)
                    && crate::tui::autosave::update::keeps_form(model);
                let keep = (kind == SavedKind::Draft && typed).then(|| {
                    let at = model.now().map(ordering::when).unwrap_or_default();
                    let kept = format!("before {name} {at}").trim_end().to_owned();
                    (kept, Box::new(model.draft().clone()))
                });
                model.show_overlay(Overlay::SavedList(saved));
                return vec![Effect::OpenSaved { kind, name, keep }];
            }
        }
        Action::SaveAs => {
            open_prompt(
                model,
                PromptPurpose::SaveAs(kind),
                &format!("Save as a {what}"),
                "a name; any text, such as Rene / counselor",
                "",
            );
            return Vec::new();
        }
        Action::RenameSaved => {
            if let Some(item) = saved.selected() {
                let from = item.name.clone();
                open_prompt(
                    model,
                    PromptPurpose::RenameSaved {
                        kind,
                        from: from.clone(),
                    },
                    &format!("Rename {what} {from:?}"),
                    "the new name",
                    &from,
                );
                return Vec::new();
            }
        }
        Action::DeleteSaved => {
            if let Some(item) = saved.selected() {
                let (name, summary) = (item.name.clone(), item.summary.clone());
                ask(
                    model,
                    format!("Delete {what} {name:?}?"),
                    vec![summary],
                    Asked::DeleteSaved { kind, name },
                );
                return Vec::new();
            }
        }
        _ => {}
    }
    model.show_overlay(Overlay::SavedList(saved));
    Vec::new()
}

/// What the text of a prompt the list opened does.
pub fn finish_prompt(model: &Model, purpose: PromptPurpose, text: String) -> Vec<Effect> {
    match purpose {
        PromptPurpose::SaveAs(kind) => vec![Effect::ChangeSaved(
            kind,
            SavedChange::Save {
                name: text,
                draft: Box::new(model.draft().clone()),
            },
        )],
        PromptPurpose::RenameSaved { kind, from } => {
            vec![Effect::ChangeSaved(
                kind,
                SavedChange::Rename { from, to: text },
            )]
        }
        _ => Vec::new(),
    }
}

pub fn on_list(model: &mut Model, kind: SavedKind, result: Result<Vec<SavedItem>, String>) {
    let Some(Overlay::SavedList(saved)) = model.overlay_mut() else {
        return;
    };
    if saved.kind != kind {
        return;
    }
    match result {
        Ok(items) => {
            saved.cursor = saved.cursor.min(items.len().saturating_sub(1));
            saved.items = Some(items);
        }
        Err(e) => {
            close_overlay(model);
            model.say(error(format!("Cannot list the {}s: {e}", kind.what())));
        }
    }
}

/// A "yes" to deleting a saved profile or draft.
pub fn delete(kind: SavedKind, name: String) -> Vec<Effect> {
    vec![Effect::ChangeSaved(kind, SavedChange::Delete { name })]
}

/// Loads a profile into the form (its fields flagged, so the form's rules show any problem at
/// once), or a draft in place of the form.
pub fn on_opened(model: &mut Model, result: Result<Opened, String>) -> Vec<Effect> {
    let opened = match result {
        Ok(opened) => opened,
        Err(e) => {
            model.say(error(format!("Cannot load it: {e}")));
            return Vec::new();
        }
    };
    model.hide_overlay();
    let mut effects = Vec::new();
    match opened {
        Opened::Profile(profile) => {
            let mut draft = model.draft().clone();
            profile.apply_to(&mut draft);
            model.replace_draft(draft);
            for spec in profile.kind.fields() {
                model.flag(spec.path.to_owned());
            }
            model.revalidate();
            let problems = profile
                .diagnostics()
                .iter()
                .filter(|d| d.is_error())
                .count();
            let what = SavedKind::Profile(profile.kind).what();
            model.say(if problems == 0 {
                info(format!("Loaded {what} {:?}", profile.name))
            } else {
                error(format!(
                    "Loaded {what} {:?}; {problems} problem{} shown at the fields",
                    profile.name,
                    if problems == 1 { "" } else { "s" }
                ))
            });
        }
        Opened::Draft { name, draft, kept } => {
            if draft.product != model.draft().product {
                effects.push(Effect::LoadProduct(draft.product));
            }
            model.replace_form(*draft);
            model.submit.for_another_form();
            model.revalidate();
            model.say(info(match kept {
                Some(kept) => format!("Opened draft {name:?}; the form before is draft {kept:?}"),
                None => format!("Opened draft {name:?}"),
            }));
        }
    }
    model.open_editor();
    effects
}

/// After a save, rename or delete: says what happened and shows the list again.
pub fn on_done(model: &mut Model, kind: SavedKind, result: Result<String, String>) -> Vec<Effect> {
    match result {
        Ok(done) => {
            model.say(info(done));
            if model.overlay().is_none() {
                return open(model, kind);
            }
            Vec::new()
        }
        Err(e) => {
            model.say(error(e));
            Vec::new()
        }
    }
}
