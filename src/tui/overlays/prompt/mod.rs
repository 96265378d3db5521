//! A one-line question that takes text; what the text does belongs to the feature that asked.

pub mod draw;
pub mod update;

use crate::tui::input::TextInput;
use crate::tui::overlays::saved::SavedKind;

/// What a prompt's text is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PromptPurpose {
    /// A name to save the profile or draft under.
    SaveAs(SavedKind),
    /// A new name for a saved profile or draft.
    RenameSaved {
        kind: SavedKind,
        from: String,
    },
    CsrFile,
    ExportJson,
    ExportCurl,
    RejectComment {
        order_id: i64,
        request_id: i64,
    },
    CancelNote {
        order_id: i64,
    },
}

/// A one-line question that takes text.
#[derive(Debug, Clone)]
pub struct Prompt {
    pub title: String,
    pub hint: String,
    pub input: TextInput,
    pub purpose: PromptPurpose,
}
