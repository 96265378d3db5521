//! The real binary in a pseudo-terminal, read through a vt100 screen: shared by the pty tests.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, dead_code)]

use std::io::{Read, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, ExitStatus, PtySize, native_pty_system};

pub const TAB: &str = "\t";
pub const BACKTAB: &str = "\x1b[Z";
pub const ENTER: &str = "\r";
pub const PGDN: &str = "\x1b[6~";
pub const RIGHT: &str = "\x1b[C";

/// A running program in a pseudo-terminal.
pub struct Session {
    pub screen: Arc<Mutex<vt100::Parser>>,
    /// Every byte the program wrote, for scanning.
    pub raw: Arc<Mutex<Vec<u8>>>,
    writer: Box<dyn Write + Send>,
    pub child: Box<dyn portable_pty::Child + Send + Sync>,
}

/// certwiz with only the temporary folders of `root` for its files, and quick sandbox steps.
pub fn certwiz(root: &Path) -> CommandBuilder {
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_certwiz"));
    isolate(&mut cmd, root);
    cmd
}

/// Clears the environment but for PATH, points HOME and the XDG folders into `root`.
pub fn isolate(cmd: &mut CommandBuilder, root: &Path) {
    cmd.env_clear();
    cmd.env("PATH", std::env::var("PATH").unwrap_or_default());
    cmd.env("HOME", root);
    cmd.env("XDG_DATA_HOME", root.join("data"));
    cmd.env("XDG_CONFIG_HOME", root.join("config"));
    cmd.env("XDG_STATE_HOME", root.join("state"));
    cmd.env("XDG_CACHE_HOME", root.join("cache"));
    cmd.env("TERM", "xterm-256color");
    cmd.env("CERTWIZ_SANDBOX_STEP_MS", "400");
    cmd.cwd(root);
}

impl Session {
    pub fn spawn(cmd: CommandBuilder, rows: u16, cols: u16) -> Session {
        let pty = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
        let child = pty.slave.spawn_command(cmd).unwrap();
        drop(pty.slave);
        let mut reader = pty.master.try_clone_reader().unwrap();
        let writer = pty.master.take_writer().unwrap();
        let screen = Arc::new(Mutex::new(vt100::Parser::new(
            std::num::NonZeroU16::new(rows).unwrap(),
            std::num::NonZeroU16::new(cols).unwrap(),
            0,
        )));
        let raw = Arc::new(Mutex::new(Vec::new()));
        let (feed, log) = (Arc::clone(&screen), Arc::clone(&raw));
        std::thread::spawn(move || {
            let _master = pty.master;
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                log.lock().unwrap().extend_from_slice(&buf[..n]);
                feed.lock().unwrap().process(&buf[..n]);
            }
        });
        Session {
            screen,
            raw,
            writer,
            child,
        }
    }

    pub fn contents(&self) -> String {
        self.screen.lock().unwrap().screen().contents()
    }

    /// Waits until `ready` holds for the screen, with a bounded deadline.
    pub fn wait_until(&self, what: &str, ready: impl Fn(&vt100::Screen) -> bool) {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            {
                let parser = self.screen.lock().unwrap();
                if ready(parser.screen()) {
                    return;
                }
            }
            if Instant::now() > deadline {
                panic!("waited for {what}; the screen shows:\n{}", self.contents());
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Waits until every text is on screen.
    pub fn wait_for(&self, texts: &[&str]) {
        self.wait_until(&format!("{texts:?}"), |s| {
            let c = s.contents();
            texts.iter().all(|t| c.contains(t))
        });
    }

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

    /// Waits for the program to end.
    pub fn wait_exit(&mut self) -> ExitStatus {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(
                Instant::now() < deadline,
                "the program did not end; the screen shows:\n{}",
                self.contents()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Everything written so far, as text.
    pub fn output(&self) -> String {
        String::from_utf8_lossy(&self.raw.lock().unwrap()).into_owned()
    }

    /// Fills in the documented example order in the wizard (at least 120x40) and stops on the
    /// Submit screen, ready to send.
    pub fn fill_documented(&mut self) {
        self.wait_for(&["1/8 Certificate", "= required"]);
        self.send(TAB);
        self.send(ENTER);
        self.wait_for(&["Search:"]);
        self.type_text("21");
        self.send(ENTER);
        self.send(TAB);
        self.wait_for(&["21 · Adobe Acrobat"]);
        for _ in 0..3 {
            self.send(TAB);
        }
        self.send(RIGHT);
        self.wait_for(&["2 · 2 years"]);
        self.send(PGDN);
        self.wait_for(&["2/8 Organization", "Account:"]);
        self.field("334455");
        self.field("221122");
        self.send(PGDN);
        self.wait_for(&["3/8 Subject"]);
        for value in [
            "Rene Pierce",
            "School Counselor",
            "054-139-0798",
            "rene.pierce@yahoo.com",
        ] {
            self.field(value);
        }
        self.send(PGDN);
        self.wait_for(&["4/8 Shipping"]);
        for value in [
            "Erin Guerra",
            "360 Taylor Street",
            "Floor 74",
            "Richmond",
            "va",
            "69662",
            "us",
        ] {
            self.field(value);
        }
        self.send(PGDN);
        self.wait_for(&["5/8 Payment"]);
        self.send(" ");
        self.wait_for(&["[x] I accept"]);
        self.send(TAB);
        self.send(" ");
        self.wait_for(&["[x] yes"]);
        self.send(PGDN);
        self.wait_for(&["6/8 Review", "ready to submit"]);
        self.send(PGDN);
        self.wait_for(&["7/8 Submit", "Ready."]);
    }
}
