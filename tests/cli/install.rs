//! Installed like a tool: `--version` names the commit, `certwiz man` writes a page for every
//! command, made from the same definition as `--help`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeSet;
use std::process::Command as StdCommand;

use assert_cmd::Command;
use clap::CommandFactory;

use certwiz::cli::Cli;

fn certwiz(args: &[&str]) -> std::process::Output {
    Command::new(assert_cmd::cargo::cargo_bin!("certwiz"))
        .args(args)
        .env_remove("DIGICERT_API_KEY")
        .output()
        .unwrap()
}

#[test]
fn version_names_the_version_and_the_commit_it_was_built_from() {
    let out = certwiz(&["--version"]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let expected_start = format!("certwiz {} (commit ", env!("CARGO_PKG_VERSION"));
    assert!(text.starts_with(&expected_start), "{text}");
    // Built from this checkout (the tests run from it), so the commit is HEAD's when git is
    // here; without git the build says so rather than guessing.
    let head = StdCommand::new("git")
        .args(["rev-parse", "--short=12", "HEAD"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8(o.stdout).unwrap().trim().to_owned());
    let commit = head.as_deref().unwrap_or("unknown");
    assert_eq!(text.trim(), format!("{expected_start}{commit})"));
}

/// `certwiz`, `certwiz-draft`, `certwiz-draft-save`…: every visible command at every depth.
fn page_names(cmd: &clap::Command, prefix: &str, out: &mut BTreeSet<String>) {
    out.insert(format!("{prefix}.1"));
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        page_names(sub, &format!("{prefix}-{}", sub.get_name()), out);
    }
}

#[test]
fn man_writes_one_page_per_command_from_the_cli_definition() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("man1");
    let out = certwiz(&["man", "--dir", target.to_str().unwrap()]);
    assert!(out.status.success(), "{out:?}");
    let mut expected = BTreeSet::new();
    page_names(&Cli::command(), "certwiz", &mut expected);
    let written: BTreeSet<String> = std::fs::read_dir(&target)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(written, expected);
    assert!(expected.contains("certwiz-submit.1") && expected.contains("certwiz-draft-list.1"));
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        format!(
            "wrote {} man pages to {}\n",
            expected.len(),
            target.display()
        )
    );
    // Each page is roff for its own command, with the options --help lists.
    let submit = std::fs::read_to_string(target.join("certwiz-submit.1")).unwrap();
    assert!(submit.starts_with(".ie \\n(.g .ds Aq"), "{submit}");
    assert!(submit.contains(".TH certwiz-submit 1"), "{submit}");
    assert!(submit.contains("\\-\\-allow\\-duplicate"), "{submit}");
}

#[test]
fn man_without_a_folder_prints_certwiz_1() {
    let out = certwiz(&["man"]);
    assert!(out.status.success());
    let page = String::from_utf8(out.stdout).unwrap();
    assert!(page.contains(".TH certwiz 1"), "{page}");
    assert!(page.contains("Exit codes"), "{page}");
}

#[test]
fn man_reports_a_folder_it_cannot_write() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a-file");
    std::fs::write(&file, "").unwrap();
    let out = certwiz(&["man", "--dir", file.join("man1").to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.starts_with("certwiz: cannot write man pages to "),
        "{err}"
    );
}
