#!/usr/bin/env bash
# Audited against unaudited linearizable reads (64 clients) on a 3-node dev cluster, alternating
# the two so machine drift hits both. Audit recording is turned off only through the
# benchmark-only switch -Dstrongroom.bench.disableAudit=true (the node logs a loud warning).
#
#   bench/audit-overhead.sh [ROUNDS] [JAR]     (defaults: 2 rounds, node/target/strongroom.jar)
#   WARMUP=90s bench/audit-overhead.sh ...     load before measuring on each new cluster (default 90s:
#                                              the nodes' C2 compiler needs about that on 2 cores)
#
# Prints one line per run and leaves the JSON reports under target/bench/audit-overhead/.
set -euo pipefail
rounds="${1:-2}"
jar="${2:-node/target/strongroom.jar}"
out="target/bench/audit-overhead"
mkdir -p "$out"
[[ -f "$jar" ]] || { echo "error: $jar not found: build it with ./strongroom version" >&2; exit 2; }
copy="$(mktemp -d)/strongroom.jar"
cp "$jar" "$copy"          # a rebuild during the run must not change what is measured

run() { # $1 = on|off, $2 = round
  local dir pid opts=""
  dir="$(mktemp -d /tmp/sr-audit-bench.XXXXXX)"
  [[ "$1" == off ]] && opts="-Dstrongroom.bench.disableAudit=true"
  # The nodes run with a production JVM's options (deploy/systemd/strongroom.env), not dev's small
  # client-compiler-only defaults, which run AES-GCM and SHA-256 without their intrinsics.
  STRONGROOM_NODE_JAVA_OPTS="${STRONGROOM_NODE_JAVA_OPTS:--Xms1g -Xmx1g -XX:+UseG1GC}" \
    JAVA_TOOL_OPTIONS="$opts" java -jar "$copy" dev --data-dir "$dir/dev" > "$dir/dev.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 240); do [[ -f "$dir/dev/dev.env" ]] && break; sleep 0.5; done
  [[ -f "$dir/dev/dev.env" ]] || { echo "error: dev cluster did not start; see $dir/dev.log" >&2; kill "$pid"; exit 1; }
  # shellcheck disable=SC1091
  (source "$dir/dev/dev.env" && java -jar "$copy" bench --clients 64 --op get --duration 15s --warmup "${WARMUP:-90s}" --format json) \
    > "$out/audit-$1-round$2.json"
  kill -TERM "$pid"; wait "$pid" || true
  rm -rf "$dir"
  printf 'audit %-3s round %s: %s\n' "$1" "$2" "$(tr -d '\n' < "$out/audit-$1-round$2.json" | head -c 300)"
}

for r in $(seq 1 "$rounds"); do
  run on "$r"
  run off "$r"
done
