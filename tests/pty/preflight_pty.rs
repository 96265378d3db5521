//! The wizard in a pseudo-terminal against a sandbox whose organization's document signing
//! validation has expired and whose balance is short: the Submit question says both before
//! "yes", "no" sends nothing, and the explicit yes sends once.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::support::{ENTER, PGDN, Session, certwiz, stored, type_documented_order};

#[test]
fn the_submit_question_says_expired_validation_and_short_funds_before_yes() {
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = certwiz(dir.path());
    cmd.env("CERTWIZ_SANDBOX_PREFLIGHT", "ds=expired,funds=low");
    let mut s = Session::spawn(cmd, 40, 160);
    s.wait_for(&["SANDBOX", "1/8 Certificate", "= required"]);
    type_documented_order(&mut s);
    s.send(PGDN);
    s.wait_for(&["7/8 Submit", "Ready."]);
    s.send(ENTER);
    // The wizard first offers to submit the expired validation; n goes on to the order question.
    s.wait_for(&["Submit organization 334455 for document signing validation first?"]);
    s.send("n");
    // The question wraps its lines at its width: each piece fits a row.
    s.wait_for(&[
        "Send this order to SANDBOX despite the warnings?",
        "Pre-flight warning: organization 334455's document signing validation",
        "expired on",
        "Pre-flight warning: the balance is short: USD 299.00",
        "120.00 is available",
        "Price:          USD 299.00 from balance USD 120.00",
        "y yes    n / Esc no",
    ]);
    s.send(ENTER);
    s.send("n");
    // The question is gone: the Submit screen's line shows whole again.
    s.wait_for(&[
        "7/8 Submit",
        "Ready. Press Enter to send; you will be asked",
    ]);
    assert_eq!(stored(dir.path()), 0, "no sends nothing");

    s.send(ENTER);
    // The wizard first offers to submit the expired validation; n goes on to the order question.
    s.wait_for(&["Submit organization 334455 for document signing validation first?"]);
    s.send("n");
    s.wait_for(&["Send this order to SANDBOX despite the warnings?"]);
    s.send("y");
    s.wait_for(&["Order 112233 placed"]);
    s.send("q");
    assert!(s.wait_exit().success());
    assert_eq!(stored(dir.path()), 1, "the explicit yes sends once");
}
