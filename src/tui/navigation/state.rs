//! Where the person is: the screen, the screens they have been on, and the field last focused
//! on each form screen left. Only [`crate::tui::navigation`] changes it (the fields are private
//! to it); features move around by its functions ([`super::go_to`] and the like).

use std::collections::{BTreeMap, BTreeSet};

use crate::tui::screens::Screen;

/// The screen shown and the way there.
#[derive(Debug, Clone)]
pub struct Place {
    /// The screen shown.
    pub(super) screen: Screen,
    /// Screens the person has been on.
    pub(super) visited: BTreeSet<Screen>,
    /// The field last focused on each form screen left, where going back to it puts the focus.
    pub(super) last_focus: BTreeMap<Screen, String>,
}

impl Default for Place {
    /// The first screen, the only one visited.
    fn default() -> Self {
        Place {
            screen: Screen::Certificate,
            visited: BTreeSet::from([Screen::Certificate]),
            last_focus: BTreeMap::new(),
        }
    }
}

impl Place {
    /// The screen shown.
    pub fn screen(&self) -> Screen {
        self.screen
    }

    /// Whether the person has been on `screen`.
    pub fn visited(&self, screen: Screen) -> bool {
        self.visited.contains(&screen)
    }
}
