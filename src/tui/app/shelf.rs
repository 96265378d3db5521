//! The shelf: an overlay listing saved subject or shipping profiles, or named drafts, to load,
//! save under a name, rename or delete.

use time::OffsetDateTime;

use crate::store::ProfileKind;

/// What a shelf holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShelfKind {
    Profile(ProfileKind),
    Draft,
}

impl ShelfKind {
    /// A name for titles and messages: `subject profile`, `draft`.
    pub fn what(self) -> &'static str {
        match self {
            ShelfKind::Profile(ProfileKind::Subject) => "subject profile",
            ShelfKind::Profile(ProfileKind::Shipping) => "shipping profile",
            ShelfKind::Draft => "draft",
        }
    }
}

/// One saved thing as the shelf lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShelfItem {
    pub name: String,
    pub summary: String,
    pub saved_at: Option<OffsetDateTime>,
}

/// The shelf overlay's state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shelf {
    pub kind: ShelfKind,
    /// `None` until the store answered.
    pub items: Option<Vec<ShelfItem>>,
    pub cursor: usize,
}

impl Shelf {
    /// The highlighted item.
    pub fn selected(&self) -> Option<&ShelfItem> {
        self.items.as_ref()?.get(self.cursor)
    }
}
