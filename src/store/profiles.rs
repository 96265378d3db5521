//! The profile store: `profiles/shipping/` and `profiles/subject/`, one file per profile, under
//! one lock. One file per profile means saving one never rewrites another.

use std::path::PathBuf;

use time::OffsetDateTime;

pub use super::profile::{
    PROFILE_FORMAT_VERSION, Profile, ProfileFile, ProfileKind, check_fields, fields_from_json,
};

use super::error::StoreError;
use super::lock::StoreLock;
use super::named_files::{Named, NamedFiles};
use super::set_aside::SetAsideLog;

impl Named for ProfileFile {
    fn name(&self) -> &str {
        &self.profile.name
    }
}

/// A profile as a picker lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProfileSummary {
    pub kind: ProfileKind,
    pub name: String,
    /// One line of the profile's values.
    pub summary: String,
    pub saved_at: Option<OffsetDateTime>,
}

/// Saved shipping and subject profiles.
#[derive(Debug, Clone)]
pub struct Profiles {
    shipping: NamedFiles,
    subject: NamedFiles,
}

impl Profiles {
    /// The profiles under `dir` (normally [`crate::paths::Paths::profiles_dir`]).
    pub fn new(dir: PathBuf, log: SetAsideLog) -> Self {
        let lock = StoreLock::new(dir.join(".lock"));
        let files = |kind: ProfileKind, what| NamedFiles {
            dir: dir.join(kind.as_str()),
            what,
            version_key: "certwiz_profile",
            version: PROFILE_FORMAT_VERSION,
            lock: lock.clone(),
            log: log.clone(),
        };
        Profiles {
            shipping: files(ProfileKind::Shipping, "shipping profile"),
            subject: files(ProfileKind::Subject, "subject profile"),
        }
    }

    fn files(&self, kind: ProfileKind) -> &NamedFiles {
        match kind {
            ProfileKind::Shipping => &self.shipping,
            ProfileKind::Subject => &self.subject,
        }
    }

    /// Saves a profile under its name (replacing one of the same name), stamped with the time;
    /// returns what was written. The name must pass [`super::name::check`].
    pub fn save(&self, profile: &Profile) -> Result<Profile, StoreError> {
        let mut profile = profile.clone();
        profile.name = super::name::check(&profile.name)?.to_owned();
        profile.saved_at = Some(OffsetDateTime::now_utc());
        let files = self.files(profile.kind);
        let _guard = files.lock()?;
        files.save_locked(&profile.to_file())?;
        Ok(profile)
    }

    /// Loads a profile; `None` when there is none by that name.
    pub fn load(&self, kind: ProfileKind, name: &str) -> Result<Option<Profile>, StoreError> {
        Ok(self
            .files(kind)
            .load::<ProfileFile>(name)?
            .map(|file| with_kind(file, kind)))
    }

    /// Loads a profile, or says there is none by that name.
    pub fn get(&self, kind: ProfileKind, name: &str) -> Result<Profile, StoreError> {
        self.load(kind, name)?
            .ok_or_else(|| self.not_found(kind, name))
    }

    /// Whether a profile of that name exists (to ask before replacing it).
    pub fn exists(&self, kind: ProfileKind, name: &str) -> Result<bool, StoreError> {
        Ok(self.load(kind, name)?.is_some())
    }

    /// Every readable profile of a kind, sorted by name.
    pub fn list(&self, kind: ProfileKind) -> Result<Vec<Profile>, StoreError> {
        Ok(self
            .files(kind)
            .list::<ProfileFile>()?
            .into_iter()
            .map(|file| with_kind(file, kind))
            .collect())
    }

    /// One line per profile of a kind, for a picker.
    pub fn summaries(&self, kind: ProfileKind) -> Result<Vec<ProfileSummary>, StoreError> {
        Ok(self
            .list(kind)?
            .into_iter()
            .map(|p| ProfileSummary {
                kind,
                summary: p.summary(),
                name: p.name,
                saved_at: p.saved_at,
            })
            .collect())
    }

    /// Renames a profile. Refuses when the new name is taken, so nothing is replaced silently.
    pub fn rename(&self, kind: ProfileKind, from: &str, to: &str) -> Result<Profile, StoreError> {
        let files = self.files(kind);
        let to = super::name::check(to)?;
        let _guard = files.lock()?;
        let mut file = files
            .load_locked::<ProfileFile>(from)?
            .ok_or_else(|| self.not_found(kind, from))?;
        if file.profile.name == to {
            return Ok(with_kind(file, kind));
        }
        if files.load_locked::<ProfileFile>(to)?.is_some() {
            return Err(StoreError::AlreadyExists {
                what: files.what,
                name: to.to_owned(),
            });
        }
        let old_name = std::mem::replace(&mut file.profile.name, to.to_owned());
        // Write the new one first: a crash in between leaves two copies, never none.
        files.save_locked(&file)?;
        files.delete_locked::<ProfileFile>(&old_name)?;
        Ok(with_kind(file, kind))
    }

    /// Deletes a profile, or says there is none by that name.
    pub fn delete(&self, kind: ProfileKind, name: &str) -> Result<(), StoreError> {
        let files = self.files(kind);
        let _guard = files.lock()?;
        if files.delete_locked::<ProfileFile>(name)? {
            Ok(())
        } else {
            Err(self.not_found(kind, name))
        }
    }

    fn not_found(&self, kind: ProfileKind, name: &str) -> StoreError {
        StoreError::NotFound {
            what: self.files(kind).what,
            name: name.to_owned(),
        }
    }
}

/// The folder decides the kind, whatever a hand-edited file says.
fn with_kind(file: ProfileFile, kind: ProfileKind) -> Profile {
    Profile {
        kind,
        ..file.profile
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn profile(kind: ProfileKind, name: &str, city: &str) -> Profile {
        Profile {
            kind,
            name: name.to_owned(),
            saved_at: None,
            fields: BTreeMap::from([("name".to_owned(), city.to_owned())]),
        }
    }

    #[test]
    fn save_load_rename_delete() {
        let tmp = tempfile::tempdir().unwrap();
        let store = Profiles::new(tmp.path().to_path_buf(), SetAsideLog::default());
        let saved = store
            .save(&profile(ProfileKind::Shipping, " Rene / counselor ", "R"))
            .unwrap();
        assert_eq!(saved.name, "Rene / counselor");
        assert!(saved.saved_at.is_some());
        assert_eq!(
            store
                .get(ProfileKind::Shipping, "Rene / counselor")
                .unwrap(),
            saved
        );
        assert!(
            !store
                .exists(ProfileKind::Subject, "Rene / counselor")
                .unwrap()
        );
        store
            .save(&profile(ProfileKind::Shipping, "Other", "O"))
            .unwrap();
        let err = store
            .rename(ProfileKind::Shipping, "Rene / counselor", "Other")
            .unwrap_err();
        assert!(matches!(err, StoreError::AlreadyExists { .. }), "{err}");
        let renamed = store
            .rename(ProfileKind::Shipping, "Rene / counselor", "Rene")
            .unwrap();
        assert_eq!(renamed.fields, saved.fields);
        let names: Vec<_> = store
            .summaries(ProfileKind::Shipping)
            .unwrap()
            .into_iter()
            .map(|s| (s.name, s.summary))
            .collect();
        assert_eq!(
            names,
            [("Other".into(), "O".into()), ("Rene".into(), "R".into())]
        );
        store.delete(ProfileKind::Shipping, "Rene").unwrap();
        let err = store.delete(ProfileKind::Shipping, "Rene").unwrap_err();
        assert_eq!(
            err.to_string(),
            r#"there is no shipping profile named "Rene""#
        );
        assert!(
            store
                .save(&profile(ProfileKind::Subject, "\n", "x"))
                .is_err()
        );
    }
}
