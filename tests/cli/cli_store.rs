//! `certwiz profile` and `certwiz draft` as a person or a script runs them, with the data folder
//! pointed at a temporary directory through the XDG variables.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command as StdCommand, Stdio};

use crate::support::isolate_std;
use assert_cmd::Command;
use certwiz::order::draft::read_input;
use certwiz::paths::Paths;
use certwiz::store::Store;

const REQUEST: &str = include_str!("../fixtures/documented-order-request.json");
const BIN: &str = env!("CARGO_BIN_EXE_certwiz");
/// A key that must never show up in any file certwiz writes.
const KEY: &str = "dk-CLI-TESTKEY-93c1e0a7";

/// A temporary home with certwiz's folders in it.
struct Home {
    dir: tempfile::TempDir,
}

impl Home {
    fn new() -> Self {
        let home = Home {
            dir: tempfile::tempdir().unwrap(),
        };
        let config = home.paths().config_dir;
        fs::create_dir_all(&config).unwrap();
        fs::write(config.join("config.toml"), format!("api_key = \"{KEY}\"\n")).unwrap();
        home
    }

    /// The folders `Paths::discover` finds with the variables [`Home::cmd`] sets.
    fn paths(&self) -> Paths {
        Paths {
            data_dir: self.dir.path().join("data/certwiz"),
            config_dir: self.dir.path().join("config/certwiz"),
        }
    }

    fn env(&self, cmd: &mut StdCommand) {
        isolate_std(cmd, self.dir.path());
        cmd.env("DIGICERT_API_KEY", KEY);
    }

    fn cmd(&self, args: &[&str]) -> Command {
        let mut std = StdCommand::new(BIN);
        self.env(&mut std);
        std.args(args);
        Command::from_std(std)
    }

    fn file(&self, name: &str, text: &str) -> PathBuf {
        let path = self.dir.path().join(name);
        fs::write(&path, text).unwrap();
        path
    }

    fn stdout(&self, args: &[&str]) -> String {
        let out = self
            .cmd(args)
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        String::from_utf8(out).unwrap()
    }
}

fn code(home: &Home, args: &[&str]) -> (i32, String, String) {
    let out = home.cmd(args).output().unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn profiles_save_list_show_delete() {
    let home = Home::new();
    let body = home.file("order.json", REQUEST);
    let body = body.to_str().unwrap();
    home.cmd(&["profile", "save", "shipping", "Rene / counselor", body])
        .assert()
        .success();
    home.cmd(&["profile", "save", "subject", "Signer", body])
        .assert()
        .success();
    let list = home.stdout(&["profile", "list"]);
    let lines: Vec<_> = list.lines().collect();
    assert_eq!(lines.len(), 2, "{list}");
    assert!(lines[0].starts_with("subject\tSigner\t"), "{list}");
    assert!(
        lines[1].starts_with("shipping\tRene / counselor\t"),
        "{list}"
    );
    let only = home.stdout(&["profile", "list", "subject"]);
    assert_eq!(only.lines().count(), 1);

    // show prints JSON that save reads back.
    let shown = home.stdout(&["profile", "show", "shipping", "Rene / counselor"]);
    let value: serde_json::Value = serde_json::from_str(&shown).unwrap();
    assert_eq!(value["certwiz_profile"], 1);
    assert_eq!(value["name"], "Rene / counselor");
    let order: serde_json::Value = serde_json::from_str(REQUEST).unwrap();
    assert_eq!(value["fields"]["city"], order["ship_info"]["city"]);
    let copy = home.file("profile.json", &shown);
    home.cmd(&[
        "profile",
        "save",
        "shipping",
        "copy",
        copy.to_str().unwrap(),
    ])
    .assert()
    .success();
    let copied: serde_json::Value =
        serde_json::from_str(&home.stdout(&["profile", "show", "shipping", "copy"])).unwrap();
    assert_eq!(copied["fields"], value["fields"]);

    // The object alone, from standard input.
    let object = order["subject"].to_string();
    home.cmd(&["profile", "save", "subject", "from stdin", "-"])
        .write_stdin(object)
        .assert()
        .success();

    home.cmd(&["profile", "delete", "shipping", "copy"])
        .assert()
        .success();
    let (status, _, err) = code(&home, &["profile", "show", "shipping", "copy"]);
    assert_eq!(status, 2);
    assert!(err.contains(r#"no shipping profile named "copy""#), "{err}");
    assert_eq!(code(&home, &["profile", "delete", "shipping", "copy"]).0, 2);
}

#[test]
fn profile_save_checks_by_the_form_rules() {
    let home = Home::new();
    let bad = home.file("bad.json", r#"{"city": "Lehi", "country": "zz"}"#);
    let (status, out, err) = code(
        &home,
        &["profile", "save", "shipping", "x", bad.to_str().unwrap()],
    );
    assert_eq!(status, 1, "{out}{err}");
    assert!(out.contains("ship_info.country"), "{out}");
    assert!(out.contains("ship_info.addr1"), "{out}");
    assert!(err.contains("not saved"), "{err}");
    let broken = home.file("broken.json", "{\n  \"city\": ,\n}");
    let (status, _, err) = code(
        &home,
        &["profile", "save", "shipping", "x", broken.to_str().unwrap()],
    );
    assert_eq!(status, 2);
    assert!(err.contains("line 2"), "{err}");
    let (status, _, err) = code(
        &home,
        &["profile", "save", "shipping", "x", "/no/such/file"],
    );
    assert_eq!(status, 2);
    assert!(err.contains("/no/such/file"), "{err}");
    let good = home.file("good.json", REQUEST);
    let (status, _, err) = code(
        &home,
        &[
            "profile",
            "save",
            "shipping",
            "bad\tname",
            good.to_str().unwrap(),
        ],
    );
    assert_eq!(status, 2);
    assert!(err.contains("control characters"), "{err}");
    assert_eq!(home.stdout(&["profile", "list"]), "");
    assert_eq!(code(&home, &["profile", "list", "postal"]).0, 2);
}

#[test]
fn drafts_list_show_delete_and_shown_drafts_validate() {
    let home = Home::new();
    let store = Store::open(&home.paths());
    let (draft, _) = read_input(REQUEST, None).unwrap();
    store.drafts.save_as("for Ada / 2027", &draft).unwrap();
    let mut partial = draft.clone();
    partial.set("subject.name", "");
    store.drafts.autosave(&partial).unwrap();

    let (status, list, err) = code(&home, &["draft", "list"]);
    assert_eq!(status, 0);
    assert!(list.starts_with("for Ada / 2027\t20"), "{list}");
    assert!(err.contains("draft show --autosave"), "{err}");

    let shown = home.stdout(&["draft", "show", "for Ada / 2027"]);
    let file = home.file("draft.json", &shown);
    home.cmd(&["validate", file.to_str().unwrap()])
        .assert()
        .success();
    let preview = home.stdout(&["preview", file.to_str().unwrap()]);
    let body: serde_json::Value = serde_json::from_str(&preview).unwrap();
    assert_eq!(
        body,
        serde_json::from_str::<serde_json::Value>(REQUEST).unwrap()
    );

    let autosave = home.stdout(&["draft", "show", "--autosave"]);
    let file = home.file("autosave.json", &autosave);
    let (status, out, _) = code(&home, &["validate", file.to_str().unwrap()]);
    assert_eq!(status, 1, "the autosave lacks the subject's name: {out}");
    assert!(out.contains("subject.name"), "{out}");

    home.cmd(&["draft", "delete", "for Ada / 2027"])
        .assert()
        .success();
    assert_eq!(code(&home, &["draft", "show", "for Ada / 2027"]).0, 2);
    assert_eq!(code(&home, &["draft", "show"]).0, 2, "NAME or --autosave");
}

#[test]
fn a_corrupt_profile_is_reported_moved_aside_and_the_rest_listed() {
    let home = Home::new();
    let body = home.file("order.json", REQUEST);
    for name in ["a", "b"] {
        home.cmd(&["profile", "save", "subject", name, body.to_str().unwrap()])
            .assert()
            .success();
    }
    let dir = home.paths().profiles_dir().join("subject");
    let victim = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| fs::read_to_string(p).unwrap().contains("\"name\": \"a\""))
        .unwrap();
    fs::write(&victim, "{ truncated").unwrap();
    let (status, out, err) = code(&home, &["profile", "list"]);
    assert_eq!(status, 0);
    assert_eq!(out.lines().count(), 1, "{out}");
    assert!(out.starts_with("subject\tb\t"), "{out}");
    let victim_name = victim.file_name().unwrap().to_string_lossy().into_owned();
    assert!(
        err.contains(&victim_name) && err.contains(".corrupt-"),
        "{err}"
    );
    let aside: Vec<_> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(&format!("{victim_name}.corrupt-")))
        .collect();
    assert_eq!(aside.len(), 1);
    assert_eq!(
        fs::read_to_string(dir.join(&aside[0])).unwrap(),
        "{ truncated"
    );
}

#[test]
fn many_processes_saving_profiles_at_once_lose_nothing() {
    const PROCESSES: usize = 16;
    let home = Home::new();
    let order: serde_json::Value = serde_json::from_str(REQUEST).unwrap();
    let children: Vec<_> = (0..PROCESSES)
        .map(|i| {
            let mut subject = order["subject"].clone();
            subject["name"] = format!("Signer {i}").into();
            // Half write their own profile, half all write the same one.
            let name = if i % 2 == 0 {
                format!("own {i}")
            } else {
                "shared".to_owned()
            };
            let mut cmd = StdCommand::new(BIN);
            home.env(&mut cmd);
            cmd.args(["profile", "save", "subject", &name, "-"])
                .stdin(Stdio::piped())
                .stdout(Stdio::null())
                .stderr(Stdio::piped());
            let mut child = cmd.spawn().unwrap();
            (child.stdin.take().unwrap(), child, subject, name)
        })
        .collect();
    // Every process is started before any gets its input, so they run together.
    let mut running = Vec::new();
    for (mut stdin, child, subject, name) in children {
        stdin.write_all(subject.to_string().as_bytes()).unwrap();
        drop(stdin);
        running.push((child, subject, name));
    }
    let mut shared = Vec::new();
    for (child, subject, name) in running {
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        if name == "shared" {
            shared.push(subject["name"].as_str().unwrap().to_owned());
        }
    }
    let store = Store::open(&home.paths());
    let list = store
        .profiles
        .list(certwiz::store::ProfileKind::Subject)
        .unwrap();
    assert_eq!(list.len(), PROCESSES / 2 + 1);
    for p in &list {
        if p.name == "shared" {
            assert!(shared.contains(&p.fields["name"]), "{:?}", p.fields);
        } else {
            let i = p.name.trim_start_matches("own ");
            assert_eq!(p.fields["name"], format!("Signer {i}"));
        }
    }
    assert!(store.take_set_aside().is_empty());
    let dir = home.paths().profiles_dir().join("subject");
    let stray: Vec<_> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .filter(|n| !n.to_string_lossy().ends_with(".json"))
        .collect();
    assert!(stray.is_empty(), "{stray:?}");
}

#[test]
fn no_command_writes_the_api_key_to_a_file() {
    let home = Home::new();
    let body = home.file("order.json", REQUEST);
    let body = body.to_str().unwrap();
    home.cmd(&["profile", "save", "shipping", "s", body])
        .assert()
        .success();
    home.cmd(&["profile", "save", "subject", "t", body])
        .assert()
        .success();
    home.cmd(&["profile", "list"]).assert().success();
    home.cmd(&["draft", "list"]).assert().success();
    home.cmd(&["profile", "delete", "subject", "t"])
        .assert()
        .success();
    let mut checked = 0;
    let mut dirs = vec![home.paths().data_dir];
    while let Some(dir) = dirs.pop() {
        for entry in fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
                continue;
            }
            let text = String::from_utf8_lossy(&fs::read(&path).unwrap()).into_owned();
            assert!(!text.contains(KEY), "{} holds the key", path.display());
            checked += 1;
        }
    }
    assert!(checked >= 2);
}

#[test]
fn every_store_command_has_help() {
    let home = Home::new();
    for args in [
        &["profile", "--help"][..],
        &["profile", "list", "--help"],
        &["profile", "show", "--help"],
        &["profile", "save", "--help"],
        &["profile", "delete", "--help"],
        &["draft", "--help"],
        &["draft", "list", "--help"],
        &["draft", "show", "--help"],
        &["draft", "delete", "--help"],
    ] {
        let out = home.stdout(args);
        assert!(out.contains("Usage: certwiz"), "{args:?}: {out}");
    }
    let save = home.stdout(&["profile", "save", "--help"]);
    assert!(
        save.contains("ship_info") && save.contains("shipping"),
        "{save}"
    );
}

/// The data folder follows XDG_DATA_HOME.
#[test]
fn the_data_folder_follows_xdg() {
    let home = Home::new();
    let body = home.file("order.json", REQUEST);
    home.cmd(&["profile", "save", "subject", "x", body.to_str().unwrap()])
        .assert()
        .success();
    assert!(home.paths().profiles_dir().join("subject").is_dir());
    assert!(!Path::new(&home.dir.path().join(".local")).exists());
}
