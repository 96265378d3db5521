//! Where the autosave of the form stands. The update function notes edits and, on each clock
//! message, asks for a write when the [`Debouncer`] says one is due.

pub mod update;

use std::time::Instant;

use crate::order::DraftPosition;
use crate::store::Debouncer;

/// The autosave's state in the model. Its fields are private to this feature: others note an
/// edit ([`Autosave::note_edit`]) or ask ([`Autosave::is_held`]), and only
/// [`update`]'s functions change the rest.
#[derive(Debug, Clone, Default)]
pub struct Autosave {
    /// When to write.
    debouncer: Debouncer,
    /// The form changed and the change has no time yet: the runtime stamps it
    /// ([`update::stamp`]) when it sees the message that made it, or the next clock does.
    edited: bool,
    /// A write is on its way; the next one waits for its answer.
    writing: bool,
    /// Writes wait until the person chose whether to resume the earlier autosave and, for a new
    /// form, until that autosave was kept: writing earlier would overwrite it.
    held: bool,
    /// The last clock message.
    clock: Option<Instant>,
    /// Where the person was in the last write asked for (or the form resumed): moving
    /// elsewhere makes a write due on quitting, so the next start resumes there.
    saved_position: Option<DraftPosition>,
    /// Where the autosave offered at start was left: the wizard goes there if it is resumed.
    resume_at: Option<DraftPosition>,
    /// The person quit while a write was on its way: the write on quitting waits for its answer
    /// (an older form must not land after the newer one), then the wizard leaves.
    quit_after_write: bool,
    /// The person quit: no key acts any more, and the wizard ends when the last write is
    /// answered.
    quitting: bool,
}

impl Autosave {
    /// Whether the form has changes that are not on disk yet.
    pub fn is_dirty(&self) -> bool {
        self.edited || self.debouncer.is_dirty()
    }

    /// Notes that the form changed: the update calls this where it edits the draft.
    pub fn note_edit(&mut self) {
        self.edited = true;
    }

    /// For tests: a write was asked for at `position` (as [`update::on_clock`] notes).
    #[cfg(test)]
    pub fn written_at(&mut self, position: DraftPosition) {
        self.saved_position = Some(position);
    }

    /// Whether an edit waits for its time (the runtime then stamps it).
    pub fn needs_stamp(&self) -> bool {
        self.edited
    }

    /// The form became an order (or may have): its edits are not kept, and the next start is a
    /// fresh form.
    pub fn forget_edits(&mut self) {
        self.debouncer = Debouncer::default();
        self.edited = false;
    }

    /// Whether writes wait for the person's answer about the earlier autosave.
    pub fn is_held(&self) -> bool {
        self.held
    }

    /// Whether the person quit (the wizard ends when the last write is answered).
    pub fn is_quitting(&self) -> bool {
        self.quitting
    }

    /// Whether a write is on its way.
    pub fn is_writing(&self) -> bool {
        self.writing
    }

    /// When the next write is due, for the runtime's timer.
    pub fn deadline(&self) -> Option<Instant> {
        if self.held || self.writing {
            return None;
        }
        self.debouncer.deadline()
    }
}

#[cfg(test)]
mod tests;
