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
# Stops the cluster it started on exit.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
jar=${1:-node/target/strongroom.jar}
warm=${2:-60}
spec=${3:-1 put}
dur=${4:-15}
[[ -f "$jar" ]] || { echo "error: $jar not found: build it with ./strongroom version" >&2; exit 2; }
read -r clients op <<< "$spec"
d=$(mktemp -d /tmp/sr-switches.XXXXXX)
cp "$jar" "$d/strongroom.jar"
STRONGROOM_NODE_JAVA_OPTS="-Xms1g -Xmx1g -XX:+UseG1GC ${OPTS:-}" \
  java -jar "$d/strongroom.jar" dev --data-dir "$d/c" > "$d/dev.log" 2>&1 &
dev=$!
trap 'kill -TERM $dev 2>/dev/null; wait $dev 2>/dev/null || true; rm -rf "$d"' EXIT
for _ in $(seq 1 240); do [[ -f "$d/c/dev.env" ]] && grep -q NODE_PIDS "$d/c/dev.env" && break; sleep 0.5; done
grep -q NODE_PIDS "$d/c/dev.env" 2>/dev/null || { echo "error: the dev cluster did not start; see $d/dev.log" >&2; exit 1; }
# shellcheck disable=SC1091
source "$d/c/dev.env"   # address, CA and the throwaway cluster's root token, for `bench`; never printed

# NODE -> "thread-group switches" lines, summed over the group's threads.
snapshot() {
  local pid tid name
  pid=$(pgrep -f "$d/c/$1/node.yaml")
  jcmd "$pid" Thread.print 2>/dev/null | sed -n 's/^"\([^"]*\)".* nid=\(0x[0-9a-f]*\).*/\2 \1/p' > "$d/names"
  for t in /proc/"$pid"/task/*; do
    tid=$(printf '0x%x' "${t##*/}")
    name=$(awk -v id="$tid" '$1 == id {$1 = ""; print substr($0, 2); exit}' "$d/names")
    [[ -n "$name" ]] || name=$(cat "$t/comm" 2>/dev/null) || continue
    echo "$(echo "$name" | sed 's/group-[0-9A-F]*/group/; s/[0-9]\+/N/g' | tr ' ' '_') $(awk '/ctxt_switches/ {s += $2} END {print s}' "$t/status" 2>/dev/null)"
  done | awk 'NF == 2 {a[$1] += $2} END {for (k in a) print k, a[k]}' | sort
}

echo "warming up for ${warm}s (90/10 mix, 64 clients)" >&2
java -jar "$d/strongroom.jar" bench --clients 64 --op mixed --duration "${warm}s" --warmup 0s > /dev/null 2>&1
for n in n1 n2 n3; do snapshot "$n" > "$d/$n.before"; done
res=$(java -jar "$d/strongroom.jar" bench --clients "$clients" --op "$op" --duration "${dur}s" --warmup 2s --format json 2>/dev/null)
for n in n1 n2 n3; do snapshot "$n" > "$d/$n.after"; done
ops=$(echo "$res" | python3 -c 'import json, sys; print(json.load(sys.stdin)["ok"])')
echo "$clients $op: $res"
for n in n1 n2 n3; do
  echo "== $n: context switches per request ($ops requests; thread groups with at least 0.05)"
  join -a2 "$d/$n.before" "$d/$n.after" | awk -v ops="$ops" '
    { before = (NF == 3) ? $2 : 0; r = ($NF - before) / ops; total += r; if (r >= 0.05) printf "  %-50s %6.2f\n", $1, r }
    END { printf "  %-50s %6.2f\n", "TOTAL", total }' | sort -k2 -nr
done
