//! The wizard's Orders screen on the sandbox, through the same services the wizard runs on: the
//! account's certificates, why a placed order waits, and a renewal's form filled from Order info
//! (issues 19 and 20).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::time::Duration;

use certwiz::order::inventory::is_document_signing;
use certwiz::order::{OrderStatus, Product};
use certwiz::ordering::renewal;
use certwiz::tui::api_services::ApiServices;
use certwiz::tui::services::Services;

use crate::common::{client, documented_request, sandbox};

#[tokio::test]
async fn the_wizard_lists_the_accounts_certificates_as_certwiz_certificates_does() {
    let dir = tempfile::tempdir().unwrap();
    let handle = sandbox(dir.path(), Duration::from_secs(3)).await;
    handle.seed_lifetime(50);
    let services = ApiServices::new(client(&handle));
    let rows = services.certificates().await.unwrap();
    assert_eq!(rows.len(), 50);
    assert!(rows.iter().all(|c| is_document_signing(&c.product)));
    let listed = certwiz::ordering::certificates::list_all(&client(&handle))
        .await
        .unwrap();
    assert_eq!(rows, listed, "one listing below both front ends");
}

#[tokio::test]
async fn a_placed_order_says_why_it_waits_and_an_issued_one_fills_a_renewal() {
    let dir = tempfile::tempdir().unwrap();
    let handle = sandbox(dir.path(), Duration::from_secs(3)).await;
    handle.seed_lifetime(10);
    let c = client(&handle);
    let services = ApiServices::new(c.clone());
    let order = c
        .place_order(Product::DocumentSigningOrg1, &documented_request())
        .await
        .unwrap();
    let request = order.first_request().and_then(|r| r.id);
    let lines = services
        .why_it_waits(order.id, OrderStatus::NeedsApproval, request)
        .await;
    assert!(
        lines.iter().any(|l| l.starts_with("approval: ")),
        "{lines:?}"
    );
    assert!(
        lines.iter().any(|l| l.contains("certwiz approve")),
        "{lines:?}"
    );
    // An issued order of the account: the renewal's form as `certwiz renew` fills it.
    let rows = services.certificates().await.unwrap();
    let old = rows.iter().find(|c| c.status == "issued").unwrap().order_id;
    let info = services.order_info(old).await.unwrap();
    let product = renewal::product_of(&info).unwrap();
    assert_eq!(renewal::renewable(&info, false), Ok(()));
    let (draft, _) = renewal::draft_from_info(product, &info);
    assert_eq!(draft.product, product);
    assert!(!draft.get("organization.id").is_empty(), "{draft:?}");
}
