#!/usr/bin/env python3
"""Where a key's time goes inside the process (issue 21, item 2), from the kernel's syscall
tracepoints: for each key, the way in (from the first syscall the key wakes to the read(2) of
standard input that takes it: the event loop's own machinery) and the work (from that read to
the write(2) of the frame: update, view, painter). Needs perf (raw_syscalls tracepoints, which
cost a few microseconds a syscall, far less than strace).

    cargo build --locked --release
    cargo build --locked --profile bench-mem --example key_floor
    python3 benches/key_split.py --bin target/release/certwiz \
        --floor target/bench-mem/examples/key_floor --floor-args=--blocking

key_frame.py measures a key from write() to the last byte of its frame, through the pty, against
cat; this splits the part of that time the process spends awake, so that a change to the loop or
the view can be judged in microseconds without the pty's noise. Keys alternate "x" and Backspace
on the Subject screen's first field, one at a time, after --quiet ms of silence (as key_frame.py).
The same keys go in turn to `cat` (raw mode, no echo: a blocking read and a write, nothing
between) and, with --floor, to examples/key_floor (its three-line view).

The clocks: perf records with CLOCK_MONOTONIC, which is Python's perf_counter on Linux, so a key's
send time picks its syscalls. Reported per side: p50 and p90 of way in, work and awake (way in +
work + the write itself), in microseconds.
"""

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from key_frame import footer_drawn, frame  # noqa: E402
from pty_bench import PGDN, Wizard, header_shows, isolated_env, pct  # noqa: E402

READ, WRITE = 0, 1


def trace(data):
    """perf script's lines as (seconds, thread, "enter"/"exit", syscall number, first argument)."""
    out = subprocess.run(["perf", "script", "-i", data, "--ns", "-F", "tid,time,event,trace"],
                         capture_output=True, text=True, check=True).stdout
    events = []
    for line in out.splitlines():
        parts = line.split()
        # "TID SECONDS.NANOS: raw_syscalls:sys_enter: NR 0 (0, ...)" or "...sys_exit: NR 0 = 1"
        try:
            tid, at, kind, nr = int(parts[0]), float(parts[1].rstrip(":")), parts[2], int(parts[4])
        except (IndexError, ValueError):
            continue
        first = None
        if kind.endswith("sys_enter:") and len(parts) > 5:
            first = int(parts[5].strip("(,"), 16)
        events.append((at, tid, "enter" if kind.endswith("sys_enter:") else "exit", nr, first))
    events.sort()
    return events


def split(events, tid, sent):
    """(way in, work, awake) in seconds for each key sent at the times `sent`, from the syscalls
    of the thread `tid` (the loop's: the main thread), or None where they do not show a read of
    standard input followed by a write of a frame."""
    mine = [e for e in events if e[1] == tid]
    out = []
    for i, t in enumerate(sent):
        end = sent[i + 1] if i + 1 < len(sent) else float("inf")
        woke = read_at = write_at = written = None
        # The syscall entered last, and its first argument (cat's read was entered before).
        before = [e for e in mine if e[0] < t and e[2] == "enter"]
        entered = (before[-1][3], before[-1][4]) if before else None
        for at, _, kind, nr, first in (e for e in mine if t <= e[0] < end):
            if kind == "enter":
                entered = (nr, first)
                if entered == (WRITE, 1) and read_at is not None and write_at is None:
                    write_at = at
                continue
            if woke is None:
                woke = at
            if entered == (READ, 0) and read_at is None:
                read_at = at
            elif entered == (WRITE, 1) and write_at is not None:
                written = at
                break
        if None in (woke, read_at, write_at, written):
            out.append(None)
            continue
        out.append((read_at - woke, write_at - read_at, written - woke))
    return out


def run(a, cols, rows):
    with tempfile.TemporaryDirectory() as tmp:
        sides = [("certwiz", Wizard(a.bin, isolated_env(tmp), cols, rows)),
                 ("cat", Wizard("/bin/sh", isolated_env(tmp), cols, rows,
                                args=["-c", "stty raw -echo && echo ready && exec cat"]))]
        if a.floor:
            sides.append(("floor", Wizard(a.floor, isolated_env(tmp), cols, rows,
                                          a.floor_args.split())))
        try:
            for name, w in sides:
                w.wait_for(lambda s: "ready" in s.text() if name == "cat" else footer_drawn(s))
            wiz = sides[0][1]
            for _ in range(2):
                wiz.send(PGDN)
            wiz.wait_for(header_shows("3/8"))
            for _, w in sides:
                w.drain(0.3)
            data = os.path.join(tmp, "perf.data")
            pids = ",".join(str(w.pid) for _, w in sides)
            perf = subprocess.Popen(["perf", "record", "-q", "--clockid", "monotonic",
                                     "-e", "raw_syscalls:sys_enter,raw_syscalls:sys_exit",
                                     "-p", pids, "-o", data],
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(1.0)
            sent = {name: [] for name, _ in sides}
            gap, quiet = a.frame_gap / 1000, a.quiet / 1000
            for i in range(a.keys):
                key = b"x" if i % 2 == 0 else b"\x7f"
                turn = (i // 2) % len(sides)
                for name, w in sides[turn:] + sides[:turn]:
                    w.drain(quiet)
                    at = w.send(key)
                    if frame(w, at, gap) is not None or name == "cat":
                        sent[name].append(at)
            perf.send_signal(signal.SIGINT)
            perf.wait()
        finally:
            for _, w in sides:
                w.close()
        events = trace(data)
    out = {"size": f"{cols}x{rows}", "keys": a.keys}
    for name, w in sides:
        got = [s for s in split(events, w.pid, sent[name]) if s is not None]
        out[name] = {"keys": len(got)}
        for part, k in (("way_in", 0), ("work", 1), ("awake", 2)):
            xs = [s[k] for s in got]
            if xs:
                out[name][f"{part}_p50_us"] = round(pct(xs, 50) * 1e6, 1)
                out[name][f"{part}_p90_us"] = round(pct(xs, 90) * 1e6, 1)
    return out


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--bin", default=os.path.join("target", "release", "certwiz"))
    p.add_argument("--floor", help="examples/key_floor built: a second side")
    p.add_argument("--floor-args", default="", help="the floor's arguments (--blocking)")
    p.add_argument("--sizes", default="80x24,200x60")
    p.add_argument("--keys", type=int, default=200)
    p.add_argument("--frame-gap", type=float, default=5.0, help="ms")
    p.add_argument("--quiet", type=float, default=30.0, help="ms")
    a = p.parse_args()
    for size in a.sizes.split(","):
        cols, rows = (int(x) for x in size.split("x"))
        print("split", json.dumps(run(a, cols, rows)))


if __name__ == "__main__":
    main()
