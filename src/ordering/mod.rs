//! The one ordering core, below every front end (the wizard, plain mode, `submit`, `submit
//! --batch`, `status`, `orders`) and free of terminal code: the earlier attempts of an order,
//! ONE send (journal first: check and record in one transaction at the moment of sending, then
//! the POST, then the outcome as the evidence says), following with journaling built in, and
//! how an attempt is described; and submitting an organization for document signing validation. Front ends keep only their words and exit codes.

pub mod account;
mod call;
pub mod certificates;
pub mod download;
mod follow;
pub mod renewal;
mod send;
mod validation;
pub mod waiting;
mod words;

pub use call::{definitely_not_placed, earlier, on_journal};
pub use follow::StatusWriter;
pub use send::{PostError, Sent, send};
pub use validation::{DsSubmission, active, active_or_pending, submit_ds};
pub use words::{change_of, describe, earlier_attempts, endpoint_flags, settle_advice, when};

pub use crate::store::journal::{Allow, INTERRUPTED_AFTER, Recorded};
