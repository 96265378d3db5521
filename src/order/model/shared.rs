//! Types both bodies share (the older page's and the current pages'), apart so that neither
//! body's module points back at the other.

use serde::{Deserialize, Serialize};

/// `order_validity`: DigiCert's current form of the validity (years 1-3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrderValidity {
    pub years: u8,
}

/// An object that only carries an id: `organization`, `container`, `server_platform`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IdRef {
    pub id: i64,
}
