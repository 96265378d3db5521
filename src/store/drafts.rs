//! The draft store: the autosave of the order being edited (`drafts/autosave.json`) and drafts
//! saved under a name (`drafts/named/`). Every file is a [`DraftFile`], so any of them is a valid
//! FILE for `certwiz validate`, `preview` and `submit`.

use std::path::{Path, PathBuf};

use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use time::macros::format_description;

use super::atomic;
use super::error::StoreError;
use super::lock::StoreLock;
use super::named_files::{Named, NamedFiles};
use super::set_aside::{SetAsideLog, read_versioned};
use crate::order::catalog::FieldId;
use crate::order::draft::DRAFT_FORMAT_VERSION;
use crate::order::{Draft, DraftFile, DraftPosition, Product};

impl Named for DraftFile {
    fn name(&self) -> &str {
        self.name.as_deref().unwrap_or("")
    }
}

/// What the wizard offers to resume at start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resume {
    pub draft: Draft,
    /// When it was autosaved, if the file says.
    pub saved_at: Option<OffsetDateTime>,
    /// One line saying what the draft is.
    pub summary: String,
    /// Where the person was when it was saved.
    pub position: Option<DraftPosition>,
}

/// A named draft as a picker lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DraftSummary {
    pub name: String,
    pub saved_at: Option<OffsetDateTime>,
    pub summary: String,
}

/// The autosave and the named drafts.
#[derive(Debug, Clone)]
pub struct Drafts {
    named: NamedFiles,
    autosave: PathBuf,
}

impl Drafts {
    /// The drafts under `dir` (normally [`crate::paths::Paths::drafts_dir`]).
    pub fn new(dir: PathBuf, log: SetAsideLog) -> Self {
        Drafts {
            named: NamedFiles {
                dir: dir.join("named"),
                what: "draft",
                version_key: "certwiz_draft",
                version: DRAFT_FORMAT_VERSION,
                lock: StoreLock::new(dir.join(".lock")),
                log,
            },
            autosave: dir.join("autosave.json"),
        }
    }

    /// The autosave file, for messages such as `certwiz validate <path>`.
    pub fn autosave_path(&self) -> &Path {
        &self.autosave
    }

    /// Saves the draft in progress. The caller debounces (see [`super::Debouncer`]).
    pub fn autosave(&self, draft: &Draft) -> Result<(), StoreError> {
        self.autosave_at(draft, None)
    }

    /// Saves the draft in progress with where the person was in the wizard.
    pub fn autosave_at(
        &self,
        draft: &Draft,
        position: Option<&DraftPosition>,
    ) -> Result<(), StoreError> {
        let _guard = self.named.lock()?;
        // Reading first sets a bad or newer file aside instead of overwriting it.
        self.read_autosave()?;
        let mut file = stamped(None, draft);
        file.position = position.cloned();
        atomic::write_json(&self.autosave, &file)
    }

    /// The autosaved draft, unless there is none or nothing was typed into it.
    pub fn resume(&self) -> Result<Option<Resume>, StoreError> {
        let _guard = self.named.lock()?;
        let Some(file) = self.read_autosave()? else {
            return Ok(None);
        };
        let draft = file.draft;
        Ok((!untouched(&draft)).then(|| Resume {
            summary: summary(&draft),
            position: file.position,
            saved_at: parse_time(file.saved_at.as_deref()),
            draft,
        }))
    }

    /// The autosave file as it is, even when nothing was typed into it.
    pub fn load_autosave(&self) -> Result<Option<DraftFile>, StoreError> {
        let _guard = self.named.lock()?;
        self.read_autosave()
    }

    /// Removes the autosave (once its order is submitted, or the person starts anew).
    pub fn discard_autosave(&self) -> Result<(), StoreError> {
        let _guard = self.named.lock()?;
        atomic::remove(&self.autosave)
    }

    /// Keeps the autosave as a named draft (`unfinished <time saved>`) and empties the slot, so
    /// starting anew (`--new`) loses nothing. Returns the name, or `None` when there was nothing
    /// typed to keep.
    pub fn archive_autosave(&self) -> Result<Option<String>, StoreError> {
        let _guard = self.named.lock()?;
        let Some(file) = self.read_autosave()? else {
            return Ok(None);
        };
        if untouched(&file.draft) {
            atomic::remove(&self.autosave)?;
            return Ok(None);
        }
        let when = parse_time(file.saved_at.as_deref())
            .unwrap_or_else(OffsetDateTime::now_utc)
            .format(format_description!(
                "[year]-[month]-[day] [hour]:[minute]:[second] UTC"
            ))
            .unwrap_or_default();
        let base = format!("unfinished {when}");
        let mut name = base.clone();
        let mut n = 1;
        while self.named.load_locked::<DraftFile>(&name)?.is_some() {
            n += 1;
            name = format!("{base} ({n})");
        }
        let mut named = file.clone();
        named.name = Some(name.clone());
        self.named.save_locked(&named)?;
        atomic::remove(&self.autosave)?;
        Ok(Some(name))
    }

    fn read_autosave(&self) -> Result<Option<DraftFile>, StoreError> {
        read_versioned(
            &self.autosave,
            self.named.version_key,
            self.named.version,
            &self.named.log,
        )
    }

    /// Saves a draft under a name, replacing a draft of the same name; returns the file written.
    pub fn save_as(&self, name: &str, draft: &Draft) -> Result<DraftFile, StoreError> {
        let name = super::name::check(name)?;
        let file = stamped(Some(name), draft);
        let _guard = self.named.lock()?;
        self.named.save_locked(&file)?;
        Ok(file)
    }

    /// A named draft's file; `None` when there is none by that name.
    pub fn load(&self, name: &str) -> Result<Option<DraftFile>, StoreError> {
        self.named.load(name)
    }

    /// A named draft, or says there is none by that name.
    pub fn open(&self, name: &str) -> Result<DraftFile, StoreError> {
        self.load(name)?.ok_or_else(|| self.not_found(name))
    }

    /// Whether a draft of that name exists (to ask before replacing it).
    pub fn exists(&self, name: &str) -> Result<bool, StoreError> {
        Ok(self.load(name)?.is_some())
    }

    /// Every readable named draft, sorted by name.
    pub fn list(&self) -> Result<Vec<DraftSummary>, StoreError> {
        Ok(self
            .named
            .list::<DraftFile>()?
            .into_iter()
            .map(|file| DraftSummary {
                summary: summary(&file.draft),
                saved_at: parse_time(file.saved_at.as_deref()),
                name: file.name.unwrap_or_default(),
            })
            .collect())
    }

    /// Deletes a named draft, or says there is none by that name.
    pub fn delete(&self, name: &str) -> Result<(), StoreError> {
        let _guard = self.named.lock()?;
        if self.named.delete_locked::<DraftFile>(name)? {
            Ok(())
        } else {
            Err(self.not_found(name))
        }
    }

    fn not_found(&self, name: &str) -> StoreError {
        StoreError::NotFound {
            what: self.named.what,
            name: name.to_owned(),
        }
    }
}

/// Whether nothing was typed into a draft: it is a new form or an empty one.
/// Whether nothing was typed into a draft (a new form's defaults, or nothing at all).
pub fn untouched(draft: &Draft) -> bool {
    *draft == crate::form::new_draft(draft.product)
        || *draft == Draft::new(draft.product)
        || *draft == Draft::empty(draft.product)
}

fn stamped(name: Option<&str>, draft: &Draft) -> DraftFile {
    let mut file = DraftFile::new(draft.clone());
    file.name = name.map(str::to_owned);
    file.saved_at = OffsetDateTime::now_utc().format(&Rfc3339).ok();
    file
}

fn parse_time(text: Option<&str>) -> Option<OffsetDateTime> {
    OffsetDateTime::parse(text?, &Rfc3339).ok()
}

/// One line that tells drafts apart: who, which organization, how, how long, which product;
/// every character of it visible.
pub fn summary(draft: &Draft) -> String {
    let get = |field: FieldId| draft.get(field).trim();
    let mut parts = Vec::new();
    match draft.product {
        Product::DocumentSigningOrg1 | Product::DocumentSigningOrg2 => {
            parts.push(match get(FieldId::SubjectName) {
                "" => "no subject yet".to_owned(),
                name => name.to_owned(),
            });
        }
        // The current products name a person (ds_org names only the organization).
        Product::DsIndividual | Product::DsOrgIndividual => {
            let name = [
                get(FieldId::IndividualFirstName),
                get(FieldId::IndividualLastName),
            ]
            .into_iter()
            .filter(|p| !p.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
            parts.push(if name.is_empty() {
                "no person yet".to_owned()
            } else {
                name
            });
        }
        Product::DsOrg => {}
    }
    if draft.names_organization() && !get(FieldId::Organization).is_empty() {
        parts.push(format!("org {}", get(FieldId::Organization)));
    }
    if !get(FieldId::Provisioning).is_empty() {
        parts.push(get(FieldId::Provisioning).to_owned());
    }
    match get(draft.validity_field()) {
        "" => {}
        "1" => parts.push("1 year".to_owned()),
        years => parts.push(format!("{years} years")),
    }
    parts.push(draft.product.name_id().to_owned());
    // One line (a control character reads as a space), and what the terminal would not show
    // (a pasted U+202E) shown as `<U+202E>`, as the form shows it.
    let line = parts.join(" · ").replace(char::is_control, " ");
    crate::outside::visible(&line).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::order::Product;
    use crate::order::draft::read_input;

    const REQUEST: &str = include_str!("../../tests/fixtures/documented-order-request.json");

    fn drafts(dir: &Path) -> Drafts {
        Drafts::new(dir.to_path_buf(), SetAsideLog::default())
    }

    #[test]
    fn the_autosave_keeps_where_the_person_was() {
        let dir = tempfile::tempdir().unwrap();
        let store = drafts(dir.path());
        let mut draft = Draft::new(Product::default());
        draft.set("subject.name", "Rene");
        let at = DraftPosition {
            screen: "Subject".into(),
            field: "subject.email".into(),
        };
        store.autosave_at(&draft, Some(&at)).unwrap();
        assert_eq!(store.resume().unwrap().unwrap().position, Some(at));
        store.autosave(&draft).unwrap();
        assert_eq!(store.resume().unwrap().unwrap().position, None);
    }

    /// The resume question read "Rene ecreiPxy" for a subject holding U+202E: the override
    /// drawn as nothing. The summary (resume question, F3's list, `draft list`, the journal's
    /// label) shows it.
    #[test]
    fn a_summary_shows_the_characters_a_terminal_would_hide() {
        let mut draft = Draft::new(Product::DocumentSigningOrg1);
        draft.set("subject.name", "Rene \u{202e}ecreiP\u{7}");
        let line = summary(&draft);
        assert!(line.starts_with("Rene <U+202E>ecreiP "), "{line}");
        assert!(!line.chars().any(crate::outside::is_unsafe), "{line}");
    }

    #[test]
    fn autosave_offers_resume_with_time_and_summary() {
        let tmp = tempfile::tempdir().unwrap();
        let store = drafts(tmp.path());
        assert_eq!(store.resume().unwrap(), None);
        store.autosave(&Draft::new(Product::default())).unwrap();
        assert_eq!(
            store.resume().unwrap(),
            None,
            "an untouched form is not offered"
        );
        let (draft, _) = read_input(REQUEST, Some(Product::DocumentSigningOrg2)).unwrap();
        let before = OffsetDateTime::now_utc() - time::Duration::seconds(1);
        store.autosave(&draft).unwrap();
        let resume = store.resume().unwrap().unwrap();
        assert_eq!(resume.draft, draft);
        assert!(resume.saved_at.unwrap() >= before);
        assert!(
            resume.summary.contains("document_signing_org_2"),
            "{}",
            resume.summary
        );
        assert!(resume.summary.contains("org 334455"), "{}", resume.summary);
        // The file is a FILE for validate/preview.
        let text = std::fs::read_to_string(store.autosave_path()).unwrap();
        assert_eq!(read_input(&text, None).unwrap().0, draft);
        store.discard_autosave().unwrap();
        assert_eq!(store.resume().unwrap(), None);
    }

    #[test]
    fn starting_anew_keeps_the_autosave_as_a_named_draft() {
        let tmp = tempfile::tempdir().unwrap();
        let store = drafts(tmp.path());
        assert_eq!(store.archive_autosave().unwrap(), None);
        let mut draft = Draft::new(Product::default());
        draft.set("subject.name", "Ada");
        store.autosave(&draft).unwrap();
        let saved = store.load_autosave().unwrap().unwrap();
        let first = store.archive_autosave().unwrap().unwrap();
        assert!(first.starts_with("unfinished 20"), "{first}");
        assert_eq!(store.open(&first).unwrap().draft, draft);
        assert_eq!(store.resume().unwrap(), None);
        // The same autosave time again gets a new name rather than replacing the first.
        atomic::write_json(store.autosave_path(), &saved).unwrap();
        let second = store.archive_autosave().unwrap().unwrap();
        assert_eq!(second, format!("{first} (2)"));
        store.autosave(&Draft::new(Product::default())).unwrap();
        assert_eq!(store.archive_autosave().unwrap(), None);
        assert_eq!(store.load_autosave().unwrap(), None);
        assert_eq!(store.list().unwrap().len(), 2);
    }

    #[test]
    fn named_drafts_save_open_list_delete() {
        let tmp = tempfile::tempdir().unwrap();
        let store = drafts(tmp.path());
        let mut draft = Draft::new(Product::default());
        draft.set("subject.name", "Ada");
        let file = store.save_as("for Ada / 2027", &draft).unwrap();
        assert_eq!(file.name.as_deref(), Some("for Ada / 2027"));
        assert_eq!(store.open("for Ada / 2027").unwrap().draft, draft);
        store.autosave(&draft).unwrap();
        let list = store.list().unwrap();
        assert_eq!(list.len(), 1, "the autosave is not a named draft");
        assert_eq!(list[0].name, "for Ada / 2027");
        assert!(list[0].summary.starts_with("Ada · "), "{}", list[0].summary);
        store.delete("for Ada / 2027").unwrap();
        assert!(matches!(
            store.open("for Ada / 2027"),
            Err(StoreError::NotFound { .. })
        ));
        assert!(store.delete("for Ada / 2027").is_err());
    }

    /// The summary (the resume question, `draft list`) names the person a current product's
    /// draft names, not "no subject yet", and no organization its body does not send.
    #[test]
    fn a_current_products_draft_is_summed_up_by_its_person() {
        let mut draft = crate::form::new_draft(Product::DsIndividual);
        assert!(
            summary(&draft).starts_with("no person yet"),
            "{}",
            summary(&draft)
        );
        draft.set("individual.first_name", "John");
        draft.set("individual.last_name", "Doe");
        draft.set("organization.id", "334455"); // kept aside from an older product: not sent
        draft.set("cs_provisioning_method", "ship_token");
        draft.set("order_validity.years", "1");
        assert_eq!(
            summary(&draft),
            "John Doe · ship_token · 1 year · ds_individual"
        );
        let mut org = crate::form::new_draft(Product::DsOrg);
        org.set("organization.id", "334455");
        assert!(summary(&org).starts_with("org 334455"), "{}", summary(&org));
    }
}
