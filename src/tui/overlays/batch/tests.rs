//! A batch file reviewed in the wizard (`certwiz --batch FILE`), through the update function:
//! every row with its errors under the account's rules, a row opened in the form on Review,
//! the batch shown again with F4, and nothing ever sent from here.

use std::path::Path;

use crossterm::event::{KeyCode, KeyModifiers};

use crate::tui::app::{Model, Overlay, Screen, SubmitState};
use crate::tui::commands;
use crate::tui::fixtures::*;
use crate::tui::msg::{Effect, Msg};
use crate::tui::overlays::batch::BatchReview;
use crate::tui::update::update;

const CSV: &str = "subject.name,subject.job_title,subject.email,subject.phone\n\
Ann Lee,Controller,ann.lee@example.com,054-139-0798\n\
\"Lee, Bo\",Counsel,bo.lee@example,054-139-0799\n";

fn reviewing(size: (u16, u16)) -> Model {
    let mut m = model(size);
    m.batch
        .open(BatchReview::read(Path::new("signers.csv"), CSV).unwrap());
    m.show_overlay(Overlay::Batch);
    m
}

fn words(m: &Model) -> Vec<&'static str> {
    commands::footer(m).into_iter().map(|c| c.word).collect()
}

fn sends(effects: &[Effect]) -> bool {
    effects
        .iter()
        .any(|e| matches!(e, Effect::PlaceOrder { .. } | Effect::CheckEarlier(_)))
}

#[test]
fn each_row_is_listed_with_its_errors_and_the_selected_rows_are_named() {
    let mut m = reviewing((100, 30));
    let screen = render(&m);
    assert!(screen.contains("Batch signers.csv: 2 rows"), "{screen}");
    assert!(screen.contains("row 1 (line 2) Ann Lee"), "{screen}");
    assert!(screen.contains("row 2 (line 3) Lee, Bo"), "{screen}");
    assert!(
        screen.contains("certwiz submit --batch signers.csv"),
        "{screen}"
    );
    assert!(
        !screen.contains("is not an email address"),
        "row 1's email is fine"
    );
    press(&mut m, KeyCode::Char('j'));
    let screen = render(&m);
    assert!(
        screen.contains("subject.email: Email: \"bo.lee@example\" is not an email"),
        "{screen}"
    );
    assert_eq!(words(&m), vec!["open row", "close", "quit"]);
    // The frame names the same keys as the footer, in the same words.
    assert!(
        render(&m).contains("Enter open row · Esc close"),
        "{}",
        render(&m)
    );
}

#[test]
fn a_row_opens_in_the_form_on_review_and_f4_shows_the_batch_again() {
    let mut m = reviewing((100, 30));
    press(&mut m, KeyCode::Down);
    let effects = press(&mut m, KeyCode::Enter);
    assert!(!sends(&effects));
    assert!(m.overlay().is_none());
    assert_eq!(m.nav.screen(), Screen::Review);
    assert_eq!(m.draft().get("subject.name"), "Lee, Bo");
    assert_eq!(m.draft().get("subject.email"), "bo.lee@example");
    let rows = m.review_rows();
    let (_, selected) = rows[m.review.selected()];
    assert!(
        m.shown(selected).iter().any(|d| d.is_error()),
        "the first field with an error is selected"
    );
    let notice = m.notice().unwrap().text.clone();
    assert!(notice.contains("Row 2 (line 3) in the form"), "{notice}");
    assert!(notice.contains("not written to the file"), "{notice}");
    assert!(words(&m).contains(&"batch"));
    update(
        &mut m,
        Msg::Key(key_event(KeyCode::F(4), KeyModifiers::NONE)),
    );
    assert!(matches!(m.overlay(), Some(Overlay::Batch)));
    assert_eq!(
        m.batch.review().unwrap().cursor,
        1,
        "the same row stays highlighted"
    );
    press(&mut m, KeyCode::Esc);
    assert!(m.overlay().is_none());
}

#[test]
fn without_a_batch_f4_is_not_offered_and_says_how() {
    let mut m = model((100, 30));
    assert!(!words(&m).contains(&"batch"));
    update(
        &mut m,
        Msg::Key(key_event(KeyCode::F(4), KeyModifiers::NONE)),
    );
    assert!(m.overlay().is_none());
    assert!(
        m.notice()
            .as_ref()
            .unwrap()
            .text
            .contains("certwiz --batch FILE")
    );
}

#[test]
fn no_row_replaces_the_form_while_an_order_is_being_sent() {
    let mut m = reviewing((100, 30));
    let before = m.draft().clone();
    m.submit
        .set_for_test(SubmitState::InFlight { since: Some(t0()) });
    press(&mut m, KeyCode::Enter);
    assert_eq!(*m.draft(), before);
    assert!(m.notice().unwrap().is_error);
}

#[test]
fn a_file_that_cannot_be_read_names_itself_and_a_broken_row_is_an_error_row() {
    let empty = BatchReview::read(Path::new("x.csv"), "").unwrap_err();
    assert_eq!(empty, "x.csv: the file holds no rows");
    let header = BatchReview::read(Path::new("x.csv"), "subject.nmae\nAnn\n").unwrap_err();
    assert!(header.starts_with("x.csv: "), "{header}");
    assert!(header.contains("subject.nmae"), "{header}");
    let mut m = model((100, 30));
    m.batch
        .open(BatchReview::read(Path::new("x.jsonl"), "{\"subject\": \n").unwrap());
    m.show_overlay(Overlay::Batch);
    let screen = render(&m);
    assert!(screen.contains("error: (row): not valid JSON"), "{screen}");
}

#[test]
fn a_row_with_a_known_defect_of_digicerts_examples_shows_the_fix_whole() {
    // A JSON Lines row pasted from the Document Signing for Organization page: its last member
    // ends with a comma. The row's problem says where and how to fix it, wrapped, not cut.
    let text = "{\"subject\": {\"name\": \"Ann Lee\"}}\n\
                {\"subject\": {\"name\": \"Bo Park\"}, \"payment_method\": \"balance\",}\n";
    let mut m = model((100, 30));
    m.batch
        .open(BatchReview::read(Path::new("signers.jsonl"), text).unwrap());
    m.show_overlay(Overlay::Batch);
    press(&mut m, KeyCode::Down);
    let screen = render(&m);
    // The overlay's inside only: what is between its borders on each line.
    let inside: Vec<&str> = screen
        .lines()
        .filter_map(|l| Some(&l[l.find('│')? + '│'.len_utf8()..l.rfind('│')?]))
        .collect();
    let shown: Vec<&str> = inside.iter().flat_map(|l| l.split_whitespace()).collect();
    let wanted = "error: (row): not valid JSON at column 62: trailing comma. The comma on line 2 \
                  is followed only by `}`: JSON allows no comma after the last item (DigiCert's \
                  published Document Signing for Organization example ends with such a comma). \
                  On line 2, change `{\"subject\": {\"name\": \"Bo Park\"}, \"payment_method\": \
                  \"balance\",}` to `{\"subject\": {\"name\": \"Bo Park\"}, \"payment_method\": \
                  \"balance\"}`.";
    let wanted: Vec<&str> = wanted.split_whitespace().collect();
    assert!(
        shown.windows(wanted.len()).any(|w| w == wanted.as_slice()),
        "{screen}"
    );
}
