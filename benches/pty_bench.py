#!/usr/bin/env python3
"""Measures the release binary in a pseudo-terminal, against the budgets of issue 6.

Python 3 standard library only. Every run uses a fresh temporary HOME and XDG data/config
folders, no API key (so certwiz uses its embedded sandbox), TERM=xterm-256color.

    cargo build --release
    python3 benches/pty_bench.py                      # everything, about 3 minutes
    python3 benches/pty_bench.py --only launch,keys   # some of it
    python3 benches/pty_bench.py --json out.json      # also write the figures as JSON

Measures (see BENCHMARKS.md for the definitions in prose):

launch  Launch -> first complete frame at 200x60, over --launches runs (after one warm-up run
        that creates the data folder). Start = just before fork(); complete = the first moment
        the screen, as a small VT emulator below rebuilds it from the bytes read, shows the
        SANDBOX badge on the first row and the footer's last item "F1 help" at the end of the
        footer on the last row.
keys    Keystroke -> updated frame at 200x60, over --keys keys typed into the Subject screen's
        first text field (alternately "x" and Backspace, so the field never grows). For each
        key: from the write() of the key to the first byte read back, and to the last byte of
        that frame. A frame is the burst of output after the key; it ends at the first gap of
        --frame-gap ms without output (ratatui writes a frame in one go, microseconds apart).
        Before the next key the script waits for --quiet ms of silence, so a clock tick's
        redraw is not counted as the key's. A key whose frame leaves the screen unchanged is
        counted as a failure (not for control, whose echo runs off the line).
idle    CPU time (utime+stime from /proc/PID/stat) used over --idle s on the Orders screen,
        after the wizard has started with --orders orders in its journal.
rss     Peak resident memory (VmHWM, /proc/PID/status) of the wizard with --orders sandbox
        orders in its journal, read on the Orders screen after --track s. The orders are
        placed first with `certwiz submit --yes --allow-duplicate` in the same data folder.
        Also the same figure for `certwiz orders --watch`, which follows the same journal.
submit  `certwiz submit --yes --allow-duplicate --api-url URL` against curl posting the same
        body (from `certwiz preview`) to the same standalone `certwiz sandbox`, --runs runs
        each, interleaved; wall time per process, medians and their ratio.
size    The release binary's size in bytes.
"""

import argparse
import codecs
import json
import os
import pty
import re
import select
import shutil
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import time
import fcntl
import termios
import unicodedata

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ORDER = os.path.join(ROOT, "tests", "fixtures", "documented-order-request.json")
CSI = re.compile(r"\x1b\[([?0-9;]*)([@-~])")
PGDN = b"\x1b[6~"
CLK_TCK = os.sysconf("SC_CLK_TCK")


class Screen:
    """Just enough of a VT100 to rebuild ratatui's output: cursor moves, text, SGR ignored."""

    def __init__(self, cols, rows):
        self.cols, self.rows = cols, rows
        self.grid = [[" "] * cols for _ in range(rows)]
        self.r = self.c = 0
        self.decoder = codecs.getincrementaldecoder("utf-8")("replace")
        self.pending = ""

    def feed(self, data):
        s = self.pending + self.decoder.decode(data)
        self.pending = ""
        i, n = 0, len(s)
        while i < n:
            ch = s[i]
            if ch == "\x1b":
                m = CSI.match(s, i)
                if m is None:
                    if i + 1 < n and s[i + 1] != "[":
                        i += 2  # a two-byte escape such as ESC 7
                        continue
                    self.pending = s[i:]  # an escape split across reads
                    return
                params, final = m.group(1), m.group(2)
                if final == "H":
                    parts = (params.split(";") + ["", ""])[:2]
                    self.r = int(parts[0] or 1) - 1
                    self.c = int(parts[1] or 1) - 1
                elif final == "J" and params == "2":
                    self.grid = [[" "] * self.cols for _ in range(self.rows)]
                i = m.end()
                continue
            if ch == "\r":
                self.c = 0
            elif ch == "\n":
                self.r += 1
            elif ch >= " ":
                if 0 <= self.r < self.rows and 0 <= self.c < self.cols:
                    self.grid[self.r][self.c] = ch
                wide = unicodedata.east_asian_width(ch) in ("W", "F")
                self.c += 2 if wide else 1
            i += 1

    def row(self, i):
        return "".join(self.grid[i])

    def text(self):
        return "\n".join(self.row(i) for i in range(self.rows))


def isolated_env(tmp, extra=None):
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("DIGICERT_", "CERTWIZ_")) and k != "NO_COLOR"}
    env.update(HOME=tmp, XDG_DATA_HOME=os.path.join(tmp, "data"),
               XDG_CONFIG_HOME=os.path.join(tmp, "config"),
               XDG_CACHE_HOME=os.path.join(tmp, "cache"), TERM="xterm-256color")
    env.update(extra or {})
    return env


class Wizard:
    """certwiz in a pseudo-terminal of the given size."""

    def __init__(self, binary, env, cols, rows, args=()):
        self.screen = Screen(cols, rows)
        self.cols, self.rows = cols, rows
        self.t0 = time.perf_counter()
        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # the child: size its terminal before certwiz reads it
            try:
                fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
                os.execve(binary, [binary, *args], env)
            finally:
                os._exit(127)
        self.closed = False

    def read(self, timeout):
        """One read, or None after `timeout` s of silence; returns (time, bytes)."""
        if self.closed:
            return None
        ready, _, _ = select.select([self.fd], [], [], max(0.0, timeout))
        if not ready:
            return None
        now = time.perf_counter()
        try:
            data = os.read(self.fd, 1 << 16)
        except OSError:
            data = b""
        if not data:
            self.closed = True
            return None
        self.screen.feed(data)
        return now, data

    def wait_for(self, done, timeout=10.0):
        """Reads until `done(screen)` holds; returns the time of the read that made it so."""
        end = time.perf_counter() + timeout
        while time.perf_counter() < end:
            got = self.read(end - time.perf_counter())
            if got and done(self.screen):
                return got[0]
            if self.closed:
                break
        raise TimeoutError("the screen never showed what was awaited:\n" + self.screen.text())

    def drain(self, quiet, limit=5.0):
        """Reads until `quiet` s pass without output, or `limit` s in all (the clock redraws)."""
        end = time.perf_counter() + limit
        while time.perf_counter() < end and self.read(min(quiet, end - time.perf_counter())):
            pass

    def pause(self, seconds):
        """Keeps reading (so certwiz never blocks on output) for `seconds`."""
        end = time.perf_counter() + seconds
        while time.perf_counter() < end:
            self.read(min(0.5, end - time.perf_counter()))

    def send(self, data):
        os.write(self.fd, data)
        return time.perf_counter()

    def stat_cpu_ticks(self):
        with open(f"/proc/{self.pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15)

    def status(self, key):
        with open(f"/proc/{self.pid}/status") as f:
            for line in f:
                if line.startswith(key + ":"):
                    return int(line.split()[1])  # kB
        return None

    def close(self):
        try:
            os.kill(self.pid, signal.SIGTERM)
            for _ in range(50):
                if os.waitpid(self.pid, os.WNOHANG)[0]:
                    break
                time.sleep(0.02)
            else:
                os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass
        os.close(self.fd)


def complete(screen):
    return "SANDBOX" in screen.row(0) and screen.row(screen.rows - 1).rstrip().endswith("F1 help")


def header_shows(text):
    return lambda s: text in s.row(0)


def pct(values, p):
    ordered = sorted(values)
    k = (len(ordered) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def ms(x):
    return round(x * 1000, 3)


def bench_launch(a, tmp):
    env = isolated_env(tmp)
    times = []
    for i in range(a.launches + 1):
        w = Wizard(a.bin, env, 200, 60)
        try:
            at = w.wait_for(complete)
            if i:  # the first run creates the data folder: a warm-up
                times.append(at - w.t0)
        finally:
            w.close()
    return {"runs": len(times), "median_ms": ms(statistics.median(times)),
            "p90_ms": ms(pct(times, 90)), "min_ms": ms(min(times)), "max_ms": ms(max(times))}


def bench_keys(a, tmp, control=False):
    if control:  # the same loop against `cat` in raw mode: the floor set by the pty and machine
        w = Wizard("/bin/sh", isolated_env(tmp), 200, 60,
                   args=["-c", "stty raw -echo && echo ready && exec cat"])
        w.wait_for(lambda s: "ready" in s.text())
    else:
        w = Wizard(a.bin, isolated_env(tmp), 200, 60)
        w.wait_for(complete)
        for _ in range(2):
            w.send(PGDN)
        w.wait_for(header_shows("3/8 Subject"))
    try:
        w.drain(0.2)
        first, last, failures = [], [], 0
        gap, quiet = a.frame_gap / 1000, a.quiet / 1000
        for i in range(a.keys):
            before = w.screen.text()
            sent = w.send(b"x" if i % 2 == 0 else b"\x7f")
            got = w.read(1.0)
            if got is None:
                failures += 1
                continue
            t_first = t_last = got[0]
            while (more := w.read(gap)) is not None:
                t_last = more[0]
            if not control and w.screen.text() == before:
                failures += 1
                continue
            first.append(t_first - sent)
            last.append(t_last - sent)
            w.drain(quiet)
    finally:
        w.close()
    out = {"keys": a.keys, "frames": len(last), "failures": failures}
    for name, xs in (("first_byte", first), ("last_byte", last)):
        out[name] = {"median_ms": ms(statistics.median(xs)), "p99_ms": ms(pct(xs, 99)),
                     "max_ms": ms(max(xs))}
    return out


def place_orders(a, tmp, n):
    env = isolated_env(tmp, {"CERTWIZ_SANDBOX_STEP_MS": str(a.step_ms)})
    for _ in range(n):
        subprocess.run([a.bin, "submit", "--yes", "--allow-duplicate", ORDER], env=env,
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def to_orders_screen(w):
    w.wait_for(complete)
    for _ in range(7):
        w.send(PGDN)
    w.wait_for(header_shows("8/8"))


def tracked_rows(screen):
    return sum(1 for i in range(screen.rows) if re.search(r"\b112\d{3}\b", screen.row(i)))


def bench_idle(a, tmp):
    env = isolated_env(tmp, {"CERTWIZ_SANDBOX_STEP_MS": str(a.step_ms)})
    w = Wizard(a.bin, env, 200, 60)
    try:
        to_orders_screen(w)
        w.pause(2.0)
        rows = tracked_rows(w.screen)
        start_ticks, start = w.stat_cpu_ticks(), time.perf_counter()
        while time.perf_counter() - start < a.idle:
            w.read(0.5)
        ticks, elapsed = w.stat_cpu_ticks() - start_ticks, time.perf_counter() - start
    finally:
        w.close()
    cpu = ticks / CLK_TCK
    return {"seconds": round(elapsed, 1), "cpu_s": cpu, "percent_of_core": round(cpu / elapsed * 100, 3),
            "order_rows_on_screen": rows}


def bench_rss(a, tmp):
    env = isolated_env(tmp, {"CERTWIZ_SANDBOX_STEP_MS": str(a.step_ms)})
    w = Wizard(a.bin, env, 200, 60)
    try:
        to_orders_screen(w)
        end = time.perf_counter() + a.track
        while time.perf_counter() < end:
            w.read(0.5)
        wizard = {"vmhwm_kb": w.status("VmHWM"), "vmrss_kb": w.status("VmRSS"),
                  "order_rows_on_screen": tracked_rows(w.screen)}
    finally:
        w.close()
    watch = subprocess.Popen([a.bin, "orders", "--watch"], env=env, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
    peak = None
    try:
        end = time.perf_counter() + a.track
        while time.perf_counter() < end and watch.poll() is None:
            with open(f"/proc/{watch.pid}/status") as f:
                peak = next(int(l.split()[1]) for l in f if l.startswith("VmHWM:"))
            time.sleep(0.5)
    finally:
        watch.terminate()
        watch.wait()
    return {"orders": a.orders, "wizard": wizard, "orders_watch_vmhwm_kb": peak}


def bench_submit(a, tmp):
    env = isolated_env(tmp)
    sandbox = subprocess.Popen([a.bin, "sandbox", "--port", "0"], env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        base = None
        for line in sandbox.stdout:
            if line.startswith("base URL: "):
                base = line.split(": ", 1)[1].strip()
                break
        body = os.path.join(tmp, "body.json")
        with open(body, "wb") as f:
            f.write(subprocess.run([a.bin, "preview", ORDER], env=env, check=True,
                                   capture_output=True).stdout)
        keyed = dict(env, DIGICERT_API_KEY="any-key")
        certwiz = [a.bin, "submit", "--yes", "--allow-duplicate", "--api-url", base, ORDER]
        curl = ["curl", "-sS", "-o", "/dev/null", "-f", "-X", "POST",
                f"{base}/order/certificate/document_signing_org_1",
                "-H", "X-DC-DEVKEY: any-key", "-H", "Content-Type: application/json",
                "--data-binary", "@" + body]
        times = {"certwiz": [], "curl": []}
        for i in range(a.runs + 1):
            for name, argv in (("certwiz", certwiz), ("curl", curl)):
                start = time.perf_counter()
                subprocess.run(argv, env=keyed, check=True, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
                if i:  # the first pair warms the page cache
                    times[name].append(time.perf_counter() - start)
    finally:
        sandbox.terminate()
        sandbox.wait()
    c, u = statistics.median(times["certwiz"]), statistics.median(times["curl"])
    return {"runs": a.runs, "certwiz_median_ms": ms(c), "curl_median_ms": ms(u),
            "ratio": round(c / u, 3)}


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--bin", default=os.path.join(ROOT, "target", "release", "certwiz"))
    p.add_argument("--only", default="size,launch,keys,control,submit,rss,idle")
    p.add_argument("--launches", type=int, default=20)
    p.add_argument("--keys", type=int, default=1000)
    p.add_argument("--frame-gap", type=float, default=3.0, help="ms of silence that ends a frame")
    p.add_argument("--quiet", type=float, default=20.0, help="ms of silence before the next key")
    p.add_argument("--idle", type=float, default=60.0)
    p.add_argument("--orders", type=int, default=100)
    p.add_argument("--track", type=float, default=20.0)
    p.add_argument("--step-ms", type=int, default=600_000, help="sandbox ms per status step")
    p.add_argument("--runs", type=int, default=30)
    p.add_argument("--json")
    a = p.parse_args()
    a.bin = os.path.abspath(a.bin)
    only = a.only.split(",")
    results = {}
    tmp = tempfile.mkdtemp(prefix="certwiz-bench-")
    try:
        if "size" in only:
            results["size"] = {"bytes": os.path.getsize(a.bin)}
        if "launch" in only:
            results["launch"] = bench_launch(a, os.path.join(tmp, "launch"))
        if "keys" in only:
            results["keys"] = bench_keys(a, os.path.join(tmp, "keys"))
        if "control" in only:
            results["control"] = bench_keys(a, os.path.join(tmp, "control"), control=True)
        if "submit" in only:
            results["submit"] = bench_submit(a, os.path.join(tmp, "submit"))
        if "rss" in only or "idle" in only:
            tracking = os.path.join(tmp, "tracking")
            place_orders(a, tracking, a.orders)
            if "rss" in only:
                results["rss"] = bench_rss(a, tracking)
            if "idle" in only:
                results["idle"] = bench_idle(a, tracking)
        for name, value in results.items():
            print(f"{name}: {json.dumps(value)}", flush=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    if a.json:
        with open(a.json, "w") as f:
            json.dump(results, f, indent=2)


if __name__ == "__main__":
    sys.exit(main())
