//! `certwiz submit`: validate, confirm, place the order once, print its ids.

use std::io::{self, BufRead, IsTerminal, Write};

use serde_json::json;

use super::check::{load, summary};
use super::{EndpointArgs, OrderFileArgs, exit, remote};
use crate::api::{Client, EndpointKind, ErrorKind};
use crate::order::validate::{Context, Diagnostic, has_errors, validate};
use crate::order::{Draft, OrderRequest};

/// `certwiz submit`.
pub fn submit(input: &OrderFileArgs, yes: bool, json: bool, endpoint: &EndpointArgs) -> u8 {
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
    if !yes && !io::stdin().is_terminal() {
        eprintln!(
            "certwiz: refusing to place an order without confirmation: standard input is not a terminal; pass --yes to confirm"
        );
        return exit::USAGE;
    }
    remote::block_on(async {
        let connection = match remote::open(endpoint).await {
            Ok(c) => c,
            Err(code) => return code,
        };
        let client = &connection.client;
        if let Some(code) = check_with_account(client, &draft).await {
            return code;
        }
        if !yes && !confirm(client, &draft, &request) {
            eprintln!("certwiz: not placed");
            return exit::DECLINED;
        }
        match client.place_order(draft.product, &request).await {
            Ok(answer) => {
                let first = answer.first_request();
                let request_id = first.and_then(|r| r.id);
                let status = first.and_then(|r| r.status.clone());
                if json {
                    let out = json!({
                        "endpoint": client.endpoint().kind.to_string(),
                        "base_url": client.endpoint().base.as_str(),
                        "order_id": answer.id,
                        "request_id": request_id,
                        "status": status.as_ref().map(|s| s.as_str()),
                        "answer": answer,
                    });
                    println!("{out:#}");
                } else {
                    println!("order {} placed", answer.id);
                    match (request_id, status) {
                        (Some(id), Some(status)) => println!("request {id}: {status}"),
                        (Some(id), None) => println!("request {id}"),
                        _ => {}
                    }
                    println!("follow it: certwiz status {} --watch", answer.id);
                }
                exit::OK
            }
            Err(e) => remote::fail(&e),
        }
    })
}

/// Prints the diagnostics; true when errors block sending.
fn refuse(diagnostics: &[Diagnostic]) -> bool {
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

/// Checks the order against the account's custom fields and the product's details. When they
/// cannot be read, says so and goes on: CertCentral checks the order too.
async fn check_with_account(client: &Client, draft: &Draft) -> Option<u8> {
    let (metadata, product) =
        tokio::join!(client.metadata(), client.product_details(draft.product));
    for error in [metadata.as_ref().err(), product.as_ref().err()]
        .into_iter()
        .flatten()
    {
        if error.kind() == ErrorKind::BadKey {
            return Some(remote::fail(error));
        }
        eprintln!("certwiz: warning: {error}; the order is checked without it");
    }
    let ctx = Context {
        metadata: metadata.as_deref().ok(),
        product: product.as_ref().ok(),
    };
    let account_errors: Vec<Diagnostic> = validate(draft, &ctx)
        .into_iter()
        .filter(Diagnostic::is_error)
        .collect();
    refuse(&account_errors).then_some(exit::INVALID)
}

/// Asks on the terminal; true when the person says yes.
fn confirm(client: &Client, draft: &Draft, request: &OrderRequest) -> bool {
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
    let _ = writeln!(err, "  validity: {} year(s)", request.validity_years);
    let _ = writeln!(err, "  payment:  {payment}");
    let _ = write!(err, "Place it? [y/N] ");
    let _ = err.flush();
    let mut answer = String::new();
    if io::stdin().lock().read_line(&mut answer).is_err() {
        return false;
    }
    matches!(answer.trim().to_ascii_lowercase().as_str(), "y" | "yes")
}
