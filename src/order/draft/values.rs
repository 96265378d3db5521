//! A draft's values: a fixed table with one slot a catalog path (`catalog::SLOT_PATHS`), each
//! value shared (`Arc<str>`) so that copying a draft (a batch row on top of its base) copies no
//! text, and a small map for the paths that are not the catalog's (kept, never lost).
//!
//! It reads, compares, prints and saves as the map of path to text it replaces: in path order,
//! the same JSON object, byte for byte.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::order::blank;
use crate::order::catalog::{self, FieldId, SLOT_COUNT, SLOT_PATHS};

/// Where a field's value is kept: a catalog slot, or a path the catalog does not have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key<'a> {
    Slot(usize),
    Other(&'a str),
}

impl Key<'_> {
    /// The key's path.
    pub fn path(&self) -> &str {
        match *self {
            Key::Slot(slot) => SLOT_PATHS[slot],
            Key::Other(path) => path,
        }
    }
}

/// What names a field of a draft: a [`FieldId`] (no string compared), or a path as text.
pub trait FieldKey {
    fn key(&self) -> Key<'_>;
}

impl FieldKey for Key<'_> {
    fn key(&self) -> Key<'_> {
        *self
    }
}

impl FieldKey for FieldId {
    fn key(&self) -> Key<'_> {
        Key::Slot(self.slot())
    }
}

impl FieldKey for str {
    fn key(&self) -> Key<'_> {
        catalog::slot_of_path(self).map_or(Key::Other(self), Key::Slot)
    }
}

impl FieldKey for String {
    fn key(&self) -> Key<'_> {
        self.as_str().key()
    }
}

impl FieldKey for std::borrow::Cow<'_, str> {
    fn key(&self) -> Key<'_> {
        self.as_ref().key()
    }
}

impl<T: FieldKey + ?Sized> FieldKey for &T {
    fn key(&self) -> Key<'_> {
        (**self).key()
    }
}

/// Text given to a draft, turned into a shared value once.
pub trait IntoText {
    /// The text, to look at before it is kept.
    fn as_text(&self) -> &str;
    fn into_text(self) -> Arc<str>;
}

impl IntoText for Arc<str> {
    fn as_text(&self) -> &str {
        self
    }
    fn into_text(self) -> Arc<str> {
        self
    }
}

impl IntoText for &Arc<str> {
    fn as_text(&self) -> &str {
        self
    }
    fn into_text(self) -> Arc<str> {
        Arc::clone(self)
    }
}

impl IntoText for String {
    fn as_text(&self) -> &str {
        self
    }
    fn into_text(self) -> Arc<str> {
        Arc::from(self)
    }
}

impl IntoText for &String {
    fn as_text(&self) -> &str {
        self
    }
    fn into_text(self) -> Arc<str> {
        Arc::from(self.as_str())
    }
}

impl IntoText for &str {
    fn as_text(&self) -> &str {
        self
    }
    fn into_text(self) -> Arc<str> {
        Arc::from(self)
    }
}

impl IntoText for std::borrow::Cow<'_, str> {
    fn as_text(&self) -> &str {
        self
    }
    fn into_text(self) -> Arc<str> {
        Arc::from(self)
    }
}

/// Field path → text as typed: one slot a catalog path, the other paths in a map.
#[derive(Clone, PartialEq, Eq)]
pub struct Values {
    slots: Box<[Option<Arc<str>>; SLOT_COUNT]>,
    /// Paths that are not the catalog's (a draft saved by another version, say), kept as read.
    other: BTreeMap<String, String>,
}

impl Default for Values {
    fn default() -> Self {
        Values {
            slots: Box::new([const { None }; SLOT_COUNT]),
            other: BTreeMap::new(),
        }
    }
}

impl Values {
    /// The text at a field, if it has any (empty text included).
    pub fn get(&self, field: impl FieldKey) -> Option<&str> {
        match field.key() {
            Key::Slot(slot) => self.slots[slot].as_deref(),
            Key::Other(path) => self.other.get(path).map(String::as_str),
        }
    }

    /// Whether a field has an entry (empty text included).
    pub fn contains_key(&self, field: impl FieldKey) -> bool {
        self.get(field).is_some()
    }

    /// Puts `text` at a field, as given (empty text is kept as an entry).
    pub fn insert(&mut self, field: impl FieldKey, text: impl IntoText) {
        match field.key() {
            Key::Slot(slot) => self.slots[slot] = Some(text.into_text()),
            Key::Other(path) => {
                self.other
                    .insert(path.to_owned(), text.into_text().to_string());
            }
        }
    }

    /// Removes a field's entry.
    pub fn remove(&mut self, field: impl FieldKey) {
        match field.key() {
            Key::Slot(slot) => self.slots[slot] = None,
            Key::Other(path) => {
                self.other.remove(path);
            }
        }
    }

    /// Keeps only the entries for which `keep(path, text)` holds.
    pub fn retain(&mut self, mut keep: impl FnMut(&str, &str) -> bool) {
        for (slot, value) in self.slots.iter_mut().enumerate() {
            if value
                .as_deref()
                .is_some_and(|text| !keep(SLOT_PATHS[slot], text))
            {
                *value = None;
            }
        }
        self.other.retain(|path, text| keep(path, text));
    }

    /// Whether any field inside the object at `object` has text that is not blank.
    pub fn any_given_inside(&self, object: &str) -> bool {
        self.slots[catalog::slots_inside(object)]
            .iter()
            .flatten()
            .any(|text| !blank::is_blank(text))
            || (!self.other.is_empty()
                && self
                    .other
                    .iter()
                    .any(|(k, v)| catalog::is_inside(k, object) && !blank::is_blank(v)))
    }

    /// Removes every field inside the object at `object`.
    pub fn remove_inside(&mut self, object: &str) {
        for value in &mut self.slots[catalog::slots_inside(object)] {
            *value = None;
        }
        self.other.retain(|k, _| !catalog::is_inside(k, object));
    }

    /// The catalog slots that have an entry, in path order, with their shared text.
    pub(crate) fn slots(&self) -> impl Iterator<Item = (usize, &Arc<str>)> {
        self.slots
            .iter()
            .enumerate()
            .filter_map(|(slot, value)| Some((slot, value.as_ref()?)))
    }

    /// The entries that are not catalog paths, in path order.
    pub(crate) fn others(&self) -> impl Iterator<Item = (&str, &str)> {
        self.other.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }

    /// Every entry, in path order: the order a map of paths gives.
    pub fn iter(&self) -> Iter<'_> {
        Iter {
            slots: self.slots.iter().enumerate(),
            next_slot: None,
            other: self.other.iter().peekable(),
        }
    }

    /// Every path with an entry, in path order.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.iter().map(|(k, _)| k)
    }

    /// How many entries.
    pub fn len(&self) -> usize {
        self.slots.iter().flatten().count() + self.other.len()
    }

    /// Whether there is no entry at all.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// The entries of [`Values`] in path order: the slots (sorted by path) merged with the map.
pub struct Iter<'a> {
    slots: std::iter::Enumerate<std::slice::Iter<'a, Option<Arc<str>>>>,
    next_slot: Option<(&'static str, &'a str)>,
    other: std::iter::Peekable<std::collections::btree_map::Iter<'a, String, String>>,
}

impl<'a> Iterator for Iter<'a> {
    type Item = (&'a str, &'a str);

    fn next(&mut self) -> Option<Self::Item> {
        if self.next_slot.is_none() {
            self.next_slot = self
                .slots
                .by_ref()
                .find_map(|(slot, value)| Some((SLOT_PATHS[slot], value.as_deref()?)));
        }
        match (self.next_slot, self.other.peek()) {
            (Some((path, _)), Some((other, _))) if other.as_str() < path => {
                self.other.next().map(|(k, v)| (k.as_str(), v.as_str()))
            }
            (Some(entry), _) => {
                self.next_slot = None;
                Some(entry)
            }
            (None, _) => self.other.next().map(|(k, v)| (k.as_str(), v.as_str())),
        }
    }
}

impl<'a> IntoIterator for &'a Values {
    type Item = (&'a str, &'a str);
    type IntoIter = Iter<'a>;

    fn into_iter(self) -> Iter<'a> {
        self.iter()
    }
}

impl fmt::Debug for Values {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

impl Serialize for Values {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.iter())
    }
}

impl<'de> Deserialize<'de> for Values {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let map = BTreeMap::<String, String>::deserialize(deserializer)?;
        Ok(map.into_iter().collect())
    }
}

impl FromIterator<(String, String)> for Values {
    fn from_iter<I: IntoIterator<Item = (String, String)>>(entries: I) -> Self {
        let mut values = Values::default();
        for (path, text) in entries {
            values.insert(&path, text);
        }
        values
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(entries: &[(&str, &str)]) -> BTreeMap<String, String> {
        entries
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn values_read_save_and_print_as_the_map_of_paths() {
        // Catalog paths and others mixed, sorted before, between and after the slots.
        let entries = map(&[
            ("a.unknown", "1"),
            ("certificate.signature_hash", "sha256"),
            ("comments", ""),
            ("custom_thing", "x"),
            ("ship_info.city", "Boston"),
            ("ship_info.cityx", "y"),
            ("subject.name", "Ada"),
            ("zzz", "last"),
        ]);
        let values: Values = entries.clone().into_iter().collect();
        assert_eq!(
            serde_json::to_string(&values).unwrap(),
            serde_json::to_string(&entries).unwrap()
        );
        assert_eq!(
            serde_json::to_string_pretty(&values).unwrap(),
            serde_json::to_string_pretty(&entries).unwrap()
        );
        assert_eq!(format!("{values:?}"), format!("{entries:?}"));
        assert_eq!(values.len(), entries.len());
        let back: Values = serde_json::from_str(&serde_json::to_string(&entries).unwrap()).unwrap();
        assert_eq!(back, values);
        let keys: Vec<&str> = values.keys().collect();
        let want: Vec<&str> = entries.keys().map(String::as_str).collect();
        assert_eq!(keys, want);
        assert_eq!(values.get("comments"), Some(""));
        assert_eq!(values.get("custom_thing"), Some("x"));
        assert_eq!(values.get(FieldId::SubjectName), Some("Ada"));
        assert_eq!(values.get("subject.email"), None);
    }

    #[test]
    fn objects_are_found_and_cleared_in_slots_and_others() {
        let mut values: Values = map(&[
            ("ship_info.city", " "),
            ("ship_info.note", "x"),
            ("ship_infos", "y"),
        ])
        .into_iter()
        .collect();
        assert!(
            values.any_given_inside("ship_info"),
            "the unknown path counts"
        );
        values.remove("ship_info.note");
        assert!(!values.any_given_inside("ship_info"), "blank text does not");
        values.insert(FieldId::ShipZip, "1");
        assert!(values.any_given_inside("ship_info"));
        values.remove_inside("ship_info");
        assert_eq!(format!("{values:?}"), r#"{"ship_infos": "y"}"#);
    }
}
