//! The wizard: a full-screen TUI in the Elm style. Input and task results become [`msg::Msg`]s;
//! [`update::update`] changes the [`app::Model`] and returns [`msg::Effect`]s; [`view`] draws the
//! model; [`runtime`] runs the loop and the effects; [`services::Services`] is the only way out
//! to the network.

pub mod api_services;
pub mod app;
pub mod input;
pub mod keymap;
pub mod msg;
pub mod records;
pub mod runtime;
pub mod services;
pub mod terminal;
pub mod theme;
pub mod update;
pub mod view;

use std::io::{self, IsTerminal, Write};
use std::sync::Arc;

use app::{EndpointBadge, Model};
use msg::Effect;
use services::Services;
use theme::Theme;

use crate::api::EndpointKind;
use crate::cli::{EndpointArgs, exit};
use crate::order::{Draft, Product};
use crate::paths::Paths;
use crate::store::{JournalEntry, Resume, SetAside, Store};
use records::Records;

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
}

/// Opens the wizard on the current terminal and runs it until the person quits. Everything that
/// can fail without the terminal (connecting, reading files) must be done before calling this.
pub async fn run<S: Services>(
    services: Arc<S>,
    records: Records,
    options: Options,
) -> io::Result<Model> {
    let theme = Theme::for_env(std::env::var("NO_COLOR").ok().as_deref());
    let size = crossterm::terminal::size().unwrap_or((80, 24));
    let mut model = Model::new(options.draft, options.endpoint, theme, size);
    let mut first = vec![
        Effect::LoadAccount,
        Effect::LoadProduct(model.draft.product),
    ];
    first.extend(update::follow_journal(&mut model, &options.journal));
    if let Some(text) = options.notice {
        model.notice = Some(app::Notice {
            text,
            is_error: false,
        });
    }
    update::report_set_aside(&mut model, &options.set_aside);
    if let Some(resume) = options.resume {
        update::offer_resume(&mut model, resume);
    }
    let mut guard = terminal::TerminalGuard::enter()?;
    let result = runtime::run(model, services, records, &mut guard, first).await;
    drop(guard);
    result
}

/// `certwiz` with no command: connects (the embedded sandbox when no key is configured), then
/// opens the wizard. `new` starts an empty form. Returns the process exit code.
pub fn launch(args: &EndpointArgs, new: bool) -> u8 {
    if !io::stdin().is_terminal() || !io::stdout().is_terminal() {
        eprintln!("certwiz: the wizard needs a terminal; see `certwiz --help` for the commands");
        return exit::USAGE;
    }
    crate::api::install_crypto_provider();
    let paths = match Paths::discover() {
        Ok(p) => p,
        Err(e) => {
            eprintln!("certwiz: {e}");
            return exit::USAGE;
        }
    };
    // One thread runs the loop, the tracker and the embedded sandbox: none of it is CPU-bound,
    // and every extra worker costs a stack and a malloc arena.
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("certwiz: cannot start: {e}");
            return exit::USAGE;
        }
    };
    let code = runtime.block_on(async {
        let connection = match crate::api::connect(args, &paths).await {
            Ok(c) => c,
            Err(e) => {
                eprintln!("certwiz: {e}");
                return exit::USAGE;
            }
        };
        for warning in &connection.warnings {
            eprintln!("certwiz: warning: {warning}");
        }
        let endpoint = connection.client.endpoint();
        let store = Store::open(&paths);
        let start = {
            let store = store.clone();
            tokio::task::spawn_blocking(move || on_disk(&store, new)).await
        };
        let start = match start {
            Ok(start) => start,
            Err(e) => {
                eprintln!("certwiz: cannot read the saved files: {e}");
                return exit::USAGE;
            }
        };
        let options = Options {
            endpoint: EndpointBadge {
                live: endpoint.kind == EndpointKind::Live,
                base: endpoint.base.clone(),
            },
            draft: Model::new_draft(Product::default()),
            resume: start.resume,
            journal: start.journal,
            set_aside: store.take_set_aside(),
            notice: start.notice,
        };
        let records = Records::new(store, endpoint.kind);
        let services = Arc::new(api_services::ApiServices::new(connection.client.clone()));
        match run(services, records, options).await {
            Ok(model) => {
                let mut out = io::stdout().lock();
                for order in &model.orders {
                    let _ = writeln!(
                        out,
                        "order {}: {}{}",
                        order.order_id,
                        order.status_text(),
                        order
                            .certificate_id
                            .map(|c| format!(", certificate {c}"))
                            .unwrap_or_default()
                    );
                }
                match model.submit {
                    app::SubmitState::InFlight { .. } | app::SubmitState::Unknown { .. } => {
                        eprintln!(
                            "certwiz: the order may have been placed; look it up among the \
                             account's recent orders before ordering again"
                        );
                        exit::OUTCOME_UNKNOWN
                    }
                    _ => exit::OK,
                }
            }
            Err(e) => {
                eprintln!("certwiz: the wizard stopped: {e}");
                exit::USAGE
            }
        }
    });
    runtime.shutdown_background();
    code
}

/// What the files on disk give the wizard at start.
struct OnDisk {
    resume: Option<Resume>,
    journal: Vec<JournalEntry>,
    notice: Option<String>,
}

/// Reads the autosave (keeping it as a named draft with `--new`) and the journal, after
/// marking attempts cut off while sending. A store that cannot be read is said, not fatal: the
/// wizard still works without it.
fn on_disk(store: &Store, new: bool) -> OnDisk {
    let mut notes = Vec::new();
    let resume = if new {
        match store.drafts.archive_autosave() {
            Ok(Some(name)) => notes.push(format!("The earlier form is kept as draft {name:?}")),
            Ok(None) => {}
            Err(e) => notes.push(format!("The earlier form could not be kept: {e}")),
        }
        None
    } else {
        store.drafts.resume().unwrap_or_else(|e| {
            notes.push(format!("The autosave cannot be read: {e}"));
            None
        })
    };
    if let Err(e) = store
        .journal
        .mark_interrupted(crate::attempts::INTERRUPTED_AFTER)
    {
        notes.push(format!("The order journal cannot be updated: {e}"));
    }
    let journal = store.journal.list().unwrap_or_else(|e| {
        notes.push(format!("The order journal cannot be read: {e}"));
        Vec::new()
    });
    OnDisk {
        resume,
        journal,
        notice: (!notes.is_empty()).then(|| notes.join("; ")),
    }
}

#[cfg(test)]
mod conformance_tests;
#[cfg(test)]
mod fixtures;
#[cfg(test)]
mod fuzz_tests;
#[cfg(test)]
mod persist_tests;
#[cfg(test)]
mod records_tests;
#[cfg(test)]
mod snapshot_tests;
#[cfg(test)]
mod update_tests;
