//! The sandbox lives a lifetime: seeded issued orders across the coming three years, the order
//! list and the expiring report, renewal, reissue and revocation, and a clock tests can move.
//! `book` keeps the state, `rows` shows orders as the API does, `handlers` answers the calls.

pub mod book;
pub(super) mod handlers;
pub mod rows;
