//! The journal helpers the commands share; they live in [`crate::attempts`] so the wizard uses
//! the same rules.

pub(super) use crate::attempts::{
    INTERRUPTED_AFTER, StatusWriter, blocking_attempts, change_of, definitely_not_placed, describe,
    on_journal, settle_advice, when,
};
