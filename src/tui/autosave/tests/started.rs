//! Tests of the start: the first frame is drawn before the files on disk are read, and what
//! they say ([`crate::tui::Started`]) comes as a message after any input typed before it.

use std::time::Instant;

use crossterm::event::KeyCode;

use super::{autosaved, autosaves, key, ms};
use crate::order::EndpointKind;
use crate::store::AttemptState;
use crate::tui::app::{Asked, Model, Notice, Overlay, Screen};
use crate::tui::fixtures::*;
use crate::tui::msg::{Effect, Msg};
use crate::tui::started::Started;
use crate::tui::update::update;

/// The wizard as it is before the files are read: the first frame's form, nothing autosaved.
fn before_started() -> Model {
    let mut m = on_subject_name((80, 24));
    crate::tui::autosave::update::hold_until_started(&mut m);
    m
}

fn started(m: &mut Model, started: Started) -> Vec<Effect> {
    update(m, Msg::Started(Box::new(started)))
}

/// The files read at start hold an autosaved form to offer.
fn offer_autosaved(m: &mut Model) -> Vec<Effect> {
    started(
        m,
        Started {
            resume: Some(autosaved()),
            ..Default::default()
        },
    )
}

#[test]
fn keys_typed_before_the_autosave_is_read_go_to_the_form_and_are_kept_on_resuming() {
    let mut m = before_started();
    key(&mut m, 'N');
    key(&mut m, 'y');
    assert_eq!(
        m.draft().get("subject.name"),
        "Ny",
        "typed into the form shown"
    );
    // Not autosaved before the files are read: that would write over the form to offer.
    let t = Instant::now();
    assert!(autosaves(&update(&mut m, Msg::Clock(t + ms(5000)))).is_empty());
    started(
        &mut m,
        Started {
            resume: Some(autosaved()),
            acted: true,
            ..Default::default()
        },
    );
    let Some(Overlay::Confirm(c)) = m.overlay() else {
        panic!("the question is asked: {:?}", m.overlay())
    };
    assert!(matches!(c.asked, Asked::Resume(_)));
    assert!(
        c.lines
            .iter()
            .any(|l| l.contains("What you typed before this was asked is kept")),
        "{:?}",
        c.lines
    );
    assert_eq!(
        m.draft().get("subject.name"),
        "Ny",
        "not answered by the typing"
    );
    let effects = press(&mut m, KeyCode::Char('y'));
    assert_eq!(m.draft().get("subject.name"), "Rene Pierce", "resumed");
    let kept: Vec<_> = effects
        .iter()
        .filter_map(|e| match e {
            Effect::KeepDraft { name, draft } => Some((name.clone(), draft.get("subject.name"))),
            _ => None,
        })
        .collect();
    assert_eq!(kept.len(), 1, "{effects:?}");
    assert_eq!(kept[0].1, "Ny");
    let said = &m.notice().expect("said").text;
    assert!(
        said.contains(&format!("kept as draft {:?}", kept[0].0)),
        "{said}"
    );
}

#[test]
fn an_untouched_form_is_replaced_by_the_resumed_one_without_a_draft_kept() {
    let mut m = before_started();
    offer_autosaved(&mut m);
    let Some(Overlay::Confirm(c)) = m.overlay() else {
        panic!("asks")
    };
    assert!(!c.lines.iter().any(|l| l.contains("What you typed")));
    let effects = press(&mut m, KeyCode::Char('y'));
    assert!(
        !effects
            .iter()
            .any(|e| matches!(e, Effect::KeepDraft { .. })),
        "{effects:?}"
    );
}

#[test]
fn with_no_autosave_to_offer_the_typing_is_autosaved_once_the_files_are_read() {
    let mut m = before_started();
    key(&mut m, 'R');
    let t = Instant::now();
    assert!(autosaves(&update(&mut m, Msg::Clock(t + ms(5000)))).is_empty());
    started(&mut m, Started::default());
    assert!(m.overlay().is_none());
    let written = update(&mut m, Msg::Clock(t + ms(10_000)));
    assert_eq!(
        autosaves(&written)
            .iter()
            .map(|d| d.get("subject.name"))
            .collect::<Vec<_>>(),
        ["R"]
    );
}

#[test]
fn earlier_orders_open_the_orders_screen_only_before_the_person_acts() {
    let journal = vec![entry(AttemptState::Placed, Some(10), EndpointKind::Sandbox)];
    for acted in [false, true] {
        let mut m = before_started();
        let effects = started(
            &mut m,
            Started {
                journal: journal.clone(),
                acted,
                ..Default::default()
            },
        );
        assert!(
            effects
                .iter()
                .any(|e| matches!(e, Effect::Track { order_id: 10, .. })),
            "followed either way: {effects:?}"
        );
        assert_eq!(m.orders.followed().len(), 1);
        let expected = if acted {
            Screen::Subject
        } else {
            Screen::Orders
        };
        assert_eq!(m.nav.screen(), expected, "acted: {acted}");
        assert!(
            m.notice()
                .is_some_and(|n| n.text.contains("Following 1 order from earlier")),
            "{:?}",
            m.notice()
        );
    }
}

#[test]
fn the_files_notice_is_said_with_the_settings_one_as_before() {
    let mut m = before_started();
    m.say(Notice {
        text: "config.toml: mouse".into(),
        is_error: false,
    });
    started(
        &mut m,
        Started {
            notice: Some("The autosave cannot be read: bad".into()),
            ..Default::default()
        },
    );
    assert_eq!(
        m.notice().map(|n| n.text.as_str()),
        Some("The autosave cannot be read: bad; config.toml: mouse")
    );
}

/// Read in review: quitting (or a signal) while the autosaved form was offered, after typing
/// into the first frame's form, kept the autosave and lost the typing.
#[test]
fn typing_before_an_unanswered_offer_is_kept_as_a_draft_on_quitting() {
    let mut m = before_started();
    key(&mut m, 'Q');
    offer_autosaved(&mut m);
    assert!(matches!(m.overlay(), Some(Overlay::Confirm(_))));
    let typed = m.draft().clone();
    let Some(Effect::KeepDraft { name, draft }) =
        crate::tui::autosave::update::keep_typing_on_quit(&mut m)
    else {
        panic!("the typing is not kept");
    };
    assert_eq!(*draft, typed);
    assert!(name.starts_with("typed before quitting"), "{name}");
    assert!(m.notice().is_some_and(|n| n.text.contains(&name)));
    // Nothing typed: nothing to keep.
    let mut m = before_started();
    offer_autosaved(&mut m);
    assert!(crate::tui::autosave::update::keep_typing_on_quit(&mut m).is_none());
}
