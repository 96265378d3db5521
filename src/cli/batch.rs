//! `certwiz submit --batch FILE`: many orders from one CSV or JSON Lines file. Every row is
//! checked before anything is sent; one question names the count and the endpoint; each row is
//! journaled (with the batch's id and its row) before its POST, so `--resume` after a crash or a
//! kill places only the rows not placed yet, and a row whose outcome is unknown is never resent.

use std::collections::HashMap;
use std::io::{self, BufRead, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::account::AccountFacts;
use super::{EndpointArgs, OrderFileArgs, exit, profile, remote};
use crate::api::{Client, EndpointKind, ErrorKind};
use crate::attempts::{
    INTERRUPTED_AFTER, definitely_not_placed, describe, on_journal, settle_advice,
};
use crate::order::batch::{self, Format, Row, RowDiagnostic};
use crate::order::catalog::FieldId;
use crate::order::draft::read_input;
use crate::order::validate::{Context, Severity};
use crate::order::{Draft, OrderRequest, Product};
use crate::store::{
    AttemptState, BatchRef, Fingerprint, JournalEntry, NewAttempt, ProfileKind, Store,
    lock::StoreLock,
};

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
}

/// One row ready to send.
struct Ready {
    row: Row,
    request: OrderRequest,
    fingerprint: Fingerprint,
}

/// What became of one row, for the summary table and `--json`.
#[derive(Debug, Clone, Serialize)]
struct RowResult {
    row: usize,
    line: usize,
    subject: String,
    /// `placed`, `already_placed`, `failed`, `outcome_unknown` or `not_sent`.
    state: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    attempt_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    order_id: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    request_id: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    status: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
}

impl RowResult {
    fn new(row: &Row, state: &'static str) -> Self {
        RowResult {
            row: row.row,
            line: row.line,
            subject: row.draft.get(FieldId::SubjectName).trim().to_owned(),
            state,
            attempt_id: None,
            order_id: None,
            request_id: None,
            status: None,
            error: None,
        }
    }

    fn from_entry(row: &Row, entry: &JournalEntry, state: &'static str) -> Self {
        let mut result = RowResult::new(row, state);
        result.attempt_id = Some(entry.attempt_id.clone());
        result.order_id = entry.order_id;
        result.request_id = entry.request_ids.first().copied();
        result.status = entry
            .latest()
            .and_then(|s| s.request_status.as_ref())
            .map(|s| s.as_str().to_owned());
        result.error = entry.error.clone();
        result
    }

    /// The last column of the table: the status, or what went wrong.
    fn outcome(&self) -> String {
        match self.state {
            "placed" => self.status.clone().unwrap_or_else(|| "placed".into()),
            "already_placed" => format!(
                "placed before{}",
                self.status
                    .as_ref()
                    .map(|s| format!(" ({s})"))
                    .unwrap_or_default()
            ),
            "not_sent" => "not sent".into(),
            state => match &self.error {
                Some(e) => format!("{}: {e}", state.replace('_', " ")),
                None => state.replace('_', " "),
            },
        }
    }
}

/// `certwiz submit --batch FILE`.
pub fn submit_batch(input: &OrderFileArgs, options: &BatchOptions, endpoint: &EndpointArgs) -> u8 {
    let shown = input.file.display().to_string();
    let bytes = match read_bytes(&input.file) {
        Ok(bytes) => bytes,
        Err(message) => {
            eprintln!("certwiz: {message}");
            return exit::USAGE;
        }
    };
    let Ok(text) = String::from_utf8(bytes.clone()) else {
        eprintln!("certwiz: {shown}: not UTF-8 text");
        return exit::USAGE;
    };
    let format = Format::detect(&input.file, &text);
    let store = match profile::open_store() {
        Ok(store) => store,
        Err(code) => return code,
    };
    let base = match base_draft(input.product, options, format, &store) {
        Ok(base) => base,
        Err(code) => return code,
    };
    let rows = match batch::parse(&text, format, &base) {
        Ok(rows) => rows,
        Err(e) => {
            eprintln!("certwiz: {shown}: {e}");
            return exit::USAGE;
        }
    };
    let found = batch::check(&rows, |_| Context::default());
    if refuse(&found, rows.len()) {
        return exit::INVALID;
    }
    let mut ready = Vec::with_capacity(rows.len());
    for row in rows {
        match row.draft.to_request() {
            Ok(request) => ready.push(Ready {
                fingerprint: Fingerprint::of_draft(&row.draft),
                request,
                row,
            }),
            Err(e) => {
                eprintln!(
                    "certwiz: row {} (line {}): the order cannot be sent: {e}; nothing was sent",
                    row.row, row.line
                );
                return exit::INVALID;
            }
        }
    }
    if !options.yes && !io::stdin().is_terminal() {
        eprintln!(
            "certwiz: refusing to place orders without confirmation: standard input is not a terminal; pass --yes to confirm"
        );
        return exit::USAGE;
    }
    let id = batch::batch_id(&bytes);
    let code = remote::block_on(run(&store, ready, id, options, endpoint));
    profile::report_set_aside(&store);
    code
}

fn read_bytes(file: &Path) -> Result<Vec<u8>, String> {
    if file.as_os_str() == "-" {
        let mut bytes = Vec::new();
        io::stdin()
            .read_to_end(&mut bytes)
            .map(|_| bytes)
            .map_err(|e| format!("cannot read standard input: {e}"))
    } else {
        std::fs::read(file).map_err(|e| format!("cannot read {}: {e}", file.display()))
    }
}

/// The draft every row starts from: `--base` (or, for CSV, a new form's defaults; for JSON Lines,
/// nothing), with the `--profile`s on top.
fn base_draft(
    product: Option<Product>,
    options: &BatchOptions,
    format: Format,
    store: &Store,
) -> Result<Draft, u8> {
    let mut base = match &options.base {
        Some(path) => {
            let shown = path.display();
            let text = std::fs::read_to_string(path).map_err(|e| {
                eprintln!("certwiz: cannot read {shown}: {e}");
                exit::USAGE
            })?;
            let (draft, problems) = read_input(&text, product).map_err(|e| {
                eprintln!("certwiz: {shown}: {e}");
                exit::USAGE
            })?;
            let errors: Vec<_> = problems.iter().filter(|d| d.is_error()).collect();
            if !errors.is_empty() {
                for d in errors {
                    eprintln!("base {shown}: {d}");
                }
                eprintln!("certwiz: the base cannot be read as an order; nothing was sent");
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
            eprintln!(
                "certwiz: --profile {wanted}: no saved profile by that name; see `certwiz profile list`"
            );
            return Err(exit::USAGE);
        }
    }
    Ok(base)
}

/// Prints the rows' errors (each with its row and field) and their warnings (once each, naming
/// the rows); true when errors block sending.
fn refuse(found: &[RowDiagnostic], rows: usize) -> bool {
    for (path, message, on) in batch::grouped_warnings(found) {
        let path = if path.is_empty() { "(row)" } else { &path };
        eprintln!("warning {path}: {message} (rows {})", batch::ranges(&on));
    }
    let errors: Vec<&RowDiagnostic> = found
        .iter()
        .filter(|d| d.diagnostic.severity == Severity::Error)
        .collect();
    for d in &errors {
        eprintln!("{d}");
    }
    if errors.is_empty() {
        return false;
    }
    let mut bad: Vec<usize> = errors.iter().map(|d| d.row).collect();
    bad.dedup();
    eprintln!(
        "certwiz: {} error{} in {} of {rows} row{} ({}); nothing was sent",
        errors.len(),
        if errors.len() == 1 { "" } else { "s" },
        bad.len(),
        if rows == 1 { "" } else { "s" },
        batch::ranges(&bad)
    );
    true
}

async fn run(
    store: &Store,
    ready: Vec<Ready>,
    id: String,
    options: &BatchOptions,
    endpoint: &EndpointArgs,
) -> u8 {
    let connection = match remote::open(endpoint).await {
        Ok(c) => c,
        Err(code) => return code,
    };
    let client = &connection.client;
    if let Some(code) = check_with_account(client, &ready).await {
        return code;
    }
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
            eprintln!(
                "certwiz: this batch is being sent by another certwiz ({e}); nothing was sent"
            );
            return exit::DECLINED;
        }
    };
    let kind = client.endpoint().kind;
    let earlier = match batch_entries(store, &id, kind).await {
        Ok(entries) => entries,
        Err(code) => return code,
    };
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
        eprintln!(
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
        return exit::DECLINED;
    }
    if !unknown.is_empty() {
        let mut all = done;
        all.extend(to_send.iter().map(|r| RowResult::new(&r.row, "not_sent")));
        all.sort_by_key(|r| r.row);
        if options.json {
            print_results(&all, true);
        }
        eprintln!("certwiz: nothing was sent: these rows may have been placed already:");
        for entry in &unknown {
            let row = entry.batch.as_ref().map(|b| b.row).unwrap_or_default();
            eprintln!("  row {row}: {}", describe(entry));
            eprintln!("    {}", settle_advice(entry));
        }
        eprintln!("certwiz: settle them, then run the batch again with --resume");
        return exit::OUTCOME_UNKNOWN;
    }
    if to_send.is_empty() {
        eprintln!("certwiz: every row of this batch is placed already; nothing was sent");
        print_results(&done, options.json);
        return exit::OK;
    }
    if let Some(code) = check_duplicates(store, &to_send, &id, kind, options).await {
        return code;
    }
    if !options.yes && !confirm(client, &to_send, done.len()) {
        eprintln!("certwiz: not placed");
        return exit::DECLINED;
    }
    let code = send_all(store, client, to_send, &id, &mut done).await;
    done.sort_by_key(|r| r.row);
    print_results(&done, options.json);
    code
}

fn count(results: &[RowResult], state: &str) -> usize {
    results.iter().filter(|r| r.state == state).count()
}

/// The batch's attempts on this kind of endpoint. Attempts left "sending" are marked "outcome
/// unknown" first: the caller holds the batch's lock, so no other certwiz is sending them.
async fn batch_entries(
    store: &Store,
    id: &str,
    kind: EndpointKind,
) -> Result<Vec<JournalEntry>, u8> {
    let id = id.to_owned();
    on_journal(store, move |j| {
        j.mark_interrupted(INTERRUPTED_AFTER)?;
        let mine = |e: &JournalEntry| {
            e.endpoint == kind && e.batch.as_ref().is_some_and(|b| b.id == id)
        };
        for entry in j.list()?.into_iter().filter(|e| mine(e) && e.state == AttemptState::Sending) {
            j.mark_outcome_unknown(
                &entry.attempt_id,
                "certwiz stopped while this batch row was being sent, so whether DigiCert received it is unknown",
            )?;
        }
        Ok(j.list()?.into_iter().filter(mine).collect())
    })
    .await
    .map_err(|e| profile::failed(&e))
}

/// Checks every row against the account (read once per product); prints the errors.
async fn check_with_account(client: &Client, ready: &[Ready]) -> Option<u8> {
    let mut facts: Vec<(Product, AccountFacts)> = Vec::new();
    for item in ready {
        let product = item.row.draft.product;
        if facts.iter().any(|(p, _)| *p == product) {
            continue;
        }
        match AccountFacts::read(client, &item.row.draft).await {
            Ok(read) => facts.push((product, read)),
            Err(e) => return Some(remote::fail(&e)),
        }
    }
    let rows: Vec<Row> = ready.iter().map(|r| r.row.clone()).collect();
    let found: Vec<RowDiagnostic> = batch::check(&rows, |product| {
        facts
            .iter()
            .find(|(p, _)| *p == product)
            .map(|(_, f)| f.context())
            .unwrap_or_default()
    })
    .into_iter()
    .filter(|d| d.diagnostic.is_error() || d.diagnostic.code == "inactive_organization")
    .collect();
    refuse(&found, rows.len()).then_some(exit::INVALID)
}

/// Refuses rows equal to another row of the file, or to an order placed (or maybe placed) before
/// outside this batch, unless --allow-duplicate.
async fn check_duplicates(
    store: &Store,
    to_send: &[Ready],
    id: &str,
    kind: EndpointKind,
    options: &BatchOptions,
) -> Option<u8> {
    let entries = match on_journal(store, |j| j.list()).await {
        Ok(entries) => entries,
        Err(e) => return Some(profile::failed(&e)),
    };
    let mut earlier: HashMap<&Fingerprint, &JournalEntry> = HashMap::new();
    for e in entries.iter().filter(|e| {
        e.endpoint == kind && e.blocks_resubmit() && e.batch.as_ref().is_none_or(|b| b.id != id)
    }) {
        earlier.entry(&e.fingerprint).or_insert(e);
    }
    let mut seen: HashMap<&Fingerprint, usize> = HashMap::new();
    let mut lines = Vec::new();
    for item in to_send {
        if let Some(first) = seen.get(&item.fingerprint) {
            lines.push(format!(
                "row {}: the same order as row {first}",
                item.row.row
            ));
        } else {
            seen.insert(&item.fingerprint, item.row.row);
        }
        if let Some(entry) = earlier.get(&item.fingerprint) {
            lines.push(format!(
                "row {}: submitted before: {}",
                item.row.row,
                describe(entry)
            ));
        }
    }
    if lines.is_empty() {
        return None;
    }
    for line in &lines {
        eprintln!("certwiz: {line}");
    }
    if options.allow_duplicate {
        eprintln!("certwiz: --allow-duplicate is given: placing them anyway");
        return None;
    }
    eprintln!("certwiz: nothing was sent; add --allow-duplicate to place these orders again");
    Some(exit::DECLINED)
}

/// Asks once on the terminal; true when the person says yes.
fn confirm(client: &Client, to_send: &[Ready], skipped: usize) -> bool {
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
    let _ = write!(
        err,
        "Place {n} order{} on {}? [y/N] ",
        if n == 1 { "" } else { "s" },
        endpoint.describe()
    );
    let _ = err.flush();
    let mut answer = String::new();
    if io::stdin().lock().read_line(&mut answer).is_err() {
        return false;
    }
    matches!(answer.trim().to_ascii_lowercase().as_str(), "y" | "yes")
}

/// Journals and sends the rows one by one. Stops at a row whose outcome is unknown, or at a
/// refusal that is not about the row itself (the key, a permission, the connection): the rows
/// after it are reported as not sent. Returns the exit code.
async fn send_all(
    store: &Store,
    client: &Client,
    to_send: Vec<Ready>,
    id: &str,
    results: &mut Vec<RowResult>,
) -> u8 {
    let mut progress = Progress::new(to_send.len());
    let (mut failed, mut stopped) = (false, None::<u8>);
    for item in to_send {
        if stopped.is_some() {
            results.push(RowResult::new(&item.row, "not_sent"));
            continue;
        }
        progress.sending(&item.row);
        let mut attempt = NewAttempt::for_draft(
            &item.row.draft,
            client.endpoint().kind,
            client.endpoint().base.as_str(),
        );
        attempt.batch = Some(BatchRef {
            id: id.to_owned(),
            row: item.row.row,
        });
        let entry = match on_journal(store, move |j| j.create_sending(attempt)).await {
            Ok(entry) => entry,
            Err(e) => {
                progress.message(&format!(
                    "certwiz: cannot record row {} in the journal before sending it: {e}; it and the rows after it were not sent",
                    item.row.row
                ));
                results.push(RowResult::new(&item.row, "not_sent"));
                stopped = Some(exit::USAGE);
                continue;
            }
        };
        let attempt_id = entry.attempt_id.clone();
        let result = match client
            .place_order(item.row.draft.product, &item.request)
            .await
        {
            Ok(answer) => {
                let placed = answer.clone();
                let aid = attempt_id.clone();
                let noted = on_journal(store, move |j| j.mark_placed(&aid, &placed)).await;
                if let Err(e) = &noted {
                    progress.message(&format!(
                        "certwiz: warning: order {} was placed, but the journal could not record it: {e}",
                        answer.id
                    ));
                }
                let mut r = RowResult::new(&item.row, "placed");
                r.attempt_id = Some(attempt_id);
                r.order_id = Some(answer.id);
                let first = answer.first_request();
                r.request_id = first.and_then(|q| q.id);
                r.status = first
                    .and_then(|q| q.status.as_ref())
                    .map(|s| s.as_str().to_owned());
                r
            }
            Err(error) => {
                let why = error.to_string();
                let not_placed = definitely_not_placed(error.kind());
                let aid = attempt_id.clone();
                let note = why.clone();
                let noted = on_journal(store, move |j| {
                    if not_placed {
                        j.mark_failed(&aid, &note)
                    } else {
                        j.mark_outcome_unknown(&aid, &note)
                    }
                })
                .await;
                if let Err(e) = &noted {
                    progress.message(&format!(
                        "certwiz: warning: the journal could not record row {}'s outcome: {e}",
                        item.row.row
                    ));
                }
                let mut r = RowResult::new(&item.row, "failed");
                r.attempt_id = Some(attempt_id);
                r.error = Some(why);
                if !not_placed {
                    r.state = "outcome_unknown";
                    let entry = noted.unwrap_or_else(|_| entry.clone());
                    progress.message(&format!(
                        "certwiz: row {} may have been placed; it is not sent again, and the rows after it are not sent. {}",
                        item.row.row,
                        settle_advice(&entry)
                    ));
                    stopped = Some(exit::OUTCOME_UNKNOWN);
                } else if error.kind() == ErrorKind::BadInput {
                    failed = true;
                } else {
                    progress.message(&format!(
                        "certwiz: row {} was refused ({}); the rows after it are not sent",
                        item.row.row, error
                    ));
                    failed = true;
                    stopped = Some(remote::api_exit(&error));
                }
                r
            }
        };
        progress.done(&result);
        results.push(result);
    }
    progress.finish();
    let code = match stopped {
        Some(code) => code,
        None if failed => exit::API_ERROR,
        None => exit::OK,
    };
    if code != exit::OK {
        eprintln!(
            "certwiz: run the same command with --resume to place the rows not placed yet{}",
            if code == exit::OUTCOME_UNKNOWN {
                ", once the row whose outcome is unknown is settled"
            } else {
                ""
            }
        );
    }
    code
}

/// A bar on a terminal, one line a row otherwise; both on standard error.
struct Progress {
    total: usize,
    finished: usize,
    bar: bool,
}

impl Progress {
    fn new(total: usize) -> Self {
        Progress {
            total,
            finished: 0,
            bar: io::stderr().is_terminal(),
        }
    }

    fn draw(&self, text: &str) {
        const WIDTH: usize = 24;
        let filled = WIDTH * self.finished / self.total.max(1);
        let mut err = io::stderr().lock();
        let _ = write!(
            err,
            "\r\x1b[K[{}{}] {}/{} {text}",
            "#".repeat(filled),
            "-".repeat(WIDTH - filled),
            self.finished,
            self.total
        );
        let _ = err.flush();
    }

    fn sending(&self, row: &Row) {
        if self.bar {
            self.draw(&format!("sending row {}", row.row));
        }
    }

    fn done(&mut self, result: &RowResult) {
        self.finished += 1;
        let what = match (result.state, result.order_id) {
            ("placed", Some(order)) => format!("placed order {order}"),
            _ => result.outcome(),
        };
        if self.bar {
            self.draw(&format!("row {}: {what}", result.row));
        } else {
            eprintln!(
                "row {} ({}/{}): {what}",
                result.row, self.finished, self.total
            );
        }
    }

    /// A line of its own, keeping the bar below it.
    fn message(&self, text: &str) {
        if self.bar {
            eprint!("\r\x1b[K");
        }
        eprintln!("{text}");
    }

    fn finish(&self) {
        if self.bar {
            eprintln!();
        }
    }
}

fn print_results(results: &[RowResult], json: bool) {
    let mut out = io::stdout().lock();
    if json {
        if let Ok(text) = serde_json::to_string_pretty(results) {
            let _ = writeln!(out, "{text}");
        }
        return;
    }
    let id = |v: Option<i64>| v.map(|v| v.to_string()).unwrap_or_else(|| "-".into());
    let table: Vec<[String; 5]> = results
        .iter()
        .map(|r| {
            [
                r.row.to_string(),
                if r.subject.is_empty() {
                    "-".into()
                } else {
                    r.subject.replace(char::is_control, " ")
                },
                id(r.order_id),
                id(r.request_id),
                r.outcome().replace(char::is_control, " "),
            ]
        })
        .collect();
    let header = ["row", "subject", "order", "request", "result"];
    let mut widths = header.map(|h| h.chars().count());
    for line in &table {
        for (w, cell) in widths.iter_mut().zip(line) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let print = |out: &mut io::StdoutLock<'_>, cells: [&str; 5]| {
        let mut line = String::new();
        for (i, (cell, w)) in cells.iter().zip(widths).enumerate() {
            if i == 4 {
                line.push_str(cell);
            } else {
                line.push_str(&format!("{cell:<w$}  "));
            }
        }
        let _ = writeln!(out, "{}", line.trim_end());
    };
    print(&mut out, header);
    for line in &table {
        print(&mut out, [&line[0], &line[1], &line[2], &line[3], &line[4]]);
    }
    let placed = count(results, "placed");
    let before = count(results, "already_placed");
    let _ = writeln!(
        out,
        "{placed} placed{}, {} not placed",
        if before > 0 {
            format!(" now, {before} before")
        } else {
            String::new()
        },
        results.len() - placed - before
    );
}
