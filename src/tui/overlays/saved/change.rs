//! The saved list's own types: what was read to load into the form, and a change asked of the
//! list. A leaf: messages and effects carry these, and nothing here knows of them.

use crate::order::Draft;
use crate::store::Profile;

/// A saved thing read to load into the form.
#[derive(Debug, Clone, PartialEq)]
pub enum Opened {
    Profile(Profile),
    Draft {
        name: String,
        draft: Box<Draft>,
        /// The name the replaced form was kept under.
        kept: Option<String>,
    },
}

/// A change on the list of saved profiles or drafts.
#[derive(Debug, Clone, PartialEq)]
pub enum SavedChange {
    /// Save the form's part (or all of it, for a draft) under a name.
    Save {
        name: String,
        draft: Box<Draft>,
    },
    Rename {
        from: String,
        to: String,
    },
    Delete {
        name: String,
    },
}
