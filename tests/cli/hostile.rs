//! Hostile answers (issue 22): the real binary against its embedded sandbox answering with
//! terminal escape sequences (`CERTWIZ_SANDBOX_FAULTS=ROUTE=hostile`: every string of the
//! answer ends in OSC 52, OSC 0, the C1 CSI U+009B and a bidi override), and with answers far
//! longer than any documented one (`oversized:MB`). Every command that prints server text is
//! run, and the bytes it writes are checked: no ESC, no BEL, no C1, no bidi control, while the
//! server's words are still shown (visibly escaped).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;
use std::process::{Command, Output, Stdio};

use crate::support::{isolate_std, run_to_end};

const REQUEST: &str = "tests/fixtures/documented-order-request.json";

fn run(root: &Path, args: &[&str], faults: &str) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_certwiz"));
    isolate_std(&mut cmd, root);
    cmd.env("CERTWIZ_SANDBOX_STEP_MS", "100")
        .env("CERTWIZ_SANDBOX_FAULTS", faults)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::null())
        .args(args);
    run_to_end(&mut cmd, &format!("certwiz {args:?} with {faults}"))
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// The bytes that must never reach a terminal from a server: C0 controls but newline and
/// tab... none of the sequences' own (ESC, BEL), C1 in UTF-8 (C2 80..C2 9F), U+202E.
fn raw_controls(bytes: &[u8]) -> Vec<String> {
    let mut found = Vec::new();
    for (i, b) in bytes.iter().enumerate() {
        match b {
            0x1b => found.push(format!("ESC at {i}")),
            0x07 => found.push(format!("BEL at {i}")),
            0xc2 if bytes.get(i + 1).is_some_and(|n| (0x80..=0x9f).contains(n)) => {
                found.push(format!("C1 at {i}"))
            }
            0xe2 if bytes.get(i + 1..i + 3) == Some(&[0x80, 0xae]) => {
                found.push(format!("U+202E at {i}"))
            }
            _ => {}
        }
    }
    found
}

/// Runs a command and checks its exit code, that nothing raw was written, and (when `shown`)
/// that the server's hostile words were printed in their visible form.
fn drill(root: &Path, args: &[&str], faults: &str, code: i32, shown: bool) -> Output {
    let out = run(root, args, faults);
    let all = text(&out);
    assert_eq!(out.status.code(), Some(code), "{args:?}: {all}");
    for (name, bytes) in [("stdout", &out.stdout), ("stderr", &out.stderr)] {
        let raw = raw_controls(bytes);
        assert!(raw.is_empty(), "{args:?} wrote {raw:?} to {name}: {all:?}");
    }
    if shown {
        assert!(
            all.contains("␛]0;pwned␇") || all.contains("\\u001b]0;pwned\\u0007"),
            "{args:?} did not show the server's words: {all}"
        );
        assert!(
            all.contains("<U+009B>") || all.contains("\\u009b"),
            "{args:?}: the C1 is shown: {all}"
        );
    }
    out
}

#[test]
fn no_command_prints_a_servers_escape_sequences_raw() {
    let root = tempfile::tempdir().unwrap();
    let r = root.path();
    // The order POST's answer: its request's status.
    drill(
        r,
        &["submit", REQUEST, "--yes"],
        "place_order=hostile",
        0,
        true,
    );
    drill(
        r,
        &["submit", REQUEST, "--yes", "--allow-duplicate", "--json"],
        "place_order=hostile",
        0,
        true,
    );
    let both = "order_info=hostile,request_info=hostile";
    drill(r, &["status", "112233"], both, 0, true);
    drill(r, &["status", "112233", "--json"], both, 0, true);
    // The journal keeps the statuses as received and replays them, offline too.
    drill(r, &["orders"], "", 0, true);
    drill(r, &["orders", "--json"], "", 0, true);
    let watch = "order_info=hostilex2,request_info=hostilex2,status_changes=hostilex2";
    drill(r, &["status", "112233", "--watch"], watch, 0, false);
    drill(
        r,
        &["status", "112233", "--watch", "--json"],
        watch,
        0,
        false,
    );
    drill(
        r,
        &["status", "112233", "--show-init-code"],
        "order_info=hostile",
        0,
        true,
    );
    let out = run(r, &["download", "112233"], "order_info=hostile");
    assert!(raw_controls(&out.stderr).is_empty(), "{}", text(&out));
    // Error paths.
    drill(r, &["status", "999"], "order_info=hostile:404", 3, true);
    drill(
        r,
        &["approve", "999"],
        "decide_request=hostile:404",
        3,
        true,
    );
    drill(
        r,
        &["reject", "999", "--comment", "no"],
        "decide_request=hostile:404",
        3,
        true,
    );
    drill(
        r,
        &["cancel", "999", "--note", "x"],
        "cancel_order=hostile:404",
        3,
        true,
    );
    drill(
        r,
        &["submit", REQUEST, "--yes", "--allow-duplicate"],
        "place_order=hostile:400",
        3,
        true,
    );
    drill(
        r,
        &["submit", REQUEST, "--yes", "--allow-duplicate", "--json"],
        "place_order=hostile:500",
        4,
        true,
    );
    // Settling the unknown outcome lists the account's requests.
    let list = drill(r, &["orders", "--json"], "", 0, true);
    let entries: serde_json::Value = serde_json::from_slice(&list.stdout).unwrap();
    let unknown = entries
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["state"] == "outcome_unknown")
        .expect("the 500 left an unknown outcome");
    let id = unknown["attempt_id"].as_str().unwrap();
    drill(r, &["orders"], "", 0, true);
    drill(
        r,
        &["orders", "settle", id],
        "list_requests=hostile",
        0,
        true,
    );
    drill(
        r,
        &["orders", "settle", id, "--json"],
        "list_requests=hostile",
        0,
        true,
    );
}

#[test]
fn orders_watch_prints_no_escape_sequences() {
    let root = tempfile::tempdir().unwrap();
    let r = root.path();
    drill(r, &["submit", REQUEST, "--yes"], "", 0, false);
    let watch = "order_info=hostilex2,request_info=hostilex2,status_changes=hostilex2";
    drill(r, &["orders", "--watch"], watch, 0, false);
    drill(r, &["orders"], "", 0, false);
}

#[test]
fn an_oversized_answer_is_unreadable_and_for_the_order_post_of_unknown_outcome() {
    let root = tempfile::tempdir().unwrap();
    let r = root.path();
    // 64 MB of padding after a valid answer: read whole, this would parse and succeed.
    let out = run(r, &["submit", REQUEST, "--yes"], "place_order=oversized:64");
    let all = text(&out);
    assert_eq!(out.status.code(), Some(4), "{all}");
    assert!(all.contains("may or may not have been placed"), "{all}");
    assert!(all.contains("more than 8 MB"), "{all}");
    let out = run(r, &["status", "112233"], "order_info=oversized:64x*");
    let all = text(&out);
    assert_eq!(out.status.code(), Some(3), "{all}");
    assert!(all.contains("Could not read CertCentral's answer"), "{all}");
    // Under the limit, the padding is harmless.
    let out = run(r, &["status", "112233"], "order_info=oversized:4");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
}

fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

/// Issue 22: every folder certwiz creates is 0700, even when the standalone sandbox is the
/// first to create the data folder.
#[test]
fn the_standalone_sandbox_creates_its_folders_0700() {
    let root = tempfile::tempdir().unwrap();
    let r = root.path();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_certwiz"));
    isolate_std(&mut cmd, r);
    let mut child = cmd
        .args(["sandbox", "--port", "0"])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let sandbox = r.join("data/certwiz/sandbox");
    crate::support::wait_until("the sandbox's folder", || sandbox.exists());
    child.kill().unwrap();
    child.wait().unwrap();
    for dir in [r.join("data/certwiz"), sandbox] {
        assert_eq!(mode(&dir), 0o700, "{}", dir.display());
    }
}

#[test]
fn the_embedded_sandbox_and_the_store_create_their_folders_0700() {
    let root = tempfile::tempdir().unwrap();
    let r = root.path();
    drill(r, &["submit", REQUEST, "--yes"], "", 0, false);
    for dir in ["data/certwiz", "data/certwiz/sandbox"] {
        assert_eq!(mode(&r.join(dir)), 0o700, "{dir}");
    }
}

fn run_in(root: &Path, args: &[&str], stdin: Stdio) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_certwiz"));
    isolate_std(&mut cmd, root);
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(stdin)
        .args(args);
    run_to_end(&mut cmd, &format!("certwiz {args:?}"))
}

fn refused(out: &Output, why: &str) {
    let all = text(out);
    assert_eq!(out.status.code(), Some(2), "{all}");
    assert!(all.contains(why), "expected {why:?}: {all}");
}

/// Issue 22: an input file above its kind's limit is refused naming the limit, before it is
/// read whole; devices and FIFOs are refused by their type; standard input is read bounded.
#[test]
fn input_files_are_read_bounded() {
    let root = tempfile::tempdir().unwrap();
    let r = root.path();
    // A valid order followed by spaces up to just over 1 MiB: read whole, it would pass.
    let mut big = std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join(REQUEST)).unwrap();
    big.resize((1 << 20) + 1, b' ');
    let big_order = r.join("big.json");
    std::fs::write(&big_order, &big).unwrap();
    let big_order = big_order.to_str().unwrap();
    let limit = "an order file may be at most 1 MiB";
    refused(&run_in(r, &["validate", big_order], Stdio::null()), limit);
    refused(&run_in(r, &["preview", big_order], Stdio::null()), limit);
    let stdin = std::fs::File::open(big_order).unwrap();
    refused(&run_in(r, &["validate", "-"], stdin.into()), limit);
    refused(
        &run_in(
            r,
            &["profile", "save", "subject", "Big", big_order],
            Stdio::null(),
        ),
        "a profile file may be at most 1 MiB",
    );
    // A sparse file of 3 GiB is refused by its size, without reading it.
    let huge = r.join("huge.csv");
    std::fs::File::create(&huge)
        .unwrap()
        .set_len(3 << 30)
        .unwrap();
    let huge = huge.to_str().unwrap();
    refused(
        &run_in(r, &["submit", "--batch", huge, "--yes"], Stdio::null()),
        "too large (3221225472 bytes): a batch file may be at most 32 MiB",
    );
    // Devices, endless on standard input too.
    let csv = r.join("x.csv");
    std::fs::write(&csv, "subject.name\nAnn Lee\n").unwrap();
    let csv = csv.to_str().unwrap();
    for args in [
        vec!["validate", "/dev/zero"],
        vec!["submit", "/dev/zero", "--yes"],
        vec!["submit", "--batch", "/dev/zero", "--yes"],
        vec!["submit", "--batch", csv, "--base", "/dev/zero", "--yes"],
        vec!["profile", "save", "shipping", "Zero", "/dev/zero"],
        vec!["download", "112233", "--csr", "/dev/zero"],
    ] {
        let out = run_in(r, &args, Stdio::null());
        let all = text(&out);
        assert_ne!(out.status.code(), Some(0), "{args:?}: {all}");
        assert!(all.contains("it is a device"), "{args:?}: {all}");
    }
    let zero = std::fs::File::open("/dev/zero").unwrap();
    refused(&run_in(r, &["validate", "-"], zero.into()), limit);
    let zero = std::fs::File::open("/dev/zero").unwrap();
    refused(
        &run_in(r, &["submit", "--batch", "-", "--yes"], zero.into()),
        "a batch file may be at most 32 MiB",
    );
    // A FIFO with no writer: refused by its type, nothing blocks.
    let fifo = r.join("fifo");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    refused(
        &run_in(r, &["validate", fifo.to_str().unwrap()], Stdio::null()),
        "it is a FIFO",
    );
}

fn states(root: &Path) -> Vec<String> {
    let out = run_in(root, &["orders", "--json"], Stdio::null());
    let value: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_default();
    value
        .as_array()
        .map(|a| {
            a.iter()
                .map(|e| e["state"].as_str().unwrap_or("").to_owned())
                .collect()
        })
        .unwrap_or_default()
}

/// Issue 22: `certwiz submit` stopped by a signal while the POST is on its way records the
/// attempt as "outcome unknown" before it exits 128 + the signal's number.
#[test]
fn submit_interrupted_during_the_send_records_an_unknown_outcome() {
    for (name, number, batch) in [("TERM", 15, false), ("INT", 2, false), ("TERM", 15, true)] {
        let root = tempfile::tempdir().unwrap();
        let r = root.path();
        let body: serde_json::Value = serde_json::from_slice(
            &std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join(REQUEST)).unwrap(),
        )
        .unwrap();
        let rows = r.join("rows.jsonl");
        std::fs::write(&rows, format!("{body}\n")).unwrap();
        let rows = rows.to_str().unwrap();
        let args = if batch {
            ["submit", "--batch", rows, "--yes"]
        } else {
            ["submit", REQUEST, "--yes", "--json"]
        };
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_certwiz"));
        isolate_std(&mut cmd, r);
        let child = cmd
            .env("CERTWIZ_SANDBOX_FAULTS", "place_order=latency:20000")
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        crate::support::wait_until("the attempt to be journaled as sending", || {
            states(r) == ["sending"]
        });
        let killed = Command::new("kill")
            .args([&format!("-{name}"), &child.id().to_string()])
            .status()
            .unwrap();
        assert!(killed.success());
        let out = child.wait_with_output().unwrap();
        let all = text(&out);
        assert_eq!(out.status.code(), Some(128 + number), "SIG{name}: {all}");
        assert!(all.contains("its outcome is unknown"), "{all}");
        assert_eq!(states(r), ["outcome_unknown"], "SIG{name}");
    }
}

/// Issue 22 item 5: the inventory (`certwiz certificates --cached`) is the first to create the
/// data folder: every folder it makes is 0700, from XDG_DATA_HOME down.
#[test]
fn the_inventory_creates_its_folders_0700() {
    let root = tempfile::tempdir().unwrap();
    let r = root.path();
    let out = run(r, &["certificates", "--cached"], "");
    assert!(
        r.join("data/certwiz/inventory.sqlite").exists(),
        "{}",
        text(&out)
    );
    for dir in ["data", "data/certwiz"] {
        assert_eq!(mode(&r.join(dir)), 0o700, "{dir}: {}", text(&out));
    }
}
