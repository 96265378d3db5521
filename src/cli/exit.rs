//! Exit codes, shared by every command and documented in the README.

/// Success: the order is valid, or the command did what was asked.
pub const OK: u8 = 0;
/// The order has errors (validate, preview, submit), or a followed order ended badly.
pub const INVALID: u8 = 1;
/// The input could not be read or parsed, or the command line was wrong.
pub const USAGE: u8 = 2;
