//! The real binary in a pseudo-terminal against its embedded sandbox: the documented example is
//! typed key by key, submitted, and followed until approved; the sandbox must have received
//! exactly the documented body.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::support::{ENTER, PGDN, Session, type_documented_order};

const FIXTURE: &str = include_str!("../fixtures/documented-order-request.json");

#[test]
fn documented_order_typed_submitted_and_approved() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Session::start(dir.path(), 40, 120);
    s.wait_for(&["SANDBOX", "1/8 Certificate", "= required"]);
    type_documented_order(&mut s);
    s.send(PGDN);
    s.wait_for(&["7/8 Submit", "Ready."]);
    s.send(ENTER);
    s.wait_for(&["Send this order to SANDBOX?"]);
    s.send("y");
    s.wait_for(&["Order 112233 placed"]);
    s.wait_for(&["✓ approved", "certificate id: 113"]);

    s.send("q");
    let status = s.wait_exit();
    assert!(status.success(), "{status:?}");

    // The sandbox's own store, as it persisted the order in the temporary data folder.
    let store =
        certwiz::sandbox::state::Store::open(&dir.path().join("data/certwiz/sandbox")).unwrap();
    let orders = store.read(|book| book.orders.clone()).unwrap();
    assert_eq!(orders.len(), 1, "exactly one order was placed");
    let expected: serde_json::Value = serde_json::from_str(FIXTURE).unwrap();
    assert_eq!(orders[0].body, expected);
}

/// `certwiz --batch FILE --base B --sandbox`: the review's command to place the batch carries
/// the base and the endpoint, shell-quoted, so running it sends what was reviewed.
#[test]
fn the_batch_review_names_the_submit_command_with_its_base_and_endpoint() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("base draft.json"), FIXTURE).unwrap();
    std::fs::write(
        dir.path().join("my signers.csv"),
        "subject.name,subject.email\nAnn Lee,ann.lee@example.com\n",
    )
    .unwrap();
    let mut cmd = crate::support::certwiz(dir.path());
    cmd.args([
        "--batch",
        "my signers.csv",
        "--base",
        "base draft.json",
        "--sandbox",
    ]);
    let mut s = crate::support::Session::spawn(cmd, 60, 200);
    s.wait_for(&["row 1 (line 2) Ann Lee"]);
    s.wait_for(&[
        "Review only: the wizard does not place a batch; this command does:",
        "certwiz submit --batch 'my signers.csv' --base 'base draft.json' --sandbox",
    ]);
    s.kill_hard();
}

/// A terminal resized while the wizard runs gets a frame of its new size at once: the footer on
/// its new last row, the stepper's titles and the side pane when it is wide enough, and back
/// when it shrinks.
/// (Since the viewport followed resize events only, none came: the wizard kept drawing 80x24
/// in a 120x30 terminal.)
#[test]
fn a_resized_terminal_is_drawn_at_its_new_size() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Session::start(dir.path(), 24, 80);
    s.wait_for(&["SANDBOX", "1/8 Certificate"]);
    let last_row_has = |rows: u16, text: &'static str| {
        move |screen: &vt100::Screen| {
            screen.size().0.get() == rows
                && screen
                    .rows(0, screen.size().1.get())
                    .nth(usize::from(rows) - 1)
                    .is_some_and(|row| row.contains(text))
        }
    };
    s.resize(30, 120);
    s.wait_until("the footer on row 30", last_row_has(30, "F1 help"));
    s.wait_for(&["✓ Certificate  ○ Organization", "│ Field"]);
    s.resize(24, 80);
    s.wait_until("the footer on row 24", last_row_has(24, "F1 help"));
    s.wait_for(&["✓ Cert ", "○ Org "]);
}

/// The wizard's log starts after its first frame (issue 21, item 3), and still records the
/// start: the version and the endpoint, in the data folder's `certwiz.log`.
#[test]
fn the_wizards_log_records_its_start() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Session::start(dir.path(), 24, 80);
    s.wait_for(&["SANDBOX", "1/8 Certificate"]);
    let log = dir.path().join("data/certwiz/certwiz.log");
    crate::support::wait_until("the log's first line", || {
        std::fs::read_to_string(&log).is_ok_and(|text| text.contains("endpoint SANDBOX"))
    });
    s.send("\x03");
    assert!(s.wait_exit().success());
}
