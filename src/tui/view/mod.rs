//! Pure rendering: every frame is drawn from `&Model` alone.

pub mod footer;
pub mod form;
pub mod help;
pub mod json;
pub mod overlay;
pub mod stepper;

mod certificate;
mod orders;
mod organization;
mod payment;
mod review;
mod saved;
mod shipping;
mod subject;
mod submit;

use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::app::{Model, Overlay, Screen, SubmitState};
use super::layout;

/// The spinner's frames.
const SPINNER: [&str; 8] = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧"];

/// The spinner's current frame.
pub fn spinner(model: &Model) -> &'static str {
    SPINNER[(model.ticks % SPINNER.len() as u64) as usize]
}

/// Draws the whole frame.
pub fn draw(frame: &mut Frame, model: &Model) {
    let area = frame.area();
    if layout::too_small(area) {
        draw_too_small(frame, area, model);
        return;
    }
    let areas = layout::areas(area);
    draw_header(frame, areas.header, model);
    stepper::draw(frame, areas.stepper, model);
    frame.render_widget(
        Paragraph::new("─".repeat(usize::from(area.width))).style(model.theme.dim),
        Rect::new(area.x, area.y + 2, area.width, 1),
    );
    match model.screen {
        Screen::Certificate => certificate::draw(frame, areas.body, model),
        Screen::Organization => organization::draw(frame, areas.body, model),
        Screen::Subject => subject::draw(frame, areas.body, model),
        Screen::Shipping => shipping::draw(frame, areas.body, model),
        Screen::Payment => payment::draw(frame, areas.body, model),
        Screen::Review => review::draw(frame, areas.body, model),
        Screen::Submit => submit::draw(frame, areas.body, model),
        Screen::Orders => orders::draw(frame, areas.body, model),
    }
    footer::draw_status(frame, areas.status, model);
    footer::draw(frame, areas.footer, model);
    match &model.overlay {
        Some(Overlay::Help) => help::draw(frame, area, model),
        Some(Overlay::Picker(p)) => overlay::picker(frame, area, model, p),
        Some(Overlay::Confirm(c)) => overlay::confirm(frame, area, model, c),
        Some(Overlay::Prompt(p)) => overlay::prompt(frame, area, model, p),
        Some(Overlay::SavedList(s)) => saved::draw(frame, area, model, s),
        None => {}
    }
}

fn draw_too_small(frame: &mut Frame, area: Rect, model: &Model) {
    let text = format!(
        "terminal too small (need {}×{}, have {}×{})",
        layout::MIN_WIDTH,
        layout::MIN_HEIGHT,
        area.width,
        area.height
    );
    let y = area.y + area.height / 2;
    let lines = vec![
        Line::from(Span::styled(text, model.theme.error)),
        Line::from(Span::styled(
            "enlarge it, or Ctrl-C to quit",
            model.theme.dim,
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

fn draw_header(frame: &mut Frame, area: Rect, model: &Model) {
    let t = &model.theme;
    let badge_style = if model.endpoint.live {
        t.live
    } else {
        t.sandbox
    };
    let mut spans = vec![
        Span::styled("certwiz ", t.title),
        Span::styled(format!(" {} ", model.endpoint.name()), badge_style),
        Span::raw(format!(
            "  {}/{} {}",
            model.screen.index() + 1,
            Screen::ALL.len(),
            model.screen.title()
        )),
    ];
    if matches!(model.submit, SubmitState::InFlight { .. }) {
        spans.push(Span::styled(
            format!("  {} sending", spinner(model)),
            t.warning,
        ));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// One line of text in a style, for the screens' notes.
pub fn note(text: impl Into<String>, style: Style) -> Line<'static> {
    Line::from(Span::styled(text.into(), style))
}
