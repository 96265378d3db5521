//! The account snapshot (`ordering::account`): one read for the wizard, plain mode and the
//! commands, against the sandbox with injected faults.

use std::time::Duration;

use crate::common::*;
use certwiz::api::ErrorKind;
use certwiz::order::Product;
use certwiz::ordering::account::{AccountPart, Want, read};
use certwiz::sandbox::{Fault, Route};

const STEP: Duration = Duration::from_secs(60);

#[tokio::test]
async fn every_part_is_read_and_the_details_asked_for() {
    let dir = tempfile::tempdir().unwrap();
    let sandbox = sandbox(dir.path(), STEP).await;
    let snapshot = read(&client(&sandbox), Want::form()).await.unwrap();
    assert!(snapshot.unread.is_empty(), "{:?}", snapshot.unread);
    assert!(!snapshot.organizations().is_empty());
    assert!(!snapshot.containers().is_empty());
    assert!(snapshot.users.is_some() && snapshot.products.is_some());
    assert_eq!(snapshot.details.len(), Product::ALL.len());
    let users_read = sandbox.hits(Route::Users);
    assert!(users_read >= 1);
    // Checking orders needs no users and only the products asked for.
    let snapshot = read(&client(&sandbox), Want::orders_of(&[Product::DsOrg]))
        .await
        .unwrap();
    assert_eq!(snapshot.users, None);
    assert_eq!(
        sandbox.hits(Route::Users),
        users_read,
        "users are not read for orders"
    );
    assert!(snapshot.product(Product::DsOrg).is_some());
    assert!(snapshot.product(Product::DocumentSigningOrg1).is_none());
    assert!(snapshot.context(Product::DsOrg).product.is_some());
}

#[tokio::test]
async fn a_part_that_cannot_be_read_is_noted_and_its_rules_left_out() {
    let dir = tempfile::tempdir().unwrap();
    let sandbox = sandbox(dir.path(), STEP).await;
    sandbox
        .faults()
        .inject_always(Route::Metadata, Fault::Status(403));
    let snapshot = read(&client(&sandbox), Want::orders_of(&[Product::DsOrg]))
        .await
        .unwrap();
    assert_eq!(snapshot.metadata, None, "unread, not empty");
    assert!(!snapshot.has_read(AccountPart::Metadata));
    assert!(snapshot.has_read(AccountPart::Organizations));
    assert_eq!(snapshot.unread.len(), 1, "{:?}", snapshot.unread);
    assert!(snapshot.context(Product::DsOrg).metadata.is_none());
    // The wizard can do without the custom fields too…
    let wizard = read(&client(&sandbox), Want::wizard()).await.unwrap();
    assert!(!wizard.has_read(AccountPart::Metadata));
}

#[tokio::test]
async fn a_required_part_or_a_refused_key_ends_the_read() {
    let dir = tempfile::tempdir().unwrap();
    let sandbox = sandbox(dir.path(), STEP).await;
    sandbox
        .faults()
        .inject_always(Route::Containers, Fault::Status(403));
    // …but not without the divisions; the commands can.
    let err = read(&client(&sandbox), Want::wizard()).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::MissingPermission);
    let snapshot = read(&client(&sandbox), Want::orders_of(&[])).await.unwrap();
    assert_eq!(snapshot.containers, None);
    assert!(!snapshot.has_read(AccountPart::Containers));
    sandbox.faults().clear();
    sandbox.faults().inject(Route::Users, Fault::Status(401), 1);
    let err = read(&client(&sandbox), Want::form()).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::BadKey);
}

#[tokio::test]
async fn details_of_a_product_not_sold_are_not_missed() {
    let dir = tempfile::tempdir().unwrap();
    let sandbox = sandbox(dir.path(), STEP).await;
    sandbox
        .faults()
        .inject_always(Route::ProductDetails, Fault::Status(404));
    let want = Want {
        users: false,
        details: &[Product::DocumentSigningOrg1],
        required: &[],
    };
    // Sold: its details are missed, and said.
    let snapshot = read(&client(&sandbox), want).await.unwrap();
    assert_eq!(
        snapshot.unread.iter().map(|(p, _)| *p).collect::<Vec<_>>(),
        [AccountPart::Details(Product::DocumentSigningOrg1)]
    );
    // Not sold: nothing to miss.
    sandbox.sell_only(Some(&[Product::DsOrg]));
    let snapshot = read(&client(&sandbox), want).await.unwrap();
    assert!(snapshot.unread.is_empty(), "{:?}", snapshot.unread);
    assert!(snapshot.product(Product::DocumentSigningOrg1).is_none());
}
