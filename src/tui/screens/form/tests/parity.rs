//! The wizard and plain mode build the same body from the same answers: the same answers are
//! typed into each, key by key in the wizard and line by line in plain mode, and the two bodies
//! must be byte-identical. Both read the one form model ([`crate::form`]).

use crossterm::event::KeyCode;

use crate::cli::plain::form::{Form, Snapshot};
use crate::form::{self, Row};
use crate::order::catalog::{FieldKind, Section};
use crate::order::{Draft, Product};
use crate::tui::app::{Model, Overlay, Screen};
use crate::tui::fixtures::*;
use crate::tui::msg::Msg;
use crate::tui::update::{go_to, update};

/// The same account as the wizard's fixtures, as plain mode reads it.
fn plain_account() -> Snapshot {
    // One snapshot type for both: the wizard's account with the product's details in it.
    Snapshot {
        details: vec![(Product::default(), product_details())],
        ..account()
    }
}

/// The answer each row gets: the target's value, in the form's rows.
pub(super) fn target_value(target: &Draft, row: Row) -> String {
    form::value(row, target)
}

/// Plain mode's lines for reaching `target`: for each question the form model asks, in its
/// order, Enter when the value is already right, `-` to clear, else the answer as typed.
fn plain_lines(account: &Snapshot, target: &Draft) -> Vec<String> {
    let mut draft = form::new_draft(Product::default());
    let mut lines = Vec::new();
    for section in Section::ALL {
        let mut at = 0;
        loop {
            let rows = form::rows(section, &draft, &account.facts(draft.product));
            let Some(&row) = rows.get(at) else { break };
            at += 1;
            if !form::asked(row, &draft) {
                continue;
            }
            let want = target_value(target, row);
            if want == form::value(row, &draft) {
                lines.push(String::new());
                continue;
            }
            match row {
                _ if want.is_empty() => lines.push("-".into()),
                Row::Field(f) if f.kind == FieldKind::YesNo => {
                    lines.push(if want == "true" { "yes" } else { "no" }.into())
                }
                Row::Field(f) if f.kind == FieldKind::Agreement => lines.push("yes".into()),
                _ if row.is_multiline() => {
                    lines.extend(want.lines().map(str::to_owned));
                    lines.push(".".into());
                }
                _ => lines.push(want.clone()),
            }
            form::set_value(row, &mut draft, &want);
        }
    }
    lines
}

fn run_plain(target: &Draft) -> Draft {
    let account = plain_account();
    let input: String = plain_lines(&account, target)
        .iter()
        .map(|l| format!("{l}\n"))
        .collect();
    let mut draft = crate::form::new_draft(Product::default());
    let mut out = Vec::new();
    // With defaults only, required fields stay empty and the form asks again until the input
    // ends: the draft is what was answered.
    let _ = Form::new(input.as_bytes(), &mut out, &account).fill(&mut draft, &mut |_| {});
    draft
}

/// Types `target`'s values into the wizard, screen by screen and row by row, with its keys.
fn run_wizard(target: &Draft) -> Draft {
    let mut m = model((120, 40));
    fill(&mut m, target);
    m.draft().clone()
}

/// Types the target's values in with the wizard's keys, screen by screen and row by row; a
/// product change gets its details, as the runtime would answer `LoadProduct`.
pub(super) fn fill(m: &mut Model, target: &Draft) {
    for screen in Screen::ALL.into_iter().filter(|s| s.section().is_some()) {
        go_to(m, screen);
        let mut at = 0;
        while let Some(row) = m.rows(screen).get(at).copied() {
            at += 1;
            let want = target_value(target, row);
            if want == m.value(row) {
                continue;
            }
            focus_path(m, &row.path());
            let before = m.draft().product;
            type_into(m, row, &want);
            assert_eq!(m.value(row), want, "{}", row.path());
            if m.draft().product != before {
                let product = m.draft().product;
                update(m, Msg::ProductDetails(product, Ok(product_details())));
            }
        }
    }
}

/// One row's answer with the wizard's keys: typed rows are cleared and typed, yes/no toggled,
/// choices picked from their picker by typing the value.
pub(super) fn type_into(m: &mut Model, row: Row, want: &str) {
    if m.form.editor().is_some() {
        for _ in 0..m.value(row).lines().count().max(1) {
            press(m, KeyCode::End);
            ctrl(m, 'u');
            if row.is_multiline() {
                press(m, KeyCode::Backspace);
            }
        }
        for (i, line) in want.lines().enumerate() {
            if i > 0 {
                press(m, KeyCode::Enter);
            }
            type_text(m, line);
        }
        return;
    }
    match row {
        Row::Field(f) if matches!(f.kind, FieldKind::YesNo | FieldKind::Agreement) => {
            press(m, KeyCode::Char(' '));
        }
        _ => {
            press(m, KeyCode::Enter);
            assert!(
                matches!(m.overlay(), Some(Overlay::Picker(_))),
                "{}",
                row.path()
            );
            type_text(m, want);
            press(m, KeyCode::Enter);
        }
    }
}

fn body(draft: &Draft) -> String {
    format!("{} {}", draft.product.name_id(), draft.to_body())
}

#[test]
fn the_documented_order_typed_into_each_mode_gives_the_same_bytes() {
    let (mut target, problems) = Draft::from_body(
        Product::default(),
        &serde_json::from_str(DOCUMENTED).unwrap(),
    );
    assert!(problems.is_empty());
    target.set_custom_field(1, "PO-7");
    let wizard = run_wizard(&target);
    let plain = run_plain(&target);
    assert_eq!(body(&wizard), body(&plain));
    assert_eq!(
        body(&wizard),
        body(&target),
        "and it is the documented order"
    );
}

#[test]
fn every_default_accepted_gives_the_same_bytes_in_each_mode() {
    let target = form::new_draft(Product::default());
    let wizard = run_wizard(&target);
    let plain = run_plain(&target);
    assert_eq!(body(&wizard), body(&plain));
    assert_eq!(body(&wizard), body(&target));
}
