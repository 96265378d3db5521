//! The help's own state: how far it is scrolled. Only the help changes it (the field is private
//! to [`super`]).

/// How far the help is scrolled.
#[derive(Debug, Clone, Default)]
pub struct HelpState {
    pub(super) scroll: u16,
}

impl HelpState {
    /// How many wrapped lines the help is scrolled.
    pub fn scroll(&self) -> u16 {
        self.scroll
    }
}
