//! The three current products in the wizard, against an account that sells only them: a new
//! form starts with the first, each is chosen, filled with the wizard's keys, reviewed and sent,
//! and the body sent is the JSON the Review screen shows; a draft of an older product shows the
//! refusal at its product row and is not sent.

use crossterm::event::KeyCode;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;
use serde_json::{Value, json};

use super::parity::fill;
use crate::order::{Draft, Product};
use crate::tui::app::{Model, Overlay, Row, Screen};
use crate::tui::fixtures::*;
use crate::tui::layout;
use crate::tui::msg::{Effect, Msg};
use crate::tui::services::AccountData;
use crate::tui::update::{go_to, update};
use crate::tui::view;

const DS_ORG: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/digicert/order-request-ds-org.json"
));
const DS_INDIVIDUAL: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/digicert/order-request-ds-individual.json"
));

/// The fixture account, its product list holding only the three current products.
fn current_only() -> AccountData {
    let mut account = account();
    account.products = Some(
        serde_json::from_value(json!([
            {"name_id": "ds_individual", "name": "Document Signing for Individual", "allowed_validity_years": [1, 2, 3]},
            {"name_id": "ds_org", "name": "Document Signing for Organization", "allowed_validity_years": [1, 2, 3]},
            {"name_id": "ds_org_individual", "name": "Document Signing for Business – Employee", "allowed_validity_years": [1, 2, 3]}
        ]))
        .unwrap(),
    );
    account
}

/// A new wizard as it opens against that account: the form starts with the first product it
/// sells, whose details then arrive.
fn opened(size: (u16, u16)) -> (Model, Vec<Effect>) {
    let mut m = bare(size);
    let effects = update(&mut m, Msg::Account(Ok(current_only())));
    let product = m.draft().product;
    update(&mut m, Msg::ProductDetails(product, Ok(product_details())));
    (m, effects)
}

fn example(fixture: &str) -> Value {
    serde_json::from_str::<Value>(fixture).unwrap()["body"].clone()
}

/// The bodies ordered: the documented ds_individual example; the documented ds_org example with
/// the fixture account's organization 334455 for the page's 2022869 (which the account does not
/// have); for ds_org_individual (its page is cut after `certificate`), ds_individual's person
/// with that organization.
fn targets() -> Vec<(Product, Value)> {
    let individual = example(DS_INDIVIDUAL);
    let mut org = example(DS_ORG);
    org["organization"]["id"] = json!("334455");
    let mut employee = individual.clone();
    employee["organization"] = json!({"id": "334455"});
    vec![
        (Product::DsIndividual, individual),
        (Product::DsOrg, org),
        (Product::DsOrgIndividual, employee),
    ]
}

/// The JSON pane of the Review screen, read from the drawn frame.
fn review_json(m: &mut Model) -> Value {
    go_to(m, Screen::Review);
    let (w, h) = m.size();
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    terminal
        .draw(|f| view::draw(&mut crate::tui::view::canvas::Canvas::of(f), m))
        .unwrap();
    let buffer = terminal.backend().buffer().clone();
    let areas = layout::areas(Rect::new(0, 0, w, h));
    let (_, pane) = layout::review_panes(areas.body);
    let mut text = String::new();
    for y in pane.y + 1..pane.y + pane.height - 1 {
        for x in pane.x + 1..pane.x + pane.width - 1 {
            text.push_str(buffer[(x, y)].symbol());
        }
        text.push('\n');
    }
    assert!(!text.contains('…'), "the whole body is in view:\n{text}");
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}:\n{text}"))
}

#[test]
fn a_new_form_starts_with_the_first_product_the_account_sells() {
    let (m, effects) = opened((80, 24));
    assert_eq!(m.draft().product, Product::DsIndividual);
    assert_eq!(effects, vec![Effect::LoadProduct(Product::DsIndividual)]);
    assert_eq!(
        m.notice().unwrap().text,
        "This account does not sell document_signing_org_1: the form starts with Document \
         Signing for Individual (ds_individual)"
    );
    assert!(!m.form.diagnostics().iter().any(|d| d.path == "product"));
}

#[test]
fn each_current_product_is_sent_as_the_review_shows_it() {
    for (product, body) in targets() {
        // Tall and wide enough for the whole body in the Review's JSON pane.
        let (mut m, _) = opened((200, 80));
        let (target, problems) = Draft::from_body(product, &body);
        assert!(problems.is_empty(), "{product}: {problems:?}");
        fill(&mut m, &target);
        assert_eq!(m.draft().product, product);
        assert_eq!(
            m.blocking_errors(),
            0,
            "{product}: {:?}",
            m.form.diagnostics()
        );
        let shown = review_json(&mut m);
        assert_eq!(shown, body, "{product}: the Review shows the target body");

        go_to(&mut m, Screen::Submit);
        assert!(press(&mut m, KeyCode::Enter).is_empty(), "asks first");
        assert!(matches!(m.overlay(), Some(Overlay::Confirm(_))));
        let effects = press(&mut m, KeyCode::Char('y'));
        let placed: Vec<_> = effects
            .iter()
            .filter_map(|e| match e {
                Effect::PlaceOrder { product, body, .. } => Some((*product, body)),
                _ => None,
            })
            .collect();
        assert_eq!(placed.len(), 1, "{product}: {effects:?}");
        assert_eq!(placed[0].0, product);
        assert_eq!(
            serde_json::to_value(placed[0].1).unwrap(),
            shown,
            "{product}: the body sent is the body the Review shows"
        );
    }
}

#[test]
fn a_draft_of_an_older_product_shows_the_refusal_at_the_product_and_is_not_sent() {
    let mut m = documented((80, 24));
    update(&mut m, Msg::Account(Ok(current_only())));
    assert_eq!(
        m.draft().product,
        Product::DocumentSigningOrg1,
        "a draft with answers keeps its product"
    );
    go_to(&mut m, Screen::Submit);
    assert!(press(&mut m, KeyCode::Enter).is_empty(), "nothing is sent");
    assert!(m.overlay().is_none());
    assert!(m.notice().unwrap().is_error);
    let refused = "Document Signing (Organization) 2000 (document_signing_org_1) is not offered \
                   by this account: it offers ds_individual, ds_org, ds_org_individual";
    let at_product: Vec<_> = m
        .shown(Row::Product)
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.message.clone())
        .collect();
    assert_eq!(at_product, [refused]);
    go_to(&mut m, Screen::Certificate);
    focus_path(&mut m, "product");
    let screen = render(&m);
    // At 80 columns the message wraps under the field.
    assert!(
        screen.contains(
            "✗ Document Signing (Organization) 2000 (document_signing_org_1) is not offered"
        ),
        "{screen}"
    );
    assert!(
        screen.contains("by this account: it offers ds_individual, ds_org, ds_org_individual"),
        "{screen}"
    );
}

/// A new form already on a product the account sells (chosen before the account was read) stays
/// there: "does not sell" is said only of a product the account does not sell.
#[test]
fn a_new_form_on_a_sold_product_stays_and_nothing_untrue_is_said() {
    let mut m = bare((100, 30));
    *m.draft_mut() = Model::new_draft(Product::DsOrg);
    let effects = update(&mut m, Msg::Account(Ok(current_only())));
    assert_eq!(m.draft().product, Product::DsOrg);
    assert!(
        m.notice()
            .as_ref()
            .is_none_or(|n| !n.text.contains("does not sell")),
        "{:?}",
        m.notice()
    );
    assert!(!effects.contains(&Effect::LoadProduct(Product::DsIndividual)));
}
