//! Names the git commit certwiz is built from, for `certwiz --version` (`CERTWIZ_COMMIT`):
//! `commit 0123456789ab` from `git rev-parse` in a checkout (uncommitted changes are not
//! marked: that would rebuild on every edit), else from the `.cargo_vcs_info.json` that
//! `cargo package` writes into a crate's tarball, else `commit unknown` (a tarball without
//! either). Never fails the build.

use std::path::Path;
use std::process::Command;

fn main() {
    let commit = from_git()
        .or_else(from_vcs_info)
        .map_or_else(|| "commit unknown".to_owned(), |c| format!("commit {c}"));
    println!("cargo:rustc-env=CERTWIZ_COMMIT={commit}");
    if Path::new(".cargo_vcs_info.json").exists() {
        println!("cargo:rerun-if-changed=.cargo_vcs_info.json");
    }
    println!("cargo:rerun-if-env-changed=GIT_DIR");
    pack_relative_relocations();
}

/// Links the binary with packed relative relocations (DT_RELR) where the C library it runs on
/// reads them (glibc 2.36 and later): the table the loader reads in full at every start shrinks
/// from 309 kB to 8 kB in the release binary, and so does what certwiz keeps resident of its
/// file (see BENCHMARKS.md, peak memory following orders). Only for a native Linux glibc build, where the
/// C library found here is the one the binary runs on; anywhere else the link is unchanged. A
/// linker that does not know the option (GNU ld before 2.38) ignores it with a warning.
fn pack_relative_relocations() {
    let var = |name: &str| std::env::var(name).unwrap_or_default();
    let native = var("HOST") == var("TARGET");
    let linux_gnu = var("CARGO_CFG_TARGET_OS") == "linux" && var("CARGO_CFG_TARGET_ENV") == "gnu";
    let arch = matches!(var("CARGO_CFG_TARGET_ARCH").as_str(), "x86_64" | "aarch64");
    if native && linux_gnu && arch && glibc_at_least(2, 36) {
        println!("cargo:rustc-link-arg-bins=-Wl,-z,pack-relative-relocs");
    }
}

/// Whether this machine's glibc (`getconf GNU_LIBC_VERSION`: `glibc 2.36`) is at least the
/// version given; false when it cannot be told.
fn glibc_at_least(major: u32, minor: u32) -> bool {
    let Some(text) = Command::new("getconf")
        .arg("GNU_LIBC_VERSION")
        .output()
        .ok()
        .filter(|o| o.status.success())
        .and_then(|o| String::from_utf8(o.stdout).ok())
    else {
        return false;
    };
    let mut numbers = text
        .trim()
        .trim_start_matches("glibc ")
        .split('.')
        .map(|n| n.parse::<u32>().ok());
    match (numbers.next().flatten(), numbers.next().flatten()) {
        (Some(a), Some(b)) => (a, b) >= (major, minor),
        _ => false,
    }
}

fn git(args: &[&str]) -> Option<String> {
    let out = Command::new("git").args(args).output().ok()?;
    let text = String::from_utf8(out.stdout).ok()?;
    (out.status.success()).then(|| text.trim().to_owned())
}

fn from_git() -> Option<String> {
    // Only this crate's own checkout: not a repository that happens to hold a tarball's folder.
    let top = git(&["rev-parse", "--show-toplevel"])?;
    let here = std::env::var("CARGO_MANIFEST_DIR").ok()?;
    if Path::new(&top).canonicalize().ok()? != Path::new(&here).canonicalize().ok()? {
        return None;
    }
    let commit = git(&["rev-parse", "--short=12", "HEAD"])?;
    // Rebuild when HEAD moves: HEAD itself, the branch it names, and packed refs.
    // Only files that exist: cargo reruns the script on every build for a missing one.
    let branch = git(&["symbolic-ref", "-q", "HEAD"]);
    for path in ["HEAD", "packed-refs"].into_iter().chain(branch.as_deref()) {
        if let Some(p) = git(&["rev-parse", "--git-path", path])
            && Path::new(&p).exists()
        {
            println!("cargo:rerun-if-changed={p}");
        }
    }
    Some(commit)
}

fn from_vcs_info() -> Option<String> {
    let text = std::fs::read_to_string(".cargo_vcs_info.json").ok()?;
    // {"git": {"sha1": "..."}, "path_in_vcs": ""}: the one value wanted, without a JSON parser.
    let rest = text.split("\"sha1\"").nth(1)?;
    let sha: String = rest
        .chars()
        .skip_while(|c| !c.is_ascii_hexdigit())
        .take_while(char::is_ascii_hexdigit)
        .take(12)
        .collect();
    (sha.len() == 12).then_some(sha)
}
