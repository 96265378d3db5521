//! What certwiz says is true: an order's state, exit codes and hints, run as the real binary.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;
use std::process::{Command as StdCommand, Output};
use std::time::Duration;

use crate::support::isolate_inherited;
use assert_cmd::Command;

const REQUEST: &str = "tests/fixtures/documented-order-request.json";

/// certwiz in `root`, with the sandbox's clock stepping every `step_ms`.
fn run(root: &Path, step_ms: &str, args: &[&str]) -> Output {
    let mut std = StdCommand::new(assert_cmd::cargo::cargo_bin!("certwiz"));
    isolate_inherited(&mut std, root);
    std.env("CERTWIZ_SANDBOX_STEP_MS", step_ms);
    Command::from_std(std)
        .args(args)
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap()
}

fn out(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn a_canceled_order_is_never_reported_approved() {
    let root = tempfile::tempdir().unwrap();
    let slow = "60000";
    assert!(
        run(root.path(), slow, &["submit", REQUEST, "--yes"])
            .status
            .success()
    );
    let canceled = run(
        root.path(),
        slow,
        &["cancel", "112233", "--note", "mistake"],
    );
    assert!(canceled.status.success(), "{canceled:?}");
    // A later run with a quicker clock must not move the canceled order's request on.
    for args in [&["status", "112233", "--watch"][..], &["status", "112233"]] {
        let watched = run(root.path(), "1", args);
        let text = out(&watched);
        assert_eq!(watched.status.code(), Some(1), "{args:?}: {text}");
        assert!(text.contains("canceled"), "{args:?}: {text}");
        assert!(!text.contains("approved"), "{args:?}: {text}");
        assert!(!text.contains("certificate"), "{args:?}: {text}");
    }
    let listed = run(root.path(), "1", &["orders"]);
    let row = out(&listed);
    assert!(row.contains("canceled"), "{row}");
    assert!(!row.contains("approved"), "{row}");
    let json = out(&run(root.path(), "1", &["orders", "--json"]));
    assert!(!json.contains("\"approved\""), "the journal: {json}");
}

#[test]
fn status_exits_1_for_a_rejected_order_as_its_help_says() {
    let root = tempfile::tempdir().unwrap();
    let slow = "60000";
    assert!(
        run(root.path(), slow, &["submit", REQUEST, "--yes"])
            .status
            .success()
    );
    assert!(
        run(
            root.path(),
            slow,
            &["reject", "113", "--comment", "no budget"]
        )
        .status
        .success()
    );
    let once = run(root.path(), slow, &["status", "112233"]);
    assert_eq!(once.status.code(), Some(1), "{}", out(&once));
    assert!(out(&once).contains("rejected"));
    let json = run(root.path(), slow, &["status", "112233", "--json"]);
    assert_eq!(json.status.code(), Some(1), "{}", out(&json));
    let help = out(&run(root.path(), slow, &["status", "--help"]));
    let help = help.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(help.contains("1 when it is rejected, canceled"), "{help}");
}

#[test]
fn copy_init_code_fails_when_nothing_was_copied() {
    let root = tempfile::tempdir().unwrap();
    assert!(
        run(root.path(), "1", &["submit", REQUEST, "--yes"])
            .status
            .success()
    );
    // Issued at once with a 1 ms step; standard output is a pipe here, so nothing is copied.
    let watched = run(root.path(), "1", &["status", "112233", "--watch"]);
    assert!(watched.status.success(), "{}", out(&watched));
    for args in [
        &["status", "112233", "--copy-init-code"][..],
        &["status", "112233", "--copy-init-code", "--json"],
    ] {
        let copied = run(root.path(), "1", args);
        let err = String::from_utf8_lossy(&copied.stderr);
        assert!(err.contains("nothing was copied"), "{args:?}: {err}");
        assert_eq!(copied.status.code(), Some(2), "{args:?}: {err}");
    }
}

#[test]
fn validate_json_answers_on_stdout_for_an_unreadable_file_and_a_list_is_one_error() {
    let root = tempfile::tempdir().unwrap();
    let missing = root.path().join("missing.json");
    let o = run(
        root.path(),
        "1",
        &["validate", missing.to_str().unwrap(), "--json"],
    );
    assert_eq!(o.status.code(), Some(2));
    let v: serde_json::Value = serde_json::from_str(&out(&o)).unwrap();
    assert_eq!(v["valid"], false);
    assert!(v["product"].is_null());
    assert_eq!(v["diagnostics"][0]["code"], "unreadable");
    let list = root.path().join("list.json");
    std::fs::write(&list, "[{\"a\": 1}]").unwrap();
    let o = run(
        root.path(),
        "1",
        &["validate", list.to_str().unwrap(), "--json"],
    );
    let v: serde_json::Value = serde_json::from_str(&out(&o)).unwrap();
    let diagnostics = v["diagnostics"].as_array().unwrap();
    assert_eq!(diagnostics.len(), 1, "no follow-on errors: {v:#}");
    assert_eq!(diagnostics[0]["code"], "type");
}

#[test]
fn submit_sums_up_the_warnings_it_printed() {
    let root = tempfile::tempdir().unwrap();
    let mut body: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(REQUEST).unwrap()).unwrap();
    body["organization"]["id"] = serde_json::json!(999_999);
    let file = root.path().join("other-org.json");
    std::fs::write(&file, body.to_string()).unwrap();
    let o = run(
        root.path(),
        "1",
        &["submit", file.to_str().unwrap(), "--yes"],
    );
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("warning skip_approval"), "{err}");
    assert!(err.contains("1 warning;"), "{err}");
    assert!(!err.contains("0 warnings"), "{err}");
}

/// A `--json` shape as the README writes it: `{"a", "b": [{"c"}]}`.
#[derive(Debug)]
enum Shape {
    Object(Vec<(String, Option<Shape>)>),
    Array(Box<Shape>),
}

fn parse_shape(text: &str) -> Shape {
    fn parse(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) -> Shape {
        let skip = |c: &mut std::iter::Peekable<std::str::Chars<'_>>| {
            while c.peek().is_some_and(|c| c.is_whitespace() || *c == ',') {
                c.next();
            }
        };
        skip(chars);
        match chars.next() {
            Some('[') => {
                let inner = parse(chars);
                skip(chars);
                assert_eq!(chars.next(), Some(']'));
                Shape::Array(Box::new(inner))
            }
            Some('{') => {
                let mut keys = Vec::new();
                loop {
                    skip(chars);
                    match chars.next() {
                        Some('}') => return Shape::Object(keys),
                        Some('"') => {
                            let key: String = chars.by_ref().take_while(|c| *c != '"').collect();
                            skip(chars);
                            let nested = (chars.peek() == Some(&':')).then(|| {
                                chars.next();
                                parse(chars)
                            });
                            keys.push((key, nested));
                        }
                        other => panic!("unexpected {other:?} in a shape"),
                    }
                }
            }
            other => panic!("unexpected {other:?} in a shape"),
        }
    }
    parse(&mut text.chars().peekable())
}

/// Whether `value` has exactly the shape's keys (nested shapes checked where not null).
fn holds(shape: &Shape, value: &serde_json::Value, at: &str) {
    match shape {
        Shape::Array(inner) => {
            let items = value
                .as_array()
                .unwrap_or_else(|| panic!("{at}: not a list: {value}"));
            assert!(!items.is_empty(), "{at}: an empty list proves nothing");
            for item in items {
                holds(inner, item, at);
            }
        }
        Shape::Object(keys) => {
            let map = value
                .as_object()
                .unwrap_or_else(|| panic!("{at}: not an object: {value}"));
            let mut want: Vec<&str> = keys.iter().map(|(k, _)| k.as_str()).collect();
            let mut got: Vec<&str> = map.keys().map(String::as_str).collect();
            want.sort_unstable();
            got.sort_unstable();
            assert_eq!(got, want, "{at}: {value:#}");
            for (key, nested) in keys {
                if let Some(nested) = nested
                    && !map[key].is_null()
                {
                    holds(nested, &map[key], &format!("{at}.{key}"));
                }
            }
        }
    }
}

/// The README's `--json` table: each command's first words and its shape.
fn readme_shapes() -> Vec<(String, Shape)> {
    let readme = std::fs::read_to_string("README.md").unwrap();
    let start = readme.find("<!-- json-shapes -->").unwrap();
    let end = readme.find("<!-- /json-shapes -->").unwrap();
    readme[start..end]
        .lines()
        .filter(|l| l.starts_with("| `certwiz"))
        .map(|line| {
            let cells: Vec<&str> = line.split(" | ").collect();
            let command = cells[0].trim_start_matches("| ").to_owned();
            let shape = cells[1]
                .split('`')
                .find(|s| s.starts_with('{') || s.starts_with('['))
                .unwrap();
            (command, parse_shape(shape))
        })
        .collect()
}

#[test]
fn every_json_shape_is_the_readmes_with_every_key_present() {
    let shapes = readme_shapes();
    let shape = |start: &str| {
        &shapes
            .iter()
            .find(|(c, _)| c.starts_with(start))
            .unwrap_or_else(|| panic!("README documents {start}"))
            .1
    };
    let root = tempfile::tempdir().unwrap();
    let json = |args: &[&str]| -> serde_json::Value {
        let o = run(root.path(), "1", args);
        serde_json::from_str(&out(&o)).unwrap_or_else(|e| panic!("{args:?}: {e}: {}", out(&o)))
    };
    holds(
        shape("`certwiz validate"),
        &json(&["validate", REQUEST, "--json"]),
        "validate",
    );
    holds(
        shape("`certwiz validate"),
        &json(&["validate", "missing.json", "--json"]),
        "validate unreadable",
    );
    let placed = json(&["submit", REQUEST, "--yes", "--json"]);
    holds(shape("`certwiz submit FILE"), &placed, "submit");
    assert_eq!(placed["state"], "placed", "{placed:#}");
    // Every end prints the same object (a refusal printed nothing on standard output).
    let again = json(&["submit", REQUEST, "--yes", "--json"]);
    holds(shape("`certwiz submit FILE"), &again, "submit refused");
    assert_eq!(again["state"], "not_placed", "{again:#}");
    assert!(
        again["error"]
            .as_str()
            .is_some_and(|e| e.contains("--allow-duplicate")),
        "{again:#}"
    );
    let unreadable = json(&["submit", "missing.json", "--yes", "--json"]);
    holds(
        shape("`certwiz submit FILE"),
        &unreadable,
        "submit unreadable",
    );
    assert_eq!(unreadable["state"], "not_placed", "{unreadable:#}");
    let rows = root.path().join("rows.jsonl");
    let mut body: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(REQUEST).unwrap()).unwrap();
    body["subject"]["name"] = serde_json::json!("Another Signer");
    std::fs::write(&rows, format!("{body}\n")).unwrap();
    let batch = json(&[
        "submit",
        "--batch",
        rows.to_str().unwrap(),
        "--yes",
        "--json",
    ]);
    holds(shape("`certwiz submit --batch"), &batch, "batch");
    assert!(batch[0]["error"].is_null(), "null, not left out: {batch:#}");
    holds(
        shape("`certwiz status ORDER_ID --json"),
        &json(&["status", "112233", "--json"]),
        "status",
    );
    let watched = run(root.path(), "1", &["status", "112233", "--watch", "--json"]);
    for line in out(&watched).lines() {
        holds(
            shape("`certwiz status ORDER_ID --watch"),
            &serde_json::from_str(line).unwrap(),
            "status --watch",
        );
    }
    let listed = json(&["orders", "--json"]);
    holds(shape("`certwiz orders --json"), &listed, "orders");
    assert!(
        listed
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["batch"].is_null()),
        "a single order's batch is null: {listed:#}"
    );
}

#[test]
fn the_wizards_batch_takes_base_and_profile_as_submit_does() {
    let root = tempfile::tempdir().unwrap();
    let help = out(&run(root.path(), "1", &["--help"]));
    let help = help.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(help.contains("--base <FILE>"), "{help}");
    assert!(help.contains("--profile <NAME>"), "{help}");
    // Without --batch they are refused, as for submit.
    let o = run(root.path(), "1", &["--base", REQUEST]);
    assert_eq!(o.status.code(), Some(2));
}
