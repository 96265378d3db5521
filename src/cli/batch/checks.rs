//! The checks before anything is sent: every row against the account, duplicates of other rows
//! and of earlier orders, and the batch's earlier attempts.

use std::collections::HashMap;

use super::send::Ready;
use crate::api::{Client, EndpointKind};
use crate::cli::exit::{self, Exit, Outcome};
use crate::cli::{profile, remote};
use crate::order::Product;
use crate::order::batch::{self, Row, RowDiagnostic};
use crate::order::validate::Severity;
use crate::ordering::{INTERRUPTED_AFTER, describe, on_journal};
use crate::store::{AttemptState, Fingerprint, JournalEntry, Store};

/// Prints the rows' errors (each with its row and field) and their warnings (once each, naming
/// the rows); true when errors block sending.
pub(super) fn refuse(found: &[RowDiagnostic], rows: usize) -> bool {
    for (path, message, on) in batch::grouped_warnings(found) {
        let path = if path.is_empty() { "(row)" } else { &path };
        errln!("warning {path}: {message} (rows {})", batch::ranges(&on));
    }
    let errors: Vec<&RowDiagnostic> = found
        .iter()
        .filter(|d| d.diagnostic.severity == Severity::Error)
        .collect();
    for d in &errors {
        errln!("{d}");
    }
    if errors.is_empty() {
        return false;
    }
    let mut bad: Vec<usize> = errors.iter().map(|d| d.row).collect();
    bad.dedup();
    errln!(
        "certwiz: {} error{} in {} of {rows} row{} ({}); nothing was sent",
        errors.len(),
        if errors.len() == 1 { "" } else { "s" },
        bad.len(),
        if rows == 1 { "" } else { "s" },
        batch::ranges(&bad)
    );
    true
}

/// The batch's attempts on this kind of endpoint. Attempts left "sending" are marked "outcome
/// unknown" first: the caller holds the batch's lock, so no other certwiz is sending them.
pub(super) async fn batch_entries(
    store: &Store,
    id: &str,
    kind: EndpointKind,
) -> Result<Vec<JournalEntry>, Exit> {
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
    .map_err(|e| Exit::code(profile::failed(&e)))
}

/// Checks every row against the account (read once per product); prints the errors.
pub(super) async fn check_with_account(client: &Client, ready: &[Ready]) -> Outcome {
    let mut products: Vec<Product> = Vec::new();
    for item in ready {
        if !products.contains(&item.row.draft.product) {
            products.push(item.row.draft.product);
        }
    }
    let snapshot = crate::cli::account::read_for_orders(client, &products)
        .await
        .map_err(|e| remote::failed(&e))?;
    let rows: Vec<Row> = ready.iter().map(|r| r.row.clone()).collect();
    let found: Vec<RowDiagnostic> = batch::check(&rows, |product| snapshot.context(product))
        .into_iter()
        .filter(|d| d.diagnostic.is_error() || d.diagnostic.code == "inactive_organization")
        .collect();
    if refuse(&found, rows.len()) {
        return Err(Exit::code(exit::INVALID));
    }
    Ok(())
}

/// Refuses rows equal to another row of the file, or to an order placed (or maybe placed) before
/// outside this batch, unless --allow-duplicate.
pub(super) async fn check_duplicates(
    store: &Store,
    to_send: &[Ready],
    id: &str,
    kind: EndpointKind,
    allow_duplicate: bool,
) -> Outcome {
    let entries = on_journal(store, |j| j.list())
        .await
        .map_err(|e| Exit::code(profile::failed(&e)))?;
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
        return Ok(());
    }
    for line in &lines {
        errln!("certwiz: {line}");
    }
    if allow_duplicate {
        errln!("certwiz: --allow-duplicate is given: placing them anyway");
        return Ok(());
    }
    Err(Exit::with(
        exit::DECLINED,
        "nothing was sent; add --allow-duplicate to place these orders again",
    ))
}
