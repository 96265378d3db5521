#!/usr/bin/env python3
"""An account of N document signing orders (issue 20, "scale"): wall time and peak memory of
`certwiz certificates` and `certwiz check`, first against CertCentral (the embedded sandbox,
with DigiCert's rate limits enforced) and then from the inventory (`--cached`).

Python 3 standard library only.

    cargo build --locked                       # or --release; pass the binary with --binary
    python3 benches/lifecycle.py --orders 10000 --runs 5

In a fresh temporary HOME with no API key (so certwiz uses its embedded sandbox, here with
CERTWIZ_SANDBOX_LIFETIME=N seeded issued orders and CERTWIZ_SANDBOX_RATE_LIMIT=digicert), it
runs, with standard output to /dev/null:

1. `certwiz certificates --json`: the first full listing (the sandbox starts in the process,
   the orders are listed 1,000 a page per product and stored);
2. `certwiz certificates --cached` and `certwiz check --cached` (--runs times each): the
   listing and the check from the inventory, no network;
3. `certwiz check`: a refresh and the check.

First, as a control in the same run, `certwiz --version` (--runs times): the binary starting and
exiting, the floor under every other figure.

With --separate, the sandbox runs as its own process (`certwiz sandbox`) and certwiz reaches it
with `--api-url` and a key, so the figures are certwiz's own, without the sandbox's memory.

For each it reports the median wall time and the peak resident set (ru_maxrss of the child,
from os.wait4), and the number of 429 answers the sandbox sent (the log at CERTWIZ_LOG=debug
records every retry; a 429 would show there as `HTTP 429`).
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time


def run(binary, args, env, runs):
    walls, peaks, codes = [], [], set()
    for _ in range(runs):
        start = time.perf_counter()
        with open(os.devnull, "wb") as null:
            proc = subprocess.Popen([binary] + args, env=env, stdout=null, stderr=null)
            _, status, usage = os.wait4(proc.pid, 0)
        walls.append(time.perf_counter() - start)
        peaks.append(usage.ru_maxrss / 1024)  # KiB -> MiB
        codes.add(os.waitstatus_to_exitcode(status))
    return statistics.median(walls), max(peaks), sorted(codes)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--binary", default="target/debug/certwiz")
    parser.add_argument("--orders", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--separate", action="store_true")
    a = parser.parse_args()
    binary = os.path.abspath(a.binary)
    home = tempfile.mkdtemp(prefix="certwiz-lifecycle-")
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": home,
        "XDG_DATA_HOME": os.path.join(home, "data"),
        "XDG_CONFIG_HOME": os.path.join(home, "config"),
        "XDG_STATE_HOME": os.path.join(home, "state"),
        "XDG_CACHE_HOME": os.path.join(home, "cache"),
        "CERTWIZ_SANDBOX_LIFETIME": str(a.orders),
        "CERTWIZ_SANDBOX_RATE_LIMIT": "digicert",
        "CERTWIZ_LOG": "debug",
    }
    extra, server = [], None
    if a.separate:
        server = subprocess.Popen([binary, "sandbox"], env=env, stdout=subprocess.PIPE,
                                  stderr=subprocess.DEVNULL, text=True)
        for line in server.stdout:
            if line.startswith("base URL: "):
                extra = ["--api-url", line.split(": ", 1)[1].strip()]
                break
        env = dict(env, DIGICERT_API_KEY="bench-key")
    steps = [
        # The control, in the same run: the binary starting and exiting, no order touched (the
        # floor under every figure below: process start, the binary mapped in).
        ("control: --version", ["--version"], a.runs),
        ("certificates --json (first listing)", ["certificates", "--json"], 1),
        ("certificates --cached", ["certificates", "--cached"], a.runs),
        ("check --cached", ["check", "--cached"], a.runs),
        ("check (refresh, then check)", ["check"], 1),
    ]
    where = "separate sandbox" if a.separate else "embedded sandbox"
    print(f"{a.orders} orders, {where}, binary {a.binary}, HOME {home}")
    print(f"| command | median wall | peak RSS | exit codes |")
    print(f"|---|---|---|---|")
    for name, args, runs in steps:
        wall, peak, codes = run(binary, (extra if args != ["--version"] else []) + args, env, runs)
        print(f"| `certwiz {' '.join(args)}` ({runs} run{'s' if runs > 1 else ''}) "
              f"| {wall * 1000:.0f} ms | {peak:.1f} MiB | {codes} |")
    if server is not None:
        server.kill()
        server.wait()
    log = os.path.join(home, "data", "certwiz", "certwiz.log")
    text = open(log, encoding="utf-8", errors="replace").read() if os.path.exists(log) else ""
    print(f"429 answers in the log: {text.count('429')}; list calls: "
          f"{text.count('GET order/certificate ->')}")


if __name__ == "__main__":
    sys.exit(main())
