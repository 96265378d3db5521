#!/usr/bin/env bash
# CPU time a key costs the whole wizard process (issue 21, item 2): certwiz on the Subject screen
# in a tmux pane, 50 pairs of `x` and Backspace typed 0.05 s apart, counted by `perf stat -e
# task-clock` attached to the process (kernel time included). With RECORD=FILE, `perf record -e
# cpu-clock -g` samples the same keys instead (read it with `perf report -i FILE --sort dso`).
#
#     bash benches/key_cpu.sh BIN COLS ROWS        # e.g. target/release/certwiz 80 24
#
# Needs perf and tmux; isolated HOME and XDG folders, no API key: the embedded sandbox.
set -euo pipefail
bin=$(realpath "$1"); cols=$2; rows=$3
s=$(mktemp -d); mkdir -p "$s/h" "$s/d" "$s/c"
session=keycpu$$
trap 'tmux kill-session -t $session 2>/dev/null || true; rm -rf "$s"' EXIT
tmux new-session -d -s "$session" -x "$cols" -y "$rows" "env -i HOME=$s/h XDG_DATA_HOME=$s/d \
  XDG_CONFIG_HOME=$s/c TERM=xterm-256color PATH=/usr/bin:/bin LANG=C.UTF-8 $bin"
for _ in $(seq 60); do sleep 0.5; tmux capture-pane -p -t "$session" | grep -q help && break; done
tmux send-keys -t "$session" PgDn; sleep 0.5; tmux send-keys -t "$session" PgDn; sleep 1
pid=$(pgrep -n -f "^$bin")
if [ -n "${RECORD:-}" ]; then
  perf record -e cpu-clock -F 20000 -g -p "$pid" -o "$RECORD" 2>/dev/null &
else
  perf stat -e task-clock,context-switches -p "$pid" -o "$s/perf.txt" &
fi
perf=$!
sleep 0.5
for _ in $(seq 50); do
  tmux send-keys -t "$session" x; sleep 0.05; tmux send-keys -t "$session" BSpace; sleep 0.05
done
sleep 0.5
kill -INT "$perf"; wait "$perf" || true
[ -n "${RECORD:-}" ] || grep -E "task-clock|context" "$s/perf.txt"
tmux send-keys -t "$session" C-c; sleep 0.5
