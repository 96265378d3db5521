//! Bodies pasted from DigiCert's pages (issue 18, item 6): a body that does not parse names line
//! and column, and when it is one of the two known defects of DigiCert's published examples, says
//! so and shows the fix; nothing is read further, nothing is sent, and the exit code stays 2.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;

use assert_cmd::Command;

/// The example of "Order Document Signing for Individual", shortened, as the page has it
/// (`"job_title": Analyst`, unquoted):
/// https://dev.digicert.com/certcentral-apis/services-api/orders/order-document-signing-for-individual.html
const INDIVIDUAL: &str = r#"{
    "certificate": { 
        "signature_hash": "sha256",
        "usage_designation": {
            "primary_usage": "signing",
            "additional_usages": [
                "adobe_authentic_documents_trust",
                "ms_document_signing",
                "document_signing"
            ]
        }       
    },
    "cs_provisioning_method": "ship_token",
    "order_validity": {  
        "years": 1    
    },
    "individual": {
        "first_name": "Jonh",
        "last_name": "Doe",
        "email": "g@g.com",
        "telephone": "+11234567890",
        "country": "us",
        "job_title": Analyst
    },
    "payment_method": "balance"
}
"#;

/// The example of "Order Document Signing for Organization", shortened, as the page has it
/// (a comma after the last member):
/// https://dev.digicert.com/certcentral-apis/services-api/orders/order-document-signing-for-organization.html
const ORGANIZATION: &str = r#"{
    "certificate": { 
        "signature_hash": "sha256",
        "usage_designation": {
            "primary_usage": "signing"
        }       
    },
    "cs_provisioning_method": "ship_token",
    "organization": {
        "id": "2022869",
        "contacts": [
            {
                "first_name": "John",
                "last_name": "Doe",
                "email": "john.doe@digicert.com",
                "job_title": "Analyst",
                "telephone": "+1 1234567890",
                "contact_type": "organization_contact",
                "type": "existing_contact"
            }
        ]
    },
    "custom_renewal_message": "Renew me",
    "order_validity": {
        "years": 1
    },
    "payment_method": "balance",
}
"#;

fn certwiz(root: &Path) -> Command {
    let mut cmd = Command::cargo_bin("certwiz").unwrap();
    cmd.env_remove("DIGICERT_API_KEY")
        .env_remove("DIGICERT_API_URL")
        .env("HOME", root)
        .env("XDG_DATA_HOME", root.join("data"))
        .env("XDG_CONFIG_HOME", root.join("config"))
        .env("XDG_STATE_HOME", root.join("state"));
    cmd
}

fn stderr(output: &std::process::Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

/// Runs `args` and gives its standard error, checking the exit code of a file that cannot be
/// read (2) and that nothing went to standard output.
fn refused(root: &Path, args: &[&str]) -> String {
    let out = certwiz(root).args(args).output().unwrap();
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
    assert!(out.stdout.is_empty(), "{args:?}");
    err
}

#[test]
fn the_individual_pages_unquoted_word_is_named_with_its_fix() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("ds_individual.json");
    std::fs::write(&file, INDIVIDUAL).unwrap();
    let path = file.to_str().unwrap();
    let err = refused(dir.path(), &["validate", path]);
    assert_eq!(
        err,
        format!(
            "certwiz: {path}: not valid JSON at line 23, column 22: expected value\n  \
             `Analyst` is a bare word where a value is expected: JSON text must be in double \
             quotes (DigiCert's published Document Signing for Individual example has this \
             defect).\n  \
             On line 23, change `\"job_title\": Analyst` to `\"job_title\": \"Analyst\"`.\n"
        )
    );
    // The same words from standard input, preview, and a batch's base.
    let out = certwiz(dir.path())
        .args(["validate", "-"])
        .write_stdin(INDIVIDUAL)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).starts_with("certwiz: -: not valid JSON at line 23, column 22"),
        "{}",
        stderr(&out)
    );
    assert!(stderr(&out).contains(r#"change `"job_title": Analyst`"#));
    let err = refused(dir.path(), &["preview", path]);
    assert!(err.contains(r#"to `"job_title": "Analyst"`."#), "{err}");
    let rows = dir.path().join("rows.csv");
    std::fs::write(&rows, "subject.name\nAnn Lee\n").unwrap();
    let err = refused(
        dir.path(),
        &["submit", "--batch", rows.to_str().unwrap(), "--base", path],
    );
    assert!(err.contains("line 23, column 22"), "{err}");
    assert!(err.contains(r#"to `"job_title": "Analyst"`."#), "{err}");
    // The file is left as it was: certwiz says what to change, it changes nothing.
    assert_eq!(std::fs::read_to_string(&file).unwrap(), INDIVIDUAL);
}

#[test]
fn the_organization_pages_trailing_comma_is_named_with_its_fix() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("ds_org.json");
    std::fs::write(&file, ORGANIZATION).unwrap();
    let path = file.to_str().unwrap();
    let err = refused(dir.path(), &["validate", path]);
    assert_eq!(
        err,
        format!(
            "certwiz: {path}: not valid JSON at line 28, column 1: trailing comma\n  \
             The comma on line 27 is followed only by `}}`: JSON allows no comma after the last \
             item (DigiCert's published Document Signing for Organization example ends with \
             such a comma).\n  \
             On line 27, change `\"payment_method\": \"balance\",` to \
             `\"payment_method\": \"balance\"`.\n"
        )
    );
    // In --json, the reason (with its fix) is the one diagnostic.
    let out = certwiz(dir.path())
        .args(["validate", "--json", path])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let message = report["diagnostics"][0]["message"].as_str().unwrap();
    assert!(
        message.contains("line 28, column 1: trailing comma"),
        "{message}"
    );
    assert!(
        message.contains(r#"`"payment_method": "balance"`."#),
        "{message}"
    );
}

#[test]
fn another_mistake_names_only_its_place_and_bad_bytes_their_offset() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("order.json");
    std::fs::write(&file, "{\n  \"payment_method\" \"balance\"\n}\n").unwrap();
    let path = file.to_str().unwrap();
    let err = refused(dir.path(), &["validate", path]);
    assert_eq!(
        err,
        format!("certwiz: {path}: not valid JSON at line 2, column 20: expected `:`\n")
    );
    // Latin-1 "é" (0xE9) on line 2, where UTF-8 was expected.
    std::fs::write(&file, b"{\n  \"city\": \"Montr\xe9al\"\n}\n").unwrap();
    let err = refused(dir.path(), &["validate", path]);
    assert!(
        err.contains("the byte 0xE9 at byte offset 18 (counting from 0; line 2, column 17)"),
        "{err}"
    );
}
