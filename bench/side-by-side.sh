#!/usr/bin/env bash
# Two builds compared on two warm 3-node dev clusters that run at the same time, measured one at a
# time in alternation: on a shared machine whose speed drifts by tens of percent within minutes,
# this is the fair way to tell whether a change helps.
#
#   bench/side-by-side.sh JAR_A JAR_B WARMUP_SECONDS ROUNDS "CLIENTS OP" ...
#   bench/side-by-side.sh /tmp/before.jar node/target/strongroom.jar 100 3 "16 get" "64 get" "64 put"
#   DUR=10 ...      seconds measured per row (default 10)
#   WU=2 ...        seconds of `strongroom bench` warm-up before each measured row, not counted (default 2)
#   OPTS_A=... OPTS_B=...   extra node JVM options per build, e.g. OPTS_B=-Dstrongroom.batch.inFlight=1
#
# Both clusters first warm up with the 90/10 mix (64 clients) for WARMUP_SECONDS each. Then, each
# round, every row runs on A and on B (B first in even rounds). Per row it prints the medians over
# rounds of ops/s, p50 and p99 latency, the nodes' CPU per operation (utime+stime of the three
# node processes, /proc/PID/stat) and the nodes' read and write system calls per operation
# (/proc/PID/io), with B/A ratios and every run's ops/s. The idle cluster's heartbeats cost little.
# Stops both clusters on exit.
set -euo pipefail
usage='usage: bench/side-by-side.sh JAR_A JAR_B WARMUP_SECONDS ROUNDS "CLIENTS OP" ...'
[[ $# -ge 5 ]] || { echo "$usage" >&2; exit 2; }
jar_a=$1 jar_b=$2 warm=$3 rounds=$4
shift 4
specs=("$@")
for j in "$jar_a" "$jar_b"; do
  [[ -f "$j" ]] || { echo "error: $j not found: build it with ./strongroom version" >&2; exit 2; }
done
dur=${DUR:-10}
wu=${WU:-2}
d=$(mktemp -d /tmp/sr-side-by-side.XXXXXX)
cp "$jar_a" "$d/a.jar"   # a rebuild during the run must not change what is measured
cp "$jar_b" "$d/b.jar"
dev_pids=()
trap 'kill -TERM "${dev_pids[@]}" 2>/dev/null; wait "${dev_pids[@]}" 2>/dev/null || true; rm -rf "$d"' EXIT
for x in a b; do
  opts_var="OPTS_${x^^}"
  STRONGROOM_NODE_JAVA_OPTS="-Xms1g -Xmx1g -XX:+UseG1GC ${!opts_var:-}" \
    java -jar "$d/$x.jar" dev --data-dir "$d/$x" > "$d/$x.log" 2>&1 &
  dev_pids+=($!)
done
for x in a b; do
  for _ in $(seq 1 240); do [[ -f "$d/$x/dev.env" ]] && grep -q NODE_PIDS "$d/$x/dev.env" && break; sleep 0.5; done
  grep -q NODE_PIDS "$d/$x/dev.env" 2>/dev/null || { echo "error: dev cluster $x did not start; see $d/$x.log" >&2; exit 1; }
done
node_pids() { for n in n1 n2 n3; do pgrep -f "$d/$1/$n/node.yaml"; done; }
cpu() { local t=0 u s p; for p in $(node_pids "$1"); do read -r u s < <(cut -d' ' -f14,15 "/proc/$p/stat"); t=$((t + u + s)); done; echo "$t"; }
syscalls() { local t=0 p; for p in $(node_pids "$1"); do t=$((t + $(awk '/^sysc[rw]:/ {s += $2} END {print s}' "/proc/$p/io"))); done; echo "$t"; }
bench() { # CLUSTER CLIENTS OP DURATION: one `strongroom bench` run, JSON on stdout
  (
    # shellcheck disable=SC1090,SC1091
    source "$d/$1/dev.env"
    java -jar "$d/$1.jar" bench --clients "$2" --op "$3" --duration "$4" --warmup 0s --format json 2>/dev/null
  )
}

for x in a b; do
  echo "warming up cluster ${x^^} for ${warm}s (90/10 mix, 64 clients)" >&2
  bench "$x" 64 mixed "${warm}s" > /dev/null
done
for r in $(seq 1 "$rounds"); do
  order="a b"; ((r % 2 == 0)) && order="b a"
  for spec in "${specs[@]}"; do
    read -r clients op <<< "$spec"
    for x in $order; do
      ((wu > 0)) && bench "$x" "$clients" "$op" "${wu}s" > /dev/null
      c0=$(cpu "$x"); s0=$(syscalls "$x")
      res=$(bench "$x" "$clients" "$op" "${dur}s")
      c1=$(cpu "$x"); s1=$(syscalls "$x")
      printf '%s|%s %s|%s|%s|%s\n' "$x" "$clients" "$op" "$res" "$((c1 - c0))" "$((s1 - s0))" >> "$d/rows"
    done
  done
  echo "round $r of $rounds done" >&2
done
python3 - "$d/rows" "$(getconf CLK_TCK)" "$jar_a" "$jar_b" <<'EOF'
import collections, json, statistics, sys
rows, hz, jar_a, jar_b = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
runs = collections.defaultdict(list)
for line in open(rows):
    x, spec, res, ticks, calls = line.rstrip("\n").split("|")
    r = json.loads(res)
    ok = max(1, r["ok"])
    runs[(spec, x)].append((r["ops_per_sec"], r["p50_ms"], r["p99_ms"], int(ticks) * 1e6 / hz / ok, int(calls) / ok))
print(f"A = {jar_a}\nB = {jar_b}")
for spec in dict.fromkeys(k[0] for k in runs):
    med = {}
    for x in "ab":
        v = runs[(spec, x)]
        med[x] = [statistics.median(col) for col in zip(*v)]
        m = med[x]
        print(f"{spec:<9} {x.upper()}: {m[0]:8.0f}/s  p50 {m[1]:6.1f} ms  p99 {m[2]:6.1f} ms  nodes' CPU {m[3]:5.0f} us/op"
              f"  {m[4]:5.1f} syscalls/op   runs: " + " ".join(f"{r[0]:.0f}" for r in v))
    a, b = med["a"], med["b"]
    print(f"{spec:<9} B/A: ops/s {b[0] / a[0]:.2f}  p99 {b[2] / a[2]:.2f}  CPU/op {b[3] / a[3]:.2f}  syscalls/op {b[4] / a[4]:.2f}")
EOF
