//! The wizard racing the command line (issue 16): the wizard asks "Send this order?", a
//! `certwiz submit` of the same form places it meanwhile, and the wizard's yes does not send a
//! second order: it asks again, naming the attempt made meanwhile.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::process::{Command, Stdio};

use crate::support::{
    ENTER, PGDN, Session, isolate_std, journal_entries, stored, type_documented_order, wait_until,
};

#[test]
fn a_yes_to_a_question_asked_before_another_certwiz_sent_the_order_sends_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let r = dir.path();
    let mut s = Session::start_with(r, 40, 120, 60000);
    s.wait_for(&["SANDBOX", "1/8 Certificate"]);
    type_documented_order(&mut s);
    s.send(PGDN);
    s.wait_for(&["7/8 Submit", "Ready."]);
    s.send(ENTER);
    s.wait_for(&["Send this order to SANDBOX?"]);
    // The same form, sent from the command line while the question is open.
    let autosave = r.join("data/certwiz/drafts/autosave.json");
    wait_until("the autosave", || autosave.exists());
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_certwiz"));
    isolate_std(&mut cmd, r);
    let cli = cmd
        .args(["submit", autosave.to_str().unwrap(), "--yes"])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(
        cli.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&cli.stderr)
    );
    assert_eq!(stored(r), 1);
    let meanwhile = journal_entries(r)[0]["attempt_id"]
        .as_str()
        .unwrap()
        .to_owned();
    s.send("y");
    s.wait_for(&["Send this order AGAIN?", &meanwhile]);
    s.send("n");
    assert_eq!(stored(r), 1, "no second order");
    assert_eq!(
        journal_entries(r).len(),
        1,
        "nothing sent, nothing recorded"
    );
}
