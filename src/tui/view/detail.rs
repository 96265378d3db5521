//! The focused field in full: its whole value, its help, its rules and its problems, wrapped on
//! word boundaries so nothing is lost; and, where there is room, the JSON it puts in the order
//! (taken from the draft's own body, never rebuilt here).

use ratatui::style::Style;
use ratatui::text::{Line, Span};
use serde_json::{Map, Value};

use super::fit::wrap;
use crate::order::catalog::FieldKind;
use crate::order::validate::Severity;
use crate::tui::app::{Model, Row};
use crate::tui::screens::review::json::highlight;
use crate::tui::theme::{ERROR_MARK, NOTE_MARK, OK_MARK, WARN_MARK};
use crate::tui::view::value::display_value;

/// The focused row's detail, wrapped to `width`; with `json`, the JSON fragment too.
pub fn lines(model: &Model, row: Row, width: u16, json: bool) -> Vec<Line<'static>> {
    let t = model.theme();
    let width = usize::from(width.max(1));
    let mut out = Vec::new();
    let push = |out: &mut Vec<Line<'static>>, text: &str, style: Style, indent: &str| {
        wrapped(out, text, style, indent, width)
    };
    // Most needed first: what it is, what is wrong, what it wants, then its whole value (on
    // the first line when it fits there).
    let (value, _) = display_value(model, row);
    let label = model.label(row);
    let title = format!("{label}: {value}");
    let value_apart = value.contains('\n') || super::fit::width(&title) > width;
    if value_apart {
        push(&mut out, &label, t.title, "  ");
    } else {
        push(&mut out, &title, t.title, "  ");
    }
    for d in model.shown(row) {
        let (mark, style) = match d.severity {
            Severity::Error => (ERROR_MARK, t.error),
            Severity::Warning => (WARN_MARK, t.warning),
            // A pre-flight note (a check that could not be read) is not a tick.
            Severity::Info if d.code == "preflight" => (NOTE_MARK, t.dim),
            Severity::Info => (OK_MARK, t.ok),
        };
        push(&mut out, &format!("{mark} {}", d.message), style, "  ");
    }
    push(&mut out, &help_of(model, row), t.base, "");
    push(&mut out, &rules_of(model, row), t.dim, "");
    if value_apart {
        push(&mut out, &format!("= {value}"), t.base, "  ");
    }
    if json {
        out.push(Line::default());
        out.push(Line::from(Span::styled("In the order:", t.title)));
        let body = model.draft().to_body();
        match fragment_in(&body, model, row) {
            Fragment::Url(url) => push(&mut out, &url, t.base, "  "),
            Fragment::Json(value) => json_lines(&mut out, &value, model, width),
            Fragment::Absent => push(&mut out, "not sent (empty)", t.dim, ""),
        }
        let screen = screen_fragment_in(&body, model);
        if screen.as_object().is_some_and(|o| !o.is_empty()) {
            out.push(Line::default());
            out.push(Line::from(Span::styled(
                "This screen in the order:",
                t.title,
            )));
            json_lines(&mut out, &screen, model, width);
        }
    }
    out
}

/// Pretty JSON, coloured, each line wrapped when wider than `width`.
fn json_lines(out: &mut Vec<Line<'static>>, value: &Value, model: &Model, width: usize) {
    let text = serde_json::to_string_pretty(value).unwrap_or_default();
    for l in highlight(&text, model.theme()) {
        let plain: String = l.spans.iter().map(|s| s.content.as_ref()).collect();
        if super::fit::width(&plain) <= width {
            out.push(l);
        } else {
            wrapped(out, &plain, model.theme().base, "    ", width);
        }
    }
}

/// What the current screen's fields put in the body: the draft's body with only their keys.
pub fn screen_fragment(model: &Model) -> Value {
    screen_fragment_in(&model.draft().to_body(), model)
}

fn screen_fragment_in(body: &Value, model: &Model) -> Value {
    let mut merged = Value::Object(Map::new());
    for row in model.rows(model.nav.screen()) {
        if let Fragment::Json(v) = fragment_in(body, model, row) {
            merge(&mut merged, v);
        }
    }
    merged
}

fn merge(into: &mut Value, from: Value) {
    match (into, from) {
        (Value::Object(a), Value::Object(b)) => {
            for (k, v) in b {
                match a.get_mut(&k) {
                    Some(existing) => merge(existing, v),
                    None => {
                        a.insert(k, v);
                    }
                }
            }
        }
        (Value::Array(a), Value::Array(b)) => a.extend(b),
        (slot, v) => *slot = v,
    }
}

/// Wraps `text` to `width`, following lines indented by `indent`.
fn wrapped(out: &mut Vec<Line<'static>>, text: &str, style: Style, indent: &str, width: usize) {
    let room = width.saturating_sub(indent.chars().count()).max(1);
    for (i, l) in wrap(text, room).into_iter().enumerate() {
        let lead = if i == 0 { "" } else { indent };
        out.push(Line::from(Span::styled(format!("{lead}{l}"), style)));
    }
}

/// The focused field's help: the catalog's line, and for a choice what the chosen value means.
pub fn help_of(model: &Model, row: Row) -> String {
    match row {
        Row::Product => model.draft().product.help().to_owned(),
        Row::Field(f) => match f.kind {
            FieldKind::Choice { options, .. } => {
                let value = model.value(row);
                match options.iter().find(|o| o.value == value.trim()) {
                    Some(o) => format!("{}: {} — {}", f.help, o.label, o.meaning),
                    None => f.help.to_owned(),
                }
            }
            _ => f.help.to_owned(),
        },
        Row::Custom(id) => format!("a custom field of the account ({})", data_type(model, id)),
    }
}

fn data_type(model: &Model, id: i64) -> String {
    model
        .account()
        .ready()
        .and_then(|a| a.metadata().iter().find(|m| m.id == id))
        .map(|m| m.data_type.as_str().to_owned())
        .unwrap_or_else(|| "text".into())
}

/// The rules the catalog gives the field: required or not, and its kind and limits.
fn rules_of(model: &Model, row: Row) -> String {
    match row {
        Row::Product => "required: yes · chooses the order's URL, not part of the body".into(),
        Row::Field(f) => {
            let conditional = f.requirement != crate::order::catalog::Requirement::Required;
            let now = if conditional && model.requires(f) {
                " (required now)"
            } else {
                ""
            };
            format!(
                "required: {}{now} · {}",
                f.requirement.describe(),
                f.kind.describe()
            )
            .replace('`', "")
        }
        Row::Custom(id) => {
            let required = model
                .account()
                .ready()
                .and_then(|a| a.metadata().iter().find(|m| m.id == id))
                .is_some_and(|m| m.is_required);
            let required = if required { "yes" } else { "no" };
            format!(
                "required: {required} (per account) · {}",
                data_type(model, id)
            )
        }
    }
}

/// What a row puts in the order.
#[derive(Debug, Clone, PartialEq)]
pub enum Fragment {
    /// The product is the URL, not the body.
    Url(String),
    /// The part of the body this field writes, with the keys that lead to it.
    Json(Value),
    /// Nothing: the field is empty and so not sent.
    Absent,
}

/// The part of the draft's body (`Draft::to_body`) that a row writes.
pub fn fragment(model: &Model, row: Row) -> Fragment {
    fragment_in(&model.draft().to_body(), model, row)
}

fn fragment_in(body: &Value, model: &Model, row: Row) -> Fragment {
    match row {
        Row::Product => Fragment::Url(format!(
            "POST …/order/certificate/{}",
            model.draft().product.name_id()
        )),
        Row::Custom(id) => {
            let item = body
                .get("custom_fields")
                .and_then(Value::as_array)
                .and_then(|items| {
                    items.iter().find(|i| {
                        i.get("metadata_id").is_some_and(|m| {
                            m.as_i64() == Some(id) || m.as_str() == Some(&id.to_string())
                        })
                    })
                });
            match item {
                Some(item) => {
                    Fragment::Json(keyed(&["custom_fields"], Value::Array(vec![item.clone()])))
                }
                None => Fragment::Absent,
            }
        }
        Row::Field(f) => {
            let keys: Vec<&str> = f.path.split('.').collect();
            let mut at = body;
            for k in &keys {
                match at.get(k) {
                    Some(v) => at = v,
                    None => return Fragment::Absent,
                }
            }
            Fragment::Json(keyed(&keys, at.clone()))
        }
    }
}

/// `value` under the chain of `keys`: `{"a": {"b": value}}`.
fn keyed(keys: &[&str], value: Value) -> Value {
    keys.iter().rev().fold(value, |inner, k| {
        let mut map = Map::new();
        map.insert((*k).to_owned(), inner);
        Value::Object(map)
    })
}
