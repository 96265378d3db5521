//! The README's pictures are the real binary at 80x24: this test types the documented example
//! order at 80x24 as a person would (never widening the terminal), sends it to the embedded
//! sandbox, follows it to approval, and compares four screens with `assets/screens/*.txt`, the
//! files the README shows (`tests/lib/readme.rs` ties them to the README). Clock times are masked
//! when comparing, since they differ every run.
//!
//! To refresh the pictures after a deliberate change to a screen:
//! `CERTWIZ_BLESS_PICTURES=1 cargo test --locked --test pty readme_pictures`, then read the
//! files and the README.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::support::{ENTER, PGDN, PGUP, Session, type_documented_order};
use std::path::PathBuf;

const ROWS: u16 = 24;
const COLS: u16 = 80;

#[test]
fn pictures_are_the_binary_at_80x24() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Session::start(dir.path(), ROWS, COLS);
    s.wait_for(&["SANDBOX", "1/8 Certificate", "= required"]);
    type_documented_order(&mut s);
    let mut pictures = vec![("review", s.settled_rows())];

    // Back to the first screen, filled in, and on to Submit again.
    for _ in 0..5 {
        s.send(PGUP);
    }
    s.wait_for(&["1/8 Certificate", "21 · Example platform 21", "2 · 2 years"]);
    pictures.push(("certificate", s.settled_rows()));
    for _ in 0..6 {
        s.send(PGDN);
    }
    s.wait_for(&["7/8 Submit", "Ready."]);
    s.send(ENTER);
    s.wait_for(&["Send this order to SANDBOX?", "Price:", "y / Enter yes"]);
    pictures.push(("confirm", s.settled_rows()));

    s.send("y");
    s.wait_for(&["✓ approved", "certificate id: 113"]);
    s.send(PGDN);
    s.wait_for(&["8/8 Orders", "✓ approved", "certificate id: 113"]);
    pictures.push(("orders", s.settled_rows()));
    s.send("q");
    assert!(s.wait_exit().success());

    let bless = std::env::var_os("CERTWIZ_BLESS_PICTURES").is_some();
    let mut stale = Vec::new();
    for (name, screen) in pictures {
        assert_eq!(
            screen.lines().count(),
            usize::from(ROWS),
            "{name}: one line a row"
        );
        let path = picture_path(name);
        if bless {
            std::fs::write(&path, &screen).unwrap();
            continue;
        }
        let stored = std::fs::read_to_string(&path).unwrap_or_default();
        if mask(&stored) != mask(&screen) {
            stale.push(format!("{name} ({}):\n{screen}", path.display()));
        }
    }
    assert!(
        stale.is_empty(),
        "the README's pictures differ from the binary; read the screens below, then refresh them \
         with CERTWIZ_BLESS_PICTURES=1:\n{}",
        stale.join("\n")
    );
}

fn picture_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("assets/screens")
        .join(format!("{name}.txt"))
}

/// What differs between runs: clock times, the embedded sandbox's port, whether the tracker
/// saw "submitted" or the sandbox passed it between two checks (which also changes the padding
/// after it, so runs of spaces count as one), and whether Orders' account list was listed yet
/// when the screen was read (`Account (listing…)` or `Account (N)`).
fn mask(text: &str) -> String {
    let text = mask_account(&text.replace("between checks", "--:--:-- UTC"));
    let text = mask_times(&text);
    let mut out = String::new();
    let mut rest = text.as_str();
    while let Some(at) = rest.find("127.0.0.1:") {
        let (head, tail) = rest.split_at(at + "127.0.0.1:".len());
        out.push_str(head);
        out.push_str("PORT");
        rest = tail.trim_start_matches(|c: char| c.is_ascii_digit());
    }
    out.push_str(rest);
    let mut spaced = String::with_capacity(out.len());
    for c in out.chars() {
        if !(c == ' ' && spaced.ends_with(' ')) {
            spaced.push(c);
        }
    }
    spaced
}

/// Every `hh:mm:ss` becomes `--:--:--`.
fn mask_times(text: &str) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    let digit = |c: char| c.is_ascii_digit();
    let mut i = 0;
    while i + 8 <= chars.len() {
        let w = &chars[i..i + 8];
        if digit(w[0])
            && digit(w[1])
            && w[2] == ':'
            && digit(w[3])
            && digit(w[4])
            && w[5] == ':'
            && digit(w[6])
            && digit(w[7])
        {
            for (k, c) in "--:--:--".chars().enumerate() {
                chars[i + k] = c;
            }
            i += 8;
        } else {
            i += 1;
        }
    }
    chars.into_iter().collect()
}

#[test]
fn masking_hides_only_clock_times_and_the_port() {
    assert_eq!(
        mask("✓ approved 11:49:03 UTC, order 112233 at http://127.0.0.1:39751/services/v2"),
        "✓ approved --:--:-- UTC, order 112233 at http://127.0.0.1:PORT/services/v2"
    );
    assert_eq!(
        mask("│✓ submitted       between checks      │"),
        mask("│✓ submitted       11:49:01 UTC        │")
    );
}

/// `Account (listing…)` and `Account (N)` both become `Account (…)`.
fn mask_account(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find("Account (") {
        let (head, tail) = rest.split_at(at + "Account (".len());
        out.push_str(head);
        match tail.find(')') {
            Some(end) => {
                out.push('…');
                rest = &tail[end..];
            }
            None => rest = tail,
        }
    }
    out.push_str(rest);
    out
}
