//! Driving the real binary in a pseudo-terminal: a session with its screen parsed by vt100,
//! keys, and waits on screen content with bounded deadlines. Shared by the e2e tests.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, dead_code)]

use std::io::{Read, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

pub const TAB: &str = "\t";
pub const BACKTAB: &str = "\x1b[Z";
pub const ENTER: &str = "\r";
pub const PGDN: &str = "\x1b[6~";
pub const RIGHT: &str = "\x1b[C";

/// A running certwiz and what its terminal shows.
pub struct Session {
    screen: Arc<Mutex<vt100::Parser>>,
    writer: Box<dyn Write + Send>,
    pub child: Box<dyn portable_pty::Child + Send + Sync>,
}

impl Session {
    /// certwiz with its files under `root`, the sandbox advancing every 400 ms.
    pub fn start(root: &Path, rows: u16, cols: u16) -> Session {
        Session::start_with(root, rows, cols, 400)
    }

    /// certwiz with its files under `root`, the sandbox advancing every `step_ms`.
    pub fn start_with(root: &Path, rows: u16, cols: u16, step_ms: u64) -> Session {
        let pty = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_certwiz"));
        cmd.env_clear();
        cmd.env("PATH", std::env::var("PATH").unwrap_or_default());
        cmd.env("HOME", root);
        cmd.env("XDG_DATA_HOME", root.join("data"));
        cmd.env("XDG_CONFIG_HOME", root.join("config"));
        cmd.env("TERM", "xterm-256color");
        cmd.env("CERTWIZ_SANDBOX_STEP_MS", step_ms.to_string());
        cmd.cwd(root);
        let child = pty.slave.spawn_command(cmd).unwrap();
        drop(pty.slave);
        let mut reader = pty.master.try_clone_reader().unwrap();
        let writer = pty.master.take_writer().unwrap();
        let screen = Arc::new(Mutex::new(vt100::Parser::new(
            std::num::NonZeroU16::new(rows).unwrap(),
            std::num::NonZeroU16::new(cols).unwrap(),
            0,
        )));
        let feed = Arc::clone(&screen);
        std::thread::spawn(move || {
            let _master = pty.master;
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                feed.lock().unwrap().process(&buf[..n]);
            }
        });
        Session {
            screen,
            writer,
            child,
        }
    }

    /// The screen as text.
    pub fn contents(&self) -> String {
        self.screen.lock().unwrap().screen().contents()
    }

    /// Waits until every text is on screen, with a bounded deadline. The deadline is generous
    /// because a loaded 2-core CI machine can stall the child for seconds; the wait returns as
    /// soon as the text shows, so a healthy run never comes near it.
    pub fn wait_for(&self, texts: &[&str]) {
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let screen = self.contents();
            if texts.iter().all(|t| screen.contains(t)) {
                return;
            }
            if Instant::now() > deadline {
                panic!("waited for {texts:?}; the screen shows:\n{screen}");
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Sends keys as they are.
    pub fn send(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }

    /// Types text a key at a time, as a person would, waiting for it to show.
    pub fn type_text(&mut self, text: &str) {
        for c in text.chars() {
            self.send(&c.to_string());
        }
        self.wait_for(&[text]);
    }

    /// Types a field's value and moves to the next field.
    pub fn field(&mut self, text: &str) {
        self.type_text(text);
        self.send(TAB);
    }

    /// Waits until certwiz exits, with a bounded deadline.
    pub fn wait_exit(&mut self) -> portable_pty::ExitStatus {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(Instant::now() < deadline, "certwiz did not quit");
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Kills certwiz with SIGKILL, as a crash would, and waits until it is gone.
    pub fn kill_hard(&mut self) {
        let pid = self.child.process_id().unwrap();
        let status = std::process::Command::new("kill")
            .args(["-KILL", &pid.to_string()])
            .status()
            .unwrap();
        assert!(status.success());
        self.wait_exit();
    }
}

/// Waits until `check` holds, with a bounded deadline; `what` names it in the failure.
pub fn wait_until(what: &str, mut check: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while !check() {
        assert!(Instant::now() < deadline, "waited for {what}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Types the documented example order from the Certificate screen to Review.
pub fn type_documented_order(s: &mut Session) {
    // Certificate: server platform 21 from the product's list, validity 2 years.
    s.send(TAB);
    s.send(ENTER);
    s.wait_for(&["Search:"]);
    s.type_text("21");
    s.send(ENTER);
    s.send(TAB);
    s.wait_for(&["21 · Adobe Acrobat"]);
    for _ in 0..3 {
        s.send(TAB);
    }
    s.send(RIGHT);
    s.wait_for(&["2 · 2 years"]);

    // Organization: typed ids.
    s.send(PGDN);
    s.wait_for(&["2/8 Organization", "Account:"]);
    s.field("334455");
    s.field("221122");

    s.send(PGDN);
    s.wait_for(&["3/8 Subject"]);
    for value in [
        "Rene Pierce",
        "School Counselor",
        "054-139-0798",
        "rene.pierce@yahoo.com",
    ] {
        s.field(value);
    }

    s.send(PGDN);
    s.wait_for(&["4/8 Shipping"]);
    for value in [
        "Erin Guerra",
        "360 Taylor Street",
        "Floor 74",
        "Richmond",
        "va",
        "69662",
        "us",
    ] {
        s.field(value);
    }

    // Payment: accept the agreement, skip approval, and the comment (last row: Shift-Tab wraps).
    s.send(PGDN);
    s.wait_for(&["5/8 Payment"]);
    s.send(" ");
    s.wait_for(&["[x] I accept"]);
    s.send(TAB);
    s.send(" ");
    s.wait_for(&["[x] yes"]);
    s.send(BACKTAB);
    s.send(BACKTAB);
    s.type_text("Comments for the the approver.");

    s.send(PGDN);
    s.wait_for(&["6/8 Review", "ready to submit"]);
}
