//! Pure rendering: every frame is drawn from `&Model` alone. This draws the frame around the
//! screen (header, stepper, status line, footer) and asks the screen and the overlay showing to
//! draw themselves.

pub mod canvas;
pub mod detail;
pub mod fit;
pub mod footer;
pub mod stepper;
pub mod value;

use crate::tui::view::canvas::Canvas;
use ratatui::layout::{Alignment, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::app::{Model, Overlay, Screen, SubmitState};
use super::layout;
use super::overlays::{batch, confirm, help, picker, prompt, saved};
use super::screens::{form, orders, review, submit};
use super::theme::spinner;

/// Draws the whole frame.
pub fn draw<'m>(frame: &mut Canvas<'m, '_>, model: &'m Model) {
    let area = frame.area();
    if layout::too_small(area) {
        draw_too_small(frame, area, model);
        return;
    }
    let areas = layout::areas(area);
    draw_header(frame, areas.header, model);
    stepper::draw(frame, areas.stepper, model);
    frame.render_line(
        Span::styled("─".repeat(usize::from(area.width)), model.theme().dim),
        Rect::new(area.x, area.y + 2, area.width, 1),
    );
    // A form screen's rows laid out once a frame: drawn from it, and the status line asks it
    // whether the focused field's detail (which holds the field's help) is shown.
    let rows =
        (model.nav.screen().section().is_some()).then(|| layout::form_layout(model, areas.body));
    let detail_shown = rows.as_ref().is_some_and(|r| r.detail.is_some());
    match (model.nav.screen(), rows) {
        (Screen::Certificate, Some(r)) => form::certificate::draw(frame, areas.body, model, r),
        (Screen::Organization, Some(r)) => form::organization::draw(frame, areas.body, model, r),
        (Screen::Subject, Some(r)) => form::subject::draw(frame, areas.body, model, r),
        (Screen::Shipping, Some(r)) => form::shipping::draw(frame, areas.body, model, r),
        (Screen::Payment, Some(r)) => form::payment::draw(frame, areas.body, model, r),
        (Screen::Review, _) => review::draw::draw(frame, areas.body, model),
        (Screen::Submit, _) => submit::draw::draw(frame, areas.body, model),
        (Screen::Orders, _) => orders::draw::draw(frame, areas.body, model),
        // Every form screen has a section, so its layout was made above.
        (_, None) => {}
    }
    footer::draw_status(frame, areas.status, model, detail_shown);
    footer::draw(frame, areas.footer, model);
    match model.overlay() {
        Some(Overlay::Help) => help::draw::draw(frame, area, model),
        Some(Overlay::Picker(p)) => picker::draw::draw(frame, area, model, p),
        Some(Overlay::Confirm(c)) => confirm::draw::draw(frame, area, model, c),
        Some(Overlay::Prompt(p)) => prompt::draw::draw(frame, area, model, p),
        Some(Overlay::SavedList(s)) => saved::draw::draw(frame, area, model, s),
        Some(Overlay::Batch) => {
            if let Some(b) = model.batch.review() {
                batch::draw::draw(frame, area, model, b);
            }
        }
        None => {}
    }
}

fn draw_too_small<'m>(frame: &mut Canvas<'m, '_>, area: Rect, model: &'m Model) {
    let text = format!(
        "terminal too small (need {}×{}, have {}×{})",
        layout::MIN_WIDTH,
        layout::MIN_HEIGHT,
        area.width,
        area.height
    );
    let y = area.y + area.height / 2;
    let lines = vec![
        Line::from(Span::styled(text, model.theme().error)),
        Line::from(Span::styled(
            "enlarge it, or Ctrl-C to quit",
            model.theme().dim,
        )),
    ];
    let rect = Rect::new(
        area.x,
        y.saturating_sub(1).max(area.y),
        area.width,
        area.height.min(4),
    );
    frame.render_widget(
        Paragraph::new(lines)
            .alignment(Alignment::Center)
            .wrap(Wrap { trim: true }),
        rect,
    );
}

fn draw_header<'m>(frame: &mut Canvas<'m, '_>, area: Rect, model: &'m Model) {
    let t = model.theme();
    let badge_style = if model.endpoint().live {
        t.live
    } else {
        t.sandbox
    };
    let mut spans = vec![
        Span::styled("certwiz ", t.title),
        Span::styled(format!(" {} ", model.endpoint().name()), badge_style),
        Span::raw(format!(
            "  {}/{} {}",
            model.nav.screen().index() + 1,
            Screen::ALL.len(),
            model.nav.screen().title()
        )),
    ];
    if matches!(model.submit.state(), SubmitState::InFlight { .. }) {
        spans.push(Span::styled(
            format!("  {} sending", spinner(model.ticks())),
            t.warning,
        ));
    }
    frame.render_line(Line::from(spans), area);
}

#[cfg(test)]
mod tests;
