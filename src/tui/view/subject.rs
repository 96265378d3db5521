//! Subject: the person the certificate names and DigiCert validates.

use ratatui::Frame;
use ratatui::layout::Rect;

use super::{form, note};
use crate::tui::app::Model;

/// Draws the Subject screen.
pub fn draw(frame: &mut Frame, body: Rect, model: &Model) {
    let line = note(
        "The person named on the certificate; DigiCert calls and emails them to validate.",
        model.theme.dim,
    );
    form::draw(frame, body, model, line);
}
