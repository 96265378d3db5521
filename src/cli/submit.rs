//! `certwiz submit`: validate, confirm, refuse a second order of the same draft unless told,
//! journal the attempt before the POST, place the order once, record and print what happened.

use std::io::{self, BufRead, IsTerminal, Write};

use serde_json::json;

use super::args::{EndpointArgs, OrderFileArgs};
use super::check::{load, summary};
use super::exit::{self, Exit, Outcome};
use super::interrupt::Stopped;
use super::{profile, remote};
use crate::api::{Client, EndpointKind};
use crate::order::validate::{Diagnostic, has_errors, validate};
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
    /// Send despite pre-flight warnings that need a yes (`--yes` does not cover them).
    pub accept_preflight: bool,
}

/// `certwiz submit`. With `--json`, one object whatever the end (README, "JSON output"): the
/// placed order, an outcome unknown, or why nothing was placed.
pub fn submit(input: &OrderFileArgs, options: SubmitOptions, endpoint: &EndpointArgs) -> Outcome {
    let opened = std::cell::RefCell::new(None);
    let outcome = submit_as(input, options, endpoint, &opened);
    if options.json
        && let Err(exit) = &outcome
        // Placing printed the object of an unknown outcome (a signal's too) itself.
        && exit.code != exit::OUTCOME_UNKNOWN
        && exit.code < 128
    {
        let error = exit.sentence().map_or_else(
            || match exit.code {
                exit::INVALID => {
                    "the order has errors (listed on standard error); nothing was sent".to_owned()
                }
                exit::DECLINED => "not placed".to_owned(),
                _ => "nothing was sent (the reason is on standard error)".to_owned(),
            },
            str::to_owned,
        );
        let (kind, base) = opened.borrow().clone().unzip();
        print_json(
            Shown {
                endpoint: kind,
                base_url: base,
                attempt_id: None,
                answer: None,
            },
            "not_placed",
            Some(&error),
        );
    }
    outcome
}

/// [`submit`]; `opened` gets the endpoint's kind and base URL once it is opened.
fn submit_as(
    input: &OrderFileArgs,
    options: SubmitOptions,
    endpoint: &EndpointArgs,
    opened: &std::cell::RefCell<Option<(String, String)>>,
) -> Outcome {
    let (draft, diagnostics) = load(input).map_err(Exit::code)?;
    if refuse(&diagnostics) {
        return Err(Exit::code(exit::INVALID));
    }
    let request = draft
        .to_request()
        .map_err(|e| Exit::with(exit::INVALID, format!("the order cannot be sent: {e}")))?;
    if !options.yes && !io::stdin().is_terminal() {
        return Err(Exit::with(
            exit::USAGE,
            "refusing to place an order without confirmation: standard input is not a terminal; pass --yes to confirm",
        ));
    }
    let store = profile::open_store()?;
    let outcome = remote::run(async {
        let connection = remote::open(endpoint).await?;
        let client = &connection.client;
        *opened.borrow_mut() = Some((
            client.endpoint().kind.to_string(),
            client.endpoint().base.as_str().to_owned(),
        ));
        check_with_account(client, &draft, &diagnostics).await?;
        let reports = super::preflight::before_confirm(
            client,
            &draft,
            &request,
            options.yes,
            options.accept_preflight,
        )
        .await
        .map_err(Exit::code)?;
        let asked = super::preflight::question(&reports, options.accept_preflight);
        if !options.yes {
            match confirm(client, &draft, &request, asked) {
                Some(true) => {}
                Some(false) => return Err(Exit::with(exit::DECLINED, "not placed")),
                None => return Err(input_ended()),
            }
        }
        place(&store, client, &draft, &request, options, confirm_again).await?;
        Ok(())
    })
    // Said before the store's warnings, as it happened.
    .map_err(Exit::now);
    profile::report_set_aside(&store);
    outcome
}

/// Sending as every way of submitting from the command line shares it (`submit` and the plain
/// mode), through the ordering core's one send: the journal's check for an earlier attempt of
/// the same order and the record of this one are one decision at the moment of sending. An
/// earlier attempt is named and sent past only with --allow-duplicate or when `again` confirms
/// it (asked again if yet another appears meanwhile). `Err` is how the command ends when the
/// order was not (certainly) placed; what it says was printed where it happened.
pub(super) async fn place(
    store: &Store,
    client: &Client,
    draft: &Draft,
    request: &OrderRequest,
    options: SubmitOptions,
    again: impl FnMut(&JournalEntry) -> Option<bool>,
) -> Result<OrderResponse, Exit> {
    place_or_refused(store, client, draft, request, options, again)
        .await
        .map_err(|n| n.exit)
}

/// Why [`place`] placed nothing: how the command ends, and CertCentral's refusal of a renewal
/// when that was the reason (`ordering::renewal::Refused`).
#[derive(Debug)]
pub(super) struct NotPlaced {
    pub exit: Exit,
    pub refused: Option<crate::ordering::renewal::Refused>,
}

impl From<Exit> for NotPlaced {
    fn from(exit: Exit) -> Self {
        NotPlaced {
            exit,
            refused: None,
        }
    }
}

/// [`place`], saying when CertCentral refused the order as a renewal it will not make.
pub(super) async fn place_or_refused(
    store: &Store,
    client: &Client,
    draft: &Draft,
    request: &OrderRequest,
    options: SubmitOptions,
    again: impl FnMut(&JournalEntry) -> Option<bool>,
) -> Result<OrderResponse, NotPlaced> {
    // A renewal is known by the order it renews: a second renewal of the same order is the
    // same order, whatever its form says (and the draft that placed the old order is not).
    let endpoint = client.endpoint();
    let attempt = match request.renewal_of_order_id() {
        Some(old) => NewAttempt::for_renewal(draft, old, endpoint.kind, endpoint.base.as_str()),
        None => NewAttempt::for_draft(draft, endpoint.kind, endpoint.base.as_str()),
    };
    place_as(store, client, draft, request, attempt, options, again).await
}

/// A new order placed after CertCentral refused to renew order `old`: journaled as an order in
/// place of that renewal, so it is decided with the renewals of `old` in the journal's one
/// check. Two `renew` runs at once, one renewed and the other refused with
/// `order_renewed_already`, so place one order, not a renewal and a new order beside it.
pub(super) async fn place_instead_of_renewal(
    store: &Store,
    client: &Client,
    draft: &Draft,
    request: &OrderRequest,
    old: i64,
    options: SubmitOptions,
) -> Result<OrderResponse, Exit> {
    let endpoint = client.endpoint();
    let attempt = NewAttempt::instead_of_renewal(draft, old, endpoint.kind, endpoint.base.as_str());
    place_as(store, client, draft, request, attempt, options, |_| {
        Some(false)
    })
    .await
    .map_err(|n| n.exit)
}

/// [`place_or_refused`] as the journal's `attempt`.
async fn place_as(
    store: &Store,
    client: &Client,
    draft: &Draft,
    request: &OrderRequest,
    attempt: NewAttempt,
    options: SubmitOptions,
    mut again: impl FnMut(&JournalEntry) -> Option<bool>,
) -> Result<OrderResponse, NotPlaced> {
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
                allow = Allow::Named(
                    named_again(&found, options, &mut again).map_err(NotPlaced::from)?,
                );
            }
            Sent::NotRecorded(e) => {
                return Err(Exit::with(
                    exit::USAGE,
                    format!(
                        "cannot record the order in the journal before sending it: {e}; nothing was sent"
                    ),
                )
                .now()
                .into());
            }
            Sent::Placed {
                entry,
                answer,
                unrecorded,
            } => {
                if let Some(e) = unrecorded {
                    errln!(
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
                let said = Exit::with(exit::API_ERROR, &error).now();
                if let Some(e) = unrecorded {
                    errln!("certwiz: warning: the journal could not record this: {e}");
                }
                return Err(match &error {
                    Stopped::Api(error) => NotPlaced {
                        exit: Exit {
                            code: remote::api_exit(error),
                            ..said
                        },
                        refused: crate::ordering::renewal::Refused::of(error),
                    },
                    Stopped::Signal(n) => {
                        if options.json {
                            print_unknown(client, &entry);
                        }
                        super::interrupt::interrupted(&entry, *n).into()
                    }
                });
            }
            Sent::Unknown {
                entry,
                error: Some(Stopped::Signal(n)),
                unrecorded,
                ..
            } => {
                if let Some(e) = unrecorded {
                    errln!("certwiz: warning: the journal could not record this: {e}");
                }
                if options.json {
                    print_unknown(client, &entry);
                }
                return Err(super::interrupt::interrupted(&entry, n).into());
            }
            Sent::Unknown {
                entry,
                why,
                unrecorded,
                ..
            } => {
                errln!("certwiz: {why}");
                if let Some(e) = unrecorded {
                    errln!("certwiz: warning: the journal could not record this: {e}");
                }
                errln!(
                    "certwiz: the order may have been placed; do not send it again. Attempt {}: {}",
                    entry.attempt_id,
                    ordering::settle_advice(&entry)
                );
                if options.json {
                    print_unknown(client, &entry);
                }
                return Err(Exit::code(exit::OUTCOME_UNKNOWN).into());
            }
        }
    }
}

/// Names the earlier attempts of the same order and asks whether to send again; the ids the
/// person accepted, or how the command ends. `--yes` does not cover a second order.
fn named_again(
    found: &[JournalEntry],
    options: SubmitOptions,
    again: &mut impl FnMut(&JournalEntry) -> Option<bool>,
) -> Result<Vec<String>, Exit> {
    errln!("certwiz: this order was submitted before:");
    for line in ordering::earlier_attempts(found) {
        errln!("{line}");
    }
    if found.iter().any(|e| e.state == AttemptState::Sending) {
        return Err(Exit::with(
            exit::DECLINED,
            "not placed: another certwiz is sending this order right now; see `certwiz orders`",
        )
        .now());
    }
    if !options.yes {
        for earlier in found {
            match again(earlier) {
                Some(true) => {}
                Some(false) => return Err(Exit::with(exit::DECLINED, "not placed").now()),
                // Input that ends before the answer is input that could not be read, not a no.
                None => return Err(input_ended().now()),
            }
        }
        return Ok(found.iter().map(|e| e.attempt_id.clone()).collect());
    }
    let why = if found
        .iter()
        .any(|e| e.state == AttemptState::OutcomeUnknown)
    {
        "not placed: settle the attempt whose outcome is unknown first (above); once it is settled as not placed, the order may be submitted again"
    } else {
        "not placed: --yes does not cover a second order of the same draft; add --allow-duplicate to place it again"
    };
    Err(Exit::with(exit::DECLINED, why).now())
}

/// What `submit --json` names of the order: where it went, its attempt and DigiCert's answer,
/// each `None` (null) when there is none.
struct Shown<'a> {
    endpoint: Option<String>,
    base_url: Option<String>,
    attempt_id: Option<&'a str>,
    answer: Option<&'a OrderResponse>,
}

impl<'a> Shown<'a> {
    fn of(client: &Client, attempt_id: &'a str, answer: Option<&'a OrderResponse>) -> Self {
        Shown {
            endpoint: Some(client.endpoint().kind.to_string()),
            base_url: Some(client.endpoint().base.as_str().to_owned()),
            attempt_id: Some(attempt_id),
            answer,
        }
    }
}

/// `submit --json`'s one object (README, "JSON output"), every key always there: `state` is
/// `placed`, `outcome_unknown` or `not_placed`, and `error` says why when it is not placed.
fn print_json(shown: Shown<'_>, state: &str, error: Option<&str>) {
    let first = shown.answer.and_then(OrderResponse::first_request);
    let out = json!({
        "endpoint": shown.endpoint,
        "base_url": shown.base_url,
        "attempt_id": shown.attempt_id,
        "order_id": shown.answer.map(|a| a.id),
        "request_id": first.and_then(|r| r.id),
        "status": first.and_then(|r| r.status.as_ref()).map(|s| s.as_str()),
        "answer": shown.answer,
        "state": state,
        "error": error,
    });
    outln!("{}", crate::outside::json(&out));
}

/// The object of an attempt whose outcome is unknown (no answer came, or a signal came first).
fn print_unknown(client: &Client, entry: &JournalEntry) {
    print_json(
        Shown::of(client, &entry.attempt_id, None),
        "outcome_unknown",
        entry.error.as_deref(),
    );
}

fn print_placed(client: &Client, attempt_id: &str, answer: &OrderResponse, json: bool) {
    let first = answer.first_request();
    let request_id = first.and_then(|r| r.id);
    let status = first.and_then(|r| r.status.clone());
    if json {
        print_json(Shown::of(client, attempt_id, Some(answer)), "placed", None);
    } else {
        outln!("order {} placed (attempt {attempt_id})", answer.id);
        match (request_id, status) {
            (Some(id), Some(status)) => {
                outln!("request {id}: {}", crate::outside::Safe(status.as_str()))
            }
            (Some(id), None) => outln!("request {id}"),
            _ => {}
        }
        outln!("follow it: certwiz status {} --watch", answer.id);
    }
}

/// Prints the diagnostics; true when errors block sending.
pub(super) fn refuse(diagnostics: &[Diagnostic]) -> bool {
    for d in diagnostics
        .iter()
        .filter(|d| !matches!(d.severity, crate::order::Severity::Info))
    {
        errln!("{d}");
    }
    if has_errors(diagnostics) {
        errln!("certwiz: {}; nothing was sent", summary(diagnostics));
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
) -> Outcome {
    let snapshot = super::account::read_for_orders(client, &[draft.product])
        .await
        .map_err(|e| remote::failed(&e))?;
    let account_errors: Vec<Diagnostic> = validate(draft, &snapshot.context(draft.product))
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
        errln!("{d}");
    }
    if has_errors(&account_errors) {
        return Err(Exit::with(
            exit::INVALID,
            format!("{}; nothing was sent", summary(&printed)),
        ));
    }
    Ok(())
}

/// An answer typed on the terminal, or `None` when the input ended (Ctrl-D) or could not be
/// read: input that ends before the answer is not a no (exit 2, as at every question).
pub(super) fn read_answer() -> Option<String> {
    let mut answer = String::new();
    match io::stdin().lock().read_line(&mut answer) {
        Ok(0) | Err(_) => None,
        Ok(_) => Some(answer.trim().to_ascii_lowercase()),
    }
}

/// How a command ends when the input ended before a question was answered.
pub(super) fn input_ended() -> Exit {
    Exit::with(
        exit::USAGE,
        "the input ended before the question was answered; nothing was sent",
    )
}

/// Asks on the terminal; true when the person says yes, `None` when the input ended.
/// `asked` is the pre-flight's price line and whether only a typed `yes` sends.
pub(super) fn confirm(
    client: &Client,
    draft: &Draft,
    request: &OrderRequest,
    asked: (Option<String>, bool),
) -> Option<bool> {
    let endpoint = client.endpoint();
    let payment = request.payment_method().unwrap_or("balance (default)");
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
    if let Some(price) = &asked.0 {
        let _ = writeln!(err, "  price:    {price}");
    }
    let strict = asked.1;
    let _ = if strict {
        write!(
            err,
            "Place it despite the pre-flight warnings above? Type yes: "
        )
    } else {
        write!(err, "Place it? [y/N] ")
    };
    let _ = err.flush();
    let answer = read_answer()?;
    Some(if strict {
        answer == "yes"
    } else {
        matches!(answer.as_str(), "y" | "yes")
    })
}

/// The second question, naming the earlier attempt; only a typed `yes` places a second order.
/// `None` when the input ended (or could not be read) before an answer.
fn confirm_again(earlier: &JournalEntry) -> Option<bool> {
    let mut err = io::stderr().lock();
    let _ = writeln!(
        err,
        "Place a SECOND order of this draft, although {} exists?",
        ordering::describe(earlier)
    );
    let _ = write!(err, "Type yes to place it again: ");
    let _ = err.flush();
    read_answer().map(|answer| answer == "yes")
}
