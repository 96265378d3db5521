//! The mouse, in a pseudo-terminal: off by default (the terminal selects text as usual); with
//! `mouse = "clicks"` in config.toml, clicks and the wheel are reported but never motion, a click
//! on a step goes there, and quitting turns reporting off again.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;

use crate::support::Session;

fn mode(s: &Session) -> vt100::MouseProtocolMode {
    s.screen.lock().unwrap().screen().mouse_protocol_mode()
}

fn configure(root: &Path, text: &str) {
    let dir = root.join("config/certwiz");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("config.toml"), text).unwrap();
}

#[test]
fn the_mouse_is_off_by_default() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Session::start(dir.path(), 24, 80);
    s.wait_for(&["SANDBOX", "1/8 Certificate", "= required"]);
    assert_eq!(mode(&s), vt100::MouseProtocolMode::None);
    assert!(!s.output().contains("\x1b[?1003h"), "motion tracking is on");
    s.send("\x03");
    assert!(s.wait_exit().success());
}

#[test]
fn clicks_only_when_configured_and_a_click_on_a_step_goes_there() {
    let dir = tempfile::tempdir().unwrap();
    configure(dir.path(), "mouse = \"clicks\"\n");
    let mut s = Session::start(dir.path(), 24, 80);
    s.wait_for(&["SANDBOX", "1/8 Certificate", "= required"]);
    assert_eq!(mode(&s), vt100::MouseProtocolMode::PressRelease);
    assert_eq!(
        s.screen.lock().unwrap().screen().mouse_protocol_encoding(),
        vt100::MouseProtocolEncoding::Sgr
    );
    let output = s.output();
    assert!(
        !output.contains("\x1b[?1003h") && !output.contains("\x1b[?1002h"),
        "motion tracking is on"
    );
    // The stepper is the second line; find "Subj" on it and click there (SGR: 1-based).
    let contents = s.contents();
    let stepper = contents.lines().nth(1).unwrap();
    let at = stepper.find("Subj").unwrap_or_else(|| panic!("{stepper}"));
    let col = stepper[..at].chars().count() + 1;
    s.send(&format!("\x1b[<0;{col};2M\x1b[<0;{col};2m"));
    s.wait_for(&["3/8 Subject"]);
    s.send("\x03");
    assert!(s.wait_exit().success());
    assert_eq!(
        mode(&s),
        vt100::MouseProtocolMode::None,
        "left on after quitting"
    );
}

#[test]
fn a_wrong_mouse_setting_is_said_and_the_mouse_stays_off() {
    let dir = tempfile::tempdir().unwrap();
    configure(dir.path(), "mouse = \"all\"\n");
    let mut s = Session::start(dir.path(), 24, 80);
    s.wait_for(&["1/8 Certificate", "mouse = \"all\" is not"]);
    assert_eq!(mode(&s), vt100::MouseProtocolMode::None);
    s.send("\x03");
    assert!(s.wait_exit().success());
}

#[test]
fn the_mouse_flag_overrides_the_config() {
    let dir = tempfile::tempdir().unwrap();
    configure(dir.path(), "mouse = \"off\"\n");
    let mut cmd = crate::support::certwiz(dir.path());
    cmd.args(["--mouse", "clicks"]);
    let mut s = Session::spawn(cmd, 24, 80);
    s.wait_for(&["1/8 Certificate", "= required"]);
    assert_eq!(mode(&s), vt100::MouseProtocolMode::PressRelease);
    s.send("\x03");
    assert!(s.wait_exit().success());
}
