//! Behaviour fixes of issue 11: keys on the "too small" screen, long pastes, errors once
//! touched, typed choices, resume's place, wording.

use crossterm::event::KeyCode;

use crate::tui::app::{Overlay, Screen};
use crate::tui::fixtures::row;
use crate::tui::fixtures::*;
use crate::tui::msg::{Effect, Msg};
use crate::tui::update::{go_to, update};

#[test]
fn keys_on_the_too_small_screen_change_nothing() {
    let mut m = model((80, 24));
    focus_path(&mut m, "use_org_as_common_name");
    assert_eq!(m.draft().get("use_org_as_common_name"), "true");
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
    assert_eq!(m.draft().get("use_org_as_common_name"), "true");
    press(&mut m, KeyCode::F(1));
    assert!(matches!(m.overlay(), Some(Overlay::Help)), "F1 still acts");
    press(&mut m, KeyCode::F(1));
    assert!(m.overlay().is_none(), "and closes the help again");
    assert_eq!(ctrl(&mut m, 'c'), vec![Effect::Quit], "Ctrl-C still quits");
    update(&mut m, Msg::Resize(80, 24));
    let mut m2 = model((80, 24));
    focus_path(&mut m2, "use_org_as_common_name");
    press(&mut m2, KeyCode::Char(' '));
    assert_eq!(
        m2.draft().get("use_org_as_common_name"),
        "false",
        "Space toggles once the form shows"
    );
}

/// The fields of a screen that show an error.
fn red(m: &crate::tui::app::Model, screen: Screen) -> Vec<String> {
    m.rows(screen)
        .into_iter()
        .filter(|r| m.shown(*r).iter().any(|d| d.is_error()))
        .map(|r| r.path().into_owned())
        .collect()
}

#[test]
fn errors_wait_until_a_field_is_touched_or_its_screen_passed() {
    let mut m = model((80, 24));
    go_to(&mut m, Screen::Shipping);
    type_text(&mut m, "Erin Guerra");
    press(&mut m, KeyCode::Tab);
    assert!(
        red(&m, Screen::Shipping).is_empty(),
        "one shipping field typed paints others: {:?}",
        red(&m, Screen::Shipping)
    );
    for _ in 0..3 {
        press(&mut m, KeyCode::Tab);
    }
    assert!(
        red(&m, Screen::Shipping).is_empty(),
        "tabbing past empty fields marks them: {:?}",
        red(&m, Screen::Shipping)
    );
    type_text(&mut m, "x");
    press(&mut m, KeyCode::Backspace);
    press(&mut m, KeyCode::Tab);
    assert_eq!(
        red(&m, Screen::Shipping),
        vec!["ship_info.state".to_owned()],
        "typed into and left: touched"
    );
    press(&mut m, KeyCode::PageDown);
    assert!(
        red(&m, Screen::Shipping).len() > 3,
        "moving on from Shipping shows its required fields: {:?}",
        red(&m, Screen::Shipping)
    );
    let mut m = model((80, 24));
    go_to(&mut m, Screen::Organization);
    press(&mut m, KeyCode::PageUp);
    assert_eq!(m.nav.screen(), Screen::Certificate);
    assert!(
        red(&m, Screen::Organization).is_empty(),
        "going back touches nothing"
    );
    press(&mut m, KeyCode::PageDown);
    press(&mut m, KeyCode::PageDown);
    assert!(
        !red(&m, Screen::Organization).is_empty(),
        "moving on shows them all"
    );
}

#[test]
fn the_question_before_sending_names_who_which_organization_and_where_it_ships() {
    let mut m = documented((80, 24));
    go_to(&mut m, Screen::Submit);
    press(&mut m, KeyCode::Enter);
    let Some(Overlay::Confirm(c)) = m.overlay() else {
        panic!("no question: {:?}", m.notice());
    };
    let text = c.lines.join("\n");
    for part in [
        "Subject:        Rene Pierce <rene.pierce@yahoo.com>",
        "Organization:   334455 · Example Org",
        "Division:       221122 · Document Signing",
        "Token ships to: Erin Guerra, Richmond, US",
        "Validity:       2 years",
    ] {
        assert!(text.contains(part), "{part:?} missing from:\n{text}");
    }
    let frame = render(&m);
    assert!(frame.contains("Token ships to: Erin Guerra"), "{frame}");
}

#[test]
fn counts_and_the_product_read_as_english() {
    let m = model((80, 24));
    let frame = render(&m);
    assert!(
        frame.contains("an organization's name") && !frame.contains("outside client"),
        "{frame}"
    );
    let mut m = model((80, 24));
    go_to(&mut m, Screen::Organization);
    let frame = render(&m);
    assert!(frame.contains("1 division,"), "{frame}");
    let mut m = documented((80, 24));
    go_to(&mut m, Screen::Submit);
    assert!(!render(&m).contains("year(s)"));
}

#[test]
fn a_choice_takes_its_value_typed() {
    let mut m = model((80, 24));
    focus_path(&mut m, "validity_years");
    type_text(&mut m, "2");
    assert_eq!(
        m.draft().get("validity_years"),
        "2",
        "a digit picks its year"
    );
    focus_path(&mut m, "cs_provisioning_method");
    type_text(&mut m, "em");
    assert_eq!(m.draft().get("cs_provisioning_method"), "email");
    type_text(&mut m, "z");
    assert_eq!(m.draft().get("cs_provisioning_method"), "email");
    let notice = m.notice().cloned().expect("nothing said");
    assert!(notice.is_error && notice.text.contains("z\""), "{notice:?}");
    assert!(notice.text.contains("Ship a token"), "{notice:?}");
    update(&mut m, Msg::Tick(t0()));
    type_text(&mut m, "s");
    assert_eq!(
        m.draft().get("cs_provisioning_method"),
        "ship_token",
        "label's first letter"
    );
    focus_path(&mut m, "use_org_as_common_name");
    type_text(&mut m, "n");
    assert_eq!(m.draft().get("use_org_as_common_name"), "false", "n is no");
    let footer: Vec<String> = crate::tui::commands::footer(&m)
        .iter()
        .map(|c| format!("{} {}", c.key_name(), c.word))
        .collect();
    assert!(footer.contains(&"←/→ choose".to_owned()), "{footer:?}");
    assert!(render(&m).contains("←/→ choose"));
    focus_path(&mut m, "certificate.server_platform.id");
    let footer: Vec<&str> = crate::tui::commands::footer(&m)
        .iter()
        .map(|c| c.word)
        .collect();
    assert!(
        !footer.contains(&"choose"),
        "no ←/→ in a text field: {footer:?}"
    );
}

#[test]
fn comments_come_before_the_custom_fields_on_payment() {
    let m = model((80, 24));
    let paths: Vec<String> = m
        .rows(Screen::Payment)
        .iter()
        .map(|r| r.path().into_owned())
        .collect();
    let comments = paths.iter().position(|p| p == "comments").unwrap();
    let first_custom = paths
        .iter()
        .position(|p| p.starts_with("custom_fields"))
        .unwrap();
    assert!(comments < first_custom, "{paths:?}");
}

#[test]
fn page_up_returns_to_the_field_last_focused_there() {
    let mut m = model((80, 24));
    go_to(&mut m, Screen::Subject);
    focus_path(&mut m, "subject.email");
    press(&mut m, KeyCode::PageDown);
    assert_eq!(m.nav.screen(), Screen::Shipping);
    press(&mut m, KeyCode::PageUp);
    assert_eq!(m.nav.screen(), Screen::Subject);
    assert_eq!(m.focused_row(), Some(row("subject.email")));
    let mut m = model((80, 24));
    m.draft_mut().set("subject.name", "Rene Pierce");
    m.revalidate();
    go_to(&mut m, Screen::Shipping);
    press(&mut m, KeyCode::PageUp);
    assert_eq!(m.nav.screen(), Screen::Subject);
    assert_eq!(
        m.focused_row(),
        Some(row("subject.job_title")),
        "never focused there: its first field with an error"
    );
}

#[test]
fn a_resumed_autosave_opens_where_the_person_was() {
    use crate::order::DraftPosition;
    use crate::store::Resume;
    let mut m = model((80, 24));
    go_to(&mut m, Screen::Subject);
    focus_path(&mut m, "subject.phone");
    type_text(&mut m, "054");
    let effects = ctrl(&mut m, 'c');
    let [Effect::SaveOnQuit(draft, at), Effect::Quit] = effects.as_slice() else {
        panic!("{effects:?}")
    };
    assert_eq!(
        *at,
        DraftPosition {
            screen: "Subject".into(),
            field: "subject.phone".into()
        }
    );
    let mut next = model((80, 24));
    crate::tui::update::offer_resume(
        &mut next,
        Resume {
            draft: (**draft).clone(),
            saved_at: None,
            summary: "Rene".into(),
            position: Some(at.clone()),
        },
    );
    press(&mut next, KeyCode::Char('y'));
    assert_eq!(next.nav.screen(), Screen::Subject);
    assert_eq!(next.focused_row(), Some(row("subject.phone")));
    assert_eq!(next.form.editor().map(|e| e.text()).as_deref(), Some("054"));
    // Only moving, then quitting, still saves the new place.
    press(&mut next, KeyCode::PageUp);
    let effects = ctrl(&mut next, 'c');
    assert!(
        matches!(effects.as_slice(), [Effect::SaveOnQuit(_, at), Effect::Quit] if at.screen == "Organization"),
        "{effects:?}"
    );
}

#[test]
fn a_vt100_frame_has_no_colour_and_only_ascii() {
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    use ratatui::style::Color;
    let mut m = documented((80, 24));
    m.set_theme(crate::tui::theme::Theme::for_term(None, Some("vt100")));
    for screen in [Screen::Certificate, Screen::Review, Screen::Submit] {
        go_to(&mut m, screen);
        let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
        terminal
            .draw(|f| {
                crate::tui::view::draw(&mut crate::tui::view::canvas::Canvas::of(f), &m);
                crate::tui::theme::to_ascii(f.buffer_mut());
            })
            .unwrap();
        let buf = terminal.backend().buffer();
        let odd: Vec<&str> = buf
            .content
            .iter()
            .map(|c| c.symbol())
            .filter(|s| !s.is_ascii())
            .collect();
        assert!(odd.is_empty(), "{screen:?}: {odd:?}");
        assert!(
            buf.content
                .iter()
                .all(|c| matches!(c.fg, Color::Reset) && matches!(c.bg, Color::Reset)),
            "{screen:?} has colour"
        );
        let text = terminal.backend().to_string();
        assert!(
            text.contains("+ Cert") || text.contains("+ Certificate"),
            "{text}"
        );
    }
}

/// A yes/no field left empty (a renewal filled from an order whose answer did not say) read
/// `"" (Space toggles)`; it is not sent, and says so.
#[test]
fn an_empty_yes_no_field_says_it_is_not_sent() {
    let mut m = model((80, 24));
    let r = row("use_org_as_common_name");
    m.set_value(r, "");
    let (shown, placeholder) = crate::tui::view::value::display_value(&m, r);
    assert_eq!(shown, "— not sent (Space toggles)");
    assert!(placeholder);
    assert!(
        !render(&m).contains("\"\" (Space toggles)"),
        "{}",
        render(&m)
    );
}

/// A pasted U+202E showed nowhere: the field read "Rene ecreiP" (the terminal draws the override
/// as nothing) and its error waited until the field was left. A character a field cannot show
/// is now shown as `<U+202E>` and its error at once; other errors still wait for the field to be
/// left.
#[test]
fn an_invisible_character_shows_in_the_value_and_its_error_at_once() {
    let mut m = model((80, 24));
    go_to(&mut m, Screen::Subject);
    let first = m.rows(Screen::Subject)[0];
    type_text(&mut m, "Rene \u{202e}ecreiP");
    assert_eq!(
        red(&m, Screen::Subject),
        vec![first.path()],
        "before leaving"
    );
    let (shown, _) = crate::tui::view::value::display_value(&m, first);
    assert_eq!(shown, "Rene <U+202E>ecreiP");
    let screen = render(&m);
    assert!(screen.contains("<U+202E>"), "{screen}");
    assert!(
        screen.contains("holds an invisible character, U+202E"),
        "{screen}"
    );

    let mut m = model((80, 24));
    go_to(&mut m, Screen::Subject);
    type_text(&mut m, "Rene Pierce");
    press(&mut m, KeyCode::Tab);
    type_text(&mut m, "x");
    press(&mut m, KeyCode::Backspace);
    assert!(
        red(&m, Screen::Subject).is_empty(),
        "a field emptied and not yet left waits: {:?}",
        red(&m, Screen::Subject)
    );
}
