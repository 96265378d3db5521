//! Behaviour fixes of issue 11: keys on the "too small" screen, long pastes, errors once
//! touched, typed choices, resume's place, wording.

use crossterm::event::KeyCode;

use super::app::Overlay;
use super::fixtures::*;
use super::msg::{Effect, Msg};
use super::update::update;

#[test]
fn keys_on_the_too_small_screen_change_nothing() {
    let mut m = model((80, 24));
    focus_path(&mut m, "use_org_as_common_name");
    assert_eq!(m.draft.get("use_org_as_common_name"), "true");
    update(&mut m, Msg::Resize(40, 10));
    let before = format!("{m:?}");
    for code in [
        KeyCode::Char(' '),
        KeyCode::Enter,
        KeyCode::Right,
        KeyCode::Tab,
        KeyCode::PageDown,
    ] {
        assert!(press(&mut m, code).is_empty());
    }
    update(&mut m, Msg::Paste("pasted".into()));
    assert_eq!(format!("{m:?}"), before, "a hidden form changed");
    assert_eq!(m.draft.get("use_org_as_common_name"), "true");
    press(&mut m, KeyCode::F(1));
    assert!(matches!(m.overlay, Some(Overlay::Help)), "F1 still acts");
    assert_eq!(ctrl(&mut m, 'c'), vec![Effect::Quit], "Ctrl-C still quits");
    update(&mut m, Msg::Resize(80, 24));
    let mut m2 = model((80, 24));
    focus_path(&mut m2, "use_org_as_common_name");
    press(&mut m2, KeyCode::Char(' '));
    assert_eq!(
        m2.draft.get("use_org_as_common_name"),
        "false",
        "Space toggles once the form shows"
    );
}
