//! Update-function tests: validation timing, Back, paste, pickers, keys, and the submit state
//! machine fed with fake results.

use crossterm::event::{
    KeyCode, KeyEventKind, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};

use crate::order::Product;
use crate::tui::app::{Model, Overlay, Row, Screen};
use crate::tui::fixtures::*;
use crate::tui::layout;
use crate::tui::msg::{Effect, Msg};
use crate::tui::update::{go_to, update};

#[test]
fn errors_appear_after_leaving_and_clear_once_fixed() {
    let mut m = model((80, 24));
    go_to(&mut m, Screen::Subject);
    assert!(
        errors(&m, "subject.name").is_empty(),
        "not flagged before it is left"
    );
    focus_path(&mut m, "subject.email");
    assert!(
        errors(&m, "subject.name").is_empty(),
        "passing over an empty field does not touch it"
    );
    type_text(&mut m, "rene@");
    assert!(
        errors(&m, "subject.email").is_empty(),
        "not while typing the first time"
    );
    press(&mut m, KeyCode::Tab);
    assert_eq!(errors(&m, "subject.email").len(), 1, "flagged once left");
    press(&mut m, KeyCode::BackTab);
    type_text(&mut m, "yahoo.com");
    assert!(
        errors(&m, "subject.email").is_empty(),
        "cleared on the keystroke that fixes it"
    );
    press(&mut m, KeyCode::Backspace);
    type_text(&mut m, "m@");
    assert_eq!(
        errors(&m, "subject.email").len(),
        1,
        "re-checked on every keystroke"
    );
}

#[test]
fn moving_on_flags_the_screen_and_the_stepper_counts_it() {
    let mut m = model((80, 24));
    go_to(&mut m, Screen::Subject);
    assert_eq!(layout::step_mark(&m, Screen::Subject), "•");
    press(&mut m, KeyCode::PageDown);
    assert_eq!(
        m.nav.screen(),
        Screen::Shipping,
        "moving past errors is allowed"
    );
    assert_eq!(layout::step_mark(&m, Screen::Subject), "✗4");
    assert_eq!(layout::step_mark(&m, Screen::Payment), "○");
    ctrl(&mut m, 'n');
    assert_eq!(m.nav.screen(), Screen::Payment);
}

#[test]
fn back_keeps_values() {
    let mut m = model((80, 24));
    go_to(&mut m, Screen::Subject);
    type_text(&mut m, "Rene Pierce");
    press(&mut m, KeyCode::PageUp);
    assert_eq!(m.nav.screen(), Screen::Organization);
    press(&mut m, KeyCode::Esc);
    assert_eq!(m.nav.screen(), Screen::Certificate);
    press(&mut m, KeyCode::Esc);
    assert_eq!(
        m.nav.screen(),
        Screen::Certificate,
        "Esc on the first screen does nothing"
    );
    ctrl(&mut m, 'n');
    ctrl(&mut m, 'n');
    assert_eq!(m.draft().get("subject.name"), "Rene Pierce");
    assert_eq!(
        m.form.editor().map(|e| e.text()).as_deref(),
        Some("Rene Pierce")
    );
}

#[test]
fn paste_is_normalised_per_field() {
    let mut m = model((80, 24));
    go_to(&mut m, Screen::Shipping);
    update(&mut m, Msg::Paste("Erin\r\nGuerra\n".into()));
    assert_eq!(m.draft().get("ship_info.name"), "Erin Guerra");
    go_to(&mut m, Screen::Payment);
    focus_path(&mut m, "comments");
    update(&mut m, Msg::Paste("line one\r\nline two".into()));
    assert_eq!(m.draft().get("comments"), "line one\nline two");
    go_to(&mut m, Screen::Certificate);
    focus_path(&mut m, "certificate.csr");
    update(&mut m, Msg::Paste(RSA2048.replace('\n', "\r\n")));
    assert_eq!(m.draft().get("certificate.csr"), RSA2048);
    let info: Vec<_> = m
        .shown(row("certificate.csr"))
        .iter()
        .map(|d| d.message.clone())
        .collect();
    assert!(info[0].contains("RSA 2048-bit"), "{info:?}");
}

#[test]
fn wide_characters_are_typed_whole() {
    let mut m = model((80, 24));
    go_to(&mut m, Screen::Subject);
    type_text(&mut m, "東京 🙂");
    press(&mut m, KeyCode::Left);
    type_text(&mut m, "x");
    assert_eq!(m.draft().get("subject.name"), "東京 x🙂");
    let frame = render(&m);
    assert!(frame.contains("東京 x🙂"), "{frame}");
}

#[test]
fn keys_outside_and_inside_text_fields() {
    let mut m = model((80, 24));
    go_to(&mut m, Screen::Subject);
    type_text(&mut m, "q?");
    assert_eq!(
        m.draft().get("subject.name"),
        "q?",
        "q and ? are typed in a field"
    );
    assert!(!m.autosave.is_quitting());
    let release = crossterm::event::KeyEvent {
        kind: KeyEventKind::Release,
        ..key_event(KeyCode::Char('z'), KeyModifiers::NONE)
    };
    update(&mut m, Msg::Key(release));
    assert_eq!(
        m.draft().get("subject.name"),
        "q?",
        "key releases are ignored"
    );
    go_to(&mut m, Screen::Certificate);
    press(&mut m, KeyCode::Char('?'));
    assert!(matches!(m.overlay(), Some(Overlay::Help)));
    press(&mut m, KeyCode::Esc);
    assert!(m.overlay().is_none());
    press(&mut m, KeyCode::F(1));
    assert!(matches!(m.overlay(), Some(Overlay::Help)));
    press(&mut m, KeyCode::F(1));
    // The typed "q?" is written before leaving.
    assert!(matches!(
        press(&mut m, KeyCode::Char('q')).as_slice(),
        [Effect::SaveOnQuit(..), Effect::Quit]
    ));
    let mut m = model((80, 24));
    go_to(&mut m, Screen::Subject);
    assert_eq!(
        ctrl(&mut m, 'c'),
        vec![Effect::Quit],
        "Ctrl-C quits from a field"
    );
}

#[test]
fn readline_keys_edit_the_field() {
    let mut m = model((80, 24));
    go_to(&mut m, Screen::Subject);
    type_text(&mut m, "Rene Pierce");
    ctrl(&mut m, 'w');
    assert_eq!(m.draft().get("subject.name"), "Rene ");
    ctrl(&mut m, 'a');
    ctrl(&mut m, 'k');
    assert!(!m.draft().has("subject.name"));
    ctrl(&mut m, 'y');
    assert_eq!(m.draft().get("subject.name"), "Rene ");
}

#[test]
fn pickers_set_values_and_search() {
    let mut m = model((80, 24));
    go_to(&mut m, Screen::Organization);
    press(&mut m, KeyCode::Enter);
    type_text(&mut m, "labs");
    press(&mut m, KeyCode::Enter);
    assert_eq!(m.draft().get("organization.id"), "334456");
    assert!(m.overlay().is_none());
    assert_eq!(
        m.form.editor().unwrap().text(),
        "334456",
        "the input shows the pick"
    );
    focus_path(&mut m, "user_id_assignments");
    press(&mut m, KeyCode::Enter);
    press(&mut m, KeyCode::Char(' '));
    press(&mut m, KeyCode::Down);
    press(&mut m, KeyCode::Char(' '));
    press(&mut m, KeyCode::Enter);
    assert_eq!(m.draft().get("user_id_assignments"), "10, 11");
    go_to(&mut m, Screen::Shipping);
    focus_path(&mut m, "ship_info.country");
    press(&mut m, KeyCode::Enter);
    type_text(&mut m, "us");
    press(&mut m, KeyCode::Enter);
    assert_eq!(m.draft().get("ship_info.country"), "us");
    press(&mut m, KeyCode::Enter);
    press(&mut m, KeyCode::Esc);
    assert_eq!(
        m.draft().get("ship_info.country"),
        "us",
        "Esc closes without changing"
    );
}

/// With nothing matching the search, the footer offers no Enter, so Enter does nothing: the
/// picker stays open with its search (it closed quietly, throwing the search away).
#[test]
fn enter_with_nothing_matching_keeps_the_picker_and_its_search() {
    let mut m = model((80, 24));
    go_to(&mut m, Screen::Shipping);
    focus_path(&mut m, "ship_info.country");
    press(&mut m, KeyCode::Enter);
    type_text(&mut m, "zzz");
    assert!(render(&m).contains("nothing matches"), "{}", render(&m));
    let before = m.draft().get("ship_info.country").to_string();
    assert!(press(&mut m, KeyCode::Enter).is_empty());
    assert!(matches!(m.overlay(), Some(Overlay::Picker(p)) if p.query == "zzz"));
    assert_eq!(m.draft().get("ship_info.country"), before);
    press(&mut m, KeyCode::Backspace);
    press(&mut m, KeyCode::Backspace);
    press(&mut m, KeyCode::Backspace);
    type_text(&mut m, "germ");
    press(&mut m, KeyCode::Enter);
    assert!(m.overlay().is_none());
    assert_eq!(m.draft().get("ship_info.country"), "de");
}

#[test]
fn choices_cycle_and_a_new_product_loads_its_details() {
    let mut m = model((80, 24));
    let effects = press(&mut m, KeyCode::Right);
    assert_eq!(m.draft().product, Product::DocumentSigningOrg2);
    assert_eq!(
        effects,
        vec![Effect::LoadProduct(Product::DocumentSigningOrg2)]
    );
    focus_path(&mut m, "use_org_as_common_name");
    press(&mut m, KeyCode::Char(' '));
    assert_eq!(m.draft().get("use_org_as_common_name"), "false");
    focus_path(&mut m, "cs_provisioning_method");
    press(&mut m, KeyCode::Left);
    assert_eq!(m.draft().get("cs_provisioning_method"), "email");
    assert!(m.rows(Screen::Shipping).is_empty(), "shipping is skipped");
}

#[test]
fn mouse_selects_steps_and_fields() {
    let mut m = model((80, 24));
    let areas = layout::areas(ratatui::layout::Rect::new(0, 0, 80, 24));
    let cells = layout::stepper_cells(&m, areas.stepper);
    let subject = cells.iter().find(|c| c.screen == Screen::Subject).unwrap();
    let click = |x, y| {
        Msg::Mouse(MouseEvent {
            kind: MouseEventKind::Down(MouseButton::Left),
            column: x,
            row: y,
            modifiers: KeyModifiers::NONE,
        })
    };
    update(&mut m, click(subject.x + 1, areas.stepper.y));
    assert_eq!(m.nav.screen(), Screen::Subject);
    let (_, email) = layout::form_rows(&m, areas.body)[3];
    update(&mut m, click(email.x + 2, email.y));
    assert_eq!(m.focused_row(), Some(row("subject.email")));
}

#[test]
fn json_scrolling_stops_at_the_end() {
    let mut m = documented((80, 24));
    go_to(&mut m, Screen::Review);
    for _ in 0..50 {
        press(&mut m, KeyCode::Char('J'));
    }
    let end = m.review.json_scroll();
    assert!(end > 0 && end < 50, "{end}");
    press(&mut m, KeyCode::Char('K'));
    assert_eq!(
        m.review.json_scroll(),
        end - 3,
        "scrolling back starts at once"
    );
}

/// With the account's product list read, the product's picker and ←/→ offer the account's
/// document signing products with its names and allowed validity, and a product it does not
/// sell is an error at the product; before the list (or without it) all five are offered.
#[test]
fn the_product_choices_follow_the_accounts_list() {
    let mut m = model((100, 30));
    let before = crate::form::choices::choices(Row::Product, &m.facts()).unwrap();
    assert_eq!(before.items.len(), Product::ALL.len());
    // A form with an answer keeps its product when the list arrives (an untouched one starts
    // with the first product sold: screens/form/tests/current_products.rs).
    crate::form::set_value(row("subject.name"), m.draft_mut(), "Rene Pierce");
    let mut account = account();
    account.products = Some(
        serde_json::from_value(serde_json::json!([
            {"name_id": "code_signing", "name": "Code Signing", "allowed_validity_years": [1, 2, 3]},
            {"name_id": "ds_individual", "name": "DS Individual", "allowed_validity_years": [1]},
            {"name_id": "ds_org", "name": "DS Organization", "allowed_validity_years": ["1", "2"]}
        ]))
        .unwrap(),
    );
    // A form with an answer keeps its product (a new one would start with one the account sells:
    // `a_new_form_starts_with_a_product_the_account_sells`).
    m.draft_mut().set("subject.name", "Rene Pierce");
    update(&mut m, Msg::Account(Ok(account.clone())));
    let product_errors = |m: &Model| -> Vec<String> {
        m.form
            .diagnostics()
            .iter()
            .filter(|d| d.path == "product" && d.is_error())
            .map(|d| d.message.clone())
            .collect()
    };
    assert_eq!(
        product_errors(&m),
        [
            "Document Signing (Organization) 2000 (document_signing_org_1) is not offered by this \
          account: it offers ds_individual, ds_org"
        ]
    );
    focus_path(&mut m, "product");
    m.flag("product".into());
    assert!(
        render(&m).contains("is not offered by this account"),
        "shown at the field: {}",
        render(&m)
    );
    press(&mut m, KeyCode::Enter);
    let picker = render(&m);
    assert!(picker.contains("DS Individual, 1 year"), "{picker}");
    assert!(picker.contains("DS Organization, 1 or 2 years"), "{picker}");
    assert!(
        picker.contains("2 of 2"),
        "code signing and the unlisted products are left out: {picker}"
    );
    press(&mut m, KeyCode::Esc);
    let effects = press(&mut m, KeyCode::Right);
    assert_eq!(
        m.draft().product,
        Product::DsIndividual,
        "→ takes the first"
    );
    assert_eq!(effects, vec![Effect::LoadProduct(Product::DsIndividual)]);
    assert!(product_errors(&m).is_empty());
    press(&mut m, KeyCode::Right);
    assert_eq!(m.draft().product, Product::DsOrg);
    press(&mut m, KeyCode::Right);
    assert_eq!(
        m.draft().product,
        Product::DsIndividual,
        "only the listed ones"
    );
}

/// An unreadable product list is one quiet line on Certificate, no error, and all five products
/// are offered.
#[test]
fn an_unread_product_list_is_one_quiet_line_and_all_five_are_offered() {
    let mut m = model((100, 30));
    let mut account = account();
    account.unread.push((
        crate::tui::services::AccountPart::Products,
        "CertCentral had trouble while listing the account's products (HTTP 500)".into(),
    ));
    update(&mut m, Msg::Account(Ok(account)));
    let screen = render(&m);
    assert!(
        screen.contains("(product list not read: CertCentral decides what it sells)"),
        "{screen}"
    );
    assert!(!screen.contains("HTTP 500"), "{screen}");
    assert!(!m.form.diagnostics().iter().any(|d| d.path == "product"));
    let listed = crate::form::choices::choices(Row::Product, &m.facts()).unwrap();
    assert_eq!(listed.items.len(), Product::ALL.len());
}

/// Issue 18: with an account that sells only the current products, a new form starts with the
/// first of them, says so, and loads its details; a form with answers keeps its product.
#[test]
fn a_new_form_starts_with_a_product_the_account_sells() {
    let mut m = model((100, 30));
    assert_eq!(m.draft().product, Product::default());
    let mut account = account();
    account.products = Some(
        serde_json::from_value(serde_json::json!([
            {"name_id": "ds_individual", "name": "DS Individual", "allowed_validity_years": [1]},
            {"name_id": "ds_org", "name": "DS Organization", "allowed_validity_years": [1, 2]}
        ]))
        .unwrap(),
    );
    let effects = update(&mut m, Msg::Account(Ok(account.clone())));
    assert_eq!(m.draft().product, Product::DsIndividual);
    assert_eq!(*m.draft(), crate::form::new_draft(Product::DsIndividual));
    assert!(
        matches!(
            effects.as_slice(),
            [Effect::LoadProduct(Product::DsIndividual)]
        ),
        "{effects:?}"
    );
    let notice = m
        .notice()
        .as_ref()
        .map(|n| n.text.clone())
        .unwrap_or_default();
    assert_eq!(
        notice,
        "This account does not sell document_signing_org_1: the form starts with Document Signing for Individual (ds_individual)"
    );
    assert!(
        !m.form.diagnostics().iter().any(|d| d.path == "product"),
        "{:?}",
        m.form.diagnostics()
    );
    // A form with answers is not changed.
    let mut typed = model((100, 30));
    typed.draft_mut().set("subject.name", "Rene Pierce");
    update(&mut typed, Msg::Account(Ok(account)));
    assert_eq!(typed.draft().product, Product::default());
}
