#!/usr/bin/env bash
# A long run against one warm 3-node dev cluster, to find stalls that short benchmarks miss.
#
#   bench/soak.sh [--jar JAR] [--clients N] [--phase SECONDS] [--total SECONDS] [--ops "put mixed"]
#                 [--stall-below OPS] [--out DIR]
#
# Starts a dev cluster on the production JVM options, then runs `strongroom bench` in phases of
# --phase seconds (default 300), cycling through --ops (default "put mixed"), each phase a fresh
# bench process, until --total seconds (default 1800) have passed. Every second's progress line is
# kept. When a second after a phase's first five does fewer than --stall-below operations (default
# 300), it takes a thread dump of the three nodes (at most one every 10 s) while the stall lasts.
# At the end it stops the cluster and prints, per phase: mean and median ops/s, the seconds below
# the threshold, failures by reason, and every WARN or ERROR the nodes logged.
#
# Output (kept): --out DIR (default target/bench/soak-DATE): phase-N-OP.progress, phase-N-OP.json,
# dumps/, and the cluster's data directory with each node's node.log and RocksDB LOG files.
set -euo pipefail
cd "$(dirname "$0")/.."
jar=node/target/strongroom.jar clients=64 phase=300 total=1800 ops="put mixed" below=300
out="target/bench/soak-$(date +%Y%m%d-%H%M%S)"
while [[ $# -gt 0 ]]; do
  case $1 in
    --jar) jar=$2; shift 2 ;;
    --clients) clients=$2; shift 2 ;;
    --phase) phase=$2; shift 2 ;;
    --total) total=$2; shift 2 ;;
    --ops) ops=$2; shift 2 ;;
    --stall-below) below=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    -h|--help) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "error: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
[[ -f "$jar" ]] || { echo "error: $jar not found: build it with ./strongroom version" >&2; exit 2; }
mkdir -p "$out/dumps"
out=$(cd "$out" && pwd)
cp "$jar" "$out/strongroom.jar"   # a rebuild during the soak must not change what runs
data="$out/cluster"
dev_pid=""
watch_pid=""
cleanup() {
  [[ -n "$watch_pid" ]] && kill "$watch_pid" 2>/dev/null || true
  [[ -n "$dev_pid" ]] && { kill -TERM "$dev_pid" 2>/dev/null || true; wait "$dev_pid" 2>/dev/null || true; }
}
trap cleanup EXIT
STRONGROOM_NODE_JAVA_OPTS="${STRONGROOM_NODE_JAVA_OPTS:--Xms1g -Xmx1g -XX:+UseG1GC}" \
  java -jar "$out/strongroom.jar" dev --data-dir "$data" > "$out/dev.log" 2>&1 &
dev_pid=$!
for _ in $(seq 1 240); do grep -qs NODE_PIDS "$data/dev.env" && break; sleep 0.5; done
grep -qs NODE_PIDS "$data/dev.env" || { echo "error: the dev cluster did not start; see $out/dev.log" >&2; exit 1; }
# shellcheck disable=SC1091
source "$data/dev.env"
node_pids=()
for e in ${STRONGROOM_NODE_PIDS//,/ }; do node_pids+=("${e#*:}"); done   # n1:PID,n2:PID,n3:PID
echo "soak: cluster up (nodes ${node_pids[*]}), ${total}s of ${ops} in ${phase}s phases, ${clients} clients; output in $out" >&2

# Thread dumps while a phase's progress shows a slow second.
watch_stalls() { # PROGRESS_FILE
  local last=0 line secs n now
  tail -n +1 -F "$1" 2>/dev/null | while read -r line; do
    [[ $line =~ ^\ *([0-9]+)\ s\ +([0-9,]+)\ ops/s ]] || continue
    secs=${BASH_REMATCH[1]} n=${BASH_REMATCH[2]//,/}
    now=$(date +%s)
    if ((secs > 5 && n < below && now - last >= 10)); then
      last=$now
      for p in "${node_pids[@]}"; do jcmd "$p" Thread.print > "$out/dumps/$(date +%H%M%S)-$p.txt" 2>&1 || true; done
      echo "soak: ${n} ops/s at $(date +%T): thread dumps in $out/dumps" >&2
    fi
  done
}

start=$(date +%s)
read -r -a cycle <<< "$ops"
i=0
while (($(date +%s) - start < total)); do
  op=${cycle[$((i % ${#cycle[@]}))]}
  left=$((total - ($(date +%s) - start)))
  d=$((left < phase ? left : phase))
  ((d >= 10)) || break
  base="$out/phase-$(printf %02d $((i + 1)))-$op"
  : > "$base.progress"
  watch_stalls "$base.progress" &
  watch_pid=$!
  java -jar "$out/strongroom.jar" bench --clients "$clients" --op "$op" --duration "${d}s" --warmup 0s \
    --format json > "$base.json" 2> "$base.progress" || echo "soak: phase $((i + 1)) failed; see $base.progress" >&2
  kill "$watch_pid" 2>/dev/null || true
  wait "$watch_pid" 2>/dev/null || true
  watch_pid=""
  i=$((i + 1))
done

echo
printf '%-18s %8s %8s %12s  %s\n' phase "mean/s" "median/s" "s < $below" "failures"
for p in "$out"/phase-*.progress; do
  name=$(basename "$p" .progress)
  fails=$(grep -o '"failures":{[^}]*}' "${p%.progress}.json" 2>/dev/null || echo none)
  # each progress line: "  SECOND s  OPS ops/s  (...)"
  sed -n -E 's/^ *[0-9]+ s +([0-9,]+) ops\/s.*/\1/p' "$p" | tr -d , | sort -n > "$out/.ops"
  n=$(wc -l < "$out/.ops")
  if ((n == 0)); then printf '%-18s %8s\n' "$name" "no data"; continue; fi
  mean=$(awk '{s += $1} END {printf "%.0f", s / NR}' "$out/.ops")
  median=$(sed -n "$(((n + 1) / 2))p" "$out/.ops")
  slow=$(awk -v b="$below" '$1 < b {c++} END {print c + 0}' "$out/.ops")
  printf '%-18s %8s %8s %12s  %s\n' "$name" "$mean" "$median" "$slow" "$fails"
done
rm -f "$out/.ops"
echo
for n in "$data"/n*/node.log; do
  echo "$(grep -c -E ' (WARN|ERROR) ' "$n" || true) warnings and errors in $n"
done
# Each distinct message once per node, with its count and the first and last time it was logged.
for n in "$data"/n*/node.log; do
  grep -E ' (WARN|ERROR) ' "$n" 2>/dev/null | sed -E 's/proposal [0-9]+ of/proposal N of/; s/checkpoint at [0-9]+/checkpoint at N/; s/(committed|applied) [0-9]+/\1 N/g' |
    awk -v node="$(basename "$(dirname "$n")")" '{ t = $1; $1 = ""; m = substr($0, 2); if (!(m in c)) { first[m] = t; order[++k] = m } last[m] = t; c[m]++ }
      END { for (i = 1; i <= k; i++) { m = order[i]; printf "%s %5d x %s-%s  %s\n", node, c[m], first[m], last[m], m } }'
done | cut -c1-320 | head -40
cleanup
trap - EXIT
echo "soak: done; everything is under $out" >&2
