#!/usr/bin/env bash
# How often the wizard opens its order journal while it follows many orders (BENCHMARKS.md,
# "2026-12-07 (9)"): N placed orders seeded as benches/track_memory.py seeds them (the sandbox's
# step 10 minutes, so every order stays pending), the wizard in a 200x60 tmux pane on Orders;
# `strace -e trace=openat` for 5 s at 10, 25, 40 and 55 s after start, counting opens of
# orders.db; then `perf stat -e task-clock` for 10 s.
#
#     bash benches/journal_opens.sh BIN [N]        # e.g. target/release/certwiz 1000
#
# Needs tmux, strace, perf and python3; isolated HOME and XDG folders, the embedded sandbox.
set -euo pipefail
bin=$(realpath "$1"); n=${2:-1000}
here=$(cd "$(dirname "$0")" && pwd)
t=$(mktemp -d)
session=jopens$$
trap 'tmux kill-session -t $session 2>/dev/null || true; rm -rf "$t"' EXIT
(cd "$here" && python3 -c "import track_memory; track_memory.seed('$bin', '$t', $n, 600000)")
tmux new-session -d -s "$session" -x 200 -y 60 "env -i HOME=$t XDG_DATA_HOME=$t/data \
  XDG_CONFIG_HOME=$t/config XDG_CACHE_HOME=$t/cache CERTWIZ_SANDBOX_STEP_MS=600000 \
  TERM=xterm-256color PATH=/usr/bin:/bin LANG=C.UTF-8 $bin"
start=$(date +%s)
sleep 1
pid=$(pgrep -n -f "^$bin")
for at in 10 25 40 55; do
  while [ $(( $(date +%s) - start )) -lt "$at" ]; do sleep 0.2; done
  timeout 5 strace -f -p "$pid" -e trace=openat -o "$t/opens.txt" 2>/dev/null || true
  echo "t=${at}s: $(grep -c 'orders.db"' "$t/opens.txt" || true) opens of orders.db in 5 s"
done
perf stat -e task-clock -p "$pid" -o "$t/perf.txt" -- sleep 10 2>/dev/null
echo "then: $(grep task-clock "$t/perf.txt" | awk '{print $1}') ms of CPU in 10 s"
