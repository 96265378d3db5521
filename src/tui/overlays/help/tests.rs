//! Snapshots of the help overlay at 80x24 and 120x40, at its start and its end.

use crossterm::event::KeyCode;

use crate::tui::fixtures::*;

#[test]
fn help_overlay() {
    snap!("help", |size| {
        let mut m = model(size);
        press(&mut m, KeyCode::F(1));
        m
    });
    snap!("help_end", |size| {
        let mut m = model(size);
        press(&mut m, KeyCode::F(1));
        for _ in 0..100 {
            press(&mut m, KeyCode::Down);
        }
        m
    });
}
