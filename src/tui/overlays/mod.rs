//! What can cover a screen, each a feature with its own state, update, drawing and commands:
//! pickers, prompts, yes/no questions, the help, the saved profiles and drafts, and a batch file
//! under review.

pub mod batch;
pub mod confirm;
pub mod help;
pub mod picker;
pub mod prompt;
pub mod saved;

use confirm::Confirm;
use picker::Picker;
use prompt::Prompt;
use saved::SavedList;

/// What covers the screen.
#[derive(Debug, Clone)]
pub enum Overlay {
    Help,
    Picker(Picker),
    Confirm(Confirm),
    Prompt(Box<Prompt>),
    SavedList(SavedList),
    /// The batch file under review (its rows are the model's `batch`).
    Batch,
}
