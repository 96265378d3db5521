//! Criterion benchmarks of the order domain: full validation of a complete order (CSR included),
//! and serialising the body. Run: `cargo bench --bench domain`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;

use certwiz::order::csr::examine;
use certwiz::order::draft::read_input;
use certwiz::order::validate::{Context, validate};
use criterion::{Criterion, criterion_group, criterion_main};

const REQUEST: &str = include_str!("../tests/fixtures/documented-order-request.json");
const CSR_RSA: &str = include_str!("../tests/fixtures/csr/rsa2048.pem");
const CSR_EC: &str = include_str!("../tests/fixtures/csr/p384.pem");

fn domain(c: &mut Criterion) {
    let (example, _) = read_input(REQUEST, None).unwrap();
    let mut with_rsa = example.clone();
    with_rsa.set("cs_provisioning_method", "email");
    with_rsa.set("certificate.csr", CSR_RSA);
    let mut with_ec = with_rsa.clone();
    with_ec.set("certificate.csr", CSR_EC);
    let ctx = Context::default();

    c.bench_function("validate/documented example", |b| {
        b.iter(|| validate(black_box(&example), &ctx))
    });
    c.bench_function("validate/with RSA 2048 CSR", |b| {
        b.iter(|| validate(black_box(&with_rsa), &ctx))
    });
    c.bench_function("validate/with P-384 CSR", |b| {
        b.iter(|| validate(black_box(&with_ec), &ctx))
    });
    // validate remembers the last request it verified (csr::inspect): the checks above verify
    // their CSR once. What a new request costs:
    c.bench_function("csr/examine RSA 2048", |b| {
        b.iter(|| examine(black_box(CSR_RSA)))
    });
    c.bench_function("csr/examine P-384", |b| {
        b.iter(|| examine(black_box(CSR_EC)))
    });
    c.bench_function("serialise/body pretty", |b| {
        b.iter(|| serde_json::to_string_pretty(&black_box(&example).to_body()))
    });
    c.bench_function("serialise/typed request", |b| {
        let request = example.to_request().unwrap();
        b.iter(|| serde_json::to_vec(black_box(&request)))
    });
    c.bench_function("parse/documented body to draft", |b| {
        b.iter(|| read_input(black_box(REQUEST), None))
    });
}

criterion_group!(benches, domain);
criterion_main!(benches);
