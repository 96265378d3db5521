//! The runtime's side of the store: the effects that write the autosave and the order journal.
//! Every call does blocking file I/O, so each runs on tokio's blocking pool.

use std::time::Instant;

use serde_json::Map;
use tokio::sync::mpsc::UnboundedSender;

use super::msg::Msg;
use super::services::{Failure, Placed, ServiceError, Services, TrackEvent};
use crate::api::EndpointKind;
use crate::attempts::{self, on_journal};
use crate::order::model::{OrderResponse, RequestSummary};
use crate::order::{Draft, OrderRequest, Product};
use crate::store::{Drafts, NewAttempt, StatusChange, Store};

/// The store, and the kind of endpoint this wizard orders from.
#[derive(Debug, Clone)]
pub struct Records {
    pub store: Store,
    pub endpoint: EndpointKind,
}

/// Runs a draft-store call on the blocking pool.
pub async fn on_drafts<R, F>(records: &Records, op: F) -> Result<R, String>
where
    R: Send + 'static,
    F: FnOnce(&Drafts) -> Result<R, crate::store::StoreError> + Send + 'static,
{
    let drafts = records.store.drafts.clone();
    match tokio::task::spawn_blocking(move || op(&drafts)).await {
        Ok(result) => result.map_err(|e| e.to_string()),
        Err(e) => Err(e.to_string()),
    }
}

/// Writes the autosave and reports back.
pub async fn autosave(records: Records, draft: Draft, taken: Instant, tx: UnboundedSender<Msg>) {
    let result = on_drafts(&records, move |d| d.autosave(&draft)).await;
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
    records: &Records,
    services: &S,
    product: Product,
    body: OrderRequest,
    attempt: NewAttempt,
    tx: &UnboundedSender<Msg>,
) -> Result<Placed, ServiceError> {
    let entry = on_journal(&records.store, move |j| j.create_sending(attempt))
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
            on_journal(&records.store, move |j| j.mark_placed(&id, &response)).await
        }
        Err(e) => {
            let why = e.message.clone();
            let unknown = e.failure == Failure::OutcomeUnknown;
            on_journal(&records.store, move |j| {
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

/// Records a tracker update in the journal; updates that only report an error are not kept.
pub async fn record(records: &Records, event: &TrackEvent) -> Result<(), String> {
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
    attempts::record(&records.store, records.endpoint, event.order_id, change)
        .await
        .map(|_| ())
        .map_err(|e| e.to_string())
}
