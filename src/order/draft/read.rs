//! Reading a bare request body into a draft: every value kept as text, wrong JSON types, `null`s
//! and undocumented fields reported.

use std::borrow::Cow;
use std::sync::Arc;

use super::json::Json;
use super::*;

impl Draft {
    /// Reads a bare request body. Every value is kept as text; values of the wrong JSON type,
    /// `null`s and fields the API does not document are reported.
    pub fn from_body(product: Product, body: &Value) -> (Draft, Vec<Diagnostic>) {
        Draft::from_json(product, &Json::borrow(body))
    }

    /// [`Draft::from_body`] of a body parsed from text as [`Json`] (a batch's line).
    pub(crate) fn from_json(product: Product, body: &Json<'_>) -> (Draft, Vec<Diagnostic>) {
        let mut draft = Draft::empty(product);
        let mut problems = Vec::new();
        match body {
            Json::Object(map) => read_object(&mut draft, &mut problems, "", map),
            other => problems.push(Diagnostic::error(
                "",
                "type",
                format!(
                    "The order body must be a JSON object, not {}",
                    json_type_name(other)
                ),
            )),
        }
        (draft, problems)
    }
}

fn json_type_name(v: &Json<'_>) -> &'static str {
    v.type_name()
}

fn read_object(
    draft: &mut Draft,
    problems: &mut Vec<Diagnostic>,
    prefix: &str,
    map: &[(Cow<'_, str>, Json<'_>)],
) {
    // One buffer for this object's paths: the prefix, then each key in turn.
    let mut path = String::with_capacity(prefix.len() + 32);
    for (key, value) in map {
        path.clear();
        if !prefix.is_empty() {
            path.push_str(prefix);
            path.push('.');
        }
        path.push_str(key);
        let path = path.as_str();
        // A catalog path is found by its slot (no catalog path is `custom_fields`).
        let spec =
            catalog::slot_of_path(path).and_then(|slot| catalog::field_at(draft.product, slot));
        if let Some(spec) = spec {
            if let Some(text) = read_scalar(problems, spec, value) {
                // A private key (any PEM block but a certificate request) is never kept, by
                // whichever way the text came: a file or a batch row as much as the field
                // (`Draft::set`). The draft holds no CSR then, so nothing prints it.
                match (spec.kind, crate::order::csr::refusal(&text)) {
                    (FieldKind::Csr, Some(why)) => problems.push(Diagnostic::error(
                        spec.path,
                        "csr",
                        format!("{} {why}", spec.label),
                    )),
                    _ => {
                        draft.values.insert(spec.id, text);
                    }
                }
            }
        } else if path == catalog::custom_fields_key()
            && catalog::field_at(draft.product, FieldId::CustomFieldId.slot()).is_some()
        {
            read_custom_fields(draft, problems, value);
        } else if let Some(slots) = array_slots(draft.product, path) {
            read_array(draft, problems, path, slots, value);
        } else if let Some(object) = OBJECTS
            .iter()
            .find(|o| o.path == path && object_in(draft.product, o.path))
        {
            match value {
                Json::Object(inner) => {
                    read_object(draft, problems, path, inner);
                    if !object.required && !draft.object_given(path) {
                        report_empty_object(draft.product, problems, path);
                    }
                }
                other => problems.push(Diagnostic::error(
                    path,
                    "type",
                    format!(
                        "{} must be a JSON object, not {}",
                        object.label,
                        json_type_name(other)
                    ),
                )),
            }
        } else if draft.product.is_current() {
            problems.push(Diagnostic::error(
                path,
                "unknown_field",
                format!(
                    "{path} is not a field certwiz knows for {}: DigiCert's page for it is cut, and certwiz sends only the fields it shows; check the spelling",
                    draft.product
                ),
            ));
        } else {
            problems.push(Diagnostic::error(
                path,
                "unknown_field",
                format!("{path} is not a field of a document signing order; check its spelling"),
            ));
        }
    }
}

/// Whether `product`'s body has a field under the object at `object_path`.
fn object_in(product: Product, object_path: &str) -> bool {
    catalog::slots_inside(object_path).any(|slot| catalog::field_at(product, slot).is_some())
}

/// How many items the array at `path` holds in `product`'s form (`organization.contacts` has
/// two: `[0]` and `[1]`), or `None` when `path` is not such an array.
fn array_slots(product: Product, path: &str) -> Option<usize> {
    let slots = OBJECTS
        .iter()
        .filter(|o| {
            o.path.len() > path.len()
                && o.path.as_bytes()[path.len()] == b'['
                && o.path.starts_with(path)
                && object_in(product, o.path)
        })
        .count();
    (slots > 0).then_some(slots)
}

fn read_array(
    draft: &mut Draft,
    problems: &mut Vec<Diagnostic>,
    path: &str,
    slots: usize,
    value: &Json<'_>,
) {
    let Json::Array(items) = value else {
        problems.push(Diagnostic::error(
            path,
            "type",
            format!("{path} must be a list, not {}", json_type_name(value)),
        ));
        return;
    };
    if items.len() > slots {
        problems.push(Diagnostic::error(
            path,
            "too_many",
            format!(
                "{path} holds {} items; certwiz's form takes {slots}, as DigiCert's example sends",
                items.len()
            ),
        ));
    }
    for (i, item) in items.iter().enumerate().take(slots) {
        let at = format!("{path}[{i}]");
        match item {
            Json::Object(inner) => {
                read_object(draft, problems, &at, inner);
                if !draft.object_given(&at) {
                    report_empty_object(draft.product, problems, &at);
                }
            }
            other => problems.push(Diagnostic::error(
                &at,
                "type",
                format!("{at} must be a JSON object, not {}", json_type_name(other)),
            )),
        }
    }
}

/// An optional object that is present but holds nothing still needs its required fields; the
/// draft cannot remember an empty object, so the problem is reported here.
fn report_empty_object(product: Product, problems: &mut Vec<Diagnostic>, object_path: &str) {
    for spec in catalog::fields(product).iter().filter(|f| {
        f.requirement == Requirement::RequiredInObject
            && f.object().is_some_and(|o| o.path == object_path)
    }) {
        problems.push(Diagnostic::error(
            spec.path,
            "required",
            format!("{} is required inside {object_path}", spec.label),
        ));
    }
}

/// Reads one value as text, reporting a wrong JSON type. `None` for `null`.
fn read_scalar(
    problems: &mut Vec<Diagnostic>,
    spec: &FieldSpec,
    value: &Json<'_>,
) -> Option<Arc<str>> {
    let expected = match spec.kind {
        FieldKind::Integer { .. } | FieldKind::Id | FieldKind::Agreement => "a whole number",
        FieldKind::Choice {
            json: JsonType::Integer,
            ..
        } => "a whole number",
        FieldKind::Example {
            json: JsonType::Integer,
            ..
        } => "a whole number",
        FieldKind::YesNo => "true or false",
        FieldKind::IdList => "a list of whole numbers",
        FieldKind::ExampleList { .. } | FieldKind::EmailList => "a list of text",
        FieldKind::IdText => "an id as text",
        _ => "text",
    };
    let ok = match (spec.kind, value) {
        (_, Json::Plain(Value::Null)) => {
            problems.push(Diagnostic::error(
                spec.path,
                "type",
                format!("{} is null; leave the field out instead", spec.label),
            ));
            return None;
        }
        (
            FieldKind::Integer { .. } | FieldKind::Id | FieldKind::Agreement,
            Json::Plain(Value::Number(n)),
        )
        | (
            FieldKind::Choice {
                json: JsonType::Integer,
                ..
            },
            Json::Plain(Value::Number(n)),
        ) => n.is_i64(),
        (
            FieldKind::Example {
                json: JsonType::Integer,
                ..
            },
            Json::Plain(Value::Number(n)),
        ) => n.is_i64(),
        (FieldKind::YesNo, Json::Plain(Value::Bool(_))) => true,
        (FieldKind::IdList, Json::Array(items)) => items.iter().all(|i| i.is_i64()),
        (FieldKind::ExampleList { .. } | FieldKind::EmailList, Json::Array(items)) => {
            items.iter().all(Json::is_string)
        }
        // The `ds_org` example sends the organization id as text; a number is taken too.
        (FieldKind::IdText, Json::Str(_) | Json::Plain(Value::Number(_))) => true,
        (
            FieldKind::Text { .. }
            | FieldKind::MultilineText { .. }
            | FieldKind::Choice {
                json: JsonType::String,
                ..
            }
            | FieldKind::Email
            | FieldKind::Phone
            | FieldKind::Country
            | FieldKind::Csr
            | FieldKind::CustomValue
            | FieldKind::Example {
                json: JsonType::String,
                ..
            },
            Json::Str(_),
        ) => true,
        _ => false,
    };
    if !ok {
        problems.push(Diagnostic::error(
            spec.path,
            "type",
            format!(
                "{} must be {expected}, not {}",
                spec.label,
                json_type_name(value)
            ),
        ));
    }
    Some(match value {
        Json::Str(s) => Arc::from(s.as_ref()),
        Json::Array(items) => items
            .iter()
            .map(|i| match i {
                Json::Str(s) => s.to_string(),
                other => other.to_string(),
            })
            .collect::<Vec<_>>()
            .join(", ")
            .into(),
        other => other.to_string().into(),
    })
}

fn read_custom_fields(draft: &mut Draft, problems: &mut Vec<Diagnostic>, value: &Json<'_>) {
    let Json::Array(items) = value else {
        problems.push(Diagnostic::error(
            catalog::custom_fields_key(),
            "type",
            format!(
                "Custom fields must be a list, not {}",
                json_type_name(value)
            ),
        ));
        return;
    };
    for (i, item) in items.iter().enumerate() {
        // The item's path, for its problems only (nearly every item has none).
        let at = || format!("{}[{i}]", catalog::custom_fields_key());
        let Json::Object(map) = item else {
            problems.push(Diagnostic::error(
                at(),
                "type",
                format!(
                    "Custom field {} must be an object with metadata_id and value",
                    i + 1
                ),
            ));
            continue;
        };
        let mut entry = CustomFieldEntry::default();
        for (key, v) in map {
            let text = match v {
                Json::Str(s) => s.to_string(),
                Json::Plain(Value::Number(n)) => n.to_string(),
                other => other.to_string(),
            };
            match key.as_ref() {
                "metadata_id" => {
                    if !v.is_i64() {
                        problems.push(Diagnostic::error(
                            format!("{}.metadata_id", at()),
                            "type",
                            format!(
                                "Custom field id must be a whole number, not {}",
                                json_type_name(v)
                            ),
                        ));
                    }
                    entry.metadata_id = text;
                }
                "value" => {
                    if !v.is_string() {
                        problems.push(Diagnostic::error(
                            format!("{}.value", at()),
                            "type",
                            format!("Custom field value must be text, not {}", json_type_name(v)),
                        ));
                    }
                    entry.value = text;
                }
                other => {
                    let at = at();
                    problems.push(Diagnostic::error(
                        format!("{at}.{other}"),
                        "unknown_field",
                        format!(
                            "{at}.{other} is not a field of a custom field (metadata_id, value)"
                        ),
                    ))
                }
            }
        }
        draft.custom_fields.push(entry);
    }
}
