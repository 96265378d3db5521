//! Snapshots of the frame around every screen: too small a terminal, and each screen at 60x20.

use crate::tui::app::Screen;
use crate::tui::fixtures::*;
use crate::tui::update::go_to;

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
