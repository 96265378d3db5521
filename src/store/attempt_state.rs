//! Where an order attempt stands in the journal.

use std::fmt;

use serde::{Deserialize, Serialize};

/// Where an attempt stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AttemptState {
    /// Written just before the POST; no answer yet.
    Sending,
    /// DigiCert answered with an order id.
    Placed,
    /// The POST may or may not have reached DigiCert; look the order up before trying again.
    OutcomeUnknown,
    /// Definitely not placed (DigiCert refused it).
    Failed,
}

impl fmt::Display for AttemptState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            AttemptState::Sending => "sending",
            AttemptState::Placed => "placed",
            AttemptState::OutcomeUnknown => "outcome unknown",
            AttemptState::Failed => "failed",
        })
    }
}
