//! Exit codes, shared by every command and documented in the README.

/// Success: the order is valid, or the command did what was asked.
pub const OK: u8 = 0;
/// The order has errors (validate, preview, submit), or a followed order ended badly.
pub const INVALID: u8 = 1;
/// The input could not be read or parsed, or the command line was wrong.
pub const USAGE: u8 = 2;
/// CertCentral (or the sandbox) refused the call or could not be reached.
pub const API_ERROR: u8 = 3;
/// Placing the order may or may not have worked: look it up before sending it again.
pub const OUTCOME_UNKNOWN: u8 = 4;
/// The order was not placed because the confirmation was declined.
pub const DECLINED: u8 = 5;
