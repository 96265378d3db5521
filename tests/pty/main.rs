//! The real binary in a pseudo-terminal: the wizard end to end, its fault drills, panics and
//! secret hygiene. One test binary: each file a module.

#[path = "../support/mod.rs"]
mod support;

mod e2e_persist;
mod e2e_wizard;
mod fault_drills_tui;
mod mouse;
mod panic_safety;
mod plain_pty;
mod race_tui;
mod readme_pictures;
mod secrets;
mod signals;
