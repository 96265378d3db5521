//! The wizard's screens, each a feature with its own update, drawing and commands: the five form
//! screens share [`form`]; then [`review`], [`submit`] and [`orders`].

pub mod form;
pub mod orders;
pub mod review;
pub mod submit;

use crate::order::catalog::Section;

/// The wizard's screens, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Screen {
    Certificate,
    Organization,
    Subject,
    Shipping,
    Payment,
    Review,
    Submit,
    Orders,
}

impl Screen {
    /// Every screen, in stepper order.
    pub const ALL: [Screen; 8] = [
        Screen::Certificate,
        Screen::Organization,
        Screen::Subject,
        Screen::Shipping,
        Screen::Payment,
        Screen::Review,
        Screen::Submit,
        Screen::Orders,
    ];

    /// The form section this screen edits, if it is a form.
    pub fn section(self) -> Option<Section> {
        match self {
            Screen::Certificate => Some(Section::Certificate),
            Screen::Organization => Some(Section::Organization),
            Screen::Subject => Some(Section::Subject),
            Screen::Shipping => Some(Section::Shipping),
            Screen::Payment => Some(Section::Payment),
            Screen::Review | Screen::Submit | Screen::Orders => None,
        }
    }

    /// The full title.
    pub fn title(self) -> &'static str {
        match self.section() {
            Some(s) => s.title(),
            None => match self {
                Screen::Review => "Review",
                Screen::Submit => "Submit",
                _ => "Orders",
            },
        }
    }

    /// A short name for a narrow stepper.
    pub fn short(self) -> &'static str {
        match self {
            Screen::Certificate => "Cert",
            Screen::Organization => "Org",
            Screen::Subject => "Subj",
            Screen::Shipping => "Ship",
            Screen::Payment => "Pay",
            Screen::Review => "Rev",
            Screen::Submit => "Send",
            Screen::Orders => "Ord",
        }
    }

    /// Its position, from 0.
    pub fn index(self) -> usize {
        Screen::ALL.iter().position(|s| *s == self).unwrap_or(0)
    }

    /// The next screen, if any.
    pub fn next(self) -> Option<Screen> {
        Screen::ALL.get(self.index() + 1).copied()
    }

    /// The previous screen, if any.
    pub fn prev(self) -> Option<Screen> {
        self.index().checked_sub(1).map(|i| Screen::ALL[i])
    }
}
