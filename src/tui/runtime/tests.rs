//! The runtime's tasks, fed a fake API: reasons for waiting are read a few at a time.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use tokio::sync::Semaphore;
use tokio::sync::mpsc;

use super::{WHY_IN_FLIGHT, spawn_effect};
use crate::order::{EndpointKind, OrderStatus};
use crate::paths::Paths;
use crate::store::Store;
use crate::tui::msg::{Effect, Msg};
use crate::tui::sending::Stop;
use crate::tui::services::{Services, TrackUpdate, refused_calls};
use crate::tui::storage::Storage;

/// Counts the reasons for waiting read at the same moment, and the most seen at once.
#[derive(Default)]
struct Counting {
    now: AtomicUsize,
    most: AtomicUsize,
}

impl Services for Counting {
    refused_calls!(all);
    async fn why_it_waits(&self, order_id: i64, _: OrderStatus, _: Option<i64>) -> Vec<String> {
        let now = self.now.fetch_add(1, Ordering::SeqCst) + 1;
        self.most.fetch_max(now, Ordering::SeqCst);
        tokio::time::sleep(Duration::from_millis(5)).await;
        self.now.fetch_sub(1, Ordering::SeqCst);
        vec![format!("order {order_id} waits")]
    }
}

#[tokio::test]
async fn why_orders_wait_is_read_a_few_at_a_time_and_every_one_answered() {
    let dir = tempfile::tempdir().unwrap();
    let storage = Storage::new(
        Store::open(&Paths::under(dir.path())),
        EndpointKind::Sandbox,
    );
    let services = Arc::new(Counting::default());
    let (tx, mut rx) = mpsc::unbounded_channel::<Msg>();
    let (track, _updates) = mpsc::unbounded_channel::<TrackUpdate>();
    let why = Arc::new(Semaphore::new(WHY_IN_FLIGHT));
    let orders = 1..=12_i64;
    for order_id in orders.clone() {
        let effect = Effect::WhyWaits {
            order_id,
            status: OrderStatus::NeedsApproval,
            request_id: Some(order_id + 100),
        };
        spawn_effect(
            effect,
            &services,
            &storage,
            &tx,
            &track,
            &Stop::default(),
            &why,
        );
    }
    let mut answered = Vec::new();
    while answered.len() < 12 {
        match rx.recv().await {
            Some(Msg::WhyWaits {
                order_id, lines, ..
            }) => {
                assert_eq!(lines, [format!("order {order_id} waits")]);
                answered.push(order_id);
            }
            Some(_) => {}
            None => break,
        }
    }
    answered.sort_unstable();
    assert_eq!(answered, orders.collect::<Vec<_>>());
    assert_eq!(services.most.load(Ordering::SeqCst), WHY_IN_FLIGHT);
}
