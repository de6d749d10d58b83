#!/usr/bin/env bash
# Thread hand-offs per request, by thread: starts a 3-node dev cluster, warms it up with the 90/10
# mix, then runs one `strongroom bench` row and prints, for each node, the context switches per
# request of each thread group (voluntary and involuntary, /proc/PID/task/TID/status; threads
# named by the JVM's own thread dump, digits folded to N). On this 2-core VM a thread wake-up
# costs tens of microseconds of CPU, so this says where a request's hand-offs are.
#
#   bench/switches-per-op.sh [JAR] [WARMUP_SECONDS] ["CLIENTS OP"] [SECONDS]
#   bench/switches-per-op.sh node/target/strongroom.jar 60 "1 put" 15      # the defaults
#   OPTS="-Dstrongroom.raft.quietAppenders=false" bench/switches-per-op.sh  # extra node JVM options
#
# Stops every process it started, by PID, on exit (bench/lib.sh).
set -euo pipefail
jar=$(realpath -m "${1:-$(dirname "${BASH_SOURCE[0]}")/../node/target/strongroom.jar}")
cd "$(dirname "${BASH_SOURCE[0]}")/.."
root="$(pwd)"
warm=${2:-60}
spec=${3:-1 put}
dur=${4:-15}
[[ -f "$jar" ]] || { echo "error: $jar not found: build it with ./strongroom version" >&2; exit 2; }
read -r clients op <<< "$spec"
# shellcheck source=bench/lib.sh
source "$root/bench/lib.sh"
work="$(mktemp -d /tmp/sr-switches.XXXXXX)"
start_cleanup_trap
cp "$jar" "$work/strongroom.jar"   # a rebuild during the run must not change what is measured
STRONGROOM_NODE_JAVA_OPTS="-Xms1g -Xmx1g -XX:+UseG1GC ${OPTS:-}" start_strongroom_dev "$work/c"
declare -A node_pid=()
IFS=',' read -ra entries <<< "$SR_NODE_PIDS"
for entry in "${entries[@]}"; do node_pid[${entry%%:*}]=${entry#*:}; done
bench() { # CLIENTS OP DURATION [ARGS...]: one `strongroom bench` run; dev.env (root token) only in the subshell
  (
    # shellcheck disable=SC1090
    source "$SR_ENV"
    java -jar "$work/strongroom.jar" bench --clients "$1" --op "$2" --duration "$3" "${@:4}" 2>/dev/null
  )
}

# NODE -> "thread-group switches" lines, summed over the group's threads.
snapshot() {
  local pid=${node_pid[$1]} tid name
  jcmd "$pid" Thread.print 2>/dev/null | sed -n 's/^"\([^"]*\)".* nid=\(0x[0-9a-f]*\).*/\2 \1/p' > "$work/names"
  for t in /proc/"$pid"/task/*; do
    tid=$(printf '0x%x' "${t##*/}")
    name=$(awk -v id="$tid" '$1 == id {$1 = ""; print substr($0, 2); exit}' "$work/names")
    [[ -n "$name" ]] || name=$(cat "$t/comm" 2>/dev/null) || continue
    echo "$(echo "$name" | sed 's/group-[0-9A-F]*/group/; s/[0-9]\+/N/g' | tr ' ' '_') $(awk '/ctxt_switches/ {s += $2} END {print s}' "$t/status" 2>/dev/null)"
  done | awk 'NF == 2 {a[$1] += $2} END {for (k in a) print k, a[k]}' | sort
}

log "warming up for ${warm}s (90/10 mix, 64 clients)"
bench 64 mixed "${warm}s" --warmup 0s > /dev/null
for n in n1 n2 n3; do snapshot "$n" > "$work/$n.before"; done
res=$(bench "$clients" "$op" "${dur}s" --warmup 2s --format json)
for n in n1 n2 n3; do snapshot "$n" > "$work/$n.after"; done
ops=$(echo "$res" | python3 -c 'import json, sys; print(json.load(sys.stdin)["ok"])')
echo "$clients $op: $res"
for n in n1 n2 n3; do
  echo "== $n: context switches per request ($ops requests; thread groups with at least 0.05)"
  join -a2 "$work/$n.before" "$work/$n.after" | awk -v ops="$ops" '
    { before = (NF == 3) ? $2 : 0; r = ($NF - before) / ops; total += r; if (r >= 0.05) printf "  %-50s %6.2f\n", $1, r }
    END { printf "  %-50s %6.2f\n", "TOTAL", total }' | sort -k2 -nr
done
