//! The wizard: a full-screen TUI in the Elm style. Input and task results become [`msg::Msg`]s;
//! [`update::update`] changes the [`app::Model`] and returns [`msg::Effect`]s; [`view`] draws the
//! model; [`runtime`] runs the loop and the effects; [`services::Services`] is the only way out
//! to the network.

pub mod api_services;
pub mod app;
pub mod input;
pub mod keymap;
pub mod msg;
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

/// What the wizard starts with.
#[derive(Debug, Clone)]
pub struct Options {
    pub endpoint: EndpointBadge,
    /// The form's starting values (a new order's defaults for `--new`).
    pub draft: Draft,
}

/// Opens the wizard on the current terminal and runs it until the person quits. Everything that
/// can fail without the terminal (connecting, reading files) must be done before calling this.
pub async fn run<S: Services>(services: Arc<S>, options: Options) -> io::Result<Model> {
    let theme = Theme::for_env(std::env::var("NO_COLOR").ok().as_deref());
    let size = crossterm::terminal::size().unwrap_or((80, 24));
    let model = Model::new(options.draft, options.endpoint, theme, size);
    let first = vec![
        Effect::LoadAccount,
        Effect::LoadProduct(model.draft.product),
    ];
    let mut guard = terminal::TerminalGuard::enter()?;
    let result = runtime::run(model, services, &mut guard, first).await;
    drop(guard);
    result
}

/// `certwiz` with no command: connects (the embedded sandbox when no key is configured), then
/// opens the wizard. `new` starts an empty form. Returns the process exit code.
pub fn launch(args: &EndpointArgs, new: bool) -> u8 {
    // Saved drafts come with persistence; until then every start is a new form.
    let _ = new;
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
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        // Journal and file work runs on blocking threads; tracking 100 orders once started ~90
        // of them, each with its own stack and malloc arena (BENCHMARKS.md, peak memory).
        .max_blocking_threads(4)
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
        let options = Options {
            endpoint: EndpointBadge {
                live: endpoint.kind == EndpointKind::Live,
                base: endpoint.base.clone(),
            },
            draft: Model::new_draft(Product::default()),
        };
        let services = Arc::new(api_services::ApiServices::new(connection.client.clone()));
        match run(services, options).await {
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

#[cfg(test)]
mod fixtures;
#[cfg(test)]
mod fuzz_tests;
#[cfg(test)]
mod snapshot_tests;
#[cfg(test)]
mod update_tests;
