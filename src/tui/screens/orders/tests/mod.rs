//! The Orders screen's tests: its two lists, the actions on a row, delivery, what it says of
//! an order's state, and its snapshots.

mod account_actions;
mod delivery;
mod lists;
mod snapshot;
mod truth;
