//! Moving around the wizard, shared by every feature's update: screens, rows, opening a question
//! or a prompt, closing an overlay, and the notices under the form. Features call these; none of
//! them calls a feature's update. Where the person is ([`Place`]) is this module's: only it
//! changes it; the form's focus, Review's selection and Orders' selection move through their
//! owners' functions ([`Model::focus_on`], [`Model::put_focus`], `ReviewState::select`,
//! `OrdersState::step`).

pub mod state;

pub use state::Place;

use super::app::{Asked, Confirm, Model, Notice, Overlay, Prompt, PromptPurpose, Screen};
use super::input::{Lines, TextInput};
use super::msg::Effect;

/// A passing message.
pub fn info(text: String) -> Notice {
    Notice {
        text,
        is_error: false,
    }
}

/// A message that says what went wrong.
pub fn error(text: String) -> Notice {
    Notice {
        text,
        is_error: true,
    }
}

/// Closes whatever covers the screen and gives the focused field its input back.
pub fn close_overlay(model: &mut Model) -> Vec<Effect> {
    model.hide_overlay();
    model.open_editor();
    Vec::new()
}

/// Moves focus on a form (Tab wraps; arrows stop at the ends), in Review's list, or in Orders.
pub fn move_focus_by(model: &mut Model, delta: isize, wrap: bool) {
    match model.nav.screen() {
        Screen::Review => {
            let len = model.review_rows().len();
            let to = step_index(model.review.selected(), delta, len, wrap);
            model.review.select(to);
        }
        Screen::Orders => model
            .orders
            .step(delta, |at, delta, len| step_index(at, delta, len, wrap)),
        Screen::Submit => {}
        _ => {
            let len = model.rows(model.nav.screen()).len();
            let to = step_index(model.form.focus(), delta, len, wrap);
            focus(model, to);
        }
    }
}

/// An index moved by `delta` in a list of `len`: wrapping around, or stopping at the ends.
pub fn step_index(at: usize, delta: isize, len: usize, wrap: bool) -> usize {
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

/// Focuses a row, flagging the one left if it was typed into (passing over a field does not
/// touch it).
pub fn focus(model: &mut Model, to: usize) {
    model.focus_on(to);
}

/// Opens a screen at start, passing none before it (nothing is flagged): the Orders screen
/// when earlier orders are followed again. Moving around is this module's; features ask.
pub fn open_at_start(model: &mut Model, screen: Screen) {
    model.nav.screen = screen;
    model.nav.visited.insert(screen);
    model.close_editor();
}

/// Moves to a screen. Moving on flags every field of the screens passed; Back keeps everything
/// and puts the focus where the person last was on that screen (or on its first field showing
/// an error).
pub fn go_to(model: &mut Model, screen: Screen) -> Vec<Effect> {
    model.leave_focused();
    let back = screen < model.nav.screen();
    if let Some(row) = model.focused_row() {
        model
            .nav
            .last_focus
            .insert(model.nav.screen(), row.path().into_owned());
    }
    if screen > model.nav.screen() {
        let from = model.nav.screen();
        for passed in Screen::ALL
            .into_iter()
            .filter(|s| *s >= from && *s < screen)
        {
            model.flag_screen(passed);
            model.nav.visited.insert(passed);
        }
    }
    if screen >= Screen::Review {
        model.flag_all();
    }
    model.nav.screen = screen;
    model.nav.visited.insert(screen);
    model.put_focus(0);
    if back {
        let rows = model.rows(screen);
        let remembered = model
            .nav
            .last_focus
            .get(&screen)
            .and_then(|path| rows.iter().position(|r| r.path() == *path));
        let first_error = || {
            rows.iter()
                .position(|r| model.shown(*r).iter().any(|d| d.is_error()))
        };
        let to = remembered.or_else(first_error).unwrap_or(0);
        model.put_focus(to);
    }
    let len = model.review_rows().len();
    model.review.keep_within(len);
    model.open_editor();
    Vec::new()
}

/// Puts the person back on `screen` as it was (nothing passed is flagged, nothing is marked
/// visited): the send question can be answered after they left Submit, and its answer shows
/// there.
pub fn back_to(model: &mut Model, screen: Screen) {
    model.nav.screen = screen;
    model.open_editor();
}

/// Goes to a saved place (a resumed autosave's): its screen, and its field if still there.
pub fn go_to_position(model: &mut Model, at: &crate::order::DraftPosition) {
    let Some(screen) = Screen::ALL
        .into_iter()
        .find(|s| format!("{s:?}") == at.screen)
    else {
        return;
    };
    go_to(model, screen);
    let to = model
        .rows(screen)
        .iter()
        .position(|r| r.path() == at.field)
        .unwrap_or(0);
    model.put_focus(to);
    model.open_editor();
}

/// Asks a yes/no question; its "yes" goes back to the feature that asked.
pub fn ask(model: &mut Model, title: String, lines: Vec<String>, asked: Asked) {
    model.close_editor();
    model.show_overlay(Overlay::Confirm(Confirm {
        title,
        lines,
        asked,
        scroll: 0,
    }));
}

/// Asks for a line of text; the text goes back to the feature that asked.
pub fn open_prompt(model: &mut Model, purpose: PromptPurpose, title: &str, hint: &str, text: &str) {
    model.close_editor();
    model.show_overlay(Overlay::Prompt(Box::new(Prompt {
        title: title.into(),
        hint: hint.into(),
        input: TextInput::new(text, Lines::Single),
        purpose,
    })));
}
