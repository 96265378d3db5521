//! The sandbox's lifetime through the library's client: an account of 10,000 document signing
//! orders listed within DigiCert's rate limits, paging until a short page, and the expiring
//! report's buckets for the 50 seeded by default.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::HashSet;
use std::time::Duration;

use certwiz::api::limiter::DIGICERT_WINDOWS;
use certwiz::order::inventory::{DOCUMENT_SIGNING_PRODUCTS, OrderFilters};
use certwiz::sandbox::Route;

use crate::common::{client, sandbox};

#[tokio::test]
async fn ten_thousand_orders_are_listed_without_a_single_429() {
    let dir = tempfile::tempdir().unwrap();
    let handle = sandbox(dir.path(), Duration::from_secs(3)).await;
    handle.seed_lifetime(10_000);
    handle.enforce_rate_limit(&DIGICERT_WINDOWS);
    let client = client(&handle);
    let mut ids = HashSet::new();
    for product in DOCUMENT_SIGNING_PRODUCTS {
        let filters = OrderFilters {
            product_name_id: Some(product.to_owned()),
            ..OrderFilters::default()
        };
        let read = client
            .list_orders(&filters, |page| {
                for order in page {
                    assert_eq!(
                        order.product.as_ref().unwrap().name_id.as_deref(),
                        Some(product)
                    );
                    ids.insert(order.id);
                }
            })
            .await
            .unwrap();
        assert_eq!(read, 2_000);
    }
    assert_eq!(ids.len(), 10_000);
    assert_eq!(handle.rate_limited(), 0);
    // 1,000 a page: two full pages and an empty one per product.
    assert_eq!(handle.hits(Route::ListOrders), 15);
}

#[tokio::test]
async fn the_expiring_report_counts_the_seeded_orders_in_digicerts_buckets() {
    let dir = tempfile::tempdir().unwrap();
    let handle = sandbox(dir.path(), Duration::from_secs(3)).await;
    handle.seed_lifetime(50);
    let report = client(&handle).expiring_report().await.unwrap();
    let counts: Vec<(i64, i64)> = report
        .expiring_orders
        .iter()
        .map(|b| (b.days_expiring.unwrap(), b.order_count.unwrap()))
        .collect();
    // 60-90 days: 75-79; 30-59: 45-49; 1-29: 1, 5-9, 14-18, 25-29; the last 7 days: -3..0.
    assert_eq!(counts, vec![(90, 5), (60, 5), (30, 16), (-7, 4)]);
}

#[tokio::test]
async fn the_list_honours_status_filters_sort_and_paging() {
    let dir = tempfile::tempdir().unwrap();
    let handle = sandbox(dir.path(), Duration::from_secs(3)).await;
    handle.seed_lifetime(50);
    let client = client(&handle);
    let filters = OrderFilters {
        status: Some("revoked".to_owned()),
        ..OrderFilters::default()
    };
    assert_eq!(client.list_orders(&filters, |_| {}).await.unwrap(), 0);
    let sorted = OrderFilters {
        sort: Some("-valid_till".to_owned()),
        ..OrderFilters::default()
    };
    let mut tills = Vec::new();
    client
        .list_orders(&sorted, |page| {
            tills.extend(
                page.into_iter()
                    .map(|o| o.certificate.unwrap().valid_till.unwrap()),
            );
        })
        .await
        .unwrap();
    assert_eq!(tills.len(), 50);
    assert!(tills.windows(2).all(|w| w[0] >= w[1]), "{tills:?}");
}

/// The wizard lists the account 200 rows a call (`ordering::certificates::WIZARD_PAGE`, for its
/// memory): the same certificates as the commands' 1,000 a page, in more calls, still pages
/// until a short one.
#[tokio::test]
async fn a_smaller_page_lists_the_same_certificates_in_more_calls() {
    use certwiz::ordering::certificates::{WIZARD_PAGE, list_all, list_all_by};
    let dir = tempfile::tempdir().unwrap();
    let handle = sandbox(dir.path(), Duration::from_secs(3)).await;
    handle.seed_lifetime(2_000);
    let client = client(&handle);
    let whole = list_all(&client).await.unwrap();
    let calls = handle.hits(Route::ListOrders);
    // 400 a product: one short page each.
    assert_eq!(calls, 5);
    let paged = list_all_by(&client, WIZARD_PAGE).await.unwrap();
    assert_eq!(paged.len(), 2_000);
    assert_eq!(
        paged.iter().map(|c| c.order_id).collect::<Vec<_>>(),
        whole.iter().map(|c| c.order_id).collect::<Vec<_>>()
    );
    // 400 a product, 200 a call: two full pages and an empty one each.
    assert_eq!(handle.hits(Route::ListOrders) - calls, 15);
}

/// The wizard offers `i` on an issued token order of the account and says "i shows it"; the
/// sandbox's seeded orders answered Order info without `hardware_init_code`, so `i` could only
/// say there was none. A seeded issued order carries its install code as a placed one does.
#[tokio::test]
async fn a_seeded_issued_token_order_has_its_install_code() {
    let dir = tempfile::tempdir().unwrap();
    let handle = sandbox(dir.path(), Duration::from_secs(3)).await;
    let client = client(&handle);
    let info = client.order_info(5_000_000).await.unwrap();
    assert_eq!(info.status.as_ref().map(|s| s.as_str()), Some("issued"));
    assert_eq!(info.cs_provisioning_method.as_deref(), Some("ship_token"));
    let code = info.hardware_init_code.expect("an install code");
    assert_eq!(code.len(), 8);
    assert!(code.chars().all(|c| c.is_ascii_digit()), "{code}");
}
