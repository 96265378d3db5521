//! One meaning of "the same order": two bodies are the same order when they are equal after
//! this normalisation, which undoes what a person may vary without meaning another order:
//!
//! - text is trimmed, and a field left empty is a field not given;
//! - emails are compared without case (`Ann@Example.com` is `ann@example.com`), and so are
//!   country codes (`US` is `us`: the catalog's countries are ISO 3166 alpha-2 codes, which
//!   DigiCert's examples write in lower case);
//! - the validity's two forms, `validity_years: 2` and `order_validity: {"years": 2}` (the
//!   catalog's `ValidityYears` and `OrderValidityYears`), are one, and `"2"` is `2`;
//! - the order of an object's keys does not matter.

use serde_json::{Map, Value};

/// The body in its normal form, as compact JSON text with sorted keys.
pub fn normalised(body: &Value) -> String {
    let mut value = normal(body, None).unwrap_or(Value::Null);
    if let Value::Object(top) = &mut value {
        one_validity(top);
    }
    value.to_string()
}

/// A value normalised; `None` for what counts as not given (empty text, null, empty object).
fn normal(value: &Value, key: Option<&str>) -> Option<Value> {
    match value {
        Value::Null => None,
        Value::String(text) => {
            let text = text.trim();
            if text.is_empty() {
                return None;
            }
            let caseless = key.is_some_and(|k| k.contains("email") || k.ends_with("country"));
            Some(Value::String(if caseless {
                text.to_lowercase()
            } else {
                text.to_owned()
            }))
        }
        Value::Array(items) => Some(Value::Array(
            items.iter().filter_map(|v| normal(v, key)).collect(),
        )),
        Value::Object(fields) => {
            // serde_json keeps insertion order here: insert sorted.
            let mut keys: Vec<&String> = fields.keys().collect();
            keys.sort();
            let mut out = Map::new();
            for k in keys {
                if let Some(v) = normal(&fields[k], Some(k)) {
                    out.insert(k.clone(), v);
                }
            }
            (!out.is_empty()).then_some(Value::Object(out))
        }
        other => Some(other.clone()),
    }
}

/// Puts `validity_years` into `order_validity.years`, both as numbers when they read as one.
fn one_validity(top: &mut Map<String, Value>) {
    let years = top.remove("validity_years");
    let validity = top
        .entry("order_validity")
        .or_insert_with(|| Value::Object(Map::new()));
    let Value::Object(validity) = validity else {
        return;
    };
    if let Some(years) = years {
        validity.entry("years").or_insert(years);
    }
    if let Some(years) = validity.get_mut("years")
        && let Some(n) = years.as_str().and_then(|s| s.trim().parse::<i64>().ok())
    {
        *years = Value::from(n);
    }
    if validity.is_empty() {
        top.remove("order_validity");
    } else {
        // Keep the keys sorted after the insertion.
        let mut sorted: Vec<(String, Value)> = std::mem::take(top).into_iter().collect();
        sorted.sort_by(|a, b| a.0.cmp(&b.0));
        top.extend(sorted);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn near_duplicates_are_the_same_order() {
        let a = json!({
            "certificate": {"common_name": "Ann Lee", "csr": "x"},
            "validity_years": 2,
            "subject": {"email": "Ann.Lee@Example.com ", "name": " Ann Lee"},
            "ship_info": {"address": {"country": "US"}},
            "comments": ""
        });
        let b = json!({
            "subject": {"name": "Ann Lee", "email": "ann.lee@example.com"},
            "certificate": {"csr": "x", "common_name": "Ann Lee"},
            "order_validity": {"years": "2"},
            "ship_info": {"address": {"country": "us"}}
        });
        assert_eq!(normalised(&a), normalised(&b));
    }

    #[test]
    fn another_order_stays_another_order() {
        let base = json!({"subject": {"name": "Ann Lee"}, "validity_years": 2});
        for other in [
            json!({"subject": {"name": "ann lee"}, "validity_years": 2}),
            json!({"subject": {"name": "Ann Lee"}, "validity_years": 3}),
            json!({"subject": {"name": "Ann Lee"}, "order_validity": {"years": 1}}),
        ] {
            assert_ne!(normalised(&base), normalised(&other), "{other}");
        }
    }
}
