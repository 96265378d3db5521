//! Output that cannot be written is no panic (std's `println!`/`eprintln!` panic then: exit 101,
//! "failed printing to stdout"; certwiz's `outln!`/`errln!` do not). A reader that goes away
//! (`certwiz orders | head -1`, `certwiz ... 2>&1 | head`, quitting `less`): the command finishes
//! its work, says nothing more, and exits with the code of that work. Standard output that
//! cannot take it (`> /dev/full`): the command says so, and a success exits 2.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;
use std::process::{Command, Output, Stdio};

use crate::support::{isolate_inherited, run_to_end, run_within};

/// certwiz with only the temporary folders of `root` for its files, and no input.
fn certwiz(root: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_certwiz"));
    isolate_inherited(&mut cmd, root);
    cmd.stdin(Stdio::null());
    cmd
}

/// certwiz in `root` run with `args` to its end (60 s at most), both streams captured.
fn read_to_end(root: &Path, args: &[&str]) -> Output {
    run_to_end(certwiz(root).args(args), &format!("{args:?}"))
}

/// `cmd` run to its end (60 s at most) with standard output `/dev/full` (every write fails with
/// ENOSPC), standard error captured; it must not panic.
fn into_full_disk(cmd: &mut Command) -> Output {
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let what = format!("{:?} into /dev/full", cmd.get_args().collect::<Vec<_>>());
    let o = run_within(cmd.stdout(full).stderr(Stdio::piped()), &what);
    no_panic(&o, &what);
    o
}

/// `cmd` run to its end (60 s at most) with standard output a pipe nobody reads any more (its
/// reading end closed before certwiz starts, so every write fails with EPIPE); standard error
/// that pipe too with `both`, else captured. It must not panic.
fn with_closed_output(cmd: &mut Command, both: bool) -> Output {
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let stderr = if both {
        Stdio::from(writer.try_clone().unwrap())
    } else {
        Stdio::piped()
    };
    let what = format!(
        "{:?} with nobody reading",
        cmd.get_args().collect::<Vec<_>>()
    );
    let o = run_within(cmd.stdout(writer).stderr(stderr), &what);
    no_panic(&o, &what);
    o
}

fn no_panic(o: &Output, what: &str) {
    let err = String::from_utf8_lossy(&o.stderr);
    assert_ne!(o.status.code(), Some(101), "{what} panicked: {err}");
    assert!(!err.contains("panicked"), "{what}: {err}");
}

const REQUEST: &str = "tests/fixtures/documented-order-request.json";

/// Commands that print on standard output, offline or against the embedded sandbox.
const PRINTING: [&[&str]; 17] = [
    &["orders"],
    &["orders", "--json"],
    &["--version"],
    &["completions", "bash"],
    &["man"],
    &["validate", REQUEST],
    &["validate", REQUEST, "--json"],
    &["preview", REQUEST],
    &["preview", REQUEST, "--curl"],
    &["fields"],
    &["fields", "--markdown"],
    &["draft", "list"],
    &["profile", "list"],
    &["certificates"],
    &["certificates", "--json"],
    &["check"],
    &["check", "--json"],
];

#[test]
fn a_closed_standard_output_changes_neither_the_exit_code_nor_what_is_said() {
    let root = tempfile::tempdir().unwrap();
    for args in PRINTING {
        let read = read_to_end(root.path(), args);
        let o = with_closed_output(certwiz(root.path()).args(args), false);
        assert_eq!(o.status.code(), read.status.code(), "{args:?}: {o:?}");
        assert_eq!(
            String::from_utf8_lossy(&o.stderr),
            String::from_utf8_lossy(&read.stderr),
            "{args:?}"
        );
    }
}

#[test]
fn a_closed_standard_error_too_keeps_the_exit_code_of_the_work() {
    let root = tempfile::tempdir().unwrap();
    let missing = root.path().join("no-such-order.json");
    let missing = missing.to_str().unwrap();
    // What the same failure exits with when its message can be read.
    let readable = read_to_end(root.path(), &["preview", missing]);
    assert!(
        String::from_utf8_lossy(&readable.stderr).contains("no-such-order.json"),
        "{readable:?}"
    );
    let o = with_closed_output(certwiz(root.path()).args(["preview", missing]), true);
    assert_eq!(o.status.code(), readable.status.code(), "{o:?}");
}

#[test]
fn plain_mode_with_nobody_reading_its_questions_says_so_and_sends_nothing() {
    let root = tempfile::tempdir().unwrap();
    let o = with_closed_output(certwiz(root.path()).arg("--plain"), false);
    let err = String::from_utf8_lossy(&o.stderr);
    // Not "the terminal": its questions may go to a pipe, as here.
    assert!(
        err.contains("cannot read the answers or write the questions: Broken pipe"),
        "{err}"
    );
    assert_eq!(o.status.code(), Some(2), "{o:?}");
    // Nothing was sent: the journal lists no order.
    let listed = read_to_end(root.path(), &["orders", "--json"]);
    assert_eq!(
        String::from_utf8_lossy(&listed.stdout).trim(),
        "[]",
        "{listed:?}"
    );
}

#[test]
fn standard_output_that_cannot_be_written_is_said_and_not_a_success() {
    let root = tempfile::tempdir().unwrap();
    for args in [
        &["orders", "--json"][..],
        &["validate", REQUEST],
        &["fields"],
        &["certificates"],
    ] {
        let o = into_full_disk(certwiz(root.path()).args(args));
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(
            err.contains("certwiz: standard output could not be written: No space left on device"),
            "{args:?}: {err}"
        );
        assert_eq!(o.status.code(), Some(2), "{args:?}: {o:?}");
    }
    // The man page, written its own way, says it as well.
    let o = into_full_disk(certwiz(root.path()).arg("man"));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("cannot write the man page: No space left"),
        "{err}"
    );
    assert_eq!(o.status.code(), Some(2), "{o:?}");
}

#[test]
fn a_watch_stops_when_nobody_reads_it_any_more() {
    let root = tempfile::tempdir().unwrap();
    // An order the sandbox decides only after minutes: a watch would print for that long.
    let slow = [("CERTWIZ_SANDBOX_STEP_MS", "600000")];
    let placed = run_to_end(
        certwiz(root.path())
            .envs(slow)
            .args(["submit", REQUEST, "--yes"]),
        "submit",
    );
    assert!(placed.status.success(), "{placed:?}");
    for args in [&["status", "112233", "--watch"][..], &["orders", "--watch"]] {
        // run_within fails the test if the watch has not ended within 60 s.
        let o = with_closed_output(certwiz(root.path()).envs(slow).args(args), false);
        assert_eq!(o.status.code(), Some(0), "{args:?}");
    }
}
