//! Where the pre-flight check of the form about to be sent stands (the model's part; kept apart
//! from the logic so the model imports nothing that imports it).

use crate::order::preflight::Report;

/// Where the check of the form about to be sent stands.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Preflight {
    /// Not asked for this send.
    #[default]
    Idle,
    /// Reading CertCentral's answers; the question waits for them.
    Checking,
    /// Read (`None`: the check could not run); used by the next question, then dropped.
    Done(Option<Report>),
}
