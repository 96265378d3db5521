//! Snapshots of the form screens at 80x24 and 120x40, drawn into a TestBackend.

use crossterm::event::KeyCode;

use crate::tui::app::Screen;
use crate::tui::fixtures::*;
use crate::tui::msg::Msg;
use crate::tui::update::{go_to, update};

#[test]
fn certificate_fresh() {
    snap!("certificate_fresh", model);
}

#[test]
fn certificate_errors() {
    snap!("certificate_errors", |size| {
        let mut m = model(size);
        set(&mut m, "cs_provisioning_method", "email");
        set(&mut m, "validity_years", "7");
        set(&mut m, "certificate.csr", "not a csr");
        m
    });
}

#[test]
fn certificate_csr_shows_its_key() {
    snap!("certificate_csr", |size| {
        let mut m = model(size);
        set(&mut m, "cs_provisioning_method", "email");
        focus_path(&mut m, "certificate.csr");
        update(&mut m, Msg::Paste(RSA2048.into()));
        m
    });
}

#[test]
fn organization_screen_and_picker() {
    snap!("organization", |size| {
        let mut m = model(size);
        go_to(&mut m, Screen::Organization);
        m
    });
    snap!("organization_picker", |size| {
        let mut m = model(size);
        go_to(&mut m, Screen::Organization);
        press(&mut m, KeyCode::Enter);
        m
    });
    snap!("organization_loading", |size| {
        let mut m = bare(size);
        go_to(&mut m, Screen::Organization);
        m
    });
}

#[test]
fn subject_errors() {
    snap!("subject_errors", |size| {
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
    snap!("shipping_skipped", |size| {
        let mut m = model(size);
        set(&mut m, "cs_provisioning_method", "client_app");
        go_to(&mut m, Screen::Shipping);
        m
    });
    snap!("shipping_errors", |size| {
        let mut m = model(size);
        go_to(&mut m, Screen::Shipping);
        type_text(&mut m, "Erin Guerra");
        go_to(&mut m, Screen::Payment);
        go_to(&mut m, Screen::Shipping);
        set(&mut m, "ship_info.method", "expedited");
        m
    });
    snap!("shipping_country_picker", |size| {
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
    snap!("payment", |size| {
        let mut m = model(size);
        go_to(&mut m, Screen::Payment);
        go_to(&mut m, Screen::Review);
        go_to(&mut m, Screen::Payment);
        m
    });
}
