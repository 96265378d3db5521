//! Where certwiz keeps its files: the directories the `directories` crate gives for certwiz
//! (on Linux `$XDG_DATA_HOME/certwiz` and `$XDG_CONFIG_HOME/certwiz`).

use std::path::{Path, PathBuf};

/// The folders certwiz reads and writes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paths {
    /// Profiles, drafts, the order journal and the sandbox's orders.
    pub data_dir: PathBuf,
    /// `config.toml`.
    pub config_dir: PathBuf,
}

/// Why the folders could not be found.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "cannot find a home directory for certwiz's files (set HOME, or XDG_DATA_HOME and XDG_CONFIG_HOME)"
)]
pub struct NoHome;

impl Paths {
    /// The platform's folders for certwiz.
    pub fn discover() -> Result<Self, NoHome> {
        let dirs = directories::ProjectDirs::from("", "", "certwiz").ok_or(NoHome)?;
        Ok(Paths {
            data_dir: dirs.data_dir().to_path_buf(),
            config_dir: dirs.config_dir().to_path_buf(),
        })
    }

    /// Folders under one root, for tests and benchmarks.
    pub fn under(root: &Path) -> Self {
        Paths {
            data_dir: root.join("data"),
            config_dir: root.join("config"),
        }
    }

    /// `config.toml`.
    pub fn config_file(&self) -> PathBuf {
        self.config_dir.join("config.toml")
    }

    /// The embedded sandbox's state (its orders).
    pub fn sandbox_dir(&self) -> PathBuf {
        self.data_dir.join("sandbox")
    }

    /// Saved shipping and subject profiles.
    pub fn profiles_dir(&self) -> PathBuf {
        self.data_dir.join("profiles")
    }

    /// Saved drafts, named and autosaved.
    pub fn drafts_dir(&self) -> PathBuf {
        self.data_dir.join("drafts")
    }

    /// The journal of submitted and tracked orders.
    pub fn journal_file(&self) -> PathBuf {
        self.data_dir.join("orders.db")
    }

    /// certwiz's log.
    pub fn log_file(&self) -> PathBuf {
        self.data_dir.join("certwiz.log")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_nest_under_the_data_dir() {
        let p = Paths::under(Path::new("/tmp/x"));
        assert!(p.sandbox_dir().starts_with(&p.data_dir));
        assert!(p.journal_file().starts_with(&p.data_dir));
        assert_eq!(p.config_file(), Path::new("/tmp/x/config/config.toml"));
    }
}
