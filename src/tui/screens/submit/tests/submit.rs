//! Submitting, the orders that follow, Review's jumps and exports, through the update function.

use crossterm::event::KeyCode;

use crate::order::{Product, RequestStatus};
use crate::tui::app::{Model, Overlay, Screen, SubmitState};
use crate::tui::fixtures::*;
use crate::tui::fixtures::{errors, row};
use crate::tui::layout;
use crate::tui::msg::{Effect, Msg, OrderAction};
use crate::tui::services::{Failure, FieldProblem, Placed, ServiceError};
use crate::tui::update::{go_to, update};

fn ready_to_submit() -> Model {
    let mut m = documented((80, 24));
    go_to(&mut m, Screen::Submit);
    m
}

fn place_count(effects: &[Effect]) -> usize {
    effects
        .iter()
        .filter(|e| matches!(e, Effect::PlaceOrder { .. }))
        .count()
}

#[test]
fn submit_success_and_no_second_send() {
    let mut m = ready_to_submit();
    assert!(press(&mut m, KeyCode::Enter).is_empty(), "asks first");
    assert!(matches!(m.overlay(), Some(Overlay::Confirm(_))));
    let effects = press(&mut m, KeyCode::Char('y'));
    assert_eq!(place_count(&effects), 1);
    let Effect::PlaceOrder { product, body, .. } = &effects[0] else {
        panic!()
    };
    assert_eq!(*product, Product::DocumentSigningOrg1);
    let mut expected: serde_json::Value = serde_json::from_str(DOCUMENTED).unwrap();
    expected["custom_fields"] = serde_json::json!([{"metadata_id": 1, "value": "PO-7"}]);
    assert_eq!(serde_json::to_value(body).unwrap(), expected);
    assert!(matches!(m.submit.state(), SubmitState::InFlight { .. }));
    assert!(
        press(&mut m, KeyCode::Enter).is_empty(),
        "refused while in flight"
    );
    assert!(m.overlay().is_none());
    assert!(m.notice().unwrap().text.contains("being sent"));
    let placed = Placed {
        order_id: 112233,
        request_id: Some(113),
        request_status: Some(RequestStatus::Pending),
        certificate_id: None,
    };
    let effects = answer_send(&mut m, Ok(placed.clone()));
    assert_eq!(
        effects,
        vec![
            Effect::Track {
                order_id: 112233,
                request_id: Some(113)
            },
            Effect::DiscardAutosave
        ]
    );
    assert_eq!(*m.submit.state(), SubmitState::Placed { order_id: 112233 });
    assert!(
        press(&mut m, KeyCode::Enter).is_empty(),
        "refused after success"
    );
    assert!(m.overlay().is_none());
    let late = answer_send(&mut m, Ok(placed));
    assert!(late.is_empty(), "a stray second answer changes nothing");
    assert_eq!(m.orders.followed().len(), 1);
}

#[test]
fn quitting_while_sending_asks_first() {
    let mut m = ready_to_submit();
    press(&mut m, KeyCode::Enter);
    press(&mut m, KeyCode::Char('y'));
    assert!(ctrl(&mut m, 'c').is_empty(), "asks first");
    assert!(matches!(m.overlay(), Some(Overlay::Confirm(_))));
    assert!(press(&mut m, KeyCode::Char('n')).is_empty());
    assert!(!m.autosave.is_quitting());
    ctrl(&mut m, 'c');
    assert_eq!(
        press(&mut m, KeyCode::Char('y')).last(),
        Some(&Effect::Quit)
    );
    let mut m = ready_to_submit();
    press(&mut m, KeyCode::Enter);
    press(&mut m, KeyCode::Char('y'));
    ctrl(&mut m, 'c');
    assert_eq!(
        ctrl(&mut m, 'c').last(),
        Some(&Effect::Quit),
        "Ctrl-C twice always quits"
    );
}

#[test]
fn submit_is_refused_with_errors() {
    let mut m = model((80, 24));
    go_to(&mut m, Screen::Submit);
    assert!(press(&mut m, KeyCode::Enter).is_empty());
    assert!(m.overlay().is_none());
    assert!(m.notice().unwrap().is_error);
}

#[test]
fn api_field_errors_map_to_fields_and_allow_a_retry() {
    let mut m = ready_to_submit();
    press(&mut m, KeyCode::Enter);
    press(&mut m, KeyCode::Char('y'));
    let error = ServiceError {
        failure: Failure::BadInput,
        message: "DigiCert refused the order".into(),
        fields: vec![FieldProblem {
            path: Some("ship_info.city".into()),
            message: "unknown city".into(),
        }],
        refused: None,
    };
    answer_send(&mut m, Err(error));
    assert!(matches!(m.submit.state(), SubmitState::Failed { .. }));
    assert_eq!(
        errors(&m, "ship_info.city"),
        vec!["DigiCert: unknown city".to_owned()]
    );
    assert_eq!(layout::step_mark(&m, Screen::Shipping), "✗1");
    press(&mut m, KeyCode::Enter);
    assert!(
        m.overlay().is_none(),
        "the API's error blocks until the field is edited"
    );
    go_to(&mut m, Screen::Shipping);
    focus_path(&mut m, "ship_info.city");
    press(&mut m, KeyCode::Backspace);
    type_text(&mut m, "d");
    assert!(errors(&m, "ship_info.city").is_empty());
    go_to(&mut m, Screen::Submit);
    press(&mut m, KeyCode::Enter);
    assert_eq!(
        place_count(&press(&mut m, KeyCode::Char('y'))),
        1,
        "a fixed order may be sent"
    );
}

#[test]
fn outcome_unknown_needs_an_explicit_second_yes() {
    let mut m = ready_to_submit();
    let error = ServiceError::new(Failure::OutcomeUnknown, "timed out after sending");
    send_and_answer(&mut m, Err(error));
    assert!(matches!(m.submit.state(), SubmitState::Unknown { .. }));
    press(&mut m, KeyCode::Enter);
    let Some(Overlay::Confirm(c)) = m.overlay() else {
        panic!("asks")
    };
    assert!(c.title.contains("AGAIN"));
    assert!(
        c.lines.iter().any(|l| l.contains("10:00:00")),
        "names the earlier attempt"
    );
    assert!(press(&mut m, KeyCode::Char('n')).is_empty());
    press(&mut m, KeyCode::Enter);
    assert!(
        press(&mut m, KeyCode::Enter).is_empty(),
        "a stray Enter does not resend"
    );
    assert!(matches!(m.overlay(), Some(Overlay::Confirm(_))));
    assert_eq!(place_count(&press(&mut m, KeyCode::Char('y'))), 1);
}

#[test]
fn order_actions_are_confirmed_and_sent_once() {
    let mut m = ready_to_submit();
    send_and_place(&mut m, 7, 8);
    go_to(&mut m, Screen::Orders);
    // Opening Orders asks for the account's certificates, once.
    assert_eq!(
        update(&mut m, Msg::Tick(t0())),
        vec![Effect::LoadCertificates]
    );
    assert!(press(&mut m, KeyCode::Char('a')).is_empty());
    let effects = press(&mut m, KeyCode::Char('y'));
    assert_eq!(
        effects,
        vec![Effect::Act {
            order_id: 7,
            request_id: Some(8),
            action: OrderAction::Approve
        }]
    );
    press(&mut m, KeyCode::Char('a'));
    assert!(m.overlay().is_none(), "not while the first is on its way");
    update(
        &mut m,
        Msg::ActionDone {
            at: t0(),
            order_id: 7,
            what: OrderAction::Approve,
            result: Ok(()),
        },
    );
    press(&mut m, KeyCode::Char('x'));
    type_text(&mut m, "duplicate");
    press(&mut m, KeyCode::Enter);
    let effects = press(&mut m, KeyCode::Enter);
    assert_eq!(
        effects,
        vec![Effect::Act {
            order_id: 7,
            request_id: None,
            action: OrderAction::Cancel {
                note: "duplicate".into()
            }
        }]
    );
}

#[test]
fn review_enter_jumps_to_the_field() {
    let mut m = model((80, 24));
    go_to(&mut m, Screen::Review);
    let target = m
        .review_rows()
        .iter()
        .position(|(_, r)| r.path() == "subject.email")
        .unwrap();
    while m.review.selected() != target {
        press(&mut m, KeyCode::Down);
    }
    press(&mut m, KeyCode::Enter);
    assert_eq!(m.nav.screen(), Screen::Subject);
    assert_eq!(m.focused_row(), Some(row("subject.email")));
}

#[test]
fn exports_write_the_body_and_a_curl_command() {
    let mut m = documented((80, 24));
    go_to(&mut m, Screen::Review);
    press(&mut m, KeyCode::Char('c'));
    let effects = press(&mut m, KeyCode::Enter);
    let [Effect::WriteFile { path, contents }] = effects.as_slice() else {
        panic!("{effects:?}")
    };
    // The whole path, and DigiCert's URL: the sandbox's ends with the run (issue 21).
    assert!(
        path.is_absolute() && path.ends_with("certwiz-order.sh"),
        "{path:?}"
    );
    assert!(contents.contains("$DIGICERT_API_KEY"));
    assert!(
        contents.contains(
            "https://www.digicert.com/services/v2/order/certificate/document_signing_org_1"
        )
    );
    assert!(contents.contains("\"validity_years\": 2"));
}

#[test]
fn a_live_confirmation_says_it_is_billed() {
    let mut m = ready_to_submit();
    m.set_live(true);
    press(&mut m, KeyCode::Enter);
    let Some(Overlay::Confirm(c)) = m.overlay() else {
        panic!("asks")
    };
    assert!(c.title.contains("LIVE"));
    assert!(c.lines.iter().any(|l| l.contains("billed")));
}

/// The resend question reads the key table: every key the table binds to "yes" there sends
/// the order again, and no other key of that scope does.
#[test]
fn the_resend_question_sends_on_exactly_the_keys_the_table_binds_to_yes() {
    use crate::tui::keymap::{Action, BINDINGS, Scope};
    let asked = || {
        let mut m = ready_to_submit();
        let error = ServiceError::new(Failure::OutcomeUnknown, "timed out after sending");
        send_and_answer(&mut m, Err(error));
        press(&mut m, KeyCode::Enter);
        assert!(matches!(m.overlay(), Some(Overlay::Confirm(c)) if c.needs_y(m.endpoint().live)));
        m
    };
    let mut tried = 0;
    for binding in BINDINGS.iter().filter(|b| b.scope == Scope::Resend) {
        for key in binding.keys {
            let mut m = asked();
            let effects = update(&mut m, Msg::Key(key_event(key.code, key.mods)));
            let sent = effects
                .iter()
                .any(|e| matches!(e, Effect::CheckEarlier(_) | Effect::PlaceOrder { .. }));
            assert_eq!(
                sent,
                binding.action == Action::Yes,
                "{} is bound to {:?}",
                key.name(),
                binding.action
            );
            tried += 1;
        }
    }
    assert!(tried >= 3, "y, Enter, n and Esc are in the table");
}

/// A form changed after it was placed is a new order: Submit says the order was placed from it
/// before it changed, and sends the changed form after the one question. It said "This form
/// was placed as order 112233; it is not sent twice", which was not true of the changed form
/// (saved and loaded again, the same form sent at once). Unchanged, it is never sent again.
#[test]
fn a_form_changed_after_it_was_placed_is_a_new_order() {
    let mut m = placed((100, 40));
    assert!(press(&mut m, KeyCode::Enter).is_empty());
    assert!(
        m.overlay().is_none(),
        "the placed form is not asked about again"
    );
    assert!(
        m.notice()
            .is_some_and(|n| n.text.contains("it is not sent twice")),
        "{:?}",
        m.notice()
    );
    set(&mut m, "comments", "Another order, for the second team.");
    go_to(&mut m, Screen::Submit);
    let screen = render(&m);
    assert!(
        screen.contains("Order 112233 was placed from this form before it changed"),
        "{screen}"
    );
    assert!(screen.contains("Press Enter to send"), "{screen}");
    press(&mut m, KeyCode::Enter);
    assert!(
        matches!(m.overlay(), Some(Overlay::Confirm(_))),
        "the one question first"
    );
    assert_eq!(place_count(&press(&mut m, KeyCode::Char('y'))), 1);
    // Changed back to what was placed, it is that order again: not sent.
    let mut again = placed((100, 40));
    let placed_comment = again.draft().get("comments").to_string();
    set(&mut again, "comments", "changed");
    set(&mut again, "comments", &placed_comment);
    go_to(&mut again, Screen::Submit);
    assert!(press(&mut again, KeyCode::Enter).is_empty());
    assert!(again.overlay().is_none());
}

/// A form without a payment method (a renewal's, read from Order info) says what DigiCert is
/// sent: nothing, so the balance, as the command line and plain mode say. The line was empty.
#[test]
fn a_form_without_a_payment_method_says_balance_by_default() {
    let mut m = documented((80, 24));
    set(&mut m, "payment_method", "");
    go_to(&mut m, Screen::Submit);
    let screen = render(&m);
    assert!(
        screen.contains("Payment:        balance (default)"),
        "{screen}"
    );
}
