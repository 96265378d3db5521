//! Snapshots of Submit in each of its states at 80x24 and 120x40, drawn into a TestBackend.

use crossterm::event::KeyCode;

use crate::tui::app::Screen;
use crate::tui::fixtures::*;
use crate::tui::services::{Failure, FieldProblem, ServiceError};
use crate::tui::update::go_to;

#[test]
fn submit_states() {
    snap!("submit_ready", |size| {
        let mut m = documented(size);
        go_to(&mut m, Screen::Submit);
        m
    });
    snap!("submit_blocked", |size| {
        let mut m = model(size);
        go_to(&mut m, Screen::Submit);
        press(&mut m, KeyCode::Enter);
        m
    });
    snap!("submit_confirm", |size| {
        let mut m = documented(size);
        go_to(&mut m, Screen::Submit);
        press(&mut m, KeyCode::Enter);
        m
    });
    snap!("submit_in_flight", submitted);
    snap!("submit_placed", placed);
    snap!("submit_api_error", |size| {
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
        answer_send(&mut m, Err(error));
        m
    });
    snap!("submit_again_confirm", |size| {
        let mut m = submitted(size);
        let error = ServiceError::new(Failure::OutcomeUnknown, "the request timed out");
        answer_send(&mut m, Err(error));
        press(&mut m, KeyCode::Enter);
        m
    });
    snap!("submit_unknown", |size| {
        let mut m = submitted(size);
        let error = ServiceError::new(
            Failure::OutcomeUnknown,
            "the connection dropped after the order was sent",
        );
        answer_send(&mut m, Err(error));
        m
    });
}
