//! Secret hygiene: with a recognisable API key, certwiz talks to a standalone sandbox as LIVE
//! and runs submit, preview --curl, the wizard's exports, status --watch, the orders list and
//! forced errors (a refused POST, a refused status read, an order with errors, a refused
//! connection). Then every file under the temporary HOME and XDG folders (journal, sandbox
//! state, exports, log if any) and every byte of output is scanned: the key appears nowhere.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::support::{PGDN, Session, certwiz, isolate_std};

const REQUEST: &str = "tests/fixtures/documented-order-request.json";

fn binary() -> &'static str {
    env!("CARGO_BIN_EXE_certwiz")
}

fn isolate(cmd: &mut Command, root: &Path) {
    isolate_std(cmd, root);
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"));
}

/// `certwiz sandbox` on a free port, sharing the temporary folders; its output is kept.
struct Sandbox {
    child: Child,
    url: String,
    output: Arc<Mutex<String>>,
}

impl Sandbox {
    fn start(root: &Path, faults: &str) -> Sandbox {
        let mut cmd = Command::new(binary());
        isolate(&mut cmd, root);
        let mut child = cmd
            .env("CERTWIZ_SANDBOX_FAULTS", faults)
            .args(["sandbox", "--port", "0", "--step-ms", "200"])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let output = Arc::new(Mutex::new(String::new()));
        let mut err = child.stderr.take().unwrap();
        let sink = Arc::clone(&output);
        std::thread::spawn(move || {
            let mut text = String::new();
            let _ = err.read_to_string(&mut text);
            sink.lock().unwrap().push_str(&text);
        });
        let (tx, rx) = std::sync::mpsc::channel();
        let out = child.stdout.take().unwrap();
        let sink = Arc::clone(&output);
        std::thread::spawn(move || {
            for line in BufReader::new(out).lines() {
                let Ok(line) = line else { break };
                if let Some(url) = line.strip_prefix("base URL: ") {
                    let _ = tx.send(url.trim().to_owned());
                }
                sink.lock().unwrap().push_str(&line);
            }
        });
        let url = rx.recv_timeout(Duration::from_secs(20)).unwrap();
        Sandbox { child, url, output }
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn run(root: &Path, key: &str, args: &[&str]) -> Output {
    let mut cmd = Command::new(binary());
    isolate(&mut cmd, root);
    cmd.env("DIGICERT_API_KEY", key)
        .args(args)
        .stdin(Stdio::null());
    crate::support::run_to_end(&mut cmd, &format!("certwiz {args:?}"))
}

fn files_under(dir: &Path, found: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files_under(&path, found);
        } else {
            found.push(path);
        }
    }
}

/// The wizard on LIVE: Review's curl and JSON exports, written into `root`.
fn wizard_exports(root: &Path, key: &str, url: &str) -> String {
    let mut cmd = certwiz(root);
    cmd.env("DIGICERT_API_KEY", key);
    cmd.args(["--api-url", url]);
    let mut s = Session::spawn(cmd, 40, 120);
    s.wait_for(&["LIVE", "1/8 Certificate"]);
    for _ in 0..5 {
        s.send(PGDN);
    }
    s.wait_for(&["6/8 Review"]);
    for (key, file) in [("c", "order.curl.sh"), ("e", "order.json")] {
        s.send(key);
        s.wait_for(&["Export"]);
        // The prompt may hold a suggested path: clear it (Ctrl-U), then type ours.
        s.send("\x15");
        s.type_text(&root.join(file).display().to_string());
        s.send("\r");
        s.wait_for(&["Written to"]);
    }
    s.send("q");
    s.wait_exit();
    s.output()
}

#[test]
fn the_api_key_appears_in_no_file_and_no_output() {
    let root = tempfile::tempdir().unwrap();
    let r = root.path();
    let key = format!("CERTWIZ-SECRET-{:016x}", fastrand::u64(..));
    // The first POST and the first order read are refused, to force errors.
    let sandbox = Sandbox::start(r, "place_order=401,order_info=403");
    let url = sandbox.url.clone();
    let mut said = String::new();
    // Runs certwiz against the sandbox (or `url` when given), checks its exit code, keeps its
    // output.
    let mut step = |args: &[&str], code: i32| {
        let mut all: Vec<&str> = args.to_vec();
        if !args.contains(&"--api-url") && args[0] != "orders" {
            all.extend(["--api-url", url.as_str()]);
        }
        let output = run(r, &key, &all);
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        assert_eq!(output.status.code(), Some(code), "{all:?}: {text}");
        said.push_str(&text);
        text
    };

    let text = step(&["preview", REQUEST, "--curl"], 0);
    assert!(text.contains("$DIGICERT_API_KEY"), "{text}");
    let text = step(&["submit", REQUEST, "--yes"], 3);
    assert!(text.contains("The API key is not valid"), "{text}");
    let text = step(&["submit", REQUEST, "--yes"], 0);
    assert!(
        text.contains("LIVE") && text.contains("order 112233 placed"),
        "{text}"
    );
    let text = step(&["status", "112233"], 3);
    assert!(text.contains("lacks the permission"), "{text}");
    let text = step(&["status", "112233", "--watch"], 0);
    assert!(text.contains("approved"), "{text}");
    step(&["orders"], 0);
    let bad = r.join("bad.json");
    std::fs::write(&bad, r#"{"certificate": {"csr": "not a csr"}}"#).unwrap();
    let bad = bad.display().to_string();
    let text = step(&["submit", &bad, "--yes"], 1);
    assert!(!text.is_empty());
    // Nothing listens on port 9 of loopback: a transport error names the URL, not the key.
    step(
        &[
            "status",
            "112233",
            "--api-url",
            "http://127.0.0.1:9/services/v2",
        ],
        3,
    );

    let screen = wizard_exports(r, &key, &url);
    let curl = std::fs::read_to_string(r.join("order.curl.sh")).unwrap();
    assert!(curl.contains("$DIGICERT_API_KEY"), "{curl}");
    assert!(r.join("order.json").exists());
    drop(sandbox_output_after_stop(sandbox, &mut said));

    let mut files = Vec::new();
    files_under(r, &mut files);
    let journal = r.join("data/certwiz/orders.db");
    assert!(files.contains(&journal), "no journal among {files:?}");
    for file in &files {
        let bytes = std::fs::read(file).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains(&key), "the key is in {}", file.display());
    }
    assert!(!said.contains(&key), "the key is in the output:\n{said}");
    assert!(!screen.contains(&key), "the key is on the wizard's screen");
}

/// Stops the sandbox and adds what it printed to `said`.
fn sandbox_output_after_stop(mut sandbox: Sandbox, said: &mut String) -> Sandbox {
    let _ = sandbox.child.kill();
    let _ = sandbox.child.wait();
    said.push_str(&sandbox.output.lock().unwrap());
    sandbox
}
