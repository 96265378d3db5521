//! The autosave: a write at most about a second behind the typing, one on quit, and the choice
//! at start between the autosaved form and a new one.

use std::time::Instant;

use crate::order::Draft;
use crate::ordering;
use crate::store::Resume;
use crate::tui::app::Model;
use crate::tui::app::{Asked, Overlay};
use crate::tui::msg::Effect;
use crate::tui::navigation::{ask, error, info};
use crate::tui::screens::submit::update::may_send;

/// Whether the form is one the autosave keeps: one that may still be sent. A form being sent,
/// placed, or whose sending may have placed it is an order now, never "the order you were
/// typing" (its autosave was discarded when it was placed).
pub fn keeps_form(model: &Model) -> bool {
    may_send(crate::tui::screens::submit::commands::state_now(model))
}

/// Gives a pending edit its time: the runtime calls this with the time it took the message
/// that made the edit, so the one update of that message is the only one. No write starts
/// here: the runtime's timer sends [`on_clock`]'s message when one falls due.
pub fn stamp(autosave: &mut super::Autosave, now: Instant) {
    autosave.clock = Some(now);
    if autosave.edited {
        autosave.debouncer.changed(now);
        autosave.edited = false;
    }
}

/// The clock, sent by the runtime's timer when a write falls due: gives pending edits their
/// time and asks for a write once the debouncer says it is due. A form that may no longer be
/// sent is not the autosave's to keep: its edits are forgotten.
pub fn on_clock(model: &mut Model, now: Instant) -> Vec<Effect> {
    let keeps = keeps_form(model);
    stamp(&mut model.autosave, now);
    if !keeps {
        model.autosave.forget_edits();
        return Vec::new();
    }
    let a = &mut model.autosave;
    if a.held || a.writing || !a.debouncer.is_due(now) {
        return Vec::new();
    }
    a.writing = true;
    let position = model.position();
    model.autosave.saved_position = Some(position.clone());
    vec![Effect::Autosave {
        draft: Box::new(model.draft().clone()),
        taken: now,
        position,
    }]
}

pub fn on_saved(
    model: &mut Model,
    taken: Instant,
    at: Instant,
    result: Result<(), String>,
) -> Vec<Effect> {
    let a = &mut model.autosave;
    a.writing = false;
    match result {
        Ok(()) => a.debouncer.saved(taken),
        Err(e) => {
            a.debouncer.failed(at);
            model.say(error(format!("Autosave failed: {e}")));
        }
    }
    if std::mem::take(&mut model.autosave.quit_after_write) {
        return leave(model);
    }
    Vec::new()
}

/// The write on quitting could not be done: said after the terminal is back.
pub fn on_quit_save_failed(model: &mut Model, e: String) {
    model.say(error(format!("The form could not be saved: {e}")));
}

/// Leaves, writing the form first when it has unsaved changes. A write still on its way holds
/// an older form and could land after this one: its answer comes first.
pub fn quit(model: &mut Model) -> Vec<Effect> {
    model.autosave.quitting = true;
    if model.autosave.writing {
        model.autosave.quit_after_write = true;
        return Vec::new();
    }
    leave(model)
}

/// The write on quitting, if one is due, then leaving (without waiting for a write on its way:
/// [`quit`] waits; a signal that cannot wait longer calls this).
pub fn leave(model: &mut Model) -> Vec<Effect> {
    let mut effects = Vec::new();
    let position = model.position();
    let moved = model
        .autosave
        .saved_position
        .as_ref()
        .is_some_and(|saved| *saved != position);
    if !model.autosave.held && keeps_form(model) && (model.autosave.is_dirty() || moved) {
        effects.push(Effect::SaveOnQuit(
            Box::new(model.draft().clone()),
            position,
        ));
    }
    effects.push(Effect::Quit);
    effects
}

/// Quitting while the autosaved form is offered and not yet answered, after typing into the
/// form the first frame showed (the files are read after it): the autosave stays for the next
/// start, and what was typed is kept as a named draft, as resuming would keep it. `None` when
/// there is no such typing.
pub fn keep_typing_on_quit(model: &mut Model) -> Option<Effect> {
    let Some(Overlay::Confirm(c)) = model.overlay() else {
        return None;
    };
    let Asked::Resume(offered) = &c.asked else {
        return None;
    };
    if !typed_before_asked(model, offered) {
        return None;
    }
    let (name, keep) = keep_typed(model, "quitting");
    model.say(info(format!(
        "What you typed is kept as draft {name:?}; the autosaved order is offered next time"
    )));
    Some(keep)
}

/// The form typed before the autosave was offered, kept as a named draft "typed before `on`
/// <time>": the name and the effect that keeps it.
fn keep_typed(model: &Model, on: &str) -> (String, Effect) {
    let at = model.now().map(ordering::when).unwrap_or_default();
    let name = format!("typed before {on} {at}").trim_end().to_owned();
    let keep = Effect::KeepDraft {
        name: name.clone(),
        draft: Box::new(model.draft().clone()),
    };
    (name, keep)
}

/// After the terminal is back: where an unsent form with typing in it was kept and how to take
/// it up, or that it could not be kept; `None` when there is nothing to say. "Kept" only when
/// the autosave file holds this very form.
pub fn kept_note(model: &Model, autosave: &std::path::Path) -> Option<String> {
    if !keeps_form(model)
        || model.autosave.is_held()
        || crate::store::drafts::untouched(model.draft())
    {
        return None;
    }
    if let Some(n) = model.notice()
        && n.is_error
        && n.text.starts_with("The form could not be saved")
    {
        return Some(format!("certwiz: {}", n.text));
    }
    let on_disk = std::fs::read_to_string(autosave)
        .ok()
        .and_then(|text| serde_json::from_str::<crate::order::DraftFile>(&text).ok());
    (on_disk.is_some_and(|file| file.draft == *model.draft())).then(|| {
        format!(
            "certwiz: the form is kept in {}; run certwiz again to resume it \
             (certwiz --new starts a new one)",
            autosave.display()
        )
    })
}

/// Takes up the autosaved form.
pub fn resume(model: &mut Model, draft: Draft) -> Vec<Effect> {
    let mut effects = Vec::new();
    // Typed before the question was read from disk and asked: kept, not replaced unseen.
    let kept = typed_before_asked(model, &draft).then(|| {
        let (name, keep) = keep_typed(model, "resuming");
        effects.push(keep);
        name
    });
    let product_changed = draft.product != model.draft().product;
    model.replace_draft(draft);
    model.autosave.held = false;
    model.revalidate();
    let at = model.autosave.resume_at.take();
    if let Some(at) = &at {
        crate::tui::navigation::go_to_position(model, at);
    }
    model.autosave.saved_position = Some(model.position());
    model.open_editor();
    let mut said = match at {
        Some(_) => format!(
            "Resumed the autosaved order where you were: {}",
            model.nav.screen().title()
        ),
        None => "Resumed the autosaved order".into(),
    };
    if let Some(name) = kept {
        said.push_str(&format!(
            "; what you typed before is kept as draft {name:?}"
        ));
    }
    model.say(info(said));
    if product_changed {
        effects.push(Effect::LoadProduct(model.draft().product));
    }
    effects
}

/// Whether the form has typing of its own that taking up `autosaved` would replace: typed at
/// start before the autosave was read and the question asked.
fn typed_before_asked(model: &Model, autosaved: &Draft) -> bool {
    !crate::store::drafts::untouched(model.draft()) && model.draft() != autosaved
}

/// The answer to "resume the autosaved form?": yes takes it up, no starts a new form.
pub fn answered(model: &mut Model, draft: Draft, yes: bool) -> Vec<Effect> {
    if yes {
        resume(model, draft)
    } else {
        start_new(model)
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
            model.set_notice(name.map(|name| {
                info(format!(
                    "The earlier form is kept as draft {name:?} (certwiz draft show)"
                ))
            }));
        }
        // Writing now would overwrite the only copy of the earlier form.
        Err(e) => model.set_notice(Some(error(format!(
            "Could not keep the earlier form ({e}); this one is not autosaved"
        )))),
    }
}

/// Holds every write until the files on disk are read at start (the wizard draws its first
/// frame before): a write before could replace the autosave that is to be offered, or kept as a
/// draft with `--new`.
pub fn hold_until_started(model: &mut Model) {
    model.autosave.held = true;
}

/// The files are read and there is no autosaved form to offer: what was typed since start is
/// autosaved from now on.
pub fn release_after_start(model: &mut Model) {
    model.autosave.held = false;
}

/// Asks whether to take up the autosaved form; nothing is autosaved until that is answered.
/// Files set aside at start, if already reported, are named at the top of the same question.
pub fn offer_resume(model: &mut Model, resume: Resume) {
    model.autosave.held = true;
    let mut lines = match model.take_overlay() {
        Some(Overlay::Confirm(c)) if c.asked == Asked::Dismiss => {
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
    if typed_before_asked(model, &resume.draft) {
        lines.push(
            "What you typed before this was asked is kept: as a named draft if you resume, \
             as the new form if not."
                .into(),
        );
    }
    ask(
        model,
        "Resume the order you were typing?".into(),
        lines,
        Asked::Resume(Box::new(resume.draft)),
    );
    model.autosave.resume_at = resume.position;
}
