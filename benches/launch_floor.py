#!/usr/bin/env python3
"""What a launch costs before certwiz does anything of its own (issue 21, item 3): from fork() to
the output, in the same pseudo-terminal harness as key_frame.py's `launch`, alternating launch by
launch: `/bin/echo hello` (exec and the pty), `certwiz --version` (exec, the loader, Rust's
start and clap), and dialog's first frame (`dialog --msgbox`, the control of item 3).

    python3 benches/launch_floor.py --bin target/release/certwiz [--launches 30]

Python 3 standard library only; fresh HOME and XDG folders (pty_bench.isolated_env).
"""

import argparse
import os
import statistics
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pty_bench import Wizard, isolated_env  # noqa: E402


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--bin", default=os.path.join("target", "release", "certwiz"))
    p.add_argument("--dialog", default="/usr/bin/dialog")
    p.add_argument("--launches", type=int, default=30)
    a = p.parse_args()
    sides = (
        ("echo", "/bin/echo", ["hello"], lambda s: "hello" in s.text()),
        ("certwiz --version", a.bin, ["--version"], lambda s: "certwiz" in s.text()),
        ("dialog", a.dialog, ["--msgbox", "x", "6", "40"], lambda s: "OK" in s.text()),
    )
    times = {name: [] for name, *_ in sides}
    with tempfile.TemporaryDirectory() as tmp:
        env = isolated_env(tmp)
        for i in range(a.launches + 1):
            for name, binary, args, done in sides:
                w = Wizard(binary, env, 80, 24, args=args)
                try:
                    at = w.wait_for(done)
                    if i:  # the first round is a warm-up
                        times[name].append(at - w.t0)
                finally:
                    w.close()
    for name, xs in times.items():
        print(f"{name}: p50 {statistics.median(xs) * 1000:.2f} ms, "
              f"min {min(xs) * 1000:.2f} ms ({len(xs)} launches)")


if __name__ == "__main__":
    main()
