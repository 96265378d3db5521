//! `certwiz draft`: list, show, convert and delete saved drafts.

use clap::Subcommand;
use time::format_description::well_known::Rfc3339;

use super::exit;
use super::profile::{failed, open_store, report_set_aside};
use crate::order::{DraftFile, Product, convert};
use crate::store::Store;

/// What `certwiz draft` can do.
#[derive(Debug, Subcommand)]
pub enum DraftCommand {
    /// List the named drafts, one per line: name, time saved and a summary, separated by tabs.
    ///
    /// The autosaved draft in progress, if any, is mentioned on standard error.
    List,
    /// Print a draft as JSON; the output is a FILE for validate, preview and submit.
    ///
    /// Exits 2 when there is no such draft.
    Show {
        /// The draft's name, as listed.
        #[arg(required_unless_present = "autosave", conflicts_with = "autosave")]
        name: Option<String>,
        /// Print the autosaved draft in progress instead.
        #[arg(long)]
        autosave: bool,
    },
    /// Copy a named draft to another product, as a new draft; the original is kept as it is.
    ///
    /// From document_signing_org_1/2 to a current product (ds_individual, ds_org,
    /// ds_org_individual) the subject becomes the person (or ds_org's organization contact),
    /// validity_years becomes order_validity.years and usage_designation.primary_usage is set to
    /// signing; every change, and every answer the new product has no place for, is listed.
    /// Exits 2 when there is no such draft, or when the new name is taken.
    Convert {
        /// The draft's name, as listed.
        name: String,
        /// The product to move it to.
        #[arg(long)]
        product: crate::order::Product,
        /// The new draft's name; NAME-PRODUCT without it.
        #[arg(long = "as", value_name = "NEW_NAME")]
        new_name: Option<String>,
    },
    /// Delete a named draft.
    ///
    /// Exits 2 when there is no such draft.
    Delete {
        /// The draft's name, as listed.
        name: String,
    },
}

/// `certwiz draft`.
pub fn run(command: &DraftCommand) -> u8 {
    let store = match open_store() {
        Ok(store) => store,
        Err(exit) => return exit.report(),
    };
    let code = match command {
        DraftCommand::List => list(&store),
        DraftCommand::Show { name, autosave } => show(&store, name.as_deref(), *autosave),
        DraftCommand::Convert {
            name,
            product,
            new_name,
        } => convert(&store, name, *product, new_name.as_deref()),
        DraftCommand::Delete { name } => match store.drafts.delete(name) {
            Ok(()) => {
                outln!("deleted draft {name:?}");
                exit::OK
            }
            Err(e) => failed(&e),
        },
    };
    report_set_aside(&store);
    code
}

fn list(store: &Store) -> u8 {
    let drafts = match store.drafts.list() {
        Ok(d) => d,
        Err(e) => return failed(&e),
    };
    for d in drafts {
        let saved = d
            .saved_at
            .and_then(|t| t.format(&Rfc3339).ok())
            .unwrap_or_default();
        outln!("{}\t{saved}\t{}", d.name, d.summary);
    }
    match store.drafts.resume() {
        Ok(Some(resume)) => errln!(
            "certwiz: an autosaved draft is in progress ({}); `certwiz draft show --autosave` prints it",
            resume.summary
        ),
        Ok(None) => {}
        Err(e) => return failed(&e),
    }
    exit::OK
}

fn convert(store: &Store, name: &str, product: Product, new_name: Option<&str>) -> u8 {
    let file = match store.drafts.open(name) {
        Ok(file) => file,
        Err(e) => return failed(&e),
    };
    let target = new_name.map_or_else(|| format!("{name}-{product}"), str::to_owned);
    match store.drafts.exists(&target) {
        Ok(false) => {}
        Ok(true) => {
            errln!(
                "certwiz: a draft named {target:?} exists already; choose another name with --as"
            );
            return exit::USAGE;
        }
        Err(e) => return failed(&e),
    }
    let conversion = convert::convert(&file.draft, product);
    let saved = convert::pruned(&conversion.draft);
    if let Err(e) = store.drafts.save_as(&target, &saved) {
        return failed(&e);
    }
    let mut lines = vec![format!(
        "converted draft {name:?} ({}) to {product}, saved as {target:?}; {name:?} is unchanged",
        file.draft.product
    )];
    lines.extend(conversion.changes.iter().map(|c| format!("  {}", c.line())));
    if conversion.changes.is_empty() {
        lines.push("  nothing to change: the two products have the same fields".into());
    }
    for line in lines {
        outln!("{line}");
    }
    exit::OK
}

fn show(store: &Store, name: Option<&str>, autosave: bool) -> u8 {
    let file: Result<DraftFile, _> = match (name, autosave) {
        (Some(name), false) => store.drafts.open(name),
        _ => match store.drafts.load_autosave() {
            Ok(Some(file)) => Ok(file),
            Ok(None) => {
                errln!("certwiz: there is no autosaved draft");
                return exit::USAGE;
            }
            Err(e) => Err(e),
        },
    };
    let file = match file {
        Ok(file) => file,
        Err(e) => return failed(&e),
    };
    match serde_json::to_string_pretty(&file) {
        Ok(text) => {
            outln!("{text}");
            exit::OK
        }
        Err(e) => {
            errln!("certwiz: the draft cannot be written as JSON: {e}");
            exit::USAGE
        }
    }
}
