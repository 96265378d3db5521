//! Update-function tests: validation timing, Back, paste, pickers, keys, and the submit state
//! machine fed with fake results.

use crossterm::event::{
    KeyCode, KeyEventKind, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};

use super::app::{Model, Overlay, Row, Screen, SubmitState};
use super::fixtures::*;
use super::layout;
use super::msg::{Effect, Msg, OrderAction};
use super::services::{Failure, FieldProblem, Placed, ServiceError};
use super::update::{go_to, update};
use crate::order::{Product, RequestStatus, catalog};

fn row(path: &str) -> Row {
    Row::Field(catalog::field(path).unwrap())
}

fn errors(m: &Model, path: &str) -> Vec<String> {
    m.shown(row(path))
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.message.clone())
        .collect()
}

#[test]
fn errors_appear_after_leaving_and_clear_once_fixed() {
    let mut m = model((80, 24));
    go_to(&mut m, Screen::Subject);
    assert!(
        errors(&m, "subject.name").is_empty(),
        "not flagged before it is left"
    );
    focus_path(&mut m, "subject.email");
    assert!(
        !errors(&m, "subject.name").is_empty(),
        "passing over a required field leaves it"
    );
    type_text(&mut m, "rene@");
    assert!(
        errors(&m, "subject.email").is_empty(),
        "not while typing the first time"
    );
    press(&mut m, KeyCode::Tab);
    assert_eq!(errors(&m, "subject.email").len(), 1, "flagged once left");
    press(&mut m, KeyCode::BackTab);
    type_text(&mut m, "yahoo.com");
    assert!(
        errors(&m, "subject.email").is_empty(),
        "cleared on the keystroke that fixes it"
    );
    press(&mut m, KeyCode::Backspace);
    type_text(&mut m, "m@");
    assert_eq!(
        errors(&m, "subject.email").len(),
        1,
        "re-checked on every keystroke"
    );
}

#[test]
fn moving_on_flags_the_screen_and_the_stepper_counts_it() {
    let mut m = model((80, 24));
    go_to(&mut m, Screen::Subject);
    assert_eq!(layout::step_mark(&m, Screen::Subject), "•");
    press(&mut m, KeyCode::PageDown);
    assert_eq!(m.screen, Screen::Shipping, "moving past errors is allowed");
    assert_eq!(layout::step_mark(&m, Screen::Subject), "✗4");
    assert_eq!(layout::step_mark(&m, Screen::Payment), "○");
    ctrl(&mut m, 'n');
    assert_eq!(m.screen, Screen::Payment);
}

#[test]
fn back_keeps_values() {
    let mut m = model((80, 24));
    go_to(&mut m, Screen::Subject);
    type_text(&mut m, "Rene Pierce");
    press(&mut m, KeyCode::PageUp);
    assert_eq!(m.screen, Screen::Organization);
    press(&mut m, KeyCode::Esc);
    assert_eq!(m.screen, Screen::Certificate);
    press(&mut m, KeyCode::Esc);
    assert_eq!(
        m.screen,
        Screen::Certificate,
        "Esc on the first screen does nothing"
    );
    ctrl(&mut m, 'n');
    ctrl(&mut m, 'n');
    assert_eq!(m.draft.get("subject.name"), "Rene Pierce");
    assert_eq!(
        m.editor.as_ref().map(|e| e.text()).as_deref(),
        Some("Rene Pierce")
    );
}

#[test]
fn paste_is_normalised_per_field() {
    let mut m = model((80, 24));
    go_to(&mut m, Screen::Shipping);
    update(&mut m, Msg::Paste("Erin\r\nGuerra\n".into()));
    assert_eq!(m.draft.get("ship_info.name"), "Erin Guerra");
    go_to(&mut m, Screen::Payment);
    focus_path(&mut m, "comments");
    update(&mut m, Msg::Paste("line one\r\nline two".into()));
    assert_eq!(m.draft.get("comments"), "line one\nline two");
    go_to(&mut m, Screen::Certificate);
    focus_path(&mut m, "certificate.csr");
    update(&mut m, Msg::Paste(RSA2048.replace('\n', "\r\n")));
    assert_eq!(m.draft.get("certificate.csr"), RSA2048);
    let info: Vec<_> = m
        .shown(row("certificate.csr"))
        .iter()
        .map(|d| d.message.clone())
        .collect();
    assert!(info[0].contains("RSA 2048-bit"), "{info:?}");
}

#[test]
fn wide_characters_are_typed_whole() {
    let mut m = model((80, 24));
    go_to(&mut m, Screen::Subject);
    type_text(&mut m, "東京 🙂");
    press(&mut m, KeyCode::Left);
    type_text(&mut m, "x");
    assert_eq!(m.draft.get("subject.name"), "東京 x🙂");
    let frame = render(&m);
    assert!(frame.contains("東京 x🙂"), "{frame}");
}

#[test]
fn keys_outside_and_inside_text_fields() {
    let mut m = model((80, 24));
    go_to(&mut m, Screen::Subject);
    type_text(&mut m, "q?");
    assert_eq!(
        m.draft.get("subject.name"),
        "q?",
        "q and ? are typed in a field"
    );
    assert!(!m.quitting);
    let release = crossterm::event::KeyEvent {
        kind: KeyEventKind::Release,
        ..key_event(KeyCode::Char('z'), KeyModifiers::NONE)
    };
    update(&mut m, Msg::Key(release));
    assert_eq!(
        m.draft.get("subject.name"),
        "q?",
        "key releases are ignored"
    );
    go_to(&mut m, Screen::Certificate);
    press(&mut m, KeyCode::Char('?'));
    assert!(matches!(m.overlay, Some(Overlay::Help)));
    press(&mut m, KeyCode::Esc);
    assert!(m.overlay.is_none());
    press(&mut m, KeyCode::F(1));
    assert!(matches!(m.overlay, Some(Overlay::Help)));
    press(&mut m, KeyCode::F(1));
    // The typed "q?" is written before leaving.
    assert!(matches!(
        press(&mut m, KeyCode::Char('q')).as_slice(),
        [Effect::SaveOnQuit(_), Effect::Quit]
    ));
    let mut m = model((80, 24));
    go_to(&mut m, Screen::Subject);
    assert_eq!(
        ctrl(&mut m, 'c'),
        vec![Effect::Quit],
        "Ctrl-C quits from a field"
    );
}

#[test]
fn readline_keys_edit_the_field() {
    let mut m = model((80, 24));
    go_to(&mut m, Screen::Subject);
    type_text(&mut m, "Rene Pierce");
    ctrl(&mut m, 'w');
    assert_eq!(m.draft.get("subject.name"), "Rene ");
    ctrl(&mut m, 'a');
    ctrl(&mut m, 'k');
    assert!(!m.draft.has("subject.name"));
    ctrl(&mut m, 'y');
    assert_eq!(m.draft.get("subject.name"), "Rene ");
}

#[test]
fn pickers_set_values_and_search() {
    let mut m = model((80, 24));
    go_to(&mut m, Screen::Organization);
    press(&mut m, KeyCode::Enter);
    type_text(&mut m, "labs");
    press(&mut m, KeyCode::Enter);
    assert_eq!(m.draft.get("organization.id"), "334456");
    assert!(m.overlay.is_none());
    assert_eq!(
        m.editor.as_ref().unwrap().text(),
        "334456",
        "the input shows the pick"
    );
    focus_path(&mut m, "user_id_assignments");
    press(&mut m, KeyCode::Enter);
    press(&mut m, KeyCode::Char(' '));
    press(&mut m, KeyCode::Down);
    press(&mut m, KeyCode::Char(' '));
    press(&mut m, KeyCode::Enter);
    assert_eq!(m.draft.get("user_id_assignments"), "10, 11");
    go_to(&mut m, Screen::Shipping);
    focus_path(&mut m, "ship_info.country");
    press(&mut m, KeyCode::Enter);
    type_text(&mut m, "us");
    press(&mut m, KeyCode::Enter);
    assert_eq!(m.draft.get("ship_info.country"), "us");
    press(&mut m, KeyCode::Enter);
    press(&mut m, KeyCode::Esc);
    assert_eq!(
        m.draft.get("ship_info.country"),
        "us",
        "Esc closes without changing"
    );
}

#[test]
fn choices_cycle_and_a_new_product_loads_its_details() {
    let mut m = model((80, 24));
    let effects = press(&mut m, KeyCode::Right);
    assert_eq!(m.draft.product, Product::DocumentSigningOrg2);
    assert_eq!(
        effects,
        vec![Effect::LoadProduct(Product::DocumentSigningOrg2)]
    );
    focus_path(&mut m, "use_org_as_common_name");
    press(&mut m, KeyCode::Char(' '));
    assert_eq!(m.draft.get("use_org_as_common_name"), "false");
    focus_path(&mut m, "cs_provisioning_method");
    press(&mut m, KeyCode::Left);
    assert_eq!(m.draft.get("cs_provisioning_method"), "email");
    assert!(m.rows(Screen::Shipping).is_empty(), "shipping is skipped");
}

#[test]
fn mouse_selects_steps_and_fields() {
    let mut m = model((80, 24));
    let areas = layout::areas(ratatui::layout::Rect::new(0, 0, 80, 24));
    let cells = layout::stepper_cells(&m, areas.stepper);
    let subject = cells.iter().find(|c| c.screen == Screen::Subject).unwrap();
    let click = |x, y| {
        Msg::Mouse(MouseEvent {
            kind: MouseEventKind::Down(MouseButton::Left),
            column: x,
            row: y,
            modifiers: KeyModifiers::NONE,
        })
    };
    update(&mut m, click(subject.x + 1, areas.stepper.y));
    assert_eq!(m.screen, Screen::Subject);
    let (_, email) = layout::form_rows(&m, areas.body)[3];
    update(&mut m, click(email.x + 2, email.y));
    assert_eq!(m.focused_row(), Some(row("subject.email")));
}

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
    assert!(matches!(m.overlay, Some(Overlay::Confirm(_))));
    let effects = press(&mut m, KeyCode::Char('y'));
    assert_eq!(place_count(&effects), 1);
    let Effect::PlaceOrder { product, body, .. } = &effects[0] else {
        panic!()
    };
    assert_eq!(*product, Product::DocumentSigningOrg1);
    let mut expected: serde_json::Value = serde_json::from_str(DOCUMENTED).unwrap();
    expected["custom_fields"] = serde_json::json!([{"metadata_id": 1, "value": "PO-7"}]);
    assert_eq!(serde_json::to_value(body).unwrap(), expected);
    assert!(matches!(m.submit, SubmitState::InFlight { .. }));
    assert!(
        press(&mut m, KeyCode::Enter).is_empty(),
        "refused while in flight"
    );
    assert!(m.overlay.is_none());
    assert!(m.notice.as_ref().unwrap().text.contains("being sent"));
    let placed = Placed {
        order_id: 112233,
        request_id: Some(113),
        request_status: Some(RequestStatus::Pending),
        certificate_id: None,
    };
    let effects = update(
        &mut m,
        Msg::Placed {
            at: t0(),
            result: Ok(placed.clone()),
        },
    );
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
    assert_eq!(m.submit, SubmitState::Placed { order_id: 112233 });
    assert!(
        press(&mut m, KeyCode::Enter).is_empty(),
        "refused after success"
    );
    assert!(m.overlay.is_none());
    let late = update(
        &mut m,
        Msg::Placed {
            at: t0(),
            result: Ok(placed),
        },
    );
    assert!(late.is_empty(), "a stray second answer changes nothing");
    assert_eq!(m.orders.len(), 1);
}

#[test]
fn quitting_while_sending_asks_first() {
    let mut m = ready_to_submit();
    press(&mut m, KeyCode::Enter);
    press(&mut m, KeyCode::Char('y'));
    assert!(ctrl(&mut m, 'c').is_empty(), "asks first");
    assert!(matches!(m.overlay, Some(Overlay::Confirm(_))));
    assert!(press(&mut m, KeyCode::Char('n')).is_empty());
    assert!(!m.quitting);
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
    assert!(m.overlay.is_none());
    assert!(m.notice.as_ref().unwrap().is_error);
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
    };
    update(
        &mut m,
        Msg::Placed {
            at: t0(),
            result: Err(error),
        },
    );
    assert!(matches!(m.submit, SubmitState::Failed { .. }));
    assert_eq!(
        errors(&m, "ship_info.city"),
        vec!["DigiCert: unknown city".to_owned()]
    );
    assert_eq!(layout::step_mark(&m, Screen::Shipping), "✗1");
    press(&mut m, KeyCode::Enter);
    assert!(
        m.overlay.is_none(),
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
    press(&mut m, KeyCode::Enter);
    press(&mut m, KeyCode::Char('y'));
    let error = ServiceError::new(Failure::OutcomeUnknown, "timed out after sending");
    update(
        &mut m,
        Msg::Placed {
            at: t0(),
            result: Err(error),
        },
    );
    assert!(matches!(m.submit, SubmitState::Unknown { .. }));
    press(&mut m, KeyCode::Enter);
    let Some(Overlay::Confirm(c)) = &m.overlay else {
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
    assert!(matches!(m.overlay, Some(Overlay::Confirm(_))));
    assert_eq!(place_count(&press(&mut m, KeyCode::Char('y'))), 1);
}

#[test]
fn order_actions_are_confirmed_and_sent_once() {
    let mut m = ready_to_submit();
    press(&mut m, KeyCode::Enter);
    press(&mut m, KeyCode::Char('y'));
    let placed = Placed {
        order_id: 7,
        request_id: Some(8),
        request_status: Some(RequestStatus::Pending),
        certificate_id: None,
    };
    update(
        &mut m,
        Msg::Placed {
            at: t0(),
            result: Ok(placed),
        },
    );
    go_to(&mut m, Screen::Orders);
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
    assert!(m.overlay.is_none(), "not while the first is on its way");
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
    while m.review_selected != target {
        press(&mut m, KeyCode::Down);
    }
    press(&mut m, KeyCode::Enter);
    assert_eq!(m.screen, Screen::Subject);
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
    assert_eq!(path.to_str(), Some("certwiz-order.sh"));
    assert!(contents.contains("$DIGICERT_API_KEY"));
    assert!(
        contents
            .contains("http://127.0.0.1:8443/services/v2/order/certificate/document_signing_org_1")
    );
    assert!(contents.contains("\"validity_years\": 2"));
}

#[test]
fn a_live_confirmation_says_it_is_billed() {
    let mut m = ready_to_submit();
    m.endpoint.live = true;
    press(&mut m, KeyCode::Enter);
    let Some(Overlay::Confirm(c)) = &m.overlay else {
        panic!("asks")
    };
    assert!(c.title.contains("LIVE"));
    assert!(c.lines.iter().any(|l| l.contains("billed")));
}

#[test]
fn json_scrolling_stops_at_the_end() {
    let mut m = documented((80, 24));
    go_to(&mut m, Screen::Review);
    for _ in 0..50 {
        press(&mut m, KeyCode::Char('J'));
    }
    let end = m.json_scroll;
    assert!(end > 0 && end < 50, "{end}");
    press(&mut m, KeyCode::Char('K'));
    assert_eq!(m.json_scroll, end - 3, "scrolling back starts at once");
}
