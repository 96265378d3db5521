//! `signature_hash_types` of product info and of the product list, read leniently.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::order::lenient;

/// One allowed signature hash: `{"id": "sha256", "name": "SHA-256"}`.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HashType {
    #[serde(deserialize_with = "lenient_text")]
    pub id: String,
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub name: Option<String>,
}

fn lenient_text<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    use serde::de::Error as _;
    lenient::opt_text(d)?.ok_or_else(|| D::Error::custom("expected text"))
}

/// `signature_hash_types` of product info. The product page documents an object
/// (`{"allowed_hash_types": [{"id": "sha256", "name": "SHA-256"}], "default_hash_type_id":
/// "sha256"}`); a bare list of hash objects or of ids is read too. Serialized in the documented
/// form.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct SignatureHashTypes {
    /// The hashes the product allows.
    pub allowed_hash_types: Vec<HashType>,
    /// The hash used when the order names none.
    pub default_hash_type_id: Option<String>,
}

impl SignatureHashTypes {
    /// Whether the product allows the hash `id`; with no list known, every hash is allowed.
    pub fn allows(&self, id: &str) -> bool {
        self.allowed_hash_types.is_empty() || self.allowed_hash_types.iter().any(|h| h.id == id)
    }

    fn from_value(value: Value) -> Self {
        let hashes = |items: Value| -> Vec<HashType> {
            match items {
                Value::Array(items) => items
                    .into_iter()
                    .filter_map(|item| match item {
                        Value::String(id) => Some(HashType { id, name: None }),
                        other => serde_json::from_value(other).ok(),
                    })
                    .collect(),
                _ => Vec::new(),
            }
        };
        match value {
            Value::Object(mut object) => SignatureHashTypes {
                allowed_hash_types: hashes(
                    object.remove("allowed_hash_types").unwrap_or(Value::Null),
                ),
                default_hash_type_id: object
                    .get("default_hash_type_id")
                    .and_then(lenient::to_text),
            },
            list @ Value::Array(_) => SignatureHashTypes {
                allowed_hash_types: hashes(list),
                default_hash_type_id: None,
            },
            _ => SignatureHashTypes::default(),
        }
    }
}

impl<'de> Deserialize<'de> for SignatureHashTypes {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(SignatureHashTypes::from_value(Value::deserialize(d)?))
    }
}
