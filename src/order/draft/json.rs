//! A request body as read into a draft: JSON whose text borrows from the line it was parsed
//! from and whose objects are lists of entries, so a batch line is parsed once, without an owned
//! map (and its hashing) between the text and the draft's slots.
//!
//! It reads as `serde_json::Value` does, but for an object's repeated key, which is an error
//! (`Value` keeps the last value without a word, and DigiCert's pages do not say which one
//! CertCentral reads: a body whose `validity_years` is 2 and then 3 is not sent as either);
//! numbers, `true`, `false` and `null` are kept as the `Value` they are.

use std::borrow::Cow;
use std::fmt;

use serde::Deserialize;
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

/// How the error of a key given twice in one object reads, after the key.
pub(crate) const REPEATED: &str = " is given twice in one object";

/// One JSON value.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Json<'a> {
    /// `null`, `true`, `false` or a number.
    Plain(Value),
    Str(Cow<'a, str>),
    Array(Vec<Json<'a>>),
    Object(Vec<(Cow<'a, str>, Json<'a>)>),
}

impl<'a> Json<'a> {
    /// The same JSON, its text borrowed from `value`.
    pub(crate) fn borrow(value: &'a Value) -> Json<'a> {
        match value {
            Value::String(s) => Json::Str(Cow::Borrowed(s)),
            Value::Array(items) => Json::Array(items.iter().map(Json::borrow).collect()),
            Value::Object(map) => Json::Object(
                map.iter()
                    .map(|(k, v)| (Cow::Borrowed(k.as_str()), Json::borrow(v)))
                    .collect(),
            ),
            plain => Json::Plain(plain.clone()),
        }
    }

    /// The same JSON as a `Value`.
    pub(crate) fn to_value(&self) -> Value {
        match self {
            Json::Plain(v) => v.clone(),
            Json::Str(s) => Value::String(s.as_ref().to_owned()),
            Json::Array(items) => Value::Array(items.iter().map(Json::to_value).collect()),
            Json::Object(entries) => {
                let mut map = Map::new();
                for (k, v) in entries {
                    map.insert(k.as_ref().to_owned(), v.to_value());
                }
                Value::Object(map)
            }
        }
    }

    /// A key's value, for an object.
    pub(crate) fn get(&self, key: &str) -> Option<&Json<'a>> {
        match self {
            Json::Object(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    pub(crate) fn is_i64(&self) -> bool {
        matches!(self, Json::Plain(v) if v.is_i64())
    }

    pub(crate) fn is_string(&self) -> bool {
        matches!(self, Json::Str(_))
    }

    /// What kind of JSON value this is, for messages.
    pub(crate) fn type_name(&self) -> &'static str {
        match self {
            Json::Plain(Value::Null) => "null",
            Json::Plain(Value::Bool(_)) => "true/false",
            Json::Plain(Value::Number(_)) => "a number",
            Json::Str(_) | Json::Plain(Value::String(_)) => "text",
            Json::Array(_) | Json::Plain(Value::Array(_)) => "a list",
            Json::Object(_) | Json::Plain(Value::Object(_)) => "an object",
        }
    }
}

/// The JSON text of a value (`Value`'s `to_string`): a string with its quotes.
impl fmt::Display for Json<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Json::Plain(v) => v.fmt(f),
            other => other.to_value().fmt(f),
        }
    }
}

impl<'de> Deserialize<'de> for Json<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(JsonVisitor)
    }
}

struct JsonVisitor;

impl<'de> Visitor<'de> for JsonVisitor {
    type Value = Json<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any valid JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Json<'de>, E> {
        Ok(Json::Plain(Value::Bool(v)))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Json<'de>, E> {
        Ok(Json::Plain(Value::from(v)))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Json<'de>, E> {
        Ok(Json::Plain(Value::from(v)))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Json<'de>, E> {
        Ok(Json::Plain(
            serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number),
        ))
    }

    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Json<'de>, E> {
        Ok(Json::Str(Cow::Borrowed(v)))
    }

    fn visit_str<E>(self, v: &str) -> Result<Json<'de>, E> {
        Ok(Json::Str(Cow::Owned(v.to_owned())))
    }

    fn visit_string<E>(self, v: String) -> Result<Json<'de>, E> {
        Ok(Json::Str(Cow::Owned(v)))
    }

    fn visit_none<E>(self) -> Result<Json<'de>, E> {
        Ok(Json::Plain(Value::Null))
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Json<'de>, D::Error> {
        Json::deserialize(d)
    }

    fn visit_unit<E>(self) -> Result<Json<'de>, E> {
        Ok(Json::Plain(Value::Null))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Json<'de>, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Json::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Json<'de>, A::Error> {
        let mut entries: Vec<(Cow<'de, str>, Json<'de>)> = Vec::with_capacity(8);
        while let Some(key) = map.next_key_seed(KeySeed)? {
            let value: Json<'de> = map.next_value()?;
            if entries.iter().any(|(k, _)| *k == key) {
                return Err(de::Error::custom(format_args!(
                    "{key:?}{REPEATED}; DigiCert's pages do not say which one CertCentral \
                     reads: keep one"
                )));
            }
            entries.push((key, value));
        }
        Ok(Json::Object(entries))
    }
}

/// An object's key, borrowed from the text when it has no escapes.
struct KeySeed;

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Cow<'de, str>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Cow<'de, str>, D::Error> {
        d.deserialize_str(KeyVisitor)
    }
}

struct KeyVisitor;

impl<'de> Visitor<'de> for KeyVisitor {
    type Value = Cow<'de, str>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string key")
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Cow<'de, str>, E> {
        Ok(Cow::Borrowed(v))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Cow<'de, str>, E> {
        Ok(Cow::Owned(v.to_owned()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Cow<'de, str>, E> {
        Ok(Cow::Owned(v))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Lines as `Value` reads them and as `Json` reads them give the same JSON.
    #[test]
    fn json_reads_as_value_does() {
        for text in [
            r#"{"a": 1, "b": [true, null, 2.5, -3, "x\"y"], "c": {"d": "é\u00e9"}}"#,
            r#"{"k\n": {}, "": [], "n": 18446744073709551615, "f": 1e400}"#,
            r#"[1, {"a": "b"}]"#,
            r#""text""#,
            "null",
        ] {
            let value: Result<Value, _> = serde_json::from_str(text);
            let json: Result<Json<'_>, _> = serde_json::from_str(text);
            match (value, json) {
                (Ok(value), Ok(json)) => {
                    assert_eq!(json.to_value(), value, "{text}");
                    assert_eq!(
                        serde_json::to_string(&json.to_value()).unwrap(),
                        serde_json::to_string(&value).unwrap(),
                        "{text}: key order"
                    );
                    assert_eq!(json.to_string(), value.to_string());
                    assert_eq!(Json::borrow(&value), json, "{text}");
                }
                (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string(), "{text}"),
                (a, b) => panic!("{text}: {a:?} against {b:?}"),
            }
        }
        // The one difference: a key given twice, which `Value` reads as its last value.
        let twice = serde_json::from_str::<Json<'_>>(r#"{"a": 1, "b": 2, "a": 3}"#).unwrap_err();
        assert!(
            twice.to_string().contains(&format!("\"a\"{REPEATED}")),
            "{twice}"
        );
        assert_eq!((twice.line(), twice.column()), (1, 24));
        for bad in ["{\"a\": }", "{\"a\": 1", "[1,]", "", "{\"a\": 1} x"] {
            let a = serde_json::from_str::<Value>(bad).unwrap_err();
            let b = serde_json::from_str::<Json<'_>>(bad).unwrap_err();
            assert_eq!(a.to_string(), b.to_string(), "{bad}");
        }
    }
}
