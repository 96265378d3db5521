//! The real binary in a pseudo-terminal: a half-typed order survives SIGKILL and is resumed;
//! an order left pending when the wizard quit is followed on to approved at the next start.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;

use crate::support::{ENTER, PGDN, PGUP, Session, TAB, type_documented_order, wait_until};
use serde_json::Value;

fn read_json(path: &Path) -> Option<Value> {
    serde_json::from_str(&std::fs::read_to_string(path).ok()?).ok()
}

const TYPED: [(&str, &str); 4] = [
    ("organization.id", "334455"),
    ("subject.name", "Rene / counselor"),
    ("subject.job_title", "School Counselor"),
    ("subject.phone", "054-139-0798"),
];

#[test]
fn a_half_typed_order_survives_sigkill_and_is_resumed() {
    let dir = tempfile::tempdir().unwrap();
    let autosave = dir.path().join("data/certwiz/drafts/autosave.json");
    let mut s = Session::start(dir.path(), 24, 80);
    s.wait_for(&["SANDBOX", "1/8 Certificate"]);
    s.send(PGDN);
    s.wait_for(&["2/8 Organization", "Account:"]);
    s.field(TYPED[0].1);
    s.send(PGDN);
    s.wait_for(&["3/8 Subject"]);
    for (_, value) in &TYPED[1..] {
        s.field(value);
    }
    // The autosave follows the typing within about a second; wait for it, not for a fixed time.
    wait_until("the autosave to hold every typed field", || {
        read_json(&autosave).is_some_and(|file| {
            TYPED
                .iter()
                .all(|(path, value)| file["values"][path] == *value)
        })
    });
    s.kill_hard();

    let mut s = Session::start(dir.path(), 24, 80);
    s.wait_for(&["Resume the order you were typing?", "Rene / counselor"]);
    s.send("y");
    // It opens where the person was: on Subject.
    s.wait_for(&["Resumed the autosaved order where you were"]);
    s.wait_for(&["3/8 Subject", TYPED[1].1, TYPED[2].1, TYPED[3].1]);
    s.send(PGUP);
    s.wait_for(&["2/8 Organization", "334455"]);
    s.send(PGDN);
    s.wait_for(&["3/8 Subject"]);
    s.send("\x03");
    assert!(s.wait_exit().success());
    // Once the terminal is back, one line says where the unsent form is and how to resume it.
    let said = s.output();
    let said = said.rsplit("\x1b[?1049l").next().unwrap_or_default();
    assert!(
        said.contains("the form is kept in")
            && said.contains(&autosave.display().to_string())
            && said.contains("run certwiz again to resume it"),
        "{said:?}"
    );
    let file = read_json(&autosave).expect("the autosave is still there");
    for (path, value) in TYPED {
        assert_eq!(file["values"][path], value, "{path}");
    }

    // A new form keeps the earlier one as a named draft.
    let mut s = Session::start(dir.path(), 24, 80);
    s.wait_for(&["Resume the order you were typing?"]);
    s.send("n");
    s.wait_for(&["kept as draft"]);
    s.send("\x03");
    assert!(s.wait_exit().success());
    assert!(!autosave.exists());
    let named = std::fs::read_dir(dir.path().join("data/certwiz/drafts/named"))
        .unwrap()
        .count();
    assert_eq!(named, 1);
}

#[test]
fn an_order_left_pending_is_followed_to_approved_at_the_next_start() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Session::start_with(dir.path(), 40, 120, 1500);
    s.wait_for(&["SANDBOX", "1/8 Certificate"]);
    type_documented_order(&mut s);
    s.send(PGDN);
    s.wait_for(&["7/8 Submit", "Ready."]);
    s.send(ENTER);
    s.wait_for(&["Send this order to SANDBOX?"]);
    s.send("y");
    s.wait_for(&["Order 112233 placed"]);
    let screen = s.contents();
    assert!(!screen.contains("✓ approved"), "still pending:\n{screen}");
    s.send("q");
    assert!(s.wait_exit().success());

    let entries = crate::support::journal_entries(dir.path());
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0]["state"], "placed");
    assert_eq!(entries[0]["order_id"], 112233);
    assert!(entries[0].get("final_at").is_none());
    assert!(
        !dir.path()
            .join("data/certwiz/drafts/autosave.json")
            .exists(),
        "the placed form is not offered again"
    );

    let mut s = Session::start_with(dir.path(), 40, 120, 1500);
    s.wait_for(&["8/8 Orders", "112233"]);
    s.wait_for(&["✓ approved", "certificate id: 113"]);
    s.send(TAB);
    s.send("q");
    assert!(s.wait_exit().success());
    wait_until("the journal to record the approval", || {
        let entries = crate::support::journal_entries(dir.path());
        entries[0]["certificate_id"] == 113 && entries[0].get("final_at").is_some()
    });
}

/// An autosave holding organization 334455 in `root`, then the wizard started again with the
/// files read 1.5 s late (a debug-build hook), on its first frame, which shows the form.
fn autosaved_then_slow_start(root: &std::path::Path, autosave: &std::path::Path) -> Session {
    let mut s = crate::support::organization_typed(root);
    wait_until("the autosave to hold the organization", || {
        read_json(autosave).is_some_and(|file| file["values"]["organization.id"] == "334455")
    });
    s.send("\x03");
    assert!(s.wait_exit().success());
    let mut cmd = crate::support::certwiz(root);
    cmd.env("CERTWIZ_TEST_SLOW_START_MS", "1500");
    let s = Session::spawn(cmd, 24, 80);
    s.wait_for(&["SANDBOX", "1/8 Certificate"]);
    s
}

/// The first frame is drawn before the autosave and the journal are read (issue 21): keys typed
/// before the resume question comes go to the form shown, do not answer the question, and are
/// not lost when the autosaved form is taken up; nothing was autosaved over the earlier form.
#[test]
fn keys_typed_before_the_autosave_is_read_are_kept_and_do_not_answer_its_question() {
    let dir = tempfile::tempdir().unwrap();
    let autosave = dir.path().join("data/certwiz/drafts/autosave.json");
    let mut s = autosaved_then_slow_start(dir.path(), &autosave);
    assert!(
        !s.contents().contains("Resume the order"),
        "{}",
        s.contents()
    );
    s.send(PGDN);
    s.send(PGDN);
    s.wait_for(&["3/8 Subject"]);
    // 'n' and 'y' would answer the question: typed before it, they are a name.
    s.type_text("Ny");
    assert!(
        !s.contents().contains("Resume the order"),
        "{}",
        s.contents()
    );
    s.wait_for(&[
        "Resume the order you were typing?",
        "What you typed before this was asked is kept",
    ]);
    s.send("y");
    // The notice wraps at 80 columns: its second line names the draft.
    s.wait_for(&["Resumed the autosaved order", "typed before resuming"]);
    // The earlier form, not the one typed meanwhile: the autosave waited for the question.
    s.wait_for(&["2/8 Organization", "334455"]);
    s.send("\x03");
    assert!(s.wait_exit().success());
    let named = dir.path().join("data/certwiz/drafts/named");
    let kept: Vec<Value> = std::fs::read_dir(&named)
        .unwrap()
        .filter_map(|e| read_json(&e.unwrap().path()))
        .collect();
    assert_eq!(kept.len(), 1, "{kept:?}");
    assert_eq!(kept[0]["values"]["subject.name"], "Ny", "{kept:?}");
}

/// Quitting before the files on disk are read (here 1.5 s late, a debug-build hook) waits for
/// them, then saves what was typed as quitting does: nothing was there to offer instead.
#[test]
fn quitting_before_the_files_are_read_still_saves_the_typing() {
    let dir = tempfile::tempdir().unwrap();
    let autosave = dir.path().join("data/certwiz/drafts/autosave.json");
    let mut cmd = crate::support::certwiz(dir.path());
    cmd.env("CERTWIZ_TEST_SLOW_START_MS", "1500");
    let mut s = Session::spawn(cmd, 24, 80);
    s.wait_for(&["SANDBOX", "1/8 Certificate"]);
    s.send(PGDN);
    s.wait_for(&["2/8 Organization"]);
    s.type_text("334455");
    s.send("\x03");
    assert!(s.wait_exit().success());
    let file = read_json(&autosave).expect("the typing is saved");
    assert_eq!(file["values"]["organization.id"], "334455", "{file}");
}

/// Quitting before the files are read, while they hold an autosaved form to offer: the autosave
/// stays for the next start and what was typed is kept as a named draft (it was lost).
#[test]
fn quitting_before_an_autosave_is_offered_keeps_both_forms() {
    let dir = tempfile::tempdir().unwrap();
    let drafts = dir.path().join("data/certwiz/drafts");
    let autosave = drafts.join("autosave.json");
    let mut s = autosaved_then_slow_start(dir.path(), &autosave);
    s.send(PGDN);
    s.send(PGDN);
    s.wait_for(&["3/8 Subject"]);
    s.type_text("Zed");
    s.send("\x03");
    assert!(s.wait_exit().success());
    let file = read_json(&autosave).expect("the autosave stays");
    assert_eq!(file["values"]["organization.id"], "334455", "{file}");
    let kept: Vec<String> = std::fs::read_dir(drafts.join("named"))
        .map(|entries| {
            entries
                .filter_map(|e| std::fs::read_to_string(e.unwrap().path()).ok())
                .collect()
        })
        .unwrap_or_default();
    assert!(
        kept.iter().any(|text| text.contains("Zed")),
        "the typing is kept as a named draft: {kept:?}"
    );
}
