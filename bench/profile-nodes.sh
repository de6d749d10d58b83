#!/usr/bin/env bash
# CPU profiles of a loaded 3-node dev cluster: async-profiler (from Maven Central) is loaded into
# each running node with jcmd after a warm-up, samples CPU every 1 ms while `strongroom bench`
# runs, and writes one collapsed-stack file per node (flame-graph input; `sort -k2 -n` reads too).
#
#   bench/profile-nodes.sh [OP] [CLIENTS] [SECONDS]   (defaults: put 16 15)
#   WARMUP=120 bench/profile-nodes.sh ...            seconds of load before profiling (default 120)
#   WARMUP_OP=put WARMUP_CLIENTS=64 ...              the warm-up's operation and clients (default:
#                                                    the 90/10 mix, 64); WARMUP=660 with put profiles
#                                                    the steady state where request ids expire
#   AP_OPTS=threads ...                              extra async-profiler options (threads: one
#                                                    root frame per thread)
#
# Output: target/bench/profile/{n1,n2,n3}.collapsed, result.json, leader. Needs the node jar
# (./strongroom version builds it), jcmd (JDK 17) and Maven (to fetch async-profiler once).
# Stops the cluster it starts, by PID, however it ends.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
op="${1:-put}" clients="${2:-16}" secs="${3:-15}"
jar=node/target/strongroom.jar
out=target/bench/profile
[[ -f "$jar" ]] || { echo "error: $jar not found: build it with ./strongroom version" >&2; exit 2; }
ap_version=4.2
ap_jar="$HOME/.m2/repository/tools/profiler/async-profiler/$ap_version/async-profiler-$ap_version.jar"
[[ -f "$ap_jar" ]] || mvn -B -q dependency:get -Dartifact="tools.profiler:async-profiler:$ap_version" >&2
work="$(mktemp -d /tmp/sr-profile.XXXXXX)"
(cd "$work" && unzip -q -o "$ap_jar" 'linux-x64/*')
lib="$work/linux-x64/libasyncProfiler.so"
cp "$jar" "$work/strongroom.jar"
mkdir -p "$out"; rm -f "$out"/*.collapsed
STRONGROOM_NODE_JAVA_OPTS="${STRONGROOM_NODE_JAVA_OPTS:--Xms1g -Xmx1g -XX:+UseG1GC}" \
  java -jar "$work/strongroom.jar" dev --data-dir "$work/dev" >/dev/null 2>"$work/dev.log" &
dev=$!
trap 'kill -TERM "$dev" 2>/dev/null; wait "$dev" 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 1 360); do grep -qs '^export STRONGROOM_NODE_PIDS=' "$work/dev/dev.env" && break; sleep 0.5; done
grep -qs '^export STRONGROOM_NODE_PIDS=' "$work/dev/dev.env" || { echo "error: the dev cluster did not start; see $work/dev.log" >&2; exit 1; }
pids="$(sed -n "s/^export STRONGROOM_NODE_PIDS='\(.*\)'$/\1/p" "$work/dev/dev.env")"
bench() { (source "$work/dev/dev.env" && java -jar "$work/strongroom.jar" bench "$@" --format json 2>/dev/null); }
echo "profile-nodes: warming up for ${WARMUP:-120} s (${WARMUP_OP:-mixed}, ${WARMUP_CLIENTS:-64} clients)" >&2
bench --clients "${WARMUP_CLIENTS:-64}" --op "${WARMUP_OP:-mixed}" --duration "${WARMUP:-120}s" --warmup 1s >/dev/null
agent() { # $1 = pid, $2 = async-profiler command
  jcmd "$1" JVMTI.agent_load "$lib" "\"$2\"" >/dev/null
}
(sleep 2; IFS=','; for e in $pids; do agent "${e#*:}" "start,event=cpu,interval=1ms${AP_OPTS:+,$AP_OPTS}"; done) &
echo "profile-nodes: $op with $clients clients for $secs s, profiling every node" >&2
bench --clients "$clients" --op "$op" --duration "${secs}s" --warmup 1s | tee "$out/result.json"
IFS=','; for e in $pids; do agent "${e#*:}" "stop,collapsed,file=$(pwd)/$out/${e%%:*}.collapsed"; done; unset IFS
(source "$work/dev/dev.env" && java -jar "$work/strongroom.jar" status 2>/dev/null | awk '$1 == "leader" {print $2}') > "$out/leader" || true
echo "profile-nodes: wrote $out/{n1,n2,n3}.collapsed (leader: $(cat "$out/leader"))" >&2
