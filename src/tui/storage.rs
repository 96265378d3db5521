//! The runtime's side of the store: the effects that write the autosave and the order journal.
//! Every call does blocking file I/O: one-off calls run on tokio's blocking pool, and the
//! followed orders' statuses go through the journal's one writer (which uses the same pool).

use std::time::Instant;

use serde_json::Map;
use tokio::sync::mpsc::UnboundedSender;

use super::app::{SavedItem, SavedKind};
use super::msg::{Msg, Opened, SavedChange};
use super::services::{Failure, Placed, ServiceError, Services, TrackUpdate};
use crate::attempts::{self, StatusWriter, on_journal};
use crate::order::EndpointKind;
use crate::order::model::{OrderResponse, RequestSummary};
use crate::order::{Draft, OrderRequest, Product};
use crate::store::{Drafts, NewAttempt, Profile, StatusChange, Store};

/// The store, the kind of endpoint this wizard orders from, and the journal's status writer.
#[derive(Debug, Clone)]
pub struct Storage {
    pub store: Store,
    pub endpoint: EndpointKind,
    pub statuses: StatusWriter,
}

impl Storage {
    /// The wizard's storage in a store, starting its status writer.
    pub fn new(store: Store, endpoint: EndpointKind) -> Storage {
        let statuses = StatusWriter::start(&store);
        Storage {
            store,
            endpoint,
            statuses,
        }
    }
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

/// The journal's view of a placed order: the wizard keeps only its first request.
fn response_of(placed: &Placed) -> OrderResponse {
    OrderResponse {
        id: placed.order_id,
        organization: None,
        requests: Some(vec![RequestSummary {
            id: placed.request_id,
            status: placed.request_status.clone(),
            date: None,
            kind: None,
            comments: None,
            extra: Map::new(),
        }]),
        certificate_id: placed.certificate_id,
        extra: Map::new(),
    }
}

/// Journals the attempt as "sending", POSTs only if that worked, then journals the outcome the
/// way `certwiz submit` does. A failed journal write after the POST is reported, not hidden.
pub async fn place<S: Services>(
    storage: &Storage,
    services: &S,
    product: Product,
    body: OrderRequest,
    attempt: NewAttempt,
    tx: &UnboundedSender<Msg>,
) -> Result<Placed, ServiceError> {
    let entry = on_journal(&storage.store, move |j| j.create_sending(attempt))
        .await
        .map_err(|e| {
            ServiceError::new(
                Failure::Other,
                format!("nothing was sent: the order journal cannot be written ({e})"),
            )
        })?;
    let result = services.place_order(product, body).await;
    let id = entry.attempt_id.clone();
    let noted = match &result {
        Ok(placed) => {
            let response = response_of(placed);
            on_journal(&storage.store, move |j| j.mark_placed(&id, &response)).await
        }
        Err(e) => {
            let why = e.message.clone();
            let unknown = e.failure == Failure::OutcomeUnknown;
            on_journal(&storage.store, move |j| {
                if unknown {
                    j.mark_outcome_unknown(&id, &why)
                } else {
                    j.mark_failed(&id, &why)
                }
            })
            .await
        }
    };
    if let Err(e) = noted {
        let _ = tx.send(Msg::StoreFailed(format!(
            "The journal could not record attempt {}: {e}",
            entry.attempt_id
        )));
    }
    result.map_err(|mut e| {
        if e.failure == Failure::OutcomeUnknown {
            e.message = format!(
                "{} Attempt {}: {}",
                e.message,
                entry.attempt_id,
                attempts::settle_advice(&entry)
            );
        }
        e
    })
}

/// Storage a tracker update in the journal; updates that only report an error are not kept.
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
