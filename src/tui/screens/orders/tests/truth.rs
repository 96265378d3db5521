//! What the wizard says is true: an order's state on the Orders screen, through the update
//! function.

use crossterm::event::KeyCode;

use crate::order::RequestStatus;
use crate::tui::app::{Model, Screen};
use crate::tui::fixtures::*;
use crate::tui::keymap::Action;
use crate::tui::msg::{Effect, Msg, OrderAction};
use crate::tui::screens::orders::commands::order_action_check;
use crate::tui::update::{go_to, update};

/// The documented order placed (order 7, request 8, pending) and the Orders screen open.
fn placed() -> Model {
    let mut m = documented((80, 24));
    send_and_place(&mut m, 7, 8);
    go_to(&mut m, Screen::Orders);
    m
}

#[test]
fn a_canceled_order_is_canceled_at_once_and_offers_no_decision() {
    let mut m = placed();
    assert_eq!(m.orders.followed()[0].status_text(), "pending");
    press(&mut m, KeyCode::Char('x'));
    type_text(&mut m, "duplicate");
    press(&mut m, KeyCode::Enter);
    let effects = press(&mut m, KeyCode::Char('y'));
    assert!(matches!(effects[..], [Effect::Act { .. }]), "{effects:?}");
    update(
        &mut m,
        Msg::ActionDone {
            at: t0(),
            order_id: 7,
            what: OrderAction::Cancel {
                note: "duplicate".into(),
            },
            result: Ok(()),
        },
    );
    let order = &m.orders.followed()[0];
    assert_eq!(order.status_text(), "canceled");
    assert!(order.is_final);
    for action in [Action::Approve, Action::Reject, Action::CancelOrder] {
        assert!(order_action_check(&m, action).is_err(), "{action:?}");
    }
    let screen = render(&m);
    let footer = screen.lines().rev().find(|l| !l.trim().is_empty()).unwrap();
    assert!(!footer.contains("approve"), "{footer}");
    assert!(!footer.contains("reject"), "{footer}");
    assert!(press(&mut m, KeyCode::Char('a')).is_empty());
    assert!(m.overlay().is_none());
}

#[test]
fn a_placed_form_is_never_autosaved_again() {
    let mut m = placed();
    // An autosave was written earlier, on another screen.
    m.autosave.written_at(crate::order::DraftPosition {
        screen: "Review".into(),
        field: String::new(),
    });
    // Typing after placing, then the clock: no write.
    m.autosave.note_edit();
    let now = std::time::Instant::now();
    for later in [0, 2_000, 10_000] {
        let effects = update(
            &mut m,
            Msg::Clock(now + std::time::Duration::from_millis(later)),
        );
        assert!(
            !effects.iter().any(|e| matches!(e, Effect::Autosave { .. })),
            "{effects:?}"
        );
    }
    m.autosave.note_edit();
    assert_eq!(
        crate::tui::autosave::update::quit(&mut m),
        vec![Effect::Quit],
        "not written back on quitting"
    );
    let dir = tempfile::tempdir().unwrap();
    let note = crate::tui::autosave::update::kept_note(&m, &dir.path().join("autosave.json"));
    assert_eq!(note, None);
}

#[test]
fn kept_is_said_only_when_the_file_holds_the_form() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("autosave.json");
    let m = documented((80, 24));
    assert_eq!(
        crate::tui::autosave::update::kept_note(&m, &path),
        None,
        "no file: nothing is kept"
    );
    let file = crate::order::DraftFile::new(m.draft().clone());
    std::fs::write(&path, serde_json::to_string(&file).unwrap()).unwrap();
    let note = crate::tui::autosave::update::kept_note(&m, &path).unwrap();
    assert!(note.contains("the form is kept in"), "{note}");
    let mut other = m.clone();
    *other.draft_mut() = crate::order::Draft::new(m.draft().product);
    other.draft_mut().set("subject.name", "Someone Else");
    assert_eq!(
        crate::tui::autosave::update::kept_note(&other, &path),
        None,
        "the file holds another form"
    );
}

const KEY: &str =
    "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----\n";

#[test]
fn a_private_key_for_the_csr_is_refused_and_never_kept() {
    let mut m = documented((80, 24));
    let before = m.draft().get("certificate.csr").to_owned();
    // Ctrl-O's file.
    update(&mut m, Msg::CsrFile("key.pem".into(), Ok(KEY.into())));
    assert_eq!(m.draft().get("certificate.csr"), before);
    let notice = m.notice().cloned().unwrap();
    assert!(
        notice.is_error && notice.text.contains("PRIVATE KEY"),
        "{notice:?}"
    );
    // A paste into the field.
    go_to(&mut m, Screen::Certificate);
    let row = m
        .rows(Screen::Certificate)
        .iter()
        .position(|r| r.is_csr())
        .unwrap();
    m.put_focus(row);
    m.open_editor();
    update(&mut m, Msg::Paste(KEY.into()));
    assert!(!m.draft().get("certificate.csr").contains("PRIVATE"));
    assert!(
        m.notice()
            .as_ref()
            .unwrap()
            .text
            .contains("Nothing of it was kept")
    );
    assert!(
        m.form
            .editor()
            .is_none_or(|e| !e.text().contains("PRIVATE"))
    );
    // The draft itself never takes it, whatever the front end.
    let mut draft = m.draft().clone();
    draft.set("certificate.csr", KEY);
    assert!(!draft.get("certificate.csr").contains("PRIVATE"));
    assert!(
        !serde_json::to_string(m.draft())
            .unwrap()
            .contains("PRIVATE")
    );
}

fn footer(m: &Model) -> String {
    crate::tui::commands::footer(m)
        .iter()
        .map(|c| format!("{} {}", c.key.name(), c.word))
        .collect::<Vec<_>>()
        .join("  ")
}

#[test]
fn footer_keys_are_offered_only_where_they_act() {
    // Review without errors: no "next error"; with one: offered.
    let mut m = documented((80, 24));
    go_to(&mut m, Screen::Review);
    assert_eq!(m.blocking_errors(), 0);
    assert!(!footer(&m).contains("next error"), "{}", footer(&m));
    let mut bad = model((80, 24));
    bad.flag_all();
    go_to(&mut bad, Screen::Review);
    assert!(footer(&bad).contains("next error"), "{}", footer(&bad));
    // Submit while errors block sending: Enter does not submit, so it is not offered.
    go_to(&mut bad, Screen::Submit);
    assert!(bad.blocking_errors() > 0);
    assert!(!footer(&bad).contains("submit"), "{}", footer(&bad));
    go_to(&mut m, Screen::Submit);
    assert!(footer(&m).contains("submit"), "{}", footer(&m));
}

#[test]
fn help_lists_f4_only_with_a_batch_open() {
    let text = |batch: bool| {
        crate::tui::overlays::help::draw::lines(documented((80, 24)).theme(), 70, batch)
            .iter()
            .map(|l| l.to_string())
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert!(!text(false).contains("F4"), "{}", text(false));
    assert!(text(true).contains("F4"));
}

#[test]
fn a_request_approved_straight_from_pending_claims_no_submitted_step() {
    let mut m = placed();
    update(
        &mut m,
        Msg::Track(crate::tui::services::TrackUpdate {
            order_id: 7,
            at: t0(),
            order_status: Some(crate::order::OrderStatus::Pending),
            request_id: Some(8),
            request_status: Some(RequestStatus::Approved),
            certificate_id: None,
            is_final: true,
            error: None,
        }),
    );
    let screen = render(&m);
    assert!(screen.contains("approved"), "{screen}");
    assert!(!screen.contains("between checks"), "{screen}");
    assert!(!screen.contains("submitted"), "{screen}");
}

#[test]
fn users_that_could_not_be_read_are_not_zero_users() {
    let mut m = bare((100, 30));
    let mut account = account();
    account.users = None;
    account.unread.push((
        crate::tui::services::AccountPart::Users,
        "permission denied".into(),
    ));
    update(&mut m, Msg::Account(Ok(account)));
    go_to(&mut m, Screen::Organization);
    let screen = render(&m);
    assert!(!screen.contains("0 users"), "{screen}");
    assert!(screen.contains("users not readable"), "{screen}");
}

#[test]
fn the_csr_star_and_its_required_error_agree() {
    let mut m = model((100, 30));
    let mut details = product_details();
    details.csr_required = Some(true);
    let product = m.draft().product;
    update(&mut m, Msg::ProductDetails(product, Ok(details)));
    let csr = crate::order::catalog::FieldId::Csr.spec();
    let error = m
        .form
        .diagnostics()
        .iter()
        .any(|d| d.path == csr.path && d.is_error());
    assert!(error, "the product requires a CSR");
    assert_eq!(m.label(crate::tui::app::Row::Field(csr)), "CSR *");
}

#[test]
fn a_batch_reviewed_on_its_base_has_the_bases_values() {
    use crate::tui::overlays::batch::BatchReview;
    let csv = "subject.name,subject.email\nAnn Lee,ann.lee@example.com\n";
    let path = std::path::Path::new("signers.csv");
    let base = documented((80, 24)).draft().clone();
    let bare = BatchReview::read(path, csv).unwrap();
    assert_eq!(bare.rows[0].draft.get("organization.id"), "");
    let on_base = BatchReview::read_on(path, csv, Some(base)).unwrap();
    let row = &on_base.rows[0].draft;
    assert_eq!(row.get("organization.id"), "334455");
    assert_eq!(row.get("subject.name"), "Ann Lee");
}

#[test]
fn country_search_puts_the_closest_name_first() {
    use crate::tui::overlays::picker::{PickItem, Picker};
    let picker = |query: &str| Picker {
        title: "Country".into(),
        target: crate::tui::app::Row::Product,
        items: crate::order::country::all()
            .iter()
            .map(|c| PickItem {
                value: c.code.to_lowercase(),
                label: c.name.into(),
                meaning: String::new(),
            })
            .collect(),
        query: query.into(),
        cursor: 0,
        ticked: None,
    };
    let p = picker("united st");
    let hits: Vec<&str> = p.matching().iter().map(|i| i.value.as_str()).collect();
    assert_eq!(hits[0], "us", "{hits:?}");
    let p = picker("de");
    assert_eq!(p.matching()[0].value, "de", "the code itself first");
    let p = picker("ger");
    assert_eq!(p.matching()[0].value, "de", "Germany starts with it");
}

#[test]
fn exports_name_digicerts_url_and_the_whole_path() {
    let m = documented((80, 24));
    assert!(!m.endpoint().live);
    let effects = crate::tui::screens::review::update::export(&m, true, "order.sh".into());
    let [Effect::WriteFile { path, contents }] = effects.as_slice() else {
        panic!("{effects:?}")
    };
    assert!(path.is_absolute(), "{path:?}");
    assert!(path.ends_with("order.sh"));
    assert!(!contents.contains("127.0.0.1"), "{contents}");
    assert!(
        contents.contains("https://www.digicert.com/services/v2/order/certificate/"),
        "{contents}"
    );
    let effects = crate::tui::screens::review::update::export(&m, false, "~/order.json".into());
    let [Effect::WriteFile { path, .. }] = effects.as_slice() else {
        panic!("{effects:?}")
    };
    assert_eq!(
        path,
        &std::path::PathBuf::from("~/order.json"),
        "expanded when written"
    );
}

#[test]
fn on_a_vt100_a_cut_value_does_not_end_in_a_full_stop() {
    let mut buf = ratatui::buffer::Buffer::empty(ratatui::layout::Rect::new(0, 0, 12, 1));
    buf.set_string(0, 0, "Document S…", ratatui::style::Style::default());
    crate::tui::theme::to_ascii(&mut buf);
    let line: String = buf.content.iter().map(|c| c.symbol()).collect();
    assert_eq!(line.trim_end(), "Document S~");
}

#[test]
fn a_live_order_needs_y_not_enter() {
    let mut m = documented((80, 24));
    m.set_live(true);
    go_to(&mut m, Screen::Submit);
    press(&mut m, KeyCode::Enter);
    assert!(matches!(
        m.overlay(),
        Some(crate::tui::app::Overlay::Confirm(_))
    ));
    let screen = render(&m);
    assert!(!screen.contains("y / Enter yes"), "{screen}");
    let effects = press(&mut m, KeyCode::Enter);
    assert!(
        !effects
            .iter()
            .any(|e| matches!(e, Effect::PlaceOrder { .. } | Effect::CheckEarlier(_))),
        "{effects:?}"
    );
    assert!(
        matches!(m.overlay(), Some(crate::tui::app::Overlay::Confirm(_))),
        "still asking"
    );
    let effects = press(&mut m, KeyCode::Char('y'));
    assert!(!effects.is_empty(), "y places it");
}

#[test]
fn f3s_drafts_are_cut_with_an_ellipsis_at_80_columns() {
    use crate::tui::app::{Overlay, SavedItem, SavedKind, SavedList};
    let mut m = documented((80, 24));
    m.close_editor();
    let name = "unfinished document_signing_org_1 Rene Pierce School Counselor";
    let summary = "Rene Pierce, org 334455, division 221122, ship_token, 2 years, \
                   document_signing_org_1, Richmond US";
    m.show_overlay(Overlay::SavedList(SavedList {
        kind: SavedKind::Draft,
        items: Some(vec![SavedItem {
            name: name.into(),
            summary: summary.into(),
            saved_at: Some(t0()),
        }]),
        cursor: 0,
    }));
    let screen = render(&m);
    let row = screen.lines().find(|l| l.contains("unfinished")).unwrap();
    assert!(row.contains('…'), "{row}");
    assert!(row.contains("saved 2026-"), "the time is whole: {row}");
    let under = screen
        .lines()
        .find(|l| l.contains("Rene Pierce, org"))
        .unwrap();
    assert!(under.contains('…'), "{under}");
}

#[test]
fn reviews_json_pane_cuts_a_csr_line_with_an_ellipsis() {
    let mut m = documented((80, 40));
    let csr = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/csr/rsa2048.pem"
    ))
    .unwrap();
    m.draft_mut().set("cs_provisioning_method", "email");
    m.draft_mut().set("certificate.csr", csr.trim_end());
    m.revalidate();
    go_to(&mut m, Screen::Review);
    // Scroll the JSON pane to the CSR line.
    let mut seen = false;
    for _ in 0..20 {
        let screen = render(&m);
        if let Some(line) = screen.lines().find(|l| l.contains("\"csr\"")) {
            assert!(line.contains('…'), "{line}");
            seen = true;
            break;
        }
        crate::tui::screens::review::update::scroll_json(&mut m, 1);
    }
    assert!(seen, "the CSR line was shown");
}

#[test]
fn a_downloaded_certificates_path_is_one_line_in_the_box() {
    let mut m = placed();
    let order = &mut m.orders.followed_mut()[0];
    order.order_status = Some(crate::order::OrderStatus::Issued);
    order.request_status = Some(RequestStatus::Approved);
    order.is_final = true;
    order.delivery.provisioning = Some(crate::tui::screens::orders::Provisioning::Email);
    let path = "/home/someone/.local/share/certwiz/certificates/sandbox/order-7-document_signing_org_1.pem";
    order.delivery.downloaded = Some(Ok(crate::tui::msg::Downloaded {
        path: path.into(),
        certificates: 2,
        linked: true,
        already_there: false,
    }));
    let screen = render(&m);
    let line = screen
        .lines()
        .find(|l| l.contains("order-7-document_signing_org_1.pem"))
        .unwrap_or_else(|| panic!("{screen}"));
    assert!(line.contains('…'), "{line}");
    assert!(
        !screen.lines().any(|l| l.contains("/home/someone")),
        "no wrapped piece of the path: {screen}"
    );
    assert!(screen.contains("printed when certwiz quits"), "{screen}");
}

/// Declining "Send this order AGAIN?" after another certwiz sent the form meanwhile: nothing
/// is marked at any field, so Submit must not say to fix the fields marked.
#[test]
fn a_send_declined_with_no_field_errors_does_not_ask_to_fix_fields() {
    let mut m = documented((80, 24));
    go_to(&mut m, Screen::Submit);
    m.submit.set_for_test(crate::tui::app::SubmitState::Failed {
        message: "Not sent: this form was sent meanwhile (20261205T215931Z-2a32773d); asked again"
            .into(),
    });
    assert!(m.form.api_errors().is_empty());
    let screen = render(&m);
    assert!(!screen.contains("Fix the fields marked"), "{screen}");
    assert!(
        screen.contains("Press Enter to send it again (it asks first)."),
        "{screen}"
    );
}

#[test]
fn a_picker_whose_search_matches_nothing_offers_no_choice() {
    let mut m = model((80, 24));
    go_to(&mut m, Screen::Shipping);
    focus_path(&mut m, "ship_info.country");
    press(&mut m, KeyCode::Enter);
    type_text(&mut m, "zzz");
    let screen = render(&m);
    assert!(screen.contains("nothing matches"), "{screen}");
    assert!(!screen.contains("Enter choose"), "{screen}");
    assert!(screen.contains("Esc close"), "{screen}");
    // A search that matches again offers the choice again, in the box and the footer.
    press(&mut m, KeyCode::Backspace);
    press(&mut m, KeyCode::Backspace);
    press(&mut m, KeyCode::Backspace);
    type_text(&mut m, "united");
    let screen = render(&m);
    assert_eq!(screen.matches("Enter choose").count(), 2, "{screen}");
}

#[test]
fn the_batch_review_names_the_command_with_its_base_and_endpoint() {
    use crate::tui::overlays::batch::BatchReview;
    let csv = "subject.name,subject.email\nAnn Lee,ann.lee@example.com\n";
    let base = documented((80, 24)).draft().clone();
    let review = BatchReview::read_on(std::path::Path::new("my signers.csv"), csv, Some(base))
        .unwrap()
        .submitted_with(
            [
                "--base",
                "base draft.json",
                "--profile",
                "subject:Rene's",
                "--sandbox",
            ]
            .map(String::from)
            .to_vec(),
        );
    assert_eq!(
        review.submit_command(),
        r#"certwiz submit --batch 'my signers.csv' --base 'base draft.json' --profile 'subject:Rene'\''s' --sandbox"#
    );
    let review_line = review.submit_command();
    let mut m = model((200, 60));
    m.batch.open(review);
    m.show_overlay(crate::tui::app::Overlay::Batch);
    let screen = render(&m);
    assert!(screen.contains(&review_line), "{screen}");
}
