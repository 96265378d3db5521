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
    code_in_run_order();
}

/// The file listing the functions a wizard run executes, in the order it first does
/// (`benches/code_order.sh` writes it; BENCHMARKS.md, "code laid out in the order a run uses it").
const CODE_ORDER: &str = "link/code-order.txt";

/// Links the release binary with the functions a run executes placed first, in that order, so
/// that the pages of code a run touches are few and together: the wizard keeps ~3 MB less of
/// its file resident (BENCHMARKS.md). Names not found are skipped without a word, so a list
/// recorded from another toolchain or an older source costs nothing but the gain.
///
/// Only where rustc links with its own LLD (`--symbol-ordering-file` is LLD's; GNU ld would
/// refuse it): a native x86_64 Linux glibc build, rustc 1.90 or later, `rust-lld` in the
/// toolchain, and no linker or link flags of the user's own.
fn code_in_run_order() {
    println!("cargo:rerun-if-changed={CODE_ORDER}");
    println!("cargo:rerun-if-env-changed=RUSTC_LINKER");
    let var = |name: &str| std::env::var(name).unwrap_or_default();
    let flags = var("CARGO_ENCODED_RUSTFLAGS");
    let own_linker = std::env::var_os("RUSTC_LINKER").is_some()
        || ["linker", "link-self-contained", "fuse-ld", "link-arg"]
            .iter()
            .any(|f| flags.contains(f));
    let eligible = var("PROFILE") == "release"
        && var("HOST") == var("TARGET")
        && var("TARGET") == "x86_64-unknown-linux-gnu"
        && !own_linker
        && rustc_links_with_lld();
    let list = Path::new(&var("CARGO_MANIFEST_DIR")).join(CODE_ORDER);
    if eligible && list.is_file() {
        println!(
            "cargo:rustc-link-arg-bins=-Wl,--symbol-ordering-file={}",
            list.display()
        );
        println!("cargo:rustc-link-arg-bins=-Wl,--no-warn-symbol-ordering");
    }
}

/// Whether rustc links x86_64 Linux binaries with its own LLD: its default from 1.90 on, when the
/// toolchain carries `rust-lld` (`gcc-ld/ld.lld` under the sysroot's target folder).
fn rustc_links_with_lld() -> bool {
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".to_owned());
    let run = |arg: &str| {
        Command::new(&rustc)
            .arg(arg)
            .output()
            .ok()
            .filter(|o| o.status.success())
            .and_then(|o| String::from_utf8(o.stdout).ok())
    };
    let minor = run("-vV").and_then(|v| {
        let release = v.lines().find_map(|l| l.strip_prefix("release: "))?;
        let mut parts = release.split('.');
        let major = parts.next()?.parse::<u32>().ok()?;
        let minor = parts.next()?.parse::<u32>().ok()?;
        (major == 1).then_some(minor)
    });
    let lld = run("--print=sysroot").is_some_and(|root| {
        Path::new(root.trim())
            .join("lib/rustlib/x86_64-unknown-linux-gnu/bin/gcc-ld/ld.lld")
            .is_file()
    });
    minor.is_some_and(|m| m >= 90) && lld
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
