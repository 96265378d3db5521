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

/// On the sandbox, the curl export's question says the command calls DigiCert itself: the
/// sandbox's address ends with the run, so the file names DigiCert's, and run it places a real,
/// billed order. The question said only where the key is read from.
#[test]
fn the_curl_export_on_the_sandbox_says_it_calls_digicert() {
    for size in [(80, 24), (200, 60)] {
        let mut m = documented(size);
        go_to(&mut m, Screen::Review);
        press(&mut m, crossterm::event::KeyCode::Char('c'));
        let screen = render(&m);
        assert!(screen.contains("a real, billed order"), "{screen}");
        assert!(
            screen.contains("$DIGICERT_API_KEY"),
            "the hint is not cut: {screen}"
        );
    }
}
