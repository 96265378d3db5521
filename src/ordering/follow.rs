//! Following with journaling built in: every status the tracker sees for an order this journal
//! placed is recorded, one transaction each, on tokio's blocking pool (SQLite does the rest: a
//! repeat reads one row and writes nothing).

use crate::order::EndpointKind;
use crate::store::{StatusChange, Store};

/// Records followed orders' statuses in the journal. Cheap to clone.
#[derive(Debug, Clone)]
pub struct StatusWriter {
    store: Store,
}

impl StatusWriter {
    /// The writer for the store's journal.
    pub fn start(store: &Store) -> StatusWriter {
        StatusWriter {
            store: store.clone(),
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
        let changes = vec![(endpoint, order_id, change)];
        super::call::on_journal(&self.store, move |j| j.record_statuses(changes))
            .await
            .map(|answers| answers.first().is_some_and(Option::is_some))
            .map_err(|e| e.to_string())
    }
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
    async fn records_changes_and_answers_for_orders_placed_elsewhere() {
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
        let approved = writer.record(sandbox, 112001, change(RequestStatus::Approved));
        assert_eq!(approved.await, Ok(true));
        let latest = store.journal.list().unwrap()[0].latest().cloned().unwrap();
        assert_eq!(latest.request_status, Some(RequestStatus::Approved));
        let live = writer.record(EndpointKind::Live, 112001, change(RequestStatus::Approved));
        assert_eq!(live.await, Ok(false));
        let unknown = writer.record(sandbox, 999, change(RequestStatus::Approved));
        assert_eq!(unknown.await, Ok(false));
    }
}
