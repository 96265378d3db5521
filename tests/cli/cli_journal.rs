//! The order journal on the command-line path, run as the real binary against the embedded
//! sandbox in temporary folders: written before the POST, updated with the outcome, guarding
//! against a second order of the same draft, settled by hand, and fed by `status --watch`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::process::{Command as StdCommand, Output, Stdio};
use std::time::{Duration, Instant};

use crate::support::isolate_inherited;
use assert_cmd::Command;
use serde_json::Value;

const REQUEST: &str = "tests/fixtures/documented-order-request.json";

fn binary() -> PathBuf {
    assert_cmd::cargo::cargo_bin!("certwiz").to_path_buf()
}

/// Every folder certwiz uses under `root`, no key (so the embedded sandbox), quick steps.
fn isolate(cmd: &mut StdCommand, root: &Path) {
    isolate_inherited(cmd, root);
    cmd.env("CERTWIZ_SANDBOX_STEP_MS", "100")
        .stdin(Stdio::null());
}

fn certwiz(root: &Path) -> Command {
    let mut std = StdCommand::new(binary());
    isolate(&mut std, root);
    let mut cmd = Command::from_std(std);
    cmd.timeout(Duration::from_secs(30));
    cmd
}

fn run(root: &Path, args: &[&str], faults: Option<&str>) -> Output {
    let mut cmd = certwiz(root);
    if let Some(faults) = faults {
        cmd.env("CERTWIZ_SANDBOX_FAULTS", faults);
    }
    cmd.args(args).output().unwrap()
}

fn text(output: &Output) -> String {
    format!(
        "stdout:\n{}\nstderr:\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// The journal's entries, oldest first; none when the file does not exist yet. A half-written
/// file cannot be seen: the journal is replaced by rename.
fn journal(root: &Path) -> Vec<Value> {
    crate::support::journal_entries(root)
}

/// How many orders the embedded sandbox (its state is kept in the data folder) has stored.
fn sandbox_orders(root: &Path) -> usize {
    match std::fs::read_to_string(root.join("data/certwiz/sandbox/orders.json")) {
        Ok(text) => {
            let state: Value = serde_json::from_str(&text).unwrap();
            state["orders"].as_array().unwrap().len()
        }
        Err(_) => 0,
    }
}

fn submit(root: &Path, extra: &[&str], faults: Option<&str>) -> Output {
    let mut args = vec!["submit", REQUEST, "--yes"];
    args.extend_from_slice(extra);
    run(root, &args, faults)
}

#[test]
fn the_entry_is_sending_before_the_post_reaches_the_sandbox_then_placed() {
    let root = tempfile::tempdir().unwrap();
    let mut cmd = StdCommand::new(binary());
    isolate(&mut cmd, root.path());
    let child = cmd
        .env("CERTWIZ_SANDBOX_FAULTS", "place_order=latency:3000")
        .args(["submit", REQUEST, "--yes", "--json"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The sandbox holds the POST for 3 s before storing the order, so "sending" is visible.
    let deadline = Instant::now() + Duration::from_secs(20);
    let seen = loop {
        let entries = journal(root.path());
        if let Some(entry) = entries.first() {
            break (entry.clone(), sandbox_orders(root.path()));
        }
        assert!(Instant::now() < deadline, "no journal entry appeared");
        std::thread::sleep(Duration::from_millis(10));
    };
    let (entry, stored_then) = seen;
    assert_eq!(entry["state"], "sending", "{entry:#}");
    assert_eq!(stored_then, 0, "the order reached the sandbox first");
    assert_eq!(entry["endpoint"], "SANDBOX");
    assert!(entry.get("order_id").is_none());

    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", text(&output));
    let answer: Value = serde_json::from_slice(&output.stdout).unwrap();
    let entries = journal(root.path());
    assert_eq!(entries.len(), 1);
    let entry = &entries[0];
    assert_eq!(entry["attempt_id"], answer["attempt_id"]);
    assert_eq!(entry["state"], "placed");
    assert_eq!(entry["order_id"], 112233);
    assert_eq!(entry["request_ids"], serde_json::json!([113]));
    assert_eq!(entry["history"][0]["request_status"], "pending");
    assert_eq!(sandbox_orders(root.path()), 1);
}

#[test]
fn unknown_outcome_blocks_a_resubmit_until_settled_then_status_records_history() {
    let root = tempfile::tempdir().unwrap();
    let r = root.path();
    let output = submit(r, &[], Some("place_order=drop"));
    assert_eq!(output.status.code(), Some(4), "{}", text(&output));
    let entries = journal(r);
    assert_eq!(entries.len(), 1);
    let attempt = entries[0]["attempt_id"].as_str().unwrap().to_owned();
    assert_eq!(entries[0]["state"], "outcome_unknown");
    assert!(text(&output).contains(&format!("certwiz orders settle {attempt}")));
    assert_eq!(sandbox_orders(r), 1, "the dropped POST was stored once");

    // --yes alone does not place a second order; the refusal names the earlier attempt, and its
    // advice is to settle it, not to send a second order with --allow-duplicate.
    let output = submit(r, &[], None);
    assert_eq!(output.status.code(), Some(5), "{}", text(&output));
    let said = text(&output);
    assert!(said.contains(&attempt), "{said}");
    assert!(said.contains("outcome unknown"), "{said}");
    assert!(said.contains("settle the attempt"), "{said}");
    assert!(!said.contains("--allow-duplicate"), "{said}");
    assert_eq!(sandbox_orders(r), 1);
    assert_eq!(journal(r).len(), 1, "a refused submit writes nothing");

    // Listed prominently, with the way to settle it.
    let output = run(r, &["orders"], None);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output));
    let listed = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(listed.starts_with("!! OUTCOME UNKNOWN"), "{listed}");
    assert!(listed.contains(&format!("settle {attempt} --order-id N")));

    // The account's requests since then show the order.
    let output = run(r, &["orders", "settle", &attempt], None);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output));
    let candidates = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(candidates.contains("112233"), "{candidates}");

    // A made-up order id is checked and refused.
    let output = run(
        r,
        &["orders", "settle", &attempt, "--order-id", "999"],
        None,
    );
    assert_eq!(output.status.code(), Some(3), "{}", text(&output));
    assert_eq!(journal(r)[0]["state"], "outcome_unknown");

    let output = run(
        r,
        &["orders", "settle", &attempt, "--order-id", "112233"],
        None,
    );
    assert_eq!(output.status.code(), Some(0), "{}", text(&output));
    let entry = &journal(r)[0];
    assert_eq!(entry["state"], "placed");
    assert_eq!(entry["order_id"], 112233);
    assert_eq!(entry["request_ids"], serde_json::json!([113]));

    let output = run(r, &["status", "112233", "--watch"], None);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output));
    let entry = &journal(r)[0];
    let history = entry["history"].as_array().unwrap();
    assert_eq!(
        history.last().unwrap()["request_status"],
        "approved",
        "{entry:#}"
    );
    assert_eq!(entry["certificate_id"], 113);
    assert!(entry.get("final_at").is_some(), "{entry:#}");

    // Placed still blocks --yes; --allow-duplicate places a second order knowingly.
    let output = submit(r, &[], None);
    assert_eq!(output.status.code(), Some(5), "{}", text(&output));
    assert_eq!(sandbox_orders(r), 1);
    let output = submit(r, &["--allow-duplicate"], None);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output));
    assert_eq!(sandbox_orders(r), 2);
    assert_eq!(journal(r).len(), 2);
}

#[test]
fn a_refusal_marks_failed_and_allows_a_resubmit() {
    let root = tempfile::tempdir().unwrap();
    let r = root.path();
    let output = submit(r, &[], Some("place_order=400"));
    assert_eq!(output.status.code(), Some(3), "{}", text(&output));
    let entry = &journal(r)[0];
    assert_eq!(entry["state"], "failed");
    assert!(entry["error"].as_str().is_some_and(|e| !e.is_empty()));
    assert_eq!(sandbox_orders(r), 0);

    let output = submit(r, &[], None);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output));
    let entries = journal(r);
    assert_eq!(entries.len(), 2);
    assert_eq!(entries[1]["state"], "placed");
    assert_eq!(sandbox_orders(r), 1);
}

#[test]
fn an_unknown_outcome_settled_as_not_placed_allows_a_resubmit() {
    let root = tempfile::tempdir().unwrap();
    let r = root.path();
    // A gateway timeout may have passed the order on; this one did not.
    let output = submit(r, &[], Some("place_order=504"));
    assert_eq!(output.status.code(), Some(4), "{}", text(&output));
    let attempt = journal(r)[0]["attempt_id"].as_str().unwrap().to_owned();
    assert_eq!(sandbox_orders(r), 0);

    let output = run(r, &["orders", "settle", &attempt, "--not-placed"], None);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output));
    assert_eq!(journal(r)[0]["state"], "failed");

    let output = submit(r, &[], None);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output));
    assert_eq!(sandbox_orders(r), 1);

    let output = run(r, &["orders", "--json"], None);
    let listed: Value = serde_json::from_slice(&output.stdout).unwrap();
    let states: Vec<&str> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["state"].as_str().unwrap())
        .collect();
    assert_eq!(states, ["placed", "failed"], "newest first");
}

#[test]
fn orders_watch_follows_every_open_order_and_records_it() {
    let root = tempfile::tempdir().unwrap();
    let r = root.path();
    for extra in [&[][..], &["--allow-duplicate"][..]] {
        let output = certwiz(r)
            .args(["submit", REQUEST, "--yes"])
            .args(extra)
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(0), "{}", text(&output));
    }
    let output = run(r, &["orders", "--watch", "--json"], None);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output));
    let entries = journal(r);
    assert_eq!(entries.len(), 2);
    for entry in &entries {
        assert!(entry.get("final_at").is_some(), "{entry:#}");
        assert_eq!(
            entry["history"].as_array().unwrap().last().unwrap()["request_status"],
            "approved"
        );
    }
    let output = run(r, &["orders", "--watch"], None);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output));
    assert!(
        text(&output).contains("no placed order"),
        "{}",
        text(&output)
    );
}

/// Runs `certwiz submit` in a pseudo-terminal, giving each answer once its prompt appears;
/// returns the screen text and the exit code.
fn submit_on_a_terminal(root: &Path, dialogue: &[(&str, &str)]) -> (String, u32) {
    use portable_pty::{CommandBuilder, PtySize, native_pty_system};
    use std::io::{Read, Write};
    let pair = native_pty_system()
        .openpty(PtySize {
            rows: 40,
            cols: 200,
            pixel_width: 0,
            pixel_height: 0,
        })
        .unwrap();
    let mut cmd = CommandBuilder::new(binary());
    cmd.args(["submit", REQUEST]);
    cmd.cwd(env!("CARGO_MANIFEST_DIR"));
    cmd.env("XDG_DATA_HOME", root.join("data"));
    cmd.env("XDG_CONFIG_HOME", root.join("config"));
    cmd.env("HOME", root);
    cmd.env("CERTWIZ_SANDBOX_STEP_MS", "100");
    for name in [
        "DIGICERT_API_KEY",
        "DIGICERT_API_URL",
        "CERTWIZ_SANDBOX_FAULTS",
    ] {
        cmd.env_remove(name);
    }
    let mut child = pair.slave.spawn_command(cmd).unwrap();
    drop(pair.slave);
    let mut reader = pair.master.try_clone_reader().unwrap();
    let mut writer = pair.master.take_writer().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut buf = [0u8; 4096];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 || tx.send(buf[..n].to_vec()).is_err() {
                break;
            }
        }
    });
    let mut screen = String::new();
    let mut from = 0;
    for (prompt, answer) in dialogue {
        let deadline = Instant::now() + Duration::from_secs(20);
        while !screen[from..].contains(prompt) {
            let left = deadline.saturating_duration_since(Instant::now());
            match rx.recv_timeout(left) {
                Ok(bytes) => screen.push_str(&String::from_utf8_lossy(&bytes)),
                Err(_) => panic!("{prompt:?} never appeared in:\n{screen}"),
            }
        }
        from = screen.len();
        writer.write_all(answer.as_bytes()).unwrap();
        writer.flush().unwrap();
    }
    let status = child.wait().unwrap();
    while let Ok(bytes) = rx.recv_timeout(Duration::from_millis(200)) {
        screen.push_str(&String::from_utf8_lossy(&bytes));
    }
    (screen, status.exit_code())
}

#[test]
fn on_a_terminal_a_second_order_needs_a_typed_yes_to_a_question_naming_the_first() {
    let root = tempfile::tempdir().unwrap();
    let r = root.path();
    let output = submit(r, &[], None);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output));
    let attempt = journal(r)[0]["attempt_id"].as_str().unwrap().to_owned();

    let again = "Type yes to place it again";
    let (screen, code) = submit_on_a_terminal(r, &[("[y/N]", "y\n"), (again, "y\n")]);
    assert_eq!(code, 5, "a plain y is not enough: {screen}");
    assert!(screen.contains("Place a SECOND order"), "{screen}");
    assert!(
        screen.contains(&format!("attempt {attempt} at ")),
        "{screen}"
    );
    assert!(
        screen.contains("on SANDBOX: placed, order 112233"),
        "{screen}"
    );
    assert_eq!(sandbox_orders(r), 1);
    assert_eq!(journal(r).len(), 1);

    let (screen, code) = submit_on_a_terminal(r, &[("[y/N]", "y\n"), (again, "yes\n")]);
    assert_eq!(code, 0, "{screen}");
    assert!(screen.contains("order 112234 placed"), "{screen}");
    assert_eq!(sandbox_orders(r), 2);
    assert_eq!(journal(r).len(), 2);
}

#[test]
fn no_order_is_sent_when_the_journal_cannot_be_written() {
    let root = tempfile::tempdir().unwrap();
    let r = root.path();
    // A folder where the journal's database belongs: every journal call fails.
    std::fs::create_dir_all(r.join("data/certwiz/orders.db/x")).unwrap();
    let output = submit(r, &[], None);
    assert_eq!(output.status.code(), Some(2), "{}", text(&output));
    assert!(
        text(&output).contains("nothing was sent"),
        "{}",
        text(&output)
    );
    assert_eq!(sandbox_orders(r), 0);
}

#[test]
fn help_names_the_journal_commands_and_the_duplicate_flag() {
    let root = tempfile::tempdir().unwrap();
    let help = |args: &[&str]| {
        let output = run(root.path(), args, None);
        assert!(output.status.success(), "{}", text(&output));
        String::from_utf8_lossy(&output.stdout)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    let submit = help(&["submit", "--help"]);
    assert!(submit.contains("--allow-duplicate"), "{submit}");
    assert!(
        submit.contains("--yes alone then refuses (exit 5)"),
        "{submit}"
    );
    let orders = help(&["orders", "--help"]);
    assert!(orders.contains("settle"), "{orders}");
    assert!(orders.contains("--watch"), "{orders}");
    let settle = help(&["orders", "settle", "--help"]);
    assert!(settle.contains("--not-placed"), "{settle}");
}
