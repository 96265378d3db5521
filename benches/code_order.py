#!/usr/bin/env python3
"""The functions a wizard run executes, in first-seen order, as LLD's --symbol-ordering-file
takes them (BENCHMARKS.md, 2026-12-06 (3), "code laid out in the order a run uses it").

Reads the callgrind files of one process (run with --demangle=no, dumped with
`callgrind_control -d` as it goes) and keeps the names that the binary's symbol table lists as
text. Standard library only, plus `nm`.

    python3 benches/code_order.py --callgrind '/tmp/cg/cg.PID*' --binary /tmp/tprof/release/certwiz > /tmp/cg/order.txt
"""

import argparse
import glob
import os
import re
import subprocess
import sys

NAME = re.compile(r"^c?fn=\(\d+\) (.+)$")


def dump_index(path):
    """cg.PID, cg.PID.1, cg.PID.2, ... cg.PID.10: the dumps in the order they were written."""
    parts = os.path.basename(path).split(".")
    return int(parts[2]) if len(parts) > 2 and parts[2].isdigit() else 0


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--callgrind", required=True, action="append",
                   help="glob of one process's callgrind files; again for the next run, in order")
    p.add_argument("--binary", required=True, help="the binary run, with its symbols")
    a = p.parse_args()
    text = set()
    nm = subprocess.run(["nm", "--defined-only", a.binary], capture_output=True, text=True,
                        check=True).stdout
    for line in nm.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[1] in "tTwW":
            text.add(parts[2])
    seen, order = set(), []
    paths = [path for pattern in a.callgrind for path in sorted(glob.glob(pattern), key=dump_index)]
    for path in paths:
        with open(path, errors="replace") as f:
            for line in f:
                m = NAME.match(line.rstrip("\n"))
                if m and m.group(1) not in seen:
                    seen.add(m.group(1))
                    if m.group(1) in text:
                        order.append(m.group(1))
    sys.stdout.write("".join(name + "\n" for name in order))
    print(f"{len(order)} of {len(text)} text symbols executed", file=sys.stderr)


if __name__ == "__main__":
    main()
