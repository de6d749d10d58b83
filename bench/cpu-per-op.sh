#!/usr/bin/env bash
# Throughput, latency and the nodes' CPU per operation on one warm 3-node dev cluster: for
# comparing two builds, where CPU per operation is steadier than ops/s on a shared machine.
#
#   bench/cpu-per-op.sh JAR WARMUP_SECONDS "CLIENTS OP" ...
#   bench/cpu-per-op.sh node/target/strongroom.jar 120 "16 put" "16 get" "64 put"
#   DUR=12 ...        seconds measured per row (default 15)
#
# The cluster warms up with the 90/10 mix (64 clients) first; then each row runs `strongroom bench`
# and reads utime+stime of the three node processes from /proc before and after, and the commit
# index (so the operations carried per Raft entry, counting entries of others too). The bench client
# is a fresh JVM per row, so rows with one client are bound by its cold JIT: use
# bench/compare-etcd.sh for single-client latency. Stops the cluster it started.
set -euo pipefail
jar=${1:?usage: bench/cpu-per-op.sh JAR WARMUP_SECONDS \"CLIENTS OP\" ...}
warm=${2:?usage: bench/cpu-per-op.sh JAR WARMUP_SECONDS \"CLIENTS OP\" ...}
shift 2
[[ -f "$jar" ]] || { echo "error: $jar not found: build it with ./strongroom version" >&2; exit 2; }
dur=${DUR:-15}
d=$(mktemp -d /tmp/sr-cpu-per-op.XXXXXX)
cp "$jar" "$d/sr.jar"      # a rebuild during the run must not change what is measured
STRONGROOM_NODE_JAVA_OPTS="${STRONGROOM_NODE_JAVA_OPTS:--Xms1g -Xmx1g -XX:+UseG1GC}" \
  java -jar "$d/sr.jar" dev --data-dir "$d/dev" > "$d/dev.log" 2>&1 &
dev=$!
trap 'kill -TERM $dev 2>/dev/null; wait $dev 2>/dev/null || true; rm -rf "$d"' EXIT
for _ in $(seq 1 240); do [[ -f "$d/dev/dev.env" ]] && grep -q NODE_PIDS "$d/dev/dev.env" && break; sleep 0.5; done
grep -q NODE_PIDS "$d/dev/dev.env" 2>/dev/null || { echo "error: dev cluster did not start; see $d/dev.log" >&2; exit 1; }
# shellcheck disable=SC1091
source "$d/dev/dev.env"
pids=$(for n in n1 n2 n3; do pgrep -f "$d/dev/$n/node.yaml"; done)
ticks=$(getconf CLK_TCK)
cpu() { local t=0 u s; for p in $pids; do read -r u s < <(cut -d' ' -f14,15 "/proc/$p/stat"); t=$((t + u + s)); done; echo "$t"; }
commit_index() { java -jar "$d/sr.jar" status --format json 2>/dev/null | python3 -c 'import json, sys; print(json.load(sys.stdin)["commit_index"])'; }

echo "warming up for ${warm}s (90/10 mix, 64 clients)" >&2
java -jar "$d/sr.jar" bench --clients 64 --op mixed --duration "${warm}s" --warmup 1s --format json > /dev/null 2>&1
for spec in "$@"; do
  read -r clients op <<< "$spec"
  i0=$(commit_index)
  c0=$(cpu)
  r=$(java -jar "$d/sr.jar" bench --clients "$clients" --op "$op" --duration "${dur}s" --warmup 0s --format json 2>/dev/null)
  c1=$(cpu)
  i1=$(commit_index)
  python3 - "$r" "$((c1 - c0))" "$ticks" "$clients" "$op" "$((i1 - i0))" <<'EOF'
import json, sys
r, ticks_used, hz, clients, op, entries = json.loads(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5], int(sys.argv[6])
ok = max(1, r["ok"])
us = ticks_used * 1e6 / hz / ok
print(f"{clients:>3} {op:<6} {r['ops_per_sec']:8.0f}/s  p50 {r['p50_ms']:6.1f} ms  p99 {r['p99_ms']:6.1f} ms  nodes' CPU {us:6.0f} us/op"
      f"  {ok / max(1, entries):5.1f} ops per Raft entry")
EOF
done
