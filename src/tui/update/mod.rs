//! The update function: `update(&mut Model, Msg) -> Vec<Effect>`. Pure: no I/O, no network, no
//! clock; time arrives in messages and work leaves as effects. Pickers and prompts are in
//! [`picker`]; submitting and following orders in [`submit`].

mod autosave;
mod picker;
mod saved;
mod start;
mod submit;

pub use super::choices::picker_for;
pub use start::{follow_journal, offer_resume, report_set_aside};
pub use submit::may_send;

use crossterm::event::{
    KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEventKind,
};
use ratatui::layout::Rect;

use super::app::{
    Model, Notice, Overlay, PromptPurpose, Remote, Row, SavedKind, Screen, SubmitState, YesAction,
};
use super::commands;
use super::input::{EditOp, Lines};
use super::keymap::{self, Action, Scope};
use super::layout;
use super::msg::{Effect, Msg};
use crate::order::Product;
use crate::order::catalog::FieldKind;
use picker::{ask, on_picker, on_prompt, open_prompt};
use submit::{on_placed, on_track, on_yes, order_action, try_submit};

/// Applies one message to the model and returns the work it asks for.
pub fn update(model: &mut Model, msg: Msg) -> Vec<Effect> {
    if let Msg::Clock(now) = msg {
        return autosave::on_clock(model, now);
    }
    // Any change to the form, whatever message made it, is due for the autosave.
    let before = model.draft.clone();
    let effects = dispatch(model, msg);
    if model.draft != before {
        model.autosave.edited = true;
    }
    effects
}

fn dispatch(model: &mut Model, msg: Msg) -> Vec<Effect> {
    match msg {
        Msg::Key(key) => on_key(model, key),
        Msg::Paste(text) => {
            on_paste(model, &text);
            Vec::new()
        }
        Msg::Mouse(mouse) => match mouse.kind {
            MouseEventKind::Down(MouseButton::Left) => on_click(model, mouse.column, mouse.row),
            MouseEventKind::ScrollDown => {
                scroll(model, 1);
                Vec::new()
            }
            MouseEventKind::ScrollUp => {
                scroll(model, -1);
                Vec::new()
            }
            _ => Vec::new(),
        },
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
            // The account's custom fields are listed before the multi-line fields, so the rows
            // shift: the focus follows its row, or typing would go into another field.
            let focused = model.focused_row();
            model.account = match result {
                Ok(data) => Remote::Ready(data),
                Err(e) => Remote::Failed(e.message),
            };
            model.revalidate();
            let rows = model.rows(model.screen);
            match focused.and_then(|row| rows.iter().position(|r| *r == row)) {
                Some(i) => model.focus = i,
                None if focused.is_some() => {
                    model.focus = model.focus.min(rows.len().saturating_sub(1));
                    model.open_editor();
                }
                None => {}
            }
            model.review_selected = model
                .review_selected
                .min(model.review_rows().len().saturating_sub(1));
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
        Msg::Clock(now) => autosave::on_clock(model, now),
        Msg::Autosaved { taken, at, result } => {
            autosave::on_saved(model, taken, at, result);
            Vec::new()
        }
        Msg::Archived(result) => {
            autosave::on_archived(model, result);
            Vec::new()
        }
        Msg::Earlier(result) => submit::on_earlier(model, result),
        Msg::SavedListed(kind, result) => {
            saved::on_list(model, kind, result);
            Vec::new()
        }
        Msg::Opened(result) => saved::on_opened(model, result),
        Msg::SavedChanged(kind, result) => saved::on_done(model, kind, result),
        Msg::StoreFailed(text) => {
            model.notice = Some(error(text));
            Vec::new()
        }
    }
}

pub(super) fn info(text: String) -> Notice {
    Notice {
        text,
        is_error: false,
    }
}

pub(super) fn error(text: String) -> Notice {
    Notice {
        text,
        is_error: true,
    }
}

fn on_key(model: &mut Model, key: KeyEvent) -> Vec<Effect> {
    if key.kind == KeyEventKind::Release {
        return Vec::new();
    }
    let scopes = commands::scopes(model);
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
            Some(Overlay::Confirm(c)) if c.on_yes == YesAction::Quit
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
                YesAction::Quit,
            );
            return Vec::new();
        }
        return autosave::quit(model);
    }
    if action != Action::Help {
        model.notice = None;
    }
    match model.overlay.take() {
        None => act(model, action),
        Some(Overlay::Help) => {
            match action {
                Action::ScrollDown => scroll_help(model, 1),
                Action::ScrollUp => scroll_help(model, -1),
                Action::Back | Action::Help => return close_overlay(model),
                _ => {}
            }
            model.overlay = Some(Overlay::Help);
            Vec::new()
        }
        Some(Overlay::Picker(picker)) => on_picker(model, picker, action),
        Some(Overlay::Confirm(confirm)) => match action {
            Action::Yes if confirm.needs_y() && key.code != KeyCode::Char('y') => {
                model.notice = Some(error("Press y to send it again, or n to keep it".into()));
                model.overlay = Some(Overlay::Confirm(confirm));
                Vec::new()
            }
            Action::Yes => {
                close_overlay(model);
                on_yes(model, confirm.on_yes)
            }
            Action::No | Action::Back => {
                close_overlay(model);
                if matches!(confirm.on_yes, YesAction::Resume(_)) {
                    return autosave::start_new(model);
                }
                Vec::new()
            }
            _ => {
                model.overlay = Some(Overlay::Confirm(confirm));
                Vec::new()
            }
        },
        Some(Overlay::Prompt(prompt)) => on_prompt(model, prompt, action),
        Some(Overlay::SavedList(saved)) => saved::on_shelf(model, saved, action),
    }
}

pub(super) fn close_overlay(model: &mut Model) -> Vec<Effect> {
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
        Action::ScrollDown => scroll(model, 1),
        Action::ScrollUp => scroll(model, -1),
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
        Action::Submit => return try_submit(model),
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
        Action::Profiles => return saved::open_profiles(model),
        Action::Drafts => return saved::open(model, SavedKind::Draft),
        Action::Quit
        | Action::Yes
        | Action::No
        | Action::SaveAs
        | Action::RenameSaved
        | Action::DeleteSaved => {}
    }
    Vec::new()
}

/// Moves focus on a form (Tab wraps; arrows stop at the ends), in Review's list, or in Orders.
pub(super) fn move_focus_by(model: &mut Model, delta: isize, wrap: bool) {
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

pub(super) fn step_index(at: usize, delta: isize, len: usize, wrap: bool) -> usize {
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
pub(super) fn focus(model: &mut Model, to: usize) {
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
pub(super) fn choose(model: &mut Model, row: Row, value: &str) -> Vec<Effect> {
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

/// The mouse wheel scrolls the help, or Review's JSON.
fn scroll(model: &mut Model, delta: i16) {
    match (&model.overlay, model.screen) {
        (Some(Overlay::Help), _) => scroll_help(model, delta),
        (None, Screen::Review) => {
            // Stop at the end of the body, so scrolling back starts at once.
            let lines = serde_json::to_string_pretty(&model.draft.to_body())
                .map(|t| t.lines().count())
                .unwrap_or(0) as u16;
            let areas = layout::areas(Rect::new(0, 0, model.size.0, model.size.1));
            let (_, pane) = layout::review_panes(areas.body);
            let max = lines.saturating_sub(pane.height.saturating_sub(2));
            model.json_scroll = model.json_scroll.saturating_add_signed(delta * 3).min(max);
        }
        _ => {}
    }
}

fn scroll_help(model: &mut Model, delta: i16) {
    let lines: usize = keymap::help_sections()
        .iter()
        .map(|(_, b)| b.len() + 1)
        .sum::<usize>()
        + 4;
    let max = (lines as u16).saturating_sub(model.size.1.saturating_sub(4));
    model.help_scroll = model.help_scroll.saturating_add_signed(delta).min(max);
}
