//! Issue 16's reproductions with real processes: certwiz binaries racing on one data folder
//! against one standalone sandbox (`certwiz sandbox`), which counts the orders it stored. No
//! mock of the journal: only the processes, the files and the server.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::Duration;

use serde_json::{Value, json};

use crate::support::{Session, isolate_inherited, journal_entries};

const REQUEST: &str = "tests/fixtures/documented-order-request.json";

fn binary() -> PathBuf {
    assert_cmd::cargo::cargo_bin!("certwiz").to_path_buf()
}

/// `certwiz sandbox` on a free port with its own folders; stopped when dropped.
struct Sandbox {
    child: Child,
    url: String,
    _home: tempfile::TempDir,
}

impl Sandbox {
    fn start(faults: Option<&str>) -> Sandbox {
        let env: Vec<(&str, String)> = faults
            .map(|f| ("CERTWIZ_SANDBOX_FAULTS", f.to_owned()))
            .into_iter()
            .collect();
        Sandbox::start_with(&env)
    }

    fn start_with(env: &[(&str, String)]) -> Sandbox {
        let home = tempfile::tempdir().unwrap();
        let mut cmd = Command::new(binary());
        isolate_inherited(&mut cmd, home.path());
        for (name, value) in env {
            cmd.env(name, value);
        }
        let mut child = cmd
            .args(["sandbox", "--port", "0", "--step-ms", "60000"])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let out = child.stdout.take().unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(out).lines() {
                let Ok(line) = line else { break };
                if let Some(url) = line.strip_prefix("base URL: ") {
                    let _ = tx.send(url.trim().to_owned());
                }
            }
        });
        let url = rx.recv_timeout(Duration::from_secs(30)).unwrap();
        Sandbox {
            child,
            url,
            _home: home,
        }
    }

    /// A loopback call to the sandbox's control routes.
    fn control(&self, method: &str, path: &str, body: &str) -> String {
        let host = self
            .url
            .trim_start_matches("http://")
            .split('/')
            .next()
            .unwrap()
            .to_owned();
        let mut stream = TcpStream::connect(&host).unwrap();
        write!(
            stream,
            "{method} {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        )
        .unwrap();
        let mut answer = String::new();
        stream.read_to_string(&mut answer).unwrap();
        answer
    }

    /// How many orders the sandbox stored.
    fn orders(&self) -> u64 {
        let answer = self.control("GET", "/_sandbox/stats", "");
        let body = answer.split("\r\n\r\n").nth(1).unwrap();
        let stats: Value = serde_json::from_str(body.trim()).unwrap();
        stats["orders_placed"].as_u64().unwrap()
    }

    /// Queues faults, as `CERTWIZ_SANDBOX_FAULTS` does.
    fn faults(&self, spec: &str) {
        let answer = self.control("POST", "/_sandbox/faults", spec);
        assert!(answer.starts_with("HTTP/1.1 204"), "{answer}");
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// certwiz on the data folder under `root`, against the sandbox as a remote endpoint.
fn certwiz(root: &Path, sandbox: &Sandbox, args: &[&str]) -> Command {
    let mut cmd = Command::new(binary());
    isolate_inherited(&mut cmd, root);
    cmd.env("DIGICERT_API_KEY", "race-key")
        .env("DIGICERT_API_URL", &sandbox.url)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    cmd
}

fn run(root: &Path, sandbox: &Sandbox, args: &[&str]) -> Output {
    certwiz(root, sandbox, args).output().unwrap()
}

fn said(output: &Output) -> String {
    format!(
        "exit {:?}\nstdout:\n{}\nstderr:\n{}",
        output.status.code(),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// The documented order with another signer: `n` tells the orders apart.
fn body(n: usize) -> Value {
    let mut body: Value = serde_json::from_str(&std::fs::read_to_string(REQUEST).unwrap()).unwrap();
    body["subject"]["name"] = json!(format!("Signer {n}"));
    body["subject"]["email"] = json!(format!("signer{n}@example.com"));
    body
}

fn write_body(root: &Path, name: &str, body: &Value) -> String {
    let path = root.join(name);
    std::fs::write(&path, serde_json::to_vec_pretty(body).unwrap()).unwrap();
    path.display().to_string()
}

/// Placed attempts in the journal, and how many distinct fingerprints they have.
fn placed(root: &Path) -> (usize, usize) {
    let entries = journal_entries(root);
    let placed: Vec<&Value> = entries.iter().filter(|e| e["state"] == "placed").collect();
    let mut prints: Vec<&str> = placed
        .iter()
        .map(|e| e["fingerprint"].as_str().unwrap())
        .collect();
    prints.sort_unstable();
    prints.dedup();
    (placed.len(), prints.len())
}

#[test]
fn two_submits_of_one_file_at_once_place_it_once() {
    let sandbox = Sandbox::start(None);
    // Trials are kept few for CI; the report gives a run of 100 made by hand.
    let trials: usize = std::env::var("CERTWIZ_RACE_TRIALS")
        .ok()
        .and_then(|t| t.parse().ok())
        .unwrap_or(10);
    for trial in 0..trials {
        let root = tempfile::tempdir().unwrap();
        let r = root.path();
        let before = sandbox.orders();
        let a = certwiz(r, &sandbox, &["submit", REQUEST, "--yes"])
            .spawn()
            .unwrap();
        let b = certwiz(r, &sandbox, &["submit", REQUEST, "--yes"])
            .spawn()
            .unwrap();
        let (a, b) = (a.wait_with_output().unwrap(), b.wait_with_output().unwrap());
        let stored = sandbox.orders() - before;
        assert_eq!(stored, 1, "trial {trial}:\n{}\n{}", said(&a), said(&b));
        let mut codes = [a.status.code(), b.status.code()];
        codes.sort();
        assert_eq!(codes, [Some(0), Some(5)], "{}\n{}", said(&a), said(&b));
        assert_eq!(placed(r), (1, 1), "trial {trial}");
    }
}

/// Issue 20: `renew` places its order through the ordering core, and the journal knows a renewal
/// by the order it renews; two `renew` runs of one order at once send one renewal, and the other
/// is never sent (it has no attempt in the journal at all).
#[test]
fn two_renewals_of_one_order_at_once_send_one() {
    let trials: i64 = std::env::var("CERTWIZ_RACE_TRIALS")
        .ok()
        .and_then(|t| t.parse().ok())
        .unwrap_or(5);
    // Ten seeded orders for each trial (one of them is renewed).
    let seeded = ("CERTWIZ_SANDBOX_LIFETIME", (10 * trials + 10).to_string());
    let sandbox = Sandbox::start_with(&[seeded]);
    for trial in 0..trials {
        // A seeded document_signing_org_1 order 45 days from expiry (the sandbox's cycle of
        // ten), a fresh one each trial: the sandbox refuses to renew an order twice itself.
        let old = (5_000_005 + 10 * trial).to_string();
        let root = tempfile::tempdir().unwrap();
        let r = root.path();
        // The journal exists already: two certwiz creating it at the same instant is another
        // race (one of them may find it locked and send nothing; see the merge's report).
        let listed = run(r, &sandbox, &["orders"]);
        assert!(listed.status.success(), "{}", said(&listed));
        assert!(r.join("data/certwiz/orders.db").exists());
        let before = sandbox.orders();
        let spawn = || {
            certwiz(r, &sandbox, &["renew", &old, REQUEST, "--yes"])
                .spawn()
                .unwrap()
        };
        let (a, b) = (spawn(), spawn());
        let (a, b) = (a.wait_with_output().unwrap(), b.wait_with_output().unwrap());
        let stored = sandbox.orders() - before;
        assert_eq!(stored, 1, "trial {trial}:\n{}\n{}", said(&a), said(&b));
        let mut codes = [a.status.code(), b.status.code()];
        codes.sort();
        assert_eq!(codes, [Some(0), Some(5)], "{}\n{}", said(&a), said(&b));
        let entries = journal_entries(r);
        assert_eq!(entries.len(), 1, "trial {trial}: {entries:#?}");
        assert_eq!(entries[0]["state"], "placed");
        let label = entries[0]["label"].as_str().unwrap();
        assert!(
            label.starts_with(&format!("renewal of order {old}")),
            "{label}"
        );
        let loser = if a.status.code() == Some(5) { &a } else { &b };
        let words = String::from_utf8_lossy(&loser.stderr);
        assert!(
            words.contains("not sent") || words.contains("not placed"),
            "{words}"
        );
    }
}

/// A batch in a pseudo-terminal, stopped at its one question (its checks are done).
fn batch_at_its_question(root: &Path, sandbox: &Sandbox, file: &str) -> Session {
    let mut cmd = crate::support::certwiz(root);
    cmd.env("DIGICERT_API_KEY", "race-key");
    cmd.env("DIGICERT_API_URL", &sandbox.url);
    cmd.args(["submit", "--batch", file]);
    let session = Session::spawn(cmd, 40, 200);
    session.wait_for(&["Place ", "orders on"]);
    session
}

/// The batch's rows (each a body with its own signer) in a JSON Lines file.
fn rows_file(root: &Path, name: &str, rows: impl Iterator<Item = usize>) -> String {
    let lines: Vec<String> = rows.map(|n| body(n).to_string()).collect();
    let path = root.join(name);
    std::fs::write(&path, lines.join("\n") + "\n").unwrap();
    path.display().to_string()
}

#[test]
fn a_batch_racing_a_single_submit_of_one_of_its_rows_places_each_body_once() {
    let sandbox = Sandbox::start(None);
    let root = tempfile::tempdir().unwrap();
    let r = root.path();
    let rows = rows_file(r, "rows.jsonl", 1..=5);
    let single = write_body(r, "row4.json", &body(4));
    // The batch has checked every row and asks; meanwhile row 4 is submitted on its own.
    let mut batch = batch_at_its_question(r, &sandbox, &rows);
    let one = run(r, &sandbox, &["submit", &single, "--yes"]);
    assert_eq!(one.status.code(), Some(0), "{}", said(&one));
    batch.send("y\r");
    let status = batch.wait_exit();
    let screen = batch.contents();
    assert_eq!(sandbox.orders(), 5, "five bodies, five orders:\n{screen}");
    assert_eq!(placed(r), (5, 5));
    assert!(screen.contains("row 4 was not sent"), "{screen}");
    assert_eq!(status.exit_code(), 5, "{screen}");
}

#[test]
fn two_batch_files_with_equal_rows_both_confirmed_place_each_body_once() {
    let sandbox = Sandbox::start(None);
    let root = tempfile::tempdir().unwrap();
    let r = root.path();
    // Two files (two batch ids) with the same rows, one in reverse order.
    let a = rows_file(r, "a.jsonl", 1..=6);
    let b = rows_file(r, "b.jsonl", (1..=6).rev());
    let mut first = batch_at_its_question(r, &sandbox, &a);
    let mut second = batch_at_its_question(r, &sandbox, &b);
    first.send("y\r");
    second.send("y\r");
    first.wait_exit();
    second.wait_exit();
    assert_eq!(
        sandbox.orders(),
        6,
        "{}\n{}",
        first.contents(),
        second.contents()
    );
    assert_eq!(placed(r), (6, 6));
}

/// Damages the journal's database file in place.
fn damage(db: &Path, how: &str) {
    // An earlier certwiz's journal (`orders.json`) is damaged the same way where it is the one.
    let legacy = db.with_file_name("orders.json");
    let db: &Path = if legacy.exists() {
        legacy.as_path()
    } else {
        db
    };
    for side in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{side}", db.display()));
    }
    match how {
        "truncated" => {
            let bytes = std::fs::read(db).unwrap();
            std::fs::write(db, &bytes[..bytes.len() / 2]).unwrap();
        }
        "zero-filled" => {
            let len = std::fs::metadata(db).unwrap().len() as usize;
            std::fs::write(db, vec![0u8; len]).unwrap();
        }
        "newer" if db == legacy.as_path() => {
            std::fs::write(db, r#"{"certwiz_journal": 99, "entries": []}"#).unwrap();
        }
        "newer" => {
            let conn = rusqlite::Connection::open(db).unwrap();
            conn.pragma_update(None, "user_version", 99).unwrap();
        }
        _ => unreachable!(),
    }
}

#[test]
fn a_damaged_journal_holds_every_send_and_says_so_before_sending() {
    for how in ["truncated", "zero-filled", "newer"] {
        let sandbox = Sandbox::start(None);
        let root = tempfile::tempdir().unwrap();
        let r = root.path();
        let lines: Vec<String> = (1..=3).map(|n| body(n).to_string()).collect();
        std::fs::write(r.join("rows.jsonl"), lines.join("\n") + "\n").unwrap();
        let rows = r.join("rows.jsonl").display().to_string();
        let first = run(r, &sandbox, &["submit", REQUEST, "--yes"]);
        assert_eq!(first.status.code(), Some(0), "{}", said(&first));
        let batch = run(r, &sandbox, &["submit", "--batch", &rows, "--yes"]);
        assert_eq!(batch.status.code(), Some(0), "{}", said(&batch));
        assert_eq!(sandbox.orders(), 4);
        // Every page written to the file itself, then damaged.
        let db = r.join("data/certwiz/orders.db");
        if db.exists() {
            let conn = rusqlite::Connection::open(&db).unwrap();
            conn.pragma_update(None, "wal_checkpoint", "TRUNCATE")
                .unwrap();
        }
        damage(&db, how);

        let again = run(r, &sandbox, &["submit", REQUEST, "--yes"]);
        let text = said(&again);
        assert_ne!(again.status.code(), Some(0), "{how}: {text}");
        assert!(text.contains("nothing was sent"), "{how}: {text}");
        assert!(text.contains("certwiz orders release"), "{how}: {text}");
        assert!(text.contains("It is kept as"), "{how}: {text}");
        let resumed = run(
            r,
            &sandbox,
            &["submit", "--batch", &rows, "--resume", "--yes"],
        );
        assert_ne!(resumed.status.code(), Some(0), "{how}: {}", said(&resumed));
        assert!(
            said(&resumed).contains("certwiz orders release"),
            "{how}: {}",
            said(&resumed)
        );
        assert_eq!(sandbox.orders(), 4, "{how}: nothing placed twice");
        // The file kept aside is the damaged journal, byte for byte untouched.
        let kept: Vec<PathBuf> = std::fs::read_dir(r.join("data/certwiz"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| {
                let name = p.file_name().unwrap().to_string_lossy().into_owned();
                name.starts_with("orders.db.corrupt-") || name.starts_with("orders.db.newer-")
            })
            .collect();
        assert_eq!(kept.len(), 1, "{how}: {kept:?}");
        // The person decides: released, a new journal starts.
        let released = run(r, &sandbox, &["orders", "release"]);
        assert_eq!(released.status.code(), Some(0), "{}", said(&released));
        assert!(said(&released).contains(&kept[0].display().to_string()));
    }
}

#[test]
fn ambiguous_answers_to_the_order_post_are_unknown_outcomes_never_sent_again() {
    let sandbox = Sandbox::start(None);
    for fault in [
        "stored:302",
        "stored:303",
        "stored:307",
        "stored:400",
        "stored:408",
        "stored:409",
        "id:1e30",
        "id:0",
        "id:-1",
    ] {
        let root = tempfile::tempdir().unwrap();
        let r = root.path();
        let before = sandbox.orders();
        sandbox.faults(&format!("place_order={fault}"));
        let first = run(r, &sandbox, &["submit", REQUEST, "--yes"]);
        assert_eq!(first.status.code(), Some(4), "{fault}: {}", said(&first));
        let entries = journal_entries(r);
        assert_eq!(entries[0]["state"], "outcome_unknown", "{fault}");
        assert!(entries[0].get("order_id").is_none(), "{fault}: {entries:?}");
        let again = run(r, &sandbox, &["submit", REQUEST, "--yes"]);
        assert_eq!(again.status.code(), Some(5), "{fault}: {}", said(&again));
        assert_eq!(sandbox.orders() - before, 1, "{fault}: stored once");
    }
}

#[test]
fn an_interrupted_send_is_an_unknown_outcome_at_once_and_settles_at_once() {
    let sandbox = Sandbox::start(Some("place_order=latency:20000"));
    let root = tempfile::tempdir().unwrap();
    let r = root.path();
    let mut sending = certwiz(r, &sandbox, &["submit", REQUEST, "--yes"])
        .spawn()
        .unwrap();
    crate::support::wait_until("the attempt to be journaled", || {
        journal_entries(r)
            .first()
            .is_some_and(|e| e["state"] == "sending")
    });
    sending.kill().unwrap();
    sending.wait().unwrap();
    let listed = run(r, &sandbox, &["orders"]);
    let text = said(&listed);
    assert!(text.contains("OUTCOME UNKNOWN"), "{text}");
    let attempt = journal_entries(r)[0]["attempt_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let again = run(r, &sandbox, &["submit", REQUEST, "--yes"]);
    assert_eq!(again.status.code(), Some(5), "{}", said(&again));
    assert!(
        !said(&again).contains("--allow-duplicate"),
        "{}",
        said(&again)
    );
    assert!(said(&again).contains("orders settle"), "{}", said(&again));
    let settled = run(r, &sandbox, &["orders", "settle", &attempt, "--not-placed"]);
    assert_eq!(settled.status.code(), Some(0), "{}", said(&settled));
}

#[test]
fn a_near_duplicate_is_named_and_not_placed_again() {
    let sandbox = Sandbox::start(None);
    let root = tempfile::tempdir().unwrap();
    let r = root.path();
    let first = run(r, &sandbox, &["submit", REQUEST, "--yes"]);
    assert_eq!(first.status.code(), Some(0), "{}", said(&first));
    let attempt = journal_entries(r)[0]["attempt_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let original: Value = serde_json::from_str(&std::fs::read_to_string(REQUEST).unwrap()).unwrap();
    let mut variants = Vec::new();
    let mut email = original.clone();
    email["subject"]["email"] = json!("Rene.Pierce@YAHOO.com");
    variants.push(("email case", email));
    let mut country = original.clone();
    country["ship_info"]["country"] = json!("US");
    variants.push(("country case", country));
    let mut validity = original.clone();
    validity.as_object_mut().unwrap().remove("validity_years");
    validity["order_validity"] = json!({"years": 2});
    variants.push(("validity form", validity));
    let mut spaces = original.clone();
    spaces["subject"]["name"] = json!("  Rene Pierce ");
    variants.push(("trimmed text", spaces));
    for (what, variant) in variants {
        let file = write_body(r, "variant.json", &variant);
        let again = run(r, &sandbox, &["submit", &file, "--yes"]);
        assert_eq!(again.status.code(), Some(5), "{what}: {}", said(&again));
        assert!(said(&again).contains(&attempt), "{what}: {}", said(&again));
    }
    assert_eq!(sandbox.orders(), 1);
}

#[test]
fn a_journal_written_by_the_json_journal_is_imported_once_and_kept() {
    let root = tempfile::tempdir().unwrap();
    let r = root.path();
    let data = r.join("data/certwiz");
    std::fs::create_dir_all(&data).unwrap();
    let fixture = "tests/fixtures/journal";
    let written = std::fs::read(format!("{fixture}/orders-0dc894f.json")).unwrap();
    std::fs::write(data.join("orders.json"), &written).unwrap();
    let old: Value = serde_json::from_slice(&written).unwrap();
    let embedded = |args: &[&str]| {
        let mut cmd = Command::new(binary());
        isolate_inherited(&mut cmd, r);
        cmd.args(args).stdin(Stdio::null()).output().unwrap()
    };

    let listed = embedded(&["orders", "--json"]);
    assert_eq!(listed.status.code(), Some(0), "{}", said(&listed));
    let mut entries: Vec<Value> = serde_json::from_slice(&listed.stdout).unwrap();
    entries.reverse();
    // Every entry, as it was written (oldest first in the file; newest first in the list). The
    // list prints every key (README, "JSON output"), so a key the old file left out is listed
    // empty: null, or an empty list.
    assert!(
        same_but_empty_keys(&Value::from(entries.clone()), &old["entries"]),
        "listed {entries:#?}\nwritten {:#?}",
        old["entries"]
    );
    assert!(!data.join("orders.json").exists());
    let kept: Vec<PathBuf> = std::fs::read_dir(&data)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().contains("orders.json.imported-"))
        .collect();
    assert_eq!(kept.len(), 1);
    assert_eq!(std::fs::read(&kept[0]).unwrap(), written, "kept as it was");

    // The imported attempts stop the same orders: the placed one, the unknown one, the batch.
    let placed_id = old["entries"][0]["attempt_id"].as_str().unwrap();
    let again = embedded(&["submit", REQUEST, "--yes"]);
    assert_eq!(again.status.code(), Some(5), "{}", said(&again));
    assert!(said(&again).contains(placed_id), "{}", said(&again));
    let unknown = embedded(&["submit", &format!("{fixture}/nine-0dc894f.json"), "--yes"]);
    assert_eq!(unknown.status.code(), Some(5), "{}", said(&unknown));
    assert!(
        said(&unknown).contains("orders settle"),
        "{}",
        said(&unknown)
    );
    let rows = format!("{fixture}/rows-0dc894f.jsonl");
    let resumed = embedded(&["submit", "--batch", &rows, "--resume", "--yes"]);
    assert_eq!(resumed.status.code(), Some(0), "{}", said(&resumed));
    assert!(
        said(&resumed).contains("every row of this batch is placed already"),
        "{}",
        said(&resumed)
    );
    // Imported once: a second look finds the same four.
    let again: Vec<Value> =
        serde_json::from_slice(&embedded(&["orders", "--json"]).stdout).unwrap();
    assert_eq!(again.len(), 4);
}

/// Whether `listed` holds what `written` holds, where `listed` may also have keys `written` left
/// out, each of them null or an empty list.
fn same_but_empty_keys(listed: &Value, written: &Value) -> bool {
    match (listed, written) {
        (Value::Object(l), Value::Object(w)) => {
            w.keys().all(|k| l.contains_key(k))
                && l.iter().all(|(k, v)| match w.get(k) {
                    Some(was) => same_but_empty_keys(v, was),
                    None => v.is_null() || v.as_array().is_some_and(|a| a.is_empty()),
                })
        }
        (Value::Array(l), Value::Array(w)) => {
            l.len() == w.len() && l.iter().zip(w).all(|(a, b)| same_but_empty_keys(a, b))
        }
        _ => listed == written,
    }
}
