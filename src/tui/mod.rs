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

/// The wizard on the terminal with its first frame drawn, waiting for its services ([`run`]).
/// Dropping it restores the terminal.
pub struct Opened {
    model: Model,
    guard: terminal::TerminalGuard,
    caught: signals::Caught,
}

/// Takes the terminal and draws the first frame from `options` alone (issue 21: the first frame
/// waits for nothing it does not show; the tokio runtime, the embedded sandbox and the HTTP
/// client start after it). From here on the stopping signals are the wizard's to answer: one
/// that comes before [`run`] is answered by it ([`signals::Caught`]).
pub fn open(options: Options) -> io::Result<Opened> {
    let theme = Theme::for_term(
        std::env::var("NO_COLOR").ok().as_deref(),
        std::env::var("TERM").ok().as_deref(),
    );
    let size = crossterm::terminal::size().unwrap_or((80, 24));
    let mut model = Model::new(options.draft, options.endpoint, theme, size);
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
    let caught = signals::Caught::catch()?;
    let mut guard = terminal::TerminalGuard::enter(options.mouse, model.size())?;
    guard.draw(model.theme().ascii, |canvas| view::draw(canvas, &model))?;
    Ok(Opened {
        model,
        guard,
        caught,
    })
}

/// Runs the wizard [`open`] put on the terminal until the person quits; must run inside a tokio
/// runtime. Everything that can fail without the terminal (connecting, the settings) must be
/// done before calling this; `started` reads the files on disk, and runs from now: what it finds
/// comes to the wizard as a message, after whatever the person typed before it.
pub async fn run<S: Services>(
    opened: Opened,
    services: Arc<S>,
    storage: Storage,
    started: impl std::future::Future<Output = Started> + Send + 'static,
) -> io::Result<Model> {
    let Opened {
        model,
        mut guard,
        caught,
    } = opened;
    let signals = caught.listen()?;
    let first = vec![
        Effect::LoadAccount,
        Effect::LoadProduct(model.draft().product),
    ];
    let result = runtime::run(
        model, services, storage, &mut guard, signals, first, started,
    )
    .await;
    drop(guard);
    result
}

#[cfg(test)]
mod fixtures;
#[cfg(test)]
mod fuzz_strategies;
