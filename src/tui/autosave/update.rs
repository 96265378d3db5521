//! The autosave: a write at most about a second behind the typing, one on quit, and the choice
//! at start between the autosaved form and a new one.

use std::time::Instant;

use crate::order::Draft;
use crate::ordering;
use crate::store::Resume;
use crate::tui::app::Model;
use crate::tui::app::{Overlay, YesAction};
use crate::tui::msg::Effect;
use crate::tui::navigation::{ask, error, info};
use crate::tui::screens::submit::update::may_send;

/// Whether the form is one the autosave keeps: one that may still be sent. A form being sent,
/// placed, or whose sending may have placed it is an order now, never "the order you were
/// typing" (its autosave was discarded when it was placed).
pub fn keeps_form(model: &Model) -> bool {
    may_send(&model.submit)
}

/// Gives pending edits their time and asks for a write once the debouncer says it is due.
pub fn on_clock(model: &mut Model, now: Instant) -> Vec<Effect> {
    let keeps = keeps_form(model);
    let a = &mut model.autosave;
    a.clock = Some(now);
    if a.edited {
        a.debouncer.changed(now);
        a.edited = false;
    }
    if !keeps {
        a.debouncer = crate::store::Debouncer::default();
        return Vec::new();
    }
    if a.held || a.writing || !a.debouncer.is_due(now) {
        return Vec::new();
    }
    a.writing = true;
    let position = model.position();
    model.autosave.saved_position = Some(position.clone());
    vec![Effect::Autosave {
        draft: Box::new(model.draft.clone()),
        taken: now,
        position,
    }]
}

pub fn on_saved(model: &mut Model, taken: Instant, at: Instant, result: Result<(), String>) {
    let a = &mut model.autosave;
    a.writing = false;
    match result {
        Ok(()) => a.debouncer.saved(taken),
        Err(e) => {
            a.debouncer.failed(at);
            model.notice = Some(error(format!("Autosave failed: {e}")));
        }
    }
}

/// Leaves, writing the form first when it has unsaved changes.
pub fn quit(model: &mut Model) -> Vec<Effect> {
    model.quitting = true;
    let mut effects = Vec::new();
    let position = model.position();
    let moved = model
        .autosave
        .saved_position
        .as_ref()
        .is_some_and(|saved| *saved != position);
    if !model.autosave.held && keeps_form(model) && (model.autosave.is_dirty() || moved) {
        effects.push(Effect::SaveOnQuit(Box::new(model.draft.clone()), position));
    }
    effects.push(Effect::Quit);
    effects
}

/// After the terminal is back: where an unsent form with typing in it was kept and how to take
/// it up, or that it could not be kept; `None` when there is nothing to say. "Kept" only when
/// the autosave file holds this very form.
pub fn kept_note(model: &Model, autosave: &std::path::Path) -> Option<String> {
    if !keeps_form(model) || model.autosave.held || crate::store::drafts::untouched(&model.draft) {
        return None;
    }
    if let Some(n) = &model.notice
        && n.is_error
        && n.text.starts_with("The form could not be saved")
    {
        return Some(format!("certwiz: {}", n.text));
    }
    let on_disk = std::fs::read_to_string(autosave)
        .ok()
        .and_then(|text| serde_json::from_str::<crate::order::DraftFile>(&text).ok());
    (on_disk.is_some_and(|file| file.draft == model.draft)).then(|| {
        format!(
            "certwiz: the unsent form is kept in {}; run certwiz again to resume it \
             (certwiz --new starts a new one)",
            autosave.display()
        )
    })
}

/// Takes up the autosaved form.
pub fn resume(model: &mut Model, draft: Draft) -> Vec<Effect> {
    let product_changed = draft.product != model.draft.product;
    model.draft = draft;
    model.autosave.held = false;
    model.revalidate();
    let at = model.autosave.resume_at.take();
    if let Some(at) = &at {
        crate::tui::navigation::go_to_position(model, at);
    }
    model.autosave.saved_position = Some(model.position());
    model.open_editor();
    model.notice = Some(info(match at {
        Some(_) => format!(
            "Resumed the autosaved order where you were: {}",
            model.screen.title()
        ),
        None => "Resumed the autosaved order".into(),
    }));
    if product_changed {
        vec![Effect::LoadProduct(model.draft.product)]
    } else {
        Vec::new()
    }
}

/// Starts on the new form; the autosave is kept as a named draft before anything overwrites it.
pub fn start_new(model: &mut Model) -> Vec<Effect> {
    model.autosave.held = true;
    model.autosave.resume_at = None;
    vec![Effect::ArchiveAutosave]
}

pub fn on_archived(model: &mut Model, result: Result<Option<String>, String>) {
    match result {
        Ok(name) => {
            model.autosave.held = false;
            model.notice = name.map(|name| {
                info(format!(
                    "The earlier form is kept as draft {name:?} (certwiz draft show)"
                ))
            });
        }
        // Writing now would overwrite the only copy of the earlier form.
        Err(e) => {
            model.notice = Some(error(format!(
                "Could not keep the earlier form ({e}); this one is not autosaved"
            )))
        }
    }
}

/// Asks whether to take up the autosaved form; nothing is autosaved until that is answered.
/// Files set aside at start, if already reported, are named at the top of the same question.
pub fn offer_resume(model: &mut Model, resume: Resume) {
    model.autosave.held = true;
    let mut lines = match model.overlay.take() {
        Some(Overlay::Confirm(c)) if c.on_yes == YesAction::Dismiss => {
            let mut lines = c.lines;
            lines.push(String::new());
            lines
        }
        _ => Vec::new(),
    };
    let saved = resume
        .saved_at
        .map(ordering::when)
        .unwrap_or_else(|| "an unknown time".into());
    lines.extend([
        format!("Autosaved at {saved}:"),
        resume.summary,
        "y resumes it; n starts a new form and keeps this one as a named draft.".into(),
    ]);
    ask(
        model,
        "Resume the order you were typing?".into(),
        lines,
        YesAction::Resume(Box::new(resume.draft)),
    );
    model.autosave.resume_at = resume.position;
}
