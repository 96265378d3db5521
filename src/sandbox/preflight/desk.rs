//! The sandbox's pre-flight state: the knobs in force and the organizations submitted for
//! document signing validation (kept in `preflight.json` in the sandbox's folder, so a
//! submission outlives the command that made it).

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde_json::{Value, json};

use super::knobs::Knobs;

/// The variable that sets the knobs of a sandbox the binary starts.
pub const PREFLIGHT_ENV: &str = "CERTWIZ_SANDBOX_PREFLIGHT";

/// The knobs and the remembered submissions.
#[derive(Debug)]
pub struct Desk {
    knobs: Mutex<Knobs>,
    file: PathBuf,
}

impl Desk {
    /// No knobs set; submissions kept in `dir`.
    pub fn new(dir: &Path) -> Desk {
        Desk {
            knobs: Mutex::new(Knobs::default()),
            file: dir.join("preflight.json"),
        }
    }

    pub(super) fn knobs(&self) -> Knobs {
        self.knobs.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Organizations submitted for document signing validation.
    pub(super) fn submitted(&self) -> Vec<i64> {
        std::fs::read(&self.file)
            .ok()
            .and_then(|bytes| serde_json::from_slice::<Value>(&bytes).ok())
            .and_then(|v| serde_json::from_value(v["submitted_ds"].clone()).ok())
            .unwrap_or_default()
    }

    pub(super) fn submit(&self, org: i64) -> std::io::Result<()> {
        let mut orgs = self.submitted();
        if !orgs.contains(&org) {
            orgs.push(org);
        }
        let text = json!({ "submitted_ds": orgs }).to_string();
        std::fs::write(&self.file, text)
    }
}

impl Desk {
    /// Sets the knobs (see `super::knobs`); a bad spec changes nothing.
    pub fn set(&self, spec: &str) -> Result<(), String> {
        let knobs = Knobs::parse(spec)?;
        *self.knobs.lock().unwrap_or_else(|e| e.into_inner()) = knobs;
        Ok(())
    }

    /// Applies [`PREFLIGHT_ENV`], when set.
    pub fn apply_env(&self) -> std::io::Result<()> {
        match std::env::var(PREFLIGHT_ENV) {
            Ok(spec) => self.set(&spec).map_err(|why| {
                std::io::Error::new(
                    std::io::ErrorKind::InvalidInput,
                    format!("{PREFLIGHT_ENV}: {why}"),
                )
            }),
            Err(_) => Ok(()),
        }
    }
}
