//! A panic in the running wizard (forced by the debug-only `CERTWIZ_TEST_PANIC` variable) leaves
//! the terminal as it was and its message readable, checked in a pseudo-terminal.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::support::{Session, isolate};
use portable_pty::CommandBuilder;

const MESSAGE: &str = "CERTWIZ_TEST_PANIC: a deliberate panic after the first frame";

#[test]
fn a_panic_restores_the_terminal_and_prints_a_readable_message() {
    let dir = tempfile::tempdir().unwrap();
    // Mouse clicks on, so the panic has a mouse mode to turn off.
    let config = dir.path().join("config/certwiz");
    std::fs::create_dir_all(&config).unwrap();
    std::fs::write(config.join("config.toml"), "mouse = \"clicks\"\n").unwrap();
    let s = then_stty(
        dir.path(),
        ("CERTWIZ_TEST_PANIC", "after_first_frame"),
        50,
        200,
    );

    let output = s.output();
    assert!(
        output.contains("\x1b[?1049h"),
        "the wizard never took the screen"
    );
    assert!(output.contains("\x1b[?1000h"), "the mouse was never on");
    let parser = s.screen.lock().unwrap();
    let screen = parser.screen();
    let text = screen.contents();
    // The main screen is back, with the cursor shown and no mouse or paste modes left on.
    assert!(!screen.alternate_screen(), "still on the alternate screen");
    assert!(!screen.hide_cursor(), "the cursor is hidden");
    assert!(!screen.bracketed_paste(), "bracketed paste is on");
    assert_eq!(
        screen.mouse_protocol_mode(),
        vt100::MouseProtocolMode::None,
        "mouse capture is on"
    );
    // The message starts at the left edge of its own line: it was printed in cooked mode, not
    // smeared across the screen as raw mode would (a line feed without a return).
    let lines: Vec<&str> = text.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.starts_with("thread 'main'") && l.contains("panicked at"))
        .unwrap_or_else(|| panic!("no panic line:\n{text}"));
    assert!(
        lines[at + 1].starts_with(MESSAGE),
        "the message is smeared:\n{text}"
    );
    assert!(text.contains("exit=101"), "{text}");
    assert_cooked(&text);
}

/// A shell runs certwiz with `env` set in a pty of `rows` x `columns`, then says its exit code
/// and the terminal's modes (`stty -a`) from the same pty; returns once the shell has ended.
fn then_stty(root: &std::path::Path, env: (&str, &str), rows: u16, columns: u16) -> Session {
    let mut cmd = CommandBuilder::new("sh");
    isolate(&mut cmd, root);
    cmd.env(env.0, env.1);
    cmd.env("CERTWIZ", env!("CARGO_BIN_EXE_certwiz"));
    cmd.args([
        "-c",
        "\"$CERTWIZ\"; echo \"exit=$?\"; stty -a; echo done-stty",
    ]);
    let mut s = Session::spawn(cmd, rows, columns);
    s.wait_for(&["done-stty"]);
    let status = s.wait_exit();
    assert!(status.success(), "the shell failed: {status:?}");
    s
}

/// stty shows cooked mode again: canonical input and echo are on.
fn assert_cooked(text: &str) {
    let modes: Vec<&str> = text.split_whitespace().collect();
    for mode in ["icanon", "echo", "icrnl", "opost"] {
        assert!(modes.contains(&mode), "{mode} is off:\n{text}");
    }
}

/// The first frame is drawn before the embedded sandbox reads its state (issue 21, item 3): a
/// sandbox that then cannot start gives the terminal back before its reason is said, and the
/// wizard exits 2 with nothing of the form written.
#[test]
fn a_sandbox_that_cannot_start_gives_the_terminal_back_and_says_why() {
    let dir = tempfile::tempdir().unwrap();
    let s = then_stty(dir.path(), ("CERTWIZ_SANDBOX_FAULTS", "nonsense"), 24, 80);
    let output = s.output();
    assert!(
        output.contains("\x1b[?1049h") && output.contains("SANDBOX"),
        "no first frame: {output:?}"
    );
    let parser = s.screen.lock().unwrap();
    let screen = parser.screen();
    assert!(!screen.alternate_screen(), "still on the alternate screen");
    assert!(!screen.hide_cursor(), "the cursor is hidden");
    assert!(!screen.bracketed_paste(), "bracketed paste is on");
    let text = screen.contents();
    let said = "certwiz: cannot start the embedded sandbox: CERTWIZ_SANDBOX_FAULTS: \"nonsense\"";
    assert!(
        text.lines().any(|l| l.starts_with(said)),
        "the reason is not on a line of its own:\n{text}"
    );
    assert!(text.contains("exit=2"), "{text}");
    assert_cooked(&text);
    // Only the sandbox's own folder was made: no drafts, no journal, no log.
    let made: Vec<String> = std::fs::read_dir(dir.path().join("data/certwiz"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(made, ["sandbox"]);
}
