//! Criterion benchmarks of the log and of delivery: appending one event line to the log file
//! (what every call costs at `CERTWIZ_LOG=debug`), reading a CSR's key, checking a downloaded
//! `pem_all` chain, and the sandbox issuing a certificate. Run: `cargo bench --bench delivery`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;

use certwiz::delivery::{check_chain, csr_key};
use certwiz::log::RotatingFile;
use certwiz::order::Product;
use certwiz::sandbox::delivery::Delivery;
use certwiz::sandbox::state::OrderBook;
use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use serde_json::json;
use time::OffsetDateTime;

const CSR_RSA: &str = include_str!("../tests/fixtures/csr/rsa2048.pem");
const LINE: &[u8] =
    b"2026-12-02T17:59:36.993605Z DEBUG GET order/certificate/112233 -> 200 in 4 ms\n";

fn delivery(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();

    let log = RotatingFile::new(dir.path().join("certwiz.log"), 5 * 1024 * 1024, 2);
    c.bench_function("log/append one event line", |b| {
        b.iter(|| log.append(black_box(LINE)).unwrap())
    });

    c.bench_function("delivery/csr key (RSA 2048)", |b| {
        b.iter(|| csr_key(black_box(CSR_RSA)).unwrap())
    });

    let sandbox = Delivery::new(&dir.path().join("sandbox"));
    let mut book = OrderBook::default();
    let mut order = || {
        let body = json!({
            "certificate": { "csr": CSR_RSA },
            "cs_provisioning_method": "email",
            "validity_years": 1,
        });
        book.place(Product::default(), body, OffsetDateTime::now_utc())
    };
    let first = order();
    let chain = sandbox.chain(&first, OffsetDateTime::now_utc()).unwrap();
    let key = csr_key(CSR_RSA).unwrap();
    c.bench_function(
        "delivery/check pem_all chain (RSA 2048 leaf, P-256 CA)",
        |b| b.iter(|| check_chain(black_box(chain.as_bytes()), &key).unwrap()),
    );
    c.bench_function("sandbox/issue a certificate for a CSR", |b| {
        b.iter_batched(
            &mut order,
            |o| sandbox.chain(&o, OffsetDateTime::now_utc()).unwrap(),
            BatchSize::SmallInput,
        )
    });
}

criterion_group!(benches, delivery);
criterion_main!(benches);
