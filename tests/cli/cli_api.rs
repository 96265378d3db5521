//! The commands that talk to CertCentral, run as the real binary against the sandbox.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command as StdCommand, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use crate::support::isolate_inherited;
use assert_cmd::Command;
use serde_json::Value;

const REQUEST: &str = "tests/fixtures/documented-order-request.json";
const PENDING: &str = include_str!("../fixtures/documented-order-response-pending.json");

fn binary() -> PathBuf {
    assert_cmd::cargo::cargo_bin!("certwiz").to_path_buf()
}

fn certwiz(root: &Path) -> Command {
    let mut std = StdCommand::new(binary());
    isolate_inherited(&mut std, root);
    Command::from_std(std)
}

/// `certwiz sandbox` as a child process, killed when dropped.
struct SandboxProcess {
    child: Child,
    base_url: String,
}

impl SandboxProcess {
    fn start(root: &Path, extra_env: &[(&str, &str)]) -> SandboxProcess {
        let mut cmd = StdCommand::new(binary());
        isolate_inherited(&mut cmd, root);
        for (k, v) in extra_env {
            cmd.env(k, v);
        }
        let mut child = cmd
            .args(["sandbox", "--step-ms", "200"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            // Keeps reading after the URL is found, so the sandbox never writes to a closed pipe.
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        let mut process = SandboxProcess {
            child,
            base_url: String::new(),
        };
        loop {
            let line = rx
                .recv_timeout(Duration::from_secs(20))
                .expect("the sandbox prints its base URL");
            if let Some(url) = line.strip_prefix("base URL: ") {
                process.base_url = url.trim().to_owned();
                return process;
            }
        }
    }
}

impl Drop for SandboxProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn stdout_of(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr_of(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn documented_curl_example_then_status_watch_follows_to_approved() {
    let root = tempfile::tempdir().unwrap();
    let sandbox = SandboxProcess::start(root.path(), &[]);
    let order_url = format!(
        "{}/order/certificate/document_signing_org_1",
        sandbox.base_url
    );
    let curl = StdCommand::new("curl")
        .args(["-sS", "-X", "POST", &order_url])
        .args([
            "-H",
            "X-DC-DEVKEY: any-key",
            "-H",
            "Content-Type: application/json",
        ])
        .args(["--data-binary", &format!("@{REQUEST}")])
        .output()
        .unwrap();
    assert!(curl.status.success(), "{}", stderr_of(&curl));
    let answer: Value = serde_json::from_slice(&curl.stdout).unwrap();
    assert_eq!(answer, serde_json::from_str::<Value>(PENDING).unwrap());

    let other = tempfile::tempdir().unwrap();
    let output = certwiz(other.path())
        .env("DIGICERT_API_KEY", "any")
        .args([
            "status",
            "112233",
            "--watch",
            "--api-url",
            &sandbox.base_url,
        ])
        .timeout(Duration::from_secs(30))
        .output()
        .unwrap();
    let out = stdout_of(&output);
    assert!(output.status.success(), "{out}\n{}", stderr_of(&output));
    assert!(out.contains("request 113: pending"), "{out}");
    assert!(
        out.contains("request 113: approved, certificate 113"),
        "{out}"
    );
    assert!(out.contains("approved: certificate 113"), "{out}");
    assert!(stderr_of(&output).contains("LIVE http://127.0.0.1:"));
}

#[test]
fn the_key_never_appears_in_command_output() {
    const KEY: &str = "RECOGNISABLE-CLI-KEY-31337";
    let root = tempfile::tempdir().unwrap();
    let sandbox = SandboxProcess::start(
        root.path(),
        &[("CERTWIZ_SANDBOX_FAULTS", "order_info=401x*")],
    );
    let output = certwiz(root.path())
        .env("DIGICERT_API_KEY", KEY)
        .args(["status", "112233", "--api-url", &sandbox.base_url])
        .timeout(Duration::from_secs(30))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(3));
    let all = format!("{}{}", stdout_of(&output), stderr_of(&output));
    assert!(all.contains("The API key is not valid"), "{all}");
    assert!(!all.contains(KEY), "{all}");
}

#[test]
fn submit_uses_the_embedded_sandbox_and_the_order_is_followed_in_the_next_run() {
    let root = tempfile::tempdir().unwrap();
    let output = certwiz(root.path())
        .env("CERTWIZ_SANDBOX_STEP_MS", "100")
        .args(["submit", REQUEST, "--yes"])
        .timeout(Duration::from_secs(30))
        .output()
        .unwrap();
    let out = stdout_of(&output);
    assert!(output.status.success(), "{out}\n{}", stderr_of(&output));
    assert!(
        stderr_of(&output).contains("SANDBOX (embedded, nothing is ordered for real)"),
        "{}",
        stderr_of(&output)
    );
    assert!(out.contains("order 112233 placed"), "{out}");
    assert!(out.contains("request 113: pending"), "{out}");
    assert!(
        root.path()
            .join("data/certwiz/sandbox/orders.json")
            .exists()
    );

    let output = certwiz(root.path())
        .env("CERTWIZ_SANDBOX_STEP_MS", "100")
        .args(["status", "112233", "--watch", "--json"])
        .timeout(Duration::from_secs(30))
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    let last: Value = serde_json::from_str(stdout_of(&output).lines().last().unwrap()).unwrap();
    assert_eq!(last["request_status"], "approved");
    assert_eq!(last["certificate_id"], 113);
    assert_eq!(last["is_final"], true);
}

#[test]
fn submit_refuses_without_a_terminal_and_refuses_invalid_orders() {
    let root = tempfile::tempdir().unwrap();
    let output = certwiz(root.path())
        .args(["submit", REQUEST])
        .write_stdin("y\n")
        .timeout(Duration::from_secs(30))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr_of(&output).contains("--yes"));

    let mut body: Value = serde_json::from_str(&std::fs::read_to_string(REQUEST).unwrap()).unwrap();
    body["validity_years"] = Value::from(9);
    let file = root.path().join("bad.json");
    std::fs::write(&file, body.to_string()).unwrap();
    let output = certwiz(root.path())
        .args(["submit", file.to_str().unwrap(), "--yes"])
        .timeout(Duration::from_secs(30))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr_of(&output).contains("validity_years"),
        "{}",
        stderr_of(&output)
    );
    assert!(stderr_of(&output).contains("nothing was sent"));
    assert!(
        !root
            .path()
            .join("data/certwiz/sandbox/orders.json")
            .exists()
    );
}

#[test]
fn a_dropped_order_post_is_outcome_unknown_and_the_order_can_be_looked_up() {
    let root = tempfile::tempdir().unwrap();
    let output = certwiz(root.path())
        .env("CERTWIZ_SANDBOX_FAULTS", "place_order=drop")
        .args(["submit", REQUEST, "--yes"])
        .timeout(Duration::from_secs(30))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(4), "{}", stderr_of(&output));
    assert!(
        stderr_of(&output).contains("Do not send it again"),
        "{}",
        stderr_of(&output)
    );
    let output = certwiz(root.path())
        .args(["status", "112233"])
        .timeout(Duration::from_secs(30))
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    assert!(
        stdout_of(&output).contains("order 112233"),
        "the order exists"
    );
}

#[test]
fn reject_and_cancel_end_the_watch_with_a_failure_code() {
    let root = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        certwiz(root.path())
            .env("CERTWIZ_SANDBOX_STEP_MS", "60000")
            .args(args)
            .timeout(Duration::from_secs(30))
            .output()
            .unwrap()
    };
    assert!(run(&["submit", REQUEST, "--yes"]).status.success());
    // The same draft again is a second order on purpose.
    assert!(
        run(&["submit", REQUEST, "--yes", "--allow-duplicate"])
            .status
            .success()
    );
    let rejected = run(&["reject", "113", "--comment", "no budget"]);
    assert!(rejected.status.success(), "{}", stderr_of(&rejected));
    let watched = run(&["status", "112233", "--watch"]);
    assert_eq!(watched.status.code(), Some(1));
    assert!(
        stdout_of(&watched).contains("rejected: no budget"),
        "{}",
        stdout_of(&watched)
    );
    let again = run(&["approve", "113"]);
    assert_eq!(again.status.code(), Some(3), "already decided");
    // The refusal is said once, as `certwiz: ...`, after the endpoint line.
    let said = stderr_of(&again);
    let lines: Vec<&str> = said.lines().collect();
    assert_eq!(lines.len(), 2, "{said}");
    assert!(lines[0].starts_with("certwiz: endpoint: "), "{said}");
    assert!(lines[1].starts_with("certwiz: "), "{said}");
    assert!(
        run(&["cancel", "112234", "--note", "mistake"])
            .status
            .success()
    );
    let watched = run(&["status", "112234", "--watch"]);
    assert_eq!(watched.status.code(), Some(1));
    assert!(stdout_of(&watched).contains("canceled"));
    let missing = run(&["reject", "113"]);
    assert_eq!(missing.status.code(), Some(2), "reject needs --comment");
}

#[test]
fn help_explains_exit_codes_and_the_sandbox() {
    let root = tempfile::tempdir().unwrap();
    for (command, expected) in [
        ("submit", "outcome is unknown"),
        ("status", "rejected, canceled"),
        ("sandbox", "CERTWIZ_SANDBOX_FAULTS"),
    ] {
        let output = certwiz(root.path())
            .args([command, "--help"])
            .output()
            .unwrap();
        // Help is wrapped to the terminal's width: compare with single spaces.
        let out = stdout_of(&output)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        assert!(out.contains(expected), "{command}: {out}");
    }
}

/// Runs `certwiz submit` in a pseudo-terminal, answers its question, returns (screen text, code).
fn submit_on_a_terminal(root: &Path, answer: &str) -> (String, u32) {
    use portable_pty::{CommandBuilder, PtySize, native_pty_system};
    use std::io::{Read, Write};
    let pair = native_pty_system()
        .openpty(PtySize {
            rows: 40,
            cols: 120,
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
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut buf = [0u8; 4096];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 || tx.send(buf[..n].to_vec()).is_err() {
                break;
            }
        }
    });
    let mut screen = String::new();
    let wait_for = |screen: &mut String, text: &str| {
        let deadline = std::time::Instant::now() + Duration::from_secs(20);
        while !screen.contains(text) {
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            match rx.recv_timeout(left) {
                Ok(bytes) => screen.push_str(&String::from_utf8_lossy(&bytes)),
                Err(_) => panic!("{text:?} never appeared in:\n{screen}"),
            }
        }
    };
    wait_for(&mut screen, "[y/N]");
    writer.write_all(answer.as_bytes()).unwrap();
    writer.flush().unwrap();
    let status = child.wait().unwrap();
    while let Ok(bytes) = rx.recv_timeout(Duration::from_millis(200)) {
        screen.push_str(&String::from_utf8_lossy(&bytes));
    }
    (screen, status.exit_code())
}

#[test]
fn submit_asks_on_a_terminal_naming_the_endpoint() {
    let root = tempfile::tempdir().unwrap();
    let (screen, code) = submit_on_a_terminal(root.path(), "n\n");
    assert!(
        screen.contains("Place this order on SANDBOX (embedded, nothing is ordered for real)?"),
        "{screen}"
    );
    assert!(screen.contains("document_signing_org_1"), "{screen}");
    assert!(screen.contains("validity: 2 year"), "{screen}");
    assert!(screen.contains("payment:  balance"), "{screen}");
    assert_eq!(code, 5, "declined: {screen}");
    assert!(screen.contains("not placed"), "{screen}");

    let (screen, code) = submit_on_a_terminal(root.path(), "y\n");
    assert_eq!(code, 0, "{screen}");
    assert!(
        screen.contains("order 112233 placed"),
        "the declined one was never sent: {screen}"
    );
}

#[test]
fn validate_with_the_account_refuses_an_unknown_organization_at_its_field() {
    let root = tempfile::tempdir().unwrap();
    let mut body: Value = serde_json::from_str(&std::fs::read_to_string(REQUEST).unwrap()).unwrap();
    body["organization"]["id"] = Value::from(999);
    let file = root.path().join("order.json");
    std::fs::write(&file, body.to_string()).unwrap();
    // Offline, the id is a valid id.
    let output = certwiz(root.path())
        .args(["validate", file.to_str().unwrap()])
        .timeout(Duration::from_secs(30))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stdout_of(&output));
    // Against the account (the embedded sandbox), it is not one of its organizations.
    let output = certwiz(root.path())
        .args(["validate", file.to_str().unwrap(), "--account"])
        .timeout(Duration::from_secs(30))
        .output()
        .unwrap();
    let out = stdout_of(&output);
    assert_eq!(output.status.code(), Some(1), "{out}");
    assert!(
        out.contains("organization.id: Organization 999 is not an organization of this account"),
        "{out}"
    );
    // submit refuses it before sending: nothing is stored.
    let output = certwiz(root.path())
        .args(["submit", file.to_str().unwrap(), "--yes"])
        .timeout(Duration::from_secs(30))
        .output()
        .unwrap();
    let err = stderr_of(&output);
    assert_eq!(output.status.code(), Some(1), "{err}");
    assert!(err.contains("nothing was sent"), "{err}");
    assert_eq!(crate::support::stored(root.path()), 0);
}

#[test]
fn an_invalid_key_is_reported_as_invalid() {
    let root = tempfile::tempdir().unwrap();
    let output = certwiz(root.path())
        .env("CERTWIZ_SANDBOX_FAULTS", "organizations=bad_key")
        .args(["validate", REQUEST, "--account"])
        .timeout(Duration::from_secs(30))
        .output()
        .unwrap();
    let err = stderr_of(&output);
    assert_eq!(output.status.code(), Some(3), "{err}");
    assert!(err.contains("The API key is not valid"), "{err}");
    assert!(
        err.contains("\"Access denied due to access_denied_invalid_key.\""),
        "DigiCert's words: {err}"
    );
}

/// An attempt of unknown outcome sent with --api-url: every command certwiz advises to settle
/// it names that --api-url (without it, the command would go to CertCentral instead).
#[test]
fn settle_advice_keeps_the_api_url_the_order_went_to() {
    let root = tempfile::tempdir().unwrap();
    let sandbox = SandboxProcess::start(
        root.path(),
        &[("CERTWIZ_SANDBOX_FAULTS", "place_order=drop")],
    );
    let url = sandbox.base_url.as_str();
    let run = |args: &[&str]| {
        certwiz(root.path())
            .env("DIGICERT_API_KEY", "any")
            .args(args)
            .args(["--api-url", url])
            .timeout(Duration::from_secs(30))
            .output()
            .unwrap()
    };
    let sent = run(&["submit", REQUEST, "--yes"]);
    assert_eq!(sent.status.code(), Some(4), "{}", stderr_of(&sent));
    let listed = run(&["orders", "--json"]);
    let entries: Value = serde_json::from_slice(&listed.stdout).unwrap();
    let attempt = entries[0]["attempt_id"].as_str().unwrap().to_owned();
    let err = stderr_of(&sent);
    for advice in [
        format!("`certwiz orders settle {attempt} --api-url {url}`"),
        format!("`certwiz orders settle {attempt} --order-id N --api-url {url}`"),
        format!("`certwiz orders settle {attempt} --not-placed --api-url {url}`"),
    ] {
        assert!(err.contains(&advice), "{advice}\n{err}");
    }
    let settle = run(&["orders", "settle", &attempt]);
    let out = stdout_of(&settle);
    assert_eq!(settle.status.code(), Some(0), "{out}{}", stderr_of(&settle));
    assert!(
        out.contains(&format!(
            "certwiz orders settle {attempt} --order-id N --api-url {url}"
        )),
        "{out}"
    );
    assert!(
        out.contains(&format!(
            "certwiz orders settle {attempt} --not-placed --api-url {url}"
        )),
        "{out}"
    );
    let listed = stdout_of(&run(&["orders"]));
    assert!(listed.contains(&format!("--api-url {url}")), "{listed}");
}
