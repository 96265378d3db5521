//! The pre-flight check before the Submit question, through the update function: the question
//! waits for it, shows its findings and the price before "yes", and says when a warning needs
//! the yes; a check that cannot run asks as before.

use crossterm::event::{KeyCode, KeyModifiers};
use serde_json::json;

use super::app::{Model, Overlay, Screen};
use super::fixtures::*;
use super::msg::{Effect, Msg};
use super::update::{go_to, update};
use crate::order::preflight::money::{Amount, Money};
use crate::order::preflight::{Facts, Plan, Read, Report, check};

fn ready_to_submit() -> Model {
    let mut m = documented((100, 40));
    go_to(&mut m, Screen::Submit);
    m
}

/// What CertCentral says in the "done when": the ds validation expired, the balance
/// short.
fn expired_and_short() -> Report {
    let facts = Facts {
        validations: Read::Got(
            serde_json::from_value(json!({"validations": [
                {"type": "ds", "status": "active", "validated_until": "2026-11-24T00:00:00+00:00"}
            ]}))
            .unwrap(),
        ),
        approvers: Read::Got(
            serde_json::from_value(json!({"users": [{"name": "Jane Doe"}]})).unwrap(),
        ),
        limits: Read::Got(serde_json::from_value(json!({"is_limited": false})).unwrap()),
        balance: Read::Got(
            serde_json::from_value(json!({"currency": "USD", "total_available_funds": "120.00"}))
                .unwrap(),
        ),
        prices: vec![Read::Got(Some(Amount::new(Money::units(299), "USD")))],
    };
    let plan = Plan {
        product: "document_signing_org_1".into(),
        organization_id: Some(334455),
        container_id: Some(221122),
        pays_from_balance: true,
        orders: 1,
        today: time::macros::date!(2026 - 12 - 04),
    };
    check(&plan, &facts)
}

fn key(m: &mut Model, code: KeyCode) -> Vec<Effect> {
    update(m, Msg::Key(key_event(code, KeyModifiers::NONE)))
}

/// Enter on Submit and an empty journal: the check is asked for, nothing yet.
fn start(m: &mut Model) {
    let effects = key(m, KeyCode::Enter);
    assert!(
        matches!(effects.as_slice(), [Effect::CheckEarlier(_)]),
        "{effects:?}"
    );
    let effects = update(m, Msg::Earlier(Ok(Vec::new())));
    assert!(
        matches!(effects.as_slice(), [Effect::Preflight { .. }]),
        "{effects:?}"
    );
    assert!(m.overlay.is_none(), "the question waits for the check");
    assert!(
        m.notice
            .as_ref()
            .unwrap()
            .text
            .starts_with("Checking the order with CertCentral")
    );
}

#[test]
fn the_question_shows_both_warnings_and_the_price_and_no_sends_nothing() {
    let mut m = ready_to_submit();
    start(&mut m);
    assert!(update(&mut m, Msg::Preflight(Some(expired_and_short()))).is_empty());
    let Some(Overlay::Confirm(c)) = &m.overlay else {
        panic!("asks once the check is in")
    };
    assert_eq!(c.title, "Send this order to SANDBOX despite the warnings?");
    let text = c.lines.join("\n");
    assert!(
        text.contains("Pre-flight warning: organization 334455's document signing validation expired on 2026-11-24"),
        "{text}"
    );
    assert!(
        text.contains("Pre-flight warning: the balance is short: USD 299.00 is needed and USD 120.00 is available"),
        "{text}"
    );
    assert!(
        text.contains("Price:          USD 299.00 from balance USD 120.00"),
        "{text}"
    );
    let screen = render(&m);
    assert!(screen.contains("despite the warnings"), "{screen}");

    // Enter is not a yes here, and no sends nothing.
    let effects = key(&mut m, KeyCode::Enter);
    assert!(
        !effects
            .iter()
            .any(|e| matches!(e, Effect::PlaceOrder { .. }))
    );
    assert!(
        matches!(m.overlay, Some(Overlay::Confirm(_))),
        "still asking"
    );
    let effects = key(&mut m, KeyCode::Char('n'));
    assert!(
        !effects
            .iter()
            .any(|e| matches!(e, Effect::PlaceOrder { .. }))
    );
    assert!(m.overlay.is_none());

    // The next send checks again; the explicit yes sends once.
    start(&mut m);
    update(&mut m, Msg::Preflight(Some(expired_and_short())));
    let effects = key(&mut m, KeyCode::Char('y'));
    let placed = effects
        .iter()
        .filter(|e| matches!(e, Effect::PlaceOrder { .. }))
        .count();
    assert_eq!(placed, 1);
}

#[test]
fn a_check_that_cannot_run_asks_as_before() {
    let mut m = ready_to_submit();
    start(&mut m);
    update(&mut m, Msg::Preflight(None));
    let Some(Overlay::Confirm(c)) = &m.overlay else {
        panic!("asks")
    };
    assert_eq!(c.title, "Send this order to SANDBOX?");
    assert!(
        !c.lines
            .iter()
            .any(|l| l.starts_with("Pre-flight") || l.starts_with("Price:"))
    );
}

#[test]
fn an_answer_nobody_waits_for_changes_nothing() {
    let mut m = ready_to_submit();
    assert!(update(&mut m, Msg::Preflight(Some(expired_and_short()))).is_empty());
    assert!(m.overlay.is_none());
    assert_eq!(m.preflight, Default::default());
}
