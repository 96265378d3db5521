//! The pre-flight check, `certwiz validation` and "why it waits", run as the real binary
//! against the embedded sandbox with its pre-flight knobs (`CERTWIZ_SANDBOX_PREFLIGHT`).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;
use std::process::Command as StdCommand;

use crate::support::isolate_inherited;
use assert_cmd::Command;
use serde_json::Value;

const REQUEST: &str = "tests/fixtures/documented-order-request.json";

fn certwiz(root: &Path, knobs: &str) -> Command {
    let mut std = StdCommand::new(assert_cmd::cargo::cargo_bin!("certwiz"));
    isolate_inherited(&mut std, root);
    std.env("CERTWIZ_SANDBOX_PREFLIGHT", knobs)
        .env("CERTWIZ_SANDBOX_STEP_MS", "600000");
    Command::from_std(std)
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn expired_validation_and_short_funds_are_both_said_and_yes_alone_sends_nothing() {
    let root = tempfile::tempdir().unwrap();
    let out = certwiz(root.path(), "ds=expired,funds=low")
        .args(["submit", REQUEST, "--yes"])
        .output()
        .unwrap();
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(5), "{err}");
    assert!(
        err.contains(
            "pre-flight warning: organization 334455's document signing validation expired on"
        ),
        "{err}"
    );
    assert!(
        err.contains("submit it with: certwiz validation 334455 --submit"),
        "{err}"
    );
    assert!(err.contains("pre-flight warning: the balance is short: USD 299.00 is needed and USD 120.00 is available"), "{err}");
    assert!(
        err.contains("--yes does not cover the pre-flight warnings above; add --accept-preflight"),
        "{err}"
    );
    assert!(text(&out.stdout).is_empty());
    // Nothing was placed: the sandbox has no order 112233.
    let status = certwiz(root.path(), "")
        .args(["status", "112233"])
        .output()
        .unwrap();
    assert_eq!(status.status.code(), Some(3), "{}", text(&status.stdout));
    // The named flag sends it.
    let out = certwiz(root.path(), "ds=expired,funds=low")
        .args(["submit", REQUEST, "--yes", "--accept-preflight"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("order 112233 placed"));
    assert!(text(&out.stderr).contains("--accept-preflight is given"));
}

#[test]
fn a_pending_validation_warns_but_yes_is_enough() {
    let root = tempfile::tempdir().unwrap();
    let out = certwiz(root.path(), "ds=pending")
        .args(["submit", REQUEST, "--yes"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("document signing validation is pending"));
}

#[test]
fn validate_account_lists_every_finding_and_unreadable_ones_are_quiet_notes() {
    let root = tempfile::tempdir().unwrap();
    let out = certwiz(root.path(), "")
        .args(["validate", REQUEST, "--account"])
        .output()
        .unwrap();
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(
        stdout.contains("pre-flight ok: this order costs USD 299.00"),
        "{stdout}"
    );
    assert!(
        stdout.contains("pre-flight ok: USD 5,000.00 available for USD 299.00"),
        "{stdout}"
    );
    assert!(
        stdout.contains("pre-flight ok: can approve: Erin Guerra"),
        "{stdout}"
    );

    let out = certwiz(
        root.path(),
        "deny=validation+approvers+limits+balance+pricing",
    )
    .args(["validate", REQUEST, "--account"])
    .output()
    .unwrap();
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    let notes: Vec<&str> = stdout
        .lines()
        .filter(|l| l.starts_with("pre-flight"))
        .collect();
    assert_eq!(notes.len(), 5, "{stdout}");
    for note in notes {
        assert!(note.starts_with("pre-flight note: "), "{note}");
        assert!(
            note.ends_with("not checked (the API key lacks the permission (HTTP 403))"),
            "{note}"
        );
    }
}

#[test]
fn validate_account_json_names_the_findings_that_need_a_yes() {
    let root = tempfile::tempdir().unwrap();
    let out = certwiz(root.path(), "ds=missing,approvers=none,limits=other")
        .args(["validate", REQUEST, "--account", "--json"])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let pre = &v["preflight"];
    assert_eq!(pre["needs_yes"], true);
    assert_eq!(pre["price"], "USD 299.00 from balance USD 5,000.00");
    let levels: Vec<(&str, &str)> = pre["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["topic"].as_str().unwrap(), f["level"].as_str().unwrap()))
        .collect();
    assert!(levels.contains(&("validation", "needs_yes")), "{levels:?}");
    assert!(levels.contains(&("approvers", "warning")), "{levels:?}");
    assert!(levels.contains(&("productlimits", "warning")), "{levels:?}");
}

#[test]
fn the_validation_is_submitted_from_certwiz_and_shows_pending_afterwards() {
    let root = tempfile::tempdir().unwrap();
    let out = certwiz(root.path(), "ds=missing")
        .args(["validation", "334455"])
        .output()
        .unwrap();
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.starts_with("organization 334455: no ds validation\n"),
        "{stdout}"
    );
    assert!(
        stdout.contains("certwiz validation 334455 --submit"),
        "{stdout}"
    );

    let out = certwiz(root.path(), "ds=missing")
        .args(["validation", "334455", "--submit"])
        .output()
        .unwrap();
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(stdout.contains("organization 334455 submitted for document signing validation"));
    assert!(
        stdout.contains("organization 334455: ds validation pending"),
        "{stdout}"
    );

    // Submitting again sends nothing; the pre-flight now says pending, not missing.
    let out = certwiz(root.path(), "ds=missing")
        .args(["validation", "334455", "--submit"])
        .output()
        .unwrap();
    assert!(text(&out.stderr).contains("has a ds validation pending: nothing submitted"));
    let out = certwiz(root.path(), "ds=missing")
        .args(["submit", REQUEST, "--yes"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("validation is pending"));
}

#[test]
fn a_batch_is_checked_against_the_sum_of_its_rows() {
    let root = tempfile::tempdir().unwrap();
    let rows = root.path().join("rows.csv");
    std::fs::write(
        &rows,
        "subject.name,subject.email\nAnn Lee,ann@example.com\nBo Lee,bo@example.com\n",
    )
    .unwrap();
    let rows = rows.to_str().unwrap();
    // The short-funds line names the sum of the rows: 2 x 299 = 598.
    let out = certwiz(root.path(), "funds=low")
        .args(["submit", "--batch", rows, "--base", REQUEST, "--yes"])
        .output()
        .unwrap();
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(5), "{err}");
    assert!(
        err.contains("USD 598.00 is needed and USD 120.00 is available"),
        "{err}"
    );
}

#[test]
fn low_funds_in_another_division_do_not_concern_this_order() {
    let root = tempfile::tempdir().unwrap();
    let out = certwiz(root.path(), "funds=low:221123")
        .args(["validate", REQUEST, "--account"])
        .output()
        .unwrap();
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("pre-flight ok: USD 5,000.00 available for USD 299.00"),
        "{stdout}"
    );
}

#[test]
fn a_pending_order_says_why_it_waits_and_who_can_approve() {
    let root = tempfile::tempdir().unwrap();
    let placed = certwiz(root.path(), "")
        .args(["submit", REQUEST, "--yes"])
        .output()
        .unwrap();
    assert_eq!(placed.status.code(), Some(0), "{}", text(&placed.stderr));
    let out = certwiz(root.path(), "")
        .args(["status", "112233"])
        .output()
        .unwrap();
    let stdout = text(&out.stdout);
    assert!(stdout.contains("order 112233: needs_approval"), "{stdout}");
    assert!(stdout.contains("why it waits:\n  approval: the order waits for approval in the account; can approve: Erin Guerra, Rene Pierce"), "{stdout}");
    assert!(stdout.contains("certwiz approve 113"), "{stdout}");
    let json = certwiz(root.path(), "")
        .args(["status", "112233", "--json"])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&json.stdout).unwrap();
    assert!(
        v["why_it_waits"][0]
            .as_str()
            .unwrap()
            .starts_with("approval:")
    );
    // When the call cannot be read, the status is shown as before.
    let out = certwiz(root.path(), "deny=order_validation")
        .args(["status", "112233"])
        .output()
        .unwrap();
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout.contains("order 112233: needs_approval"), "{stdout}");
    assert!(!stdout.contains("why it waits"), "{stdout}");
}

#[test]
fn plain_mode_says_both_offers_the_validation_and_needs_a_typed_yes() {
    let root = tempfile::tempdir().unwrap();
    // The documented answers, then: submit the validation now? y; the question: y (not yes).
    let out = certwiz(root.path(), "ds=expired,funds=low")
        .env("CERTWIZ_SANDBOX_STEP_MS", "200")
        .env("TERM", "xterm")
        .args(["--plain", "--sandbox"])
        .write_stdin(crate::plain::answers("y\ny"))
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .unwrap();
    let stdout = text(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(5),
        "{stdout}\n{}",
        text(&out.stderr)
    );
    for said in [
        "pre-flight warning: organization 334455's document signing validation expired on",
        "pre-flight warning: the balance is short: USD 299.00 is needed and USD 120.00 is available",
        "Submit organization 334455 for document signing validation now? [y/N]: y",
        "organization 334455 submitted for document signing validation",
        "pre-flight warning: organization 334455's document signing validation is pending",
        "Place this order on SANDBOX (embedded, nothing is ordered for real) for USD 299.00 from balance USD 120.00? Type yes to send despite the pre-flight warnings: y",
        "not placed",
    ] {
        assert!(stdout.contains(said), "{said:?} missing:\n{stdout}");
    }
    assert_eq!(crate::support::stored(root.path()), 0, "nothing was sent");
    // The organization's validation is pending now.
    let out = certwiz(root.path(), "ds=expired")
        .args(["validation", "334455"])
        .output()
        .unwrap();
    assert!(text(&out.stdout).contains("organization 334455: ds validation pending"));
}

#[test]
fn validate_account_counts_every_warning_it_prints() {
    let root = tempfile::tempdir().unwrap();
    let out = certwiz(root.path(), "ds=expired,funds=low")
        .args(["validate", REQUEST, "--account"])
        .output()
        .unwrap();
    let stdout = text(&out.stdout);
    let printed = stdout
        .lines()
        .filter(|l| l.starts_with("warning") || l.starts_with("pre-flight warning"))
        .count();
    assert!(
        printed >= 2,
        "the knobs give two pre-flight warnings: {stdout}"
    );
    let summary = stdout
        .lines()
        .find(|l| l.contains(": valid (") || l.contains(": invalid: "))
        .unwrap_or_else(|| panic!("no summary: {stdout}"));
    assert!(
        summary.contains(&format!("{printed} warnings")),
        "{printed} warnings printed, the summary says: {summary}\n{stdout}"
    );
}
