//! The update function: `update(&mut Model, Msg) -> Vec<Effect>`. Pure: no I/O, no network, no
//! clock; time arrives in messages and work leaves as effects. This routes each message and key
//! to the feature it belongs to (a screen under [`super::screens`], an overlay under
//! [`super::overlays`], the [`super::autosave`]); moving around is [`super::navigation`].

pub use super::autosave::update::offer_resume;
pub use super::navigation::go_to;
pub use super::overlays::confirm::update::report_set_aside;
pub use super::screens::orders::update::follow_journal;

use crossterm::event::{KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEventKind};
use ratatui::layout::Rect;

use super::app::{Asked, Model, Overlay, Remote, SavedKind, Screen, SubmitState};
use super::autosave;
use super::commands;
use super::input::EditOp;
use super::keymap::{self, Action, Scope};
use super::layout;
use super::msg::{Effect, Msg};
use super::navigation::{ask, error, focus, info, move_focus_by};
use super::overlays::{batch, confirm, help, picker, prompt, saved};
use super::screens::{form, orders, review, submit};

/// Applies one message to the model and returns the work it asks for.
/// Whatever edits the form notes it for the autosave where it edits ([`Model::set_value`],
/// [`Model::replace_draft`]); the runtime gives the edit its time.
pub fn update(model: &mut Model, msg: Msg) -> Vec<Effect> {
    let before = model.nav.screen();
    let mut effects = dispatch(model, msg);
    if model.nav.screen() == Screen::Submit && before != Screen::Submit {
        effects.extend(submit::preflight::ahead(model));
    }
    orders::delivery::forget_codes(model);
    effects.extend(orders::account::want(model));
    effects.extend(orders::account::want_order(model));
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
            model.resized(w, h);
            // A wider terminal wraps the help into fewer lines: keep its scroll within them.
            crate::tui::overlays::help::update::scroll_help(model, 0);
            Vec::new()
        }
        Msg::Tick(at) => {
            model.tick(at);
            Vec::new()
        }
        Msg::Account(result) => {
            // The account's custom fields add rows to Payment, so the rows may shift: the focus
            // follows its row, or typing would go into another field.
            let focused = model.focused_row();
            model.set_account(match result {
                Ok(data) => Remote::Ready(data),
                Err(e) => Remote::Failed(e.message),
            });
            let effects = start_with_an_offered_product(model);
            model.revalidate();
            let rows = model.rows(model.nav.screen());
            match focused.and_then(|row| rows.iter().position(|r| *r == row)) {
                Some(i) => model.put_focus(i),
                None if focused.is_some() => {
                    let to = model.form.focus().min(rows.len().saturating_sub(1));
                    model.put_focus(to);
                    model.open_editor();
                }
                None => {}
            }
            let len = model.review_rows().len();
            model.review.keep_within(len);
            effects
        }
        Msg::ProductDetails(product, result) => {
            if product == model.draft().product {
                model.set_product_details(match result {
                    Ok(details) => Remote::Ready(details),
                    Err(e) => Remote::Failed(e.message),
                });
                model.revalidate();
            }
            Vec::new()
        }
        Msg::Placed { at, result } => submit::update::on_placed(model, at, result),
        Msg::Track(event) => orders::update::on_track(model, event),
        Msg::Delivery {
            order_id,
            want,
            result,
        } => {
            orders::delivery::on_read(model, order_id, want, result);
            Vec::new()
        }
        Msg::Downloaded { order_id, result } => {
            orders::delivery::on_downloaded(model, order_id, result);
            Vec::new()
        }
        Msg::ActionDone {
            at,
            order_id,
            what,
            result,
        } => {
            orders::update::on_action_done(model, at, order_id, what, result);
            Vec::new()
        }
        Msg::CsrFile(path, result) => {
            form::update::on_csr_file(model, path, result);
            Vec::new()
        }
        Msg::Exported(path, result) => {
            model.say(match result {
                Ok(()) => info(format!("Written to {}", path.display())),
                Err(e) => error(format!("Could not write {}: {e}", path.display())),
            });
            Vec::new()
        }
        Msg::Clock(now) => autosave::update::on_clock(model, now),
        Msg::Autosaved { taken, at, result } => {
            autosave::update::on_saved(model, taken, at, result)
        }
        Msg::Archived(result) => {
            autosave::update::on_archived(model, result);
            Vec::new()
        }
        Msg::Earlier(result) => submit::update::on_earlier(model, result),
        Msg::Preflight(key, report) => match submit::preflight::on_report(model, key, report) {
            Some(waiting) => submit::update::on_checked(model, waiting),
            None => Vec::new(),
        },
        Msg::ValidationSubmitted { org, result } => {
            submit::update::on_validation_submitted(model, org, result)
        }
        Msg::SavedListed(kind, result) => {
            saved::update::on_list(model, kind, result);
            Vec::new()
        }
        Msg::Opened(result) => saved::update::on_opened(model, result),
        Msg::SavedChanged(kind, result) => saved::update::on_done(model, kind, result),
        Msg::WhyWaits {
            order_id,
            status,
            lines,
        } => {
            orders::update::on_why(model, order_id, status, lines);
            Vec::new()
        }
        Msg::CertificatesStored { at, result } => {
            orders::account::on_stored(model, at, result);
            Vec::new()
        }
        Msg::CertificatesListed { at, result } => {
            orders::account::on_listed(model, at, result);
            Vec::new()
        }
        Msg::AccountOrder {
            at,
            order_id,
            result,
        } => {
            orders::account::on_order(model, at, order_id, result);
            Vec::new()
        }
        Msg::RenewalInfo { order_id, result } => orders::renew::on_info(model, order_id, result),
        Msg::StoreFailed(text) => {
            model.say(error(text));
            Vec::new()
        }
        Msg::Started(started) => on_started(model, *started),
    }
}

fn on_key(model: &mut Model, key: KeyEvent) -> Vec<Effect> {
    // Leaving: the last write is on its way and the wizard ends when it is answered.
    if key.kind == KeyEventKind::Release || model.autosave.is_quitting() {
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
            crossterm::event::KeyCode::Char(c) if typed && scopes.contains(&Scope::Form) => {
                Some(Action::TypeAhead(c))
            }
            _ => None,
        }
    });
    let Some(action) = action else {
        return Vec::new();
    };
    // The "too small" screen hides the form: only quitting and the help (opening it, and its
    // own keys) act there, so no key changes a field the person cannot see.
    let in_help = matches!(model.overlay(), Some(Overlay::Help));
    if too_small(model) && !in_help && !matches!(action, Action::Quit | Action::Help) {
        return Vec::new();
    }
    if action == Action::Quit {
        // Quitting while the POST is out would leave its outcome unseen: ask first.
        let asked = matches!(
            model.overlay(),
            Some(Overlay::Confirm(c)) if c.asked == Asked::Quit
        );
        if matches!(model.submit.state(), SubmitState::InFlight { .. }) && !asked {
            ask(
                model,
                "Quit while the order is being sent?".into(),
                vec![
                    "The answer has not come yet; after quitting, look the order up among the \
                     account's recent orders before ordering again."
                        .into(),
                ],
                Asked::Quit,
            );
            return Vec::new();
        }
        return autosave::update::quit(model);
    }
    if action != Action::Help {
        model.clear_notice();
    }
    match model.take_overlay() {
        None => act(model, action),
        Some(Overlay::Help) => help::update::on_key(model, action),
        Some(Overlay::Picker(p)) => picker::update::on_picker(model, p, action),
        Some(Overlay::Confirm(c)) => match confirm::update::on_key(model, c, action) {
            Some((asked, yes)) => answered(model, asked, yes),
            None => Vec::new(),
        },
        Some(Overlay::Prompt(p)) => prompt::update::on_prompt(model, p, action),
        Some(Overlay::SavedList(list)) => saved::update::on_key(model, list, action),
        Some(Overlay::Batch) => batch::update::on_key(model, action),
    }
}

/// A question's answer goes back to the feature that asked it, which decides what follows.
fn answered(model: &mut Model, asked: Asked, yes: bool) -> Vec<Effect> {
    match asked {
        Asked::Quit if yes => autosave::update::quit(model),
        Asked::Resume(draft) => autosave::update::answered(model, *draft, yes),
        Asked::DeleteSaved { kind, name } if yes => saved::update::delete(kind, name),
        Asked::Submit | Asked::SubmitDespite if yes => submit::update::send(model, false),
        Asked::Resubmit if yes => submit::update::send(model, true),
        Asked::SubmitValidation { org } => submit::update::answered_validation(model, org, yes),
        Asked::NewOrderInstead { old } => submit::update::new_order_instead(model, old, yes),
        Asked::Act {
            order_id,
            request_id,
            action,
        } if yes => orders::update::act(model, order_id, request_id, action),
        // A "no" to these leaves things as they are; a message only needed closing.
        Asked::Quit
        | Asked::DeleteSaved { .. }
        | Asked::Submit
        | Asked::SubmitDespite
        | Asked::Resubmit
        | Asked::Act { .. }
        | Asked::Dismiss => Vec::new(),
    }
}

/// A key with nothing over the screen: to the screen's feature, or moving around.
fn act(model: &mut Model, action: Action) -> Vec<Effect> {
    match action {
        Action::Help => help::update::open(model),
        Action::NextField => move_focus_by(model, 1, true),
        Action::PrevField => move_focus_by(model, -1, true),
        Action::FieldDown => move_focus_by(model, 1, false),
        Action::FieldUp => move_focus_by(model, -1, false),
        Action::NextScreen => {
            if let Some(next) = model.nav.screen().next() {
                return go_to(model, next);
            }
        }
        Action::PrevScreen | Action::Back => {
            if let Some(prev) = model.nav.screen().prev() {
                return go_to(model, prev);
            }
        }
        // Enter on Submit is its Submit binding, and Orders has none.
        Action::Activate => match model.nav.screen() {
            Screen::Review => review::update::go_to_selected(model),
            Screen::Submit | Screen::Orders => {}
            _ => return form::update::activate(model),
        },
        Action::Toggle => form::update::toggle(model),
        Action::CycleNext => return form::update::cycle(model, 1),
        Action::CyclePrev => return form::update::cycle(model, -1),
        Action::Edit(op) => return form::update::edit(model, op),
        Action::TypeAhead(c) => return form::update::type_ahead(model, c),
        Action::LoadFile => form::update::load_file(model),
        Action::ScrollDown => scroll(model, 1),
        Action::ScrollUp => scroll(model, -1),
        Action::ExportJson => review::update::ask_export_json(model),
        Action::ExportCurl => review::update::ask_export_curl(model),
        Action::Submit => return submit::update::try_submit(model),
        Action::NextError => review::update::next_error(model),
        Action::Approve | Action::Reject | Action::CancelOrder => {
            orders::update::order_action(model, action)
        }
        Action::InitCode => return orders::delivery::toggle_code(model),
        Action::CopyCode => return orders::delivery::copy_code(model),
        Action::Download => return orders::delivery::download(model),
        Action::Renew => return orders::renew::renew(model),
        Action::SwitchList => orders::account::switch(model),
        Action::Profiles => return saved::update::open_profiles(model),
        Action::Drafts => return saved::update::open(model, SavedKind::Draft),
        Action::Batch => return batch::update::open(model),
        // Only over a question or the saved list.
        Action::Quit
        | Action::Yes
        | Action::No
        | Action::SaveAs
        | Action::RenameSaved
        | Action::DeleteSaved => {}
    }
    Vec::new()
}

/// Whether the frame is too small to draw the wizard (it says so instead).
fn too_small(model: &Model) -> bool {
    layout::too_small(Rect::new(0, 0, model.size().0, model.size().1))
}

fn on_paste(model: &mut Model, text: &str) {
    if too_small(model) {
        return;
    }
    match model.overlay_mut() {
        Some(Overlay::Prompt(prompt)) => prompt::update::paste(prompt, text),
        Some(Overlay::Picker(picker)) => picker::update::paste(picker, text),
        Some(_) => {}
        None => form::update::paste(model, text),
    }
}

fn on_click(model: &mut Model, x: u16, y: u16) -> Vec<Effect> {
    let area = Rect::new(0, 0, model.size().0, model.size().1);
    if model.overlay().is_some() || layout::too_small(area) {
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
    if model.nav.screen().section().is_some() && layout::contains(areas.body, x, y) {
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
    match (model.overlay(), model.nav.screen()) {
        (Some(Overlay::Help), _) => help::update::scroll_help(model, delta),
        (None, Screen::Review) => review::update::scroll_json(model, delta),
        _ => {}
    }
}

/// A new form whose product the account does not sell starts with the first one it does (an
/// account that sells only the current products opens with them); a form with answers keeps its
/// product, and validation says at the field that the account does not sell it.
fn start_with_an_offered_product(model: &mut Model) -> Vec<Effect> {
    let Remote::Ready(account) = model.account() else {
        return Vec::new();
    };
    if !crate::store::drafts::untouched(model.draft()) {
        return Vec::new();
    }
    let Some((draft, said)) =
        crate::form::move_new_form(model.draft().product, account.products.as_deref())
    else {
        return Vec::new();
    };
    let first = draft.product;
    model.start_over(draft);
    model.say(crate::tui::app::Notice {
        text: said,
        is_error: false,
    });
    model.product_changed();
    vec![Effect::LoadProduct(first)]
}

/// What was read at start, given to the model: the journal's orders are followed (the Orders
/// screen opens unless the person has already done something), the files set aside are named,
/// then the autosaved form is offered. Returns the effects that follow the orders.
pub fn on_started(model: &mut Model, started: super::started::Started) -> Vec<Effect> {
    if let (None, Some(at)) = (model.now(), started.at) {
        model.saw_time(at);
    }
    // The settings' notice, said after the files' as before the first frame was drawn early.
    let before = model.notice().cloned();
    model.clear_notice();
    let effects = follow_journal(model, &started.journal, !started.acted);
    match (started.notice, before) {
        (Some(text), Some(before)) if !before.is_error => {
            model.say(super::app::Notice {
                text: format!("{text}; {}", before.text),
                is_error: false,
            });
        }
        (Some(text), _) => {
            model.say(super::app::Notice {
                text,
                is_error: false,
            });
        }
        (None, Some(before)) => model.say(before),
        (None, None) => {}
    }
    report_set_aside(model, &started.set_aside);
    match started.resume {
        Some(resume) => offer_resume(model, resume),
        None => super::autosave::update::release_after_start(model),
    }
    effects
}

#[cfg(test)]
mod fuzz;
#[cfg(test)]
mod tests;
