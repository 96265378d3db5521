//! Saved profiles and drafts in the wizard: loading (checked by the form's rules), saving under
//! any name, renaming, deleting, and where they are offered.

use crossterm::event::KeyCode;

use crate::order::Product;
use crate::store::ProfileKind;
use crate::tui::app::{Model, Overlay, SavedItem, SavedKind, SavedList, Screen};
use crate::tui::fixtures::*;
use crate::tui::msg::{Effect, Msg, Opened, SavedChange};
use crate::tui::update::{go_to, update};

use crate::tui::fixtures::on_subject_name;

fn subject_profile(name: &str, email: &str) -> crate::store::Profile {
    let mut draft = Model::new_draft(Product::default());
    draft.set("subject.name", name);
    draft.set("subject.job_title", "School Counselor");
    draft.set("subject.phone", "054-139-0798");
    draft.set("subject.email", email);
    crate::store::Profile::from_draft(ProfileKind::Subject, name, &draft)
}

fn saved_list(m: &Model) -> &SavedList {
    match m.overlay() {
        Some(Overlay::SavedList(s)) => s,
        other => panic!("no saved: {other:?}"),
    }
}

#[test]
fn profiles_load_checked_and_save_under_any_name() {
    let mut m = on_subject_name((80, 24));
    let kind = SavedKind::Profile(ProfileKind::Subject);
    assert_eq!(press(&mut m, KeyCode::F(2)), vec![Effect::ListSaved(kind)]);
    assert!(saved_list(&m).items.is_none());
    let items = vec![
        SavedItem {
            name: "Rene / counselor".into(),
            summary: "Rene Pierce, School Counselor".into(),
            saved_at: Some(t0()),
        },
        SavedItem {
            name: "Erin".into(),
            summary: "Erin Guerra".into(),
            saved_at: None,
        },
    ];
    update(&mut m, Msg::SavedListed(kind, Ok(items)));
    press(&mut m, KeyCode::Down);
    assert_eq!(
        press(&mut m, KeyCode::Enter),
        vec![Effect::OpenSaved {
            kind,
            name: "Erin".into(),
            keep: None
        }]
    );
    // A profile with a bad email loads, and the form's rule shows the problem at once.
    let profile = subject_profile("Erin Guerra", "erin@");
    update(&mut m, Msg::Opened(Ok(Opened::Profile(profile))));
    assert!(m.overlay().is_none());
    assert_eq!(m.draft().get("subject.name"), "Erin Guerra");
    let notice = m.notice().cloned().unwrap();
    assert!(
        notice.is_error && notice.text.contains("1 problem"),
        "{notice:?}"
    );
    let email = crate::tui::app::Row::Field(crate::order::catalog::field("subject.email").unwrap());
    assert!(m.shown(email).iter().any(|d| d.is_error()));
    // A good one loads quietly.
    update(
        &mut m,
        Msg::Opened(Ok(Opened::Profile(subject_profile(
            "Rene",
            "rene@example.com",
        )))),
    );
    assert!(!m.notice().unwrap().is_error);
    assert!(m.shown(email).is_empty());

    // Save as: any printable text; the store does the rest.
    press(&mut m, KeyCode::F(2));
    update(&mut m, Msg::SavedListed(kind, Ok(Vec::new())));
    press(&mut m, KeyCode::Char('s'));
    type_text(&mut m, "Rene / counselor ✓");
    let effects = press(&mut m, KeyCode::Enter);
    let [Effect::ChangeSaved(k, SavedChange::Save { name, draft })] = effects.as_slice() else {
        panic!("{effects:?}")
    };
    assert_eq!((*k, name.as_str()), (kind, "Rene / counselor ✓"));
    assert_eq!(draft.get("subject.email"), "rene@example.com");
    // Done: said, and the list is shown again, read afresh.
    let effects = update(
        &mut m,
        Msg::SavedChanged(kind, Ok("Saved subject profile".into())),
    );
    assert_eq!(effects, vec![Effect::ListSaved(kind)]);

    // Rename starts from the old name; delete asks first.
    let one = SavedItem {
        name: "Rene".into(),
        summary: "Rene Pierce".into(),
        saved_at: None,
    };
    update(&mut m, Msg::SavedListed(kind, Ok(vec![one])));
    press(&mut m, KeyCode::Char('r'));
    type_text(&mut m, " P");
    let effects = press(&mut m, KeyCode::Enter);
    assert_eq!(
        effects,
        vec![Effect::ChangeSaved(
            kind,
            SavedChange::Rename {
                from: "Rene".into(),
                to: "Rene P".into()
            }
        )]
    );
    press(&mut m, KeyCode::F(2));
    update(
        &mut m,
        Msg::SavedListed(
            kind,
            Ok(vec![SavedItem {
                name: "Rene P".into(),
                summary: String::new(),
                saved_at: None,
            }]),
        ),
    );
    assert!(press(&mut m, KeyCode::Char('d')).is_empty(), "asks first");
    assert_eq!(
        press(&mut m, KeyCode::Char('y')),
        vec![Effect::ChangeSaved(
            kind,
            SavedChange::Delete {
                name: "Rene P".into()
            }
        )]
    );
}

#[test]
fn profiles_are_on_subject_and_shipping_only_and_drafts_everywhere() {
    let mut m = model((80, 24));
    assert!(press(&mut m, KeyCode::F(2)).is_empty());
    assert_eq!(
        press(&mut m, KeyCode::F(3)),
        vec![Effect::ListSaved(SavedKind::Draft)]
    );
    let named = SavedItem {
        name: "for Erin".into(),
        summary: "Erin Guerra".into(),
        saved_at: None,
    };
    update(&mut m, Msg::SavedListed(SavedKind::Draft, Ok(vec![named])));
    assert_eq!(
        press(&mut m, KeyCode::Enter),
        vec![Effect::OpenSaved {
            kind: SavedKind::Draft,
            name: "for Erin".into(),
            keep: None
        }],
        "an untouched form has nothing to keep"
    );
    let mut draft = Model::new_draft(Product::default());
    draft.set("subject.name", "Erin Guerra");
    update(
        &mut m,
        Msg::Opened(Ok(Opened::Draft {
            name: "for Erin".into(),
            draft: Box::new(draft.clone()),
            kept: None,
        })),
    );
    assert_eq!(m.draft().get("subject.name"), "Erin Guerra");
    // Opening another draft over a typed form keeps the form first.
    update(&mut m, Msg::Tick(t0()));
    press(&mut m, KeyCode::F(3));
    let other = SavedItem {
        name: "other".into(),
        summary: String::new(),
        saved_at: None,
    };
    update(&mut m, Msg::SavedListed(SavedKind::Draft, Ok(vec![other])));
    let effects = press(&mut m, KeyCode::Enter);
    let [
        Effect::OpenSaved {
            keep: Some((kept, form)),
            ..
        },
    ] = effects.as_slice()
    else {
        panic!("{effects:?}")
    };
    assert_eq!(kept, "before other 2026-11-28 10:00:00 UTC");
    assert_eq!(**form, draft);
    press(&mut m, KeyCode::Esc);
    go_to(&mut m, Screen::Shipping);
    assert_eq!(
        press(&mut m, KeyCode::F(2)),
        vec![Effect::ListSaved(SavedKind::Profile(ProfileKind::Shipping))]
    );
}

#[test]
fn an_empty_or_unread_list_offers_only_the_keys_that_work() {
    for (key, kind) in [
        (KeyCode::F(3), SavedKind::Draft),
        (KeyCode::F(2), SavedKind::Profile(ProfileKind::Subject)),
    ] {
        let mut m = on_subject_name((80, 24));
        assert_eq!(press(&mut m, key), vec![Effect::ListSaved(kind)]);
        for listed in [false, true] {
            if listed {
                update(&mut m, Msg::SavedListed(kind, Ok(Vec::new())));
            }
            let screen = render(&m);
            for dead in ["Enter load", "r rename", "d delete"] {
                assert!(!screen.contains(dead), "{dead} on an empty list:\n{screen}");
            }
            assert!(screen.contains("s save as"), "{screen}");
            assert!(screen.contains("Esc close"), "{screen}");
        }
    }
}
