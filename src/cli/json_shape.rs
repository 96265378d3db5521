//! The shapes of `--json` output, one place: every key is always present (`null` when there is
//! no value, `[]` for an empty list), so a script can read any key without checking for it. The
//! README's "JSON output" section lists the same keys; `tests/cli/truth.rs` holds the README and
//! the commands' real output to each other.

use serde_json::Value;

/// `certwiz orders --json` (an array of these), and the attempt `orders settle --json` prints.
pub const JOURNAL_ENTRY: &[&str] = &[
    "attempt_id",
    "product",
    "fingerprint",
    "endpoint",
    "base_url",
    "label",
    "created_at",
    "updated_at",
    "state",
    "order_id",
    "request_ids",
    "certificate_id",
    "error",
    "history",
    "csr_key",
    "final_at",
    "batch",
];

/// Each element of a journal entry's `history`.
pub const STATUS_CHANGE: &[&str] = &[
    "at",
    "order_status",
    "request_id",
    "request_status",
    "certificate_id",
];

/// The keys of [`JOURNAL_ENTRY`] that are lists (`[]` when empty).
const LISTS: &[&str] = &["request_ids", "history"];

/// Puts `null` (or `[]` for a list key) in place of every key of `keys` that `value` (an
/// object) leaves out. Other values are left as they are.
pub fn complete(value: &mut Value, keys: &[&str]) {
    if let Value::Object(map) = value {
        for key in keys {
            map.entry(*key).or_insert_with(|| {
                if LISTS.contains(key) {
                    Value::Array(Vec::new())
                } else {
                    Value::Null
                }
            });
        }
    }
}

/// A journal entry as `--json` prints it: every key, its history's too.
pub fn journal_entry(entry: &crate::store::JournalEntry) -> Value {
    let mut value = serde_json::to_value(entry).unwrap_or(Value::Null);
    complete(&mut value, JOURNAL_ENTRY);
    if let Some(history) = value.get_mut("history").and_then(Value::as_array_mut) {
        for change in history {
            complete(change, STATUS_CHANGE);
        }
    }
    value
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn missing_keys_become_null_or_empty_lists() {
        let mut v = json!({"attempt_id": "a", "order_id": 7});
        complete(&mut v, JOURNAL_ENTRY);
        assert_eq!(v.as_object().unwrap().len(), JOURNAL_ENTRY.len());
        assert_eq!(v["order_id"], 7);
        assert!(v["error"].is_null());
        assert_eq!(v["history"], json!([]));
        let mut list = json!([1]);
        complete(&mut list, STATUS_CHANGE);
        assert_eq!(list, json!([1]), "not an object: left alone");
    }
}
