//! Certificate: product, provisioning, hash, server platform, validity, organization as common
//! name, and the CSR (whose key is shown once it parses).

use crate::tui::view::canvas::Canvas;
use ratatui::layout::Rect;

use super::draw as rows;
use crate::tui::app::{Model, Remote};
use crate::tui::services::AccountPart;
use crate::tui::theme::note;

/// Draws the Certificate screen.
/// `layout`: the screen's rows laid out in `body` ([`crate::tui::layout::form_layout`]).
pub fn draw<'m>(
    frame: &mut Canvas<'m, '_>,
    body: Rect,
    model: &'m Model,
    layout: crate::tui::layout::FormLayout,
) {
    let t = model.theme();
    let unlisted = model
        .account()
        .ready()
        .is_some_and(|a| !a.has_read(AccountPart::Products));
    let line = match model.product_details() {
        // The product list only narrows the product choice: without it all five are offered
        // and CertCentral decides whether it sells the one chosen.
        _ if unlisted => note(
            "What to order. (product list not read: CertCentral decides what it sells)",
            t.dim,
        ),
        Remote::Loading => note(
            "What to order, and how it reaches its key. (loading product details…)",
            t.dim,
        ),
        // Product details only refine the checks (validity years, platforms); CertCentral checks
        // the order anyway, so not having them is a quiet note, not an error over the form.
        Remote::Failed(_) => note(
            "What to order, and how it reaches its key. (product details not read)",
            t.dim,
        ),
        Remote::Ready(_) => note(
            "What to order, and how it reaches its key. * = required",
            t.dim,
        ),
    };
    rows::draw(frame, body, model, line, layout);
}
