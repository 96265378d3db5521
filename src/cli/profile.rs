//! `certwiz profile`: list, show, save and delete shipping and subject profiles.

use std::path::{Path, PathBuf};

use clap::Subcommand;
use clap::builder::PossibleValue;

use super::exit::{self, Exit};
use crate::order::validate::has_errors;
use crate::paths::Paths;
use crate::store::profiles::{check_fields, fields_from_json};
use crate::store::{Profile, ProfileKind, Store, StoreError};

impl clap::ValueEnum for ProfileKind {
    fn value_variants<'a>() -> &'a [Self] {
        &ProfileKind::ALL
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(PossibleValue::new(self.as_str()).help(match self {
            ProfileKind::Shipping => "where the token is shipped (ship_info)",
            ProfileKind::Subject => "the person named on the certificate (subject)",
        }))
    }
}

/// What `certwiz profile` can do.
#[derive(Debug, Subcommand)]
pub enum ProfileCommand {
    /// List saved profiles, one per line: kind, name and a summary, separated by tabs.
    List {
        /// Only this kind.
        kind: Option<ProfileKind>,
    },
    /// Print a profile as JSON (which `profile save` reads back).
    ///
    /// Exits 2 when there is no such profile.
    Show {
        /// Which kind of profile.
        kind: ProfileKind,
        /// The profile's name, as listed.
        name: String,
    },
    /// Save a profile from a JSON file, replacing one of the same name.
    ///
    /// FILE holds the `ship_info` or `subject` object of an order, a whole order body or a
    /// certwiz draft (the object is taken from it), or a profile as `profile show` prints it.
    /// The values are checked by the same rules as the form: exits 1 without saving when there
    /// are errors, 2 when FILE cannot be read or parsed.
    Save {
        /// Which kind of profile.
        kind: ProfileKind,
        /// Any printable text, such as "Rene / counselor".
        name: String,
        /// The JSON file; - reads standard input.
        #[arg(value_name = "FILE")]
        file: PathBuf,
    },
    /// Delete a profile.
    ///
    /// Exits 2 when there is no such profile.
    Delete {
        /// Which kind of profile.
        kind: ProfileKind,
        /// The profile's name, as listed.
        name: String,
    },
}

/// Opens the store in the data folder, or says why it cannot.
pub(super) fn open_store() -> Result<Store, Exit> {
    Paths::discover()
        .map(|p| Store::open(&p))
        .map_err(|e| Exit::with(exit::USAGE, e))
}

/// Prints the files the store set aside, so the person learns where they went.
pub(super) fn report_set_aside(store: &Store) {
    for item in store.take_set_aside() {
        errln!("certwiz: warning: {item}");
    }
}

/// Prints a store failure and gives the exit code for it.
pub(super) fn failed(e: &StoreError) -> u8 {
    errln!("certwiz: {e}");
    exit::USAGE
}

/// `certwiz profile`.
pub fn run(command: &ProfileCommand) -> u8 {
    let store = match open_store() {
        Ok(store) => store,
        Err(exit) => return exit.report(),
    };
    let code = match command {
        ProfileCommand::List { kind } => list(&store, *kind),
        ProfileCommand::Show { kind, name } => show(&store, *kind, name),
        ProfileCommand::Save { kind, name, file } => save(&store, *kind, name, file),
        ProfileCommand::Delete { kind, name } => match store.profiles.delete(*kind, name) {
            Ok(()) => {
                outln!("deleted {kind} profile {name:?}");
                exit::OK
            }
            Err(e) => failed(&e),
        },
    };
    report_set_aside(&store);
    code
}

fn list(store: &Store, kind: Option<ProfileKind>) -> u8 {
    let kinds = kind.map_or(ProfileKind::ALL.to_vec(), |k| vec![k]);
    for kind in kinds {
        let summaries = match store.profiles.summaries(kind) {
            Ok(s) => s,
            Err(e) => return failed(&e),
        };
        for s in summaries {
            outln!("{kind}\t{}\t{}", s.name, s.summary);
        }
    }
    exit::OK
}

fn show(store: &Store, kind: ProfileKind, name: &str) -> u8 {
    let profile = match store.profiles.get(kind, name) {
        Ok(p) => p,
        Err(e) => return failed(&e),
    };
    match serde_json::to_string_pretty(&profile.to_file()) {
        Ok(text) => {
            outln!("{text}");
            exit::OK
        }
        Err(e) => {
            errln!("certwiz: the profile cannot be written as JSON: {e}");
            exit::USAGE
        }
    }
}

fn save(store: &Store, kind: ProfileKind, name: &str, file: &Path) -> u8 {
    let shown = file.display().to_string();
    let text = crate::infile::read_arg_text(file, crate::infile::Kind::Profile);
    let text = match text {
        Ok(text) => text,
        Err(e) => {
            errln!("certwiz: cannot read {shown}: {e}");
            return exit::USAGE;
        }
    };
    let (fields, mut diagnostics) = match fields_from_json(kind, &text) {
        Ok(read) => read,
        Err(e) => {
            errln!("certwiz: {shown}: {e}");
            return exit::USAGE;
        }
    };
    diagnostics.extend(check_fields(kind, &fields));
    for d in &diagnostics {
        outln!("{d}");
    }
    if has_errors(&diagnostics) {
        errln!("certwiz: the {kind} profile has errors; it was not saved");
        return exit::INVALID;
    }
    let profile = Profile {
        kind,
        name: name.to_owned(),
        saved_at: None,
        fields,
    };
    match store.profiles.save(&profile) {
        Ok(saved) => {
            outln!("saved {kind} profile {:?}", saved.name);
            exit::OK
        }
        Err(e) => failed(&e),
    }
}
