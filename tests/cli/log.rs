//! The log (`certwiz.log` in the data folder): after a full run against a standalone sandbox with
//! a recognisable API key and the documented example's personal data, the log holds each call's
//! method, path, status and DigiCert's error codes, the retries and the journal's decisions, is
//! 0600, and holds neither the key nor any of the personal data. `--log-file` and `CERTWIZ_LOG`
//! choose the file and the level.
//!
//! Self-contained (no shared test support), so it can move with the test layout.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::{BufRead, BufReader};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::Duration;

const REQUEST: &str = "tests/fixtures/documented-order-request.json";

fn binary() -> &'static str {
    env!("CARGO_BIN_EXE_certwiz")
}

/// certwiz with an empty environment but PATH, its folders under `root`.
fn certwiz(root: &Path) -> Command {
    let mut cmd = Command::new(binary());
    cmd.env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("HOME", root)
        .env("XDG_DATA_HOME", root.join("data"))
        .env("XDG_CONFIG_HOME", root.join("config"))
        .env("XDG_STATE_HOME", root.join("state"))
        .env("XDG_CACHE_HOME", root.join("cache"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::null());
    cmd
}

/// `certwiz sandbox` on a free port, killed when dropped.
struct Sandbox {
    child: Child,
    url: String,
}

impl Sandbox {
    fn start(root: &Path, faults: &str) -> Sandbox {
        let mut child = certwiz(root)
            .env("CERTWIZ_SANDBOX_FAULTS", faults)
            .args(["sandbox", "--port", "0", "--step-ms", "200"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let out = child.stdout.take().unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(out).lines().map_while(Result::ok) {
                if let Some(url) = line.strip_prefix("base URL: ") {
                    let _ = tx.send(url.trim().to_owned());
                }
            }
        });
        let url = rx.recv_timeout(Duration::from_secs(20)).unwrap();
        Sandbox { child, url }
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Runs a command to its end (60 s at most).
fn run(mut cmd: Command) -> Output {
    crate::support::run_to_end(&mut cmd, "certwiz")
}

fn text(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

fn log_file(root: &Path) -> PathBuf {
    root.join("data/certwiz/certwiz.log")
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

/// Every string in the documented example that is personal data (or free text).
fn personal_data() -> Vec<String> {
    let body: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(REQUEST).unwrap()).unwrap();
    let mut found = Vec::new();
    for (object, keys) in [
        ("subject", &["name", "job_title", "phone", "email"][..]),
        ("ship_info", &["name", "addr1", "addr2", "city", "zip"][..]),
    ] {
        for key in keys {
            found.push(body[object][key].as_str().unwrap().to_owned());
        }
    }
    found.push(body["comments"].as_str().unwrap().to_owned());
    found
}

#[test]
fn a_full_run_logs_calls_and_decisions_but_no_key_and_no_personal_data() {
    let root = tempfile::tempdir().unwrap();
    let r = root.path();
    let key = format!("CERTWIZ-LOGKEY-{:016x}", fastrand::u64(..));
    // The first order read fails, so a retry is logged.
    let sandbox = Sandbox::start(r, "order_info=500");
    let step = |args: &[&str], code: i32| {
        let mut cmd = certwiz(r);
        cmd.env("CERTWIZ_LOG", "debug")
            .env("DIGICERT_API_KEY", &key)
            .args(args);
        if args[0] != "orders" {
            cmd.args(["--api-url", &sandbox.url]);
        }
        let output = run(cmd);
        assert_eq!(
            output.status.code(),
            Some(code),
            "{args:?}: {}",
            text(&output)
        );
    };
    step(&["submit", REQUEST, "--yes"], 0);
    step(&["status", "112233", "--watch"], 0);
    step(&["status", "112233"], 0);
    step(&["orders"], 0);
    step(&["status", "999"], 3);
    drop(sandbox);

    let path = log_file(r);
    let log = std::fs::read_to_string(&path).unwrap();
    assert_eq!(mode(&path), 0o600);
    for line in [
        "POST order/certificate/document_signing_org_1 -> 201",
        "GET order/certificate/112233 -> 500",
        "GET order/certificate/112233: retry 1",
        "GET order/certificate/112233 -> 200",
        "GET order/certificate/999 -> 404",
        "errors [not_found|order]",
        "recorded as sending, before the order is sent",
        "placed: order 112233",
        "journal: order 112233 now issued",
    ] {
        assert!(log.contains(line), "{line:?} is not in the log:\n{log}");
    }
    assert!(!log.contains(&key), "the key is in the log");
    for value in personal_data() {
        assert!(!log.contains(&value), "{value:?} is in the log:\n{log}");
    }
    assert!(!log.contains('\x1b'), "no terminal colours");
}

#[test]
fn log_file_and_level_are_chosen_by_option_and_variable() {
    let root = tempfile::tempdir().unwrap();
    let r = root.path();
    let sandbox = Sandbox::start(r, "");
    let chosen = r.join("chosen.log");
    let mut cmd = certwiz(r);
    cmd.env("CERTWIZ_LOG", "debug")
        .env("DIGICERT_API_KEY", "k")
        .args(["status", "4", "--api-url", &sandbox.url])
        .arg("--log-file")
        .arg(&chosen);
    assert_eq!(run(cmd).status.code(), Some(3));
    let log = std::fs::read_to_string(&chosen).unwrap();
    assert!(log.contains("GET order/certificate/4 -> 404"), "{log}");
    assert_eq!(mode(&chosen), 0o600);
    assert!(!log_file(r).exists(), "only the chosen file");

    // Off: nothing written.
    let mut cmd = certwiz(r);
    cmd.env("CERTWIZ_LOG", "off")
        .env("DIGICERT_API_KEY", "k")
        .args(["status", "4", "--api-url", &sandbox.url]);
    assert_eq!(run(cmd).status.code(), Some(3));
    assert!(!log_file(r).exists());

    // By default (info) a refusal is logged, a success is not.
    let mut cmd = certwiz(r);
    cmd.env("DIGICERT_API_KEY", "k")
        .args(["status", "4", "--api-url", &sandbox.url]);
    assert_eq!(run(cmd).status.code(), Some(3));
    let log = std::fs::read_to_string(log_file(r)).unwrap();
    assert!(log.contains("-> 404"), "{log}");
    assert!(!log.contains("DEBUG"), "{log}");

    // A level that is not one, and a file that cannot be written, are refused.
    let mut cmd = certwiz(r);
    cmd.env("CERTWIZ_LOG", "loud").args(["fields"]);
    let output = run(cmd);
    assert_eq!(output.status.code(), Some(2));
    assert!(text(&output).contains("CERTWIZ_LOG"), "{}", text(&output));
    let mut cmd = certwiz(r);
    cmd.args(["fields", "--log-file"])
        .arg(r.join("no/such/folder/x.log"));
    let output = run(cmd);
    assert_eq!(output.status.code(), Some(2));
    assert!(text(&output).contains("log file"), "{}", text(&output));
}

#[test]
fn commands_that_log_nothing_leave_no_file() {
    let root = tempfile::tempdir().unwrap();
    let mut cmd = certwiz(root.path());
    cmd.env("CERTWIZ_LOG", "debug").args(["validate", REQUEST]);
    assert_eq!(run(cmd).status.code(), Some(0));
    assert!(!log_file(root.path()).exists());
}

#[test]
fn a_log_that_cannot_be_written_stays_off_the_screen() {
    let root = tempfile::tempdir().unwrap();
    let r = root.path();
    let sandbox = Sandbox::start(r, "");
    // A folder where the log file should be: every write fails.
    std::fs::create_dir_all(log_file(r)).unwrap();
    let mut cmd = certwiz(r);
    cmd.env("CERTWIZ_LOG", "debug")
        .env("DIGICERT_API_KEY", "k")
        .args(["status", "4", "--api-url", &sandbox.url]);
    let output = run(cmd);
    assert_eq!(output.status.code(), Some(3), "{}", text(&output));
    let said = text(&output);
    assert!(
        said.contains("No order 4") || said.contains("not found"),
        "{said}"
    );
    assert!(!said.to_lowercase().contains("tracing"), "{said}");
    assert!(!said.contains("Unable to write"), "{said}");
}

#[test]
fn the_trackers_back_offs_are_logged_without_personal_data() {
    let root = tempfile::tempdir().unwrap();
    let r = root.path();
    let key = format!("CERTWIZ-LOGKEY-{:016x}", fastrand::u64(..));
    // Status changes are refused, so the tracker polls the order itself; its first read is
    // unreadable (not retried by the client), so the tracker backs off and reads it again.
    let sandbox = Sandbox::start(r, "status_changes=403,order_info=malformed");
    for (args, code) in [
        (&["submit", REQUEST, "--yes"][..], 0),
        (&["status", "112233", "--watch"][..], 0),
    ] {
        let mut cmd = certwiz(r);
        cmd.env("CERTWIZ_LOG", "debug")
            .env("DIGICERT_API_KEY", &key)
            .args(args)
            .args(["--api-url", &sandbox.url]);
        let output = run(cmd);
        assert_eq!(
            output.status.code(),
            Some(code),
            "{args:?}: {}",
            text(&output)
        );
    }
    drop(sandbox);
    let log = std::fs::read_to_string(log_file(r)).unwrap();
    for line in [
        "tracker: GET order/certificate/status-changes -> 403 (MissingPermission): polling each order, asking again in 600 s",
        "tracker: GET order/certificate/112233 -> Unreadable: backing off, next poll of order 112233 in ",
    ] {
        assert!(log.contains(line), "{line:?} is not in the log:\n{log}");
    }
    assert!(!log.contains(&key), "the key is in the log");
    for value in personal_data() {
        assert!(!log.contains(&value), "{value:?} is in the log:\n{log}");
    }
}
