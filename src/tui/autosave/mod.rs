//! Where the autosave of the form stands. The update function notes edits and, on each clock
//! message, asks for a write when the [`Debouncer`] says one is due.

pub mod update;

use std::time::Instant;

use crate::order::DraftPosition;
use crate::store::Debouncer;

/// The autosave's state in the model.
#[derive(Debug, Clone, Default)]
pub struct Autosave {
    /// When to write.
    pub debouncer: Debouncer,
    /// The form changed since the last clock message; the clock gives the change its time.
    pub edited: bool,
    /// A write is on its way; the next one waits for its answer.
    pub writing: bool,
    /// Writes wait until the person chose whether to resume the earlier autosave and, for a new
    /// form, until that autosave was kept: writing earlier would overwrite it.
    pub held: bool,
    /// The last clock message.
    pub clock: Option<Instant>,
    /// Where the person was in the last write asked for (or the form resumed): moving
    /// elsewhere makes a write due on quitting, so the next start resumes there.
    pub saved_position: Option<DraftPosition>,
    /// Where the autosave offered at start was left: the wizard goes there if it is resumed.
    pub resume_at: Option<DraftPosition>,
}

impl Autosave {
    /// Whether the form has changes that are not on disk yet.
    pub fn is_dirty(&self) -> bool {
        self.edited || self.debouncer.is_dirty()
    }

    /// When the next write is due, for the runtime's timer.
    pub fn deadline(&self) -> Option<Instant> {
        if self.held || self.writing {
            return None;
        }
        self.debouncer.deadline()
    }
}
