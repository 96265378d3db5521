#!/usr/bin/env bash
# CPU time a key costs the whole wizard process (issue 21, item 2): certwiz on the Subject screen
# in a tmux pane, 50 pairs of `x` and Backspace typed 0.05 s apart, counted by `perf stat -e
# task-clock` attached to the process (kernel time included). With RECORD=FILE, `perf record -e
# cpu-clock -g` samples the same keys instead (read it with `perf report -i FILE --sort dso`).
#
#     bash benches/key_cpu.sh BIN COLS ROWS        # e.g. target/release/certwiz 80 24
#
# FORM chooses the form the keys are typed into:
#   new      (the default) a new, empty form;
#   checked  the documented example order (resumed from an autosave), its pre-flight check read
#            on Submit, then typed into on Subject: every row drawn holds the check's lines;
#   csr      a new form whose Certificate screen holds tests/fixtures/csr/p384.pem (pasted as a
#            terminal pastes), then typed into on Subject: every key validates the whole form.
#
# Needs perf and tmux; isolated HOME and XDG folders, no API key: the embedded sandbox.
set -euo pipefail
bin=$(realpath "$1"); cols=$2; rows=$3
s=$(mktemp -d); mkdir -p "$s/h" "$s/d" "$s/c"
session=keycpu$$
here=$(cd "$(dirname "$0")" && pwd)
if [ "${FORM:-new}" = checked ]; then
  # The documented example order as the wizard autosaves a form, on Subject's first field.
  mkdir -p "$s/d/certwiz/drafts"
  python3 - "$here/../tests/fixtures/documented-order-request.json" \
    > "$s/d/certwiz/drafts/autosave.json" <<'PY'
import json, sys
values = {}
def flat(path, v):
    if isinstance(v, dict):
        for k, x in v.items():
            flat(f"{path}.{k}" if path else k, x)
    else:
        values[path] = ("true" if v else "false") if isinstance(v, bool) else str(v)
flat("", json.load(open(sys.argv[1])))
print(json.dumps({"certwiz_draft": 1, "saved_at": "2026-12-07T20:00:00Z",
                  "position": {"screen": "Subject", "field": "subject.name"},
                  "product": "document_signing_org_1", "values": values}))
PY
fi
trap 'tmux kill-session -t $session 2>/dev/null || true; rm -rf "$s"' EXIT
tmux new-session -d -s "$session" -x "$cols" -y "$rows" "env -i HOME=$s/h XDG_DATA_HOME=$s/d \
  XDG_CONFIG_HOME=$s/c TERM=xterm-256color PATH=/usr/bin:/bin LANG=C.UTF-8 $bin"
for _ in $(seq 60); do sleep 0.5; tmux capture-pane -p -t "$session" | grep -q SANDBOX && break; done
case "${FORM:-new}" in
  new)
    tmux send-keys -t "$session" PgDn; sleep 0.5; tmux send-keys -t "$session" PgDn; sleep 1 ;;
  checked)
    # The autosave is offered at the start: y resumes it, on Subject where it was saved.
    tmux send-keys -t "$session" y; sleep 0.5
    for _ in 1 2 3 4; do tmux send-keys -t "$session" PgDn; sleep 0.3; done; sleep 2
    tmux capture-pane -p -t "$session" | grep -q "Pre-flight" || { echo "no check read" >&2; exit 1; }
    for _ in 1 2 3 4; do tmux send-keys -t "$session" PgUp; sleep 0.3; done; sleep 0.5 ;;
  csr)
    for _ in 1 2 3 4 5 6 7; do tmux send-keys -t "$session" Tab; sleep 0.05; done
    tmux load-buffer -b "$session" "$here/../tests/fixtures/csr/p384.pem"
    tmux paste-buffer -p -d -b "$session" -t "$session"; sleep 0.5
    tmux capture-pane -p -t "$session" | grep -q "ECC P-384 key" || { echo "no CSR" >&2; exit 1; }
    tmux send-keys -t "$session" PgDn; sleep 0.5; tmux send-keys -t "$session" PgDn; sleep 1 ;;
  *) echo "FORM is new, checked or csr" >&2; exit 2 ;;
esac
tmux capture-pane -p -t "$session" | head -1 | grep -q "Subject" || { echo "not on Subject" >&2; exit 1; }
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
