//! The `certwiz` binary: all the work is in the library.

#![forbid(unsafe_code)]

fn main() -> std::process::ExitCode {
    certwiz::cli::main()
}
