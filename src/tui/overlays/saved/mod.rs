//! Saved profiles and drafts: an overlay listing saved subject or shipping profiles, or named
//! drafts, to load, save under a name, rename or delete.

pub mod change;
pub mod commands;
pub mod draw;
pub mod update;

use time::OffsetDateTime;

use crate::store::ProfileKind;

/// What the list holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SavedKind {
    Profile(ProfileKind),
    Draft,
}

impl SavedKind {
    /// A name for titles and messages: `subject profile`, `draft`.
    pub fn what(self) -> &'static str {
        match self {
            SavedKind::Profile(ProfileKind::Subject) => "subject profile",
            SavedKind::Profile(ProfileKind::Shipping) => "shipping profile",
            SavedKind::Draft => "draft",
        }
    }
}

/// One saved profile or draft as the list shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SavedItem {
    pub name: String,
    pub summary: String,
    pub saved_at: Option<OffsetDateTime>,
}

/// The state of the overlay listing saved profiles or drafts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SavedList {
    pub kind: SavedKind,
    /// `None` until the store answered.
    pub items: Option<Vec<SavedItem>>,
    pub cursor: usize,
}

impl SavedList {
    /// The highlighted item.
    pub fn selected(&self) -> Option<&SavedItem> {
        self.items.as_ref()?.get(self.cursor)
    }
}

#[cfg(test)]
mod tests;
