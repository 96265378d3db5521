//! Fuzzing the update function and the view: random keys, pastes (control characters, binary
//! garbage, 1 MB of text), every kind of mouse event, resizes down to 1x1 and every kind of task
//! result. After each event the frame is drawn into a TestBackend and [`check`] tests the
//! model's invariants:
//!
//! - focus: a form screen's focus is one of its rows; Review's, Orders' and a picker's
//!   selections are in range; the editor belongs to the focused typed row (and only there),
//!   shows its value, and is never under an overlay;
//! - values: no field holds a control character; only multi-line fields hold line breaks;
//! - scrolling: the help and the JSON never scroll past their ends;
//! - the submit state machine: an order is sent only on a key answering a submit confirmation,
//!   from Ready or Failed (or Unknown after the explicit "send again"), with no blocking
//!   errors, at most once per event, never again after it was placed, and a second time only
//!   after a failed answer; an answer to a POST not in flight changes nothing; tracking starts
//!   only for an order just placed; actions and file writes only from a confirmation or prompt;
//!   every order is followed once;
//! - the view: every size draws; when the frame is big enough the endpoint badge is on it.
//!
//! The normal test run tries 2,000 sequences; the long run
//! (`CERTWIZ_FUZZ_EVENTS=1000000 cargo test --lib tui::update::fuzz::long -- --ignored --nocapture`)
//! goes on until that many events were applied.

use std::sync::atomic::{AtomicU64, Ordering};

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::{Rect, Size};

use crate::order::catalog;
use crate::tui::app::{Asked, Model, Overlay, Screen, SubmitState};
use crate::tui::fixtures::{account, bare, documented, focus_path};
use crate::tui::fuzz_strategies::{MEGABYTE, msg, start};
use crate::tui::input::Lines;
use crate::tui::layout;
use crate::tui::msg::{Effect, Msg};
use crate::tui::update::update;
use crate::tui::view;

/// What the sequence has seen so far, for the invariants that span events.
#[derive(Default)]
struct History {
    /// `PlaceOrder` effects emitted.
    sends: usize,
    /// Failed answers to a POST that was in flight (each allows one more send).
    failed_answers: usize,
}

/// Every value a text field can hold: no control characters, and line breaks only in the
/// multi-line fields (typing and pasting strip the rest).
fn clean_values(m: &Model) -> Result<(), TestCaseError> {
    for screen in Screen::ALL {
        let Some(section) = screen.section() else {
            continue;
        };
        for f in catalog::section_fields(m.draft().product, section) {
            let value = m.draft().get(f.path);
            let multi = f.kind.is_multiline();
            prop_assert!(
                value
                    .chars()
                    .all(|c| !c.is_control() || (multi && c == '\n')),
                "{} holds a forbidden character: {:?}",
                f.path,
                value.chars().take(80).collect::<String>()
            );
        }
    }
    for id in [1, 2] {
        let value = m.draft().custom_field(id);
        prop_assert!(
            !value.chars().any(char::is_control),
            "custom field {id}: {value:?}"
        );
    }
    Ok(())
}

/// The model's invariants after one event; `before` is the model before it.
fn check(
    before: &Model,
    msg: &Msg,
    m: &Model,
    effects: &[Effect],
    history: &mut History,
    terminal: &mut Terminal<TestBackend>,
    painted: (
        &mut crate::tui::paint::Painter,
        &mut ratatui::buffer::Buffer,
    ),
) -> Result<(), TestCaseError> {
    // Focus: a form screen's focus is one of its rows; the lists' selections are in range.
    let rows = m.rows(m.nav.screen());
    prop_assert!(
        rows.is_empty() || m.form.focus() < rows.len(),
        "focus {} of {}",
        m.form.focus(),
        rows.len()
    );
    prop_assert!(m.orders.selected_index() < m.orders.followed().len().max(1));
    prop_assert!(m.review.selected() < m.review_rows().len().max(1));
    if let Some(Overlay::Picker(p)) = m.overlay() {
        prop_assert!(
            p.cursor < p.matching().len().max(1),
            "picker cursor {}",
            p.cursor
        );
    }
    // The editor belongs to the focused typed row, and shows its value (a one-line input
    // reopened on a value shows it trimmed).
    if let Some(editor) = m.form.editor() {
        prop_assert!(m.overlay().is_none(), "an editor under an overlay");
        let row = m.focused_row();
        prop_assert!(
            row.is_some_and(|r| crate::tui::screens::form::lines(r) == Some(editor.lines()))
        );
        if let Some(row) = row {
            let value = m.value(row);
            let text = editor.text();
            let reopened = editor.lines() == Lines::Single
                && text == crate::tui::input::normalise_paste(&value, Lines::Single);
            prop_assert!(
                text == value || reopened,
                "the editor shows {text:?} for {value:?}"
            );
        }
    }
    if let Some(row) = m.focused_row()
        && m.overlay().is_none()
    {
        prop_assert_eq!(
            m.form.editor().is_some(),
            crate::tui::screens::form::lines(row).is_some(),
            "no editor on a typed row"
        );
    }
    if let Some(row) = m.focused_row()
        && crate::tui::screens::form::lines(row) == Some(Lines::Single)
    {
        prop_assert!(
            !m.value(row).contains('\n'),
            "a line break in a one-line field"
        );
    }
    clean_values(m)?;
    // Scrolling stops at the end of what is scrolled.
    // The help wraps to the terminal's width, so how far it scrolls depends on the size.
    let area = ratatui::layout::Rect::new(0, 0, m.size().0, m.size().1);
    let help_max = crate::tui::overlays::help::draw::max_scroll(m, area);
    prop_assert!(
        m.help.scroll() <= help_max,
        "help scrolled to {} of {help_max}",
        m.help.scroll()
    );
    let body_lines = serde_json::to_string_pretty(&m.draft().to_body())
        .map(|t| t.lines().count())
        .unwrap_or(0);
    prop_assert!(
        usize::from(m.review.json_scroll()) <= body_lines,
        "json scrolled to {}",
        m.review.json_scroll()
    );
    // A screen's error count (the stepper's mark) is that of what its rows show.
    for screen in Screen::ALL {
        let rows = m.rows(screen);
        let shown: usize = rows
            .iter()
            .map(|r| m.shown(*r).iter().filter(|d| d.is_error()).count())
            .sum();
        prop_assert_eq!(
            m.shown_errors_in(&rows),
            shown,
            "errors counted on {:?}",
            screen
        );
    }
    // Orders are followed once each.
    let mut ids: Vec<i64> = m.orders.followed().iter().map(|o| o.order_id).collect();
    ids.sort_unstable();
    ids.dedup();
    prop_assert_eq!(
        ids.len(),
        m.orders.followed().len(),
        "an order is followed twice"
    );

    // The submit state machine: an order is sent only on a yes key in a submit confirmation,
    // from a state that allows it, at most once per event, and never once one was placed.
    let sent = effects
        .iter()
        .filter(|e| matches!(e, Effect::PlaceOrder { .. }))
        .count();
    prop_assert!(sent <= 1);
    if sent == 1 {
        let confirmed = matches!(
            before.overlay(),
            Some(Overlay::Confirm(c)) if matches!(c.asked, Asked::Submit | Asked::Resubmit | Asked::SubmitDespite)
        );
        prop_assert!(
            confirmed && matches!(msg, Msg::Key(_)),
            "sent without a confirmation"
        );
        let now = crate::tui::screens::submit::commands::state_now(before);
        prop_assert!(
            matches!(now, SubmitState::Ready | SubmitState::Failed { .. })
                || matches!(
                    (now, before.overlay()),
                    (SubmitState::Unknown { .. }, Some(Overlay::Confirm(c))) if c.asked == Asked::Resubmit
                ),
            "sent from {:?}",
            before.submit.state()
        );
        let in_flight = matches!(m.submit.state(), SubmitState::InFlight { .. });
        prop_assert!(in_flight, "sent but {:?}", m.submit.state());
        prop_assert_eq!(before.blocking_errors(), 0, "sent with errors");
        // A second send needs a failed (or unknown) answer to the first, or a form changed
        // since the first was placed (a new order).
        if before.submit.placed_before_change(before.draft()).is_some() {
            history.sends = history.failed_answers;
        }
        let resend_allowed = history.sends <= history.failed_answers;
        prop_assert!(
            resend_allowed,
            "sent {} times after {} failures",
            history.sends + 1,
            history.failed_answers
        );
        history.sends += 1;
    }
    if let (SubmitState::InFlight { .. }, Msg::Placed { result: Err(_), .. }) =
        (&before.submit.state(), msg)
    {
        history.failed_answers += 1;
    }
    // A placed form is not sent again (a form changed since it was placed is a new order:
    // `Submission::now_for`).
    if matches!(
        crate::tui::screens::submit::commands::state_now(before),
        SubmitState::Placed { .. }
    ) {
        prop_assert!(
            matches!(m.submit.state(), SubmitState::Placed { .. }),
            "a placed form became {:?}",
            m.submit.state()
        );
    }
    // An answer to a POST that is not in flight changes nothing.
    if matches!(msg, Msg::Placed { .. })
        && !matches!(before.submit.state(), SubmitState::InFlight { .. })
    {
        prop_assert_eq!(before.submit.state(), m.submit.state());
        prop_assert_eq!(before.orders.followed().len(), m.orders.followed().len());
    }
    // Tracking starts only for an order just placed; actions only on a yes or a prompt.
    for effect in effects {
        match effect {
            Effect::Track { .. } => {
                let answered = matches!(before.submit.state(), SubmitState::InFlight { .. })
                    && matches!(msg, Msg::Placed { result: Ok(_), .. });
                prop_assert!(answered, "tracking without a placed order");
            }
            Effect::Act { order_id, .. } => {
                prop_assert!(matches!(msg, Msg::Key(_)) && before.overlay().is_some());
                prop_assert!(
                    m.orders
                        .followed()
                        .iter()
                        .any(|o| o.order_id == *order_id && o.busy.is_some())
                );
            }
            Effect::WriteFile { .. } | Effect::ReadCsr(_) => {
                prop_assert!(
                    matches!(before.overlay(), Some(Overlay::Prompt(_))),
                    "a file touched without a prompt"
                )
            }
            _ => {}
        }
    }

    // The frame draws at any size; once it is big enough, the endpoint is always on it.
    let (w, h) = m.size();
    if terminal.backend().buffer().area.as_size()
        != (Size {
            width: w,
            height: h,
        })
    {
        terminal.backend_mut().resize(w, h);
    }
    terminal
        .draw(|f| view::draw(&mut crate::tui::view::canvas::Canvas::of(f), m))
        .unwrap();
    // Drawing only what changed leaves the screen as the whole frame drawn again would.
    let (painter, screen) = painted;
    crate::tui::paint::tests::paint_onto(painter, screen, m);
    prop_assert!(
        crate::tui::paint::tests::same_screen(screen, terminal.backend().buffer(), m.theme().ascii),
        "drawing only what changed after {msg:?} left:\n{}\nwhere the whole frame is:\n{}",
        crate::tui::paint::tests::text(screen),
        crate::tui::paint::tests::text(terminal.backend().buffer())
    );
    if !layout::too_small(Rect::new(0, 0, w, h)) {
        let buffer = terminal.backend().buffer();
        let header: String = (0..w).map(|x| buffer[(x, 0)].symbol()).collect();
        prop_assert!(
            header.contains(m.endpoint().name()),
            "the endpoint badge is gone: {header}"
        );
    }
    Ok(())
}

/// Applies a sequence, checking after every event; returns how many events were applied.
fn run(mut m: Model, msgs: Vec<Msg>) -> Result<u64, TestCaseError> {
    let mut history = History::default();
    let mut terminal = Terminal::new(TestBackend::new(m.size().0, m.size().1)).unwrap();
    let mut painter = crate::tui::paint::Painter::new();
    let mut screen = ratatui::buffer::Buffer::default();
    let mut applied = 0;
    for msg in msgs {
        let before = m.clone();
        let effects = update(&mut m, msg.clone());
        applied += 1;
        if m.autosave.is_quitting() {
            prop_assert!(effects.contains(&Effect::Quit));
            break;
        }
        check(
            &before,
            &msg,
            &m,
            &effects,
            &mut history,
            &mut terminal,
            (&mut painter, &mut screen),
        )?;
    }
    Ok(applied)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn random_input_keeps_the_invariants(m in start(), msgs in prop::collection::vec(msg(0), 1..24)) {
        run(m, msgs)?;
    }
}

#[test]
fn a_megabyte_pasted_into_every_kind_of_field() {
    let mut m = documented((80, 24));
    // A one-line field, a multi-line one, a custom field and a chosen (not typed) one.
    for (screen, path) in [
        (Screen::Subject, "subject.name"),
        (Screen::Certificate, "certificate.csr"),
        (Screen::Payment, "custom_fields.1"),
        (Screen::Certificate, "product"),
    ] {
        crate::tui::update::go_to(&mut m, screen);
        focus_path(&mut m, path);
        let before = m.clone();
        let msg = Msg::Paste(MEGABYTE.clone());
        let effects = update(&mut m, msg.clone());
        let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
        check(
            &before,
            &msg,
            &m,
            &effects,
            &mut History::default(),
            &mut terminal,
            (
                &mut crate::tui::paint::Painter::new(),
                &mut ratatui::buffer::Buffer::default(),
            ),
        )
        .unwrap();
    }
}

/// The long run: sequences of up to 200 events until `CERTWIZ_FUZZ_EVENTS` (default 1,000,000)
/// events were applied; prints the count.
#[test]
#[ignore = "minutes long; run by hand, see the module comment"]
fn long() {
    let target: u64 = std::env::var("CERTWIZ_FUZZ_EVENTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let events = AtomicU64::new(0);
    let mut runner = TestRunner::new(Config {
        // Each sequence averages about 100 events; stop early once the target is reached.
        cases: u32::try_from(target / 50 + 1).unwrap_or(u32::MAX),
        failure_persistence: None,
        ..Config::default()
    });
    let strategy = (start(), prop::collection::vec(msg(1), 1..200));
    let result = runner.run(&strategy, |(m, msgs)| {
        if events.load(Ordering::Relaxed) >= target {
            return Ok(());
        }
        let n = run(m, msgs)?;
        let total = events.fetch_add(n, Ordering::Relaxed) + n;
        if total / 100_000 != (total - n) / 100_000 {
            errln!("fuzzed {total} events");
        }
        Ok(())
    });
    let covered = events.load(Ordering::Relaxed);
    outln!("fuzzed {covered} events");
    result.unwrap();
    assert!(covered >= target, "only {covered} events");
}

/// Found by the long run: the account's custom fields arrived while the last (multi-line) row of
/// Payment was focused; the focus index then pointed at a custom field while the editor still
/// showed the comment, so the next key wrote the comment into the custom field.
#[test]
fn the_focus_follows_its_row_when_custom_fields_arrive() {
    let mut m = bare((120, 40));
    crate::tui::update::go_to(&mut m, Screen::Payment);
    update(
        &mut m,
        Msg::Key(KeyEvent::new(KeyCode::BackTab, KeyModifiers::NONE)),
    );
    let row = m.focused_row().unwrap();
    assert_eq!(crate::tui::screens::form::lines(row), Some(Lines::Multi));
    update(&mut m, Msg::Account(Ok(account())));
    assert_eq!(m.focused_row(), Some(row));
    update(
        &mut m,
        Msg::Key(KeyEvent::new(KeyCode::Char('z'), KeyModifiers::NONE)),
    );
    assert_eq!(m.value(row), "z");
    assert_eq!(m.draft().custom_field(1), "");
}
