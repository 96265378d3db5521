//! The account's certificates on Orders (the list `certwiz certificates` prints), beside the
//! orders followed from this machine: their state only. A leaf: messages, effects and the
//! model carry these, and nothing here knows of them.

use time::OffsetDateTime;

use crate::order::inventory::Certificate;

/// Which list Orders shows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum OrdersList {
    /// The orders placed from this machine, followed live.
    #[default]
    Followed,
    /// The account's document signing certificates, soonest expiry first.
    Account,
}

/// Where the listing from CertCentral stands.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Refresh {
    /// Not asked for yet (Orders was not opened).
    #[default]
    NotAsked,
    /// Being listed, in the background.
    Listing,
    /// Listed at this time.
    Listed(OffsetDateTime),
    /// Could not be listed: why.
    Failed(String),
}

/// The account's certificates as last read: from the inventory at once, then from CertCentral.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AccountCertificates {
    /// Soonest expiry first.
    pub rows: Vec<Certificate>,
    /// When the stored rows were listed (`None`: nothing stored, or not read yet).
    pub stored_at: Option<OffsetDateTime>,
    /// Why the stored rows could not be read.
    pub stored_error: Option<String>,
    pub refresh: Refresh,
    pub selected: usize,
}

impl AccountCertificates {
    /// The certificate being shown.
    pub fn selected(&self) -> Option<&Certificate> {
        self.rows.get(self.selected)
    }
}
