//! Batch validation: reading 10,000 rows into drafts and checking them all, CSV and JSON Lines,
//! as `certwiz submit --batch` does before asking (offline rules, no account). The rows are
//! made by the Python reference it is compared with (BENCHMARKS.md, "Batch validation"):
//!
//! ```sh
//! python3 benches/batch_validate.py --make target/batch-bench
//! cargo bench --profile bench-mem --bench batch
//! python3 benches/batch_validate.py --compare target/batch-bench --time target/batch-bench
//! ```
//!
//! With `CERTWIZ_BATCH_REPEAT=N` (and `CERTWIZ_BATCH_ONLY=rows.jsonl`, say) it validates each
//! file N times and stops: a fixed amount of work, for an instruction count that does not vary
//! with the machine's load (`valgrind --tool=cachegrind --cache-sim=no`; BENCHMARKS.md), and
//! for `python3 benches/batch_validate.py --versus BIN DIR`, which alternates its passes with the
//! Python reference's, round by round, on a machine whose speed drifts.
//!
//! Before timing, it writes what it found (diagnostics counted by path, severity and code) next
//! to the rows, for `--compare` to hold the Python reference to the same rules.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeMap;
use std::hint::black_box;
use std::path::PathBuf;
use std::time::Duration;

use certwiz::order::batch::{Format, RowDiagnostic, check, parse};
use certwiz::order::draft::{Draft, read_input};
use certwiz::order::validate::Context;
use criterion::{Criterion, Throughput, criterion_group};

const REQUEST: &str = include_str!("../tests/fixtures/documented-order-request.json");

fn folder() -> PathBuf {
    std::env::var_os("CERTWIZ_BATCH_BENCH").map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/batch-bench"),
        PathBuf::from,
    )
}

fn validate_file(text: &str, format: Format, base: &Draft) -> Vec<RowDiagnostic> {
    let rows = parse(text, format, base).unwrap();
    check(&rows, |_| Context::default())
}

fn batch(c: &mut Criterion) {
    let (base, _) = read_input(REQUEST, None).unwrap();
    let dir = folder();
    let mut group = c.benchmark_group("batch validation");
    group
        .measurement_time(Duration::from_secs(10))
        .sample_size(20);
    for (name, format) in [("rows.csv", Format::Csv), ("rows.jsonl", Format::JsonLines)] {
        let path = dir.join(name);
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
            panic!(
                "{}: {e}; make the rows first: python3 benches/batch_validate.py --make {}",
                path.display(),
                dir.display()
            )
        });
        let found = validate_file(&text, format, &base);
        let mut counts: BTreeMap<String, usize> = BTreeMap::new();
        for d in &found {
            let d = &d.diagnostic;
            *counts
                .entry(format!("{} {} {}", d.path, d.severity, d.code))
                .or_default() += 1;
        }
        let out = dir.join(format!("{name}.rust-counts.json"));
        std::fs::write(&out, serde_json::to_string_pretty(&counts).unwrap()).unwrap();
        let rows = text.lines().filter(|l| !l.trim().is_empty()).count()
            - usize::from(format == Format::Csv);
        group.throughput(Throughput::Elements(rows as u64));
        group.bench_function(name, |b| {
            b.iter(|| validate_file(black_box(&text), format, &base))
        });
    }
    group.finish();
}

/// `CERTWIZ_BATCH_REPEAT=N`: validates each file N times and stops, without criterion, for a
/// count that does not depend on the machine's speed; `CERTWIZ_BATCH_ONLY` names one file.
/// Each pass prints `FILE SECONDS`: `batch_validate.py --versus` reads them, round by round
/// against its own passes.
// Its times are read by batch_validate.py from this bench's output, a pipe it reads to the end.
#[allow(clippy::print_stdout)]
fn repeat(times: usize) {
    let (base, _) = read_input(REQUEST, None).unwrap();
    let dir = folder();
    let only = std::env::var("CERTWIZ_BATCH_ONLY").unwrap_or_default();
    for (name, format) in [("rows.csv", Format::Csv), ("rows.jsonl", Format::JsonLines)] {
        if !only.is_empty() && only != name {
            continue;
        }
        let text = std::fs::read_to_string(dir.join(name)).unwrap();
        for _ in 0..times {
            let start = std::time::Instant::now();
            black_box(validate_file(black_box(&text), format, &base));
            println!("{name} {:.6}", start.elapsed().as_secs_f64());
        }
    }
}

criterion_group!(benches, batch);

fn main() {
    if let Some(times) = std::env::var("CERTWIZ_BATCH_REPEAT")
        .ok()
        .and_then(|n| n.parse().ok())
    {
        repeat(times);
        return;
    }
    benches();
    Criterion::default().configure_from_args().final_summary();
}
