//! Subject: the person the certificate names and DigiCert validates.

use ratatui::Frame;
use ratatui::layout::Rect;

use super::draw as rows;
use crate::tui::app::Model;
use crate::tui::theme::note;

/// Draws the Subject screen.
pub fn draw(frame: &mut Frame, body: Rect, model: &Model) {
    let line = note(
        "The person named on the certificate; DigiCert calls and emails them to validate.",
        model.theme.dim,
    );
    rows::draw(frame, body, model, line);
}
