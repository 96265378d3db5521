#!/bin/bash
# Never twice, tried as people do: two `certwiz submit --yes` and a wizard (typed into through
# tmux) place the documented order at once against one `certwiz sandbox`, on one data folder;
# prints what each said and the orders the server stored (its /_sandbox/stats).
#
#     bash benches/race_orders.sh BIN           # the same order three times at once: 1 stored
#     CHANGED=1 bash benches/race_orders.sh BIN # the wizard places it, then changes Subject and
#                                               # sends the changed form while two submits send
#                                               # the changed body: 2 stored
#
# Needs tmux and python3; nothing outside its temporary folders is touched.
set -u
BIN=$(realpath "$1")
HERE=$(cd "$(dirname "$0")/.." && pwd)
SB=$(mktemp -d); R=$(mktemp -d)
env -i HOME=$SB/h XDG_DATA_HOME=$SB/d XDG_CONFIG_HOME=$SB/c PATH=/usr/bin:/bin $BIN sandbox --port 0 --step-ms 60000 > $SB/out 2>/dev/null &
SPID=$!
for _ in $(seq 100); do grep -q "base URL: " $SB/out && break; sleep 0.1; done
URL=$(sed -n 's/^base URL: //p' $SB/out | tr -d ' ')
HOSTPORT=$(echo $URL | sed 's#http://##; s#/.*##')
E="env -i HOME=$R/h XDG_DATA_HOME=$R/d XDG_CONFIG_HOME=$R/c PATH=/usr/bin:/bin LANG=C.UTF-8 TERM=xterm-256color DIGICERT_API_KEY=race-key DIGICERT_API_URL=$URL"
mkdir -p $R/d/certwiz/drafts
python3 - $HERE/tests/fixtures/documented-order-request.json > $R/d/certwiz/drafts/autosave.json <<'PY'
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
tmux new-session -d -s race -x 80 -y 24 "$E $BIN; echo EXIT=\$?; sleep 30"
sleep 2; tmux send-keys -t race y; sleep 1
for _ in 1 2 3 4; do tmux send-keys -t race PgDn; sleep 0.3; done; sleep 2
tmux send-keys -t race Enter; sleep 1   # the send question is open
FILE=$HERE/tests/fixtures/documented-order-request.json
if [ -n "${CHANGED:-}" ]; then
  # Placed from the wizard; then " Jr" typed after Subject's name, and its send question opened.
  tmux send-keys -t race y; sleep 3
  for _ in 1 2 3 4; do tmux send-keys -t race PgUp; sleep 0.3; done
  tmux send-keys -t race End " Jr"; sleep 0.3
  for _ in 1 2 3 4; do tmux send-keys -t race PgDn; sleep 0.3; done; sleep 2
  tmux capture-pane -p -t race | grep -E "before it changed"
  tmux send-keys -t race Enter; sleep 1
  FILE=$R/jr.json
  python3 - "$HERE/tests/fixtures/documented-order-request.json" "$FILE" <<'PY'
import json, sys
body = json.load(open(sys.argv[1]))
body["subject"]["name"] += " Jr"
json.dump(body, open(sys.argv[2], "w"))
PY
fi
# All three at once.
$E $BIN submit "$FILE" --yes > $R/a.out 2>&1 &
A=$!
$E $BIN submit "$FILE" --yes > $R/b.out 2>&1 &
B=$!
tmux send-keys -t race y
wait $A; echo "submit A exit $?"; wait $B; echo "submit B exit $?"
sleep 3
echo "--- wizard:"; tmux capture-pane -p -t race | grep -E "placed|AGAIN|sent before|Order" | head -4
tmux send-keys -t race n; sleep 0.5
echo "--- A:"; grep -E "placed|before|not placed" $R/a.out | head -3
echo "--- B:"; grep -E "placed|before|not placed" $R/b.out | head -3
printf "GET /_sandbox/stats HTTP/1.1\r\nHost: $HOSTPORT\r\nConnection: close\r\n\r\n" | python3 -c "
import socket,sys
h,p='$HOSTPORT'.split(':'); s=socket.create_connection((h,int(p))); s.sendall(sys.stdin.buffer.read())
d=b''
while True:
    c=s.recv(65536)
    if not c: break
    d+=c
print('server stats:', d.split(b'\r\n\r\n',1)[1].decode())"
tmux send-keys -t race C-c; sleep 1; tmux kill-session -t race 2>/dev/null
kill $SPID; rm -rf $SB $R
