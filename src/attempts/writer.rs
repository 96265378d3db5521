//! One writer records every followed order's status in the journal.
//!
//! Following 100 orders used to start a blocking task per update, and so up to ~100 threads,
//! each with its stack and malloc arena, all queueing on the journal's lock. Here updates go down
//! a channel to one writer (a task using the blocking pool, or a thread), which takes whatever is
//! waiting as one batch (one lock, one read, at most one write) and remembers each order's latest
//! status, so a repeat (the first poll of an order resumed from the journal, say) does not even
//! open the file.
//!
//! Submitting does not come through here: its "sending" entry is written and confirmed before
//! the POST, on its own (see `on_journal`).

use std::collections::HashMap;

use tokio::sync::{mpsc, oneshot};

use crate::order::EndpointKind;
use crate::store::{Journal, StatusChange, Store, StoreError};

/// Whether the journal has the order (placed on that kind of endpoint), or why it could not say.
type Answer = Result<bool, String>;

struct Pending {
    endpoint: EndpointKind,
    order_id: i64,
    change: StatusChange,
    answer: oneshot::Sender<Answer>,
}

/// Sends statuses to the journal's writer; clones share it, and it ends when the last clone is
/// dropped.
#[derive(Debug, Clone)]
pub struct StatusWriter {
    queue: Option<mpsc::UnboundedSender<Pending>>,
}

impl StatusWriter {
    /// Starts the writer for the store's journal. Inside a tokio runtime it is a task that hands
    /// each batch to the runtime's blocking pool, so the writes share the pool's thread (and its
    /// malloc arena) with the other file work; the wizard's runtime keeps one such thread.
    /// Outside a runtime it is a thread of its own.
    pub fn start(store: &Store) -> StatusWriter {
        let journal = store.journal.clone();
        let (queue, pending) = mpsc::unbounded_channel();
        let started = match tokio::runtime::Handle::try_current() {
            Ok(runtime) => {
                runtime.spawn(write_on_pool(journal, pending));
                true
            }
            Err(_) => std::thread::Builder::new()
                .name("certwiz-journal".into())
                .spawn(move || write_until_closed(&journal, pending))
                .is_ok(),
        };
        StatusWriter {
            queue: started.then_some(queue),
        }
    }

    /// Records one observed status; answers whether the journal has the order as placed on this
    /// kind of endpoint (orders placed elsewhere are not an error).
    pub async fn record(
        &self,
        endpoint: EndpointKind,
        order_id: i64,
        change: StatusChange,
    ) -> Result<bool, String> {
        let stopped = || "the journal's writer is not running".to_owned();
        let queue = self.queue.as_ref().ok_or_else(stopped)?;
        let (answer, answered) = oneshot::channel();
        queue
            .send(Pending {
                endpoint,
                order_id,
                change,
                answer,
            })
            .map_err(|_| stopped())?;
        answered.await.map_err(|_| stopped())?
    }
}

/// Each order's latest status as this process last saw it in the journal. Another certwiz writing
/// the same journal meanwhile can only make a repeat here skip a write that would have restored
/// an older status, which the tracker never reports (it reports changes only).
type Known = HashMap<(EndpointKind, i64), StatusChange>;

fn write_until_closed(journal: &Journal, mut pending: mpsc::UnboundedReceiver<Pending>) {
    let mut known: Option<Known> = None;
    while let Some(first) = pending.blocking_recv() {
        let batch = with_waiting(first, &mut pending);
        if write_batch(journal, &mut known, batch).is_err() {
            // Read it afresh next time: the file may have changed under the failure.
            known = None;
        }
    }
}

async fn write_on_pool(journal: Journal, mut pending: mpsc::UnboundedReceiver<Pending>) {
    let mut known: Option<Known> = None;
    while let Some(first) = pending.recv().await {
        let batch = with_waiting(first, &mut pending);
        let journal = journal.clone();
        let written = tokio::task::spawn_blocking(move || {
            let written = write_batch(&journal, &mut known, batch);
            (known, written.is_ok())
        })
        .await;
        // Read it afresh after a failure: the file may have changed under it.
        known = match written {
            Ok((known, true)) => known,
            _ => None,
        };
    }
}

/// One batch: the first update and whatever else is already waiting.
fn with_waiting(first: Pending, pending: &mut mpsc::UnboundedReceiver<Pending>) -> Vec<Pending> {
    let mut batch = vec![first];
    while let Ok(next) = pending.try_recv() {
        batch.push(next);
    }
    batch
}

/// Answers every update in the batch, touching the file only for statuses not known already.
fn write_batch(
    journal: &Journal,
    known: &mut Option<Known>,
    batch: Vec<Pending>,
) -> Result<(), StoreError> {
    let known = match known {
        Some(known) => known,
        None => match load(journal) {
            Ok(loaded) => known.insert(loaded),
            Err(e) => {
                answer_all(batch, &e);
                return Err(e);
            }
        },
    };
    let (repeats, fresh): (Vec<Pending>, Vec<Pending>) = batch.into_iter().partition(|p| {
        known
            .get(&(p.endpoint, p.order_id))
            .is_some_and(|last| last.same_status(&p.change))
    });
    for p in repeats {
        let _ = p.answer.send(Ok(true));
    }
    if fresh.is_empty() {
        return Ok(());
    }
    let changes = fresh
        .iter()
        .map(|p| (p.endpoint, p.order_id, p.change.clone()))
        .collect();
    match journal.record_statuses_lean(changes) {
        Ok(latest) => {
            for (p, latest) in fresh.into_iter().zip(latest) {
                let found = latest.is_some();
                if let Some(latest) = latest {
                    known.insert((p.endpoint, p.order_id), latest);
                }
                let _ = p.answer.send(Ok(found));
            }
            Ok(())
        }
        Err(e) => {
            answer_all(fresh, &e);
            Err(e)
        }
    }
}

fn answer_all(batch: Vec<Pending>, error: &StoreError) {
    for p in batch {
        let _ = p.answer.send(Err(error.to_string()));
    }
}

/// The latest status of every placed order in the journal.
fn load(journal: &Journal) -> Result<Known, StoreError> {
    journal.latest_statuses()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::order::{OrderStatus, Product, RequestStatus};
    use crate::paths::Paths;
    use crate::store::NewAttempt;

    fn change(request_status: RequestStatus) -> StatusChange {
        StatusChange {
            at: time::OffsetDateTime::now_utc(),
            order_status: Some(OrderStatus::Pending),
            request_id: Some(113),
            request_status: Some(request_status),
            certificate_id: None,
        }
    }

    #[tokio::test]
    async fn records_changes_answers_for_unknown_orders_and_skips_repeats_without_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&Paths::under(dir.path()));
        let draft = crate::tui::app::Model::new_draft(Product::default());
        let attempt = NewAttempt::for_draft(&draft, EndpointKind::Sandbox, "http://127.0.0.1:1/");
        let entry = store.journal.create_sending(attempt).unwrap();
        let response = serde_json::from_value(serde_json::json!({
            "id": 112001, "requests": [{"id": 113, "status": "pending"}]
        }))
        .unwrap();
        store
            .journal
            .mark_placed(&entry.attempt_id, &response)
            .unwrap();
        let writer = StatusWriter::start(&store);
        let sandbox = EndpointKind::Sandbox;

        let first = writer.record(sandbox, 112001, change(RequestStatus::Pending));
        assert_eq!(first.await, Ok(true));
        let listed = store.journal.list().unwrap();
        let latest = listed[0].latest().unwrap();
        assert_eq!(latest.request_status, Some(RequestStatus::Pending));
        let kept = listed[0].history.len();

        // Placed elsewhere, or never: not an error, and nothing written.
        let live = writer.record(EndpointKind::Live, 112001, change(RequestStatus::Approved));
        assert_eq!(live.await, Ok(false));
        let unknown = writer.record(sandbox, 999, change(RequestStatus::Approved));
        assert_eq!(unknown.await, Ok(false));
        assert_eq!(store.journal.list().unwrap()[0].history.len(), kept);

        // A repeat is answered from memory: even a journal that can no longer be read is not
        // touched, while a real change still goes to the file (which no longer has the order).
        std::fs::write(store.journal.path(), "not a journal").unwrap();
        let repeat = writer.record(sandbox, 112001, change(RequestStatus::Pending));
        assert_eq!(repeat.await, Ok(true));
        let changed = writer.record(sandbox, 112001, change(RequestStatus::Approved));
        assert_ne!(changed.await, Ok(true));
    }

    /// Outside a runtime (no blocking pool to share) the writer is a thread of its own, and
    /// answers the same way.
    #[test]
    fn outside_a_runtime_the_writer_is_its_own_thread() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&Paths::under(dir.path()));
        let draft = crate::tui::app::Model::new_draft(Product::default());
        let attempt = NewAttempt::for_draft(&draft, EndpointKind::Sandbox, "http://127.0.0.1:1/");
        let entry = store.journal.create_sending(attempt).unwrap();
        let response = serde_json::from_value(serde_json::json!({
            "id": 112002, "requests": [{"id": 113, "status": "pending"}]
        }))
        .unwrap();
        store
            .journal
            .mark_placed(&entry.attempt_id, &response)
            .unwrap();
        let writer = StatusWriter::start(&store);
        // The thread names itself once it runs.
        let named = || {
            std::fs::read_dir("/proc/self/task")
                .unwrap()
                .filter_map(|t| std::fs::read_to_string(t.ok()?.path().join("comm")).ok())
                .any(|name| name.trim() == "certwiz-journal")
        };
        let until = std::time::Instant::now() + std::time::Duration::from_secs(5);
        while !named() && std::time::Instant::now() < until {
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        assert!(named(), "no certwiz-journal thread");
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        let recorded = writer.record(
            EndpointKind::Sandbox,
            112002,
            change(RequestStatus::Approved),
        );
        assert_eq!(runtime.block_on(recorded), Ok(true));
        let latest = store.journal.list().unwrap()[0].latest().cloned().unwrap();
        assert_eq!(latest.request_status, Some(RequestStatus::Approved));
    }
}
