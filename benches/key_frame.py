#!/usr/bin/env python3
"""Key -> frame and first frame, each against its control, interleaved in one run (issue 21).

Python 3 standard library only; reuses pty_bench.py's pseudo-terminal, VT screen and isolated
folders (fresh HOME and XDG folders, no API key: the embedded sandbox, TERM=xterm-256color).

    cargo build --locked --profile bench-mem
    python3 benches/key_frame.py --bin target/bench-mem/certwiz
    python3 benches/key_frame.py --only keys --keys 400 --sizes 80x24,200x60

keys    For each size, certwiz (on the Subject screen's first text field) and `cat` (in raw mode,
        no echo: the floor the pty and the machine set) run side by side in two ptys of that
        size. Keys alternate "x" and Backspace, so the field never grows, and go key by key to
        one then the other: for each key, from write() to the last byte of its frame (a frame
        ends at the first gap of --frame-gap ms without output; both sides are measured the
        same way). Before each key the script waits for --quiet ms of silence. Reports p50 and
        p99 per side, their ratios, and the bytes each certwiz frame took. With --prefill the
        field holds that text first (x and Backspace then change one character of a value the
        side pane's JSON shows, rather than making the field's JSON appear and go). With
        --floor, a third side: examples/key_floor.rs, certwiz's own event loop, terminal guard
        and painter drawing three lines (what the way from a key to the terminal costs before
        any update or view), reported as "floor" with its ratios to cat; --floor-args=--blocking
        runs it without the runtime (crossterm's blocking read on the main thread).
launch  First frame at 80x24: certwiz (complete: the SANDBOX badge on the first row and the
        footer drawn on the last) against `dialog --msgbox` (complete: its OK button drawn),
        alternately, launch by launch, --launches each after one warm-up each. Start = just
        before fork(). With --orders N, every certwiz launch is in one data folder holding N
        placed orders (track_memory.py's seed: the journal and the sandbox's book).
"""

import argparse
import json
import os
import statistics
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pty_bench import PGDN, Wizard, header_shows, isolated_env, ms, pct  # noqa: E402


def footer_drawn(screen):
    last = screen.row(screen.rows - 1).rstrip()
    return "SANDBOX" in screen.row(0) and last.endswith("help")


def frame(w, sent, gap):
    """Reads one frame after a key sent at `sent`: (seconds to its last byte, bytes) or None."""
    got = w.read(1.0)
    if got is None:
        return None
    t_last, size = got[0], len(got[1])
    while (more := w.read(gap)) is not None:
        t_last, size = more[0], size + len(more[1])
    return t_last - sent, size


def summary(xs):
    return {"p50_ms": ms(statistics.median(xs)), "p99_ms": ms(pct(xs, 99)),
            "max_ms": ms(max(xs))}


def bench_keys(a, tmp, cols, rows):
    wiz = Wizard(a.bin, isolated_env(tmp), cols, rows)
    cat = Wizard("/bin/sh", isolated_env(tmp), cols, rows,
                 args=["-c", "stty raw -echo && echo ready && exec cat"])
    floor = Wizard(a.floor, isolated_env(tmp), cols, rows, a.floor_args.split()) if a.floor else None
    try:
        cat.wait_for(lambda s: "ready" in s.text())
        if floor:
            floor.wait_for(footer_drawn)
            floor.drain(0.1)
        wiz.wait_for(footer_drawn)
        for _ in range(2):
            wiz.send(PGDN)
        wiz.wait_for(header_shows("3/8"))
        if a.prefill:
            wiz.send(a.prefill.encode())
            wiz.wait_for(lambda s: a.prefill in s.text())
        wiz.drain(0.3)
        cat.drain(0.1)
        gap, quiet = a.frame_gap / 1000, a.quiet / 1000
        times = {"certwiz": [], "cat": []}
        sides = [("certwiz", wiz), ("cat", cat)]
        if floor:
            times["floor"] = []
            sides.append(("floor", floor))
        sizes, failures = [], 0
        for i in range(a.keys):
            key = b"x" if i % 2 == 0 else b"\x7f"
            # Each side goes first, second (and third) in turn, two keys at a time.
            turn = (i // 2) % len(sides)
            for name, w in sides[turn:] + sides[:turn]:
                w.drain(quiet)
                before = w.screen.text()
                got = frame(w, w.send(key), gap)
                if got is None or (name != "cat" and w.screen.text() == before):
                    failures += 1
                    continue
                times[name].append(got[0])
                if name == "certwiz":
                    sizes.append(got[1])
    finally:
        wiz.close()
        cat.close()
        if floor:
            floor.close()
    out = {"size": f"{cols}x{rows}", "keys": a.keys, "failures": failures}
    for name, xs in times.items():
        out[name] = summary(xs)
    out["p50_ratio"] = round(out["certwiz"]["p50_ms"] / out["cat"]["p50_ms"], 2)
    out["p99_ratio"] = round(out["certwiz"]["p99_ms"] / out["cat"]["p99_ms"], 2)
    if floor:
        out["floor_p50_ratio"] = round(out["floor"]["p50_ms"] / out["cat"]["p50_ms"], 2)
        out["floor_p99_ratio"] = round(out["floor"]["p99_ms"] / out["cat"]["p99_ms"], 2)
    out["bytes_per_key"] = statistics.median(sizes)
    return out


def bench_launch(a, tmp):
    if a.orders:
        # A data folder holding that many placed orders (journal and sandbox), as
        # track_memory.py leaves it: read after the first frame, which must not wait for it.
        import track_memory  # noqa: E402  (same folder; only this part needs it)
        env = track_memory.seed(a.bin, tmp, a.orders, 600000)
    else:
        env = isolated_env(tmp)
    dialog = ["--msgbox", "certwiz first-frame control", "6", "40"]
    times = {"certwiz": [], "dialog": []}
    for i in range(a.launches + 1):
        order = (("certwiz", a.bin, [], footer_drawn),
                 ("dialog", a.dialog, dialog, lambda s: "OK" in s.text()))
        for name, binary, args, done in order if i % 2 == 0 else order[::-1]:
            w = Wizard(binary, env, 80, 24, args=args)
            try:
                at = w.wait_for(done)
                if i:  # the first round creates certwiz's data folder: a warm-up
                    times[name].append(at - w.t0)
            finally:
                w.close()
    out = {"size": "80x24", "launches": a.launches, "orders": a.orders}
    for name, xs in times.items():
        out[name] = {"p50_ms": ms(statistics.median(xs)), "p90_ms": ms(pct(xs, 90)),
                     "min_ms": ms(min(xs))}
    out["p50_ratio"] = round(out["certwiz"]["p50_ms"] / out["dialog"]["p50_ms"], 2)
    return out


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--bin", default=os.path.join("target", "bench-mem", "certwiz"))
    p.add_argument("--dialog", default="/usr/bin/dialog")
    p.add_argument("--only", default="keys,launch")
    p.add_argument("--sizes", default="80x24,200x60")
    p.add_argument("--keys", type=int, default=400)
    p.add_argument("--launches", type=int, default=30)
    p.add_argument("--frame-gap", type=float, default=5.0, help="ms")
    p.add_argument("--quiet", type=float, default=30.0, help="ms")
    p.add_argument("--prefill", default="",
                   help="typed into the field first, so keys edit a value the JSON pane shows")
    p.add_argument("--floor", help="examples/key_floor built: a third side, the event path alone")
    p.add_argument("--floor-args", default="", help="the floor's arguments (--blocking: no runtime)")
    p.add_argument("--orders", type=int, default=0,
                   help="launch: certwiz's data folder holds that many placed orders")
    p.add_argument("--json", help="also write the figures here")
    a = p.parse_args()
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for part in a.only.split(","):
            if part == "keys":
                for size in a.sizes.split(","):
                    cols, rows = (int(x) for x in size.split("x"))
                    # A folder each: the typing is autosaved, and would be offered next time.
                    folder = tempfile.mkdtemp(dir=tmp)
                    results.append(("keys", bench_keys(a, folder, cols, rows)))
            elif part == "launch":
                results.append(("launch", bench_launch(a, tempfile.mkdtemp(dir=tmp))))
    for name, r in results:
        print(name, json.dumps(r))
    if a.json:
        with open(a.json, "w") as f:
            json.dump([{"part": n, **r} for n, r in results], f, indent=2)


if __name__ == "__main__":
    main()
