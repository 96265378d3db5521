//! Submit: what will be sent where, the question before sending, the POST and its answer.

pub mod commands;
pub mod draw;
pub mod preflight;
pub mod summary;
pub mod update;

use time::OffsetDateTime;

/// Where the order POST stands. Submitting is allowed only from `Ready` and `Failed`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SubmitState {
    Ready,
    InFlight {
        since: Option<OffsetDateTime>,
    },
    Placed {
        order_id: i64,
    },
    /// The API refused the order, or it could not be sent; nothing was placed.
    Failed {
        message: String,
    },
    /// The POST may have reached DigiCert; sending again needs an explicit yes.
    Unknown {
        message: String,
        at: Option<OffsetDateTime>,
    },
}

#[cfg(test)]
mod tests;
