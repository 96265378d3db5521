//! Orders: the tracked orders with their live status, and the selected one's timeline.

use crate::tui::view::canvas::Canvas;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};

use crate::order::RequestStatus;
use crate::tui::app::{Model, TrackedOrder};
use crate::tui::theme::clock;
use crate::tui::theme::{ERROR_MARK, OK_MARK, UNTOUCHED_MARK};

/// Attempts whose outcome is unknown, above everything else: they may be orders nobody follows.
fn unsettled<'m>(frame: &mut Canvas<'m, '_>, body: Rect, model: &'m Model) -> Rect {
    if model.orders.unsettled.is_empty() {
        return body;
    }
    let t = model.theme();
    let mut lines = vec![Line::styled(
        "These may have placed an order. Look each up among the account's recent orders; \
         never send it again blindly:",
        t.error,
    )];
    for entry in &model.orders.unsettled {
        let flags = crate::ordering::endpoint_flags(entry);
        lines.push(Line::raw(format!(
            "{} {} ({})",
            entry.attempt_id,
            crate::ordering::when(entry.created_at),
            entry.label
        )));
        lines.push(Line::styled(
            format!("  certwiz orders settle {}{flags}", entry.attempt_id),
            t.title,
        ));
    }
    // Rows the wrapped lines take (words wrap whole, so a long line may take one more).
    let room = usize::from(body.width.saturating_sub(2)).max(1);
    let rows: usize = lines
        .iter()
        .map(|l| l.width().div_ceil(room).max(1) + usize::from(l.width() > room))
        .sum();
    let wanted = u16::try_from(rows).unwrap_or(u16::MAX).saturating_add(2);
    let height = wanted.min(body.height / 2).max(3.min(body.height));
    let area = Rect::new(body.x, body.y, body.width, height);
    frame.render_widget(
        Paragraph::new(lines).wrap(Wrap { trim: false }).block(
            Block::bordered()
                .title(" Outcome unknown ")
                .border_style(t.error),
        ),
        area,
    );
    Rect::new(
        body.x,
        body.y + height,
        body.width,
        body.height.saturating_sub(height),
    )
}

/// Draws the Orders screen.
pub fn draw<'m>(frame: &mut Canvas<'m, '_>, body: Rect, model: &'m Model) {
    let t = model.theme();
    let body = unsettled(frame, body, model);
    let body = super::account_draw::tabs(frame, body, model);
    if model.orders.list == super::OrdersList::Account {
        super::account_draw::draw(frame, body, model);
        return;
    }
    if model.orders.followed.is_empty() {
        frame.render_widget(
            Paragraph::new(vec![
                Line::from(Span::styled("No orders followed yet.", t.title)),
                Line::raw("An order placed on Submit is followed here until it is decided."),
            ])
            .wrap(Wrap { trim: true }),
            body,
        );
        return;
    }
    let list_width = (body.width / 3).clamp(18, 30);
    let list = Rect::new(body.x, body.y, list_width, body.height);
    let detail = Rect::new(
        body.x + list_width,
        body.y,
        body.width - list_width,
        body.height,
    );
    let lines: Vec<Line> = model
        .orders
        .followed
        .iter()
        .enumerate()
        .map(|(i, o)| {
            let style = if i == model.orders.selected {
                t.selected
            } else {
                t.base
            };
            Line::from(Span::styled(
                format!("{} {}", o.order_id, o.status_text()),
                style,
            ))
        })
        .collect();
    frame.render_widget(
        Paragraph::new(lines).block(Block::bordered().title(" Orders ")),
        list,
    );
    if let Some(order) = model.orders.selected() {
        let mut lines = timeline(model, order);
        if !order.waits.is_empty() {
            lines.push(Line::styled("Why it waits:", t.title));
            lines.extend(order.waits.iter().map(|w| Line::raw(format!("• {w}"))));
        }
        lines.extend(super::delivery_lines::delivery(
            model,
            order,
            usize::from(detail.width.saturating_sub(2)),
        ));
        let block = Block::bordered().title(format!(" Order {} ", order.order_id));
        let inner = block.inner(detail);
        let lines = crate::tui::view::fit::fit_lines(
            lines,
            usize::from(inner.width),
            usize::from(inner.height),
            t.dim,
        );
        frame.render_widget(Paragraph::new(lines).block(block), detail);
    }
}

/// An order's timeline: pending → submitted → approved or rejected, with times, then the
/// certificate id and any passing error. Submit shows it too.
pub fn timeline(model: &Model, order: &TrackedOrder) -> Vec<Line<'static>> {
    let t = model.theme();
    let mut lines = vec![Line::raw(format!(
        "{} · request {}",
        order.product.name_id(),
        order
            .request_id
            .map(|r| r.to_string())
            .unwrap_or_else(|| "—".into())
    ))];
    let seen = |s: &str| order.timeline.iter().find(|step| step.status == s);
    let decided = match &order.request_status {
        Some(RequestStatus::Rejected) => "rejected",
        _ => "approved",
    };
    let steps = ["pending", "submitted", decided];
    // Only the steps seen, and while the order may still move, the ones to come: a step not
    // seen before one that was is not claimed (a request may go from pending straight to
    // approved), nor is one to come of an order that ended.
    let last_seen = steps.iter().rposition(|s| seen(s).is_some());
    let over = order.is_final || order.state().is_final();
    for (i, status) in steps.into_iter().enumerate() {
        let line = match seen(status) {
            Some(step) => {
                let style = if status == "rejected" { t.error } else { t.ok };
                let mark = if status == "rejected" {
                    ERROR_MARK
                } else {
                    OK_MARK
                };
                Line::from(vec![
                    Span::styled(format!("{mark} {status:<16}"), style),
                    Span::raw(step.at.map(clock).unwrap_or_default()),
                ])
            }
            None if over || last_seen.is_some_and(|l| i < l) => continue,
            None => Line::from(Span::styled(format!("{UNTOUCHED_MARK} {status}"), t.dim)),
        };
        lines.push(line);
    }
    for step in order
        .timeline
        .iter()
        .filter(|s| !["pending", "submitted", "approved", "rejected"].contains(&s.status.as_str()))
    {
        lines.push(Line::from(vec![
            Span::styled(format!("• {:<16}", step.status), t.warning),
            Span::raw(step.at.map(clock).unwrap_or_default()),
        ]));
    }
    if let Some(status) = &order.order_status {
        lines.push(Line::raw(format!("order status: {status}")));
    }
    match order.certificate_id {
        Some(id) => lines.push(Line::from(Span::styled(
            format!("certificate id: {id}"),
            t.ok,
        ))),
        None if !order.is_final => lines.push(Line::from(Span::styled(
            "certificate id: not yet (followed live)",
            t.dim,
        ))),
        None => {}
    }
    if let Some(action) = &order.busy {
        lines.push(Line::from(Span::styled(
            format!(
                "{} … sending {}",
                crate::tui::theme::spinner(model.ticks()),
                action.verb()
            ),
            t.warning,
        )));
    }
    if let Some(e) = &order.last_error {
        // A refused key or permission ends the following; saying "still following" then
        // would leave the person waiting for a change that cannot come.
        let after = if order.is_final {
            "following stopped"
        } else {
            "still following"
        };
        lines.push(Line::from(Span::styled(
            format!("{ERROR_MARK} {e} ({after})"),
            t.error,
        )));
    }
    lines
}
