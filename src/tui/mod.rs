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
pub mod paint;
pub mod runtime;
pub mod screens;
pub mod sending;
pub mod services;
pub mod signals;
pub mod started;
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
pub use started::Started;
use storage::Storage;

/// What the wizard starts with: what the first frame needs, known before the terminal opens.
#[derive(Debug, Clone)]
pub struct Options {
    pub endpoint: EndpointBadge,
    /// The form's starting values (a new order's defaults for `--new`).
    pub draft: Draft,
    /// Said first, such as a wrong setting in `config.toml`.
    pub notice: Option<String>,
    /// Whether mouse clicks are reported (`mouse` in `config.toml`).
    pub mouse: terminal::Mouse,
    /// A batch file to review, shown over the first screen.
    pub batch: Option<overlays::batch::BatchReview>,
}

/// Opens the wizard on the current terminal and runs it until the person quits. Everything that
/// can fail without the terminal (connecting, the settings) must be done before calling this;
/// `started` reads the files on disk, and runs while the first frame is drawn: what it finds
/// comes to the wizard as a message, after whatever the person typed before it.
pub async fn run<S: Services>(
    services: Arc<S>,
    storage: Storage,
    options: Options,
    started: impl std::future::Future<Output = Started> + Send + 'static,
) -> io::Result<Model> {
    let theme = Theme::for_term(
        std::env::var("NO_COLOR").ok().as_deref(),
        std::env::var("TERM").ok().as_deref(),
    );
    let size = crossterm::terminal::size().unwrap_or((80, 24));
    let mut model = Model::new(options.draft, options.endpoint, theme, size);
    let first = vec![
        Effect::LoadAccount,
        Effect::LoadProduct(model.draft().product),
    ];
    if let Some(text) = options.notice {
        model.say(app::Notice {
            text,
            is_error: false,
        });
    }
    // Nothing is autosaved before the files are read: a write could replace the form to resume.
    autosave::update::hold_until_started(&mut model);
    if let Some(batch) = options.batch {
        model.batch.open(batch);
        // A question at start (files set aside, the autosave) comes over it; F4 shows it again.
        model.show_overlay(app::Overlay::Batch);
    }
    let mut guard = terminal::TerminalGuard::enter(options.mouse, model.size())?;
    let result = runtime::run(model, services, storage, &mut guard, first, started).await;
    drop(guard);
    result
}

#[cfg(test)]
mod fixtures;
#[cfg(test)]
mod fuzz_strategies;
