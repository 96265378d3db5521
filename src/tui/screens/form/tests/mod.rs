//! The form screens' tests: behaviour at the field, fitting the terminal, the current
//! products, the documented account answers, parity with plain mode, and their snapshots.

mod behave;
mod conformance;
mod current_products;
mod fit;
mod parity;
mod snapshot;
