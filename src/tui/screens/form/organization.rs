//! Organization: the account's organization (picked or typed as an id), division and managers.

use crate::tui::view::canvas::Canvas;
use ratatui::layout::Rect;

use super::draw as rows;
use crate::order::catalog::Section;
use crate::tui::app::{Model, Remote};
use crate::tui::services::AccountPart;
use crate::tui::theme::{count, note};

/// Draws the Organization screen.
/// `layout`: the screen's rows laid out in `body` ([`crate::tui::layout::form_layout`]).
pub fn draw<'m>(
    frame: &mut Canvas<'m, '_>,
    body: Rect,
    model: &'m Model,
    layout: crate::tui::layout::FormLayout,
) {
    let t = model.theme();
    if let Some(why) = crate::form::skipped(Section::Organization, model.draft()) {
        rows::skipped(frame, body, model, "Organization", &why);
        return;
    }
    let line = match model.account() {
        Remote::Loading => note(
            "Loading the account's organizations, divisions and users…",
            t.dim,
        ),
        Remote::Failed(e) => note(
            format!("The account could not be read ({e}); type ids instead"),
            t.warning,
        ),
        Remote::Ready(a) => note(
            format!(
                "Account: {}, {}, {} · Enter to choose",
                count(a.organizations().len(), "organization", "organizations"),
                count(a.containers().len(), "division", "divisions"),
                // Users that could not be read are not "0 users".
                if a.has_read(AccountPart::Users) {
                    count(a.users().len(), "user", "users")
                } else {
                    "users not readable".into()
                }
            ),
            t.dim,
        ),
    };
    rows::draw(frame, body, model, line, layout);
}
