//! Review's own state: the selected field and how far the JSON pane is scrolled. Only Review
//! changes it (its fields are private to [`super`]); others keep the selection within the list
//! through [`ReviewState::keep_within`] and move it with [`ReviewState::select`].

/// Review's selection and JSON scroll.
#[derive(Debug, Clone, Default)]
pub struct ReviewState {
    /// The selected entry of Review's list.
    pub(super) selected: usize,
    /// How many lines the JSON pane is scrolled.
    pub(super) json_scroll: u16,
}

impl ReviewState {
    /// The selected entry of Review's list.
    pub fn selected(&self) -> usize {
        self.selected
    }

    /// How many lines the JSON pane is scrolled.
    pub fn json_scroll(&self) -> u16 {
        self.json_scroll
    }

    /// Keeps the selection within a list of `len` rows (the rows shift with the form).
    pub fn keep_within(&mut self, len: usize) {
        self.selected = self.selected.min(len.saturating_sub(1));
    }

    /// Selects entry `i` of the list (moving around, or a batch row's first error).
    pub fn select(&mut self, i: usize) {
        self.selected = i;
    }
}
