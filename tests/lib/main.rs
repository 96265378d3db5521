//! Tests of the library through its public API: the client and the sandbox, the store, the
//! order rules, properties, and the README's generated parts. One test binary: each file a module.

mod common;

mod account;
mod api_client;
mod conformance;
mod faults;
mod lifetime;
mod orders_wizard;
mod preflight;
mod properties;
mod readme;
mod rules;
mod sandbox;
mod store;
mod track_many;
