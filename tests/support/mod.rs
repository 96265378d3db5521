//! Driving the real binary from tests: its environment kept inside a temporary folder, and a
//! session in a pseudo-terminal with its screen parsed by vt100, keys, and waits on screen
//! content with bounded deadlines. Shared by the CLI and e2e tests.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, dead_code)]

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command as StdCommand, Output, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, ExitStatus, MasterPty, PtySize, native_pty_system};

pub const TAB: &str = "\t";
pub const BACKTAB: &str = "\x1b[Z";
pub const ENTER: &str = "\r";
pub const PGDN: &str = "\x1b[6~";
pub const PGUP: &str = "\x1b[5~";
pub const RIGHT: &str = "\x1b[C";

/// How long any wait may take. Generous because a loaded 2-core CI machine can stall the child
/// for seconds; every wait returns as soon as its condition holds, so a healthy run never comes
/// near it.
const DEADLINE: Duration = Duration::from_secs(60);

/// HOME and the XDG folders, all inside `root`, so a run touches no real files.
fn home_env(root: &Path) -> [(&'static str, PathBuf); 5] {
    [
        ("HOME", root.to_path_buf()),
        ("XDG_DATA_HOME", root.join("data")),
        ("XDG_CONFIG_HOME", root.join("config")),
        ("XDG_STATE_HOME", root.join("state")),
        ("XDG_CACHE_HOME", root.join("cache")),
    ]
}

/// Clears the environment but for PATH, points HOME and the XDG folders into `root`.
pub fn isolate_std(cmd: &mut StdCommand, root: &Path) {
    cmd.env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .envs(home_env(root));
}

/// Keeps the caller's environment but points HOME and the XDG folders into `root`, and removes
/// the variables that choose the key, the endpoint and the sandbox's faults and pace.
pub fn isolate_inherited(cmd: &mut StdCommand, root: &Path) {
    cmd.envs(home_env(root))
        .env_remove("DIGICERT_API_KEY")
        .env_remove("DIGICERT_API_URL")
        .env_remove("CERTWIZ_SANDBOX_FAULTS")
        .env_remove("CERTWIZ_SANDBOX_STEP_MS")
        .env_remove("CERTWIZ_SANDBOX_RATE_LIMIT")
        .env_remove("CERTWIZ_SANDBOX_PREFLIGHT")
        .env_remove("CERTWIZ_SANDBOX_LIFETIME")
        .env_remove("CERTWIZ_SANDBOX_CLOCK")
        .env_remove("CERTWIZ_SANDBOX_PRODUCTS")
        .env_remove("CERTWIZ_LOG");
}

/// certwiz with only the temporary folders of `root` for its files, and quick sandbox steps.
pub fn certwiz(root: &Path) -> CommandBuilder {
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_certwiz"));
    isolate(&mut cmd, root);
    cmd
}

/// [`isolate_std`] for a pty command, run from `root`, with a terminal type and the sandbox
/// advancing every 400 ms.
pub fn isolate(cmd: &mut CommandBuilder, root: &Path) {
    cmd.env_clear();
    cmd.env("PATH", std::env::var("PATH").unwrap_or_default());
    for (name, value) in home_env(root) {
        cmd.env(name, value);
    }
    cmd.env("TERM", "xterm-256color");
    cmd.env("CERTWIZ_SANDBOX_STEP_MS", "400");
    cmd.cwd(root);
}

/// Waits until `check` holds, with a bounded deadline; `what` names it in the failure.
pub fn wait_until(what: &str, mut check: impl FnMut() -> bool) {
    let deadline = Instant::now() + DEADLINE;
    while !check() {
        assert!(Instant::now() < deadline, "waited for {what}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// A running program in a pseudo-terminal and what its terminal shows.
pub struct Session {
    pub screen: Arc<Mutex<vt100::Parser>>,
    /// Every byte the program wrote, for scanning.
    pub raw: Arc<Mutex<Vec<u8>>>,
    /// The terminal's side of the pseudo-terminal: `None` once [`Session::close_terminal`] closed it.
    writer: Option<Box<dyn Write + Send>>,
    master: Option<Box<dyn MasterPty + Send>>,
    /// Tells the reader thread to let go of the terminal after its next read.
    closing: Arc<AtomicBool>,
    pub child: Box<dyn portable_pty::Child + Send + Sync>,
    /// The thread reading the program's output; it ends once the program's side is closed.
    reader: Option<std::thread::JoinHandle<()>>,
}

impl Session {
    /// certwiz with its files under `root`, the sandbox advancing every 400 ms.
    pub fn start(root: &Path, rows: u16, cols: u16) -> Session {
        Session::spawn(certwiz(root), rows, cols)
    }

    /// certwiz with its files under `root`, the sandbox advancing every `step_ms`.
    pub fn start_with(root: &Path, rows: u16, cols: u16, step_ms: u64) -> Session {
        let mut cmd = certwiz(root);
        cmd.env("CERTWIZ_SANDBOX_STEP_MS", step_ms.to_string());
        Session::spawn(cmd, rows, cols)
    }

    /// Runs `cmd` in a new pseudo-terminal of `rows` by `cols`.
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
        let closing = Arc::new(AtomicBool::new(false));
        let stop = Arc::clone(&closing);
        let reader = std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                log.lock().unwrap().extend_from_slice(&buf[..n]);
                feed.lock().unwrap().process(&buf[..n]);
                if stop.load(Ordering::SeqCst) {
                    break;
                }
            }
        });
        Session {
            screen,
            raw,
            writer: Some(writer),
            master: Some(pty.master),
            closing,
            child,
            reader: Some(reader),
        }
    }

    /// The screen as text.
    pub fn contents(&self) -> String {
        self.screen.lock().unwrap().screen().contents()
    }

    /// The screen as it looks: one line a row, each row's trailing blanks removed.
    pub fn rows(&self) -> String {
        let parser = self.screen.lock().unwrap();
        let (_, cols) = parser.screen().size();
        parser
            .screen()
            .rows(0, cols.get())
            .map(|row| format!("{}\n", row.trim_end()))
            .collect()
    }

    /// The screen as it looks ([`Session::rows`]) once it has stopped changing for 300 ms, so a
    /// frame that arrives in several reads is taken whole (bounded by the same deadline).
    pub fn settled_rows(&self) -> String {
        let deadline = Instant::now() + DEADLINE;
        let mut seen = self.rows();
        let mut since = Instant::now();
        loop {
            std::thread::sleep(Duration::from_millis(20));
            let now = self.rows();
            if now != seen {
                seen = now;
                since = Instant::now();
            } else if since.elapsed() >= Duration::from_millis(300) {
                return seen;
            }
            if Instant::now() > deadline {
                panic!("the screen never stopped changing; it shows:\n{seen}");
            }
        }
    }

    /// Everything written so far, as text.
    pub fn output(&self) -> String {
        String::from_utf8_lossy(&self.raw.lock().unwrap()).into_owned()
    }

    /// Waits until `ready` holds for the screen, with a bounded deadline.
    pub fn wait_until(&self, what: &str, ready: impl Fn(&vt100::Screen) -> bool) {
        let deadline = Instant::now() + DEADLINE;
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

    /// Waits until every text is on screen, with a bounded deadline.
    pub fn wait_for(&self, texts: &[&str]) {
        self.wait_until(&format!("{texts:?}"), |s| {
            let c = s.contents();
            texts.iter().all(|t| c.contains(t))
        });
    }

    /// Sends keys as they are.
    pub fn send(&mut self, keys: &str) {
        let writer = self.writer.as_mut().expect("the terminal is open");
        writer.write_all(keys.as_bytes()).unwrap();
        writer.flush().unwrap();
    }

    /// Resizes the terminal to `rows` by `cols`, as a person dragging its window does: the
    /// screen model follows, and the program gets SIGWINCH.
    pub fn resize(&mut self, rows: u16, cols: u16) {
        self.screen.lock().unwrap().screen_mut().set_size(
            std::num::NonZeroU16::new(rows).unwrap(),
            std::num::NonZeroU16::new(cols).unwrap(),
        );
        self.master
            .as_ref()
            .expect("the terminal is open")
            .resize(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
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

    /// Waits until the program exits, with a bounded deadline.
    pub fn wait_exit(&mut self) -> ExitStatus {
        let deadline = Instant::now() + DEADLINE;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                // The exit can be seen before the last bytes written are read: take them all.
                if let Some(reader) = self.reader.take() {
                    let _ = reader.join();
                }
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

    /// Closes the terminal as a closed window or a killed terminal emulator does, right after
    /// sending `keys` (which may be empty): every handle on the pseudo-terminal's master side is
    /// let go, so the program's side hangs up. A resize makes the program redraw, which wakes the
    /// reader thread, and it lets go of its handle after reading. The screen keeps what was drawn
    /// until then.
    pub fn close_terminal(&mut self, keys: &str) {
        self.closing.store(true, Ordering::SeqCst);
        if !keys.is_empty() {
            self.send(keys);
        }
        self.writer = None;
        let master = self.master.take().expect("the terminal is open");
        let (rows, cols) = self.screen.lock().unwrap().screen().size();
        master
            .resize(PtySize {
                rows: rows.get() + 1,
                cols: cols.get(),
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
        drop(master);
        if let Some(reader) = self.reader.take() {
            let _ = reader.join();
        }
    }

    /// Kills the program with SIGKILL, as a crash would, and waits until it is gone.
    pub fn kill_hard(&mut self) {
        let pid = self.child.process_id().unwrap();
        let status = StdCommand::new("kill")
            .args(["-KILL", &pid.to_string()])
            .status()
            .unwrap();
        assert!(status.success());
        self.wait_exit();
    }

    /// Fills in the documented example order in the wizard (at least 120x40), without a
    /// comment, and stops on the Submit screen, ready to send.
    pub fn fill_documented(&mut self) {
        self.wait_for(&["1/8 Certificate", "= required"]);
        type_through_payment(self);
        self.send(PGDN);
        self.wait_for(&["6/8 Review", "ready to submit"]);
        self.send(PGDN);
        self.wait_for(&["7/8 Submit", "Ready."]);
    }
}

/// Types the documented example order from the Certificate screen to Review.
/// The wizard started in `root`, on the Organization screen with "334455" typed as its id.
pub fn organization_typed(root: &Path) -> Session {
    let mut s = Session::start(root, 24, 80);
    s.wait_for(&["SANDBOX", "1/8 Certificate"]);
    s.send(PGDN);
    s.wait_for(&["2/8 Organization", "Account:"]);
    s.type_text("334455");
    s
}

pub fn type_documented_order(s: &mut Session) {
    type_through_payment(s);
    // The comment follows the payment method, before the account's custom fields.
    s.send(TAB);
    s.send(TAB);
    s.type_text("Comments for the the approver.");

    s.send(PGDN);
    s.wait_for(&["6/8 Review", "ready to submit"]);
}

/// Types the documented example order from the Certificate screen up to Payment's approval
/// choice, leaving the comment alone.
fn type_through_payment(s: &mut Session) {
    // The product's platforms must be there before the picker opens: under load the first frame
    // can come well before the sandbox's answer.
    s.wait_for(&["= required"]);
    // Certificate: server platform 21 from the product's list, validity 2 years.
    s.send(TAB);
    s.send(ENTER);
    s.wait_for(&["Search:"]);
    s.type_text("21");
    s.send(ENTER);
    s.send(TAB);
    s.wait_for(&["21 · Example platform 21"]);
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

    // Payment: accept the agreement, skip approval.
    s.send(PGDN);
    s.wait_for(&["5/8 Payment"]);
    s.send(" ");
    s.wait_for(&["[x] I accept"]);
    s.send(TAB);
    s.send(" ");
    s.wait_for(&["[x] yes"]);
}

/// How many orders the embedded sandbox stored (its state file in the data folder under `root`).
pub fn stored(root: &Path) -> usize {
    match std::fs::read_to_string(root.join("data/certwiz/sandbox/orders.json")) {
        Ok(text) => {
            let state: serde_json::Value = serde_json::from_str(&text).unwrap();
            state["orders"].as_array().unwrap().len()
        }
        Err(_) => 0,
    }
}

/// Runs a command to its end, its output captured, failing the test after 60 s. The output is
/// read while the command runs (by `wait_with_output` on its own thread), so a chatty command
/// cannot block on a full pipe.
pub fn run_to_end(cmd: &mut StdCommand, what: &str) -> Output {
    run_within(cmd.stdout(Stdio::piped()).stderr(Stdio::piped()), what)
}

/// Runs a command to its end with the standard streams it was given (what was piped is
/// captured), failing the test after 60 s with "`what` did not end within 60 s".
pub fn run_within(cmd: &mut StdCommand, what: &str) -> Output {
    let child = cmd.spawn().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(child.wait_with_output());
    });
    match rx.recv_timeout(Duration::from_secs(60)) {
        Ok(output) => output.unwrap(),
        Err(_) => panic!("{what} did not end within 60 s"),
    }
}

/// The journal's entries under `root`'s data folder, oldest first, read straight from its SQLite
/// database (none when it does not exist yet).
pub fn journal_entries(root: &Path) -> Vec<serde_json::Value> {
    journal_entries_at(&root.join("data/certwiz/orders.db"))
}

/// The entries of the journal database at `db`, oldest first.
pub fn journal_entries_at(db: &Path) -> Vec<serde_json::Value> {
    if !db.exists() {
        return Vec::new();
    }
    let conn =
        rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .unwrap();
    conn.busy_timeout(Duration::from_secs(10)).unwrap();
    let mut statement = match conn.prepare("SELECT entry FROM attempts ORDER BY seq") {
        Ok(s) => s,
        Err(_) => return Vec::new(),
    };
    statement
        .query_map([], |r| r.get::<_, String>(0))
        .unwrap()
        .map(|t| serde_json::from_str(&t.unwrap()).unwrap())
        .collect()
}
