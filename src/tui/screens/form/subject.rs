//! Subject: the person the certificate names and DigiCert validates.

use crate::tui::view::canvas::Canvas;
use ratatui::layout::Rect;

use super::draw as rows;
use crate::order::catalog::Section;
use crate::tui::app::Model;
use crate::tui::theme::note;

/// Draws the Subject screen.
/// `layout`: the screen's rows laid out in `body` ([`crate::tui::layout::form_layout`]).
pub fn draw<'m>(
    frame: &mut Canvas<'m, '_>,
    body: Rect,
    model: &'m Model,
    layout: crate::tui::layout::FormLayout,
) {
    if let Some(why) = crate::form::skipped(Section::Subject, model.draft()) {
        rows::skipped(frame, body, model, "Subject", &why);
        return;
    }
    let line = note(
        "The person named on the certificate; DigiCert calls and emails them to validate.",
        model.theme().dim,
    );
    rows::draw(frame, body, model, line, layout);
}
