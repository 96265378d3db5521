//! The real binary in a pseudo-terminal against its embedded sandbox: the documented example is
//! typed key by key, submitted, and followed until approved; the sandbox must have received
//! exactly the documented body.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::support::{ENTER, PGDN, Session, type_documented_order};

const FIXTURE: &str = include_str!("../fixtures/documented-order-request.json");

#[test]
fn documented_order_typed_submitted_and_approved() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Session::start(dir.path(), 40, 120);
    s.wait_for(&["SANDBOX", "1/8 Certificate", "= required"]);
    type_documented_order(&mut s);
    s.send(PGDN);
    s.wait_for(&["7/8 Submit", "Ready."]);
    s.send(ENTER);
    s.wait_for(&["Send this order to SANDBOX?"]);
    s.send("y");
    s.wait_for(&["Order 112233 placed"]);
    s.wait_for(&["✓ approved", "certificate id: 113"]);

    s.send("q");
    let status = s.wait_exit();
    assert!(status.success(), "{status:?}");

    // The sandbox's own store, as it persisted the order in the temporary data folder.
    let store =
        certwiz::sandbox::state::Store::open(&dir.path().join("data/certwiz/sandbox")).unwrap();
    let orders = store.read(|book| book.orders.clone()).unwrap();
    assert_eq!(orders.len(), 1, "exactly one order was placed");
    let expected: serde_json::Value = serde_json::from_str(FIXTURE).unwrap();
    assert_eq!(orders[0].body, expected);
}
