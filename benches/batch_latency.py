#!/usr/bin/env python3
"""Batch orders at DigiCert's ceiling whatever the latency (issue 21, item 1).

Python 3 standard library only.

    cargo build --locked --profile bench-mem
    python3 benches/batch_latency.py --bin target/bench-mem/certwiz --rows 300 --latency 0,100,300

For each latency, in a fresh temporary HOME with no API key (so certwiz uses its embedded
sandbox), with the sandbox enforcing DigiCert's limits per key (CERTWIZ_SANDBOX_RATE_LIMIT=digicert:
100 requests per 5 s, 1,000 per 3 minutes, 429 `request_limit_exceeded` beyond) and every order
POST held for the latency (CERTWIZ_SANDBOX_FAULTS=place_order=latency:MSx*):

    certwiz submit --batch rows.csv --base base.json --yes --accept-preflight --json

rows.csv has ROWS distinct signers on the documented example order (base.json). It reports the
wall time of the whole command, the orders placed, the rate from the first order POST to the last
answer (the log's timestamps at CERTWIZ_LOG=debug), that rate against DigiCert's ceiling of 20
requests a second (100 per 5 s), and the 429 answers the sandbox logged. Latency 0 is the
control: the same run with the limiter as the only brake.

The ceiling counts every call, so the account reads and the pre-flight's calls before the first
order also use the window; the rate is measured from the first order POST on.
"""

import argparse
import csv
import json
import os
import re
import shutil
import subprocess
import tempfile
import time
from datetime import datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
FIXTURE = HERE.parent.parent / "shared" / "fixtures" / "documented-order-request.json"
CEILING = 20.0  # DigiCert: 100 requests per 5 seconds


def stamp(line):
    m = re.match(r"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+)Z", line)
    if not m:
        return None
    text = m.group(1)
    head, frac = text.split(".")
    return datetime.fromisoformat(f"{head}.{frac[:6]}").timestamp()


def run(binary, rows, latency, fixture):
    home = Path(tempfile.mkdtemp(prefix="certwiz-batch-latency-"))
    try:
        base = home / "base.json"
        shutil.copy(fixture, base)
        table = home / "rows.csv"
        with table.open("w", newline="") as f:
            w = csv.writer(f)
            w.writerow(["subject.name", "subject.email"])
            for i in range(rows):
                w.writerow([f"Signer {i}", f"signer{i}@example.com"])
        log = home / "certwiz.log"
        env = dict(os.environ)
        env.pop("DIGICERT_API_KEY", None)
        env.update(
            HOME=str(home),
            XDG_DATA_HOME=str(home / "data"),
            XDG_CONFIG_HOME=str(home / "config"),
            CERTWIZ_SANDBOX_RATE_LIMIT="digicert",
            CERTWIZ_LOG="debug",
        )
        if latency:
            env["CERTWIZ_SANDBOX_FAULTS"] = f"place_order=latency:{latency}x*"
        start = time.monotonic()
        done = subprocess.run(
            [binary, "--log-file", str(log), "submit", "--batch", str(table), "--base", str(base),
             "--yes", "--accept-preflight", "--json"],
            env=env, capture_output=True, text=True, cwd=home,
        )
        wall = time.monotonic() - start
        try:
            results = json.loads(done.stdout)
        except ValueError:
            raise SystemExit(f"no JSON (exit {done.returncode}): {done.stderr[-2000:]}")
        placed = sum(1 for r in results if r.get("state") == "placed")
        text = log.read_text(errors="replace") if log.exists() else ""
        # The client logs each call when its answer is in: "POST order/certificate/... -> 201
        # in 305 ms"; the call started that many milliseconds before.
        calls = []
        for line in text.splitlines():
            m = re.search(r"POST order/certificate/\S+ -> (\d+) in (\d+) ms", line)
            at = stamp(line)
            if m and at:
                calls.append((at - int(m.group(2)) / 1000, at))
        span = (max(e for _, e in calls) - min(s for s, _ in calls)) if calls else None
        refused = len(re.findall(r"-> 429\b", text))
        return {
            "latency_ms": latency,
            "rows": rows,
            "exit": done.returncode,
            "placed": placed,
            "wall_s": round(wall, 2),
            "order_span_s": round(span, 2) if span else None,
            "orders_per_s": round(placed / span, 2) if span else None,
            "of_ceiling": f"{100 * placed / span / CEILING:.0f} %" if span else None,
            "answers_429": refused,
        }
    finally:
        shutil.rmtree(home, ignore_errors=True)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--bin", default=str(HERE.parent / "target" / "release" / "certwiz"))
    p.add_argument("--rows", type=int, default=300)
    p.add_argument("--latency", default="0,100,300", help="milliseconds, comma separated")
    p.add_argument("--fixture", default=str(FIXTURE))
    a = p.parse_args()
    binary = str(Path(a.bin).resolve())
    for ms in [int(x) for x in a.latency.split(",")]:
        print(json.dumps(run(binary, a.rows, ms, a.fixture)), flush=True)


if __name__ == "__main__":
    main()
