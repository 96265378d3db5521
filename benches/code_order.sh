#!/usr/bin/env bash
# Records link/code-order.txt: the functions the release binary executes in a wizard run, in
# the order it first does, which build.rs hands to LLD (--symbol-ordering-file) so that the
# code a run touches sits together (BENCHMARKS.md, "code laid out in the order a run uses it").
#
#     bash benches/code_order.sh            # ~10 minutes; needs valgrind
#
# The names must be the release build's own: mangled names carry a hash of each crate's
# build settings (profile, toolchain), so they are recorded from the release binary itself,
# relinked with its symbols kept (`-C strip=none` for the binary only: the same code at the same
# addresses, plus a symbol table). Rerun after a toolchain update or a large change of code;
# names that no longer exist are skipped by the linker, so a stale list only loses its gain.
#
# The runs recorded, in order: the wizard following 1,000 orders on the Orders screen
# (benches/track_memory.py), typing on the Subject screen at 80x24 and 200x60 and one start
# (benches/key_frame.py), then the `certwiz submit` that track_memory.py places first.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v valgrind >/dev/null || { echo "code_order.sh: needs valgrind (apt-get install valgrind)" >&2; exit 2; }
work=$(mktemp -d)
trap 'kill "$dumper" 2>/dev/null || true; rm -rf "$work"' EXIT

cargo build --release --locked
cargo rustc --release --locked --bin certwiz -- -C strip=none
cp target/release/certwiz "$work/certwiz"
cargo build --release --locked   # back to the stripped binary

cat > "$work/wrap.sh" <<WRAP
#!/bin/sh
exec valgrind --tool=callgrind --callgrind-out-file=$work/cg.%p --dump-instr=no --collect-jumps=no --demangle=no $work/certwiz "\$@"
WRAP
chmod +x "$work/wrap.sh"
# callgrind writes its file when a process ends; the wizard is ended by a signal, so dump as it goes.
(while sleep 3; do callgrind_control -d >/dev/null 2>&1 || true; done) &
dumper=$!
runs() { ls "$work" | sed -n 's/^cg\.\([0-9]*\).*/\1/p' | sort -un; }

python3 benches/track_memory.py --bin "$work/wrap.sh" --orders 1000 --track 30 >&2
first=$(runs)
python3 benches/key_frame.py --bin "$work/wrap.sh" --keys 40 --launches 1 --quiet 300 --frame-gap 100 >&2
later=$(runs | grep -vxF "$first")
kill "$dumper"

# The wizard (the last process of the memory run), then the later runs, then the submit.
submit=$(echo "$first" | head -n 1)
wizard=$(echo "$first" | tail -n 1)
args=(--callgrind "$work/cg.$wizard*")
for pid in $later; do args+=(--callgrind "$work/cg.$pid*"); done
args+=(--callgrind "$work/cg.$submit*")
{
  echo "# The functions a wizard run executes, in the order it first does: build.rs links them first"
  echo "# (LLD --symbol-ordering-file). Written by benches/code_order.sh with $(rustc --version | cut -d' ' -f1-2); do not edit."
  python3 benches/code_order.py "${args[@]}" --binary "$work/certwiz"
} > link/code-order.txt
wc -l link/code-order.txt
