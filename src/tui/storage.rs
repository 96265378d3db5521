//! The runtime's side of the store: the effects that write the autosave, profiles, drafts and the
//! followed orders' statuses. Every call does blocking file I/O on tokio's blocking pool; no
//! call here goes to the network (sending an order is `tui/sending.rs`, on the ordering core).

use std::time::Instant;

use tokio::sync::mpsc::UnboundedSender;

use super::app::{SavedItem, SavedKind};
use super::msg::{Msg, Opened, SavedChange};
use super::services::TrackUpdate;
use crate::order::Draft;
use crate::order::EndpointKind;
use crate::ordering::StatusWriter;
use crate::store::{Drafts, Profile, StatusChange, Store};

/// The store, the kind of endpoint this wizard orders from, and the journal's status writer.
#[derive(Debug, Clone)]
pub struct Storage {
    pub store: Store,
    pub endpoint: EndpointKind,
    pub statuses: StatusWriter,
    /// The inventory's folder and this endpoint's key in it (`ordering::certificates`), for
    /// the account's certificates on Orders; `None` keeps them from being stored.
    pub inventory: Option<(std::path::PathBuf, String)>,
}

impl Storage {
    /// The wizard's storage in a store, starting its status writer.
    pub fn new(store: Store, endpoint: EndpointKind) -> Storage {
        let statuses = StatusWriter::start(&store);
        Storage {
            store,
            endpoint,
            statuses,
            inventory: None,
        }
    }

    /// The same storage, keeping the account's certificates in the inventory in `data_dir`
    /// under the endpoint's `key`.
    pub fn with_inventory(mut self, data_dir: std::path::PathBuf, key: String) -> Storage {
        self.inventory = Some((data_dir, key));
        self
    }
}

/// Keeps `draft` as the named draft `name`, on the blocking pool.
pub async fn keep_draft(storage: &Storage, name: String, draft: Box<Draft>) -> Result<(), String> {
    on_drafts(storage, move |d| d.save_as(&name, &draft).map(|_| ())).await
}

/// Runs a draft-store call on the blocking pool.
pub async fn on_drafts<R, F>(storage: &Storage, op: F) -> Result<R, String>
where
    R: Send + 'static,
    F: FnOnce(&Drafts) -> Result<R, crate::store::StoreError> + Send + 'static,
{
    let drafts = storage.store.drafts.clone();
    match tokio::task::spawn_blocking(move || op(&drafts)).await {
        Ok(result) => result.map_err(|e| e.to_string()),
        Err(e) => Err(e.to_string()),
    }
}

/// Writes the autosave and reports back.
pub async fn autosave(
    storage: Storage,
    draft: Draft,
    position: crate::order::DraftPosition,
    taken: Instant,
    tx: UnboundedSender<Msg>,
) {
    let result = on_drafts(&storage, move |d| d.autosave_at(&draft, Some(&position))).await;
    let _ = tx.send(Msg::Autosaved {
        taken,
        at: Instant::now(),
        result,
    });
}

/// Records a tracker update in the journal; updates that only report an error are not kept.
pub async fn record(storage: &Storage, event: &TrackUpdate) -> Result<(), String> {
    if event.error.is_some() {
        return Ok(());
    }
    let change = StatusChange {
        at: event.at,
        order_status: event.order_status.clone(),
        request_id: event.request_id,
        request_status: event.request_status.clone(),
        certificate_id: event.certificate_id,
    };
    storage
        .statuses
        .record(storage.endpoint, event.order_id, change)
        .await
        .map(|_| ())
}

/// Runs a call on the whole store on the blocking pool.
async fn on_store<R, F>(storage: &Storage, op: F) -> Result<R, String>
where
    R: Send + 'static,
    F: FnOnce(&Store) -> Result<R, crate::store::StoreError> + Send + 'static,
{
    let store = storage.store.clone();
    match tokio::task::spawn_blocking(move || op(&store)).await {
        Ok(result) => result.map_err(|e| e.to_string()),
        Err(e) => Err(e.to_string()),
    }
}

/// The saved profiles of a kind, or the named drafts, with their summaries.
pub async fn saved_list(storage: &Storage, kind: SavedKind) -> Result<Vec<SavedItem>, String> {
    on_store(storage, move |store| {
        Ok(match kind {
            SavedKind::Profile(kind) => store
                .profiles
                .summaries(kind)?
                .into_iter()
                .map(|p| SavedItem {
                    name: p.name,
                    summary: p.summary,
                    saved_at: p.saved_at,
                })
                .collect(),
            SavedKind::Draft => store
                .drafts
                .list()?
                .into_iter()
                .map(|d| SavedItem {
                    name: d.name,
                    summary: d.summary,
                    saved_at: d.saved_at,
                })
                .collect(),
        })
    })
    .await
}

/// Reads a profile or named draft to load it; the form it replaces is kept first, if asked.
pub async fn saved_open(
    storage: &Storage,
    kind: SavedKind,
    name: String,
    keep: Option<(String, Box<Draft>)>,
) -> Result<Opened, String> {
    on_store(storage, move |store| {
        Ok(match kind {
            SavedKind::Profile(kind) => Opened::Profile(store.profiles.get(kind, &name)?),
            SavedKind::Draft => {
                let draft = Box::new(store.drafts.open(&name)?.draft);
                let kept = match keep {
                    Some((kept, form)) => {
                        store.drafts.save_as(&kept, &form)?;
                        Some(kept)
                    }
                    None => None,
                };
                Opened::Draft { name, draft, kept }
            }
        })
    })
    .await
}

/// Saves, renames or deletes a profile or named draft (the functions `certwiz profile` and
/// `certwiz draft` use); returns a sentence saying what was done.
pub async fn saved_change(
    storage: &Storage,
    kind: SavedKind,
    change: SavedChange,
) -> Result<String, String> {
    let what = kind.what();
    on_store(storage, move |store| match (kind, change) {
        (SavedKind::Profile(kind), SavedChange::Save { name, draft }) => {
            let saved = store
                .profiles
                .save(&Profile::from_draft(kind, name, &draft))?;
            Ok(format!("Saved {what} {:?}", saved.name))
        }
        (SavedKind::Draft, SavedChange::Save { name, draft }) => {
            store.drafts.save_as(&name, &draft)?;
            Ok(format!("Saved {what} {name:?}"))
        }
        (SavedKind::Profile(kind), SavedChange::Rename { from, to }) => {
            store.profiles.rename(kind, &from, &to)?;
            Ok(format!("Renamed {what} {from:?} to {to:?}"))
        }
        (SavedKind::Draft, SavedChange::Rename { from, to }) => {
            let file = store.drafts.open(&from)?;
            if store.drafts.exists(&to)? {
                return Err(crate::store::StoreError::AlreadyExists { what, name: to });
            }
            store.drafts.save_as(&to, &file.draft)?;
            store.drafts.delete(&from)?;
            Ok(format!("Renamed {what} {from:?} to {to:?}"))
        }
        (SavedKind::Profile(kind), SavedChange::Delete { name }) => {
            store.profiles.delete(kind, &name)?;
            Ok(format!("Deleted {what} {name:?}"))
        }
        (SavedKind::Draft, SavedChange::Delete { name }) => {
            store.drafts.delete(&name)?;
            Ok(format!("Deleted {what} {name:?}"))
        }
    })
    .await
}

/// The account's certificates the inventory stored for this endpoint, and when they were
/// listed; none when the storage keeps no inventory.
pub async fn stored_certificates(
    storage: &Storage,
) -> Result<(Vec<crate::order::inventory::Certificate>, Option<i64>), String> {
    let Some((dir, key)) = storage.inventory.clone() else {
        return Ok((Vec::new(), None));
    };
    tokio::task::spawn_blocking(move || {
        crate::store::inventory::Inventory::open(&dir)
            .and_then(|inventory| inventory.list(&key))
            .map_err(|e| e.to_string())
    })
    .await
    .map_err(|e| e.to_string())?
}

/// Replaces this endpoint's stored certificates with a complete listing.
pub async fn store_certificates(
    storage: &Storage,
    rows: Vec<crate::order::inventory::Certificate>,
) -> Result<(), String> {
    let Some((dir, key)) = storage.inventory.clone() else {
        return Ok(());
    };
    tokio::task::spawn_blocking(move || {
        crate::store::inventory::Inventory::open(&dir)
            .and_then(|mut inventory| inventory.replace(&key, &rows))
            .map_err(|e| e.to_string())
    })
    .await
    .map_err(|e| e.to_string())?
}

/// Whether the journal holds the CSR order `order_id` was placed with on this kind of endpoint
/// (the key its certificate is checked against on download); false when it does not or cannot
/// be read.
pub async fn csr_held(storage: &Storage, order_id: i64) -> bool {
    let journal = storage.store.journal.clone();
    let endpoint = storage.endpoint;
    tokio::task::spawn_blocking(move || {
        journal
            .list()
            .ok()
            .and_then(|entries| crate::store::journal::csr_key_of(&entries, endpoint, order_id))
            .is_some()
    })
    .await
    .unwrap_or(false)
}

#[cfg(test)]
mod tests;
