//! Payment & approval: payment method, skip approval, the agreement, the comments for the
//! approver and the account's custom fields.

use crate::tui::view::canvas::Canvas;
use ratatui::layout::Rect;

use super::draw as rows;
use crate::tui::app::{Model, Remote};
use crate::tui::services::AccountPart;
use crate::tui::theme::{count, note};

/// Draws the Payment & approval screen.
/// `layout`: the screen's rows laid out in `body` ([`crate::tui::layout::form_layout`]).
pub fn draw<'m>(
    frame: &mut Canvas<'m, '_>,
    body: Rect,
    model: &'m Model,
    layout: crate::tui::layout::FormLayout,
) {
    let t = model.theme();
    let line = match model.account() {
        Remote::Ready(a) if !a.metadata().is_empty() => note(
            format!(
                "How it is paid and approved; the account's {} below",
                count(
                    a.metadata().iter().filter(|m| m.is_active).count(),
                    "custom field",
                    "custom fields"
                )
            ),
            t.dim,
        ),
        Remote::Loading => note(
            "How it is paid and approved. (loading custom fields…)",
            t.dim,
        ),
        Remote::Ready(a) if !a.has_read(AccountPart::Metadata) => note(
            "How it is paid and approved. (custom fields not read; CertCentral checks them)",
            t.dim,
        ),
        _ => note("How it is paid and approved.", t.dim),
    };
    rows::draw(frame, body, model, line, layout);
}
