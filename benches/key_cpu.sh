#!/usr/bin/env bash
# CPU time of the wizard's process for 200 keys on the Subject screen (issue 21, item 2):
# certwiz in a tmux pane of COLS x ROWS with a fresh HOME and no API key (the embedded sandbox),
# PgDn twice to Subject, then 100 pairs of `x` and Backspace 20 ms apart while `perf stat`
# counts the process's task-clock (every thread: the loop, the sandbox, the blocking thread).
# Divide the task-clock by 200 for the CPU a key costs. Needs tmux and perf.
#
#   bash benches/key_cpu.sh target/release/certwiz 80 24
#   bash benches/key_cpu.sh target/release/certwiz 200 60
set -euo pipefail
BIN=$(realpath "$1"); COLS=$2; ROWS=$3
HOME_DIR=$(mktemp -d)
OUT=$(mktemp)
SESSION="keycpu$$"
cleanup() { tmux kill-session -t "$SESSION" 2>/dev/null || true; rm -rf "$HOME_DIR" "$OUT"; }
trap cleanup EXIT
tmux new-session -d -s "$SESSION" -x "$COLS" -y "$ROWS" \
  "env -i HOME=$HOME_DIR XDG_DATA_HOME=$HOME_DIR/.local/share XDG_CONFIG_HOME=$HOME_DIR/.config TERM=xterm-256color PATH=/usr/bin:/bin $BIN"
sleep 1.5
tmux send-keys -t "$SESSION" PageDown; sleep 0.3
tmux send-keys -t "$SESSION" PageDown; sleep 0.5
PID=$(tmux list-panes -t "$SESSION" -F '#{pane_pid}' | head -1)
# The pane runs env, which execs certwiz: the pane's process is the wizard.
perf stat -e task-clock,context-switches -p "$PID" -o "$OUT" &
STAT=$!
sleep 0.5
for _ in $(seq 1 100); do
  tmux send-keys -t "$SESSION" x; sleep 0.02
  tmux send-keys -t "$SESSION" BSpace; sleep 0.02
done
sleep 0.3
kill -INT "$STAT"; wait "$STAT" 2>/dev/null || true
grep -E "task-clock|context-switches|elapsed" "$OUT"
