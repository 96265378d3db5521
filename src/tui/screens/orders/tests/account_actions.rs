//! The account's certificates on Orders act as the orders followed here (issue 20: "with the
//! same actions"): the selected row's order is read from Order info in the background into the
//! same `TrackedOrder`, and approve, reject, cancel, the install code, copy and download go
//! through the same checks and the same effects; the footer names only the keys that act on it.

use crossterm::event::KeyCode;

use super::lists::on_account;
use crate::delivery::Provisioning;
use crate::order::model::OrderInfo;
use crate::order::{OrderStatus, RequestStatus};
use crate::tui::app::{AccountOrder, Model, Overlay};
use crate::tui::fixtures::*;
use crate::tui::msg::{DeliveryTask, Effect, InitCode, Msg, OrderAction};
use crate::tui::services::{Failure, ServiceError};
use crate::tui::update::update;

fn info(id: i64, status: &str, request: &str, method: &str) -> OrderInfo {
    serde_json::from_value(serde_json::json!({
        "id": id, "status": status,
        "product": {"name_id": "ds_org"},
        "requests": [{"id": 77, "status": request}],
        "certificate": {"id": id + 1_000_000},
        "cs_provisioning_method": method,
    }))
    .unwrap()
}

/// The account's list with the row of `order_id` selected and its Order info answered.
fn read(order_id: i64, info: OrderInfo, csr_held: bool) -> Model {
    let mut m = on_account((80, 24));
    while m.orders.certificates().selected().unwrap().order_id != order_id {
        press(&mut m, KeyCode::Down);
    }
    // Whatever was asked first is answered; then the selected one is asked for.
    if let Some(AccountOrder::Reading(id)) = m.orders.account_order().cloned()
        && id != order_id
    {
        let effects = answer(&mut m, id, Err(ServiceError::new(Failure::Other, "gone")));
        assert_eq!(effects, vec![Effect::ReadAccountOrder { order_id }]);
    }
    assert!(answer(&mut m, order_id, Ok((info, csr_held))).is_empty());
    m
}

fn answer(
    m: &mut Model,
    order_id: i64,
    result: Result<(OrderInfo, bool), ServiceError>,
) -> Vec<Effect> {
    update(
        m,
        Msg::AccountOrder {
            at: t0(),
            order_id,
            result,
        },
    )
}

fn words(m: &Model) -> Vec<&'static str> {
    crate::tui::commands::footer(m)
        .iter()
        .map(|c| c.word)
        .collect()
}

fn notice(m: &Model) -> String {
    m.notice()
        .as_ref()
        .map(|n| n.text.clone())
        .unwrap_or_default()
}

/// `y` on the question sends exactly this action, once.
fn sent(m: &mut Model, order_id: i64, request_id: Option<i64>, action: OrderAction) {
    assert_eq!(
        press(m, KeyCode::Char('y')),
        vec![Effect::Act {
            order_id,
            request_id,
            action,
        }]
    );
}

/// CertCentral answered the action with 204.
fn done(m: &mut Model, order_id: i64, what: OrderAction) {
    update(
        m,
        Msg::ActionDone {
            at: t0(),
            order_id,
            what,
            result: Ok(()),
        },
    );
}

#[test]
fn the_selected_row_is_read_once_in_the_background_one_read_at_a_time() {
    let mut m = model((80, 24));
    crate::tui::update::go_to(&mut m, crate::tui::app::Screen::Orders);
    update(&mut m, Msg::Tick(t0()));
    let effects = update(
        &mut m,
        Msg::CertificatesListed {
            at: t0(),
            result: Ok(super::lists::rows()),
        },
    );
    assert!(
        !effects
            .iter()
            .any(|e| matches!(e, Effect::ReadAccountOrder { .. })),
        "not while the followed list is shown"
    );
    let effects = press(&mut m, KeyCode::Tab);
    assert_eq!(
        effects,
        vec![Effect::ReadAccountOrder { order_id: 5000003 }]
    );
    // Moving on while it is read asks nothing more; the answer brings the next read.
    assert!(press(&mut m, KeyCode::Down).is_empty());
    assert!(press(&mut m, KeyCode::Down).is_empty());
    let effects = answer(
        &mut m,
        5000003,
        Ok((info(5000003, "issued", "approved", "email"), false)),
    );
    assert_eq!(
        effects,
        vec![Effect::ReadAccountOrder { order_id: 5000001 }]
    );
    // Until it is read, its keys are not offered, and pressing one says why.
    assert!(!words(&m).contains(&"download"));
    assert!(press(&mut m, KeyCode::Char('a')).is_empty());
    assert_eq!(
        notice(&m),
        "Order 5000001 is being read (Order info); its keys follow once it is"
    );
    // A read that fails says so on the key and in the pane.
    answer(
        &mut m,
        5000001,
        Err(ServiceError::new(
            Failure::Other,
            "CertCentral answered 503",
        )),
    );
    press(&mut m, KeyCode::Char('x'));
    assert_eq!(
        notice(&m),
        "Order 5000001 could not be read: CertCentral answered 503"
    );
    assert!(render(&m).contains("Its Order info could not be read: CertCentral answered 503"));
    super::lists::offers_no_order_action(&words(&m));
}

#[test]
fn a_pending_account_order_is_approved_through_the_same_question_and_effect() {
    let mut m = read(
        5000004,
        info(5000004, "pending", "pending", "ship_token"),
        false,
    );
    let order = m.orders.selected().unwrap();
    assert_eq!(order.request_id, Some(77));
    assert_eq!(order.order_status, Some(OrderStatus::Pending));
    let w = words(&m);
    for present in ["approve", "reject", "cancel order"] {
        assert!(w.contains(&present), "{present} missing from {w:?}");
    }
    for absent in ["install code", "copy code", "download", "renew"] {
        assert!(!w.contains(&absent), "{absent} in {w:?}");
    }
    press(&mut m, KeyCode::Char('a'));
    assert!(matches!(m.overlay(), Some(Overlay::Confirm(_))));
    sent(&mut m, 5000004, Some(77), OrderAction::Approve);
    assert!(press(&mut m, KeyCode::Char('a')).is_empty(), "not twice");
    done(&mut m, 5000004, OrderAction::Approve);
    // The 204 decided the request: it says so, and approve and reject leave the footer.
    assert_eq!(
        m.orders.selected().unwrap().request_status,
        Some(RequestStatus::Approved)
    );
    // The request was approved, not the order, which is still pending ("Order 5000004:
    // approved" beside "order pending").
    assert_eq!(notice(&m), "Order 5000004: request approved");
    let w = words(&m);
    assert!(!w.contains(&"approve") && !w.contains(&"reject"), "{w:?}");
    assert!(render(&m).contains("Now: order pending · request 77 approved"));
}

#[test]
fn a_rejected_account_request_ends_the_order() {
    let mut m = read(
        5000004,
        info(5000004, "pending", "pending", "ship_token"),
        false,
    );
    press(&mut m, KeyCode::Char('r'));
    type_text(&mut m, "wrong division");
    press(&mut m, KeyCode::Enter);
    let what = OrderAction::Reject {
        comment: "wrong division".into(),
    };
    sent(&mut m, 5000004, Some(77), what.clone());
    done(&mut m, 5000004, what);
    let order = m.orders.selected().unwrap();
    assert_eq!(order.request_status, Some(RequestStatus::Rejected));
    assert!(order.is_final);
    let w = words(&m);
    for absent in ["approve", "reject", "cancel order"] {
        assert!(!w.contains(&absent), "{absent} in {w:?}");
    }
}

#[test]
fn cancel_is_offered_only_where_digicert_cancels() {
    // needs_approval is not among the statuses "Update order status" cancels.
    let mut m = read(
        5000004,
        info(5000004, "needs_approval", "pending", "ship_token"),
        false,
    );
    assert!(!words(&m).contains(&"cancel order"));
    press(&mut m, KeyCode::Char('x'));
    assert!(m.overlay().is_none());
    assert_eq!(
        notice(&m),
        "Order 5000004's status is needs_approval: DigiCert cancels only an order whose status is pending or waiting_pickup, or a pending reissue"
    );
    // An issued order is not canceled either.
    let m = read(
        5000002,
        info(5000002, "issued", "approved", "ship_token"),
        false,
    );
    assert!(!words(&m).contains(&"cancel order"));
    // waiting_pickup and reissue_pending are.
    for status in ["waiting_pickup", "reissue_pending"] {
        let mut m = read(
            5000004,
            info(5000004, status, "approved", "ship_token"),
            false,
        );
        assert!(words(&m).contains(&"cancel order"), "{status}");
        press(&mut m, KeyCode::Char('x'));
        type_text(&mut m, "duplicate");
        press(&mut m, KeyCode::Enter);
        let what = OrderAction::Cancel {
            note: "duplicate".into(),
        };
        sent(&mut m, 5000004, None, what.clone());
        done(&mut m, 5000004, what);
        let order = m.orders.selected().unwrap();
        if status == "reissue_pending" {
            // The page: the reissue is canceled, the order is issued again.
            assert_eq!(order.order_status, Some(OrderStatus::Issued));
            assert_eq!(order.request_status, Some(RequestStatus::Rejected));
        } else {
            assert_eq!(order.order_status, Some(OrderStatus::Canceled));
            assert_eq!(
                m.orders.certificates().selected().unwrap().status,
                "canceled"
            );
        }
        assert!(!words(&m).contains(&"cancel order"), "{status}");
    }
}

#[test]
fn an_issued_token_account_order_shows_and_copies_its_install_code() {
    let mut m = read(
        5000002,
        info(5000002, "issued", "approved", "ship_token"),
        false,
    );
    assert_eq!(
        m.orders.selected().unwrap().delivery.provisioning,
        Some(Provisioning::ShipToken)
    );
    let w = words(&m);
    assert!(w.contains(&"install code") && w.contains(&"renew"), "{w:?}");
    for absent in ["approve", "reject", "cancel order", "copy code", "download"] {
        assert!(!w.contains(&absent), "{absent} in {w:?}");
    }
    let effects = press(&mut m, KeyCode::Char('i'));
    assert_eq!(
        effects,
        vec![Effect::ReadDelivery {
            order_id: 5000002,
            want: DeliveryTask::InitCode,
        }]
    );
    update(
        &mut m,
        Msg::Delivery {
            order_id: 5000002,
            want: DeliveryTask::InitCode,
            result: Ok((Provisioning::ShipToken, Some(InitCode::new("HX-5511")))),
        },
    );
    assert!(render(&m).contains("install code: HX-5511"));
    let w = words(&m);
    assert!(
        w.contains(&"copy code") && w.contains(&"hide code"),
        "{w:?}"
    );
    let effects = press(&mut m, KeyCode::Char('c'));
    assert_eq!(effects, vec![Effect::Copy(InitCode::new("HX-5511"))]);
    // Leaving the row drops the code (the next row is read in its place).
    press(&mut m, KeyCode::Up);
    assert!(!render(&m).contains("HX-5511"));
    assert_eq!(
        m.orders.account_order(),
        Some(&AccountOrder::Reading(5000003)),
        "the order read is the selected row's"
    );
}

#[test]
fn an_hsm_account_order_downloads_only_when_the_journal_holds_its_csr() {
    let mut m = read(5000002, info(5000002, "issued", "approved", "email"), false);
    let w = words(&m);
    assert!(
        !w.contains(&"download") && !w.contains(&"install code"),
        "{w:?}"
    );
    assert!(press(&mut m, KeyCode::Char('d')).is_empty());
    assert_eq!(
        notice(&m),
        "Order 5000002 was not placed from here: the journal holds no CSR to check its certificate against; certwiz download 5000002 --csr FILE checks it against yours"
    );
    assert!(!render(&m).contains("d downloads it now"));
    let mut m = read(5000002, info(5000002, "issued", "approved", "email"), true);
    assert!(words(&m).contains(&"download"));
    assert_eq!(
        press(&mut m, KeyCode::Char('d')),
        vec![Effect::Download { order_id: 5000002 }]
    );
}

#[test]
fn an_account_row_followed_here_acts_on_the_followed_order_without_reading_it() {
    let mut m = read(
        5000004,
        info(5000004, "pending", "pending", "ship_token"),
        false,
    );
    // The same order followed here (placed from this machine): the followed one is acted on.
    let mut followed = m.orders.selected().unwrap().clone();
    followed.request_id = Some(99);
    m.orders.followed_mut().push(followed);
    *m.orders.account_order_mut() = None;
    assert_eq!(m.orders.selected().unwrap().request_id, Some(99));
    press(&mut m, KeyCode::Char('a'));
    let effects = press(&mut m, KeyCode::Char('y'));
    assert_eq!(
        effects,
        vec![Effect::Act {
            order_id: 5000004,
            request_id: Some(99),
            action: OrderAction::Approve,
        }]
    );
    assert!(m.orders.account_order().is_none(), "never read");
}

#[test]
fn snapshots() {
    for size in [(80, 24), (200, 60)] {
        let name = |n: &str| format!("{n}_{}x{}", size.0, size.1);
        let mut m = on_account(size);
        while m.orders.certificates().selected().unwrap().order_id != 5000004 {
            press(&mut m, KeyCode::Down);
        }
        answer(&mut m, 5000003, Err(ServiceError::new(Failure::Other, "-")));
        answer(
            &mut m,
            5000004,
            Ok((info(5000004, "pending", "pending", "ship_token"), false)),
        );
        insta::assert_snapshot!(name("account_row_pending"), render(&m));
        let mut m = on_account(size);
        press(&mut m, KeyCode::Down);
        answer(&mut m, 5000003, Err(ServiceError::new(Failure::Other, "-")));
        answer(
            &mut m,
            5000002,
            Ok((info(5000002, "issued", "approved", "ship_token"), false)),
        );
        insta::assert_snapshot!(name("account_row_issued_token"), render(&m));
    }
}

/// CertCentral's refusal of a renewal (issue 20 item 2) is explained with the words
/// `certwiz renew` uses, and a NEW order is placed only on `y` (Enter does not).
#[test]
fn a_refused_renewal_is_explained_and_placed_as_new_only_on_y() {
    use crate::ordering::renewal::Refused;
    let refused = |m: &mut Model| {
        m.renew_form(m.draft().clone(), 5000002);
        crate::tui::update::go_to(m, crate::tui::app::Screen::Submit);
        press(m, KeyCode::Enter);
        let effects = press(m, KeyCode::Char('y'));
        match &effects[..] {
            [Effect::PlaceOrder { body, .. }] => {
                assert_eq!(body.renewal_of_order_id(), Some(5000002))
            }
            other => panic!("{other:?}"),
        }
        let mut error = ServiceError::new(Failure::BadInput, "DigiCert refused the order (400)");
        error.refused = Some(Refused::RenewedAlready);
        update(
            m,
            Msg::Placed {
                at: t0(),
                result: Err(error),
            },
        );
    };
    let mut m = documented((80, 24));
    refused(&mut m);
    match m.overlay() {
        Some(Overlay::Confirm(c)) => {
            assert_eq!(
                c.asked,
                crate::tui::app::Asked::NewOrderInstead { old: 5000002 }
            );
            assert_eq!(c.lines[0], Refused::RenewedAlready.explain(5000002));
        }
        other => panic!("not asked: {other:?}"),
    }
    assert!(render(&m).contains("renewed already"));
    assert!(
        press(&mut m, KeyCode::Enter).is_empty(),
        "Enter does not place it"
    );
    let effects = press(&mut m, KeyCode::Char('y'));
    match &effects[..] {
        [Effect::PlaceOrder { body, attempt, .. }] => {
            assert_eq!(body.renewal_of_order_id(), None, "a new order");
            assert!(
                !attempt.label.starts_with("renewal of"),
                "{}",
                attempt.label
            );
            // Decided with the renewals of the same order: one fingerprint.
            let renewal = crate::store::NewAttempt::for_renewal(
                m.draft(),
                5000002,
                m.endpoint().kind(),
                m.endpoint().base.as_str(),
            );
            assert_eq!(attempt.fingerprint, renewal.fingerprint);
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(m.form.renewal_of(), None);
    // n: nothing is placed, and the form still renews.
    let mut m = documented((80, 24));
    refused(&mut m);
    assert!(press(&mut m, KeyCode::Char('n')).is_empty());
    assert_eq!(m.form.renewal_of(), Some(5000002));
    assert_eq!(
        notice(&m),
        "Order 5000002 was not renewed, and no new order was placed"
    );
    // Any other refusal asks nothing.
    let mut m = documented((80, 24));
    m.renew_form(m.draft().clone(), 5000002);
    send_and_answer(
        &mut m,
        Err(ServiceError::new(Failure::BadInput, "bad city")),
    );
    assert!(m.overlay().is_none());
}

/// Read in tmux: an account order read as pending was issued by the time the cancel was sent;
/// CertCentral refused, and the pane still said pending. A refused action reads it again.
#[test]
fn an_action_refused_on_an_account_order_reads_it_again() {
    let mut m = read(
        5000004,
        info(5000004, "pending", "submitted", "ship_token"),
        false,
    );
    press(&mut m, KeyCode::Char('x'));
    type_text(&mut m, "duplicate");
    press(&mut m, KeyCode::Enter);
    press(&mut m, KeyCode::Char('y'));
    let effects = update(
        &mut m,
        Msg::ActionDone {
            at: t0(),
            order_id: 5000004,
            what: OrderAction::Cancel {
                note: "duplicate".into(),
            },
            result: Err(ServiceError::new(
                Failure::BadInput,
                "Order 5000004 is issued; only pending orders can be canceled",
            )),
        },
    );
    assert_eq!(
        effects,
        vec![Effect::ReadAccountOrder { order_id: 5000004 }]
    );
    assert!(notice(&m).contains("could not cancel"), "{}", notice(&m));
    answer(
        &mut m,
        5000004,
        Ok((info(5000004, "issued", "approved", "ship_token"), false)),
    );
    assert!(!words(&m).contains(&"cancel order"));
    assert!(render(&m).contains("Now: order issued"));
}

/// An expired certificate's next step is a renewal, not installing it: the pane said "DigiCert
/// ships a token …; install the certificate on it with the install code" 20 days after the
/// certificate expired.
#[test]
fn an_expired_certificate_is_not_told_to_be_installed() {
    let m = read(
        5000003,
        info(5000003, "issued", "approved", "ship_token"),
        false,
    );
    let screen = render(&m);
    assert!(
        screen.contains("Next: its certificate expired on 2026-11-20"),
        "{screen}"
    );
    assert!(!screen.contains("install the certificate"), "{screen}");
    assert!(screen.contains("R renews it"), "{screen}");
    // Once renewed from here, it says so and offers no renewal in words.
    let mut renewed = m.clone();
    renewed.orders.renewed(5000003);
    let screen = render(&renewed);
    assert!(
        screen.contains("expired on 2026-11-20; it was renewed"),
        "{screen}"
    );
    assert!(!screen.contains("R renews it"), "{screen}");
    // One that has not expired is told what to do with it, as before.
    let m = read(
        5000002,
        info(5000002, "issued", "approved", "ship_token"),
        false,
    );
    assert!(
        render(&m).contains("Next: DigiCert ships a token"),
        "{}",
        render(&m)
    );
}
