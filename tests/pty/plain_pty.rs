//! `certwiz --plain` in a pseudo-terminal, typed like a person: the documented example is
//! answered prompt by prompt, confirmed, placed and followed to approval, and the terminal never
//! gets an escape sequence (no full-screen UI, no cursor movement, no colour).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::time::{Duration, Instant};

use crate::support::{ENTER, Session, certwiz};

const FIXTURE: &str = include_str!("../fixtures/documented-order-request.json");

/// Each prompt as it ends, and what the person types at it.
const DOCUMENTED: &[(&str, &str)] = &[
    ("Product * [document_signing_org_1]: ", ""),
    ("Server platform * [-1]: ", "21"),
    ("Signature hash * [sha256]: ", ""),
    ("Provisioning [ship_token]: ", ""),
    ("Organization as common name [yes]: ", ""),
    ("Validity * [1]: ", "2"),
    ("Organization *: ", "334455"),
    ("Division: ", "221122"),
    ("Contact first name: ", ""),
    ("Order managers: ", ""),
    ("Full name *: ", "Rene Pierce"),
    ("Job title *: ", "School Counselor"),
    ("Phone *: ", "054-139-0798"),
    ("Email *: ", "rene.pierce@yahoo.com"),
    ("Recipient: ", "Erin Guerra"),
    ("Address line 1 *: ", "360 Taylor Street"),
    ("Address line 2: ", "Floor 74"),
    ("City *: ", "Richmond"),
    ("State *: ", "va"),
    ("ZIP / postal code *: ", "69662"),
    ("Country *: ", "us"),
    ("Shipping method * [standard]: ", ""),
    ("Certificate Services Agreement: ", "yes"),
    ("Skip approval [no]: ", "yes"),
    ("Payment method [balance]: ", ""),
    ("Comments: ", "Comments for the the approver."),
    (
        "  (more lines; end with a line holding only a dot)\r\n",
        ".",
    ),
    // The custom fields come after the comments, as in the wizard.
    ("Cost center: ", ""),
    ("Purchase order: ", ""),
    ("Notify on approval: ", ""),
    ("Project contact: ", ""),
];

/// The session and how far its output has been read.
struct Plain {
    s: Session,
    read: usize,
}

impl Plain {
    /// Waits for `text` in the output not read yet, and reads past it.
    fn expect(&mut self, text: &str) {
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let out = self.s.output();
            if let Some(at) = out.get(self.read..).and_then(|rest| rest.find(text)) {
                self.read += at + text.len();
                return;
            }
            assert!(
                Instant::now() < deadline,
                "waited for {text:?}; the output since the last answer:\n{}",
                out.get(self.read..).unwrap_or_default()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Waits until the program stops at `prompt`, waiting for an answer (the output ends with
    /// it), and reads past it.
    fn prompted(&mut self, prompt: &str) {
        self.expect(prompt);
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let out = self.s.output();
            if out.ends_with(prompt) {
                self.read = out.len();
                return;
            }
            assert!(
                Instant::now() < deadline,
                "waited for the prompt {prompt:?}; the output since the last answer:\n{}",
                out.get(self.read..).unwrap_or_default()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Waits for the prompt, types an answer a key at a time, then Enter.
    fn answer(&mut self, prompt: &str, text: &str) {
        self.prompted(prompt);
        for c in text.chars() {
            self.s.send(&c.to_string());
        }
        self.s.send(ENTER);
    }
}

#[test]
fn plain_pty_documented_order_typed_confirmed_placed_and_approved() {
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = certwiz(dir.path());
    cmd.arg("--plain");
    let mut p = Plain {
        s: Session::spawn(cmd, 30, 100),
        read: 0,
    };
    p.expect("certwiz: endpoint: SANDBOX");
    p.expect("Section 1 of 5: Certificate");
    for (prompt, text) in DOCUMENTED {
        p.answer(prompt, text);
    }
    p.expect("JSON body (POST ");
    p.expect("\"skip_approval\": true");
    p.expect("token ships:  Erin Guerra, 360 Taylor Street");
    p.answer(
        "Place this order on SANDBOX (embedded, nothing is ordered for real) for USD 299.00 from balance USD 5,000.00? [y/N]: ",
        "y",
    );
    p.expect("order 112233 placed");
    p.expect("request 113: pending");
    p.expect("approved: certificate 113");
    let status = p.s.wait_exit();
    assert!(status.success(), "{status:?}\n{}", p.s.output());

    let output = p.s.output();
    assert!(
        !output.contains('\u{1b}'),
        "plain mode writes no escape sequences:\n{output:?}"
    );
    let store =
        certwiz::sandbox::state::Store::open(&dir.path().join("data/certwiz/sandbox")).unwrap();
    let orders = store.read(|book| book.orders.clone()).unwrap();
    assert_eq!(orders.len(), 1, "exactly one order was placed");
    let expected: serde_json::Value = serde_json::from_str(FIXTURE).unwrap();
    assert_eq!(orders[0].body, expected);
}
