//! `certwiz submit --batch FILE`: many orders from one CSV or JSON Lines file. Every row is
//! checked before anything is sent; one question names the count and the endpoint; each row is
//! journaled (with the batch's id and its row) before its POST, so `--resume` after a crash or a
//! kill places only the rows not placed yet, and a row whose outcome is unknown is never resent.

mod checks;
mod report;
mod send;

use checks::{batch_entries, check_duplicates, check_with_account, refuse};
use report::{RowResult, count, print_results};
pub use send::IN_FLIGHT;
use send::{Ready, send_all};

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};

use super::args::{EndpointArgs, OrderFileArgs};
use super::exit::{self, Exit, Outcome};
use super::{profile, remote};
use crate::api::{Client, EndpointKind};
use crate::order::batch::{self, Format};
use crate::order::convert::read_input_as;
use crate::order::validate::Context;
use crate::order::{Draft, Product};
use crate::ordering::{describe, settle_advice};
use crate::store::{AttemptState, Fingerprint, JournalEntry, ProfileKind, Store, lock::StoreLock};

/// What `certwiz submit --batch` was asked to do besides the file.
#[derive(Debug, Clone, Default)]
pub struct BatchOptions {
    /// A draft or body whose values every row starts from.
    pub base: Option<PathBuf>,
    /// Saved profiles applied to the base: `NAME` (any kind) or `KIND:NAME`.
    pub profiles: Vec<String>,
    /// Go on with a batch run before: skip the rows placed, place the rest.
    pub resume: bool,
    /// Place the orders without asking.
    pub yes: bool,
    /// Place rows even when they equal another row or an earlier order.
    pub allow_duplicate: bool,
    /// Print the results as a JSON array.
    pub json: bool,
    /// Send despite pre-flight warnings that need a yes (`--yes` does not cover them).
    pub accept_preflight: bool,
    /// How many rows are sent at once.
    pub jobs: usize,
}

/// `certwiz submit --batch FILE`.
pub fn submit_batch(
    input: &OrderFileArgs,
    options: &BatchOptions,
    endpoint: &EndpointArgs,
) -> Outcome {
    let shown = input.file.display().to_string();
    let bytes = read_bytes(&input.file).map_err(|message| Exit::with(exit::USAGE, message))?;
    let text = crate::infile::utf8(bytes.clone())
        .map_err(|e| Exit::with(exit::USAGE, format!("cannot read {shown}: {e}")))?;
    let format = Format::detect(&input.file, &text);
    let store = profile::open_store()?;
    let base = base_draft(input.product, options, format, &store).map_err(Exit::code)?;
    let rows = batch::parse(&text, format, &base)
        .map_err(|e| Exit::with(exit::USAGE, format!("{shown}: {e}")))?;
    let found = batch::check(&rows, |_| Context::default());
    if refuse(&found, rows.len()) {
        // A JSON Lines row that is not JSON is unreadable input (exit 2, as README says), not
        // an order with errors.
        let unreadable = found.iter().any(|d| d.diagnostic.code == "syntax");
        return Err(Exit::code(if unreadable {
            exit::USAGE
        } else {
            exit::INVALID
        }));
    }
    let mut ready = Vec::with_capacity(rows.len());
    for row in rows {
        let request = row.draft.to_request().map_err(|e| {
            Exit::with(
                exit::INVALID,
                format!(
                    "row {} (line {}): the order cannot be sent: {e}; nothing was sent",
                    row.row, row.line
                ),
            )
        })?;
        ready.push(Ready {
            fingerprint: Fingerprint::of_draft(&row.draft),
            request,
            row,
        });
    }
    if !options.yes && !io::stdin().is_terminal() {
        return Err(Exit::with(
            exit::USAGE,
            "refusing to place orders without confirmation: standard input is not a terminal; pass --yes to confirm",
        ));
    }
    let id = batch::batch_id(&bytes);
    // Said before the store's warnings, as it happened.
    let outcome = remote::run(run(&store, ready, id, options, endpoint)).map_err(Exit::now);
    profile::report_set_aside(&store);
    outcome
}

fn read_bytes(file: &Path) -> Result<Vec<u8>, String> {
    if file.as_os_str() == "-" {
        crate::infile::read_stdin(crate::infile::Kind::Batch)
            .map_err(|e| format!("cannot read standard input: {e}"))
    } else {
        crate::infile::read(file, crate::infile::Kind::Batch)
            .map_err(|e| format!("cannot read {}: {e}", file.display()))
    }
}

/// The draft every row starts from: `--base` (or, for CSV, a new form's defaults; for JSON Lines,
/// nothing), with the `--profile`s on top.
pub(super) fn base_draft(
    product: Option<Product>,
    options: &BatchOptions,
    format: Format,
    store: &Store,
) -> Result<Draft, u8> {
    let mut base = match &options.base {
        Some(path) => {
            let shown = path.display();
            let text = crate::infile::read_text(path, crate::infile::Kind::Order).map_err(|e| {
                errln!("certwiz: cannot read {shown}: {e}");
                exit::USAGE
            })?;
            let (draft, problems, moved) = read_input_as(&text, product).map_err(|e| {
                errln!("certwiz: {shown}: {e}");
                exit::USAGE
            })?;
            super::check::say_moved(&shown.to_string(), &draft, moved.as_ref());
            let errors: Vec<_> = problems.iter().filter(|d| d.is_error()).collect();
            if !errors.is_empty() {
                for d in errors {
                    errln!("base {shown}: {d}");
                }
                errln!("certwiz: the base cannot be read as an order; nothing was sent");
                return Err(exit::INVALID);
            }
            draft
        }
        None if format == Format::Csv => Draft::new(product.unwrap_or_default()),
        None => Draft::empty(product.unwrap_or_default()),
    };
    for wanted in &options.profiles {
        let (kinds, name) = match wanted.split_once(':') {
            Some((kind, name)) => match kind.parse::<ProfileKind>() {
                Ok(kind) => (vec![kind], name),
                Err(_) => (ProfileKind::ALL.to_vec(), wanted.as_str()),
            },
            None => (ProfileKind::ALL.to_vec(), wanted.as_str()),
        };
        let mut applied = false;
        for kind in kinds {
            match store.profiles.load(kind, name) {
                Ok(Some(p)) => {
                    p.apply_to(&mut base);
                    applied = true;
                }
                Ok(None) => {}
                Err(e) => return Err(profile::failed(&e)),
            }
        }
        if !applied {
            errln!(
                "certwiz: --profile {wanted}: no saved profile by that name; see `certwiz profile list`"
            );
            return Err(exit::USAGE);
        }
    }
    Ok(base)
}

async fn run(
    store: &Store,
    ready: Vec<Ready>,
    id: String,
    options: &BatchOptions,
    endpoint: &EndpointArgs,
) -> Outcome {
    let connection = remote::open(endpoint).await?;
    let client = &connection.client;
    check_with_account(client, &ready).await?;
    // One run of a batch at a time: with this held, an attempt of the batch still "sending" was
    // cut off, not in progress elsewhere.
    let lock_path = store
        .journal
        .path()
        .with_file_name(format!("orders-{id}.lock"));
    let lock = StoreLock::new(lock_path).with_wait(std::time::Duration::from_millis(200));
    let _held = match lock.acquire() {
        Ok(guard) => guard,
        Err(e) => {
            return Err(Exit::with(
                exit::DECLINED,
                format!("this batch is being sent by another certwiz ({e}); nothing was sent"),
            ));
        }
    };
    let kind = client.endpoint().kind;
    let earlier = batch_entries(store, &id, kind).await?;
    let mut done: Vec<RowResult> = Vec::new();
    let mut unknown: Vec<JournalEntry> = Vec::new();
    let mut to_send: Vec<Ready> = Vec::new();
    for item in ready {
        let of_row: Vec<&JournalEntry> = earlier
            .iter()
            .filter(|e| e.batch.as_ref().is_some_and(|b| b.row == item.row.row))
            .collect();
        if let Some(placed) = of_row.iter().find(|e| e.state == AttemptState::Placed) {
            done.push(RowResult::from_entry(&item.row, placed, "already_placed"));
        } else if let Some(open) = of_row.iter().find(|e| e.blocks_resubmit()) {
            unknown.push((*open).clone());
            done.push(RowResult::from_entry(&item.row, open, "outcome_unknown"));
        } else {
            to_send.push(item);
        }
    }
    if !earlier.is_empty() && !options.resume {
        errln!(
            "certwiz: this batch file was sent before on {kind}: {} row{} placed, {} with an unknown outcome; \
             `--resume` places only the rows not placed yet",
            count(&done, "already_placed"),
            if count(&done, "already_placed") == 1 {
                ""
            } else {
                "s"
            },
            unknown.len(),
        );
        return Err(Exit::code(exit::DECLINED));
    }
    if !unknown.is_empty() {
        let mut all = done;
        all.extend(to_send.iter().map(|r| RowResult::new(&r.row, "not_sent")));
        all.sort_by_key(|r| r.row);
        if options.json {
            print_results(&all, true);
        }
        errln!("certwiz: nothing was sent: these rows may have been placed already:");
        for entry in &unknown {
            let row = entry.batch.as_ref().map(|b| b.row).unwrap_or_default();
            errln!("  row {row}: {}", describe(entry));
            errln!("    {}", settle_advice(entry));
        }
        return Err(Exit::with(
            exit::OUTCOME_UNKNOWN,
            "settle them, then run the batch again with --resume",
        ));
    }
    if to_send.is_empty() {
        errln!("certwiz: every row of this batch is placed already; nothing was sent");
        print_results(&done, options.json);
        return Ok(());
    }
    check_duplicates(store, &to_send, &id, kind, options.allow_duplicate).await?;
    let asked = preflight_batch(client, &to_send, options)
        .await
        .map_err(Exit::code)?;
    if !options.yes {
        match confirm(client, &to_send, done.len(), asked) {
            Some(true) => {}
            Some(false) => return Err(Exit::with(exit::DECLINED, "not placed")),
            None => return Err(super::submit::input_ended()),
        }
    }
    let outcome = send_all(
        store,
        client,
        to_send,
        &id,
        options.allow_duplicate,
        options.jobs,
        &mut done,
    )
    .await;
    done.sort_by_key(|r| r.row);
    print_results(&done, options.json);
    outcome
}

/// The pre-flight check of the rows to send, per organization and division: prints the
/// findings, refuses `--yes` alone when one needs a yes; gives the question's price line and
/// whether only a typed `yes` sends.
async fn preflight_batch(
    client: &Client,
    to_send: &[Ready],
    options: &BatchOptions,
) -> Result<(Option<String>, bool), u8> {
    let planned: Vec<super::preflight::Planned<'_>> = to_send
        .iter()
        .map(|r| super::preflight::Planned {
            draft: &r.row.draft,
            request: &r.request,
        })
        .collect();
    let reports = super::preflight::check_batch(client, &planned).await;
    let mut err = io::stderr().lock();
    for report in &reports {
        let _ = super::preflight::print(report, &mut err, "pre-flight ");
    }
    drop(err);
    super::preflight::gate(&reports, options.yes, options.accept_preflight)?;
    Ok(super::preflight::question(
        &reports,
        options.accept_preflight,
    ))
}

/// Asks once on the terminal; true when the person says yes (a typed `yes` when `asked` says
/// the pre-flight warnings need one), `None` when the input ended.
fn confirm(
    client: &Client,
    to_send: &[Ready],
    skipped: usize,
    asked: (Option<String>, bool),
) -> Option<bool> {
    let endpoint = client.endpoint();
    let n = to_send.len();
    let mut err = io::stderr().lock();
    if skipped > 0 {
        let _ = writeln!(
            err,
            "{skipped} row{} of this batch placed before {} skipped.",
            if skipped == 1 { "" } else { "s" },
            if skipped == 1 { "is" } else { "are" }
        );
    }
    if endpoint.kind == EndpointKind::Live {
        let _ = writeln!(
            err,
            "These are real orders: each is charged to the account."
        );
    }
    if let Some(price) = &asked.0 {
        let _ = writeln!(err, "Price: {price}");
    }
    let (strict, answer_hint) = if asked.1 {
        (true, "despite the pre-flight warnings above? Type yes:")
    } else {
        (false, "[y/N]")
    };
    let _ = write!(
        err,
        "Place {n} order{} on {}? {answer_hint} ",
        if n == 1 { "" } else { "s" },
        endpoint.describe()
    );
    let _ = err.flush();
    let answer = super::submit::read_answer()?;
    Some(if strict {
        answer == "yes"
    } else {
        matches!(answer.as_str(), "y" | "yes")
    })
}
