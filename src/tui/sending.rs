//! The wizard's send, on the ordering core's one send: the journal's check for an earlier attempt
//! the person did not name and the "sending" record are one decision at the moment of sending,
//! then the POST through [`Services`], then the outcome. An earlier attempt found then (another
//! certwiz sent the same order while the question was open) is not sent past: the wizard asks
//! again, naming it.

use serde_json::Map;
use tokio::sync::mpsc::UnboundedSender;
use tokio::sync::watch;

use super::msg::Msg;
use super::services::{Failure, Placed, ServiceError, Services};
use super::storage::Storage;
use crate::order::model::{OrderResponse, RequestSummary};
use crate::order::{OrderRequest, Product};
use crate::ordering::{self, PostError, Sent};
use crate::store::{Allow, NewAttempt};

impl PostError for ServiceError {
    fn not_placed(&self) -> bool {
        self.failure != Failure::OutcomeUnknown
    }
}

impl std::fmt::Display for ServiceError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
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

fn placed_of(answer: &OrderResponse) -> Placed {
    let first = answer.first_request();
    Placed {
        order_id: answer.id,
        request_id: first.and_then(|r| r.id),
        request_status: first.and_then(|r| r.status.clone()),
        certificate_id: answer.certificate_id,
    }
}

/// One order to send, past the earlier attempts `named` only.
#[derive(Debug)]
pub struct Send {
    pub product: Product,
    pub body: OrderRequest,
    pub attempt: NewAttempt,
    pub named: Vec<String>,
    /// Told when a signal stops the wizard while the POST is on its way.
    pub stop: Stop,
}

/// The wizard's word to a send in flight that a signal stopped it: the number of the signal,
/// 0 until one comes. The default never comes (a send with no runtime behind it).
#[derive(Debug, Clone, Default)]
pub struct Stop(Option<watch::Receiver<i32>>);

impl Stop {
    /// A stop the runtime gives by sending a signal's number on `sender`.
    pub fn channel() -> (watch::Sender<i32>, Stop) {
        let (sender, receiver) = watch::channel(0);
        (sender, Stop(Some(receiver)))
    }

    /// The signal's number, once one has come (at once when it already has).
    async fn signalled(mut self) -> i32 {
        if let Some(receiver) = &mut self.0
            && let Ok(number) = receiver.wait_for(|n| *n != 0).await
        {
            return *number;
        }
        std::future::pending().await
    }
}

/// The error of a POST a signal cut off: the request may have reached CertCentral, so its
/// outcome is unknown (never "not placed").
fn stopped_by(number: i32) -> ServiceError {
    ServiceError::new(
        Failure::OutcomeUnknown,
        format!(
            "certwiz was stopped by signal {number} while the order was being sent: its outcome \
             is unknown; do not send it again."
        ),
    )
}

/// Sends the order and answers with [`Msg::Placed`]; earlier attempts found at the moment of
/// sending follow it as [`Msg::Earlier`], so the question is asked again naming them. A failed
/// journal write after the POST is reported, not hidden.
pub async fn place<S: Services>(
    storage: &Storage,
    services: &S,
    send: Send,
    tx: &UnboundedSender<Msg>,
) {
    let (result, earlier) = outcome(storage, services, send, tx).await;
    let _ = tx.send(Msg::Placed {
        at: time::OffsetDateTime::now_utc(),
        result,
    });
    if let Some(found) = earlier {
        let _ = tx.send(Msg::Earlier(Ok(found)));
    }
}

/// The send's answer for [`Msg::Placed`], and the earlier attempts that stopped it, if any.
pub async fn outcome<S: Services>(
    storage: &Storage,
    services: &S,
    send: Send,
    tx: &UnboundedSender<Msg>,
) -> (
    Result<Placed, ServiceError>,
    Option<Vec<crate::store::JournalEntry>>,
) {
    let mut earlier = None;
    let result = answer(storage, services, send, tx, &mut earlier).await;
    (result, earlier)
}

async fn answer<S: Services>(
    storage: &Storage,
    services: &S,
    send: Send,
    tx: &UnboundedSender<Msg>,
    earlier: &mut Option<Vec<crate::store::JournalEntry>>,
) -> Result<Placed, ServiceError> {
    let Send {
        product,
        body,
        attempt,
        named,
        stop,
    } = send;
    let sent = ordering::send(&storage.store, attempt, Allow::Named(named), || async {
        tokio::select! {
            placed = services.place_order(product, body) => placed.map(|placed| response_of(&placed)),
            number = stop.signalled() => Err(stopped_by(number)),
        }
    })
    .await;
    let unrecorded = |attempt_id: &str, e: Option<crate::store::StoreError>| {
        if let Some(e) = e {
            let _ = tx.send(Msg::StoreFailed(format!(
                "The journal could not record attempt {attempt_id}: {e}"
            )));
        }
    };
    match sent {
        Sent::Earlier(found) => {
            let names: Vec<String> = found.iter().map(|e| e.attempt_id.clone()).collect();
            *earlier = Some(found);
            Err(ServiceError::new(
                Failure::Other,
                format!(
                    "Not sent: this form was sent meanwhile ({}); asked again",
                    names.join(", ")
                ),
            ))
        }
        Sent::NotRecorded(e) => Err(ServiceError::new(
            Failure::Other,
            format!("Nothing was sent: the order journal cannot record it ({e}); nothing was sent"),
        )),
        Sent::Placed {
            entry,
            answer,
            unrecorded: e,
        } => {
            unrecorded(&entry.attempt_id, e);
            Ok(placed_of(&answer))
        }
        Sent::Refused {
            entry,
            error,
            unrecorded: e,
        } => {
            unrecorded(&entry.attempt_id, e);
            Err(error)
        }
        Sent::Unknown {
            entry,
            why,
            error,
            unrecorded: e,
        } => {
            unrecorded(&entry.attempt_id, e);
            let mut error =
                error.unwrap_or_else(|| ServiceError::new(Failure::OutcomeUnknown, why));
            error.failure = Failure::OutcomeUnknown;
            error.message = format!(
                "{} Attempt {}: {}",
                error.message,
                entry.attempt_id,
                ordering::settle_advice(&entry)
            );
            Err(error)
        }
    }
}

#[cfg(test)]
mod tests;
