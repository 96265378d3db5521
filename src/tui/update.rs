//! The update function: `update(&mut Model, Msg) -> Vec<Effect>`. Pure: no I/O, no network, no
//! clock; time arrives in messages and work leaves as effects.

use std::collections::BTreeSet;
use std::path::PathBuf;

use crossterm::event::{KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEventKind};
use ratatui::layout::Rect;

use super::app::{
    Confirm, Model, Notice, Overlay, Pending, PickItem, Picker, Prompt, PromptPurpose, Remote, Row,
    Screen, Step, SubmitState, TrackedOrder,
};
use super::input::{EditOp, Lines, TextInput};
use super::keymap::{self, Action, Scope};
use super::msg::{Effect, Msg, OrderAction};
use super::services::{Failure, Placed, ServiceError, TrackEvent};
use super::view::layout;
use crate::order::catalog::{FieldKind, PROVISIONING_METHODS};
use crate::order::draft::parse_id_list;
use crate::order::validate::Diagnostic;
use crate::order::{Product, country};

/// Applies one message to the model and returns the work it asks for.
pub fn update(model: &mut Model, msg: Msg) -> Vec<Effect> {
    match msg {
        Msg::Key(key) => on_key(model, key),
        Msg::Paste(text) => {
            on_paste(model, &text);
            Vec::new()
        }
        Msg::Mouse(mouse) => {
            if let MouseEventKind::Down(MouseButton::Left) = mouse.kind {
                return on_click(model, mouse.column, mouse.row);
            }
            Vec::new()
        }
        Msg::Resize(w, h) => {
            model.size = (w, h);
            Vec::new()
        }
        Msg::Tick(at) => {
            model.now = Some(at);
            model.ticks = model.ticks.wrapping_add(1);
            Vec::new()
        }
        Msg::Account(result) => {
            model.account = match result {
                Ok(data) => Remote::Ready(data),
                Err(e) => Remote::Failed(e.message),
            };
            model.revalidate();
            Vec::new()
        }
        Msg::ProductDetails(product, result) => {
            if product == model.draft.product {
                model.product_details = match result {
                    Ok(details) => Remote::Ready(details),
                    Err(e) => Remote::Failed(e.message),
                };
                model.revalidate();
            }
            Vec::new()
        }
        Msg::Placed { at, result } => on_placed(model, at, result),
        Msg::Track(event) => {
            on_track(model, event);
            Vec::new()
        }
        Msg::ActionDone {
            at,
            order_id,
            what,
            result,
        } => {
            model.now = Some(at);
            if let Some(order) = model.orders.iter_mut().find(|o| o.order_id == order_id) {
                order.busy = None;
            }
            model.notice = Some(match result {
                Ok(()) => Notice {
                    text: format!("Order {order_id}: {}", what.done()),
                    is_error: false,
                },
                Err(e) => Notice {
                    text: format!("Order {order_id}: could not {}: {}", what.verb(), e.message),
                    is_error: true,
                },
            });
            Vec::new()
        }
        Msg::CsrFile(path, result) => {
            match result {
                Ok(text) => {
                    let text = text.replace("\r\n", "\n");
                    if let Some(f) = crate::order::catalog::field("certificate.csr") {
                        let row = Row::Field(f);
                        model.set_value(row, text.trim_end());
                        model.flagged.insert(row.path());
                        model.open_editor();
                    }
                    model.notice = Some(info(format!("CSR loaded from {}", path.display())));
                }
                Err(e) => model.notice = Some(error(format!("{}: {e}", path.display()))),
            }
            Vec::new()
        }
        Msg::Exported(path, result) => {
            model.notice = Some(match result {
                Ok(()) => info(format!("Written to {}", path.display())),
                Err(e) => error(format!("Could not write {}: {e}", path.display())),
            });
            Vec::new()
        }
    }
}

fn info(text: String) -> Notice {
    Notice {
        text,
        is_error: false,
    }
}

fn error(text: String) -> Notice {
    Notice {
        text,
        is_error: true,
    }
}

/// The key scopes in force, most specific first; the footer shows the same list.
pub fn scopes(model: &Model) -> Vec<Scope> {
    let mut scopes = match &model.overlay {
        Some(Overlay::Help) => vec![Scope::HelpOverlay],
        Some(Overlay::Picker(p)) if p.ticked.is_some() => vec![Scope::Picker, Scope::MultiPicker],
        Some(Overlay::Picker(_)) => vec![Scope::Picker],
        Some(Overlay::Confirm(_)) => vec![Scope::Confirm],
        Some(Overlay::Prompt(_)) => vec![Scope::Prompt, Scope::Text],
        None => match model.screen {
            Screen::Review => vec![Scope::Review, Scope::Browsing, Scope::Global],
            Screen::Submit => vec![Scope::Submit, Scope::Browsing, Scope::Global],
            Screen::Orders => vec![Scope::Orders, Scope::Browsing, Scope::Global],
            _ => match model.editor.as_ref().map(TextInput::lines) {
                Some(Lines::Multi) => {
                    let csr = model
                        .focused_row()
                        .is_some_and(|r| r.path() == "certificate.csr");
                    let mut s = if csr {
                        vec![Scope::CsrField]
                    } else {
                        Vec::new()
                    };
                    s.extend([Scope::Multiline, Scope::Text, Scope::Global]);
                    s
                }
                Some(Lines::Single) => vec![Scope::Text, Scope::Global],
                None => vec![Scope::Form, Scope::Browsing, Scope::Global],
            },
        },
    };
    scopes.push(Scope::Always);
    scopes
}

fn on_key(model: &mut Model, key: KeyEvent) -> Vec<Effect> {
    if key.kind == KeyEventKind::Release {
        return Vec::new();
    }
    let scopes = scopes(model);
    let action = keymap::resolve(&scopes, &key).or_else(|| {
        let typed = key.modifiers - KeyModifiers::SHIFT == KeyModifiers::NONE;
        match key.code {
            crossterm::event::KeyCode::Char(c) if typed && scopes.contains(&Scope::Text) => {
                Some(Action::Edit(EditOp::Insert(c)))
            }
            crossterm::event::KeyCode::Char(c) if typed && scopes.contains(&Scope::Picker) => {
                Some(Action::Edit(EditOp::Insert(c)))
            }
            _ => None,
        }
    });
    let Some(action) = action else {
        return Vec::new();
    };
    if action == Action::Quit {
        // Quitting while the POST is out would leave its outcome unseen: ask first.
        let asked = matches!(
            &model.overlay,
            Some(Overlay::Confirm(c)) if c.on_yes == Pending::Quit
        );
        if matches!(model.submit, SubmitState::InFlight { .. }) && !asked {
            ask(
                model,
                "Quit while the order is being sent?".into(),
                vec![
                    "The answer has not come yet; after quitting, look the order up among the \
                     account's recent orders before ordering again."
                        .into(),
                ],
                Pending::Quit,
            );
            return Vec::new();
        }
        model.quitting = true;
        return vec![Effect::Quit];
    }
    if action != Action::Help {
        model.notice = None;
    }
    match model.overlay.take() {
        None => act(model, action),
        Some(Overlay::Help) => {
            match action {
                Action::ScrollDown => model.help_scroll = model.help_scroll.saturating_add(1),
                Action::ScrollUp => model.help_scroll = model.help_scroll.saturating_sub(1),
                Action::Back | Action::Help => return close_overlay(model),
                _ => {}
            }
            model.overlay = Some(Overlay::Help);
            Vec::new()
        }
        Some(Overlay::Picker(picker)) => on_picker(model, picker, action),
        Some(Overlay::Confirm(confirm)) => match action {
            Action::Yes => {
                close_overlay(model);
                on_yes(model, confirm.on_yes)
            }
            Action::No | Action::Back => close_overlay(model),
            _ => {
                model.overlay = Some(Overlay::Confirm(confirm));
                Vec::new()
            }
        },
        Some(Overlay::Prompt(prompt)) => on_prompt(model, prompt, action),
    }
}

fn close_overlay(model: &mut Model) -> Vec<Effect> {
    model.overlay = None;
    model.open_editor();
    Vec::new()
}

fn act(model: &mut Model, action: Action) -> Vec<Effect> {
    match action {
        Action::Help => {
            model.help_scroll = 0;
            model.editor = None;
            model.overlay = Some(Overlay::Help);
        }
        Action::NextField => move_focus_by(model, 1, true),
        Action::PrevField => move_focus_by(model, -1, true),
        Action::FieldDown => move_focus_by(model, 1, false),
        Action::FieldUp => move_focus_by(model, -1, false),
        Action::NextScreen => {
            if let Some(next) = model.screen.next() {
                return go_to(model, next);
            }
        }
        Action::PrevScreen | Action::Back => {
            if let Some(prev) = model.screen.prev() {
                return go_to(model, prev);
            }
        }
        Action::Activate => return activate(model),
        Action::Toggle => toggle(model),
        Action::CycleNext => return cycle(model, 1),
        Action::CyclePrev => return cycle(model, -1),
        Action::Edit(op) => return edit(model, op),
        Action::LoadFile => {
            if model
                .focused_row()
                .is_some_and(|r| r.path() == "certificate.csr")
            {
                open_prompt(
                    model,
                    PromptPurpose::CsrFile,
                    "Load the CSR from a file",
                    "path of a PEM file",
                    "",
                );
            }
        }
        Action::ScrollDown => model.json_scroll = model.json_scroll.saturating_add(3),
        Action::ScrollUp => model.json_scroll = model.json_scroll.saturating_sub(3),
        Action::ExportJson => open_prompt(
            model,
            PromptPurpose::ExportJson,
            "Export the JSON body",
            "file to write",
            "certwiz-order.json",
        ),
        Action::ExportCurl => open_prompt(
            model,
            PromptPurpose::ExportCurl,
            "Export a curl command",
            "file to write; the key is read from $DIGICERT_API_KEY",
            "certwiz-order.sh",
        ),
        Action::Submit => try_submit(model),
        Action::NextError => {
            let rows = model.review_rows();
            let len = rows.len();
            let next = (1..=len)
                .map(|d| (model.review_selected + d) % len.max(1))
                .find(|i| model.shown(rows[*i].1).iter().any(|d| d.is_error()));
            match next {
                Some(i) => model.review_selected = i,
                None => model.notice = Some(info("No field has an error".into())),
            }
        }
        Action::Approve | Action::Reject | Action::CancelOrder => order_action(model, action),
        Action::Quit | Action::Yes | Action::No => {}
    }
    Vec::new()
}

/// Moves focus on a form (Tab wraps; arrows stop at the ends), in Review's list, or in Orders.
fn move_focus_by(model: &mut Model, delta: isize, wrap: bool) {
    match model.screen {
        Screen::Review => {
            let len = model.review_rows().len();
            model.review_selected = step_index(model.review_selected, delta, len, wrap);
        }
        Screen::Orders => {
            model.selected_order =
                step_index(model.selected_order, delta, model.orders.len(), wrap);
        }
        Screen::Submit => {}
        _ => {
            let len = model.rows(model.screen).len();
            let to = step_index(model.focus, delta, len, wrap);
            focus(model, to);
        }
    }
}

fn step_index(at: usize, delta: isize, len: usize, wrap: bool) -> usize {
    if len == 0 {
        return 0;
    }
    let next = at as isize + delta;
    if wrap {
        next.rem_euclid(len as isize) as usize
    } else {
        next.clamp(0, len as isize - 1) as usize
    }
}

/// Focuses a row, flagging the one left.
fn focus(model: &mut Model, to: usize) {
    if to != model.focus
        && let Some(row) = model.focused_row()
    {
        model.flagged.insert(row.path());
    }
    model.focus = to;
    model.open_editor();
}

/// Moves to a screen. Moving on flags every field of the screens passed; Back keeps everything.
pub fn go_to(model: &mut Model, screen: Screen) -> Vec<Effect> {
    if let Some(row) = model.focused_row() {
        model.flagged.insert(row.path());
    }
    if screen > model.screen {
        let from = model.screen;
        for passed in Screen::ALL
            .into_iter()
            .filter(|s| *s >= from && *s < screen)
        {
            model.flag_screen(passed);
            model.visited.insert(passed);
        }
    }
    if screen >= Screen::Review {
        model.flag_all();
    }
    model.screen = screen;
    model.visited.insert(screen);
    model.focus = 0;
    model.review_selected = model
        .review_selected
        .min(model.review_rows().len().saturating_sub(1));
    model.open_editor();
    Vec::new()
}

fn activate(model: &mut Model) -> Vec<Effect> {
    match model.screen {
        Screen::Review => {
            if let Some((screen, row)) = model.review_rows().get(model.review_selected).copied() {
                go_to(model, screen);
                if let Some(i) = model.rows(screen).iter().position(|r| *r == row) {
                    model.focus = i;
                    model.open_editor();
                }
            }
            Vec::new()
        }
        Screen::Submit => {
            try_submit(model);
            Vec::new()
        }
        Screen::Orders => Vec::new(),
        _ => {
            let Some(row) = model.focused_row() else {
                return Vec::new();
            };
            if let Some(picker) = picker_for(model, row) {
                model.editor = None;
                model.overlay = Some(Overlay::Picker(picker));
                return Vec::new();
            }
            match row {
                Row::Field(f) if matches!(f.kind, FieldKind::YesNo | FieldKind::Agreement) => {
                    toggle(model);
                }
                _ => move_focus_by(model, 1, false),
            }
            Vec::new()
        }
    }
}

fn toggle(model: &mut Model) {
    let Some(Row::Field(f)) = model.focused_row() else {
        return;
    };
    let row = Row::Field(f);
    let next = match (f.kind, model.value(row).trim()) {
        (FieldKind::YesNo, "true") => "false",
        (FieldKind::YesNo, _) => "true",
        (FieldKind::Agreement, "1") => "",
        (FieldKind::Agreement, _) => "1",
        _ => return,
    };
    model.set_value(row, next);
    model.flagged.insert(row.path());
}

/// ←/→ on a choice, the product, or a yes/no.
fn cycle(model: &mut Model, delta: isize) -> Vec<Effect> {
    let Some(row) = model.focused_row() else {
        return Vec::new();
    };
    let values: Vec<String> = match row {
        Row::Product => Product::ALL
            .iter()
            .map(|p| p.name_id().to_owned())
            .collect(),
        Row::Field(f) => match f.kind {
            FieldKind::Choice { options, .. } => {
                options.iter().map(|o| o.value.to_owned()).collect()
            }
            FieldKind::YesNo => vec!["true".into(), "false".into()],
            _ => return Vec::new(),
        },
        Row::Custom(_) => return Vec::new(),
    };
    let current = model.value(row);
    let at = values
        .iter()
        .position(|v| *v == current.trim())
        .unwrap_or(0);
    let next = step_index(at, delta, values.len(), true);
    choose(model, row, &values[next])
}

/// Sets a row to a picked value; a new product reloads its details.
fn choose(model: &mut Model, row: Row, value: &str) -> Vec<Effect> {
    let before = model.draft.product;
    model.set_value(row, value);
    model.flagged.insert(row.path());
    if model.draft.product != before {
        model.product_details = Remote::Loading;
        return vec![Effect::LoadProduct(model.draft.product)];
    }
    Vec::new()
}

fn edit(model: &mut Model, op: EditOp) -> Vec<Effect> {
    let Some(row) = model.focused_row() else {
        return Vec::new();
    };
    let Some(editor) = model.editor.as_mut() else {
        return Vec::new();
    };
    match op {
        EditOp::Up if editor.on_first_line() => {
            move_focus_by(model, -1, false);
            return Vec::new();
        }
        EditOp::Down if editor.on_last_line() => {
            move_focus_by(model, 1, false);
            return Vec::new();
        }
        _ => {}
    }
    if editor.apply(op) {
        let text = editor.text();
        model.set_value(row, &text);
    }
    Vec::new()
}

fn on_paste(model: &mut Model, text: &str) {
    match model.overlay.as_mut() {
        Some(Overlay::Prompt(prompt)) => {
            prompt.input.paste(text);
        }
        Some(Overlay::Picker(picker)) => {
            picker
                .query
                .push_str(&super::input::normalise_paste(text, Lines::Single));
            picker.cursor = 0;
        }
        Some(_) => {}
        None => {
            let Some(row) = model.focused_row() else {
                return;
            };
            match model.editor.as_mut() {
                Some(editor) => {
                    if editor.paste(text) {
                        let text = editor.text();
                        model.set_value(row, &text);
                    }
                }
                None => {
                    model.notice = Some(error(
                        "This field is chosen, not typed: press Enter to pick a value".into(),
                    ))
                }
            }
        }
    }
}

/// The picker of a row, if it has one: choices with their meanings, the account's
/// organizations, divisions and users, the product's platforms, or the countries.
pub fn picker_for(model: &Model, row: Row) -> Option<Picker> {
    let item = |value: String, label: String, meaning: String| PickItem {
        value,
        label,
        meaning,
    };
    let account = model.account.ready();
    let (title, items, multi) = match row {
        Row::Product => (
            "Product".to_owned(),
            Product::ALL
                .iter()
                .map(|p| item(p.name_id().into(), p.label().into(), p.help().into()))
                .collect::<Vec<_>>(),
            false,
        ),
        Row::Custom(_) => return None,
        Row::Field(f) => {
            let title = f.label.to_owned();
            match (f.kind, f.path) {
                (FieldKind::Choice { options, .. }, _) => (
                    title,
                    options
                        .iter()
                        .map(|o| item(o.value.into(), o.label.into(), o.meaning.into()))
                        .collect(),
                    false,
                ),
                (_, "certificate.server_platform.id") => {
                    let mut items = vec![item(
                        "-1".into(),
                        "Other".into(),
                        "no particular platform".into(),
                    )];
                    if let Some(details) = model.product_details.ready() {
                        items.extend(details.server_platforms.iter().filter(|p| p.id != -1).map(
                            |p| {
                                item(
                                    p.id.to_string(),
                                    p.name.clone().unwrap_or_default(),
                                    String::new(),
                                )
                            },
                        ));
                    }
                    (title, items, false)
                }
                (_, "organization.id") => (
                    title,
                    account?
                        .organizations
                        .iter()
                        .map(|o| {
                            let place = [o.city.as_deref(), o.country.as_deref()]
                                .into_iter()
                                .flatten()
                                .collect::<Vec<_>>()
                                .join(", ");
                            item(o.id.to_string(), o.label(), place)
                        })
                        .collect(),
                    false,
                ),
                (_, "container.id") => (
                    title,
                    account?
                        .containers
                        .iter()
                        .map(|c| {
                            item(
                                c.id.to_string(),
                                c.name.clone().unwrap_or_default(),
                                String::new(),
                            )
                        })
                        .collect(),
                    false,
                ),
                (FieldKind::IdList, _) => (
                    title,
                    account?
                        .users
                        .iter()
                        .map(|u| {
                            item(
                                u.id.to_string(),
                                u.label(),
                                u.email.clone().unwrap_or_default(),
                            )
                        })
                        .collect(),
                    true,
                ),
                (FieldKind::Country, _) => (
                    title,
                    country::all()
                        .iter()
                        .map(|c| item(c.code.to_lowercase(), c.name.into(), String::new()))
                        .collect(),
                    false,
                ),
                _ => return None,
            }
        }
    };
    let current = model.value(row);
    let ticked = multi.then(|| {
        parse_id_list(&current)
            .unwrap_or_default()
            .into_iter()
            .map(|id| id.to_string())
            .collect::<BTreeSet<_>>()
    });
    let cursor = items
        .iter()
        .position(|i| i.value.eq_ignore_ascii_case(current.trim()))
        .unwrap_or(0);
    Some(Picker {
        title,
        target: row,
        items,
        query: String::new(),
        cursor,
        ticked,
    })
}

fn on_picker(model: &mut Model, mut picker: Picker, action: Action) -> Vec<Effect> {
    let count = picker.matching().len();
    match action {
        Action::Back => return close_overlay(model),
        Action::FieldDown | Action::NextField => {
            picker.cursor = step_index(picker.cursor, 1, count, false);
        }
        Action::FieldUp | Action::PrevField => {
            picker.cursor = step_index(picker.cursor, -1, count, false);
        }
        Action::Edit(EditOp::Insert(c)) => {
            picker.query.push(c);
            picker.cursor = 0;
        }
        Action::Edit(EditOp::Backspace) => {
            picker.query.pop();
            picker.cursor = 0;
        }
        Action::Toggle => {
            let value = picker
                .matching()
                .get(picker.cursor)
                .map(|i| i.value.clone());
            if let (Some(ticked), Some(value)) = (picker.ticked.as_mut(), value)
                && !ticked.remove(&value)
            {
                ticked.insert(value);
            }
        }
        Action::Activate => {
            let row = picker.target;
            let value = match &picker.ticked {
                Some(ticked) => Some(ticked.iter().cloned().collect::<Vec<_>>().join(", ")),
                None => picker
                    .matching()
                    .get(picker.cursor)
                    .map(|i| i.value.clone()),
            };
            model.overlay = None;
            let effects = match value {
                Some(v) => choose(model, row, &v),
                None => Vec::new(),
            };
            model.open_editor();
            return effects;
        }
        _ => {}
    }
    model.overlay = Some(Overlay::Picker(picker));
    Vec::new()
}

fn open_prompt(model: &mut Model, purpose: PromptPurpose, title: &str, hint: &str, text: &str) {
    model.editor = None;
    model.overlay = Some(Overlay::Prompt(Box::new(Prompt {
        title: title.into(),
        hint: hint.into(),
        input: TextInput::new(text, Lines::Single),
        purpose,
    })));
}

fn on_prompt(model: &mut Model, mut prompt: Box<Prompt>, action: Action) -> Vec<Effect> {
    match action {
        Action::Back => return close_overlay(model),
        Action::Edit(op) => {
            prompt.input.apply(op);
        }
        Action::Activate => {
            let text = prompt.input.text().trim().to_owned();
            if text.is_empty() {
                model.notice = Some(error("Type something first, or Esc to cancel".into()));
            } else {
                close_overlay(model);
                return finish_prompt(model, prompt.purpose, text);
            }
        }
        _ => {}
    }
    model.overlay = Some(Overlay::Prompt(prompt));
    Vec::new()
}

fn finish_prompt(model: &mut Model, purpose: PromptPurpose, text: String) -> Vec<Effect> {
    match purpose {
        PromptPurpose::CsrFile => vec![Effect::ReadCsr(PathBuf::from(text))],
        PromptPurpose::ExportJson | PromptPurpose::ExportCurl => {
            let body = serde_json::to_string_pretty(&model.draft.to_body()).unwrap_or_default();
            let contents = if purpose == PromptPurpose::ExportJson {
                format!("{body}\n")
            } else {
                let url = model.endpoint.base.order_url(model.draft.product);
                format!("{}\n", crate::export::curl_command(&url, &body))
            };
            vec![Effect::WriteFile {
                path: PathBuf::from(text),
                contents,
            }]
        }
        PromptPurpose::RejectComment {
            order_id,
            request_id,
        } => {
            ask(
                model,
                format!("Reject request {request_id}?"),
                vec![format!("Order {order_id}"), format!("Comment: {text}")],
                Pending::Act {
                    order_id,
                    request_id: Some(request_id),
                    action: OrderAction::Reject { comment: text },
                },
            );
            Vec::new()
        }
        PromptPurpose::CancelNote { order_id } => {
            ask(
                model,
                format!("Cancel order {order_id}?"),
                vec![format!("Note: {text}"), "This cannot be undone.".into()],
                Pending::Act {
                    order_id,
                    request_id: None,
                    action: OrderAction::Cancel { note: text },
                },
            );
            Vec::new()
        }
    }
}

fn ask(model: &mut Model, title: String, lines: Vec<String>, on_yes: Pending) {
    model.editor = None;
    model.overlay = Some(Overlay::Confirm(Confirm {
        title,
        lines,
        on_yes,
    }));
}

/// Whether the submit state allows sending (in flight or placed never does).
pub fn may_send(state: &SubmitState) -> bool {
    matches!(state, SubmitState::Ready | SubmitState::Failed { .. })
}

fn try_submit(model: &mut Model) {
    match &model.submit {
        SubmitState::InFlight { .. } => {
            model.notice = Some(error("The order is being sent; wait for the answer".into()));
            return;
        }
        SubmitState::Placed { order_id } => {
            model.notice = Some(error(format!(
                "This form was placed as order {order_id}; it is not sent twice"
            )));
            return;
        }
        _ => {}
    }
    model.flag_all();
    let errors = model.blocking_errors();
    if errors > 0 {
        model.notice = Some(error(format!(
            "{errors} error{} block submitting; Review lists them and Enter jumps to each",
            if errors == 1 { "" } else { "s" }
        )));
        return;
    }
    let d = &model.draft;
    let years = d.get("validity_years").trim().to_owned();
    let mut lines = vec![
        format!(
            "Endpoint: {} ({})",
            model.endpoint.name(),
            model.endpoint.base
        ),
        format!("Product:  {}", d.product.label()),
        format!(
            "Validity: {years} year{}",
            if years == "1" { "" } else { "s" }
        ),
        format!("Payment:  {}", d.get("payment_method").trim()),
    ];
    if model.endpoint.live {
        lines.push("This places a real order with DigiCert; it is billed.".into());
    }
    let (title, on_yes) = match &model.submit {
        SubmitState::Unknown { at, .. } => {
            lines.push(format!(
                "An earlier attempt{} may have reached DigiCert. Look for it among the \
                 account's recent orders before sending again.",
                at.map(|t| format!(" at {}", super::view::clock(t)))
                    .unwrap_or_default()
            ));
            ("Send this order AGAIN?".to_owned(), Pending::Resubmit)
        }
        _ => (
            format!("Send this order to {}?", model.endpoint.name()),
            Pending::Submit,
        ),
    };
    ask(model, title, lines, on_yes);
}

fn on_yes(model: &mut Model, pending: Pending) -> Vec<Effect> {
    match pending {
        Pending::Quit => {
            model.quitting = true;
            vec![Effect::Quit]
        }
        Pending::Submit | Pending::Resubmit => {
            let allowed = may_send(&model.submit)
                || (pending == Pending::Resubmit
                    && matches!(model.submit, SubmitState::Unknown { .. }));
            if !allowed || model.blocking_errors() > 0 {
                return Vec::new();
            }
            match model.draft.to_request() {
                Ok(body) => {
                    model.submit = SubmitState::InFlight { since: model.now };
                    model.screen = Screen::Submit;
                    vec![Effect::PlaceOrder {
                        product: model.draft.product,
                        body: Box::new(body),
                    }]
                }
                Err(e) => {
                    model.notice = Some(error(format!("The body cannot be built: {e}")));
                    Vec::new()
                }
            }
        }
        Pending::Act {
            order_id,
            request_id,
            action,
        } => {
            let Some(order) = model.orders.iter_mut().find(|o| o.order_id == order_id) else {
                return Vec::new();
            };
            if order.busy.is_some() {
                return Vec::new();
            }
            order.busy = Some(action.clone());
            vec![Effect::Act {
                order_id,
                request_id,
                action,
            }]
        }
    }
}

fn on_placed(
    model: &mut Model,
    at: time::OffsetDateTime,
    result: Result<Placed, ServiceError>,
) -> Vec<Effect> {
    model.now = Some(at);
    if !matches!(model.submit, SubmitState::InFlight { .. }) {
        return Vec::new();
    }
    match result {
        Ok(placed) => {
            model.submit = SubmitState::Placed {
                order_id: placed.order_id,
            };
            let status = placed.request_status.clone();
            let order = TrackedOrder {
                order_id: placed.order_id,
                product: model.draft.product,
                request_id: placed.request_id,
                request_status: status.clone(),
                order_status: None,
                certificate_id: placed.certificate_id,
                timeline: status
                    .map(|s| Step {
                        status: s.to_string(),
                        at: Some(at),
                    })
                    .into_iter()
                    .collect(),
                is_final: false,
                last_error: None,
                busy: None,
            };
            model.orders.insert(0, order);
            model.selected_order = 0;
            model.notice = Some(info(format!(
                "Order {} placed; it is followed on Orders",
                placed.order_id
            )));
            vec![Effect::Track {
                order_id: placed.order_id,
                request_id: placed.request_id,
            }]
        }
        Err(e) => {
            match e.failure {
                Failure::OutcomeUnknown => {
                    model.submit = SubmitState::Unknown {
                        message: e.message,
                        at: Some(at),
                    }
                }
                _ => {
                    for problem in &e.fields {
                        if let Some(path) = &problem.path {
                            model.api_errors.push(Diagnostic::error(
                                path.clone(),
                                "api",
                                format!("DigiCert: {}", problem.message),
                            ));
                            model.flagged.insert(path.clone());
                        }
                    }
                    model.submit = SubmitState::Failed { message: e.message };
                }
            }
            Vec::new()
        }
    }
}

fn on_track(model: &mut Model, event: TrackEvent) {
    model.now = Some(event.at);
    let Some(order) = model
        .orders
        .iter_mut()
        .find(|o| o.order_id == event.order_id)
    else {
        return;
    };
    if let Some(id) = event.request_id {
        order.request_id = Some(id);
    }
    if let Some(status) = event.request_status
        && order.request_status.as_ref() != Some(&status)
    {
        order.timeline.push(Step {
            status: status.to_string(),
            at: Some(event.at),
        });
        order.request_status = Some(status);
    }
    if let Some(status) = event.order_status
        && order.order_status.as_ref() != Some(&status)
    {
        if status.is_final() {
            order.timeline.push(Step {
                status: format!("order {status}"),
                at: Some(event.at),
            });
        }
        order.order_status = Some(status);
    }
    if event.certificate_id.is_some() {
        order.certificate_id = event.certificate_id;
    }
    order.is_final |= event.is_final;
    order.last_error = event.error;
}

fn order_action(model: &mut Model, action: Action) {
    let Some(order) = model.selected() else {
        model.notice = Some(error("No order is selected".into()));
        return;
    };
    let order_id = order.order_id;
    if order.busy.is_some() {
        model.notice = Some(error(format!(
            "Order {order_id}: an action is already on its way"
        )));
        return;
    }
    match action {
        Action::Approve | Action::Reject => {
            let Some(request_id) = order.request_id else {
                model.notice = Some(error(format!("Order {order_id} has no request to decide")));
                return;
            };
            if order.request_status.as_ref().is_some_and(|s| s.is_final()) {
                model.notice = Some(error(format!("Request {request_id} is already decided")));
                return;
            }
            if action == Action::Approve {
                ask(
                    model,
                    format!("Approve request {request_id}?"),
                    vec![format!("Order {order_id}")],
                    Pending::Act {
                        order_id,
                        request_id: Some(request_id),
                        action: OrderAction::Approve,
                    },
                );
            } else {
                open_prompt(
                    model,
                    PromptPurpose::RejectComment {
                        order_id,
                        request_id,
                    },
                    "Reject: a comment for the requester",
                    "why it is rejected",
                    "",
                );
            }
        }
        _ => {
            if order.is_final {
                model.notice = Some(error(format!(
                    "Order {order_id} is final; it cannot be canceled"
                )));
                return;
            }
            open_prompt(
                model,
                PromptPurpose::CancelNote { order_id },
                "Cancel: a note for the record",
                "why it is canceled",
                "",
            );
        }
    }
}

fn on_click(model: &mut Model, x: u16, y: u16) -> Vec<Effect> {
    let area = Rect::new(0, 0, model.size.0, model.size.1);
    if model.overlay.is_some() || layout::too_small(area) {
        return Vec::new();
    }
    let areas = layout::areas(area);
    if layout::contains(areas.stepper, x, y) {
        let hit = layout::stepper_cells(model, areas.stepper)
            .into_iter()
            .find(|c| x >= c.x && x < c.x + c.text.chars().count() as u16);
        if let Some(cell) = hit {
            return go_to(model, cell.screen);
        }
    }
    if model.screen.section().is_some() && layout::contains(areas.body, x, y) {
        let hit = layout::form_rows(model, areas.body)
            .into_iter()
            .find(|(_, r)| layout::contains(*r, x, y));
        if let Some((i, _)) = hit {
            focus(model, i);
        }
    }
    Vec::new()
}

/// The provisioning method's label, for the Shipping screen's note.
pub fn provisioning_label(value: &str) -> &'static str {
    PROVISIONING_METHODS
        .iter()
        .find(|o| o.value == value.trim())
        .map(|o| o.label)
        .unwrap_or("not chosen")
}
