//! `certwiz --plain`: the wizard as plain lines, for screen readers, `script` and CI logs.
//!
//! No full-screen UI, no cursor movement, no colour: one prompt per field in the catalog's order
//! ([`form`]), the same pickers as numbered lists, the same validation and messages, the same
//! JSON preview and confirmation, then the same journal-first submit as `certwiz submit` and
//! the same tracker as `certwiz status --watch`.
//!
//! Started by `--plain`, by `TERM=dumb`, or by `plain = true` in `config.toml`, when no command
//! is given. Like the wizard it offers to resume the autosaved draft (`--new` starts anew and
//! keeps the old one as a named draft), and it autosaves after every answer.

pub mod form;

use std::io::{self, IsTerminal, Write};

use serde::Deserialize;

use self::form::{Form, Snapshot, Stop};
use super::args::EndpointArgs;
use super::check::summary;
use super::status::{self, JournalWriter};
use super::submit::{self, SubmitOptions};
use super::{exit, profile, remote};
use crate::api::{ApiError, Client, EndpointKind, Tracker};
use crate::order::catalog::{FieldId, ObjectId};
use crate::order::model::ProvisioningMethod;
use crate::order::validate::validate;
use crate::order::{Draft, Product};
use crate::ordering::account::{AccountPart, Want};
use crate::paths::Paths;
use crate::store::{JournalEntry, Store};

/// The part of `config.toml` this mode reads; every other key belongs to others.
#[derive(Debug, Default, Deserialize)]
struct PlainConfig {
    #[serde(default)]
    plain: bool,
}

/// Whether certwiz without a command runs in plain mode: `--plain`, `TERM=dumb`, or
/// `plain = true` in `config.toml`.
pub fn wanted(flag: bool) -> bool {
    flag || std::env::var("TERM").is_ok_and(|t| t == "dumb") || configured()
}

/// `plain = true` in `config.toml`. A file that cannot be read is left to the endpoint's
/// resolution, which reports it.
fn configured() -> bool {
    let Ok(paths) = Paths::discover() else {
        return false;
    };
    crate::infile::read_text(&paths.config_file(), crate::infile::Kind::Config)
        .ok()
        .and_then(|text| toml::from_str::<PlainConfig>(&text).ok())
        .is_some_and(|c| c.plain)
}

/// Runs the plain mode: fill the form, review, confirm, place, follow.
pub fn run(endpoint: &EndpointArgs, new: bool) -> u8 {
    let store = match profile::open_store() {
        Ok(store) => store,
        Err(exit) => return exit.report(),
    };
    let code = remote::block_on(async {
        let connection = match remote::open(endpoint).await {
            Ok(c) => c,
            Err(exit) => return exit.report(),
        };
        let client = &connection.client;
        let account = match read_account(client).await {
            Ok(account) => account,
            Err(e) => return remote::fail(&e),
        };
        let echo = !io::stdin().is_terminal();
        let mut form = Form::new(io::stdin().lock(), io::stdout(), &account).echo(echo);
        match order(&mut form, &store, client, new).await {
            Ok(Some(order_id)) => {
                let tracker =
                    Tracker::with_policy(client.clone(), remote::poll_policy(&connection));
                let journal = JournalWriter::new(&store, client);
                outln!(
                    "following order {order_id} until it is final; Ctrl-C stops following (the order stays in the journal: certwiz orders --watch)"
                );
                let followed = status::follow(client, &tracker, order_id, false, &journal);
                // Following listens to the signals (`interrupt::listen`), so that a stop says
                // where the order stays, as the line above promises, and exits 128 + n.
                match super::interrupt::listen() {
                    Some(mut signals) => tokio::select! {
                        code = followed => code,
                        number = signals.recv() => stopped_following(order_id, number),
                    },
                    None => followed.await,
                }
            }
            Ok(None) => exit::DECLINED,
            Err(code) => code,
        }
    });
    profile::report_set_aside(&store);
    code
}

/// A signal while following the placed order: said, and the exit code 128 + its number.
fn stopped_following(order_id: i64, number: i32) -> u8 {
    // Standard error may be a closed terminal (SIGHUP): a failed write is no reason to panic.
    let _ = io::Write::write_all(
        &mut io::stderr(),
        format!(
            "certwiz: stopped following order {order_id} (signal {number}); it stays in the journal: certwiz orders --watch follows it\n"
        )
        .as_bytes(),
    );
    super::interrupt::code_of(number)
}

/// Fills, reviews, confirms and places the order; the order id once placed, `None` when not.
async fn order<R: io::BufRead, W: Write>(
    form: &mut Form<'_, R, W>,
    store: &Store,
    client: &Client,
    new: bool,
) -> Result<Option<i64>, u8> {
    let stopped = |stop: Stop| match stop {
        // Input that ends early is input that could not be read, not a declined question.
        Stop::Eof => {
            errln!(
                "certwiz: the input ended before the order was sent; nothing was sent (answers given so far are autosaved: certwiz --plain resumes them)"
            );
            exit::USAGE
        }
        Stop::Unfixable => exit::INVALID,
        Stop::Io(e) => {
            errln!("certwiz: cannot read the answers or write the questions: {e}");
            exit::USAGE
        }
    };
    let mut draft = start(form, store, new).map_err(stopped)?;
    form.intro().map_err(|e| stopped(Stop::Io(e)))?;
    let mut warned = false;
    let mut save = |d: &Draft| {
        if let Err(e) = store.drafts.autosave(d)
            && !std::mem::replace(&mut warned, true)
        {
            errln!("certwiz: warning: cannot autosave the draft: {e}");
        }
    };
    form.fill(&mut draft, &mut save).map_err(stopped)?;
    let request = match draft.to_request() {
        Ok(request) => request,
        Err(e) => {
            errln!("certwiz: the order cannot be sent: {e}");
            return Err(exit::INVALID);
        }
    };
    review(form, client, &draft).map_err(|e| stopped(Stop::Io(e)))?;
    let question = format!("Place this order on {}?", client.endpoint().describe());
    let (question, strict) =
        super::preflight::plain_question(form, client, &draft, &request, &question)
            .await
            .map_err(stopped)?;
    let yes = if strict {
        let question = format!("{question} Type yes to send despite the pre-flight warnings:");
        form.confirm_word(&question, "yes").map_err(stopped)?
    } else {
        form.confirm(&question).map_err(stopped)?
    };
    if !yes {
        let _ = writeln!(form.out(), "not placed; the draft is kept (autosave)");
        return Ok(None);
    }
    let options = SubmitOptions {
        yes: false,
        allow_duplicate: false,
        json: false,
        accept_preflight: false,
    };
    let again = |earlier: &JournalEntry| {
        let question = format!(
            "Place a SECOND order of this draft, although {} exists? Type yes to place it again:",
            crate::ordering::describe(earlier)
        );
        // An answer that could not be read (the input ended) is not a no: exit 2, as at every
        // other question.
        form.confirm_word(&question, "yes").ok()
    };
    let answer = submit::place(store, client, &draft, &request, options, again)
        .await
        .map_err(exit::Exit::report)?;
    if let Err(e) = store.drafts.discard_autosave() {
        errln!("certwiz: warning: cannot remove the autosave: {e}");
    }
    Ok(Some(answer.id))
}

/// The draft to start from: the autosave when there is one and the person resumes it; else a
/// new form, the old autosave kept as a named draft (as the wizard does, and `--new`).
fn start<R: io::BufRead, W: Write>(
    form: &mut Form<'_, R, W>,
    store: &Store,
    new: bool,
) -> Result<Draft, Stop> {
    let resume = match store.drafts.resume() {
        Ok(resume) => resume,
        Err(e) => {
            errln!("certwiz: warning: cannot read the autosaved draft: {e}");
            None
        }
    };
    if let Some(resume) = resume
        && !new
    {
        let when = resume
            .saved_at
            .map(crate::ordering::when)
            .unwrap_or_else(|| "earlier".into());
        let question = format!(
            "Resume the draft saved {when} ({})? No starts a new form and keeps it as a named draft.",
            resume.summary
        );
        if form.confirm(&question)? {
            return Ok(resume.draft);
        }
    }
    match store.drafts.archive_autosave() {
        Ok(Some(name)) => writeln!(form.out(), "the earlier draft is kept as {name:?}")?,
        Ok(None) => {}
        Err(e) => errln!("certwiz: warning: cannot keep the earlier draft: {e}"),
    }
    let draft = crate::form::new_draft(Product::default());
    match crate::form::move_new_form(draft.product, form.account().products.as_deref()) {
        Some((moved, said)) => {
            writeln!(form.out(), "{said}")?;
            Ok(moved)
        }
        None => Ok(draft),
    }
}

/// The review: the diagnostics, the exact JSON body, and what the order is, in words.
fn review<R: io::BufRead, W: Write>(
    form: &mut Form<'_, R, W>,
    client: &Client,
    draft: &Draft,
) -> io::Result<()> {
    let account_summary = {
        let account = form.account();
        let diagnostics = validate(draft, &account.context(draft.product));
        let mut lines = form::review_lines(&diagnostics);
        lines.push(format!("{}: {}", draft.product, summary(&diagnostics)));
        lines.push(String::new());
        lines.push(format!(
            "JSON body (POST {}):",
            client.endpoint().base.order_url(draft.product)
        ));
        let body = serde_json::to_string_pretty(&draft.to_body()).unwrap_or_default();
        lines.extend(body.lines().map(str::to_owned));
        lines.push(String::new());
        lines.extend(describe_order(client, draft, account));
        lines
    };
    let out = form.out();
    writeln!(out, "\nReview")?;
    for line in account_summary {
        writeln!(out, "{line}")?;
    }
    Ok(())
}

/// The order in words, for the confirmation: where, what, for whom, and where the token goes.
fn describe_order(client: &Client, draft: &Draft, account: &Snapshot) -> Vec<String> {
    let get = |field: FieldId| draft.get(field).trim().to_owned();
    let endpoint = client.endpoint();
    let mut lines = vec![format!("endpoint:     {}", endpoint.describe())];
    if endpoint.kind == EndpointKind::Live {
        lines.push("              This is a real order: it is charged to the account.".into());
    }
    lines.push(format!(
        "product:      {} ({})",
        draft.product.label(),
        draft.product
    ));
    let years = get(draft.validity_field());
    let unit = if years == "1" { "year" } else { "years" };
    lines.push(format!("validity:     {years} {unit}"));
    if let Some((label, who)) = draft.person() {
        let label = format!("{}:", label.to_lowercase());
        lines.push(format!("{label:<14}{who}"));
    }
    let org_id = get(FieldId::Organization);
    let org_name = account
        .organizations
        .iter()
        .flatten()
        .find(|o| o.id.to_string() == org_id)
        .map(|o| format!(", {}", o.label()))
        .unwrap_or_default();
    if draft.names_organization() {
        lines.push(format!("organization: {org_id}{org_name}"));
    }
    let method = draft.get(FieldId::Provisioning).trim();
    let shipped = method.is_empty()
        || ProvisioningMethod::parse(method) == Some(ProvisioningMethod::ShipToken);
    let ships = if !shipped {
        format!("no token is shipped ({method})")
    } else if draft.object_given(ObjectId::ShipInfo) {
        let parts: Vec<String> = [
            FieldId::ShipName,
            FieldId::ShipAddr1,
            FieldId::ShipAddr2,
            FieldId::ShipCity,
            FieldId::ShipState,
            FieldId::ShipZip,
            FieldId::ShipCountry,
        ]
        .into_iter()
        .map(get)
        .filter(|v| !v.is_empty())
        .collect();
        format!("{} ({})", parts.join(", "), get(FieldId::ShipMethod))
    } else {
        "the account's default shipping address".into()
    };
    lines.push(format!("token ships:  {ships}"));
    let payment = match get(FieldId::PaymentMethod).as_str() {
        "" => "balance (default)".to_owned(),
        p => p.to_owned(),
    };
    lines.push(format!("payment:      {payment}"));
    lines
}

/// Reads what the account tells the form ([`crate::ordering::account`]). A part that cannot be
/// read is one warning line and the form goes on without its list and rules; a refused key stops.
async fn read_account(client: &Client) -> Result<Snapshot, ApiError> {
    let snapshot = crate::ordering::account::read(client, Want::form()).await?;
    for (part, why) in &snapshot.unread {
        match part {
            AccountPart::Products => errln!(
                "certwiz: the account's product list could not be read ({why}); CertCentral decides which products it sells"
            ),
            AccountPart::Details(product) => {
                errln!("certwiz: warning: {why}; the form goes on without {product}'s details")
            }
            _ => errln!("certwiz: warning: {why}; the form goes on without it"),
        }
    }
    Ok(snapshot)
}
