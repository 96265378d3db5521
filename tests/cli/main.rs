//! The command-line path: the real binary run as a script would, against its embedded sandbox in
//! temporary folders. One test binary: each file a module.

#[path = "../support/mod.rs"]
mod support;

mod batch;
mod cli_api;
mod cli_check;
mod cli_journal;
mod cli_store;
mod download;
mod fault_drills;
mod hostile;
mod install;
mod lifecycle;
mod log;
mod lost_output;
mod offered;
mod pasted;
mod plain;
mod plain_products;
mod preflight;
mod races;
mod truth;
