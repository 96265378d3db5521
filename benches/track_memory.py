#!/usr/bin/env python3
"""Peak memory of the wizard following N orders on the embedded sandbox (issue 12).

Python 3 standard library only; reuses the pseudo-terminal driver of benches/pty_bench.py.

    cargo build --release
    python3 benches/track_memory.py --orders 0,100,1000          # the wizard; 0 = control
    python3 benches/track_memory.py --orders 1000 --watch         # also `certwiz orders --watch`

For each N, in a fresh temporary HOME with no API key (so certwiz uses its embedded sandbox):

1. one order is placed with `certwiz submit --yes --allow-duplicate` (the documented example),
   which writes the journal (SQLite, `orders.db`) and the sandbox's book (`sandbox/orders.json`);
2. both are then filled up to N placed orders by copying that order with new ids (the
   journal's row, every column as certwiz wrote it, with a new attempt id; the book's order
   with new order, request and certificate ids, placed now), the way N submits would leave
   them but in a second;
3. the wizard starts in a 200x60 pseudo-terminal; at start it follows every placed order that
   is not final (all N, on the Orders screen, which the script opens), and runs for --track s;
4. VmHWM (peak resident set) and VmRSS are read from /proc/PID/status, with the number of
   threads and how many order rows the screen shows, and the CPU time (utime + stime) used
   during the --track seconds (from the Orders screen on: the first status-change call and
   the first order reads are in it).

With --external-sandbox, the sandbox is not embedded: a `certwiz sandbox --port P` process is
started in the same HOME first, and the submit and the wizard reach it with an API key set
(DIGICERT_API_KEY=any, DIGICERT_API_URL=http://127.0.0.1:P/services/v2), as a user of the real
CertCentral runs certwiz: the sandbox's order book is then in the other process, not the
wizard's. Only the wizard's memory is measured.

The sandbox's step is --step-ms (default 10 minutes: every order stays pending and is followed
for the whole run, the same setting as pty_bench.py's rss part); with a short step, such as
--step-ms 5000, the orders change and end during the run.
"""

import argparse
import json
import os
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pty_bench  # noqa: E402  (the pty driver, VT emulator and environment)

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ORDER = os.path.join(ROOT, "tests", "fixtures", "documented-order-request.json")


def now_rfc3339():
    t = time.time()
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(t)) + ".%06dZ" % int((t % 1) * 1e6)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_sandbox(binary, env):
    """`certwiz sandbox` on a free port, answering; returns (process, base URL)."""
    port = free_port()
    sandbox = subprocess.Popen([binary, "sandbox", "--port", str(port)], env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.perf_counter() + 30
    while time.perf_counter() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return sandbox, f"http://127.0.0.1:{port}/services/v2"
        except OSError:
            if sandbox.poll() is not None:
                break
            time.sleep(0.1)
    sandbox.kill()
    sandbox.wait()
    raise RuntimeError("certwiz sandbox did not start")


def seed(binary, tmp, n, step_ms, api_url=None):
    env = pty_bench.isolated_env(tmp, {"CERTWIZ_SANDBOX_STEP_MS": str(step_ms)})
    if api_url:
        env.update(DIGICERT_API_KEY="any-key", DIGICERT_API_URL=api_url)
    if n == 0:
        # The control: the same wizard, the same screen, no order placed or followed.
        return env
    subprocess.run([binary, "submit", "--yes", "--allow-duplicate", ORDER], env=env, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    data = os.path.join(tmp, "data", "certwiz")
    journal_path = os.path.join(data, "orders.db")
    book_path = os.path.join(data, "sandbox", "orders.json")
    with open(book_path) as f:
        book = json.load(f)
    # The journal is SQLite (orders.db): the row certwiz wrote for the placed order is copied
    # in its own table, every column as certwiz fills it, with new ids.
    db = sqlite3.connect(journal_path)
    (attempt_id, fingerprint, state, owner_pid, owner_start, text), = db.execute(
        "SELECT attempt_id, fingerprint, state, owner_pid, owner_start, entry FROM attempts")
    entry, order = json.loads(text), book["orders"][0]
    at = now_rfc3339()
    orders, rows = [], []
    for i in range(n):
        order_id, request_id, cert_id = order["id"] + i, order["request_id"] + i, order["certificate_id"] + i
        e = dict(entry, attempt_id=f"{entry['attempt_id'][:-8]}{i:08x}", order_id=order_id,
                 request_ids=[request_id], created_at=at, updated_at=at,
                 history=[dict(entry["history"][0], at=at, request_id=request_id)])
        rows.append((e["attempt_id"], fingerprint, state, order_id, owner_pid, owner_start,
                     json.dumps(e)))
        orders.append(dict(order, id=order_id, request_id=request_id, certificate_id=cert_id,
                           placed_at=at))
    with db:
        db.execute("DELETE FROM attempts")
        db.executemany("INSERT INTO attempts (attempt_id, fingerprint, state, order_id, "
                       "owner_pid, owner_start, entry) VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
    db.close()
    assert not os.path.exists(os.path.join(data, "orders.json")), "a JSON journal was written"
    book.update(orders=orders, next_order_id=order["id"] + n,
                next_request_id=order["request_id"] + n,
                next_certificate_id=order["certificate_id"] + n)
    with open(book_path + ".tmp", "w") as f:
        json.dump(book, f, indent=2)
    os.chmod(book_path + ".tmp", 0o600)
    os.replace(book_path + ".tmp", book_path)
    return env


def order_rows(screen):
    """Rows of the Orders list that show an order id (ids run from 112233 up)."""
    return sum(1 for i in range(screen.rows) if re.search(r"\b11[2-9]\d{3}\b", screen.row(i)))


def threads(pid):
    try:
        return len(os.listdir(f"/proc/{pid}/task"))
    except OSError:
        return None


def measure_wizard(binary, env, track, smaps=None):
    w = pty_bench.Wizard(binary, env, 200, 60)
    try:
        # pty_bench.to_orders_screen, with either badge (SANDBOX, or LIVE with an API key).
        w.wait_for(lambda sc: ("SANDBOX" in sc.row(0) or "LIVE" in sc.row(0))
                   and sc.row(sc.rows - 1).rstrip().endswith("F1 help"))
        for _ in range(7):
            w.send(pty_bench.PGDN)
        w.wait_for(pty_bench.header_shows("8/8"))
        ticks, start = w.stat_cpu_ticks(), time.perf_counter()
        end = start + track
        while time.perf_counter() < end:
            w.read(0.5)
        cpu = (w.stat_cpu_ticks() - ticks) / pty_bench.CLK_TCK
        if smaps:
            shutil.copyfile(f"/proc/{w.pid}/smaps", smaps)
        return {"cpu_s": cpu, "cpu_percent": round(cpu / (time.perf_counter() - start) * 100, 2),
                "vmhwm_kb": w.status("VmHWM"), "vmrss_kb": w.status("VmRSS"),
                "rss_anon_kb": w.status("RssAnon"), "rss_file_kb": w.status("RssFile"),
                "threads": threads(w.pid), "order_rows_on_screen": order_rows(w.screen)}
    finally:
        w.close()


def measure_watch(binary, env, track):
    watch = subprocess.Popen([binary, "orders", "--watch"], env=env, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
    peak = None
    try:
        end = time.perf_counter() + track
        while time.perf_counter() < end and watch.poll() is None:
            with open(f"/proc/{watch.pid}/status") as f:
                peak = next(int(l.split()[1]) for l in f if l.startswith("VmHWM:"))
            time.sleep(0.5)
    finally:
        watch.terminate()
        watch.wait()
    return {"vmhwm_kb": peak}


def main():
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--bin", default=os.path.join(ROOT, "target", "release", "certwiz"))
    p.add_argument("--orders", default="0,100,1000",
                   help="comma-separated order counts; 0 is the control (no order at all)")
    p.add_argument("--track", type=float, default=30.0, help="seconds on the Orders screen")
    p.add_argument("--step-ms", type=int, default=600_000, help="sandbox ms per status step")
    p.add_argument("--watch", action="store_true", help="also measure `certwiz orders --watch`")
    p.add_argument("--smaps", metavar="DIR",
                   help="also copy the wizard's /proc/PID/smaps at the end to DIR/smaps-N.txt "
                        "(which mappings hold the resident set: the binary, libc, the heap, "
                        "each thread's malloc arena)")
    p.add_argument("--external-sandbox", action="store_true",
                   help="reach a separate `certwiz sandbox` process with an API key set, as "
                        "against CertCentral, instead of the embedded sandbox")
    a = p.parse_args()
    binary = os.path.abspath(a.bin)
    if a.smaps:
        os.makedirs(a.smaps, exist_ok=True)
    for n in (int(x) for x in a.orders.split(",")):
        tmp = tempfile.mkdtemp(prefix="certwiz-track-")
        sandbox = None
        try:
            api_url = None
            if a.external_sandbox:
                sandbox_env = pty_bench.isolated_env(tmp, {"CERTWIZ_SANDBOX_STEP_MS": str(a.step_ms)})
                sandbox, api_url = start_sandbox(binary, sandbox_env)
            env = seed(binary, tmp, n, a.step_ms, api_url)
            result = {"orders": n, "track_s": a.track, "step_ms": a.step_ms,
                      "sandbox": "external" if api_url else "embedded",
                      "wizard": measure_wizard(
                          binary, env, a.track,
                          a.smaps and os.path.join(a.smaps, f"smaps-{n}.txt"))}
            if a.watch:
                result["orders_watch"] = measure_watch(binary, env, a.track)
            print(json.dumps(result), flush=True)
        finally:
            if sandbox:
                sandbox.terminate()
                sandbox.wait()
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
