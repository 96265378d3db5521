//! `certwiz submit`: validate, confirm, refuse a second order of the same draft unless told,
//! journal the attempt before the POST, place the order once, record and print what happened.

use std::io::{self, BufRead, IsTerminal, Write};

use serde_json::json;

use super::account::AccountFacts;
use super::args::{EndpointArgs, OrderFileArgs};
use super::check::{load, summary};
use super::{exit, profile, remote};
use crate::api::{ApiError, Client, EndpointKind};
use crate::attempts::{self, on_journal};
use crate::order::validate::{Diagnostic, has_errors};
use crate::order::{Draft, OrderRequest, OrderResponse};
use crate::store::{AttemptState, Fingerprint, JournalEntry, NewAttempt, Store};

/// What `certwiz submit` was asked to do besides the file.
#[derive(Debug, Clone, Copy)]
pub struct SubmitOptions {
    /// Place the order without asking.
    pub yes: bool,
    /// Place it even when the journal holds an earlier attempt of the same order.
    pub allow_duplicate: bool,
    /// Print the result as JSON.
    pub json: bool,
}

/// `certwiz submit`.
pub fn submit(input: &OrderFileArgs, options: SubmitOptions, endpoint: &EndpointArgs) -> u8 {
    let (draft, diagnostics) = match load(input) {
        Ok(loaded) => loaded,
        Err(code) => return code,
    };
    if refuse(&diagnostics) {
        return exit::INVALID;
    }
    let request = match draft.to_request() {
        Ok(request) => request,
        Err(e) => {
            eprintln!("certwiz: the order cannot be sent: {e}");
            return exit::INVALID;
        }
    };
    if !options.yes && !io::stdin().is_terminal() {
        eprintln!(
            "certwiz: refusing to place an order without confirmation: standard input is not a terminal; pass --yes to confirm"
        );
        return exit::USAGE;
    }
    let store = match profile::open_store() {
        Ok(store) => store,
        Err(code) => return code,
    };
    let code = remote::block_on(async {
        let connection = match remote::open(endpoint).await {
            Ok(c) => c,
            Err(code) => return code,
        };
        let client = &connection.client;
        if let Some(code) = check_with_account(client, &draft).await {
            return code;
        }
        if !options.yes && !confirm(client, &draft, &request) {
            eprintln!("certwiz: not placed");
            return exit::DECLINED;
        }
        match place(&store, client, &draft, &request, options, confirm_again).await {
            Ok(_) => exit::OK,
            Err(code) => code,
        }
    });
    profile::report_set_aside(&store);
    code
}

/// The journal-first sending every way of submitting from the command line shares (`submit` and
/// the plain mode): refuse a second order of the same draft unless `again` confirms it (or
/// --allow-duplicate), journal the attempt, place the order once, record and print what
/// happened. `Err` holds the exit code when the order was not (certainly) placed.
pub(super) async fn place(
    store: &Store,
    client: &Client,
    draft: &Draft,
    request: &OrderRequest,
    options: SubmitOptions,
    again: impl FnOnce(&JournalEntry) -> bool,
) -> Result<OrderResponse, u8> {
    let mut attempt = NewAttempt::for_draft(
        draft,
        client.endpoint().kind,
        client.endpoint().base.as_str(),
    );
    if let Some(old) = request.renewal_of_order_id {
        // A renewal is its own order: the draft that placed the old order is not its duplicate.
        attempt.fingerprint = Fingerprint::of(draft.product, &json!([old, draft.to_body()]));
    }
    check_earlier_attempts(store, &attempt, options, again).await?;
    let entry = match on_journal(store, move |j| j.create_sending(attempt)).await {
        Ok(entry) => entry,
        Err(e) => {
            eprintln!(
                "certwiz: cannot record the order in the journal before sending it: {e}; nothing was sent"
            );
            return Err(exit::USAGE);
        }
    };
    let result = client.place_order(draft.product, request).await;
    record_outcome(store, &entry, client, result, options.json).await
}

/// Refuses to send an order that an earlier attempt on the same kind of endpoint may already
/// have placed, unless the person confirms naming that attempt, or passed --allow-duplicate.
/// Attempts on the sandbox do not count against a live order: nothing real was ordered.
async fn check_earlier_attempts(
    store: &Store,
    attempt: &NewAttempt,
    options: SubmitOptions,
    again: impl FnOnce(&JournalEntry) -> bool,
) -> Result<(), u8> {
    let wanted = attempt.clone();
    let found = on_journal(store, move |j| attempts::blocking_attempts(j, &wanted)).await;
    let earlier: Vec<JournalEntry> = match found {
        Ok(entries) => entries,
        Err(e) => {
            eprintln!("certwiz: cannot read the journal of earlier orders: {e}; nothing was sent");
            return Err(exit::USAGE);
        }
    };
    if earlier.is_empty() {
        return Ok(());
    }
    eprintln!("certwiz: this order was submitted before:");
    for entry in &earlier {
        eprintln!("  {}", attempts::describe(entry));
        if entry.state == AttemptState::OutcomeUnknown {
            eprintln!(
                "    its outcome is unknown: {}",
                attempts::settle_advice(entry)
            );
        }
    }
    if options.allow_duplicate {
        eprintln!("certwiz: --allow-duplicate is given: placing it again");
        return Ok(());
    }
    if options.yes {
        eprintln!(
            "certwiz: not placed: --yes does not cover a second order of the same draft; add --allow-duplicate to place it again"
        );
        return Err(exit::DECLINED);
    }
    if again(&earlier[0]) {
        Ok(())
    } else {
        eprintln!("certwiz: not placed");
        Err(exit::DECLINED)
    }
}

/// Writes what became of the POST into the journal and tells the person.
async fn record_outcome(
    store: &Store,
    entry: &JournalEntry,
    client: &Client,
    result: Result<OrderResponse, ApiError>,
    json: bool,
) -> Result<OrderResponse, u8> {
    let attempt_id = entry.attempt_id.clone();
    match result {
        Ok(answer) => {
            let placed = answer.clone();
            let id = attempt_id.clone();
            if let Err(e) = on_journal(store, move |j| j.mark_placed(&id, &placed)).await {
                eprintln!(
                    "certwiz: warning: order {} was placed, but the journal could not record it: {e}",
                    answer.id
                );
            }
            print_placed(client, &attempt_id, &answer, json);
            Ok(answer)
        }
        Err(error) => {
            let why = error.to_string();
            let not_placed = attempts::definitely_not_placed(error.kind());
            let noted = on_journal(store, move |j| {
                if not_placed {
                    j.mark_failed(&attempt_id, &why)
                } else {
                    j.mark_outcome_unknown(&attempt_id, &why)
                }
            })
            .await;
            eprintln!("certwiz: {error}");
            if let Err(e) = &noted {
                eprintln!("certwiz: warning: the journal could not record this: {e}");
            }
            if not_placed {
                return Err(remote::api_exit(&error));
            }
            let entry = noted.unwrap_or_else(|_| entry.clone());
            eprintln!(
                "certwiz: the order may have been placed; do not send it again. Attempt {}: {}",
                entry.attempt_id,
                attempts::settle_advice(&entry)
            );
            if json {
                let out = json!({
                    "endpoint": entry.endpoint.to_string(),
                    "attempt_id": entry.attempt_id,
                    "state": "outcome_unknown",
                    "error": entry.error,
                });
                println!("{out:#}");
            }
            Err(exit::OUTCOME_UNKNOWN)
        }
    }
}

fn print_placed(client: &Client, attempt_id: &str, answer: &OrderResponse, json: bool) {
    let first = answer.first_request();
    let request_id = first.and_then(|r| r.id);
    let status = first.and_then(|r| r.status.clone());
    if json {
        let out = json!({
            "endpoint": client.endpoint().kind.to_string(),
            "base_url": client.endpoint().base.as_str(),
            "attempt_id": attempt_id,
            "order_id": answer.id,
            "request_id": request_id,
            "status": status.as_ref().map(|s| s.as_str()),
            "answer": answer,
        });
        println!("{out:#}");
    } else {
        println!("order {} placed (attempt {attempt_id})", answer.id);
        match (request_id, status) {
            (Some(id), Some(status)) => println!("request {id}: {status}"),
            (Some(id), None) => println!("request {id}"),
            _ => {}
        }
        println!("follow it: certwiz status {} --watch", answer.id);
    }
}

/// Prints the diagnostics; true when errors block sending.
pub(super) fn refuse(diagnostics: &[Diagnostic]) -> bool {
    for d in diagnostics
        .iter()
        .filter(|d| !matches!(d.severity, crate::order::Severity::Info))
    {
        eprintln!("{d}");
    }
    if has_errors(diagnostics) {
        eprintln!("certwiz: {}; nothing was sent", summary(diagnostics));
        return true;
    }
    false
}

/// Checks the order against the account: custom fields, product details, organizations and
/// divisions. A part that cannot be read is a warning and goes on: CertCentral checks the order
/// too. A refused key ends the command.
pub(super) async fn check_with_account(client: &Client, draft: &Draft) -> Option<u8> {
    let facts = match AccountFacts::read(client, draft).await {
        Ok(facts) => facts,
        Err(e) => return Some(remote::fail(&e)),
    };
    let account_errors: Vec<Diagnostic> = facts
        .check(draft)
        .into_iter()
        .filter(|d| d.is_error() || d.code == "inactive_organization")
        .collect();
    refuse(&account_errors).then_some(exit::INVALID)
}

/// Asks on the terminal; true when the person says yes.
pub(super) fn confirm(client: &Client, draft: &Draft, request: &OrderRequest) -> bool {
    let endpoint = client.endpoint();
    let payment = request
        .payment_method
        .map(|p| p.as_str())
        .unwrap_or("balance (default)");
    let mut err = io::stderr().lock();
    let _ = writeln!(err, "Place this order on {}?", endpoint.describe());
    if endpoint.kind == EndpointKind::Live {
        let _ = writeln!(err, "  This is a real order: it is charged to the account.");
    }
    let _ = writeln!(
        err,
        "  product:  {} ({})",
        draft.product.label(),
        draft.product
    );
    if let Some(years) = request.validity() {
        let unit = if years == 1 { "year" } else { "years" };
        let _ = writeln!(err, "  validity: {years} {unit}");
    }
    let _ = writeln!(err, "  payment:  {payment}");
    let _ = write!(err, "Place it? [y/N] ");
    let _ = err.flush();
    let mut answer = String::new();
    if io::stdin().lock().read_line(&mut answer).is_err() {
        return false;
    }
    matches!(answer.trim().to_ascii_lowercase().as_str(), "y" | "yes")
}

/// The second question, naming the earlier attempt; only a typed `yes` places a second order.
fn confirm_again(earlier: &JournalEntry) -> bool {
    let mut err = io::stderr().lock();
    let _ = writeln!(
        err,
        "Place a SECOND order of this draft, although {} exists?",
        attempts::describe(earlier)
    );
    let _ = write!(err, "Type yes to place it again: ");
    let _ = err.flush();
    let mut answer = String::new();
    if io::stdin().lock().read_line(&mut answer).is_err() {
        return false;
    }
    answer.trim().eq_ignore_ascii_case("yes")
}
