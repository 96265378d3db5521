//! Shipping: where the hardware token goes; skipped, with the reason, unless a token is shipped.

use crate::tui::view::canvas::Canvas;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

use super::draw as rows;
use crate::order::catalog::{FieldId, ObjectId, PROVISIONING_METHODS};
use crate::tui::app::Model;
use crate::tui::theme::note;

/// Draws the Shipping screen.
/// `layout`: the screen's rows laid out in `body` ([`crate::tui::layout::form_layout`]).
pub fn draw<'m>(
    frame: &mut Canvas<'m, '_>,
    body: Rect,
    model: &'m Model,
    layout: crate::tui::layout::FormLayout,
) {
    let t = model.theme();
    if !model.ships_token() {
        let method = model.draft().get(FieldId::Provisioning);
        let mut lines: Vec<Line> = vec![
            note("Shipping is skipped.", t.title),
            Line::default(),
            Line::raw(format!(
                "The provisioning method is \"{}\" ({}), so DigiCert ships no token and needs no address.",
                provisioning_label(method),
                if method.is_empty() { "none" } else { method }
            )),
            Line::raw(
                "To have a token shipped, choose \"Ship a token\" on the Certificate screen.",
            ),
        ];
        if model.draft().object_given(ObjectId::ShipInfo) {
            lines.push(Line::default());
            lines.push(note(
                "A shipping address was typed earlier; it is kept, and sent only if you switch back.",
                t.warning,
            ));
        }
        frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), body);
        return;
    }
    let line = if model.draft().object_given(ObjectId::ShipInfo) {
        note(
            "Where DigiCert sends the token. Expedited shipping costs extra.",
            t.dim,
        )
    } else {
        note(
            "Optional: left empty, the token goes to the account's default address.",
            t.dim,
        )
    };
    rows::draw(frame, body, model, line, layout);
}

/// The provisioning method's label, for the Shipping screen's note.
pub fn provisioning_label(value: &str) -> &'static str {
    PROVISIONING_METHODS
        .iter()
        .find(|o| o.value == value.trim())
        .map(|o| o.label)
        .unwrap_or("not chosen")
}
