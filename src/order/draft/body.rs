//! Writing a draft as the JSON body: in catalog order, each value typed as its kind says, text
//! that does not convert kept as text so the preview shows what was typed.

use serde_json::{Map, Value};

use super::{Draft, parse_id_list};
use crate::order::catalog::{self, FieldId, FieldKind, JsonType};
use crate::order::model::OrderRequest;

impl Draft {
    /// The JSON body, built in catalog order. Values that are not valid yet are written as text,
    /// so the preview shows what was typed; validation reports them.
    pub fn to_body(&self) -> Value {
        let mut body = Map::new();
        for f in catalog::FIELDS {
            if f.is_custom_field() {
                if f.id == FieldId::CustomFieldId && !self.custom_fields.is_empty() {
                    body.insert(
                        catalog::custom_fields_key().into(),
                        self.custom_fields_json(),
                    );
                }
                continue;
            }
            let text = self.get(f.path);
            if text.trim().is_empty() {
                continue;
            }
            insert_path(&mut body, f.path, to_json(f.kind, text));
        }
        Value::Object(body)
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

    /// The typed request. Succeeds for every draft that validates without errors.
    pub fn to_request(&self) -> Result<OrderRequest, serde_json::Error> {
        serde_json::from_value(self.to_body())
    }
}

fn insert_path(body: &mut Map<String, Value>, path: &str, value: Value) {
    match path.split_once('.') {
        None => {
            body.insert(path.to_owned(), value);
        }
        Some((head, rest)) => {
            let entry = body
                .entry(head.to_owned())
                .or_insert_with(|| Value::Object(Map::new()));
            if !entry.is_object() {
                *entry = Value::Object(Map::new());
            }
            if let Value::Object(inner) = entry {
                insert_path(inner, rest, value);
            }
        }
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
        _ => Value::String(trimmed.to_owned()),
    }
}
