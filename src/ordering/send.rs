//! ONE send, for every front end and every batch row: check and record in one transaction at the
//! moment of sending ([`crate::store::Journal::check_and_record`]), then the POST, then the
//! outcome the evidence supports. Nothing is sent when the journal cannot record the attempt.

use std::future::Future;

use super::call::on_journal;
use crate::api::ApiError;
use crate::order::OrderResponse;
use crate::store::{Allow, JournalEntry, NewAttempt, Recorded, Store, StoreError};

/// What a front end's POST error must say: whether it proves nothing was placed.
pub trait PostError: std::fmt::Display {
    /// True only for a documented refusal (see [`super::definitely_not_placed`]).
    fn not_placed(&self) -> bool;
}

impl PostError for ApiError {
    fn not_placed(&self) -> bool {
        super::call::definitely_not_placed(self.kind())
    }
}

/// What became of one send.
#[derive(Debug)]
pub enum Sent<E> {
    /// Not sent: earlier attempts of the same order, newest first, that were not named.
    Earlier(Vec<JournalEntry>),
    /// Not sent: the journal could not record the attempt (or holds every send).
    NotRecorded(StoreError),
    /// Placed; `unrecorded` when the journal could not note it afterwards.
    Placed {
        entry: JournalEntry,
        answer: OrderResponse,
        unrecorded: Option<StoreError>,
    },
    /// Definitely not placed: DigiCert refused it.
    Refused {
        entry: JournalEntry,
        error: E,
        unrecorded: Option<StoreError>,
    },
    /// It may have been placed: not to be sent again until settled.
    Unknown {
        entry: JournalEntry,
        why: String,
        error: Option<E>,
        unrecorded: Option<StoreError>,
    },
}

/// Sends one order: records `attempt` unless an earlier attempt of the same order that `allow`
/// does not name is found (all in one transaction), then runs `post`, then records the outcome.
/// An answer whose order id is not a positive integer is not a placed order: its outcome is
/// unknown.
pub async fn send<E, F, Fut>(store: &Store, attempt: NewAttempt, allow: Allow, post: F) -> Sent<E>
where
    E: PostError,
    F: FnOnce() -> Fut,
    Fut: Future<Output = Result<OrderResponse, E>>,
{
    let entry = match on_journal(store, move |j| j.check_and_record(attempt, &allow)).await {
        Ok(Recorded::Sending(entry)) => *entry,
        Ok(Recorded::Earlier(found)) => return Sent::Earlier(found),
        Err(e) => return Sent::NotRecorded(e),
    };
    let id = entry.attempt_id.clone();
    match post().await {
        Ok(answer) if answer.id > 0 => {
            let placed = answer.clone();
            match on_journal(store, move |j| j.mark_placed(&id, &placed)).await {
                Ok(entry) => Sent::Placed {
                    entry,
                    answer,
                    unrecorded: None,
                },
                Err(e) => Sent::Placed {
                    entry,
                    answer,
                    unrecorded: Some(e),
                },
            }
        }
        Ok(answer) => {
            let why = format!(
                "CertCentral answered, but {} is not an order id, so whether the order was placed is unknown",
                answer.id
            );
            unknown(store, entry, why, None).await
        }
        Err(error) if error.not_placed() => {
            let why = error.to_string();
            match on_journal(store, move |j| j.mark_failed(&id, &why)).await {
                Ok(entry) => Sent::Refused {
                    entry,
                    error,
                    unrecorded: None,
                },
                Err(e) => Sent::Refused {
                    entry,
                    error,
                    unrecorded: Some(e),
                },
            }
        }
        Err(error) => {
            let why = error.to_string();
            unknown(store, entry, why, Some(error)).await
        }
    }
}

async fn unknown<E>(store: &Store, entry: JournalEntry, why: String, error: Option<E>) -> Sent<E> {
    let id = entry.attempt_id.clone();
    let note = why.clone();
    match on_journal(store, move |j| j.mark_outcome_unknown(&id, &note)).await {
        Ok(entry) => Sent::Unknown {
            entry,
            why,
            error,
            unrecorded: None,
        },
        Err(e) => Sent::Unknown {
            entry,
            why,
            error,
            unrecorded: Some(e),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::ErrorKind;
    use crate::order::{EndpointKind, Product};
    use crate::paths::Paths;
    use crate::store::AttemptState;

    fn attempt() -> NewAttempt {
        let draft = crate::tui::app::Model::new_draft(Product::default());
        NewAttempt::for_draft(&draft, EndpointKind::Sandbox, "http://127.0.0.1:1/")
    }

    fn answer(id: i64) -> OrderResponse {
        serde_json::from_value(serde_json::json!({"id": id})).unwrap()
    }

    #[tokio::test]
    async fn the_journal_decides_before_the_post_and_the_evidence_after() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&Paths::under(dir.path()));
        // A refusal: not placed, and the same order may go again.
        let refused = send(&store, attempt(), Allow::none(), || async {
            Err::<OrderResponse, _>(ApiError::new(ErrorKind::BadInput, "placing", "no"))
        })
        .await;
        assert!(matches!(refused, Sent::Refused { .. }), "{refused:?}");
        // Ids 0 and -1 are no orders: outcome unknown, and the next send is stopped.
        for id in [0, -1] {
            let sent = send(&store, attempt(), Allow::Any, || async {
                Ok::<_, ApiError>(answer(id))
            })
            .await;
            let Sent::Unknown { entry, .. } = sent else {
                panic!("id {id}: {sent:?}");
            };
            assert_eq!(entry.state, AttemptState::OutcomeUnknown);
        }
        let mut posted = false;
        let stopped = send(&store, attempt(), Allow::none(), || {
            posted = true;
            async { Ok::<_, ApiError>(answer(5)) }
        })
        .await;
        let Sent::Earlier(found) = stopped else {
            panic!("{stopped:?}");
        };
        assert_eq!(found.len(), 2);
        assert!(!posted, "nothing is sent when an earlier attempt is found");
        let named = Allow::Named(found.iter().map(|e| e.attempt_id.clone()).collect());
        let sent = send(&store, attempt(), named, || async {
            Ok::<_, ApiError>(answer(5))
        })
        .await;
        let Sent::Placed { entry, .. } = sent else {
            panic!("{sent:?}");
        };
        assert_eq!(entry.order_id, Some(5));
    }
}
