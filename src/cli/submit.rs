//! `certwiz submit`: validate, confirm, refuse a second order of the same draft unless told,
//! journal the attempt before the POST, place the order once, record and print what happened.

use std::io::{self, BufRead, IsTerminal, Write};

use serde_json::json;

use super::account::AccountFacts;
use super::args::{EndpointArgs, OrderFileArgs};
use super::check::{load, summary};
use super::interrupt::Stopped;
use super::{exit, profile, remote};
use crate::api::{Client, EndpointKind};
use crate::order::validate::{Diagnostic, has_errors};
use crate::order::{Draft, OrderRequest, OrderResponse};
use crate::ordering::{self, Sent};
use crate::store::{Allow, AttemptState, JournalEntry, NewAttempt, Store};

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
        if let Some(code) = check_with_account(client, &draft, &diagnostics).await {
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

/// Sending as every way of submitting from the command line shares it (`submit` and the plain
/// mode), through the ordering core's one send: the journal's check for an earlier attempt of
/// the same order and the record of this one are one decision at the moment of sending. An
/// earlier attempt is named and sent past only with --allow-duplicate or when `again` confirms
/// it (asked again if yet another appears meanwhile). `Err` holds the exit code when the order
/// was not (certainly) placed.
pub(super) async fn place(
    store: &Store,
    client: &Client,
    draft: &Draft,
    request: &OrderRequest,
    options: SubmitOptions,
    mut again: impl FnMut(&JournalEntry) -> bool,
) -> Result<OrderResponse, u8> {
    let endpoint = client.endpoint();
    let attempt = match request.renewal_of_order_id {
        // A renewal is known by the order it renews: a second renewal of the same order is the
        // same order, whatever its form says (and the draft that placed the old order is not).
        Some(old) => NewAttempt::for_renewal(draft, old, endpoint.kind, endpoint.base.as_str()),
        None => NewAttempt::for_draft(draft, endpoint.kind, endpoint.base.as_str()),
    };
    let mut allow = if options.allow_duplicate {
        Allow::Any
    } else {
        Allow::none()
    };
    loop {
        let signals = super::interrupt::listen();
        let sent = ordering::send(store, attempt.clone(), allow.clone(), || {
            super::interrupt::post(signals, client.place_order(draft.product, request))
        })
        .await;
        match sent {
            Sent::Earlier(found) => {
                allow = Allow::Named(named_again(&found, options, &mut again)?);
            }
            Sent::NotRecorded(e) => {
                eprintln!(
                    "certwiz: cannot record the order in the journal before sending it: {e}; nothing was sent"
                );
                return Err(exit::USAGE);
            }
            Sent::Placed {
                entry,
                answer,
                unrecorded,
            } => {
                if let Some(e) = unrecorded {
                    eprintln!(
                        "certwiz: warning: order {} was placed, but the journal could not record it: {e}",
                        answer.id
                    );
                }
                print_placed(client, &entry.attempt_id, &answer, options.json);
                return Ok(answer);
            }
            Sent::Refused {
                entry,
                error,
                unrecorded,
            } => {
                eprintln!("certwiz: {error}");
                if let Some(e) = unrecorded {
                    eprintln!("certwiz: warning: the journal could not record this: {e}");
                }
                return Err(match &error {
                    Stopped::Api(error) => remote::api_exit(error),
                    Stopped::Signal(n) => super::interrupt::interrupted(&entry, *n),
                });
            }
            Sent::Unknown {
                entry,
                error: Some(Stopped::Signal(n)),
                unrecorded,
                ..
            } => {
                if let Some(e) = unrecorded {
                    eprintln!("certwiz: warning: the journal could not record this: {e}");
                }
                return Err(super::interrupt::interrupted(&entry, n));
            }
            Sent::Unknown {
                entry,
                why,
                unrecorded,
                ..
            } => {
                eprintln!("certwiz: {why}");
                if let Some(e) = unrecorded {
                    eprintln!("certwiz: warning: the journal could not record this: {e}");
                }
                eprintln!(
                    "certwiz: the order may have been placed; do not send it again. Attempt {}: {}",
                    entry.attempt_id,
                    ordering::settle_advice(&entry)
                );
                if options.json {
                    let out = json!({
                        "endpoint": entry.endpoint.to_string(),
                        "attempt_id": entry.attempt_id,
                        "state": "outcome_unknown",
                        "error": entry.error,
                    });
                    println!("{}", crate::outside::json(&out));
                }
                return Err(exit::OUTCOME_UNKNOWN);
            }
        }
    }
}

/// Names the earlier attempts of the same order and asks whether to send again; the ids the
/// person accepted, or the exit code. `--yes` does not cover a second order.
fn named_again(
    found: &[JournalEntry],
    options: SubmitOptions,
    again: &mut impl FnMut(&JournalEntry) -> bool,
) -> Result<Vec<String>, u8> {
    eprintln!("certwiz: this order was submitted before:");
    for entry in found {
        eprintln!("  {}", ordering::describe(entry));
        if entry.state == AttemptState::OutcomeUnknown {
            eprintln!(
                "    its outcome is unknown: {}",
                ordering::settle_advice(entry)
            );
        }
    }
    if found.iter().any(|e| e.state == AttemptState::Sending) {
        eprintln!(
            "certwiz: not placed: another certwiz is sending this order right now; see `certwiz orders`"
        );
        return Err(exit::DECLINED);
    }
    if options.yes {
        if found
            .iter()
            .any(|e| e.state == AttemptState::OutcomeUnknown)
        {
            eprintln!(
                "certwiz: not placed: settle the attempt whose outcome is unknown first (above); once it is settled as not placed, the order may be submitted again"
            );
        } else {
            eprintln!(
                "certwiz: not placed: --yes does not cover a second order of the same draft; add --allow-duplicate to place it again"
            );
        }
        return Err(exit::DECLINED);
    }
    if found.iter().all(again) {
        Ok(found.iter().map(|e| e.attempt_id.clone()).collect())
    } else {
        eprintln!("certwiz: not placed");
        Err(exit::DECLINED)
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
        println!("{}", crate::outside::json(&out));
    } else {
        println!("order {} placed (attempt {attempt_id})", answer.id);
        match (request_id, status) {
            (Some(id), Some(status)) => {
                println!("request {id}: {}", crate::outside::Safe(status.as_str()))
            }
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
pub(super) async fn check_with_account(
    client: &Client,
    draft: &Draft,
    earlier: &[Diagnostic],
) -> Option<u8> {
    let facts = match AccountFacts::read(client, draft).await {
        Ok(facts) => facts,
        Err(e) => return Some(remote::fail(&e)),
    };
    let account_errors: Vec<Diagnostic> = facts
        .check(draft)
        .into_iter()
        .filter(|d| d.is_error() || d.code == "inactive_organization")
        .collect();
    // The sum names every warning printed, the offline checks' too.
    let printed: Vec<Diagnostic> = earlier
        .iter()
        .filter(|d| d.severity == crate::order::Severity::Warning)
        .chain(&account_errors)
        .cloned()
        .collect();
    for d in &account_errors {
        eprintln!("{d}");
    }
    has_errors(&account_errors).then(|| {
        eprintln!("certwiz: {}; nothing was sent", summary(&printed));
        exit::INVALID
    })
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
        ordering::describe(earlier)
    );
    let _ = write!(err, "Type yes to place it again: ");
    let _ = err.flush();
    let mut answer = String::new();
    if io::stdin().lock().read_line(&mut answer).is_err() {
        return false;
    }
    answer.trim().eq_ignore_ascii_case("yes")
}
