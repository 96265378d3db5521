//! Recording the statuses the tracker sees for placed orders: one at a time, or a batch under
//! one lock, one read and at most one write.

use time::OffsetDateTime;

use super::{Journal, JournalEntry, StatusChange};
use crate::order::{EndpointKind, OrderStatus, RequestStatus};
use crate::store::attempt_state::AttemptState;
use crate::store::error::StoreError;

/// Logs a status change the journal records.
pub(super) fn log_status(order_id: i64, change: &StatusChange) {
    tracing::info!(
        "journal: order {order_id} now {}, request {}",
        change
            .order_status
            .as_ref()
            .map(OrderStatus::as_str)
            .unwrap_or("-"),
        change
            .request_status
            .as_ref()
            .map(RequestStatus::as_str)
            .unwrap_or("-")
    );
}

impl Journal {
    /// Records a status the tracker saw for a placed order; repeats of the latest are not added.
    pub fn record_status(
        &self,
        order_id: i64,
        change: StatusChange,
    ) -> Result<JournalEntry, StoreError> {
        self.modify(|entries| {
            let entry = entries
                .iter_mut()
                .rev()
                .find(|e| e.order_id == Some(order_id) && e.state == AttemptState::Placed)
                .ok_or(StoreError::NoSuchOrder(order_id))?;
            if entry.latest().is_none_or(|last| !last.same_status(&change)) {
                log_status(order_id, &change);
                entry.push_status(change);
                entry.updated_at = OffsetDateTime::now_utc();
            }
            Ok(entry.clone())
        })
    }

    /// Records several observed statuses under one lock, one read and at most one write, in the
    /// order given. Each answer is the order's latest status afterwards, or `None` when the journal
    /// has no order with that id placed on that kind of endpoint (placed elsewhere: not an error).
    pub fn record_statuses(
        &self,
        changes: Vec<(EndpointKind, i64, StatusChange)>,
    ) -> Result<Vec<Option<StatusChange>>, StoreError> {
        self.modify(|entries| {
            let mut answers = Vec::with_capacity(changes.len());
            for (endpoint, order_id, change) in changes {
                let entry = entries.iter_mut().rev().find(|e| {
                    e.order_id == Some(order_id)
                        && e.endpoint == endpoint
                        && e.state == AttemptState::Placed
                });
                let Some(entry) = entry else {
                    answers.push(None);
                    continue;
                };
                if entry.latest().is_none_or(|last| !last.same_status(&change)) {
                    log_status(order_id, &change);
                    entry.push_status(change);
                    entry.updated_at = OffsetDateTime::now_utc();
                }
                answers.push(entry.latest().cloned());
            }
            Ok(answers)
        })
    }
}

#[cfg(test)]
mod tests {
    use std::os::unix::fs::MetadataExt;

    use crate::order::{EndpointKind, OrderStatus, Product, RequestStatus};
    use crate::paths::Paths;
    use crate::store::{NewAttempt, StatusChange, Store};

    fn change(request_status: RequestStatus) -> StatusChange {
        StatusChange {
            at: time::OffsetDateTime::now_utc(),
            order_status: Some(OrderStatus::Pending),
            request_id: Some(113),
            request_status: Some(request_status),
            certificate_id: None,
        }
    }

    /// The journal is replaced (a new inode) on each write, so an unchanged inode shows that
    /// a repeat wrote nothing, and a changed one that a new status was written.
    #[test]
    fn a_repeated_status_leaves_the_file_alone_and_a_new_one_is_written() {
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
        let inode = || std::fs::metadata(store.journal.path()).unwrap().ino();
        let sandbox = EndpointKind::Sandbox;
        store
            .journal
            .record_statuses(vec![(sandbox, 112001, change(RequestStatus::Pending))])
            .unwrap();
        let written = inode();
        let repeat = store
            .journal
            .record_statuses(vec![(sandbox, 112001, change(RequestStatus::Pending))])
            .unwrap();
        assert!(repeat[0].is_some());
        assert_eq!(inode(), written, "a repeat is not written");
        store
            .journal
            .record_statuses(vec![(sandbox, 112001, change(RequestStatus::Approved))])
            .unwrap();
        assert_ne!(inode(), written, "a new status is written");
    }
}
