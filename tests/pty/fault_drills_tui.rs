//! Fault drills in the real binary: a pseudo-terminal against its embedded sandbox with
//! `CERTWIZ_SANDBOX_FAULTS`. The whole fault matrix (every fault on the order POST and on the
//! tracking calls) is tested once at the ordering core (tests/lib/faults.rs), and the wizard's
//! words per outcome headless in src/tui/sending/tests.rs; these two drills prove the binary does
//! the same: it keeps redrawing and answering keys while the POST is slow, and it says whether a
//! failed order was placed.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;

use crate::support::{ENTER, Session, certwiz, stored};

const HELP: &str = "Keys (F1)";

/// The state of the journal's one entry (the wizard journals before the POST).
fn journal_state(root: &Path) -> String {
    let entries = crate::support::journal_entries(root);
    assert_eq!(entries.len(), 1, "{entries:#?}");
    entries[0]["state"].as_str().unwrap().to_owned()
}

/// The wizard with `faults`, filled in and sent.
fn send_with(root: &Path, faults: &str) -> Session {
    let mut cmd = certwiz(root);
    cmd.env("CERTWIZ_SANDBOX_FAULTS", faults);
    let mut s = Session::spawn(cmd, 40, 120);
    s.fill_documented();
    s.send(ENTER);
    s.wait_for(&["Send this order to SANDBOX?"]);
    s.send("y");
    s
}

/// The wizard answers keys: the help opens over the screen and closes again, and the screen
/// under it is still drawn.
fn answers_keys(s: &mut Session, still: &str) {
    s.send("?");
    s.wait_for(&[HELP]);
    s.send("\x1b");
    s.wait_until("the help to close", |screen| {
        let c = screen.contents();
        !c.contains(HELP) && c.contains(still)
    });
}

/// The screen changes by itself while `text` is shown: the wizard redraws (its spinner turns).
fn redraws_while(s: &Session, text: &str) {
    s.wait_for(&[text]);
    let before = s.contents();
    s.wait_until("a redraw", |screen| {
        let c = screen.contents();
        c != before && c.contains(text)
    });
}

fn quit(s: &mut Session) -> u32 {
    s.send("q");
    s.wait_exit().exit_code()
}

/// A tracking fault on the first order_info poll after placing: the message (if any) on
/// Orders, keys answered, and how tracking ends.
fn tracking_drill(fault: &str, shown: &[&str]) {
    let root = tempfile::tempdir().unwrap();
    let mut s = send_with(root.path(), &format!("order_info={fault}"));
    s.wait_for(&["Order 112233 placed"]);
    // The first poll meets the fault now (slow ones are still out): keys are answered.
    answers_keys(&mut s, "Order 112233 placed");
    s.wait_for(shown);
    answers_keys(&mut s, shown[0]);
    assert_eq!(quit(&mut s), 0, "{fault}:\n{}", s.contents());
    assert_eq!(stored(root.path()), 1, "{fault}");
    assert_eq!(journal_state(root.path()), "placed", "{fault}");
}

const NOT_PLACED: &str = "Not placed:";
const UNKNOWN: &str = "OUTCOME UNKNOWN";

#[test]
fn slow_answer() {
    let root = tempfile::tempdir().unwrap();
    let mut s = send_with(root.path(), "place_order=latency:4000");
    // While the POST is out the wizard redraws, answers keys and has not stored anything yet.
    redraws_while(&s, "Sending");
    answers_keys(&mut s, "Sending");
    assert_eq!(stored(root.path()), 0);
    assert_eq!(journal_state(root.path()), "sending");
    s.wait_for(&["Order 112233 placed"]);
    assert_eq!(quit(&mut s), 0);
    assert_eq!(stored(root.path()), 1);
    assert_eq!(journal_state(root.path()), "placed");

    tracking_drill("latency:4000", &["✓ approved"]);
}

#[test]
fn failures_say_whether_the_order_was_placed() {
    let root = tempfile::tempdir().unwrap();
    let mut s = send_with(root.path(), "place_order=403");
    s.wait_for(&[NOT_PLACED]);
    quit(&mut s);
    let root = tempfile::tempdir().unwrap();
    let mut s = send_with(root.path(), "place_order=drop");
    s.wait_for(&[UNKNOWN, "Look it up among the account's recent orders"]);
    quit(&mut s);
}
