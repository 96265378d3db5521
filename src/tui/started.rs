//! What the files on disk say at start, read after the first frame is drawn.

use crate::store::{JournalEntry, Resume, SetAside};

/// What the files on disk say at start (the autosave, the journal, files set aside), read
/// after the first frame is drawn and given to the wizard as [`super::msg::Msg::Started`].
#[derive(Debug, Clone, Default)]
pub struct Started {
    /// The autosaved form to offer.
    pub resume: Option<Resume>,
    /// The journal, newest first: unfinished orders are followed again.
    pub journal: Vec<JournalEntry>,
    /// Files the store set aside.
    pub set_aside: Vec<SetAside>,
    /// Said first, such as the name the earlier autosave was kept under.
    pub notice: Option<String>,
    /// When they were read.
    pub at: Option<time::OffsetDateTime>,
    /// Set by the runtime: the person's input came first (a key, a paste or a click), so the
    /// Orders screen does not open by itself.
    pub acted: bool,
}
