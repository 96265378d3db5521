//! What the account sells (`GET /product`) decides what may be ordered: run as the real binary
//! against the embedded sandbox told to sell only the three current products
//! (`CERTWIZ_SANDBOX_PRODUCTS`).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;
use std::process::{Command as StdCommand, Output, Stdio};

use crate::support::{isolate_inherited, run_to_end, stored};

const REQUEST: &str = "tests/fixtures/documented-order-request.json";
const CURRENT: &str = "ds_individual,ds_org,ds_org_individual";
const REFUSED: &str = "error   product: Document Signing (Organization) 2000 (document_signing_org_1) \
                       is not offered by this account: it offers ds_individual, ds_org, ds_org_individual";

fn certwiz(root: &Path, env: &[(&str, &str)], args: &[&str]) -> Output {
    let mut cmd = StdCommand::new(env!("CARGO_BIN_EXE_certwiz"));
    isolate_inherited(&mut cmd, root);
    cmd.env_remove("CERTWIZ_SANDBOX_PRODUCTS")
        .env("CERTWIZ_SANDBOX_STEP_MS", "600000")
        .stdin(Stdio::null())
        .args(args);
    for (k, v) in env {
        cmd.env(k, v);
    }
    run_to_end(&mut cmd, &format!("certwiz {args:?}"))
}

fn text(output: &Output) -> String {
    format!(
        "stdout:\n{}\nstderr:\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

#[test]
fn validate_with_the_account_refuses_a_product_it_does_not_sell() {
    let root = tempfile::tempdir().unwrap();
    let args = [
        "validate",
        "--account",
        "--product",
        "document_signing_org_1",
        REQUEST,
    ];
    let out = certwiz(root.path(), &[("CERTWIZ_SANDBOX_PRODUCTS", CURRENT)], &args);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(
        String::from_utf8_lossy(&out.stdout).contains(REFUSED),
        "{}",
        text(&out)
    );
    // Selling all five (the default), the same file is valid.
    let out = certwiz(root.path(), &[], &args);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(!text(&out).contains("not offered"), "{}", text(&out));
}

#[test]
fn submit_yes_of_a_product_not_sold_sends_nothing() {
    let root = tempfile::tempdir().unwrap();
    let out = certwiz(
        root.path(),
        &[("CERTWIZ_SANDBOX_PRODUCTS", CURRENT)],
        &["submit", REQUEST, "--yes"],
    );
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(REFUSED), "{}", text(&out));
    assert!(err.contains("nothing was sent"), "{}", text(&out));
    assert_eq!(stored(root.path()), 0, "{}", text(&out));
}

#[test]
fn submit_batch_of_a_product_not_sold_sends_nothing() {
    let root = tempfile::tempdir().unwrap();
    let rows = root.path().join("rows.csv");
    std::fs::write(
        &rows,
        "subject.name,subject.email\nAnn Lee,ann@example.com\nBo Lee,bo@example.com\n",
    )
    .unwrap();
    let out = certwiz(
        root.path(),
        &[("CERTWIZ_SANDBOX_PRODUCTS", CURRENT)],
        &[
            "submit",
            "--batch",
            rows.to_str().unwrap(),
            "--base",
            REQUEST,
            "--yes",
        ],
    );
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(
        text(&out).contains("is not offered by this account"),
        "{}",
        text(&out)
    );
    assert_eq!(stored(root.path()), 0, "{}", text(&out));
}

#[test]
fn an_unreadable_product_list_is_one_line_and_no_error() {
    let root = tempfile::tempdir().unwrap();
    let out = certwiz(
        root.path(),
        &[("CERTWIZ_SANDBOX_FAULTS", "products=500x*")],
        &[
            "validate",
            "--account",
            "--product",
            "document_signing_org_1",
            REQUEST,
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let err = String::from_utf8_lossy(&out.stderr);
    let lines: Vec<&str> = err.lines().filter(|l| l.contains("product list")).collect();
    assert_eq!(lines.len(), 1, "{}", text(&out));
    assert!(
        lines[0].starts_with("certwiz: the account's product list could not be read ("),
        "{}",
        lines[0]
    );
    assert!(
        lines[0].ends_with("); CertCentral decides whether it sells document_signing_org_1"),
        "{}",
        lines[0]
    );
    assert!(!text(&out).contains("not offered"), "{}", text(&out));
}
