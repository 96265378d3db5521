//! Orders' two lists: the line that names them (Tab switches), and the account's certificates
//! as `certwiz certificates` prints them, soonest expiry first, with the selected one whole.

use crate::tui::view::canvas::Canvas;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};

use super::AccountOrder;
use super::listing::{OrdersList, Refresh};
use crate::order::inventory::Certificate;
use crate::tui::app::Model;
use crate::tui::view::fit::ellipsize;

/// The line naming both lists, the one shown marked; returns the rest of the body.
pub fn tabs<'m>(frame: &mut Canvas<'m, '_>, body: Rect, model: &'m Model) -> Rect {
    if body.height < 2 {
        return body;
    }
    let t = model.theme();
    let c = &model.orders.certificates;
    let account = match (&c.refresh, c.rows.len()) {
        (Refresh::NotAsked | Refresh::Listing, 0) => "Account (listing…)".to_owned(),
        (_, n) => format!("Account ({n})"),
    };
    let followed = format!("Followed here ({})", model.orders.followed.len());
    let (on, off) = (t.selected, t.dim);
    let (f, a) = match model.orders.list {
        OrdersList::Followed => (on, off),
        OrdersList::Account => (off, on),
    };
    let line = Line::from(vec![
        Span::styled(format!(" {followed} "), f),
        Span::raw(" "),
        Span::styled(format!(" {account} "), a),
    ]);
    frame.render_widget(
        Paragraph::new(ellipsize_line(line, usize::from(body.width))),
        Rect::new(body.x, body.y, body.width, 1),
    );
    Rect::new(body.x, body.y + 1, body.width, body.height - 1)
}

/// A line cut to `width` with `…` (the tabs are short; this keeps a narrow terminal honest).
fn ellipsize_line(line: Line<'static>, width: usize) -> Line<'static> {
    if line.width() <= width {
        return line;
    }
    let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
    Line::raw(ellipsize(&text, width))
}

/// Column widths for the table's inner width: order, product, subject, status, valid till,
/// days left, renewed; the product and subject share what is left.
fn columns(inner: usize) -> [usize; 7] {
    let fixed = [9, 0, 0, 9, 10, 5, 7];
    let gaps = 6;
    let rest = inner.saturating_sub(fixed.iter().sum::<usize>() + gaps);
    let product = (rest * 2 / 5).clamp(8, 22);
    // Wider than 48 the status and dates drift too far from the subject to read across.
    let subject = rest.saturating_sub(product).clamp(8, 48);
    [9, product, subject, 9, 10, 5, 7]
}

fn row_text(cells: [&str; 7], widths: [usize; 7]) -> String {
    let mut out = String::new();
    for (i, (cell, w)) in cells.iter().zip(widths).enumerate() {
        let cut = ellipsize(cell, w);
        let pad = w.saturating_sub(crate::tui::view::fit::width(&cut));
        // Days left read right-aligned, as `certwiz certificates` prints them.
        if i == 5 {
            out.push_str(&" ".repeat(pad));
            out.push_str(&cut);
        } else {
            out.push_str(&cut);
            out.push_str(&" ".repeat(pad));
        }
        if i < 6 {
            out.push(' ');
        }
    }
    out.trim_end().to_owned()
}

fn cells(c: &Certificate, model: &Model) -> [String; 7] {
    let days = model
        .now()
        .and_then(|now| c.days_left(now))
        .map(|d| d.to_string())
        .unwrap_or_else(|| "-".into());
    [
        c.order_id.to_string(),
        crate::outside::safe(&c.product).into_owned(),
        crate::outside::safe(&c.subject).into_owned(),
        crate::outside::safe(&c.status).into_owned(),
        c.valid_till.clone().unwrap_or_else(|| "-".into()),
        days,
        if c.is_renewed { "yes" } else { "no" }.to_owned(),
    ]
}

/// The account's certificates: a table, the selected one's details under it, and one quiet
/// line when the list is not a fresh listing from CertCentral.
pub fn draw<'m>(frame: &mut Canvas<'m, '_>, body: Rect, model: &'m Model) {
    let t = model.theme();
    let c = &model.orders.certificates;
    let source = super::account::source_line(model);
    let inner_width = usize::from(body.width.saturating_sub(2));
    let order_lines = order_lines(model, inner_width);
    let source_height = u16::from(source.is_some());
    // The selected one's details: its three lines and what its Order info says (wrapped), in
    // what the table leaves, or half the body when the table wants more.
    let room = inner_width.max(1);
    let wrapped: usize = order_lines
        .iter()
        .map(|l| l.width().div_ceil(room).max(1))
        .sum();
    let wanted = u16::try_from(3 + wrapped + 2).unwrap_or(u16::MAX);
    let table_wanted = u16::try_from(c.rows.len().max(1) + 3).unwrap_or(u16::MAX);
    let detail_height = if body.height >= 14 {
        let room = body.height - source_height;
        wanted
            .min(room / 2)
            .max(room.saturating_sub(table_wanted))
            .max(5)
            .min(room.saturating_sub(4))
    } else {
        0
    };
    let table_height = body
        .height
        .saturating_sub(detail_height + source_height)
        .max(3.min(body.height));
    let table = Rect::new(body.x, body.y, body.width, table_height);
    let inner = usize::from(table.width.saturating_sub(2));
    let widths = columns(inner);
    let mut lines = vec![Line::styled(
        row_text(
            [
                "ORDER",
                "PRODUCT",
                "SUBJECT",
                "STATUS",
                "VALID TILL",
                "DAYS",
                "RENEWED",
            ],
            widths,
        ),
        t.title,
    )];
    let visible = usize::from(table_height.saturating_sub(3)).max(1);
    let first = c.selected.saturating_sub(visible - 1);
    for (i, row) in c.rows.iter().enumerate().skip(first).take(visible) {
        let texts = cells(row, model);
        let texts: [&str; 7] = std::array::from_fn(|k| texts[k].as_str());
        let style = if i == c.selected { t.selected } else { t.base };
        lines.push(Line::styled(row_text(texts, widths), style));
    }
    if c.rows.is_empty() {
        let empty = match c.refresh {
            Refresh::NotAsked | Refresh::Listing => "listing the account's certificates…",
            _ => "no document signing certificates listed",
        };
        lines.push(Line::styled(empty, t.dim));
    }
    let title = if c.rows.len() > visible {
        format!(
            " Account's certificates {}/{} ",
            c.selected + 1,
            c.rows.len()
        )
    } else {
        " Account's certificates ".to_owned()
    };
    frame.render_widget(
        Paragraph::new(lines).block(Block::bordered().title(title)),
        table,
    );
    let mut y = body.y + table_height;
    if let Some(source) = source {
        frame.render_widget(
            Paragraph::new(Line::styled(
                ellipsize(&source, usize::from(body.width)),
                t.dim,
            )),
            Rect::new(body.x, y, body.width, 1),
        );
        y += 1;
    }
    if detail_height == 0 {
        return;
    }
    let Some(row) = c.selected() else {
        return;
    };
    let area = Rect::new(body.x, y, body.width, body.y + body.height - y);
    let safe = |s: &str| crate::outside::safe(s).into_owned();
    let mut lines = vec![
        Line::raw(format!("Subject: {}", safe(&row.subject))),
        Line::raw(format!(
            "Organization: {} · certificate id {}",
            if row.organization.is_empty() {
                "—".to_owned()
            } else {
                safe(&row.organization)
            },
            row.certificate_id
                .map(|id| id.to_string())
                .unwrap_or_else(|| "—".into())
        )),
        Line::raw(format!(
            "{} · {} · renewed: {}",
            safe(&row.product),
            safe(&row.status),
            if row.is_renewed { "yes" } else { "no" }
        )),
    ];
    lines.extend(order_lines);
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(Block::bordered().title(format!(" Order {} ", row.order_id))),
        area,
    );
}

/// What the selected certificate's order is now, as its Order info says (read in the
/// background to act on it), with its delivery: or that it is being read, or why it could not.
fn order_lines(model: &Model, inner: usize) -> Vec<Line<'static>> {
    let t = model.theme();
    let Some(row) = model.orders.certificates.selected() else {
        return Vec::new();
    };
    let spinner = crate::tui::theme::spinner(model.ticks());
    let Some(order) = model.orders.selected() else {
        return vec![match &model.orders.account_order {
            Some(AccountOrder::Failed(id, why)) if *id == row.order_id => Line::styled(
                format!(
                    "Its Order info could not be read: {}",
                    crate::outside::safe(why)
                ),
                t.error,
            ),
            _ => Line::styled(format!("{spinner} reading its Order info"), t.dim),
        }];
    };
    let followed = if model
        .orders
        .followed
        .iter()
        .any(|o| o.order_id == order.order_id)
    {
        " (followed here)"
    } else {
        ""
    };
    let request = match (order.request_id, &order.request_status) {
        (Some(id), Some(status)) => format!(" · request {id} {status}"),
        (Some(id), None) => format!(" · request {id}"),
        _ => String::new(),
    };
    // The order's own status, as Order info gives it (the list's word may be the request's).
    let now = match &order.order_status {
        Some(status) => format!("order {status}"),
        None => order.status_text(),
    };
    let mut lines = vec![Line::raw(format!("Now: {now}{request}{followed}"))];
    if let Some(action) = &order.busy {
        lines.push(Line::styled(
            format!("{spinner} … sending {}", action.verb()),
            t.warning,
        ));
    }
    // An expired certificate: installing or downloading it is no use; what is next is a
    // renewal. (It said how to install it, 20 days after it expired.)
    let expired = model
        .now()
        .and_then(|now| row.days_left(now))
        .is_some_and(|days| days < 0);
    if expired && order.is_issued() {
        let till = row.valid_till.as_deref().unwrap_or("its end date");
        let renew = if row.is_renewed {
            "; it was renewed (its renewal is another order)"
        } else if super::renew::renew_check(model).is_ok() {
            ": R renews it (a new order)"
        } else {
            ""
        };
        lines.push(Line::from(vec![
            Span::styled("Next: ", t.title),
            Span::raw(format!(
                "its certificate expired on {}{renew}",
                crate::outside::safe(till)
            )),
        ]));
        return lines;
    }
    lines.extend(super::delivery_lines::delivery(model, order, inner));
    lines
}
