//! Snapshot tests: every screen at 80x24 and 120x40, drawn into a TestBackend.

use crossterm::event::KeyCode;

use super::app::{Model, Row, Screen};
use super::fixtures::*;
use super::msg::Msg;
use super::services::{Failure, FieldProblem, Placed, ServiceError, TrackUpdate};
use super::update::{go_to, update};
use crate::order::catalog;
use crate::order::{OrderStatus, RequestStatus};

const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];

fn snap(name: &str, build: impl Fn((u16, u16)) -> Model) {
    for size in SIZES {
        let m = build(size);
        insta::assert_snapshot!(format!("{name}_{}x{}", size.0, size.1), render(&m));
    }
}

fn set(m: &mut Model, path: &str, value: &str) {
    let row = Row::Field(catalog::field(path).unwrap());
    m.set_value(row, value);
    m.flag(row.path());
    m.open_editor();
}

#[test]
fn certificate_fresh() {
    snap("certificate_fresh", model);
}

#[test]
fn certificate_errors() {
    snap("certificate_errors", |size| {
        let mut m = model(size);
        set(&mut m, "cs_provisioning_method", "email");
        set(&mut m, "validity_years", "7");
        set(&mut m, "certificate.csr", "not a csr");
        m
    });
}

#[test]
fn certificate_csr_shows_its_key() {
    snap("certificate_csr", |size| {
        let mut m = model(size);
        set(&mut m, "cs_provisioning_method", "email");
        focus_path(&mut m, "certificate.csr");
        update(&mut m, Msg::Paste(RSA2048.into()));
        m
    });
}

#[test]
fn organization_screen_and_picker() {
    snap("organization", |size| {
        let mut m = model(size);
        go_to(&mut m, Screen::Organization);
        m
    });
    snap("organization_picker", |size| {
        let mut m = model(size);
        go_to(&mut m, Screen::Organization);
        press(&mut m, KeyCode::Enter);
        m
    });
    snap("organization_loading", |size| {
        let mut m = bare(size);
        go_to(&mut m, Screen::Organization);
        m
    });
}

#[test]
fn subject_errors() {
    snap("subject_errors", |size| {
        let mut m = model(size);
        go_to(&mut m, Screen::Subject);
        type_text(&mut m, "Rene Pierce");
        press(&mut m, KeyCode::Tab);
        press(&mut m, KeyCode::Tab);
        type_text(&mut m, "call me");
        press(&mut m, KeyCode::Tab);
        type_text(&mut m, "rene@");
        press(&mut m, KeyCode::Tab);
        m
    });
}

#[test]
fn shipping_skipped_and_form() {
    snap("shipping_skipped", |size| {
        let mut m = model(size);
        set(&mut m, "cs_provisioning_method", "client_app");
        go_to(&mut m, Screen::Shipping);
        m
    });
    snap("shipping_errors", |size| {
        let mut m = model(size);
        go_to(&mut m, Screen::Shipping);
        type_text(&mut m, "Erin Guerra");
        go_to(&mut m, Screen::Payment);
        go_to(&mut m, Screen::Shipping);
        set(&mut m, "ship_info.method", "expedited");
        m
    });
    snap("shipping_country_picker", |size| {
        let mut m = model(size);
        go_to(&mut m, Screen::Shipping);
        focus_path(&mut m, "ship_info.country");
        press(&mut m, KeyCode::Enter);
        type_text(&mut m, "united");
        m
    });
}

#[test]
fn payment_with_custom_fields() {
    snap("payment", |size| {
        let mut m = model(size);
        go_to(&mut m, Screen::Payment);
        go_to(&mut m, Screen::Review);
        go_to(&mut m, Screen::Payment);
        m
    });
}

#[test]
fn review_errors_and_json() {
    snap("review_errors", |size| {
        let mut m = model(size);
        go_to(&mut m, Screen::Review);
        m
    });
    snap("review_documented", |size| {
        let mut m = documented(size);
        go_to(&mut m, Screen::Review);
        m
    });
    snap("review_json_scrolled", |size| {
        let mut m = documented(size);
        go_to(&mut m, Screen::Review);
        type_text(&mut m, "JJJ");
        m
    });
}

fn submitted(size: (u16, u16)) -> Model {
    let mut m = documented(size);
    go_to(&mut m, Screen::Submit);
    press(&mut m, KeyCode::Enter);
    press(&mut m, KeyCode::Char('y'));
    m
}

fn placed(size: (u16, u16)) -> Model {
    let mut m = submitted(size);
    update(
        &mut m,
        Msg::Placed {
            at: t0(),
            result: Ok(Placed {
                order_id: 112233,
                request_id: Some(113),
                request_status: Some(RequestStatus::Pending),
                certificate_id: None,
            }),
        },
    );
    m
}

fn track(m: &mut Model, minutes: i64, status: &str, order: Option<&str>, cert: Option<i64>) {
    update(
        m,
        Msg::Track(TrackUpdate {
            order_id: 112233,
            at: t0() + time::Duration::minutes(minutes),
            order_status: order.map(OrderStatus::from),
            request_id: Some(113),
            request_status: Some(RequestStatus::from(status)),
            certificate_id: cert,
            is_final: cert.is_some() || status == "rejected",
            error: None,
        }),
    );
}

#[test]
fn submit_states() {
    snap("submit_ready", |size| {
        let mut m = documented(size);
        go_to(&mut m, Screen::Submit);
        m
    });
    snap("submit_blocked", |size| {
        let mut m = model(size);
        go_to(&mut m, Screen::Submit);
        press(&mut m, KeyCode::Enter);
        m
    });
    snap("submit_confirm", |size| {
        let mut m = documented(size);
        go_to(&mut m, Screen::Submit);
        press(&mut m, KeyCode::Enter);
        m
    });
    snap("submit_in_flight", submitted);
    snap("submit_placed", placed);
    snap("submit_api_error", |size| {
        let mut m = submitted(size);
        let error = ServiceError {
            failure: Failure::BadInput,
            message: "DigiCert refused the order (400)".into(),
            fields: vec![FieldProblem {
                path: Some("ship_info.city".into()),
                message: "City is not valid for the postal code".into(),
            }],
            refused: None,
        };
        update(
            &mut m,
            Msg::Placed {
                at: t0(),
                result: Err(error),
            },
        );
        m
    });
    snap("submit_again_confirm", |size| {
        let mut m = submitted(size);
        let error = ServiceError::new(Failure::OutcomeUnknown, "the request timed out");
        update(
            &mut m,
            Msg::Placed {
                at: t0(),
                result: Err(error),
            },
        );
        press(&mut m, KeyCode::Enter);
        m
    });
    snap("submit_unknown", |size| {
        let mut m = submitted(size);
        let error = ServiceError::new(
            Failure::OutcomeUnknown,
            "the connection dropped after the order was sent",
        );
        update(
            &mut m,
            Msg::Placed {
                at: t0(),
                result: Err(error),
            },
        );
        m
    });
}

#[test]
fn orders_at_each_status() {
    snap("orders_pending", |size| {
        let mut m = placed(size);
        go_to(&mut m, Screen::Orders);
        m
    });
    snap("orders_submitted", |size| {
        let mut m = placed(size);
        track(&mut m, 1, "submitted", Some("needs_approval"), None);
        go_to(&mut m, Screen::Orders);
        m
    });
    snap("orders_approved", |size| {
        let mut m = placed(size);
        track(&mut m, 1, "submitted", Some("needs_approval"), None);
        track(&mut m, 2, "approved", Some("issued"), Some(445566));
        go_to(&mut m, Screen::Orders);
        m
    });
    snap("orders_rejected", |size| {
        let mut m = placed(size);
        track(&mut m, 1, "submitted", None, None);
        track(&mut m, 3, "rejected", Some("rejected"), None);
        go_to(&mut m, Screen::Orders);
        m
    });
    snap("orders_reject_prompt", |size| {
        let mut m = placed(size);
        go_to(&mut m, Screen::Orders);
        press(&mut m, KeyCode::Char('r'));
        type_text(&mut m, "wrong division");
        m
    });
    snap("orders_empty", |size| {
        let mut m = model(size);
        go_to(&mut m, Screen::Orders);
        m
    });
}

#[test]
fn help_overlay() {
    snap("help", |size| {
        let mut m = model(size);
        press(&mut m, KeyCode::F(1));
        m
    });
    snap("help_end", |size| {
        let mut m = model(size);
        press(&mut m, KeyCode::F(1));
        for _ in 0..100 {
            press(&mut m, KeyCode::Down);
        }
        m
    });
}

#[test]
fn too_small() {
    for size in [(40, 10), (55, 30)] {
        let m = model(size);
        insta::assert_snapshot!(format!("too_small_{}x{}", size.0, size.1), render(&m));
    }
}

#[test]
fn narrow_terminal_60x20() {
    for screen in Screen::ALL {
        let mut m = placed((60, 20));
        track(&mut m, 1, "submitted", Some("needs_approval"), None);
        go_to(&mut m, screen);
        let name = screen.short().to_lowercase();
        insta::assert_snapshot!(format!("narrow_{name}_60x20"), render(&m));
    }
}
