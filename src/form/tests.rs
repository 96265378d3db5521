//! The form model's own rules; tui/form_parity_tests.rs holds both modes to it.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use super::choices::choices;
use super::*;
use crate::order::account::DataType;

fn metadata(id: i64, active: bool) -> MetadataField {
    MetadataField {
        id,
        label: Some(format!("field {id}")),
        is_required: id == 1,
        is_active: active,
        data_type: DataType::Text,
        extra: Default::default(),
    }
}

#[test]
fn a_new_form_holds_the_catalogs_defaults_and_the_platforms() {
    let draft = new_draft(Product::default());
    assert_eq!(draft.get("certificate.server_platform.id"), "-1");
    assert_eq!(draft.get("certificate.signature_hash"), "sha256");
}

#[test]
fn payment_lists_comments_before_the_accounts_active_custom_fields() {
    let fields = [metadata(1, true), metadata(2, false), metadata(3, true)];
    let facts = Facts {
        metadata: Some(&fields),
        ..Facts::default()
    };
    let draft = new_draft(Product::default());
    let rows = rows(Section::Payment, &draft, &facts);
    let paths: Vec<String> = rows.iter().map(|r| r.path().into_owned()).collect();
    let comments = paths.iter().position(|p| p == "comments").unwrap();
    let first_custom = paths.iter().position(|p| p.contains("custom")).unwrap();
    assert!(comments < first_custom, "{paths:?}");
    assert_eq!(
        rows.iter().filter(|r| matches!(r, Row::Custom(_))).count(),
        2,
        "the inactive one is left out: {paths:?}"
    );
    assert_eq!(label(Row::Custom(1), &draft, &facts), "field 1 *");
    assert_eq!(label(Row::Custom(3), &draft, &facts), "field 3");
}

#[test]
fn an_inactive_organization_is_marked_in_its_choice() {
    let orgs: Vec<Organization> = serde_json::from_value(serde_json::json!([
        {"id": 1, "name": "Active Org"},
        {"id": 2, "name": "Old Org", "is_active": false}
    ]))
    .unwrap();
    let facts = Facts {
        organizations: Some(&orgs),
        ..Facts::default()
    };
    let row = Row::Field(FieldId::Organization.spec());
    let listed = choices(row, &facts).unwrap();
    let labels: Vec<&str> = listed.items.iter().map(|c| c.label.as_str()).collect();
    assert_eq!(labels, ["Active Org", "Old Org (inactive)"]);
    assert!(choices(row, &Facts::default()).is_none(), "not read yet");
}

#[test]
fn shipping_has_rows_only_when_the_token_is_shipped() {
    let mut draft = new_draft(Product::default());
    let facts = Facts::default();
    draft.set("cs_provisioning_method", "ship_token");
    assert!(!rows(Section::Shipping, &draft, &facts).is_empty());
    draft.set("cs_provisioning_method", "email");
    assert!(rows(Section::Shipping, &draft, &facts).is_empty());
}

#[test]
fn set_value_says_whether_the_draft_changed() {
    let mut draft = new_draft(Product::default());
    let row = Row::Field(FieldId::SubjectName.spec());
    assert!(set_value(row, &mut draft, "Rene"));
    assert!(!set_value(row, &mut draft, "Rene"));
    assert!(!set_value(Row::Product, &mut draft, "no such product"));
}

#[test]
fn a_new_form_moves_only_off_a_product_the_account_does_not_sell() {
    let listed: Vec<crate::order::account::ListedProduct> = serde_json::from_value(
        serde_json::json!([{"name_id": "ds_individual"}, {"name_id": "ds_org"}]),
    )
    .unwrap();
    // Not read: CertCentral decides; the form stays.
    assert!(move_new_form(Product::DocumentSigningOrg1, None).is_none());
    // Sold: it stays, even when it is not the first listed.
    assert!(move_new_form(Product::DsOrg, Some(&listed)).is_none());
    // Not sold: the first product sold, said in one sentence that names both.
    let (draft, said) = move_new_form(Product::DocumentSigningOrg1, Some(&listed)).unwrap();
    assert_eq!(draft.product, Product::DsIndividual);
    assert_eq!(draft, new_draft(Product::DsIndividual));
    assert!(
        said.starts_with(
            "This account does not sell document_signing_org_1: the form starts with "
        ),
        "{said}"
    );
    assert!(said.ends_with("(ds_individual)"), "{said}");
}

#[test]
fn a_placeholder_offers_enter_only_where_enter_opens_a_list() {
    // Not read yet (loading, or could not be read): Enter moves on, so no row may offer it.
    let unread = Facts::default();
    let orgs: Vec<Organization> =
        serde_json::from_value(serde_json::json!([{"id": 1, "name": "Org"}])).unwrap();
    let containers: Vec<Container> =
        serde_json::from_value(serde_json::json!([{"id": 2, "name": "Division"}])).unwrap();
    let users: Vec<User> =
        serde_json::from_value(serde_json::json!([{"id": 3, "first_name": "Ann"}])).unwrap();
    let read = Facts {
        organizations: Some(&orgs),
        containers: Some(&containers),
        users: Some(&users),
        ..Facts::default()
    };
    let mut offered = 0;
    for product in Product::ALL {
        for f in crate::order::catalog::fields(product) {
            let row = Row::Field(f);
            for facts in [&unread, &read] {
                let words = placeholder(row, facts);
                let has_list = choices(row, facts).is_some();
                assert!(
                    !words.contains("Enter") || has_list,
                    "{} offers Enter with no list to open: {words:?}",
                    f.path
                );
                if has_list && f.picker.is_some() && words.contains("Enter") {
                    offered += 1;
                }
            }
        }
    }
    assert!(offered > 0, "a read list is offered with Enter");
    let org = Row::Field(FieldId::Organization.spec());
    assert_eq!(placeholder(org, &unread), "an id (list not read)");
    assert_eq!(placeholder(org, &read), "an id, or Enter to choose");
}
