//! The wizard's model fed DigiCert's documented answers (tests/fixtures/digicert), parsed by the
//! same types the client reads them with (tests/lib/conformance.rs replays them over HTTP).

use crossterm::event::KeyCode;
use serde_json::Value;

use crate::order::Product;
use crate::order::account::{ContainerList, MetadataList, OrganizationList, UserList};
use crate::tui::app::{Remote, Screen};
use crate::tui::fixtures::{bare, focus_path, press, render};
use crate::tui::msg::Msg;
use crate::tui::services::{AccountData, Failure, ServiceError};
use crate::tui::update::{go_to, update};

fn body(text: &str) -> Value {
    let fixture: Value = serde_json::from_str(text).unwrap();
    assert!(fixture["page"].as_str().unwrap().contains("https://"));
    fixture["body"].clone()
}

fn documented_account() -> AccountData {
    let orgs: OrganizationList = serde_json::from_value(body(include_str!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/digicert/list-organizations.json"
    ))))
    .unwrap();
    let containers: ContainerList = serde_json::from_value(body(include_str!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/digicert/list-containers.json"
    ))))
    .unwrap();
    let users: UserList = serde_json::from_value(body(include_str!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/digicert/list-users.json"
    ))))
    .unwrap();
    let metadata: MetadataList = serde_json::from_value(body(include_str!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/digicert/list-custom-fields.json"
    ))))
    .unwrap();
    AccountData {
        organizations: Some(orgs.organizations),
        containers: Some(containers.containers),
        users: Some(users.users),
        metadata: Some(metadata.metadata),
        ..AccountData::default()
    }
}

fn documented_model() -> crate::tui::app::Model {
    let mut m = bare((80, 24));
    update(&mut m, Msg::Account(Ok(documented_account())));
    let details = serde_json::from_value(body(include_str!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/digicert/product-info.json"
    ))))
    .unwrap();
    update(&mut m, Msg::ProductDetails(Product::default(), Ok(details)));
    m
}

#[test]
fn documented_product_info_opens_without_error_and_lists_its_platforms() {
    let mut m = documented_model();
    assert!(matches!(m.product_details(), Remote::Ready(_)));
    let screen = render(&m);
    assert!(!screen.contains("could not"), "{screen}");
    assert!(!screen.contains("not read"), "{screen}");
    focus_path(&mut m, "certificate.server_platform.id");
    press(&mut m, KeyCode::Enter);
    let picker = render(&m);
    assert!(
        picker.contains("-1") && picker.contains("OTHER"),
        "{picker}"
    );
    assert!(picker.contains("Example platform 21"), "{picker}");
    assert!(
        picker.contains("2 of 2"),
        "-1 is listed once, not added again: {picker}"
    );
}

#[test]
fn an_unread_product_is_one_quiet_line() {
    let mut m = bare((80, 24));
    update(
        &mut m,
        Msg::ProductDetails(
            Product::default(),
            Err(ServiceError::new(
                Failure::Other,
                "Could not read CertCentral's answer while reading the details of document_signing_org_1 (HTTP 200): it answered, but not with the expected JSON",
            )),
        ),
    );
    let screen = render(&m);
    assert!(screen.contains("(product details not read)"), "{screen}");
    assert!(!screen.contains("expected JSON"), "{screen}");
}

#[test]
fn unknown_and_mismatched_ids_are_errors_at_their_fields_before_sending() {
    let mut m = documented_model();
    go_to(&mut m, Screen::Organization);
    m.draft_mut().set("organization.id", "999");
    m.draft_mut().set("container.id", "221122");
    m.revalidate();
    let at = |m: &crate::tui::app::Model, path: &str| -> Vec<&'static str> {
        m.form
            .diagnostics()
            .iter()
            .filter(|d| d.path == path && d.is_error())
            .map(|d| d.code)
            .collect()
    };
    assert_eq!(at(&m, "organization.id"), vec!["unknown_organization"]);
    m.draft_mut().set("organization.id", "334455");
    m.draft_mut().set("container.id", "4242");
    m.revalidate();
    assert_eq!(at(&m, "container.id"), vec!["unknown_division"]);
    // 11224 is below 221122, the organization's division: allowed.
    m.draft_mut().set("container.id", "11224");
    m.revalidate();
    assert!(at(&m, "container.id").is_empty());
    // The inactive organization is a warning, not an error.
    m.draft_mut().set("organization.id", "112233");
    m.draft_mut().set("container.id", "221122");
    m.revalidate();
    assert!(at(&m, "organization.id").is_empty());
    assert!(
        m.form
            .diagnostics()
            .iter()
            .any(|d| d.code == "inactive_organization")
    );
}
