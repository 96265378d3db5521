//! The pre-flight check before the Submit question, through the update function: the question
//! waits for it, shows its findings and the price before "yes", and says when a warning needs
//! the yes; a check that cannot run asks as before.

use crossterm::event::{KeyCode, KeyModifiers};
use serde_json::json;

use crate::order::preflight::money::{Amount, Money};
use crate::order::preflight::{Facts, Plan, Read, Report, check};
use crate::tui::app::{Model, Overlay, Screen};
use crate::tui::fixtures::*;
use crate::tui::msg::{Effect, Msg};
use crate::tui::update::{go_to, update};

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

/// The values in the form now, as a check is read for them.
fn now(m: &Model) -> crate::order::preflight::CheckedFor {
    m.checked_for().unwrap()
}

/// The check's answer for the values in the form now.
fn answer(m: &mut Model, report: Option<Report>) -> Vec<Effect> {
    let k = now(m);
    update(m, Msg::Preflight(k, report))
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
    assert!(m.overlay().is_none(), "the question waits for the check");
    assert!(
        m.notice()
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
    assert!(answer(&mut m, Some(expired_and_short())).is_empty());
    // The expired validation is offered for submission first; no goes on to the question.
    let Some(Overlay::Confirm(c)) = m.overlay() else {
        panic!("offers once the check is in")
    };
    assert_eq!(
        c.title,
        "Submit organization 334455 for document signing validation first?"
    );
    assert!(key(&mut m, KeyCode::Char('n')).is_empty());
    let Some(Overlay::Confirm(c)) = m.overlay() else {
        panic!("asks to send")
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
        matches!(m.overlay(), Some(Overlay::Confirm(_))),
        "still asking"
    );
    let effects = key(&mut m, KeyCode::Char('n'));
    assert!(
        !effects
            .iter()
            .any(|e| matches!(e, Effect::PlaceOrder { .. }))
    );
    assert!(m.overlay().is_none());

    // The next send checks again; the explicit yes sends once.
    start(&mut m);
    answer(&mut m, Some(expired_and_short()));
    key(&mut m, KeyCode::Char('n'));
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
    answer(&mut m, None);
    let Some(Overlay::Confirm(c)) = m.overlay() else {
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
    assert!(answer(&mut m, Some(expired_and_short())).is_empty());
    assert!(m.overlay().is_none());
    assert_eq!(*m.submit.preflight(), Default::default());
}

/// The check read, the question answered no: the person is back on the form.
fn checked_and_declined(m: &mut Model) {
    start(m);
    answer(m, Some(expired_and_short()));
    key(m, KeyCode::Char('n'));
    key(m, KeyCode::Char('n'));
    assert!(m.overlay().is_none());
}

fn row(m: &Model, path: &str) -> crate::tui::app::Row {
    m.review_rows()
        .into_iter()
        .map(|(_, r)| r)
        .find(|r| r.path() == path)
        .unwrap()
}

fn at(m: &Model, path: &str) -> Vec<String> {
    m.shown(row(m, path))
        .into_iter()
        .filter(|d| d.code == "preflight")
        .map(|d| d.message.clone())
        .collect()
}

#[test]
fn findings_show_at_their_fields_until_their_values_change() {
    let mut m = ready_to_submit();
    assert!(
        at(&m, "organization.id").is_empty(),
        "nothing before a check"
    );
    checked_and_declined(&mut m);
    let org = at(&m, "organization.id");
    assert_eq!(org.len(), 1, "{org:?}");
    assert!(org[0].starts_with(
        "Pre-flight: organization 334455's document signing validation expired on 2026-11-24"
    ));
    assert!(org[0].ends_with("submit it with: certwiz validation 334455 --submit"));
    let pay = at(&m, "payment_method");
    assert_eq!(pay.len(), 1, "{pay:?}");
    assert!(pay[0].contains("the balance is short"));
    // Not errors: they never block.
    assert_eq!(m.blocking_errors(), 0);

    // Paying by card: the funds line goes, the validation's stays.
    m.set_value(row(&m, "payment_method"), "card");
    assert!(at(&m, "payment_method").is_empty());
    assert_eq!(at(&m, "organization.id").len(), 1);
    // Another organization: its line goes too (it was read for 334455).
    m.set_value(row(&m, "organization.id"), "334456");
    assert!(at(&m, "organization.id").is_empty());
    // Back to the values it was read for: true again.
    m.set_value(row(&m, "organization.id"), "334455");
    assert_eq!(at(&m, "organization.id").len(), 1);
}

/// Once a check was read, every row drawn holds its lines against the form's values, which are
/// worked out by building the order's whole request: once a change of the form, not once a row
/// (it was once a row, and a key on a form screen cost five times its work).
#[test]
fn a_read_check_works_the_form_out_once_a_change_not_once_a_row() {
    use crate::tui::screens::form::state::WORKED_OUT;
    let mut m = ready_to_submit();
    checked_and_declined(&mut m);
    go_to(&mut m, Screen::Organization);
    let drawn = |m: &Model| {
        WORKED_OUT.with(|n| n.set(0));
        let screen = render(m);
        (screen, WORKED_OUT.with(|n| n.get()))
    };
    let (screen, first) = drawn(&m);
    assert!(
        screen.contains("Pre-flight: organization 334455"),
        "{screen}"
    );
    assert!(first <= 1, "worked out {first} times for one frame");
    assert_eq!(drawn(&m).1, 0, "nothing changed since");
    // Another organization: worked out again, once, and the line read for 334455 goes.
    m.set_value(row(&m, "organization.id"), "334456");
    let (screen, again) = drawn(&m);
    assert_eq!(again, 1);
    assert!(!screen.contains("Pre-flight: organization"), "{screen}");
}

#[test]
fn a_check_that_cannot_be_read_is_one_quiet_line_at_its_field() {
    let mut m = ready_to_submit();
    start(&mut m);
    let facts = Facts {
        validations: Read::Unreadable("403 missing permission".into()),
        approvers: Read::Got(
            serde_json::from_value(json!({"users": [{"name": "Jane Doe"}]})).unwrap(),
        ),
        limits: Read::Got(serde_json::from_value(json!({"is_limited": false})).unwrap()),
        balance: Read::NotAsked,
        prices: vec![],
    };
    let plan = Plan {
        product: "document_signing_org_1".into(),
        organization_id: Some(334455),
        container_id: Some(221122),
        pays_from_balance: false,
        orders: 1,
        today: time::macros::date!(2026 - 12 - 04),
    };
    answer(&mut m, Some(check(&plan, &facts)));
    let Some(Overlay::Confirm(c)) = m.overlay() else {
        panic!("asks")
    };
    assert_eq!(c.title, "Send this order to SANDBOX?", "no yes needed");
    key(&mut m, KeyCode::Char('n'));
    let org = m.shown(row(&m, "organization.id"));
    let notes: Vec<_> = org.iter().filter(|d| d.code == "preflight").collect();
    assert_eq!(notes.len(), 1);
    assert_eq!(notes[0].severity, crate::order::Severity::Info);
    assert!(
        notes[0]
            .message
            .contains("not checked (403 missing permission)")
    );
    go_to(&mut m, Screen::Organization);
    insta::assert_snapshot!("preflight_note_at_organization_100x40", render(&m));
}

#[test]
fn snapshot_of_the_findings_at_the_organization_and_payment_fields() {
    for size in [(80, 24), (120, 40)] {
        let mut m = documented(size);
        go_to(&mut m, Screen::Submit);
        checked_and_declined(&mut m);
        go_to(&mut m, Screen::Organization);
        m.put_focus(m.rows(Screen::Organization).len() - 1);
        m.open_editor();
        insta::assert_snapshot!(
            format!("preflight_at_organization_{}x{}", size.0, size.1),
            render(&m)
        );
        go_to(&mut m, Screen::Payment);
        m.put_focus(m.rows(Screen::Payment).len() - 1);
        m.open_editor();
        insta::assert_snapshot!(
            format!("preflight_at_payment_{}x{}", size.0, size.1),
            render(&m)
        );
    }
}

#[test]
fn the_offer_submits_the_validation_then_checks_again_and_asks() {
    let mut m = ready_to_submit();
    start(&mut m);
    answer(&mut m, Some(expired_and_short()));
    let effects = key(&mut m, KeyCode::Char('y'));
    assert_eq!(effects, vec![Effect::SubmitValidation { org: 334455 }]);
    assert!(
        m.overlay().is_none(),
        "the question waits for the submission"
    );
    let effects = update(
        &mut m,
        Msg::ValidationSubmitted {
            org: 334455,
            result: Ok("Organization 334455 was submitted for document signing validation.".into()),
        },
    );
    assert!(
        matches!(effects.as_slice(), [Effect::Preflight { .. }]),
        "checked again: {effects:?}"
    );
    // Still expired (as read again): not offered twice; the question says what was done.
    answer(&mut m, Some(expired_and_short()));
    let Some(Overlay::Confirm(c)) = m.overlay() else {
        panic!("asks to send")
    };
    assert_eq!(c.title, "Send this order to SANDBOX despite the warnings?");
    assert!(
        c.lines
            .iter()
            .any(|l| l == "Organization 334455 was submitted for document signing validation.")
    );
}

#[test]
fn a_failed_submission_is_said_in_the_question() {
    let mut m = ready_to_submit();
    start(&mut m);
    answer(&mut m, Some(expired_and_short()));
    key(&mut m, KeyCode::Char('y'));
    update(
        &mut m,
        Msg::ValidationSubmitted {
            org: 334455,
            result: Err(crate::tui::services::ServiceError::new(
                crate::tui::services::Failure::Denied,
                "403 access denied",
            )),
        },
    );
    answer(&mut m, Some(expired_and_short()));
    let Some(Overlay::Confirm(c)) = m.overlay() else {
        panic!("asks to send")
    };
    assert!(c.lines.iter().any(
        |l| l == "Organization 334455 could not be submitted for validation: 403 access denied"
    ));
}

#[test]
fn a_second_send_runs_the_check_and_needs_y_past_its_warnings() {
    let mut m = ready_to_submit();
    key(&mut m, KeyCode::Enter);
    let earlier = crate::tui::fixtures::entry(
        crate::store::AttemptState::Placed,
        Some(10),
        crate::order::EndpointKind::Sandbox,
    );
    let effects = update(&mut m, Msg::Earlier(Ok(vec![earlier])));
    assert!(
        matches!(effects.as_slice(), [Effect::Preflight { .. }]),
        "{effects:?}"
    );
    assert!(m.overlay().is_none(), "the question waits for the check");
    answer(&mut m, Some(expired_and_short()));
    key(&mut m, KeyCode::Char('n')); // the validation offer
    let Some(Overlay::Confirm(c)) = m.overlay() else {
        panic!("asks")
    };
    assert_eq!(c.title, "Send this order AGAIN despite the warnings?");
    let text = c.lines.join("\n");
    assert!(
        text.contains("Pre-flight warning: the balance is short"),
        "{text}"
    );
    assert!(text.contains("This form was sent before:"), "{text}");
    // Enter is not a yes; y sends once.
    assert!(key(&mut m, KeyCode::Enter).is_empty());
    let effects = key(&mut m, KeyCode::Char('y'));
    assert_eq!(
        effects
            .iter()
            .filter(|e| matches!(e, Effect::PlaceOrder { .. }))
            .count(),
        1
    );
}

/// Review, then PgDn to Submit through the update function, as a person arrives there.
fn arrive_at_submit(size: (u16, u16)) -> (Model, Vec<Effect>) {
    let mut m = documented(size);
    go_to(&mut m, Screen::Review);
    let effects = key(&mut m, KeyCode::PageDown);
    assert_eq!(m.nav.screen(), Screen::Submit);
    (m, effects)
}

#[test]
fn arriving_at_submit_checks_ahead_and_shows_the_findings_before_enter() {
    let (mut m, effects) = arrive_at_submit((80, 24));
    assert!(
        matches!(effects.as_slice(), [Effect::Preflight { .. }]),
        "the check starts on arrival: {effects:?}"
    );
    assert!(m.overlay().is_none(), "nothing is asked");
    let screen = render(&m);
    assert!(
        screen.contains("Checking the order with CertCentral"),
        "{screen}"
    );
    // Another message on the screen: the check on its way is not asked for again.
    assert!(update(&mut m, Msg::Resize(80, 24)).is_empty());

    assert!(answer(&mut m, Some(expired_and_short())).is_empty());
    assert!(
        m.overlay().is_none(),
        "an answer nobody asked a question for asks nothing"
    );
    insta::assert_snapshot!("preflight_ahead_on_submit_80x24", render(&m));
    let screen = render(&m);
    assert!(
        screen.contains("Pre-flight warning: organization 334455's"),
        "{screen}"
    );
    assert!(
        screen.contains("Pre-flight warning: the balance is short"),
        "{screen}"
    );
    // Already at the fields, before any question.
    assert_eq!(at(&m, "organization.id").len(), 1);

    // Back and forth with the same values: read already, not asked for again.
    key(&mut m, KeyCode::PageUp);
    assert!(key(&mut m, KeyCode::PageDown).is_empty());
}

#[test]
fn enter_while_the_check_ahead_is_on_its_way_waits_for_it() {
    let (mut m, _) = arrive_at_submit((100, 40));
    let effects = key(&mut m, KeyCode::Enter);
    assert!(
        matches!(effects.as_slice(), [Effect::CheckEarlier(_)]),
        "{effects:?}"
    );
    let effects = update(&mut m, Msg::Earlier(Ok(Vec::new())));
    assert!(
        effects.is_empty(),
        "the check on its way serves: {effects:?}"
    );
    assert!(m.overlay().is_none(), "the question waits for it");
    answer(&mut m, Some(expired_and_short()));
    let Some(Overlay::Confirm(c)) = m.overlay() else {
        panic!("offers once the check is in")
    };
    assert_eq!(
        c.title,
        "Submit organization 334455 for document signing validation first?"
    );
}

#[test]
fn a_form_with_errors_is_not_checked_ahead() {
    let mut m = documented((80, 24));
    let name = row(&m, "subject.name");
    m.set_value(name, "");
    go_to(&mut m, Screen::Review);
    let effects = key(&mut m, KeyCode::PageDown);
    assert_eq!(m.nav.screen(), Screen::Submit);
    assert!(effects.is_empty(), "{effects:?}");
}

#[test]
fn a_check_ahead_with_nothing_found_says_so_and_names_the_price() {
    let (mut m, _) = arrive_at_submit((80, 24));
    let mut report = expired_and_short();
    report
        .findings
        .retain(|f| f.level == crate::order::preflight::Level::Good);
    answer(&mut m, Some(report));
    let screen = render(&m);
    assert!(
        screen.contains("Pre-flight: validation, approvers, product limits and funds show"),
        "{screen}"
    );
    assert!(
        screen.contains("Price: USD 299.00 from balance USD 120.00"),
        "{screen}"
    );
}
