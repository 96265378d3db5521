//! `certwiz man`: man pages generated from the command line's own definition (clap_mangen), so
//! they can never disagree with `--help`. A subcommand of the binary rather than an `xtask` or a
//! build script: the pages are made from the very binary that is installed (its version and
//! commit included), `cargo install` needs nothing more, and packagers run one command.

use std::io::Write;
use std::path::Path;

use super::exit;

/// Without `dir`, certwiz(1) on standard output; with it, one page for certwiz and for every
/// command and subcommand (`certwiz-draft-save.1`) in `dir`, created if missing. `cli` is the
/// command line's definition (`Cli::command()`).
pub fn run(cli: clap::Command, dir: Option<&Path>) -> u8 {
    match dir {
        None => {
            let mut out = std::io::stdout().lock();
            match clap_mangen::Man::new(cli).render(&mut out) {
                Ok(()) => {
                    let _ = out.flush();
                    exit::OK
                }
                // A reader that went away (`certwiz man | head`) is no failure (`crate::say`).
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => exit::OK,
                Err(e) => {
                    errln!("certwiz: cannot write the man page: {e}");
                    exit::USAGE
                }
            }
        }
        Some(dir) => match write_all(cli, dir) {
            Ok(count) => {
                outln!("wrote {count} man pages to {}", dir.display());
                exit::OK
            }
            Err(e) => {
                errln!("certwiz: cannot write man pages to {}: {e}", dir.display());
                exit::USAGE
            }
        },
    }
}

/// Writes every page into `dir`; how many.
fn write_all(cli: clap::Command, dir: &Path) -> std::io::Result<usize> {
    std::fs::create_dir_all(dir)?;
    let count = pages(&cli);
    clap_mangen::generate_to(cli, dir)?;
    Ok(count)
}

/// certwiz's page and one for each visible command, at every depth: what `generate_to` writes.
fn pages(cmd: &clap::Command) -> usize {
    1 + cmd
        .get_subcommands()
        .filter(|s| !s.is_hide_set())
        .map(pages)
        .sum::<usize>()
}
