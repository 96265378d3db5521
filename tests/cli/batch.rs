//! `certwiz submit --batch`, run as the real binary against the embedded sandbox in temporary
//! folders: every row checked first, each row journaled with its batch and row before its POST,
//! and `--resume` after a lost answer or a kill places no row twice.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::process::{Command as StdCommand, Output, Stdio};
use std::time::{Duration, Instant};

use crate::support::{isolate_inherited, stored};
use serde_json::Value;

const BASE: &str = "tests/fixtures/documented-order-request.json";

const ROWS: &str = "subject.name,subject.email,ship_info.city\n\
                    Ann Lee,ann@example.com,\n\
                    Bo Lee,bo@example.com,Boston\n\
                    Cy Lee,cy@example.com,\n";

fn command(root: &Path, args: &[&str], faults: Option<&str>) -> StdCommand {
    let mut cmd = StdCommand::new(env!("CARGO_BIN_EXE_certwiz"));
    isolate_inherited(&mut cmd, root);
    cmd.env("CERTWIZ_SANDBOX_STEP_MS", "100")
        .stdin(Stdio::null())
        .args(args);
    if let Some(faults) = faults {
        cmd.env("CERTWIZ_SANDBOX_FAULTS", faults);
    }
    cmd
}

fn run(root: &Path, args: &[&str], faults: Option<&str>) -> Output {
    let mut child = command(root, args, faults)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("certwiz {args:?} did not end");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

fn text(output: &Output) -> String {
    format!(
        "stdout:\n{}\nstderr:\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

fn write(root: &Path, name: &str, content: &str) -> PathBuf {
    let path = root.join(name);
    std::fs::write(&path, content).unwrap();
    path
}

fn journal(root: &Path) -> Vec<Value> {
    crate::support::journal_entries(root)
}

/// The subjects of the sandbox's stored orders, in the order they were placed.
fn stored_subjects(root: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(root.join("data/certwiz/sandbox/orders.json")).unwrap();
    let state: Value = serde_json::from_str(&text).unwrap();
    state["orders"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["body"]["subject"]["name"].as_str().unwrap().to_owned())
        .collect::<std::collections::BTreeSet<String>>()
        .into_iter()
        .collect()
}

fn batch(root: &Path, file: &Path, extra: &[&str], faults: Option<&str>) -> Output {
    let mut args = vec![
        "submit",
        "--batch",
        file.to_str().unwrap(),
        "--base",
        BASE,
        "--yes",
    ];
    args.extend_from_slice(extra);
    run(root, &args, faults)
}

#[test]
fn every_row_is_placed_once_with_its_batch_row_journaled_and_a_summary() {
    let root = tempfile::tempdir().unwrap();
    let r = root.path();
    let file = write(r, "rows.csv", ROWS);
    // One row at a time, so the order ids follow the rows (the rows in flight at once are
    // `a_lost_answer_among_rows_in_flight_...`'s).
    let output = batch(r, &file, &["--jobs", "1"], None);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output));
    assert_eq!(
        stored_subjects(r),
        ["Ann Lee", "Bo Lee", "Cy Lee"],
        "{}",
        text(&output)
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.starts_with("row  subject"), "{stdout}");
    assert!(
        stdout.contains("2    Bo Lee   112234  114      pending"),
        "{stdout}"
    );
    assert!(stdout.lines().any(|l| l == "3 placed"), "{stdout}");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("row 3 (3/3): placed order 112235"),
        "{stderr}"
    );

    let entries = journal(r);
    assert_eq!(entries.len(), 3);
    let id = entries[0]["batch"]["id"].as_str().unwrap().to_owned();
    for (i, entry) in entries.iter().enumerate() {
        assert_eq!(entry["state"], "placed");
        assert_eq!(entry["batch"]["id"], id.as_str());
        assert_eq!(entry["batch"]["row"], i + 1);
    }
    // The empty cell took the base's city.
    let text_state = std::fs::read_to_string(r.join("data/certwiz/sandbox/orders.json")).unwrap();
    let state: Value = serde_json::from_str(&text_state).unwrap();
    assert_eq!(state["orders"][0]["body"]["ship_info"]["city"], "Richmond");
    assert_eq!(state["orders"][1]["body"]["ship_info"]["city"], "Boston");

    // The same file again: refused without --resume; with it, nothing is left to send.
    let again = batch(r, &file, &[], None);
    assert_eq!(again.status.code(), Some(5), "{}", text(&again));
    assert!(text(&again).contains("--resume"), "{}", text(&again));
    let resumed = batch(r, &file, &["--resume", "--json"], None);
    assert_eq!(resumed.status.code(), Some(0), "{}", text(&resumed));
    let results: Value = serde_json::from_slice(&resumed.stdout).unwrap();
    assert_eq!(results.as_array().unwrap().len(), 3);
    assert!(
        results
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["state"] == "already_placed")
    );
    assert_eq!(stored(r), 3);
}

#[test]
fn every_error_is_printed_with_its_row_and_field_and_nothing_is_sent() {
    let root = tempfile::tempdir().unwrap();
    let r = root.path();
    let file = write(
        r,
        "rows.csv",
        "subject.name,subject.email,ship_info.country\n\
         Ann Lee,ann@example.com,\n\
         Bo Lee,not-an-email,zz\n\
         ,cy@example.com,\n",
    );
    let output = batch(r, &file, &[], None);
    assert_eq!(output.status.code(), Some(1), "{}", text(&output));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("row 2 (line 3): subject.email: "),
        "{stderr}"
    );
    assert!(
        stderr.contains("row 2 (line 3): ship_info.country: "),
        "{stderr}"
    );
    // Row 3's empty name cell takes the base's name, so it is valid.
    assert!(!stderr.contains("row 1 "), "{stderr}");
    assert!(stderr.contains("nothing was sent"), "{stderr}");
    assert_eq!(stored(r), 0);
    assert!(journal(r).is_empty());

    let bad_header = write(r, "bad.csv", "subject.nmae\nAnn\n");
    let output = batch(r, &bad_header, &[], None);
    assert_eq!(output.status.code(), Some(2), "{}", text(&output));
    assert!(text(&output).contains("column 1 (\"subject.nmae\")"));
}

#[test]
fn a_lost_answer_stops_the_batch_and_resume_never_resends_that_row() {
    let root = tempfile::tempdir().unwrap();
    let r = root.path();
    let file = write(r, "rows.csv", ROWS);
    // One row at a time: row 1 goes through (a 1 ms delay), row 2 is stored but its answer is
    // lost. (`a_lost_answer_among_rows_in_flight_...` has the rows sent at once.)
    let output = batch(
        r,
        &file,
        &["--jobs", "1"],
        Some("place_order=latency:1,place_order=drop"),
    );
    assert_eq!(output.status.code(), Some(4), "{}", text(&output));
    assert_eq!(stored_subjects(r), ["Ann Lee", "Bo Lee"]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("not sent"), "{stdout}");
    assert!(text(&output).contains("orders settle"), "{}", text(&output));
    // Each sentence starts with a capital, even the advice after a full stop.
    let said = text(&output);
    let lower = said
        .split(". ")
        .skip(1)
        .filter(|next| next.starts_with(|c: char| c.is_ascii_lowercase()))
        .map(|next| next.chars().take(40).collect::<String>())
        .collect::<Vec<_>>();
    assert!(
        lower.is_empty(),
        "lowercase after a full stop: {lower:?}\n{said}"
    );

    // Resuming before it is settled sends nothing.
    let resumed = batch(r, &file, &["--resume", "--json"], None);
    assert_eq!(resumed.status.code(), Some(4), "{}", text(&resumed));
    assert!(
        text(&resumed).contains("row 2: attempt"),
        "{}",
        text(&resumed)
    );
    assert!(text(&resumed).contains("(batch b-"), "{}", text(&resumed));
    let results: Value = serde_json::from_slice(&resumed.stdout).unwrap();
    let states: Vec<&str> = results
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["state"].as_str().unwrap())
        .collect();
    assert_eq!(states, ["already_placed", "outcome_unknown", "not_sent"]);
    assert_eq!(stored(r), 2);

    // Settled as the order the sandbox stored, resuming places row 3 only.
    let unknown = journal(r)
        .into_iter()
        .find(|e| e["state"] == "outcome_unknown")
        .unwrap();
    assert_eq!(unknown["batch"]["row"], 2);
    let settled = run(
        r,
        &[
            "orders",
            "settle",
            unknown["attempt_id"].as_str().unwrap(),
            "--order-id",
            "112234",
        ],
        None,
    );
    assert_eq!(settled.status.code(), Some(0), "{}", text(&settled));
    let resumed = batch(r, &file, &["--resume", "--json"], None);
    assert_eq!(resumed.status.code(), Some(0), "{}", text(&resumed));
    assert_eq!(stored_subjects(r), ["Ann Lee", "Bo Lee", "Cy Lee"]);
    let results: Value = serde_json::from_slice(&resumed.stdout).unwrap();
    let states: Vec<&str> = results
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["state"].as_str().unwrap())
        .collect();
    assert_eq!(states, ["already_placed", "already_placed", "placed"]);
}

#[test]
fn a_kill_mid_batch_then_resume_places_no_row_twice() {
    let root = tempfile::tempdir().unwrap();
    let r = root.path();
    let file = write(r, "rows.csv", ROWS);
    let mut child = command(
        r,
        &[
            "submit",
            "--batch",
            file.to_str().unwrap(),
            "--base",
            BASE,
            "--yes",
            "--jobs",
            "1",
        ],
        Some("place_order=latency:1,place_order=latency:20000"),
    )
    .stdout(Stdio::null())
    .stderr(Stdio::null())
    .spawn()
    .unwrap();
    // Row 2 is journaled as "sending" before its POST, which the sandbox holds.
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let entries = journal(r);
        if entries.len() == 2 && entries[1]["state"] == "sending" {
            break;
        }
        assert!(Instant::now() < deadline, "row 2 was not journaled");
        std::thread::sleep(Duration::from_millis(10));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    assert_eq!(stored(r), 1);

    // The cut-off row's outcome is unknown: resume stops and says how to settle it.
    let resumed = batch(r, &file, &["--resume"], None);
    assert_eq!(resumed.status.code(), Some(4), "{}", text(&resumed));
    assert_eq!(stored(r), 1);
    let unknown = journal(r)
        .into_iter()
        .find(|e| e["state"] == "outcome_unknown")
        .unwrap();
    assert_eq!(unknown["batch"]["row"], 2);
    let settled = run(
        r,
        &[
            "orders",
            "settle",
            unknown["attempt_id"].as_str().unwrap(),
            "--not-placed",
        ],
        None,
    );
    assert_eq!(settled.status.code(), Some(0), "{}", text(&settled));

    let resumed = batch(r, &file, &["--resume"], None);
    assert_eq!(resumed.status.code(), Some(0), "{}", text(&resumed));
    // Rows 2 and 3 are sent at once on resume, so they may be stored and journaled in either
    // order: each once is what counts.
    let mut subjects = stored_subjects(r);
    subjects.sort();
    assert_eq!(subjects, ["Ann Lee", "Bo Lee", "Cy Lee"]);
    let mut placed: Vec<u64> = journal(r)
        .iter()
        .filter(|e| e["state"] == "placed")
        .map(|e| e["batch"]["row"].as_u64().unwrap())
        .collect();
    placed.sort_unstable();
    assert_eq!(placed, [1, 2, 3]);
}

#[test]
fn json_lines_take_a_profile_and_refuse_without_yes_off_a_terminal() {
    let root = tempfile::tempdir().unwrap();
    let r = root.path();
    let saved = run(r, &["profile", "save", "shipping", "HQ", BASE], None);
    assert_eq!(saved.status.code(), Some(0), "{}", text(&saved));
    let body: Value = serde_json::from_str(&std::fs::read_to_string(BASE).unwrap()).unwrap();
    let mut line = body.clone();
    line.as_object_mut().unwrap().remove("ship_info");
    let mut second = line.clone();
    second["subject"]["name"] = "Bo Lee".into();
    let file = write(r, "rows.jsonl", &format!("{line}\n{second}\n"));
    let path = file.to_str().unwrap();

    let refused = run(r, &["submit", "--batch", path, "--profile", "HQ"], None);
    assert_eq!(refused.status.code(), Some(2), "{}", text(&refused));
    assert_eq!(stored(r), 0);

    let output = run(
        r,
        &[
            "submit",
            "--batch",
            path,
            "--profile",
            "shipping:HQ",
            "--yes",
            "--json",
        ],
        None,
    );
    assert_eq!(output.status.code(), Some(0), "{}", text(&output));
    let results: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(results[1]["subject"], "Bo Lee");
    assert_eq!(results[1]["state"], "placed");
    let state: Value = serde_json::from_str(
        &std::fs::read_to_string(r.join("data/certwiz/sandbox/orders.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(state["orders"][1]["body"]["ship_info"]["city"], "Richmond");

    let unknown = run(
        r,
        &["submit", "--batch", path, "--profile", "nobody", "--yes"],
        None,
    );
    assert_eq!(unknown.status.code(), Some(2), "{}", text(&unknown));
}

#[test]
fn rows_equal_to_each_other_need_allow_duplicate() {
    let root = tempfile::tempdir().unwrap();
    let r = root.path();
    let file = write(r, "rows.csv", "subject.name\nAnn Lee\nBo Lee\nAnn Lee\n");
    let output = batch(r, &file, &[], None);
    assert_eq!(output.status.code(), Some(5), "{}", text(&output));
    assert!(
        text(&output).contains("row 3: the same order as row 1"),
        "{}",
        text(&output)
    );
    assert_eq!(stored(r), 0);
    let output = batch(r, &file, &["--allow-duplicate"], None);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output));
    assert_eq!(stored(r), 3);
}

#[test]
fn on_a_terminal_it_asks_once_naming_the_count_and_endpoint_then_shows_a_bar() {
    let root = tempfile::tempdir().unwrap();
    let r = root.path();
    let file = write(r, "rows.csv", ROWS);
    let base = std::fs::canonicalize(BASE).unwrap();
    let mut cmd = crate::support::certwiz(r);
    cmd.args([
        "submit",
        "--batch",
        file.to_str().unwrap(),
        "--base",
        base.to_str().unwrap(),
    ]);
    let mut session = crate::support::Session::spawn(cmd, 30, 120);
    session.wait_for(&["Place 3 orders on SANDBOX", "[y/N]"]);
    assert_eq!(stored(r), 0);
    session.send("y\r");
    let status = session.wait_exit();
    assert!(status.success(), "{}", session.output());
    let output = session.output();
    // The rows are sent at once: the last to finish is any of them.
    assert!(output.contains("] 3/3 row "), "{output}");
    assert!(output.contains(": placed order 11223"), "{output}");
    assert!(
        output.contains("[########################] 3/3"),
        "{output}"
    );
    assert!(
        output.lines().any(|l| l.trim_end() == "3 placed"),
        "{output}"
    );
    assert_eq!(stored(r), 3);
}

#[test]
fn journal_entries_without_a_batch_read_as_before_and_batch_rows_round_trip() {
    use certwiz::order::Draft;
    use certwiz::order::EndpointKind;
    use certwiz::paths::Paths;
    use certwiz::store::{BatchRef, NewAttempt, Store};

    let root = tempfile::tempdir().unwrap();
    let store = Store::open(&Paths::under(root.path()));
    let draft = Draft::new(Default::default());
    let single = NewAttempt::for_draft(&draft, EndpointKind::Sandbox, "http://127.0.0.1:9/");
    assert_eq!(single.batch, None);
    let mut row = single.clone();
    row.batch = Some(BatchRef {
        id: "b-1".into(),
        row: 7,
    });
    store.journal.create_sending(single).unwrap();
    store.journal.create_sending(row).unwrap();
    let entries = crate::support::journal_entries_at(store.journal.path());
    assert!(entries[0].get("batch").is_none(), "{:#}", entries[0]);
    assert_eq!(
        entries[1]["batch"],
        serde_json::json!({"id": "b-1", "row": 7})
    );
    let listed = store.journal.list().unwrap();
    assert_eq!(listed[0].batch.as_ref().map(|b| b.row), Some(7));
    assert_eq!(listed[1].batch, None);
}

/// Rows sent at once: the first POST to arrive is stored but its answer is lost. That row is
/// of unknown outcome, no new row is sent after it, the rows in flight finish and are
/// recorded, no body is stored twice, and the results are in row order.
#[test]
fn a_lost_answer_among_rows_in_flight_stops_new_rows_and_places_none_twice() {
    let root = tempfile::tempdir().unwrap();
    let r = root.path();
    let mut rows = String::from("subject.name,subject.email\n");
    // 12 rows: the sandbox's balance pays for them (the pre-flight would stop 20).
    for i in 1..=12 {
        rows.push_str(&format!("Row {i:02},row{i}@example.com\n"));
    }
    let file = write(r, "rows.csv", &rows);
    let output = batch(
        r,
        &file,
        &["--jobs", "4", "--json"],
        Some("place_order=drop,place_order=latency:300x*"),
    );
    assert_eq!(output.status.code(), Some(4), "{}", text(&output));
    let results: Value = serde_json::from_slice(&output.stdout).unwrap();
    let results = results.as_array().unwrap();
    let rows_seen: Vec<i64> = results.iter().map(|r| r["row"].as_i64().unwrap()).collect();
    assert_eq!(rows_seen, (1..=12).collect::<Vec<i64>>(), "in row order");
    let count = |state: &str| results.iter().filter(|r| r["state"] == state).count();
    assert_eq!(count("outcome_unknown"), 1, "{results:?}");
    assert!(count("not_sent") > 0, "rows after the stop are not sent");
    assert!(
        count("placed") <= 3,
        "at most the rows in flight finish: {results:?}"
    );
    assert_eq!(
        count("placed") + count("outcome_unknown") + count("not_sent"),
        12
    );
    // Every body stored once: the lost one and the placed ones.
    let stored_rows = stored_subjects(r);
    assert_eq!(stored_rows.len(), count("placed") + 1, "{stored_rows:?}");
    assert_eq!(stored(r), stored_rows.len(), "no body stored twice");
    // Resume sends nothing while that row is unsettled.
    let resumed = batch(r, &file, &["--resume"], None);
    assert_eq!(resumed.status.code(), Some(4), "{}", text(&resumed));
    assert_eq!(stored(r), stored_rows.len());
}

/// A JSON Lines row that is not JSON is refused with exit 2, as README says, with that one
/// error: it exited 1 and went on to check the row as an empty body (seven "is required"
/// errors that only followed from it).
#[test]
fn a_json_lines_row_that_is_not_json_exits_2_with_one_error() {
    let root = tempfile::tempdir().unwrap();
    let file = write(
        root.path(),
        "rows.jsonl",
        "{\"subject\": {\"name\": \"x\"\n",
    );
    let out = run(
        root.path(),
        &["submit", "--batch", file.to_str().unwrap(), "--yes"],
        None,
    );
    let said = text(&out);
    assert_eq!(out.status.code(), Some(2), "{said}");
    assert!(said.contains("not valid JSON"), "{said}");
    assert!(!said.contains("required"), "{said}");
    assert!(said.contains("1 error in 1 of 1 row"), "{said}");
    assert_eq!(stored(root.path()), 0);
}

/// A JSON Lines row with a key given twice is refused as unreadable (exit 2), not placed with
/// its last value.
#[test]
fn a_json_lines_row_with_a_key_given_twice_exits_2() {
    let root = tempfile::tempdir().unwrap();
    let file = write(
        root.path(),
        "rows.jsonl",
        "{\"subject\": {\"name\": \"A\", \"name\": \"B\"}}\n",
    );
    let out = batch(root.path(), &file, &[], None);
    let said = text(&out);
    assert_eq!(out.status.code(), Some(2), "{said}");
    assert!(
        said.contains("\"name\" is given twice in one object"),
        "{said}"
    );
    assert_eq!(stored(root.path()), 0);
}
