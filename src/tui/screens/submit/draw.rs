//! Submit: what will be sent where, the spinner while it is in flight, then the result or the
//! error, mapped to the fields the API named.

use crate::tui::view::canvas::Canvas;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use crate::order::catalog;
use crate::tui::app::{Model, SubmitState};
use crate::tui::screens::orders::draw::timeline;
use crate::tui::theme::clock;
use crate::tui::theme::spinner;
use crate::tui::theme::{ERROR_MARK, OK_MARK, WARN_MARK};

/// Draws the Submit screen.
pub fn draw<'m>(frame: &mut Canvas<'m, '_>, body: Rect, model: &'m Model) {
    let t = model.theme();
    let badge = if model.endpoint().live {
        t.live
    } else {
        t.sandbox
    };
    let summary = super::summary::lines(model);
    let width = summary.iter().map(|(l, _)| l.len()).max().unwrap_or(0) + 1;
    let mut lines: Vec<Line> = summary
        .into_iter()
        .map(|(label, value)| {
            let label = format!("{:width$}", format!("{label}:"));
            if label.starts_with("Endpoint:") {
                // The badge in its colours, as in the header.
                Line::from(vec![
                    Span::raw(label),
                    Span::styled(format!(" {} ", model.endpoint().name()), badge),
                    Span::raw(format!(" {}", model.endpoint().base)),
                ])
            } else {
                Line::raw(format!("{label} {value}"))
            }
        })
        .collect();
    lines.push(Line::default());
    let errors = model.blocking_errors();
    if let Some(order_id) = model.submit.placed_before_change(model.draft()) {
        lines.push(Line::from(Span::styled(
            format!(
                "{OK_MARK} Order {order_id} was placed from this form before it changed (Orders \
                 follows it); the changed form is a new order."
            ),
            t.dim,
        )));
    }
    let now = super::commands::state_now(model);
    match now {
        SubmitState::Ready if errors > 0 => {
            lines.push(Line::from(Span::styled(
                format!(
                    "{ERROR_MARK} {} block submitting; Review jumps to each:",
                    crate::tui::theme::count(errors, "error", "errors")
                ),
                t.error,
            )));
            for (screen, row) in model.review_rows() {
                for d in model.shown(row).into_iter().filter(|d| d.is_error()) {
                    lines.push(Line::from(Span::styled(
                        format!("  {} › {}", screen.title(), d.message),
                        t.error,
                    )));
                }
            }
        }
        SubmitState::Ready => {
            lines.push(Line::from(Span::styled(
                "Ready. Press Enter to send; you will be asked once more.",
                t.ok,
            )));
            for (text, warns) in super::preflight::on_submit(model) {
                let style = if warns { t.warning } else { t.dim };
                let mark = if warns {
                    format!("{WARN_MARK} ")
                } else {
                    String::new()
                };
                lines.push(Line::from(Span::styled(format!("{mark}{text}"), style)));
            }
        }
        SubmitState::InFlight { since } => lines.push(Line::from(Span::styled(
            format!(
                "{} Sending{}… the wizard stays usable; the order is sent once.",
                spinner(model.ticks()),
                since
                    .map(|s| format!(" since {}", clock(s)))
                    .unwrap_or_default()
            ),
            t.warning,
        ))),
        SubmitState::Placed { order_id } => {
            lines.push(Line::from(Span::styled(
                format!("{OK_MARK} Order {order_id} placed. This form will not be sent again."),
                t.ok,
            )));
            if let Some(order) = model
                .orders
                .followed()
                .iter()
                .find(|o| o.order_id == *order_id)
            {
                lines.extend(timeline(model, order));
            }
        }
        SubmitState::Failed { message } => {
            lines.push(Line::from(Span::styled(
                format!("{ERROR_MARK} Not placed: {message}"),
                t.error,
            )));
            for e in model.form.api_errors() {
                lines.push(Line::from(Span::styled(
                    format!("  {ERROR_MARK} {}: {}", catalog::label(&e.path), e.message),
                    t.error,
                )));
            }
            lines.push(Line::raw(if model.form.api_errors().is_empty() {
                "Press Enter to send it again (it asks first)."
            } else {
                "Fix the fields marked (the stepper counts them), then press Enter to send again."
            }));
        }
        SubmitState::Unknown { message, at } => {
            lines.push(Line::from(Span::styled(
                format!(
                    "{WARN_MARK} OUTCOME UNKNOWN{}: {message}",
                    at.map(|a| format!(" ({})", clock(a))).unwrap_or_default()
                ),
                t.error,
            )));
            lines.push(Line::raw(
                "The order may have reached DigiCert. Look it up among the account's recent orders \
                 before sending again; Enter asks before it sends a second time.",
            ));
        }
    }
    let text = Paragraph::new(lines).wrap(Wrap { trim: false });
    let rows = text.line_count(body.width);
    if rows <= usize::from(body.height) || body.height < 2 {
        frame.render_widget(text, body);
        return;
    }
    // Longer than the screen: the last row says so, and where the rest can be read.
    let kept = body.height - 1;
    let hidden = rows - usize::from(kept);
    let rest = if matches!(now, SubmitState::Ready) && errors == 0 {
        "Enter's question shows them all"
    } else {
        "a taller terminal shows them"
    };
    frame.render_widget(
        text,
        Rect {
            height: kept,
            ..body
        },
    );
    frame.render_line(
        Line::from(Span::styled(
            format!("… {hidden} more lines; {rest}"),
            t.dim,
        )),
        Rect::new(body.x, body.y + kept, body.width, 1),
    );
}
