//! Writing a draft as the JSON body: in catalog order, each value typed as its kind says, text
//! that does not convert kept as text so the preview shows what was typed.

use serde_json::{Map, Value};

use super::{Draft, parse_id_list, split_list};
use crate::order::catalog::{self, FieldId, FieldKind, JsonType};
use crate::order::model::OrderRequest;
use crate::order::product::Family;

impl Draft {
    /// The JSON body, built in catalog order. Values that are not valid yet are written as text,
    /// so the preview shows what was typed; validation reports them.
    pub fn to_body(&self) -> Value {
        let mut body = Map::new();
        for f in catalog::fields(self.product) {
            if f.is_custom_field() {
                if f.id == FieldId::CustomFieldId && !self.custom_fields.is_empty() {
                    body.insert(
                        catalog::custom_fields_key().into(),
                        self.custom_fields_json(),
                    );
                }
                continue;
            }
            let text = self.get(f.id);
            if text.trim().is_empty() {
                continue;
            }
            insert_path(&mut body, f.path, to_json(f.kind, text));
        }
        let mut body = Value::Object(body);
        drop_holes(&mut body);
        body
    }

    fn custom_fields_json(&self) -> Value {
        Value::Array(
            self.custom_fields
                .iter()
                .map(|c| {
                    let mut item = Map::new();
                    item.insert("metadata_id".into(), to_json(FieldKind::Id, &c.metadata_id));
                    item.insert("value".into(), Value::String(c.value.trim().to_owned()));
                    Value::Object(item)
                })
                .collect(),
        )
    }

    /// The typed request, of the draft's product's family. Succeeds for every draft that
    /// validates without errors.
    pub fn to_request(&self) -> Result<OrderRequest, serde_json::Error> {
        let body = self.to_body();
        Ok(match self.product.family() {
            Family::Older => OrderRequest::Older(serde_json::from_value(body)?),
            Family::Current => OrderRequest::Current(serde_json::from_value(body)?),
        })
    }
}

/// Writes `value` at a dotted path; a segment `name[i]` is the `i`th item of the array `name`
/// (`organization.contacts[1].email`), the items before it left as holes until
/// [`drop_holes`] closes them.
fn insert_path(body: &mut Map<String, Value>, path: &str, value: Value) {
    let (head, rest) = match path.split_once('.') {
        None => (path, None),
        Some((head, rest)) => (head, Some(rest)),
    };
    let item = head
        .strip_suffix(']')
        .and_then(|h| h.split_once('['))
        .and_then(|(name, i)| Some((name, i.parse::<usize>().ok()?)));
    let Some(rest) = rest else {
        body.insert(head.to_owned(), value);
        return;
    };
    let slot = match item {
        None => body
            .entry(head.to_owned())
            .or_insert_with(|| Value::Object(Map::new())),
        Some((name, index)) => {
            let array = body
                .entry(name.to_owned())
                .or_insert_with(|| Value::Array(Vec::new()));
            if !array.is_array() {
                *array = Value::Array(Vec::new());
            }
            let Value::Array(items) = array else {
                return;
            };
            if items.len() <= index {
                items.resize(index + 1, Value::Null);
            }
            &mut items[index]
        }
    };
    if !slot.is_object() {
        *slot = Value::Object(Map::new());
    }
    if let Value::Object(inner) = slot {
        insert_path(inner, rest, value);
    }
}

/// Removes the holes [`insert_path`] left in arrays (a technical contact given without an
/// organization contact is the list's only item). A draft's values are never `null`.
fn drop_holes(value: &mut Value) {
    match value {
        Value::Array(items) => {
            items.retain(|v| !v.is_null());
            items.iter_mut().for_each(drop_holes);
        }
        Value::Object(map) => map.values_mut().for_each(drop_holes),
        _ => {}
    }
}

/// Converts a field's text to its JSON value; text that does not convert stays a string.
fn to_json(kind: FieldKind, text: &str) -> Value {
    let trimmed = text.trim();
    let integer = || {
        trimmed
            .parse::<i64>()
            .map(Value::from)
            .unwrap_or_else(|_| Value::String(trimmed.to_owned()))
    };
    match kind {
        FieldKind::Integer { .. } | FieldKind::Id | FieldKind::Agreement => integer(),
        FieldKind::Choice {
            json: JsonType::Integer,
            ..
        } => integer(),
        FieldKind::YesNo => match trimmed {
            "true" => Value::Bool(true),
            "false" => Value::Bool(false),
            _ => Value::String(trimmed.to_owned()),
        },
        FieldKind::IdList => match parse_id_list(trimmed) {
            Some(ids) => Value::Array(ids.into_iter().map(Value::from).collect()),
            None => Value::String(trimmed.to_owned()),
        },
        FieldKind::MultilineText { .. } => Value::String(text.to_owned()),
        FieldKind::Example {
            json: JsonType::Integer,
            ..
        } => integer(),
        FieldKind::ExampleList { .. } | FieldKind::EmailList => Value::Array(
            split_list(trimmed)
                .map(|item| Value::String(item.to_owned()))
                .collect(),
        ),
        _ => Value::String(trimmed.to_owned()),
    }
}
