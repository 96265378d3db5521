//! Reading the store's versioned JSON files. A file that cannot be parsed, or that a newer certwiz
//! wrote, is moved aside under a new name (never deleted, never overwritten) and reported, so the
//! rest of certwiz carries on and the person can still recover it by hand.

use std::fmt;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use serde::Deserializer;
use serde::de::{DeserializeOwned, DeserializeSeed, IgnoredAny, MapAccess, Visitor};
use serde_json::Value;
use time::OffsetDateTime;
use time::macros::format_description;

use super::atomic;
use super::error::StoreError;

/// Why a file was set aside.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SetAsideReason {
    /// Not valid JSON, or not the shape certwiz writes.
    Unreadable(String),
    /// Written by a newer certwiz, in a format version this build does not know.
    Newer { found: u64, supported: u32 },
}

impl fmt::Display for SetAsideReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SetAsideReason::Unreadable(why) => write!(f, "it cannot be read: {why}"),
            SetAsideReason::Newer { found, supported } => write!(
                f,
                "a newer certwiz wrote it (format version {found}; this one reads up to {supported})"
            ),
        }
    }
}

/// A file the store could not use and moved out of the way, for the UI to show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SetAside {
    /// Where the file was.
    pub path: PathBuf,
    /// Where it is now.
    pub moved_to: PathBuf,
    pub reason: SetAsideReason,
}

impl fmt::Display for SetAside {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {}; it was moved to {} and certwiz goes on without it",
            self.path.display(),
            self.reason,
            self.moved_to.display()
        )
    }
}

/// The files set aside since the UI last looked; shared by every part of one [`super::Store`].
#[derive(Debug, Clone, Default)]
pub struct SetAsideLog(Arc<Mutex<Vec<SetAside>>>);

impl SetAsideLog {
    /// Records one file.
    pub fn push(&self, item: SetAside) {
        self.0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .push(item);
    }

    /// Everything recorded so far, leaving the log empty.
    pub fn take(&self) -> Vec<SetAside> {
        std::mem::take(&mut *self.0.lock().unwrap_or_else(|p| p.into_inner()))
    }
}

/// Reads a versioned JSON file whose version sits under `version_key`. `Ok(None)` when the file
/// does not exist, or when it was set aside (and recorded in `log`). Errors are I/O failures,
/// including a file that is bad but could not be moved aside: it must then not be overwritten.
pub fn read_versioned<T: DeserializeOwned>(
    path: &Path,
    version_key: &str,
    supported: u32,
    log: &SetAsideLog,
) -> Result<Option<T>, StoreError> {
    let bytes = match crate::infile::read(path, crate::infile::Kind::Stored) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(StoreError::io("read", path, e)),
    };
    match parse(&bytes, version_key, supported) {
        Ok(value) => Ok(Some(value)),
        Err(reason) => {
            let moved_to = move_aside(path, &reason)?;
            log.push(SetAside {
                path: path.to_path_buf(),
                moved_to,
                reason,
            });
            Ok(None)
        }
    }
}

fn parse<T: DeserializeOwned>(
    bytes: &[u8],
    version_key: &str,
    supported: u32,
) -> Result<T, SetAsideReason> {
    let unreadable = |why: String| SetAsideReason::Unreadable(why);
    // The version first, skipping the rest: a newer file may not read as `T`. Then `T` straight
    // from the bytes: no `Value` tree of the whole file (for a journal of a thousand orders that
    // tree was the largest allocation of a wizard following them).
    let found = match version_of(bytes, version_key).map_err(|e| unreadable(e.to_string()))? {
        Some(v) => v.as_u64().ok_or_else(|| {
            unreadable(format!(
                "its {version_key} format version {v} is not a number"
            ))
        })?,
        None => {
            return Err(unreadable(format!(
                "it has no {version_key} format version"
            )));
        }
    };
    if found > u64::from(supported) {
        return Err(SetAsideReason::Newer { found, supported });
    }
    serde_json::from_slice(bytes).map_err(|e| unreadable(e.to_string()))
}

/// The value of a JSON object's top-level `key`, read without building the rest of it; `None`
/// when the object has no such key. An error when the bytes are not one JSON object.
fn version_of(bytes: &[u8], key: &str) -> Result<Option<Value>, serde_json::Error> {
    struct Probe<'k>(&'k str);

    impl<'de> DeserializeSeed<'de> for Probe<'_> {
        type Value = Option<Value>;
        fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            d.deserialize_map(self)
        }
    }

    impl<'de> Visitor<'de> for Probe<'_> {
        type Value = Option<Value>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a JSON object")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            let mut found = None;
            while let Some(name) = map.next_key::<String>()? {
                if name == self.0 {
                    found = Some(map.next_value::<Value>()?);
                } else {
                    map.next_value::<IgnoredAny>()?;
                }
            }
            Ok(found)
        }
    }

    let mut de = serde_json::Deserializer::from_slice(bytes);
    let found = Probe(key).deserialize(&mut de)?;
    de.end()?;
    Ok(found)
}

/// Moves a file to `<name>.corrupt-<time>` (or `.newer-<time>`), adding `-2`, `-3`… rather than
/// replacing anything already there.
pub(crate) fn move_aside(path: &Path, reason: &SetAsideReason) -> Result<PathBuf, StoreError> {
    let tag = match reason {
        SetAsideReason::Unreadable(_) => "corrupt",
        SetAsideReason::Newer { .. } => "newer",
    };
    let stamp = OffsetDateTime::now_utc()
        .format(format_description!(
            "[year][month][day]T[hour][minute][second]Z"
        ))
        .unwrap_or_else(|_| "unknown-time".to_owned());
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    for n in 1..1000 {
        let suffix = if n == 1 {
            String::new()
        } else {
            format!("-{n}")
        };
        let target = path.with_file_name(format!("{name}.{tag}-{stamp}{suffix}"));
        // A hard link fails when the target exists, so nothing is ever replaced.
        match fs::hard_link(path, &target) {
            Ok(()) => {
                atomic::remove(path)?;
                return Ok(target);
            }
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            // Some file systems have no hard links. The store's lock is held and the name is
            // new, so checking before renaming is enough there.
            Err(_) if !target.exists() => {
                fs::rename(path, &target).map_err(|e| StoreError::io("move aside", path, e))?;
                atomic::sync_dir(path.parent().unwrap_or(Path::new(".")))?;
                return Ok(target);
            }
            Err(e) => return Err(StoreError::io("move aside", path, e)),
        }
    }
    Err(StoreError::io(
        "move aside",
        path,
        io::Error::other("too many files set aside already"),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize, PartialEq)]
    struct Thing {
        certwiz_thing: u32,
        text: String,
    }

    fn read(path: &Path, log: &SetAsideLog) -> Option<Thing> {
        read_versioned(path, "certwiz_thing", 1, log).unwrap()
    }

    #[test]
    fn good_and_missing_files() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("t.json");
        let log = SetAsideLog::default();
        assert_eq!(read(&path, &log), None);
        fs::write(&path, r#"{"certwiz_thing": 1, "text": "hi"}"#).unwrap();
        assert_eq!(read(&path, &log).unwrap().text, "hi");
        assert!(log.take().is_empty());
    }

    #[test]
    fn bad_files_are_moved_aside_and_reported() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("t.json");
        let log = SetAsideLog::default();
        for (text, newer) in [
            ("{not json", false),
            (r#"{"text": "no version"}"#, false),
            (r#"{"certwiz_thing": "one", "text": "x"}"#, false),
            (r#"{"certwiz_thing": 1, "text": 5}"#, false),
            (r#"{"certwiz_thing": 2, "text": "future"}"#, true),
        ] {
            fs::write(&path, text).unwrap();
            assert_eq!(read(&path, &log), None, "{text}");
            assert!(!path.exists());
            let found = log.take();
            assert_eq!(found.len(), 1);
            assert_eq!(fs::read_to_string(&found[0].moved_to).unwrap(), text);
            assert_eq!(
                matches!(found[0].reason, SetAsideReason::Newer { found: 2, .. }),
                newer
            );
            assert!(found[0].to_string().contains("t.json"), "{}", found[0]);
        }
        // Five files, none replaced, even within the same second.
        assert_eq!(fs::read_dir(tmp.path()).unwrap().count(), 5);
    }
}
