//! What every handler of the sandbox shares: the order book, the seed account, faults, limits,
//! the delivery's CA, and what arrived.

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::time::Duration;

use serde_json::Value;

use super::delivery::Delivery;
use super::faults::{Faults, Route};
use super::ratelimit::KeyLimits;
use super::refusal::{Refusal, refusal};
use super::seed::Seed;
use super::state::Store;
use crate::order::product::Product;

/// What arrived, for tests: requests per route, orders placed, order bodies received.
#[derive(Debug, Default)]
pub struct Traffic {
    hits: Mutex<BTreeMap<Route, usize>>,
    placed: Mutex<usize>,
    bodies: Mutex<Vec<Value>>,
}

impl Traffic {
    pub(super) fn hit(&self, route: Route) {
        *self
            .hits
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .entry(route)
            .or_default() += 1;
    }

    /// Keeps an order body as received.
    pub(super) fn received(&self, body: Value) {
        self.bodies
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(body);
    }

    /// Counts a placed order.
    pub(super) fn placed_one(&self) {
        *self.placed.lock().unwrap_or_else(|e| e.into_inner()) += 1;
    }

    /// Requests that reached a route, faulted ones included.
    pub fn hits(&self, route: Route) -> usize {
        let hits = self.hits.lock().unwrap_or_else(|e| e.into_inner());
        hits.get(&route).copied().unwrap_or(0)
    }

    /// Orders placed (accepted and stored).
    pub fn orders_placed(&self) -> usize {
        *self.placed.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Every order body received, valid or not, as parsed JSON.
    pub fn received_bodies(&self) -> Vec<Value> {
        self.bodies
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }
}

/// What every handler shares.
#[derive(Debug)]
pub struct Shared {
    pub store: Store,
    /// The CA and the certificates it issued.
    pub delivery: Delivery,
    pub step: Duration,
    pub faults: Faults,
    pub traffic: Traffic,
    /// DigiCert's rate limits, when enforced.
    pub limits: KeyLimits,
    /// The pre-flight calls' knobs and remembered validations.
    pub preflight: super::preflight::desk::Desk,
    /// Seeded orders and what was done to orders after issuance.
    pub lifetime: super::lifetime::book::Lifetime,
    /// The products the account sells (`GET /product`, and which orders it takes).
    pub offer: Offer,
}

/// The products sold; `None` is every product.
#[derive(Debug, Default)]
pub struct Offer(Mutex<Option<Vec<Product>>>);

impl Offer {
    /// Sells only `products` (in [`Product::ALL`]'s order); `None` sells every product.
    pub fn set(&self, products: Option<&[Product]>) {
        let sorted = products.map(|p| {
            Product::ALL
                .into_iter()
                .filter(|q| p.contains(q))
                .collect::<Vec<_>>()
        });
        *self.0.lock().unwrap_or_else(|e| e.into_inner()) = sorted;
    }

    /// The products sold.
    pub fn products(&self) -> Vec<Product> {
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
            .unwrap_or_else(|| Product::ALL.to_vec())
    }

    /// Whether `product` is sold.
    pub fn sells(&self, product: Product) -> bool {
        self.products().contains(&product)
    }
}

impl Shared {
    /// The account the sandbox answers with ([`super::seed::built_in`], read on first use); a
    /// route that cannot read it answers 500 with why.
    pub fn seed(&self) -> Result<&'static Seed, Refusal> {
        super::seed::built_in().map_err(|why| {
            refusal(
                axum::http::StatusCode::INTERNAL_SERVER_ERROR,
                "internal_error",
                &format!("The sandbox could not read its account: {why}"),
            )
        })
    }
}
