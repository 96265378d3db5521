//! Snapshots of Review at 80x24 and 120x40, drawn into a TestBackend.

use crate::tui::app::Screen;
use crate::tui::fixtures::*;
use crate::tui::update::go_to;

#[test]
fn review_errors_and_json() {
    snap!("review_errors", |size| {
        let mut m = model(size);
        go_to(&mut m, Screen::Review);
        m
    });
    snap!("review_documented", |size| {
        let mut m = documented(size);
        go_to(&mut m, Screen::Review);
        m
    });
    snap!("review_json_scrolled", |size| {
        let mut m = documented(size);
        go_to(&mut m, Screen::Review);
        type_text(&mut m, "JJJ");
        m
    });
}
