//! Snapshots of Orders at each status of a followed order, at 80x24 and 120x40.

use crossterm::event::KeyCode;

use crate::tui::app::Screen;
use crate::tui::fixtures::*;
use crate::tui::update::go_to;

#[test]
fn orders_at_each_status() {
    snap!("orders_pending", |size| {
        let mut m = placed(size);
        go_to(&mut m, Screen::Orders);
        m
    });
    snap!("orders_submitted", |size| {
        let mut m = placed(size);
        track(&mut m, 1, "submitted", Some("needs_approval"), None);
        go_to(&mut m, Screen::Orders);
        m
    });
    snap!("orders_approved", |size| {
        let mut m = placed(size);
        track(&mut m, 1, "submitted", Some("needs_approval"), None);
        track(&mut m, 2, "approved", Some("issued"), Some(445566));
        go_to(&mut m, Screen::Orders);
        m
    });
    snap!("orders_rejected", |size| {
        let mut m = placed(size);
        track(&mut m, 1, "submitted", None, None);
        track(&mut m, 3, "rejected", Some("rejected"), None);
        go_to(&mut m, Screen::Orders);
        m
    });
    snap!("orders_reject_prompt", |size| {
        let mut m = placed(size);
        go_to(&mut m, Screen::Orders);
        press(&mut m, KeyCode::Char('r'));
        type_text(&mut m, "wrong division");
        m
    });
    snap!("orders_empty", |size| {
        let mut m = model(size);
        go_to(&mut m, Screen::Orders);
        m
    });
}
