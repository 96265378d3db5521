//! Tests of what the wizard keeps: the autosave's timing, the resume dialog, the journal-first
//! submit and the orders picked up at start, all fed fake results; and snapshots of the
//! dialogs and screens they add, at 80x24 and 120x40.

use std::time::{Duration, Instant};

use crossterm::event::{KeyCode, KeyModifiers};
use time::macros::datetime;

use crate::order::EndpointKind;
use crate::order::{Draft, Product, RequestStatus};
use crate::store::{AttemptState, Fingerprint, NewAttempt, ProfileKind, Resume, drafts};
use crate::tui::app::{Asked, Model, Overlay, SavedItem, SavedKind, Screen};
use crate::tui::fixtures::*;
use crate::tui::msg::{Effect, Msg};
use crate::tui::update::{follow_journal, go_to, offer_resume, update};

pub(super) fn ms(n: u64) -> Duration {
    Duration::from_millis(n)
}

pub(super) fn key(m: &mut Model, c: char) -> Vec<Effect> {
    update(m, Msg::Key(key_event(KeyCode::Char(c), KeyModifiers::NONE)))
}

pub(super) fn autosaves(effects: &[Effect]) -> Vec<&Draft> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::Autosave { draft, .. } => Some(&**draft),
            _ => None,
        })
        .collect()
}

/// The loop draws no frame for an autosave that went well (`Msg::may_change_screen`): this
/// holds the view to it, at both sizes, and a failed one to being drawn (it says so).
#[test]
fn an_autosave_that_went_well_changes_nothing_drawn() {
    for size in [(80, 24), (200, 60)] {
        let mut m = on_subject_name(size);
        let t = Instant::now();
        key(&mut m, 'R');
        update(&mut m, Msg::Clock(t));
        let due = t + ms(2_000);
        assert_eq!(autosaves(&update(&mut m, Msg::Clock(due))).len(), 1);
        let before = render(&m);
        let saved = Msg::Autosaved {
            taken: due,
            at: due + ms(20),
            result: Ok(()),
        };
        assert!(!saved.may_change_screen());
        update(&mut m, saved);
        assert_eq!(render(&m), before, "{size:?}");
        key(&mut m, 'e');
        update(&mut m, Msg::Clock(due + ms(100)));
        assert_eq!(
            autosaves(&update(&mut m, Msg::Clock(due + ms(3_000)))).len(),
            1
        );
        let before = render(&m);
        let failed = Msg::Autosaved {
            taken: due + ms(3_000),
            at: due + ms(3_020),
            result: Err("the disk is full".into()),
        };
        assert!(failed.may_change_screen());
        update(&mut m, failed);
        assert_ne!(render(&m), before, "{size:?}: a failed autosave is said");
    }
    for quiet in [Msg::Tick(t0()), Msg::Clock(Instant::now())] {
        assert!(!quiet.may_change_screen());
    }
}

#[test]
fn autosave_waits_for_a_pause_but_never_falls_a_second_behind() {
    let mut m = on_subject_name((80, 24));
    let t = Instant::now();
    assert!(update(&mut m, Msg::Clock(t)).is_empty(), "nothing typed");
    key(&mut m, 'R');
    assert!(update(&mut m, Msg::Clock(t)).is_empty(), "not at once");
    assert!(update(&mut m, Msg::Clock(t + ms(200))).is_empty());
    // Typing on, a key every 150 ms: no pause, yet a write comes within the second.
    let mut written_at = None;
    for i in 1..=10u64 {
        let now = t + ms(150 * i);
        key(&mut m, 'e');
        let effects = update(&mut m, Msg::Clock(now));
        if !autosaves(&effects).is_empty() {
            written_at = Some(now);
            assert!(m.autosave.is_writing());
            break;
        }
    }
    let written_at = written_at.expect("a write while typing went on");
    assert!(written_at - t <= ms(1050), "{:?} behind", written_at - t);
    // No second write while the first is out.
    key(&mut m, 'n');
    assert!(autosaves(&update(&mut m, Msg::Clock(written_at + ms(900)))).is_empty());
    update(
        &mut m,
        Msg::Autosaved {
            taken: written_at,
            at: written_at + ms(20),
            result: Ok(()),
        },
    );
    assert!(m.autosave.is_dirty(), "the key typed after the snapshot");
    let effects = update(&mut m, Msg::Clock(written_at + ms(1000)));
    let saved = autosaves(&effects);
    assert_eq!(saved.len(), 1);
    assert!(saved[0].get("subject.name").ends_with('n'));
}

#[test]
fn autosave_after_a_pause_and_on_quit() {
    let mut m = on_subject_name((80, 24));
    let t = Instant::now();
    type_text(&mut m, "Rene");
    update(&mut m, Msg::Clock(t));
    assert!(autosaves(&update(&mut m, Msg::Clock(t + ms(240)))).is_empty());
    let effects = update(&mut m, Msg::Clock(t + ms(260)));
    assert_eq!(autosaves(&effects)[0].get("subject.name"), "Rene");
    update(
        &mut m,
        Msg::Autosaved {
            taken: t + ms(260),
            at: t + ms(270),
            result: Ok(()),
        },
    );
    assert!(!m.autosave.is_dirty());
    assert!(autosaves(&update(&mut m, Msg::Clock(t + ms(5000)))).is_empty());
    // A failed write is tried again, not at once but a second later.
    key(&mut m, ' ');
    update(&mut m, Msg::Clock(t + ms(6000)));
    update(&mut m, Msg::Clock(t + ms(6300)));
    update(
        &mut m,
        Msg::Autosaved {
            taken: t + ms(6300),
            at: t + ms(6310),
            result: Err("disk full".into()),
        },
    );
    assert!(m.notice().unwrap().text.contains("disk full"));
    assert!(autosaves(&update(&mut m, Msg::Clock(t + ms(6400)))).is_empty());
    assert_eq!(
        autosaves(&update(&mut m, Msg::Clock(t + ms(7400)))).len(),
        1
    );
    update(
        &mut m,
        Msg::Autosaved {
            taken: t + ms(7400),
            at: t + ms(7410),
            result: Ok(()),
        },
    );
    // Quitting with unsaved typing writes it first; with nothing unsaved it just quits.
    type_text(&mut m, "P");
    let effects = ctrl(&mut m, 'c');
    let [Effect::SaveOnQuit(draft, _), Effect::Quit] = effects.as_slice() else {
        panic!("{effects:?}")
    };
    assert_eq!(draft.get("subject.name"), "Rene P");
    let mut m = on_subject_name((80, 24));
    assert_eq!(ctrl(&mut m, 'c'), vec![Effect::Quit]);
}

pub(super) fn autosaved() -> Resume {
    let mut draft = Model::new_draft(Product::default());
    draft.set("subject.name", "Rene Pierce");
    draft.set("organization.id", "334455");
    Resume {
        summary: drafts::summary(&draft),
        saved_at: Some(datetime!(2026-11-28 09:58:00 UTC)),
        position: None,
        draft,
    }
}

#[test]
fn the_resume_dialog_resumes_or_keeps_the_autosave_aside() {
    let mut m = model((80, 24));
    offer_resume(&mut m, autosaved());
    let Some(Overlay::Confirm(c)) = m.overlay() else {
        panic!("asks")
    };
    assert!(matches!(c.asked, Asked::Resume(_)));
    assert!(c.lines.iter().any(|l| l.contains("09:58:00")));
    assert!(c.lines.iter().any(|l| l.contains("Rene Pierce")));
    // Nothing is written while the question is open.
    let t = Instant::now();
    m.autosave.note_edit();
    assert!(autosaves(&update(&mut m, Msg::Clock(t + ms(5000)))).is_empty());
    press(&mut m, KeyCode::Char('y'));
    assert!(m.overlay().is_none());
    assert_eq!(m.draft().get("subject.name"), "Rene Pierce");
    assert!(!m.autosave.is_held());

    let mut m = model((80, 24));
    offer_resume(&mut m, autosaved());
    assert_eq!(
        press(&mut m, KeyCode::Char('n')),
        vec![Effect::ArchiveAutosave]
    );
    assert_eq!(m.draft().get("subject.name"), "", "a new form");
    assert!(m.autosave.is_held(), "not written over until it is kept");
    update(&mut m, Msg::Archived(Err("disk full".into())));
    assert!(
        m.autosave.is_held(),
        "a copy that could not be kept is not overwritten"
    );
    update(
        &mut m,
        Msg::Archived(Ok(Some("unfinished 2026-11-28 09:58:00 UTC".into()))),
    );
    assert!(!m.autosave.is_held());
    assert!(m.notice().unwrap().text.contains("unfinished"));
}

#[test]
fn submit_asks_the_journal_first_and_names_an_earlier_attempt() {
    let mut m = documented((80, 24));
    go_to(&mut m, Screen::Submit);
    let effects = update(
        &mut m,
        Msg::Key(key_event(KeyCode::Enter, KeyModifiers::NONE)),
    );
    let [Effect::CheckEarlier(attempt)] = effects.as_slice() else {
        panic!("{effects:?}")
    };
    assert_eq!(
        **attempt,
        NewAttempt::for_draft(m.draft(), EndpointKind::Sandbox, m.endpoint().base.as_str())
    );
    assert!(
        m.overlay().is_none(),
        "nothing is asked before the journal answers"
    );

    // The journal cannot be read: nothing is sent, and the person is told.
    assert!(update(&mut m, Msg::Earlier(Err("locked".into()))).is_empty());
    assert!(m.overlay().is_none());
    assert!(m.notice().unwrap().text.contains("nothing was sent"));

    // An earlier attempt whose outcome is unknown: named, and only y sends.
    let earlier = entry(AttemptState::OutcomeUnknown, None, EndpointKind::Sandbox);
    answer_earlier(&mut m, Ok(vec![earlier]));
    let Some(Overlay::Confirm(c)) = m.overlay() else {
        panic!("asks")
    };
    assert!(c.title.contains("AGAIN"));
    assert!(
        c.lines
            .iter()
            .any(|l| l.contains("a-0") && l.contains("outcome"))
    );
    assert!(
        press(&mut m, KeyCode::Enter).is_empty(),
        "Enter is not enough"
    );
    let effects = press(&mut m, KeyCode::Char('y'));
    let [Effect::PlaceOrder { attempt, .. }] = effects.as_slice() else {
        panic!("{effects:?}")
    };
    assert_eq!(attempt.fingerprint, Fingerprint::of_draft(m.draft()));
}

#[test]
fn placed_orders_discard_the_autosave() {
    let mut m = documented((80, 24));
    go_to(&mut m, Screen::Submit);
    press(&mut m, KeyCode::Enter);
    press(&mut m, KeyCode::Char('y'));
    m.autosave.note_edit();
    let effects = answer_send(
        &mut m,
        Ok(crate::tui::services::Placed {
            order_id: 7,
            request_id: Some(8),
            request_status: Some(RequestStatus::Pending),
            certificate_id: None,
        }),
    );
    assert!(effects.contains(&Effect::DiscardAutosave));
    assert_eq!(ctrl(&mut m, 'c'), vec![Effect::Quit], "not written back");
}

#[test]
fn start_follows_placed_orders_and_lists_unknown_outcomes() {
    let mut m = model((80, 24));
    let mut done = entry(AttemptState::Placed, Some(30), EndpointKind::Sandbox);
    done.final_at = Some(t0());
    let journal = vec![
        entry(AttemptState::Placed, Some(10), EndpointKind::Sandbox),
        entry(AttemptState::Placed, Some(20), EndpointKind::Live),
        done,
        entry(AttemptState::Failed, None, EndpointKind::Sandbox),
        entry(AttemptState::OutcomeUnknown, None, EndpointKind::Sandbox),
    ];
    let effects = follow_journal(&mut m, &journal, true);
    assert_eq!(
        effects,
        vec![Effect::Track {
            order_id: 10,
            request_id: Some(11)
        }]
    );
    assert_eq!(m.nav.screen(), Screen::Orders);
    assert_eq!(m.orders.followed().len(), 1);
    assert_eq!(
        m.orders.followed()[0].request_status,
        Some(RequestStatus::Pending)
    );
    assert_eq!(m.orders.unsettled().len(), 1);
    let screen = render(&m);
    assert!(
        screen.contains("certwiz orders settle a-0 --sandbox"),
        "{screen}"
    );
}

fn with_journal(size: (u16, u16)) -> Model {
    let mut m = model(size);
    follow_journal(
        &mut m,
        &[
            entry(AttemptState::Placed, Some(10), EndpointKind::Sandbox),
            entry(AttemptState::OutcomeUnknown, None, EndpointKind::Sandbox),
        ],
        true,
    );
    m
}

#[test]
fn snapshots_of_the_resume_dialog_the_second_order_and_picked_up_orders() {
    for size in [(80, 24), (120, 40)] {
        let name = |what: &str| format!("{what}_{}x{}", size.0, size.1);
        let mut m = model(size);
        offer_resume(&mut m, autosaved());
        insta::assert_snapshot!(name("resume_dialog"), render(&m));

        let mut m = documented(size);
        go_to(&mut m, Screen::Submit);
        update(
            &mut m,
            Msg::Key(key_event(KeyCode::Enter, KeyModifiers::NONE)),
        );
        let earlier = entry(AttemptState::Placed, Some(10), EndpointKind::Sandbox);
        answer_earlier(&mut m, Ok(vec![earlier]));
        insta::assert_snapshot!(name("submit_second_order"), render(&m));

        insta::assert_snapshot!(name("orders_from_journal"), render(&with_journal(size)));
    }
    insta::assert_snapshot!("orders_from_journal_60x20", render(&with_journal((60, 20))));
}

#[test]
fn snapshots_of_the_profile_list() {
    for size in [(80, 24), (120, 40)] {
        let mut m = on_subject_name(size);
        let kind = SavedKind::Profile(ProfileKind::Subject);
        press(&mut m, KeyCode::F(2));
        let items = vec![
            SavedItem {
                name: "Rene / counselor".into(),
                summary: "Rene Pierce, School Counselor, rene.pierce@yahoo.com, 054-139-0798"
                    .into(),
                saved_at: Some(t0()),
            },
            SavedItem {
                name: "Erin".into(),
                summary: "Erin Guerra, Clerk, erin@example.com".into(),
                saved_at: None,
            },
        ];
        update(&mut m, Msg::SavedListed(kind, Ok(items)));
        press(&mut m, KeyCode::Down);
        insta::assert_snapshot!(format!("profile_list_{}x{}", size.0, size.1), render(&m));
    }
}

#[test]
fn files_set_aside_are_named_in_a_message_that_must_be_closed() {
    let aside = crate::store::SetAside {
        path: "/home/rene/.local/share/certwiz/orders.json".into(),
        moved_to: "/home/rene/.local/share/certwiz/orders.json.corrupt-20261128T100000Z".into(),
        reason: crate::store::SetAsideReason::Unreadable("expected value at line 1".into()),
    };
    for size in [(80, 24), (120, 40)] {
        let mut m = model(size);
        crate::tui::update::report_set_aside(&mut m, std::slice::from_ref(&aside));
        insta::assert_snapshot!(format!("set_aside_{}x{}", size.0, size.1), render(&m));
        // With an autosave to offer, both are said in one question.
        offer_resume(&mut m, autosaved());
        let Some(Overlay::Confirm(c)) = m.overlay() else {
            panic!("asks")
        };
        assert!(c.lines.iter().any(|l| l.contains("orders.json.corrupt")));
        assert!(matches!(c.asked, Asked::Resume(_)));
    }
    let mut m = model((80, 24));
    crate::tui::update::report_set_aside(&mut m, &[aside]);
    assert!(press(&mut m, KeyCode::Enter).is_empty());
    assert!(m.overlay().is_none());
}

/// Quitting while a write is on its way: the last write waits for that write's answer (an older
/// form must not land after the newer one), keys change nothing meanwhile, and every message
/// that comes in the meantime is still applied, none dropped.
#[test]
fn quitting_during_a_write_waits_for_it_and_drops_no_message() {
    let mut m = on_subject_name((80, 24));
    let t = Instant::now();
    key(&mut m, 'R');
    update(&mut m, Msg::Clock(t));
    let effects = update(&mut m, Msg::Clock(t + ms(2000)));
    assert_eq!(autosaves(&effects).len(), 1);
    assert!(m.autosave.is_writing());
    key(&mut m, 'e');
    assert_eq!(
        ctrl(&mut m, 'c'),
        Vec::<Effect>::new(),
        "waits for the write"
    );
    key(&mut m, 'x');
    assert_eq!(
        m.draft().get("subject.name"),
        "Re",
        "no key acts while leaving"
    );
    update(&mut m, Msg::StoreFailed("the journal is busy".into()));
    assert_eq!(
        m.notice().map(|n| n.text.as_str()),
        Some("the journal is busy"),
        "a message that came meanwhile is applied"
    );
    let effects = update(
        &mut m,
        Msg::Autosaved {
            taken: t + ms(2000),
            at: t + ms(2100),
            result: Ok(()),
        },
    );
    let [Effect::SaveOnQuit(draft, _), Effect::Quit] = effects.as_slice() else {
        panic!("{effects:?}")
    };
    assert_eq!(draft.get("subject.name"), "Re");
}

/// The update notes an edit where it makes one: typing does, moving the focus does not.
#[test]
fn only_edits_are_noted_for_the_autosave() {
    let mut m = on_subject_name((80, 24));
    assert!(!m.autosave.needs_stamp());
    press(&mut m, KeyCode::Tab);
    assert!(!m.autosave.needs_stamp(), "moving is no edit");
    key(&mut m, 'R');
    assert!(m.autosave.needs_stamp(), "typing is");
}

/// The start: the first frame before the files on disk are read.
mod started;
