//! Reading a bare request body into a draft: every value kept as text, wrong JSON types, `null`s
//! and undocumented fields reported.

use super::*;

impl Draft {
    /// Reads a bare request body. Every value is kept as text; values of the wrong JSON type,
    /// `null`s and fields the API does not document are reported.
    pub fn from_body(product: Product, body: &Value) -> (Draft, Vec<Diagnostic>) {
        let mut draft = Draft::empty(product);
        let mut problems = Vec::new();
        match body {
            Value::Object(map) => read_object(&mut draft, &mut problems, "", map),
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

fn json_type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "true/false",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

fn join(prefix: &str, key: &str) -> String {
    if prefix.is_empty() {
        key.to_owned()
    } else {
        format!("{prefix}.{key}")
    }
}

fn read_object(
    draft: &mut Draft,
    problems: &mut Vec<Diagnostic>,
    prefix: &str,
    map: &Map<String, Value>,
) {
    for (key, value) in map {
        let path = join(prefix, key);
        if path == catalog::custom_fields_key() {
            read_custom_fields(draft, problems, value);
        } else if let Some(spec) = catalog::field(&path) {
            if let Some(text) = read_scalar(problems, spec, value) {
                draft.values.insert(path, text);
            }
        } else if let Some(object) = OBJECTS.iter().find(|o| o.path == path) {
            match value {
                Value::Object(inner) => {
                    read_object(draft, problems, &path, inner);
                    if !object.required && !draft.object_given(&path) {
                        report_empty_object(problems, &path);
                    }
                }
                other => problems.push(Diagnostic::error(
                    &path,
                    "type",
                    format!(
                        "{} must be a JSON object, not {}",
                        object.label,
                        json_type_name(other)
                    ),
                )),
            }
        } else {
            problems.push(Diagnostic::error(
                &path,
                "unknown_field",
                format!("{path} is not a field of a document signing order; check its spelling"),
            ));
        }
    }
}

/// An optional object that is present but holds nothing still needs its required fields; the
/// draft cannot remember an empty object, so the problem is reported here.
fn report_empty_object(problems: &mut Vec<Diagnostic>, object_path: &str) {
    for spec in catalog::FIELDS.iter().filter(|f| {
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
fn read_scalar(problems: &mut Vec<Diagnostic>, spec: &FieldSpec, value: &Value) -> Option<String> {
    let expected = match spec.kind {
        FieldKind::Integer { .. } | FieldKind::Id | FieldKind::Agreement => "a whole number",
        FieldKind::Choice {
            json: JsonType::Integer,
            ..
        } => "a whole number",
        FieldKind::YesNo => "true or false",
        FieldKind::IdList => "a list of whole numbers",
        _ => "text",
    };
    let ok = match (spec.kind, value) {
        (_, Value::Null) => {
            problems.push(Diagnostic::error(
                spec.path,
                "type",
                format!("{} is null; leave the field out instead", spec.label),
            ));
            return None;
        }
        (FieldKind::Integer { .. } | FieldKind::Id | FieldKind::Agreement, Value::Number(n))
        | (
            FieldKind::Choice {
                json: JsonType::Integer,
                ..
            },
            Value::Number(n),
        ) => n.is_i64(),
        (FieldKind::YesNo, Value::Bool(_)) => true,
        (FieldKind::IdList, Value::Array(items)) => items.iter().all(|i| i.is_i64()),
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
            | FieldKind::CustomValue,
            Value::String(_),
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
        Value::String(s) => s.clone(),
        Value::Array(items) => items
            .iter()
            .map(|i| match i {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            })
            .collect::<Vec<_>>()
            .join(", "),
        other => other.to_string(),
    })
}

fn read_custom_fields(draft: &mut Draft, problems: &mut Vec<Diagnostic>, value: &Value) {
    let Value::Array(items) = value else {
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
        let at = format!("{}[{i}]", catalog::custom_fields_key());
        let Value::Object(map) = item else {
            problems.push(Diagnostic::error(
                &at,
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
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            match key.as_str() {
                "metadata_id" => {
                    if !v.is_i64() {
                        problems.push(Diagnostic::error(
                            format!("{at}.metadata_id"),
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
                            format!("{at}.value"),
                            "type",
                            format!("Custom field value must be text, not {}", json_type_name(v)),
                        ));
                    }
                    entry.value = text;
                }
                other => problems.push(Diagnostic::error(
                    format!("{at}.{other}"),
                    "unknown_field",
                    format!("{at}.{other} is not a field of a custom field (metadata_id, value)"),
                )),
            }
        }
        draft.custom_fields.push(entry);
    }
}
