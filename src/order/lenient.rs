//! Lenient readers for CertCentral's answers, used with `#[serde(deserialize_with = ...)]`.
//!
//! DigiCert's pages are loose about types: `allowed_validity_years` is shown as numbers on one
//! page and as strings (`["1","2"]`) by outside clients, ids sometimes come quoted, a list may be
//! missing, `null` or an object, and `signature_hash_types` is an object on the product page but
//! a list elsewhere. An answer certwiz can use must never fail over such a difference, so these
//! readers take every form seen and fall back to "not given" rather than an error. Only the one
//! value an answer cannot do without (an order's `id`) stays strict, through [`int`].
//!
//! Optional fields are left out of what certwiz writes by `#[serde_with::skip_serializing_none]`
//! on each struct (one attribute where there was one per field). These readers stay
//! `deserialize_with` functions, written by hand, because `serde_with` cannot say them without
//! changing what is read: each maps *anything else* to "not given" (an object where a number was
//! expected, `"abc"` for an id), while `serde_as`'s `Option<S>` turns such a value into an error;
//! its `PickFirst<(_, DisplayFromStr)>` refuses `7.0` for a whole number; `DefaultOnError` would
//! need a second `#[serde(default)]` on every field; and `"1,2"` lists ([`ints`]) and
//! "an object is a list of one" ([`to_list`]) have no adapter at all.

use std::fmt;
use std::marker::PhantomData;

use serde::Deserialize;
use serde::de::value::MapAccessDeserializer;
use serde::de::{DeserializeOwned, Deserializer, Error as _, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

/// A whole number from a JSON number or a string holding one (`7`, `"7"`, `7.0`).
pub fn to_int(value: &Value) -> Option<i64> {
    match value {
        Value::Number(n) => n
            .as_i64()
            .or_else(|| n.as_f64().filter(|f| f.fract() == 0.0).map(|f| f as i64)),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// A truth value from `true`, `1`, `"true"`, `"1"`, `"yes"` (and their opposites).
pub fn to_bool(value: &Value) -> Option<bool> {
    match value {
        Value::Bool(b) => Some(*b),
        Value::Number(n) => n.as_i64().map(|n| n != 0),
        Value::String(s) => match s.trim().to_ascii_lowercase().as_str() {
            "true" | "1" | "yes" => Some(true),
            "false" | "0" | "no" => Some(false),
            _ => None,
        },
        _ => None,
    }
}

/// Text from a string, or a number or truth value written as text; `null` and `""` are none.
pub fn to_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) if s.is_empty() => None,
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// The items of a list answer: an array's items that parse (others are skipped), one object
/// taken as a list of one, and anything else (`null`, a missing key, text) as no items.
pub fn to_list<T: DeserializeOwned>(value: Value) -> Vec<T> {
    match value {
        Value::Array(items) => items
            .into_iter()
            .filter_map(|item| serde_json::from_value(item).ok())
            .collect(),
        object @ Value::Object(_) => serde_json::from_value(object).into_iter().collect(),
        _ => Vec::new(),
    }
}

/// A required whole number, quoted or not.
pub fn int<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    let value = Value::deserialize(d)?;
    to_int(&value).ok_or_else(|| D::Error::custom(format!("expected a whole number, not {value}")))
}

/// An optional whole number; anything that is not one is "not given".
pub fn opt_int<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    Ok(to_int(&Value::deserialize(d)?))
}

/// An optional truth value; anything that is not one is "not given".
pub fn opt_bool<'de, D: Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
    Ok(to_bool(&Value::deserialize(d)?))
}

/// An optional text; numbers become their text, `null` and `""` are "not given".
pub fn opt_text<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(to_text(&Value::deserialize(d)?))
}

/// A list, read as [`to_list`] reads it.
///
/// An array is read one item at a time (each item a JSON value only until it is turned into a
/// `T`), so a page of 1,000 listed orders is never held as 1,000 JSON trees at once.
pub fn list<'de, D: Deserializer<'de>, T: DeserializeOwned>(d: D) -> Result<Vec<T>, D::Error> {
    d.deserialize_any(ListVisitor(PhantomData))
}

/// [`list`]'s reader: the same answers as [`to_list`], item by item.
struct ListVisitor<T>(PhantomData<T>);

impl<'de, T: DeserializeOwned> Visitor<'de> for ListVisitor<T> {
    type Value = Vec<T>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list, an object or nothing")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1024));
        while let Some(item) = seq.next_element::<Value>()? {
            if let Ok(item) = serde_json::from_value(item) {
                items.push(item);
            }
        }
        Ok(items)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Vec<T>, A::Error> {
        let object = Value::deserialize(MapAccessDeserializer::new(map))?;
        Ok(serde_json::from_value(object).into_iter().collect())
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Vec<T>, D::Error> {
        d.deserialize_any(self)
    }

    fn visit_none<E: serde::de::Error>(self) -> Result<Vec<T>, E> {
        Ok(Vec::new())
    }

    fn visit_unit<E: serde::de::Error>(self) -> Result<Vec<T>, E> {
        Ok(Vec::new())
    }

    fn visit_bool<E: serde::de::Error>(self, _: bool) -> Result<Vec<T>, E> {
        Ok(Vec::new())
    }

    fn visit_i64<E: serde::de::Error>(self, _: i64) -> Result<Vec<T>, E> {
        Ok(Vec::new())
    }

    fn visit_u64<E: serde::de::Error>(self, _: u64) -> Result<Vec<T>, E> {
        Ok(Vec::new())
    }

    fn visit_f64<E: serde::de::Error>(self, _: f64) -> Result<Vec<T>, E> {
        Ok(Vec::new())
    }

    fn visit_str<E: serde::de::Error>(self, _: &str) -> Result<Vec<T>, E> {
        Ok(Vec::new())
    }
}

/// An optional object of type `T`; one that does not parse is "not given".
pub fn opt_object<'de, D: Deserializer<'de>, T: DeserializeOwned>(
    d: D,
) -> Result<Option<T>, D::Error> {
    Ok(serde_json::from_value(Value::deserialize(d)?).ok())
}

/// A list of whole numbers, each a number or a string (`[1, 2]`, `["1", "2"]`, `"1,2"`).
pub fn ints<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<i64>, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::Array(items) => items.iter().filter_map(to_int).collect(),
        Value::String(s) => s.split(',').filter_map(|p| p.trim().parse().ok()).collect(),
        other => to_int(&other).into_iter().collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[derive(Debug, Deserialize)]
    struct Probe {
        #[serde(default, deserialize_with = "opt_int")]
        n: Option<i64>,
        #[serde(default, deserialize_with = "opt_bool")]
        b: Option<bool>,
        #[serde(default, deserialize_with = "opt_text")]
        t: Option<String>,
        #[serde(default, deserialize_with = "ints")]
        years: Vec<i64>,
        #[serde(default, deserialize_with = "list")]
        items: Vec<Item>,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    struct Item {
        #[serde(deserialize_with = "int")]
        id: i64,
    }

    fn probe(value: Value) -> Probe {
        serde_json::from_value(value).unwrap()
    }

    #[test]
    fn numbers_come_quoted_or_not() {
        assert_eq!(probe(json!({"n": 7})).n, Some(7));
        assert_eq!(probe(json!({"n": "7"})).n, Some(7));
        assert_eq!(probe(json!({"n": 7.0})).n, Some(7));
        assert_eq!(probe(json!({"n": "seven"})).n, None);
        assert_eq!(probe(json!({"n": null})).n, None);
        assert_eq!(probe(json!({})).n, None);
    }

    #[test]
    fn truth_values_and_text() {
        assert_eq!(probe(json!({"b": 1})).b, Some(true));
        assert_eq!(probe(json!({"b": "false"})).b, Some(false));
        assert_eq!(probe(json!({"b": "maybe"})).b, None);
        assert_eq!(probe(json!({"t": 12})).t.as_deref(), Some("12"));
        assert_eq!(probe(json!({"t": ""})).t, None);
    }

    #[test]
    fn years_as_numbers_or_strings() {
        assert_eq!(probe(json!({"years": [1, 2, 3]})).years, vec![1, 2, 3]);
        assert_eq!(probe(json!({"years": ["1", "2"]})).years, vec![1, 2]);
        assert_eq!(probe(json!({"years": "1,3"})).years, vec![1, 3]);
        assert_eq!(probe(json!({"years": 2})).years, vec![2]);
        assert!(probe(json!({"years": null})).years.is_empty());
    }

    #[test]
    fn lists_skip_what_does_not_parse() {
        let p = probe(json!({"items": [{"id": 1}, {"id": "2"}, {"name": "no id"}, 5]}));
        assert_eq!(p.items, vec![Item { id: 1 }, Item { id: 2 }]);
        assert_eq!(
            probe(json!({"items": {"id": 9}})).items,
            vec![Item { id: 9 }]
        );
        assert!(probe(json!({"items": null})).items.is_empty());
        assert!(probe(json!({"items": "none"})).items.is_empty());
        assert!(probe(json!({})).items.is_empty());
    }

    #[test]
    fn lists_read_from_text_item_by_item_read_the_same() {
        let text = |t: &str| serde_json::from_str::<Probe>(t).unwrap().items;
        assert_eq!(
            text(r#"{"items": [{"id": 1}, {"id": "2"}, {"name": "no id"}, 5, null]}"#),
            vec![Item { id: 1 }, Item { id: 2 }]
        );
        // What a derived struct takes (here a one-item array for a one-field struct) is taken
        // as to_list takes it.
        let odd = r#"[{"id": 1}, [3], {"id": [4]}]"#;
        assert_eq!(
            text(&format!(r#"{{"items": {odd}}}"#)),
            to_list::<Item>(serde_json::from_str(odd).unwrap())
        );
        assert_eq!(text(r#"{"items": {"id": 9}}"#), vec![Item { id: 9 }]);
        for nothing in ["null", "\"none\"", "7", "-7", "7.5", "true", "[]", "{}"] {
            assert!(
                text(&format!(r#"{{"items": {nothing}}}"#)).is_empty(),
                "{nothing}"
            );
        }
    }

    #[test]
    fn a_required_int_says_what_it_got() {
        let e = serde_json::from_value::<Item>(json!({"id": "x"})).unwrap_err();
        assert!(e.to_string().contains("whole number"), "{e}");
    }
}
