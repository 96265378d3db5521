//! The wizard: a full-screen TUI in the Elm style. Input and task results become [`msg::Msg`]s;
//! [`update::update`] routes each to its feature, which changes the [`app::Model`] and returns
//! [`msg::Effect`]s; [`view`] draws the frame and asks the screen and overlay showing to draw
//! themselves; [`runtime`] runs the loop and the effects; [`services::Services`] is the only way
//! out to the network. Features: the screens in [`screens`], the overlays in [`overlays`], and the
//! [`autosave`]; each owns its state, update, drawing and commands ([`commands`] gathers them for
//! the footer and dispatch).

pub mod api_services;
pub mod app;
pub mod autosave;
pub mod commands;
pub mod delivery;
pub mod events;
pub mod input;
pub mod keymap;
pub mod layout;
pub mod msg;
pub mod navigation;
pub mod overlays;
pub mod runtime;
pub mod screens;
pub mod sending;
pub mod services;
pub mod signals;
pub mod storage;
pub mod terminal;
pub mod theme;
pub mod update;
pub mod view;

use std::io;
use std::sync::Arc;

use app::{EndpointBadge, Model};
use msg::Effect;
use services::Services;
use theme::Theme;

use crate::order::Draft;
use crate::store::{JournalEntry, Resume, SetAside};
use storage::Storage;

/// What the wizard starts with.
#[derive(Debug, Clone)]
pub struct Options {
    pub endpoint: EndpointBadge,
    /// The form's starting values (a new order's defaults for `--new`).
    pub draft: Draft,
    /// The autosaved form to offer.
    pub resume: Option<Resume>,
    /// The journal, newest first: unfinished orders are followed again.
    pub journal: Vec<JournalEntry>,
    /// Files the store set aside, and other things to say at start.
    pub set_aside: Vec<SetAside>,
    /// Said first, such as the name the earlier autosave was kept under.
    pub notice: Option<String>,
    /// Whether mouse clicks are reported (`mouse` in `config.toml`).
    pub mouse: terminal::Mouse,
    /// A batch file to review, shown over the first screen.
    pub batch: Option<overlays::batch::BatchReview>,
}

/// Opens the wizard on the current terminal and runs it until the person quits. Everything that
/// can fail without the terminal (connecting, reading files) must be done before calling this.
pub async fn run<S: Services>(
    services: Arc<S>,
    storage: Storage,
    options: Options,
) -> io::Result<Model> {
    let theme = Theme::for_term(
        std::env::var("NO_COLOR").ok().as_deref(),
        std::env::var("TERM").ok().as_deref(),
    );
    let size = crossterm::terminal::size().unwrap_or((80, 24));
    let mut model = Model::new(options.draft, options.endpoint, theme, size);
    let mut first = vec![
        Effect::LoadAccount,
        Effect::LoadProduct(model.draft().product),
    ];
    first.extend(update::follow_journal(&mut model, &options.journal));
    // The whole journal is not needed past this point (a thousand entries are megabytes).
    drop(options.journal);
    if let Some(text) = options.notice {
        model.say(app::Notice {
            text,
            is_error: false,
        });
    }
    update::report_set_aside(&mut model, &options.set_aside);
    if let Some(resume) = options.resume {
        update::offer_resume(&mut model, resume);
    }
    if let Some(batch) = options.batch {
        model.batch.open(batch);
        // A question at start (files set aside) comes first; F4 shows the batch after it.
        if model.overlay().is_none() {
            model.show_overlay(app::Overlay::Batch);
        }
    }
    let mut guard = terminal::TerminalGuard::enter(options.mouse, model.size())?;
    let result = runtime::run(model, services, storage, &mut guard, first).await;
    drop(guard);
    result
}

#[cfg(test)]
mod fixtures;
#[cfg(test)]
mod fuzz_strategies;
