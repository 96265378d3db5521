//! The footer never lies: every screen and state the fuzz model starts from, every row, every
//! overlay, every submit state and every kind of followed order; each footer entry, sent as its
//! key, must change the model, ask for work, or say why not.

use crossterm::event::KeyEvent;

use crate::order::{OrderStatus, Product, RequestStatus};
use crate::store::ProfileKind;
use crate::tui::app::{
    Asked, Confirm, Model, Overlay, SavedItem, SavedKind, SavedList, Screen, SubmitState,
};
use crate::tui::commands;
use crate::tui::fixtures::{bare, documented, model, t0};
use crate::tui::msg::{Msg, OrderAction};
use crate::tui::overlays::picker::choices::picker_for;
use crate::tui::screens::orders::{InitCode, Provisioning};
use crate::tui::services::Placed;
use crate::tui::update::{go_to, update};

/// Every form, Review, Submit and Orders screen, each form row focused in turn.
fn screens(start: &Model) -> Vec<(String, Model)> {
    let mut out = Vec::new();
    for screen in Screen::ALL {
        let mut m = start.clone();
        go_to(&mut m, screen);
        let rows = m.rows(screen).len();
        out.push((format!("{screen:?}"), m.clone()));
        for i in 1..rows {
            let mut focused = m.clone();
            focused.put_focus(i);
            focused.open_editor();
            out.push((format!("{screen:?} row {i}"), focused));
        }
    }
    out
}

fn with_overlay(start: &Model, overlay: Overlay) -> Model {
    let mut m = start.clone();
    m.close_editor();
    m.show_overlay(overlay);
    m
}

fn confirm(asked: Asked) -> Overlay {
    Overlay::Confirm(Confirm {
        title: "Question?".into(),
        lines: vec!["a line".into()],
        asked,
        scroll: 0,
    })
}

/// Help, pickers (single and multi), every kind of question, prompts and the saved lists.
fn overlays(start: &Model) -> Vec<(String, Model)> {
    let mut out = vec![("help".to_owned(), with_overlay(start, Overlay::Help))];
    for screen in [Screen::Certificate, Screen::Organization, Screen::Shipping] {
        let mut m = start.clone();
        go_to(&mut m, screen);
        for row in m.rows(screen) {
            if let Some(picker) = picker_for(&m, row) {
                out.push((
                    format!("picker {}", row.path()),
                    with_overlay(&m, Overlay::Picker(picker)),
                ));
            }
        }
    }
    for asked in [
        Asked::Submit,
        Asked::Resubmit,
        Asked::SubmitDespite,
        Asked::Quit,
        Asked::Dismiss,
        Asked::DeleteSaved {
            kind: SavedKind::Draft,
            name: "mine".into(),
        },
        Asked::Resume(Box::new(start.draft().clone())),
        Asked::Act {
            order_id: 1,
            request_id: Some(2),
            action: OrderAction::Approve,
        },
    ] {
        out.push((
            format!("confirm {asked:?}"),
            with_overlay(start, confirm(asked)),
        ));
    }
    let mut review = start.clone();
    go_to(&mut review, Screen::Review);
    for key in ['e', 'c'] {
        let mut m = review.clone();
        update(
            &mut m,
            Msg::Key(KeyEvent::from(crossterm::event::KeyCode::Char(key))),
        );
        out.push((format!("prompt {key}"), m.clone()));
        if let Some(Overlay::Prompt(p)) = m.overlay_mut() {
            p.input = crate::tui::input::TextInput::new("", crate::tui::input::Lines::Single);
        }
        out.push((format!("empty prompt {key}"), m));
    }
    let item = SavedItem {
        name: "mine".into(),
        summary: "a summary".into(),
        saved_at: Some(t0()),
    };
    for kind in [SavedKind::Draft, SavedKind::Profile(ProfileKind::Subject)] {
        for items in [
            None,
            Some(Vec::new()),
            Some(vec![item.clone(), item.clone()]),
        ] {
            let list = SavedList {
                kind,
                items: items.clone(),
                cursor: 0,
            };
            out.push((
                format!("saved {kind:?} {items:?}"),
                with_overlay(start, Overlay::SavedList(list)),
            ));
        }
    }
    let mut batch = with_overlay(start, Overlay::Batch);
    batch.batch.open(
        crate::tui::overlays::batch::BatchReview::read(
            std::path::Path::new("b.csv"),
            "subject.name\nAnn Lee\nBo Lee\n",
        )
        .unwrap(),
    );
    let mut closed = batch.clone();
    closed.hide_overlay();
    out.push(("batch".into(), batch));
    out.push(("batch closed".into(), closed));
    out
}

/// Submit in each state, and Orders with no order, a pending one, a final one, one with an
/// action on its way, two orders, and an unsettled attempt.
fn submit_and_orders(start: &Model) -> Vec<(String, Model)> {
    let mut out = Vec::new();
    for state in [
        SubmitState::Ready,
        SubmitState::InFlight { since: Some(t0()) },
        SubmitState::Placed { order_id: 7 },
        SubmitState::Failed {
            message: "refused".into(),
        },
        SubmitState::Unknown {
            message: "cut off".into(),
            at: Some(t0()),
        },
    ] {
        let mut m = start.clone();
        go_to(&mut m, Screen::Submit);
        m.submit.set_for_test(state.clone());
        out.push((format!("submit {state:?}"), m));
    }
    let mut placed = start.clone();
    go_to(&mut placed, Screen::Submit);
    placed
        .submit
        .set_for_test(SubmitState::InFlight { since: Some(t0()) });
    update(
        &mut placed,
        Msg::Placed {
            at: t0(),
            result: Ok(Placed {
                order_id: 11,
                request_id: Some(21),
                request_status: Some(RequestStatus::Pending),
                certificate_id: None,
            }),
        },
    );
    go_to(&mut placed, Screen::Orders);
    out.push(("orders pending".into(), placed.clone()));
    let mut busy = placed.clone();
    busy.orders.followed_mut()[0].busy = Some(OrderAction::Approve);
    out.push(("orders busy".into(), busy));
    let mut done = placed.clone();
    done.orders.followed_mut()[0].request_status = Some(RequestStatus::Approved);
    done.orders.followed_mut()[0].order_status = Some(OrderStatus::Issued);
    done.orders.followed_mut()[0].is_final = true;
    out.push(("orders final".into(), done.clone()));
    for (what, method, code) in [
        ("token", Provisioning::ShipToken, None),
        (
            "token code shown",
            Provisioning::ClientApp,
            Some(InitCode::new("AB12-CD34")),
        ),
        ("hsm", Provisioning::Email, None),
    ] {
        let mut m = done.clone();
        m.orders.followed_mut()[0].delivery.provisioning = Some(method);
        m.orders.followed_mut()[0].delivery.init_code = code;
        out.push((format!("orders issued {what}"), m));
    }
    let mut two = placed.clone();
    let mut second = done.orders.followed()[0].clone();
    second.order_id = 12;
    second.product = Product::default();
    two.orders.followed_mut().push(second);
    out.push(("orders two".into(), two));
    let mut empty = start.clone();
    go_to(&mut empty, Screen::Orders);
    out.push(("orders empty".into(), empty));
    out
}

#[test]
fn every_footer_entry_does_what_it_says() {
    let mut states = Vec::new();
    for (name, start) in [
        ("bare", bare((80, 24))),
        ("model", model((120, 40))),
        ("documented", documented((80, 24))),
    ] {
        for (what, m) in screens(&start)
            .into_iter()
            .chain(overlays(&start))
            .chain(submit_and_orders(&start))
        {
            states.push((format!("{name}: {what}"), m));
        }
    }
    let mut checked = 0;
    let mut lies = Vec::new();
    for (state, m) in &states {
        for command in commands::footer(m) {
            let mut after = m.clone();
            let before = format!("{m:?}");
            let key = KeyEvent::new(command.key.code, command.key.mods);
            let effects = update(&mut after, Msg::Key(key));
            if effects.is_empty() && format!("{after:?}") == before {
                lies.push(format!(
                    "{state}: the footer shows \"{} {}\", which does nothing",
                    command.key.name(),
                    command.word
                ));
            }
            checked += 1;
        }
    }
    assert!(lies.is_empty(), "{}", lies.join("\n"));
    assert!(checked > 500, "only {checked} footer entries were tried");
}

#[test]
fn disabled_commands_leave_the_footer() {
    let words = |m: &Model| -> Vec<&'static str> {
        commands::footer(m).into_iter().map(|c| c.word).collect()
    };
    let mut m = documented((80, 24));
    assert!(!words(&m).contains(&"back"), "no screen before the first");
    go_to(&mut m, Screen::Submit);
    assert!(words(&m).contains(&"submit"));
    assert!(!words(&m).contains(&"field"), "Submit has no fields");
    m.submit.set_for_test(SubmitState::Placed { order_id: 7 });
    assert!(
        !words(&m).contains(&"submit"),
        "placed orders are not sent twice"
    );
    go_to(&mut m, Screen::Orders);
    for word in ["approve", "reject", "cancel order", "next"] {
        assert!(!words(&m).contains(&word), "{word} on an empty Orders");
    }
}

#[test]
fn a_resend_offers_only_y() {
    let m = with_overlay(&documented((80, 24)), confirm(Asked::Resubmit));
    let keys: Vec<String> = commands::footer(&m)
        .into_iter()
        .map(|c| c.key.name().into_owned())
        .collect();
    assert!(keys.contains(&"y".to_owned()), "{keys:?}");
    assert!(!keys.contains(&"Enter".to_owned()), "{keys:?}");
    let help = crate::tui::keymap::help_sections();
    let (_, resend) = help
        .iter()
        .find(|(title, _)| *title == "When asked to send an order again")
        .unwrap();
    assert!(resend.iter().any(|(keys, _)| keys == "y"), "{resend:?}");
    assert!(
        !resend.iter().any(|(keys, _)| keys == "y Enter"),
        "{resend:?}"
    );
}

#[test]
fn no_footer_cuts_an_entry_and_help_and_quit_always_show() {
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;

    let start = documented((80, 24));
    let states: Vec<(String, Model)> = screens(&start)
        .into_iter()
        .chain(overlays(&start))
        .chain(submit_and_orders(&start))
        .collect();
    let mut checked = 0;
    for (state, m) in &states {
        let full: Vec<String> = commands::footer(m)
            .iter()
            .map(|c| format!("{} {}", c.key_name(), c.word))
            .collect();
        let must: Vec<String> = commands::footer(m)
            .iter()
            .filter(|c| c.scope == crate::tui::keymap::Scope::Always)
            .map(|c| format!("{} {}", c.key_name(), c.word))
            .collect();
        for width in 40..=200u16 {
            let mut terminal = Terminal::new(TestBackend::new(width, 1)).unwrap();
            terminal
                .draw(|f| {
                    let area = f.area();
                    crate::tui::view::footer::draw(
                        &mut crate::tui::view::canvas::Canvas::of(f),
                        area,
                        m,
                    )
                })
                .unwrap();
            let buffer = terminal.backend().buffer();
            let line: String = (0..width).map(|x| buffer[(x, 0)].symbol()).collect();
            let shown: Vec<&str> = line
                .split("  ")
                .map(str::trim)
                .filter(|e| !e.is_empty())
                .collect();
            for entry in &shown {
                assert!(
                    full.iter().any(|f| f == entry),
                    "{state} at {width}: {entry:?} is not a whole entry of {full:?}: {line:?}"
                );
            }
            for entry in &must {
                assert!(
                    shown.contains(&entry.as_str()),
                    "{state} at {width}: {entry:?} lost: {line:?}"
                );
            }
            checked += 1;
        }
    }
    assert!(checked > 5000, "only {checked} footers checked");
}

/// When the footer is short of room, the way on to the next screen stays: on Review at 80
/// columns "PgDn next" is kept over the export keys.
#[test]
fn the_way_on_stays_when_room_is_short() {
    let mut m = documented((80, 24));
    crate::tui::update::go_to(&mut m, Screen::Review);
    let all = commands::footer(&m);
    let kept = crate::tui::view::footer::fit(&all, 80);
    assert!(kept.len() < all.len(), "not short of room: {all:?}");
    let words: Vec<&str> = kept.iter().map(|c| c.word).collect();
    assert!(words.contains(&"next"), "{words:?}");
}
