//! A folder of JSON files, one per named item (a profile, a saved draft), behind one lock.
//! Shared by [`super::profiles`] and [`super::drafts`].

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use serde::Serialize;
use serde::de::DeserializeOwned;

use super::atomic;
use super::error::StoreError;
use super::lock::{LockGuard, StoreLock};
use super::name;
use super::set_aside::{SetAsideLog, read_versioned};

/// An item that keeps its own name inside its file.
pub trait Named {
    /// The name as the person typed it.
    fn name(&self) -> &str;
}

/// One folder of named files.
#[derive(Debug, Clone)]
pub struct NamedFiles {
    pub dir: PathBuf,
    /// What an item is called in messages ("shipping profile").
    pub what: &'static str,
    pub version_key: &'static str,
    pub version: u32,
    pub lock: StoreLock,
    pub log: SetAsideLog,
}

impl NamedFiles {
    /// Takes the folder's lock.
    pub fn lock(&self) -> Result<LockGuard, StoreError> {
        self.lock.acquire()
    }

    fn path(&self, name: &str) -> Result<(String, PathBuf), StoreError> {
        let name = name::check(name)?.to_owned();
        let path = self.dir.join(name::file_name(&name));
        Ok((name, path))
    }

    fn read<T: DeserializeOwned>(&self, path: &Path) -> Result<Option<T>, StoreError> {
        read_versioned(path, self.version_key, self.version, &self.log)
    }

    /// Loads an item by name; `None` when there is none. Call with the lock held.
    pub fn load_locked<T: DeserializeOwned + Named>(
        &self,
        name: &str,
    ) -> Result<Option<T>, StoreError> {
        let (name, path) = self.path(name)?;
        Ok(self.read::<T>(&path)?.filter(|item| item.name() == name))
    }

    /// Loads an item by name; `None` when there is none.
    pub fn load<T: DeserializeOwned + Named>(&self, name: &str) -> Result<Option<T>, StoreError> {
        let _guard = self.lock()?;
        self.load_locked(name)
    }

    /// Writes an item under its name, replacing an item of the same name. Call with the lock held.
    pub fn save_locked<T: Serialize + DeserializeOwned + Named>(
        &self,
        item: &T,
    ) -> Result<(), StoreError> {
        let (name, path) = self.path(item.name())?;
        // Reading first sets aside a bad file rather than overwriting it, and finds a clash.
        if let Some(existing) = self.read::<T>(&path)?
            && existing.name() != name
        {
            return Err(StoreError::NameClash {
                what: self.what,
                name,
                other: existing.name().to_owned(),
            });
        }
        atomic::ensure_dir(&self.dir)?;
        atomic::write_json(&path, item)
    }

    /// Removes an item; false when there was none. Call with the lock held.
    pub fn delete_locked<T: DeserializeOwned + Named>(
        &self,
        name: &str,
    ) -> Result<bool, StoreError> {
        let (name, path) = self.path(name)?;
        match self.read::<T>(&path)? {
            Some(item) if item.name() == name => {
                atomic::remove(&path)?;
                Ok(true)
            }
            _ => Ok(false),
        }
    }

    /// Every readable item, sorted by name; bad files are set aside on the way.
    pub fn list<T: DeserializeOwned + Named>(&self) -> Result<Vec<T>, StoreError> {
        let _guard = self.lock()?;
        let entries = match fs::read_dir(&self.dir) {
            Ok(entries) => entries,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(StoreError::io("list", &self.dir, e)),
        };
        let mut items = Vec::new();
        for entry in entries {
            let entry = entry.map_err(|e| StoreError::io("list", &self.dir, e))?;
            let file_name = entry.file_name();
            let file_name = file_name.to_string_lossy();
            // Temporary files start with a dot; set-aside files do not end in .json.
            if file_name.starts_with('.') || !file_name.ends_with(".json") {
                continue;
            }
            // A file copied in under another file name could not be loaded by its name.
            if let Some(item) = self.read::<T>(&entry.path())?
                && name::check(item.name()).is_ok_and(|n| name::file_name(n) == file_name)
            {
                items.push(item);
            }
        }
        items.sort_by(|a, b| a.name().cmp(b.name()));
        Ok(items)
    }
}
