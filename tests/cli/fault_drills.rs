//! The command line's part of the fault drills: the real binary against its embedded sandbox with
//! `CERTWIZ_SANDBOX_FAULTS`, one drill per outcome on the order POST (`submit`: unknown, refused,
//! a slow answer placed) and on the tracking calls (`status --watch` polls order_info; `status`
//! reads order_info and request_info). Each checks the message, the exit code, the journal's
//! state and that the sandbox stored one order or none, never two, even when the person submits
//! again afterwards. What every fault means is tested once, at the ordering core, in
//! tests/lib/faults.rs; the wizard's part is in src/tui/sending/tests.rs; a real client timeout
//! (60 s) is drilled in tests/lib/api_client.rs (order_post_timeout_is_outcome_unknown).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;
use std::process::{Command as StdCommand, Output, Stdio};
use std::time::Duration;

use crate::support::{isolate_std, stored};
use assert_cmd::Command;
use serde_json::Value;

const REQUEST: &str = "tests/fixtures/documented-order-request.json";

fn run(root: &Path, args: &[&str], faults: Option<&str>, step_ms: &str) -> Output {
    let mut std = StdCommand::new(assert_cmd::cargo::cargo_bin!("certwiz"));
    isolate_std(&mut std, root);
    std.env("CERTWIZ_SANDBOX_STEP_MS", step_ms)
        .stdin(Stdio::null());
    if let Some(faults) = faults {
        std.env("CERTWIZ_SANDBOX_FAULTS", faults);
    }
    let mut cmd = Command::from_std(std);
    cmd.timeout(Duration::from_secs(60));
    cmd.args(args).output().unwrap()
}

fn said(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// The journal's one entry.
fn entry(root: &Path) -> Value {
    let entries = crate::support::journal_entries(root);
    assert_eq!(entries.len(), 1, "{entries:#?}");
    entries[0].clone()
}

/// What a POST fault must lead to.
struct Expect {
    code: i32,
    message: &'static str,
    state: &'static str,
    stored: usize,
}

fn post_drill(fault: &str, expect: Expect) {
    let root = tempfile::tempdir().unwrap();
    let r = root.path();
    let spec = format!("place_order={fault}");
    let output = run(r, &["submit", REQUEST, "--yes"], Some(&spec), "100");
    let text = said(&output);
    assert_eq!(output.status.code(), Some(expect.code), "{fault}: {text}");
    assert!(text.contains(expect.message), "{fault}: {text}");
    let first = entry(r);
    assert_eq!(first["state"], expect.state, "{fault}: {first:#}");
    assert_eq!(stored(r), expect.stored, "{fault}");

    // The person tries again at once, as people do: a failed order is placed once; an order
    // whose outcome is unknown is not sent again without an explicit --allow-duplicate.
    let again = run(r, &["submit", REQUEST, "--yes"], None, "100");
    let text = said(&again);
    match expect.state {
        "outcome_unknown" => {
            assert_eq!(again.status.code(), Some(5), "{fault}: {text}");
            assert!(text.contains("outcome unknown"), "{fault}: {text}");
            assert_eq!(stored(r), expect.stored, "{fault}: sent twice");
        }
        "failed" => {
            assert_eq!(again.status.code(), Some(0), "{fault}: {text}");
            assert_eq!(stored(r), 1, "{fault}");
        }
        _ => {
            assert_eq!(again.status.code(), Some(5), "{fault}: {text}");
            assert_eq!(stored(r), 1, "{fault}: sent twice");
        }
    }
}

/// A placed order whose tracking calls meet `fault` once: order_info under `status --watch`,
/// order_info and request_info under `status`. A transient fault is retried unseen and tracking
/// ends approved. Otherwise `message` is shown: a one-off `status` fails with it, and
/// `--watch` shows it and goes on to the end, unless it `stops` there (a refused key or
/// permission). The journal still says placed and the sandbox holds the one order.
fn tracking_drill(fault: &str, message: Option<&str>, stops: bool) {
    let root = tempfile::tempdir().unwrap();
    let r = root.path();
    let placed = run(r, &["submit", REQUEST, "--yes"], None, "300");
    assert_eq!(placed.status.code(), Some(0), "{}", said(&placed));
    for (route, args) in [
        ("order_info", &["status", "112233", "--watch"][..]),
        ("order_info", &["status", "112233"][..]),
        ("request_info", &["status", "112233"][..]),
    ] {
        let spec = format!("{route}={fault}");
        let output = run(r, args, Some(&spec), "300");
        let text = said(&output);
        let what = format!("{route}={fault} {args:?}");
        let watch = args.contains(&"--watch");
        let fails = message.is_some() && (stops || !watch);
        if let Some(message) = message {
            let call = if route == "request_info" {
                "reading request 113"
            } else {
                "reading order 112233"
            };
            assert!(
                text.contains(message) && text.contains(call),
                "{what}: {text}"
            );
        }
        if fails {
            assert_eq!(output.status.code(), Some(3), "{what}: {text}");
        } else {
            assert_eq!(output.status.code(), Some(0), "{what}: {text}");
            let shown = if watch {
                "approved: certificate 113"
            } else {
                "order 112233:"
            };
            assert!(text.contains(shown), "{what}: {text}");
        }
        let e = entry(r);
        assert_eq!(e["state"], "placed", "{what}: {e:#}");
        assert_eq!(e["order_id"], 112233, "{what}");
        assert_eq!(stored(r), 1, "{what}");
    }
}

#[test]
fn an_unknown_outcome_exits_4_and_is_not_sent_again() {
    post_drill(
        "500",
        Expect {
            code: 4,
            message: "The order may or may not have been placed (HTTP 500)",
            state: "outcome_unknown",
            stored: 0,
        },
    );
}

#[test]
fn a_refusal_exits_3_and_the_same_order_may_go_again() {
    post_drill(
        "401",
        Expect {
            code: 3,
            message: "The API key is not valid: CertCentral refused it while placing the order (HTTP 401)",
            state: "failed",
            stored: 0,
        },
    );
    tracking_drill("401", Some("The API key is not valid"), true);
}

#[test]
fn a_slow_answer_is_a_placed_order() {
    post_drill(
        "latency:1500",
        Expect {
            code: 0,
            message: "order 112233 placed",
            state: "placed",
            stored: 1,
        },
    );
}

#[test]
fn following_goes_on_past_a_passing_fault_and_an_unreadable_answer() {
    tracking_drill("500", None, false);
    tracking_drill("malformed", Some("not with the expected JSON"), false);
}
