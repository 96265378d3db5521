//! Submit: what will be sent where, the question before sending, the POST and its answer.

pub mod commands;
pub mod draw;
pub mod preflight;
pub mod summary;
pub mod update;

use time::OffsetDateTime;

use preflight::state::Preflight;

/// Where the order POST stands. Submitting is allowed only from `Ready` and `Failed`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SubmitState {
    Ready,
    InFlight {
        since: Option<OffsetDateTime>,
    },
    Placed {
        order_id: i64,
    },
    /// The API refused the order, or it could not be sent; nothing was placed.
    Failed {
        message: String,
    },
    /// The POST may have reached DigiCert; sending again needs an explicit yes.
    Unknown {
        message: String,
        at: Option<OffsetDateTime>,
    },
}

/// Submit's own state: where the order POST stands, the earlier attempts the open "send again?"
/// question names, and the pre-flight check. Only Submit changes it (its fields are private to
/// this module and its children); another feature that replaces the form says so through
/// [`Submission::for_another_form`] or [`Submission::for_renewal`].
#[derive(Debug, Clone)]
pub struct Submission {
    /// Where the order POST stands.
    state: SubmitState,
    /// The earlier attempts of this form the open "send again?" question names (a yes sends past
    /// these only; the journal checks again at the moment of sending).
    earlier_named: Vec<String>,
    /// The pre-flight check before the Submit question.
    preflight: Preflight,
    /// The form as it was last sent: once it is placed, a form changed since is another order.
    sent_form: Option<crate::order::Draft>,
}

impl Default for Submission {
    fn default() -> Self {
        Submission {
            state: SubmitState::Ready,
            earlier_named: Vec::new(),
            preflight: Preflight::default(),
            sent_form: None,
        }
    }
}

impl Submission {
    /// Where the order POST stands.
    pub fn state(&self) -> &SubmitState {
        &self.state
    }

    /// Where the order POST stands for `draft`, the form as it is now: a form changed after it
    /// was placed is a new order, `Ready` to be sent as one (asked first, as every order is;
    /// the placed one is on Orders). It was refused as "placed as order N; it is not sent
    /// twice", which was not true of the changed form.
    pub fn now_for(&self, draft: &crate::order::Draft) -> &SubmitState {
        static READY: SubmitState = SubmitState::Ready;
        match self.placed_before_change(draft) {
            Some(_) => &READY,
            None => &self.state,
        }
    }

    /// The order placed from this form before it was changed, when it was.
    pub fn placed_before_change(&self, draft: &crate::order::Draft) -> Option<i64> {
        match (&self.state, &self.sent_form) {
            (SubmitState::Placed { order_id }, Some(sent)) if sent != draft => Some(*order_id),
            _ => None,
        }
    }

    /// Whether the order POST is out, its answer not in yet.
    pub fn in_flight(&self) -> bool {
        matches!(self.state, SubmitState::InFlight { .. })
    }

    /// The pre-flight check before the Submit question.
    pub fn preflight(&self) -> &Preflight {
        &self.preflight
    }

    /// Another form (an opened draft, a batch row) replaced the one submitted: what was placed,
    /// refused or may have been placed was the old form's, so it may be sent; an order on its
    /// way stays on its way.
    pub fn for_another_form(&mut self) {
        if !self.in_flight() {
            self.state = SubmitState::Ready;
        }
    }

    /// A renewal's form replaced the one submitted: a placed or refused order was the old
    /// form's, so the renewal may be sent; an outcome not known yet still asks before sending.
    pub fn for_renewal(&mut self) {
        if matches!(
            self.state,
            SubmitState::Placed { .. } | SubmitState::Failed { .. }
        ) {
            self.state = SubmitState::Ready;
        }
    }

    /// Puts the POST in `state`, for a test to start from it.
    #[cfg(test)]
    pub fn set_for_test(&mut self, state: SubmitState) {
        self.state = state;
    }
}

#[cfg(test)]
mod tests;
