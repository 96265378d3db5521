//! `certwiz` with no command: connect, open the wizard, and read what is on disk once its first
//! frame is drawn. The wizard itself ([`crate::tui`]) starts from what this gathers and knows
//! nothing of the command line.

use std::io::{self, IsTerminal, Write};
use std::path::Path;
use std::sync::Arc;

use super::args::EndpointArgs;
use super::exit;
use crate::order::{EndpointKind, Product};
use crate::paths::Paths;
use crate::store::{JournalEntry, Resume, Store};
use crate::tui::{self, Options, app::EndpointBadge, storage::Storage};

/// `certwiz` with no command: chooses the endpoint, draws the wizard's first frame, then
/// connects (the embedded sandbox when no key is configured) and runs the wizard. `new` starts
/// an empty form; `mouse` (`--mouse`) overrides `mouse` in `config.toml`; `batch` (`--batch`)
/// is a batch file to review; `log`, prepared by the caller, is started after the first
/// frame. Returns the process exit code.
pub fn launch(
    args: &EndpointArgs,
    new: bool,
    mouse: Option<&str>,
    batch: Option<(&Path, &super::batch::BatchOptions)>,
    log: Option<crate::log::Pending>,
) -> u8 {
    if !io::stdin().is_terminal() || !io::stdout().is_terminal() {
        errln!("certwiz: the wizard needs a terminal; see `certwiz --help` for the commands");
        return exit::USAGE;
    }
    // Read before the terminal changes, so a file that cannot be read is said plainly.
    let batch = match batch
        .map(|(path, options)| read_batch(path, options, args))
        .transpose()
    {
        Ok(batch) => batch,
        Err(code) => return code,
    };
    // Rows replace the form as they are opened: the form in progress is kept as a draft first.
    let new = new || batch.is_some();
    let paths = match Paths::discover() {
        Ok(p) => p,
        Err(e) => {
            errln!("certwiz: {e}");
            return exit::USAGE;
        }
    };
    // The endpoint is chosen (and the embedded sandbox's port bound, so the endpoint is known)
    // before the terminal is taken, so that a wrong setting is said plainly. The first frame
    // comes next; the tokio runtime, the sandbox's state and the HTTP client after it (issue 21).
    let chosen = match super::connect::choose(&args.choice(), &paths) {
        Ok(c) => c,
        Err(e) => {
            errln!("certwiz: {e}");
            return exit::USAGE;
        }
    };
    for warning in &chosen.warnings {
        errln!("certwiz: warning: {warning}");
    }
    let endpoint = chosen.endpoint();
    let mut notes = Vec::new();
    let mouse = match mouse.and_then(|m| m.parse().ok()) {
        Some(flag) => flag,
        None => mouse_setting(&paths.config_file(), &mut notes),
    };
    let options = Options {
        endpoint: EndpointBadge {
            live: endpoint.kind == EndpointKind::Live,
            base: endpoint.base.clone(),
        },
        draft: tui::app::Model::new_draft(Product::default()),
        notice: (!notes.is_empty()).then(|| notes.join("; ")),
        mouse,
        batch,
    };
    let opened = match tui::open(options) {
        Ok(opened) => opened,
        Err(e) => {
            errln!("certwiz: the wizard stopped: {e}");
            return exit::USAGE;
        }
    };
    // Nothing above logs: the log starts after the first frame.
    if let Some(log) = log {
        log.start();
    }
    // One thread runs the loop, the tracker and the embedded sandbox: none of it is CPU-bound,
    // and every extra worker costs a stack and a malloc arena. The file work (the saved files,
    // the journal's writer) takes turns on one blocking thread for the same reason: glibc gives
    // each thread that allocates an arena that keeps its pages.
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .max_blocking_threads(1)
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            // The terminal is given back before the reason is said.
            drop(opened);
            errln!("certwiz: cannot start: {e}");
            return exit::USAGE;
        }
    };
    let code = runtime.block_on(async {
        crate::api::install_crypto_provider();
        let connection = match chosen
            .connect(&paths, crate::api::client::ClientOptions::wizard())
            .await
        {
            Ok(c) => c,
            Err(e) => {
                // The terminal is given back before the reason is said.
                drop(opened);
                errln!("certwiz: {e}");
                return exit::USAGE;
            }
        };
        // The files on disk (the autosave, the journal) are read on the blocking thread once the
        // first frame is drawn (the wizard starts this future then); what they say comes after
        // it. Not before connecting: a launch that cannot connect changes nothing on disk.
        let store = Store::open(&paths);
        let started = {
            let store = store.clone();
            async move {
                let reading = tokio::task::spawn_blocking(move || {
                    slow_start_for_tests();
                    let read = on_disk(&store, new);
                    (read, store.take_set_aside())
                });
                let at = Some(time::OffsetDateTime::now_utc());
                match reading.await {
                    Ok((read, set_aside)) => tui::Started {
                        resume: read.resume,
                        journal: read.journal,
                        set_aside,
                        notice: read.notice,
                        at,
                        acted: false,
                    },
                    Err(e) => tui::Started {
                        notice: Some(format!("The saved files could not be read: {e}")),
                        at,
                        ..Default::default()
                    },
                }
            }
        };
        let endpoint = connection.client.endpoint();
        let autosave_path = store.drafts.autosave_path().to_owned();
        let storage = Storage::new(store, endpoint.kind).with_inventory(
            paths.data_dir.clone(),
            crate::ordering::certificates::endpoint_key(&connection.client),
        );
        let services = Arc::new(tui::api_services::ApiServices::new(
            connection.client.clone(),
        ));
        match tui::run(opened, services, storage, started).await {
            // The terminal is gone: nothing more can be shown.
            Ok(_) if tui::signals::hung_up() => tui::signals::exit_code().unwrap_or(exit::OK),
            Ok(model) => {
                let mut out = io::stdout().lock();
                for order in model.orders.followed() {
                    let _ = writeln!(
                        out,
                        "order {}: {}{}",
                        order.order_id,
                        crate::outside::Safe(&order.status_text()),
                        order
                            .certificate_id
                            .map(|c| format!(", certificate {c}"))
                            .unwrap_or_default()
                    );
                }
                for order in model.orders.followed() {
                    if let Some(Ok(file)) = &order.delivery.downloaded {
                        let _ = writeln!(
                            out,
                            "order {}: certificate saved in {}",
                            order.order_id,
                            file.path.display()
                        );
                    }
                }
                if let Some(line) = tui::autosave::update::kept_note(&model, &autosave_path) {
                    errln!("{line}");
                }
                // Stopped by a signal, the wizard exits 128 + its number whatever the order's
                // state; what the state is, is said first.
                let signalled = tui::signals::exit_code();
                match model.submit.state() {
                    tui::app::SubmitState::InFlight { .. }
                    | tui::app::SubmitState::Unknown { .. } => {
                        if let (Some(_), tui::app::SubmitState::Unknown { message, .. }) =
                            (signalled, model.submit.state())
                        {
                            errln!("certwiz: {}", crate::outside::Safe(message));
                        }
                        errln!(
                            "certwiz: the order may have been placed; look it up among the \
                             account's recent orders before ordering again"
                        );
                        signalled.unwrap_or(exit::OUTCOME_UNKNOWN)
                    }
                    _ => signalled.unwrap_or(exit::OK),
                }
            }
            Err(e) => {
                errln!("certwiz: the wizard stopped: {e}");
                exit::USAGE
            }
        }
    });
    runtime.shutdown_background();
    code
}

/// The part of `config.toml` the wizard reads; every other key belongs to others.
#[derive(Debug, Default, serde::Deserialize)]
struct WizardConfig {
    mouse: Option<String>,
}

/// `mouse = "clicks" | "off"` in `config.toml` (off when absent); a wrong value is said at start.
fn mouse_setting(config: &std::path::Path, notes: &mut Vec<String>) -> tui::terminal::Mouse {
    // A file that cannot be read is the endpoint's to report.
    let Ok(text) = crate::infile::read_text(config, crate::infile::Kind::Config) else {
        return tui::terminal::Mouse::default();
    };
    let setting = toml::from_str::<WizardConfig>(&text)
        .ok()
        .and_then(|c| c.mouse);
    match setting.map(|m| m.parse::<tui::terminal::Mouse>()) {
        None => tui::terminal::Mouse::default(),
        Some(Ok(mouse)) => mouse,
        Some(Err(e)) => {
            notes.push(format!("config.toml: {e}"));
            tui::terminal::Mouse::default()
        }
    }
}

/// A batch file read for review, with the same parsing and base (`--base`, `--profile`) as
/// `certwiz submit --batch`, and the flags that command needs to place it as reviewed; what
/// went wrong is said here.
fn read_batch(
    path: &Path,
    options: &super::batch::BatchOptions,
    endpoint: &EndpointArgs,
) -> Result<tui::overlays::batch::BatchReview, u8> {
    let text = crate::infile::read_text(path, crate::infile::Kind::Batch).map_err(|e| {
        errln!("certwiz: cannot read {}: {e}", path.display());
        exit::USAGE
    })?;
    let base = if options.base.is_some() || !options.profiles.is_empty() {
        let store = super::profile::open_store().map_err(super::exit::Exit::report)?;
        let format = crate::order::batch::Format::detect(path, &text);
        Some(super::batch::base_draft(None, options, format, &store)?)
    } else {
        None
    };
    let review = tui::overlays::batch::BatchReview::read_on(path, &text, base).map_err(|e| {
        errln!("certwiz: {e}");
        exit::USAGE
    })?;
    Ok(review.submitted_with(submit_flags(options, endpoint)))
}

/// The flags `certwiz submit --batch` needs to place the batch as the wizard reviews it: the
/// same base and profiles, and the same endpoint.
fn submit_flags(options: &super::batch::BatchOptions, endpoint: &EndpointArgs) -> Vec<String> {
    let mut flags = Vec::new();
    if let Some(base) = &options.base {
        flags.extend(["--base".to_owned(), base.display().to_string()]);
    }
    for profile in &options.profiles {
        flags.extend(["--profile".to_owned(), profile.clone()]);
    }
    if endpoint.sandbox {
        flags.push("--sandbox".to_owned());
    }
    if let Some(region) = &endpoint.region {
        flags.extend(["--region".to_owned(), region.clone()]);
    }
    if let Some(url) = &endpoint.api_url {
        flags.extend(["--api-url".to_owned(), url.clone()]);
    }
    flags
}

/// For tests/pty/e2e_persist.rs, which proves that keys typed before the files on disk are read
/// go to the form shown and do not answer the question those files bring: in debug builds only,
/// `CERTWIZ_TEST_SLOW_START_MS` delays the reading by that many milliseconds. Release builds
/// never read the variable.
fn slow_start_for_tests() {
    if !cfg!(debug_assertions) {
        return;
    }
    if let Some(ms) = std::env::var("CERTWIZ_TEST_SLOW_START_MS")
        .ok()
        .and_then(|v| v.parse::<u64>().ok())
    {
        std::thread::sleep(std::time::Duration::from_millis(ms));
    }
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
    let journal = match store
        .journal
        .mark_interrupted_then_list(crate::ordering::INTERRUPTED_AFTER)
    {
        Ok(journal) => journal,
        // Said apart: a journal that cannot be updated may still be read.
        Err(_) => {
            if let Err(e) = store
                .journal
                .mark_interrupted(crate::ordering::INTERRUPTED_AFTER)
            {
                notes.push(format!("The order journal cannot be updated: {e}"));
            }
            store.journal.list().unwrap_or_else(|e| {
                notes.push(format!("The order journal cannot be read: {e}"));
                Vec::new()
            })
        }
    };
    OnDisk {
        resume,
        journal,
        notice: (!notes.is_empty()).then(|| notes.join("; ")),
    }
}
