use crossterm::event::KeyCode;

use crate::tui::app::{Asked, Overlay};
use crate::tui::fixtures::{documented, press, render};
use crate::tui::navigation::ask;

/// A question longer than an 80x24 screen (the send question with three pre-flight warnings, the
/// price and an earlier attempt): its last lines and its answer keys fell off the bottom, and
/// nothing said so. Now the keys stay in view, the box says how much more there is, and ↓
/// brings the last line (the price) into view.
#[test]
fn a_question_longer_than_the_screen_keeps_its_keys_in_view_and_scrolls() {
    let mut m = documented((80, 24));
    let mut lines: Vec<String> = (1..=30)
        .map(|n| format!("line {n} of the question"))
        .collect();
    lines.push("Price:          USD 299.00 from balance USD 120.00".into());
    ask(
        &mut m,
        "Send this order AGAIN?".into(),
        lines,
        Asked::Resubmit,
    );
    let screen = render(&m);
    assert!(screen.contains("y yes    n / Esc no"), "{screen}");
    assert!(screen.contains("↓ 13 more · ↑/↓ scroll"), "{screen}");
    assert!(!screen.contains("Price:"), "{screen}");
    for _ in 0..40 {
        press(&mut m, KeyCode::Down);
    }
    let screen = render(&m);
    assert!(screen.contains("Price:          USD 299.00"), "{screen}");
    assert!(screen.contains("y yes    n / Esc no"), "{screen}");
    assert!(screen.contains("↑ 13 more · ↑/↓ scroll"), "{screen}");
    assert!(!screen.contains("line 13 of"), "{screen}");
    press(&mut m, KeyCode::Up);
    assert!(
        render(&m).contains("↑ 12 more · ↓ 1 more"),
        "{}",
        render(&m)
    );
    // Still the question, still unanswered.
    assert!(matches!(m.overlay(), Some(Overlay::Confirm(c)) if c.asked == Asked::Resubmit));
}

/// A question that fits has no scroll line and ignores ↑/↓.
#[test]
fn a_question_that_fits_does_not_scroll() {
    let mut m = documented((80, 24));
    ask(&mut m, "Quit?".into(), vec!["a line".into()], Asked::Quit);
    press(&mut m, KeyCode::Down);
    let screen = render(&m);
    assert!(screen.contains("a line"), "{screen}");
    assert!(!screen.contains("scroll"), "{screen}");
}
