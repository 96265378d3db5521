//! Nothing is cut without a sign: the focused field's help and errors read in full at 80x24, the
//! focus shows without colour on a field with an error, and snapshots at 80x24, 60x20 and
//! 200x60 of the Certificate and Payment screens and of the help.

use crossterm::event::KeyCode;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use crate::order::catalog::FieldKind;
use crate::tui::app::{Model, Overlay, Row, Screen};
use crate::tui::fixtures::*;
use crate::tui::layout;
use crate::tui::msg::Msg;
use crate::tui::theme::Theme;
use crate::tui::update::{go_to, update};
use crate::tui::view;

const SIZES: [(u16, u16); 3] = [(80, 24), (60, 20), (200, 60)];

fn snap(name: &str, build: impl Fn((u16, u16)) -> Model) {
    for size in SIZES {
        let m = build(size);
        insta::assert_snapshot!(format!("{name}_{}x{}", size.0, size.1), render(&m));
    }
}

/// The screen's lines, cell by cell.
fn screen(m: &Model) -> Vec<Vec<String>> {
    let (w, h) = m.size();
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    terminal
        .draw(|f| view::draw(&mut crate::tui::view::canvas::Canvas::of(f), m))
        .unwrap();
    let buffer = terminal.backend().buffer().clone();
    (0..h)
        .map(|y| (0..w).map(|x| buffer[(x, y)].symbol().to_owned()).collect())
        .collect()
}

/// The words in the focused field's detail area, in reading order.
fn detail_words(m: &Model) -> String {
    let areas = layout::areas(ratatui::layout::Rect::new(0, 0, m.size().0, m.size().1));
    let Some((rect, _)) = layout::form_layout(m, areas.body).detail else {
        panic!(
            "no detail area for row {} of {:?}:\n{}",
            m.form.focus(),
            m.nav.screen(),
            render(m)
        );
    };
    let cells = screen(m);
    let text: Vec<String> = (rect.y..rect.y + rect.height)
        .map(|y| {
            cells[usize::from(y)][usize::from(rect.x)..usize::from(rect.x + rect.width)].concat()
        })
        .collect();
    words(&text.join(" "))
}

fn words(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn focus(m: &mut Model, i: usize) {
    while m.form.focus() != i {
        press(m, KeyCode::Tab);
    }
}

/// Every form screen's rows, with the fixture account (so custom fields are there too).
fn every_row() -> Vec<(Screen, usize, Row)> {
    let mut out = Vec::new();
    for screen in Screen::ALL.into_iter().filter(|s| s.section().is_some()) {
        let mut m = model((80, 24));
        go_to(&mut m, screen);
        for (i, row) in m.rows(screen).into_iter().enumerate() {
            out.push((screen, i, row));
        }
    }
    out
}

#[test]
fn every_help_text_reads_in_full_at_80x24() {
    let mut checked = 0;
    for (screen, i, row) in every_row() {
        let mut m = model((80, 24));
        go_to(&mut m, screen);
        focus(&mut m, i);
        let help = match row {
            Row::Field(f) => f.help.to_owned(),
            Row::Product => m.draft().product.help().to_owned(),
            Row::Custom(_) => view::detail::help_of(&m, row),
        };
        let shown = detail_words(&m);
        assert!(
            shown.contains(&words(&help)),
            "{screen:?} {}: help {help:?} not on screen; the detail reads {shown:?}",
            row.path()
        );
        checked += 1;
    }
    assert!(checked >= 30, "only {checked} rows checked");
}

/// Values that break some rule of some field: empty, blank, too long, control characters,
/// not a number, negative, not an email, not a country, not a PEM block.
const BAD: [&str; 9] = [
    "",
    "   ",
    "x\u{7}y",
    "abc",
    "-5",
    "0",
    "me@",
    "zz",
    "-----BEGIN CERTIFICATE REQUEST-----",
];

#[test]
fn every_error_a_field_can_show_reads_in_full_at_80x24() {
    let long = "word ".repeat(60);
    let mut seen = std::collections::BTreeSet::new();
    for (screen, i, row) in every_row() {
        for bad in BAD.iter().copied().chain([long.as_str()]) {
            let mut m = model((80, 24));
            // A CSR is required only for email provisioning: ask for it, so its errors show.
            if screen == Screen::Certificate && row.path() == "certificate.csr" {
                m.set_value(
                    Row::Field(crate::order::catalog::field("cs_provisioning_method").unwrap()),
                    "email",
                );
            }
            go_to(&mut m, screen);
            focus(&mut m, i);
            match row {
                Row::Field(f)
                    if matches!(
                        f.kind,
                        FieldKind::Choice { .. } | FieldKind::YesNo | FieldKind::Agreement
                    ) =>
                {
                    // Set as a choice is made: the field counts as touched.
                    m.set_value(row, bad);
                    m.flag(row.path().into_owned());
                }
                Row::Product => continue,
                _ => {
                    m.set_value(row, "");
                    m.open_editor();
                    update(&mut m, Msg::Paste(bad.to_owned()));
                }
            }
            // Leaving the field and coming back shows its problems.
            press(&mut m, KeyCode::Tab);
            focus(&mut m, i);
            let shown = detail_words(&m);
            for d in m.shown(row) {
                assert!(
                    shown.contains(&words(&d.message)),
                    "{screen:?} {} = {bad:?}: {:?} not on screen; the detail reads {shown:?}",
                    row.path(),
                    d.message
                );
                seen.insert(d.message.clone());
            }
        }
    }
    assert!(
        seen.len() >= 20,
        "only {} messages produced: {seen:?}",
        seen.len()
    );
}

/// Issue 22: a 10 MB paste into a phone or a name field showed the paste in its detail and
/// pushed the error out of sight (the phone's error quoted all ten megabytes). The error reads in
/// full, and the value shown is cut with `…` and its length.
#[test]
fn a_huge_paste_keeps_its_error_in_view_at_80x24() {
    // The longest text a field keeps (a longer one is refused: below).
    let huge = "1".repeat(crate::form::MAX_KEPT);
    for path in ["organization_contact.telephone", "subject.name"] {
        let (screen, i, row) = every_row()
            .into_iter()
            .find(|(_, _, r)| r.path() == path)
            .unwrap();
        let mut m = model((80, 24));
        go_to(&mut m, screen);
        focus(&mut m, i);
        m.set_value(row, "");
        m.open_editor();
        update(&mut m, Msg::Paste(huge.clone()));
        press(&mut m, KeyCode::Tab);
        focus(&mut m, i);
        let errors: Vec<_> = m.shown(row).into_iter().filter(|d| d.is_error()).collect();
        assert!(!errors.is_empty(), "{path}: no error for 10 MB");
        let shown = detail_words(&m);
        for d in errors {
            assert!(
                shown.contains(&words(&d.message)),
                "{path}: {:.200} not on screen; the detail reads {shown:.400}",
                d.message
            );
        }
        let (value, _) = crate::tui::view::value::display_value(&m, row);
        assert!(
            value.ends_with("characters; the rest is not shown)"),
            "{value:.100}"
        );
    }
    // Longer than any field takes: refused at the field, said, and nothing of it kept.
    let (screen, i, row) = every_row()
        .into_iter()
        .find(|(_, _, r)| r.path() == "subject.name")
        .unwrap();
    let mut m = model((80, 24));
    go_to(&mut m, screen);
    focus(&mut m, i);
    m.open_editor();
    update(&mut m, Msg::Paste("1".repeat(10 * 1024 * 1024)));
    let notice = m.notice().map(|n| n.text.clone()).unwrap_or_default();
    press(&mut m, KeyCode::Tab);
    assert_eq!(m.draft().get(row.path().as_ref()), "");
    assert!(
        notice.starts_with("Full name refused: 10485760 bytes is far more than any field takes"),
        "{notice}"
    );
}

#[test]
fn the_focused_row_with_an_error_shows_by_text_alone() {
    let mut m = model((80, 24));
    m.set_theme(Theme::for_env(Some("1")));
    m.set_value(
        Row::Field(crate::order::catalog::field("validity_years").unwrap()),
        "7",
    );
    m.flag("validity_years".into());
    focus_path(&mut m, "validity_years");
    press(&mut m, KeyCode::Tab);
    focus_path(&mut m, "validity_years");
    let text = render(&m);
    let row = text
        .lines()
        .find(|l| l.contains("Validity *"))
        .expect("the row is on screen");
    assert!(row.contains('▸') && row.contains('✗'), "{row}");
    // And another row with an error, not focused, has the error mark but not the focus mark.
    press(&mut m, KeyCode::Tab);
    let text = render(&m);
    let row = text.lines().find(|l| l.contains("Validity *")).unwrap();
    assert!(!row.contains('▸') && row.contains('✗'), "{row}");
}

#[test]
fn payment_keeps_the_agreement_in_view_and_signs_what_is_hidden() {
    let mut m = model((80, 24));
    go_to(&mut m, Screen::Payment);
    go_to(&mut m, Screen::Review);
    go_to(&mut m, Screen::Payment);
    let text = render(&m);
    assert!(text.contains("Certificate Services Agreement  ["), "{text}");
    // Whichever row has the focus, the rows above it are in view or counted by a sign, and
    // the sign counts exactly the rows scrolled out.
    for i in 0..m.rows(Screen::Payment).len() {
        focus(&mut m, i);
        let text = render(&m);
        let areas = layout::areas(ratatui::layout::Rect::new(0, 0, 80, 24));
        let shape = layout::form_layout(&m, areas.body);
        let first = shape.rows.first().map(|(i, _)| *i).unwrap();
        assert_eq!(shape.above.0, first);
        if first == 0 {
            assert!(text.contains("Certificate Services Agreement  ["), "{text}");
        } else {
            assert!(text.contains(&format!("↑ {first} more")), "{text}");
        }
        assert!(
            shape.rows.iter().any(|(r, _)| *r == i),
            "row {i} not in view:\n{text}"
        );
    }
}

#[test]
fn the_scroll_hides_the_fewest_rows_and_counts_them() {
    // Everything fits: nothing hidden, no sign.
    assert_eq!(layout::window(&[3, 1, 1, 2, 1, 6], 5, 17), (0, 6));
    // Ten one-line rows in five lines, focus on the last: a sign above, the last four rows.
    assert_eq!(layout::window(&[1; 10], 9, 5), (6, 10));
    // Focus on the first: the first four rows, then a sign below.
    assert_eq!(layout::window(&[1; 10], 0, 5), (0, 4));
    // Focus in the middle: signs on both sides, as few rows hidden above as possible.
    assert_eq!(layout::window(&[1; 10], 5, 5), (3, 6));
}

#[test]
fn certificate_at_every_size() {
    snap("fit_certificate", model);
    snap("fit_certificate_errors", |size| {
        let mut m = model(size);
        for (path, value) in [
            ("cs_provisioning_method", "email"),
            ("validity_years", "7"),
            ("certificate.csr", "not a csr"),
        ] {
            let row = Row::Field(crate::order::catalog::field(path).unwrap());
            m.set_value(row, value);
            m.flag(row.path().into_owned());
        }
        focus_path(&mut m, "certificate.csr");
        m
    });
}

#[test]
fn payment_at_every_size() {
    snap("fit_payment", |size| {
        let mut m = model(size);
        go_to(&mut m, Screen::Payment);
        go_to(&mut m, Screen::Review);
        go_to(&mut m, Screen::Payment);
        m
    });
    snap("fit_payment_comments", |size| {
        let mut m = model(size);
        go_to(&mut m, Screen::Payment);
        go_to(&mut m, Screen::Review);
        go_to(&mut m, Screen::Payment);
        let comments = m
            .rows(Screen::Payment)
            .iter()
            .position(|r| r.path() == "comments")
            .unwrap();
        focus(&mut m, comments);
        m
    });
}

#[test]
fn help_at_every_size() {
    snap("fit_help", |size| {
        let mut m = model(size);
        m.show_overlay(Overlay::Help);
        m
    });
    snap("fit_help_scrolled", |size| {
        let mut m = model(size);
        update(
            &mut m,
            Msg::Key(key_event(
                KeyCode::F(1),
                crossterm::event::KeyModifiers::NONE,
            )),
        );
        for _ in 0..200 {
            press(&mut m, KeyCode::Down);
        }
        m
    });
}

#[test]
fn the_help_pages_to_its_end_and_says_what_is_left() {
    let mut m = model((80, 24));
    update(
        &mut m,
        Msg::Key(key_event(
            KeyCode::F(1),
            crossterm::event::KeyModifiers::NONE,
        )),
    );
    let says =
        |text: &str, arrow: &str| (1..300).any(|n| text.contains(&format!("{arrow} {n} more")));
    let first = render(&m);
    assert!(says(&first, "↓"), "{first}");
    let mut pages = 0;
    while says(&render(&m), "↓") {
        press(&mut m, KeyCode::PageDown);
        pages += 1;
        assert!(pages < 20, "PgDn does not reach the end:\n{}", render(&m));
    }
    let end = render(&m);
    assert!(pages >= 2, "{pages} pages");
    assert!(
        end.contains("one insert; only the CSR and comments keep newlines"),
        "{end}"
    );
    assert!(says(&end, "↑"), "{end}");
    for _ in 0..pages {
        press(&mut m, KeyCode::PageUp);
    }
    assert!(render(&m).contains("│Anywhere"), "{}", render(&m));
}

#[test]
fn review_marks_the_selection_by_text_and_reads_its_problem_in_full() {
    let mut m = model((60, 20));
    m.set_theme(Theme::for_env(Some("1")));
    go_to(&mut m, Screen::Review);
    press(&mut m, KeyCode::Char('n'));
    let (_, row) = m.review_rows()[m.review.selected()];
    let error = m
        .shown(row)
        .into_iter()
        .find(|d| d.is_error())
        .expect("n selects a field with an error")
        .message
        .clone();
    let text = render(&m);
    let selected: Vec<&str> = text.lines().filter(|l| l.contains('▸')).collect();
    assert_eq!(selected.len(), 1, "{text}");
    assert!(selected[0].contains("▸✗"), "{text}");
    let inside: Vec<String> = text
        .lines()
        .map(|l| l.trim_matches('"').trim_matches('│').to_owned())
        .collect();
    assert!(
        words(&inside.join(" ")).contains(&words(&error)),
        "{error:?} not in full:\n{text}"
    );
}

#[test]
fn a_long_notice_reads_in_full_at_80x24() {
    let mut m = model((80, 24));
    let text = "could not write /home/someone/a/rather/deep/folder/of/exports/order-document_signing_org_1.json: \
                permission denied (os error 13); choose another folder with the export prompt";
    m.say(crate::tui::navigation::error(text.to_owned()));
    let screen = render(&m);
    let inside: Vec<String> = screen
        .lines()
        .map(|l| l.trim_matches('"').to_owned())
        .collect();
    assert!(words(&inside.join(" ")).contains(&words(text)), "{screen}");
    // The footer stays.
    assert!(screen.contains("F1 help"), "{screen}");
}
