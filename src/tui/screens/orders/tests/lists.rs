//! Orders beside the account (issue 20): the account's certificates listed from the inventory
//! and CertCentral, Tab between the lists, renewing from Orders, and why a waiting order waits
//! (issue 19).

use crossterm::event::{KeyCode, KeyModifiers};

use crate::order::inventory::Certificate;
use crate::order::model::OrderInfo;
use crate::order::{OrderStatus, Product, RequestStatus};
use crate::paths::Paths;
use crate::store::{NewAttempt, Store};
use crate::tui::app::{Asked, Model, OrdersList, Overlay, Screen};
use crate::tui::fixtures::*;
use crate::tui::msg::{Effect, Msg};
use crate::tui::screens::orders::Refresh;
use crate::tui::services::{Failure, ServiceError, TrackUpdate};
use crate::tui::update::{go_to, update};

fn row(order_id: i64, subject: &str, valid_till: &str, days: i64, status: &str) -> Certificate {
    Certificate {
        order_id,
        certificate_id: Some(order_id + 1_000_000),
        product: "ds_org".into(),
        subject: subject.into(),
        organization: "Example Org".into(),
        status: status.into(),
        valid_till: Some(valid_till.into()),
        days_remaining: Some(days),
        is_renewed: false,
        fetched_at: t0().unix_timestamp(),
    }
}

pub(super) fn rows() -> Vec<Certificate> {
    vec![
        row(5000001, "Rene Pierce", "2027-12-01", 368, "issued"),
        row(5000002, "Ada Lovelace", "2026-12-10", 12, "issued"),
        row(5000003, "Example Org", "2026-11-20", -8, "issued"),
        Certificate {
            valid_till: None,
            days_remaining: None,
            ..row(5000004, "Bob Stone", "", 0, "pending")
        },
    ]
}

/// The order ids of the account's list, in the order shown.
fn listed(m: &Model) -> Vec<i64> {
    m.orders
        .certificates()
        .rows
        .iter()
        .map(|c| c.order_id)
        .collect()
}

/// The footer offers none of the actions on an order read from Order info.
pub(super) fn offers_no_order_action(words: &[&str]) {
    for absent in [
        "approve",
        "reject",
        "cancel order",
        "install code",
        "download",
    ] {
        assert!(!words.contains(&absent), "{absent} in {words:?}");
    }
}

/// Orders open on the account's list, as listed from CertCentral.
pub(super) fn on_account(size: (u16, u16)) -> Model {
    let mut m = model(size);
    go_to(&mut m, Screen::Orders);
    update(&mut m, Msg::Tick(t0()));
    list_rows(&mut m);
    press(&mut m, KeyCode::Tab);
    m
}

/// The account's list answered with [`rows`].
fn list_rows(m: &mut Model) {
    update(
        m,
        Msg::CertificatesListed {
            at: t0(),
            result: Ok(rows()),
        },
    );
}

fn order_info(json: serde_json::Value) -> OrderInfo {
    serde_json::from_value(json).unwrap()
}

fn issued_info(id: i64) -> OrderInfo {
    order_info(serde_json::json!({
        "id": id, "status": "issued",
        "product": {"name_id": "document_signing_org_1"},
        "organization": {"id": 334455},
        "container": {"id": 221122},
        "validity_years": 1,
        "cs_provisioning_method": "ship_token",
        "certificate": {"id": 6000002, "server_platform": {"id": 21}, "signature_hash": "sha256", "valid_till": "2026-12-10"}
    }))
}

#[test]
fn opening_orders_asks_for_the_certificates_once() {
    let mut m = model((80, 24));
    let effects = update(&mut m, Msg::Tick(t0()));
    assert!(
        !effects.contains(&Effect::LoadCertificates),
        "not before Orders"
    );
    go_to(&mut m, Screen::Orders);
    let effects = update(&mut m, Msg::Tick(t0()));
    assert!(effects.contains(&Effect::LoadCertificates));
    assert_eq!(m.orders.certificates().refresh, Refresh::Listing);
    let effects = update(&mut m, Msg::Tick(t0()));
    assert!(!effects.contains(&Effect::LoadCertificates), "asked once");
}

#[test]
fn stored_rows_open_at_once_and_the_listing_replaces_them_soonest_expiry_first() {
    let mut m = model((80, 24));
    go_to(&mut m, Screen::Orders);
    update(&mut m, Msg::Tick(t0()));
    let stored_at = (t0() - time::Duration::hours(3)).unix_timestamp();
    update(
        &mut m,
        Msg::CertificatesStored {
            at: t0(),
            result: Ok((rows()[..2].to_vec(), Some(stored_at))),
        },
    );
    let ids = listed(&m);
    assert_eq!(ids, [5000002, 5000001]);
    let line = crate::tui::screens::orders::account::source_line(&m).unwrap();
    assert!(
        line.starts_with(
            "listing from CertCentral…; showing the list stored at 2026-11-28 07:00:00 UTC"
        ),
        "{line}"
    );
    list_rows(&mut m);
    let ids = listed(&m);
    assert_eq!(
        ids,
        [5000003, 5000002, 5000001, 5000004],
        "expired first, undated last"
    );
    assert_eq!(
        m.orders.certificates().selected,
        1,
        "the selected order stays selected"
    );
    assert_eq!(crate::tui::screens::orders::account::source_line(&m), None);
    // A stored listing read late never covers the fresh one.
    update(
        &mut m,
        Msg::CertificatesStored {
            at: t0(),
            result: Ok((Vec::new(), None)),
        },
    );
    assert_eq!(m.orders.certificates().rows.len(), 4);
}

#[test]
fn a_listing_that_cannot_be_read_is_one_quiet_line_and_the_stored_rows_stay() {
    let mut m = model((80, 24));
    go_to(&mut m, Screen::Orders);
    update(&mut m, Msg::Tick(t0()));
    update(
        &mut m,
        Msg::CertificatesStored {
            at: t0(),
            result: Ok((Vec::new(), None)),
        },
    );
    update(
        &mut m,
        Msg::CertificatesListed {
            at: t0(),
            result: Err("the API key was refused (401)".into()),
        },
    );
    assert_eq!(
        crate::tui::screens::orders::account::source_line(&m).unwrap(),
        "CertCentral could not be asked (the API key was refused (401)); nothing is stored from an earlier listing"
    );
    press(&mut m, KeyCode::Tab);
    let screen = render(&m);
    assert!(
        screen.contains("CertCentral could not be asked"),
        "{screen}"
    );
    assert!(
        screen.contains("no document signing certificates listed"),
        "{screen}"
    );
}

#[test]
fn tab_switches_the_lists_and_the_footer_names_only_keys_that_work() {
    let mut m = on_account((80, 24));
    assert_eq!(m.orders.list(), OrdersList::Account);
    let words: Vec<&str> = crate::tui::commands::footer(&m)
        .iter()
        .map(|c| c.word)
        .collect();
    assert!(words.contains(&"followed here"), "{words:?}");
    assert!(words.contains(&"renew"), "{words:?}");
    offers_no_order_action(&words);
    // The pending row (undated, last) cannot be renewed: R leaves the footer.
    for _ in 0..5 {
        press(&mut m, KeyCode::Down);
    }
    assert_eq!(
        m.orders.certificates().selected().unwrap().order_id,
        5000004
    );
    let words: Vec<&str> = crate::tui::commands::footer(&m)
        .iter()
        .map(|c| c.word)
        .collect();
    assert!(!words.contains(&"renew"), "{words:?}");
    let effects = press(&mut m, KeyCode::Char('R'));
    assert!(effects.is_empty());
    assert!(
        m.notice()
            .as_ref()
            .unwrap()
            .text
            .contains("only an issued order can be renewed")
    );
    press(&mut m, KeyCode::Tab);
    assert_eq!(m.orders.list(), OrdersList::Followed);
}

#[test]
fn renewing_a_listed_certificate_fills_the_form_from_order_info() {
    let mut m = on_account((80, 24));
    press(&mut m, KeyCode::Down);
    assert_eq!(
        m.orders.certificates().selected().unwrap().order_id,
        5000002
    );
    let effects = press(&mut m, KeyCode::Char('R'));
    assert_eq!(effects, vec![Effect::ReadRenewal { order_id: 5000002 }]);
    // Nothing more while it is read.
    assert!(press(&mut m, KeyCode::Char('R')).is_empty());
    let effects = update(
        &mut m,
        Msg::RenewalInfo {
            order_id: 5000002,
            result: Ok(issued_info(5000002)),
        },
    );
    assert!(effects.contains(&Effect::LoadProduct(Product::DocumentSigningOrg1)));
    assert!(
        !effects
            .iter()
            .any(|e| matches!(e, Effect::PlaceOrder { .. })),
        "nothing is sent"
    );
    assert_eq!(m.nav.screen(), Screen::Review);
    assert_eq!(m.form.renewal_of(), Some(5000002));
    assert_eq!(m.draft().get("organization.id"), "334455");
    assert_eq!(m.body()["renewal_of_order_id"], 5000002);
    assert!(
        m.notice()
            .as_ref()
            .unwrap()
            .text
            .starts_with("Renewing order 5000002: the form is filled from it")
    );
    // Another form replacing this one is no renewal.
    m.replace_draft(Model::new_draft(Product::DocumentSigningOrg1));
    assert_eq!(m.form.renewal_of(), None);
    assert!(m.body().get("renewal_of_order_id").is_none());
}

#[test]
fn a_renewed_or_unreadable_order_is_not_renewed() {
    let mut m = on_account((80, 24));
    press(&mut m, KeyCode::Char('R'));
    let mut info = issued_info(5000003);
    info.extra.insert("is_renewed".into(), true.into());
    info.extra.insert("renewed_order_id".into(), 5000099.into());
    let effects = update(
        &mut m,
        Msg::RenewalInfo {
            order_id: 5000003,
            result: Ok(info),
        },
    );
    assert!(effects.is_empty());
    assert_eq!(m.form.renewal_of(), None);
    assert_eq!(
        m.notice().unwrap().text,
        "CertCentral says order 5000003 was renewed already by order 5000099; to renew it again anyway: certwiz renew 5000003 --allow-duplicate"
    );
    press(&mut m, KeyCode::Char('R'));
    update(
        &mut m,
        Msg::RenewalInfo {
            order_id: 5000003,
            result: Err(ServiceError::new(
                Failure::Other,
                "CertCentral answered 503",
            )),
        },
    );
    assert_eq!(m.nav.screen(), Screen::Orders);
    assert_eq!(
        m.notice().unwrap().text,
        "Order 5000003 could not be read to renew it: CertCentral answered 503"
    );
}

#[test]
fn a_second_renewal_of_the_same_order_is_named_and_asked_before_sending() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&Paths::under(dir.path()));
    let mut m = documented((80, 24));
    m.renew_form(m.draft().clone(), 5000002);
    assert_eq!(m.request().unwrap().renewal_of_order_id(), Some(5000002));
    // An earlier renewal of the same order, from another form, recorded as sending.
    let other = Model::new_draft(Product::DocumentSigningOrg1);
    let endpoint = m.endpoint().clone();
    store
        .journal
        .create_sending(NewAttempt::for_renewal(
            &other,
            5000002,
            endpoint.kind(),
            endpoint.base.as_str(),
        ))
        .unwrap();
    go_to(&mut m, Screen::Submit);
    let effects = update(
        &mut m,
        Msg::Key(key_event(KeyCode::Enter, KeyModifiers::NONE)),
    );
    let attempt = effects
        .iter()
        .find_map(|e| match e {
            Effect::CheckEarlier(a) => Some(a.clone()),
            _ => None,
        })
        .unwrap_or_else(|| panic!("the journal is asked first: {effects:?} {:?}", m.notice()));
    assert!(attempt.label.starts_with("renewal of order 5000002"));
    let earlier = store.journal.earlier(&attempt).unwrap();
    assert_eq!(earlier.len(), 1, "the same order, whatever the form says");
    update(&mut m, Msg::Earlier(Ok(earlier)));
    // The second-send question waits for the same pre-flight check as the first (none here).
    if m.overlay().is_none()
        && let Some(key) = m.checked_for()
    {
        update(&mut m, Msg::Preflight(key, None));
    }
    match m.overlay() {
        Some(Overlay::Confirm(c)) => {
            assert_eq!(c.asked, Asked::Resubmit);
            assert!(
                c.lines
                    .iter()
                    .any(|l| l.contains("Renews:") && l.contains("order 5000002"))
            );
        }
        other => panic!("asked nothing: {other:?}"),
    }
    // Enter alone does not send it again; only y does.
    let effects = press(&mut m, KeyCode::Enter);
    assert!(
        !effects
            .iter()
            .any(|e| matches!(e, Effect::PlaceOrder { .. }))
    );
}

fn track(m: &mut Model, status: &str) -> Vec<Effect> {
    update(
        m,
        Msg::Track(TrackUpdate {
            order_id: 112233,
            at: t0(),
            order_status: Some(OrderStatus::from(status)),
            request_id: Some(113),
            request_status: Some(RequestStatus::Pending),
            certificate_id: None,
            is_final: false,
            error: None,
        }),
    )
}

const WHY: [&str; 3] = [
    "address check: pending",
    "approval: the order waits for approval in the account; can approve: Jane Doe",
    "approve it (with a key allowed to): certwiz approve 113",
];

fn with_reasons(size: (u16, u16)) -> Model {
    with_lines(size, WHY.iter().map(|s| s.to_string()).collect())
}

/// Orders with order 112233 needing approval, for these reasons.
fn with_lines(size: (u16, u16), lines: Vec<String>) -> Model {
    let mut m = placed(size);
    track(&mut m, "needs_approval");
    update(
        &mut m,
        Msg::WhyWaits {
            order_id: 112233,
            status: OrderStatus::NeedsApproval,
            lines,
        },
    );
    go_to(&mut m, Screen::Orders);
    m
}

#[test]
fn a_waiting_order_says_why_asked_once_per_status() {
    let mut m = placed((80, 24));
    let effects = track(&mut m, "needs_approval");
    assert!(effects.contains(&Effect::WhyWaits {
        order_id: 112233,
        status: OrderStatus::NeedsApproval,
        request_id: Some(113),
    }));
    assert!(
        !track(&mut m, "needs_approval")
            .iter()
            .any(|e| matches!(e, Effect::WhyWaits { .. })),
        "asked once per status"
    );
    // An answer for a status the order left is dropped.
    update(
        &mut m,
        Msg::WhyWaits {
            order_id: 112233,
            status: OrderStatus::Pending,
            lines: vec!["stale".into()],
        },
    );
    assert!(m.orders.followed()[0].waits.is_empty());
    let m = with_reasons((80, 24));
    let screen = render(&m);
    assert!(screen.contains("Why it waits:"), "{screen}");
    assert!(screen.contains("address check: pending"), "{screen}");
}

#[test]
fn a_reason_that_cannot_be_read_leaves_the_status_as_it_was_and_an_issued_order_drops_it() {
    let mut m = placed((80, 24));
    track(&mut m, "pending");
    update(
        &mut m,
        Msg::WhyWaits {
            order_id: 112233,
            status: OrderStatus::Pending,
            lines: Vec::new(),
        },
    );
    go_to(&mut m, Screen::Orders);
    assert!(!render(&m).contains("Why it waits"));
    let mut m = with_reasons((80, 24));
    track(&mut m, "issued");
    assert!(m.orders.followed()[0].waits.is_empty());
    assert!(!render(&m).contains("Why it waits"));
}

/// Read in tmux at 80x24: an order held on an expired validation had more reasons than the
/// pane's rows, and the last ones were cut off with no sign. The pane's last row now says there
/// is more; with room, every reason shows.
#[test]
fn reasons_past_the_pane_say_there_is_more() {
    let lines: Vec<String> = (1..=12)
        .map(|i| format!("reason {i}: a step that is still open, long enough to wrap in the pane"))
        .collect();
    for (size, all_shown) in [((80, 24), false), ((200, 60), true)] {
        let screen = render(&with_lines(size, lines.clone()));
        assert_eq!(screen.contains("reason 12:"), all_shown, "{screen}");
        assert_eq!(
            screen.contains(crate::tui::view::fit::MORE),
            !all_shown,
            "{screen}"
        );
    }
}

#[test]
fn snapshots() {
    for size in [(80, 24), (200, 60)] {
        let name = |n: &str| format!("{n}_{}x{}", size.0, size.1);
        insta::assert_snapshot!(name("orders_account"), render(&on_account(size)));
        insta::assert_snapshot!(name("orders_why_it_waits"), render(&with_reasons(size)));
        let mut m = on_account(size);
        press(&mut m, KeyCode::Down);
        press(&mut m, KeyCode::Char('R'));
        update(
            &mut m,
            Msg::RenewalInfo {
                order_id: 5000002,
                result: Ok(issued_info(5000002)),
            },
        );
        insta::assert_snapshot!(name("orders_renewal_review"), render(&m));
    }
}

/// A renewal placed from here marks the old order renewed on the account's list at once: it
/// said "renewed: no" (and the RENEWED column "no") until the list was read again.
#[test]
fn a_renewal_placed_here_marks_the_old_order_renewed() {
    let mut m = documented((80, 24));
    list_rows(&mut m);
    // The documented form as the renewal of the listed 5000002 (renewing fills it from its
    // Order info: `renewing_a_listed_certificate_fills_the_form_from_order_info`).
    m.renew_form(m.draft().clone(), 5000002);
    assert_eq!(m.form.renewal_of(), Some(5000002));
    send_and_place(&mut m, 112240, 140);
    assert!(
        matches!(
            m.submit.state(),
            crate::tui::app::SubmitState::Placed { .. }
        ),
        "{:?} {:?}",
        m.submit.state(),
        m.notice()
    );
    let row = m
        .orders
        .certificates()
        .rows
        .iter()
        .find(|r| r.order_id == 5000002)
        .unwrap();
    assert!(row.is_renewed);
}

/// Renewing after the form was placed keeps nothing as a draft: the placed form is an order
/// now (Orders follows it). It was kept as draft "before renewing …", and loading that draft
/// later offered the placed order as a form to send.
#[test]
fn renewing_after_placing_keeps_no_draft_of_the_placed_form() {
    let mut m = placed((80, 24));
    list_rows(&mut m);
    go_to(&mut m, Screen::Orders);
    press(&mut m, KeyCode::Tab);
    while m.orders.certificates().selected().unwrap().order_id != 5000002 {
        press(&mut m, KeyCode::Down);
    }
    assert_eq!(
        press(&mut m, KeyCode::Char('R')),
        vec![Effect::ReadRenewal { order_id: 5000002 }]
    );
    let effects = update(
        &mut m,
        Msg::RenewalInfo {
            order_id: 5000002,
            result: Ok(issued_info(5000002)),
        },
    );
    assert!(
        !effects
            .iter()
            .any(|e| matches!(e, Effect::KeepDraft { .. })),
        "{effects:?}"
    );
    let notice = m.notice().unwrap().text.clone();
    assert!(!notice.contains("kept as draft"), "{notice}");
    assert_eq!(m.form.renewal_of(), Some(5000002));
}
