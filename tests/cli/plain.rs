//! `certwiz --plain` as the real binary against its embedded sandbox, its answers piped in: the
//! documented example is ordered line by line, previewed exactly, placed once and followed.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;
use std::process::Command as StdCommand;
use std::time::Duration;

use crate::support::{isolate_inherited, stored, wait_until};
use assert_cmd::Command;
use serde_json::Value;

const FIXTURE: &str = include_str!("../fixtures/documented-order-request.json");

/// The documented example's answers, one line per question, Enter for the defaults.
pub(super) const DOCUMENTED: &[&str] = &[
    "",       // product: document_signing_org_1
    "21",     // server platform
    "",       // signature hash: sha256
    "",       // provisioning: ship_token
    "",       // organization as common name: yes
    "2",      // validity
    "334455", // organization
    "221122", // division
    "",       // no organization contact
    "",       // no order managers
    "Rene Pierce",
    "School Counselor",
    "054-139-0798",
    "rene.pierce@yahoo.com",
    "Erin Guerra",
    "360 Taylor Street",
    "Floor 74",
    "Richmond",
    "va",
    "69662",
    "us",
    "",  // shipping method: standard
    "y", // the Certificate Services Agreement
    "y", // skip approval
    "",  // payment: balance
    "Comments for the the approver.",
    ".",
    "", // the sandbox account's four optional custom fields, after the comments as in the wizard
    "",
    "",
    "",
];

fn certwiz(root: &Path) -> Command {
    let mut std = StdCommand::new(assert_cmd::cargo::cargo_bin!("certwiz"));
    isolate_inherited(&mut std, root);
    std.env("CERTWIZ_SANDBOX_STEP_MS", "200")
        .env("TERM", "xterm");
    Command::from_std(std)
}

pub(super) fn answers(last: &str) -> String {
    let mut text: String = DOCUMENTED.iter().map(|a| format!("{a}\n")).collect();
    text.push_str(last);
    text.push('\n');
    text
}

/// The JSON body the review printed: the lines from `{` after its heading to the closing `}`.
fn previewed(stdout: &str) -> Value {
    let start = stdout
        .find("JSON body (POST ")
        .expect("the review shows the body");
    let rest = &stdout[start..];
    let open = rest.find("\n{\n").unwrap() + 1;
    let close = rest.find("\n}\n").unwrap() + 2;
    serde_json::from_str(&rest[open..close]).unwrap()
}

#[test]
fn plain_orders_the_documented_example_from_piped_answers() {
    let root = tempfile::tempdir().unwrap();
    let output = certwiz(root.path())
        .args(["--plain", "--sandbox"])
        .write_stdin(answers("y"))
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert_eq!(output.status.code(), Some(0), "{stdout}\n{stderr}");
    assert!(!stdout.contains('\u{1b}'), "no escape sequences:\n{stdout}");

    let expected: Value = serde_json::from_str(FIXTURE).unwrap();
    assert_eq!(previewed(&stdout), expected, "{stdout}");
    for text in [
        "Section 1 of 5: Certificate",
        "Server platform * [-1]: 21",
        "document_signing_org_1: valid (1 warning)",
        "organization: 334455, Example Company",
        "token ships:  Erin Guerra, 360 Taylor Street, Floor 74, Richmond, va, 69662, us (standard)",
        "Place this order on SANDBOX (embedded, nothing is ordered for real) for USD 299.00 from balance USD 5,000.00? [y/N]: y",
        "order 112233 placed",
        "request 113: pending",
        "approved: certificate 113",
    ] {
        assert!(stdout.contains(text), "{text:?} missing:\n{stdout}");
    }

    // The sandbox got exactly the documented body, once.
    let store =
        certwiz::sandbox::state::Store::open(&root.path().join("data/certwiz/sandbox")).unwrap();
    let orders = store.read(|book| book.orders.clone()).unwrap();
    assert_eq!(orders.len(), 1);
    assert_eq!(orders[0].body, expected);

    // The journal has it, followed to its end; the autosave is gone once placed.
    let journal = certwiz(root.path())
        .args(["orders", "--json", "--sandbox"])
        .output()
        .unwrap();
    let entries: Value = serde_json::from_slice(&journal.stdout).unwrap();
    let text = entries.to_string();
    assert!(text.contains("112233"), "{text}");
    assert!(text.contains("approved"), "{text}");
    assert!(
        !root
            .path()
            .join("data/certwiz/drafts/autosave.json")
            .exists()
    );

    // The same answers again: the journal names the first order, and only `yes` sends another.
    let again = certwiz(root.path())
        .args(["--plain", "--sandbox"])
        .write_stdin(answers("y\nno"))
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&again.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&again.stderr).into_owned();
    assert_eq!(again.status.code(), Some(5), "{stdout}\n{stderr}");
    assert!(
        stderr.contains("this order was submitted before"),
        "{stderr}"
    );
    assert!(
        stdout.contains("Place a SECOND order of this draft, although attempt "),
        "{stdout}"
    );
    assert_eq!(stored(root.path()), 1, "no second order");

    // Input that ends at that question is input that could not be read, as at every other
    // question (exit 2), not a "no" (it exited 5). (--new: the declined run above kept its
    // answers as the autosave, which would be offered first.)
    let ended = certwiz(root.path())
        .args(["--plain", "--sandbox", "--new"])
        .write_stdin(answers("y"))
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&ended.stderr).into_owned();
    assert_eq!(ended.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("the input ended before the question was answered; nothing was sent"),
        "{stderr}"
    );
    assert_eq!(stored(root.path()), 1, "no second order");
}

#[test]
fn plain_declined_places_nothing_and_the_next_start_resumes_the_answers() {
    let root = tempfile::tempdir().unwrap();
    let output = certwiz(root.path())
        .args(["--plain", "--sandbox"])
        .write_stdin(answers("n"))
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert_eq!(output.status.code(), Some(5), "{stdout}");
    assert!(stdout.contains("not placed"), "{stdout}");
    assert_eq!(stored(root.path()), 0);

    // TERM=dumb alone starts plain mode; it offers the autosave, and every answer is kept.
    let mut resumed = String::from("y\n");
    resumed.push_str(&"\n".repeat(DOCUMENTED.len() - 2));
    resumed.push_str("\ny\n");
    let output = certwiz(root.path())
        .env("TERM", "dumb")
        .arg("--sandbox")
        .write_stdin(resumed)
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert_eq!(output.status.code(), Some(0), "{stdout}");
    assert!(stdout.contains("Resume the draft saved"), "{stdout}");
    assert!(stdout.contains("Full name * [Rene Pierce]: "), "{stdout}");
    let expected: Value = serde_json::from_str(FIXTURE).unwrap();
    assert_eq!(previewed(&stdout), expected, "{stdout}");
    assert_eq!(stored(root.path()), 1);
}

#[test]
fn plain_true_in_config_starts_plain_mode_and_input_that_ends_sends_nothing() {
    let root = tempfile::tempdir().unwrap();
    let config = root.path().join("config/certwiz");
    std::fs::create_dir_all(&config).unwrap();
    std::fs::write(config.join("config.toml"), "plain = true\n").unwrap();
    let output = certwiz(root.path())
        .arg("--sandbox")
        .write_stdin("\n21\n")
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    // Input that ends early is not a "declined" (5): it is input that could not be read (2).
    assert_eq!(output.status.code(), Some(2), "{stdout}\n{stderr}");
    assert!(stderr.contains("the input ended"), "{stderr}");
    assert!(stdout.contains("Server platform * [-1]: 21"), "{stdout}");
    assert!(stderr.contains("nothing was sent"), "{stderr}");
    assert_eq!(stored(root.path()), 0);
}

/// Ctrl-C while plain mode follows the order it placed stops following, as the line it prints
/// says. Placing it listened to the signals (a signal during the POST records an unknown
/// outcome), and the process stayed deaf to them afterwards: Ctrl-C and SIGTERM did nothing,
/// and an order that never became final could only be stopped with SIGKILL.
#[test]
fn plain_stops_following_on_ctrl_c() {
    use std::io::Write as _;
    use std::process::Stdio;
    let root = tempfile::tempdir().unwrap();
    let printed = root.path().join("stdout.txt");
    let mut cmd = StdCommand::new(assert_cmd::cargo::cargo_bin!("certwiz"));
    isolate_inherited(&mut cmd, root.path());
    // The sandbox's order stays pending for ten minutes: following would not end by itself.
    cmd.env("CERTWIZ_SANDBOX_STEP_MS", "600000")
        .env("TERM", "xterm")
        .args(["--plain", "--sandbox"])
        .stdin(Stdio::piped())
        .stdout(std::fs::File::create(&printed).unwrap())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(answers("y").as_bytes())
        .unwrap();
    wait_until("plain mode following the order", || {
        std::fs::read_to_string(&printed)
            .unwrap_or_default()
            .contains("following order 112233")
    });
    std::thread::sleep(Duration::from_millis(300));
    let sent = StdCommand::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(sent.success());
    let mut status = None;
    wait_until("plain mode to stop on SIGINT", || {
        status = child.try_wait().unwrap();
        status.is_some()
    });
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert_eq!(status.unwrap().code(), Some(130), "{stderr}");
    assert!(
        stderr.contains("stopped following order 112233 (signal 2)"),
        "{stderr}"
    );
    assert_eq!(stored(root.path()), 1, "placed once");
}
