#!/usr/bin/env bash
# Strongroom at scale (issue 8): a 3-node dev cluster on 127.0.0.1 filled with 1k, 100k and 1M
# secrets; at each size the p99 of linearizable reads with 64 clients, each node's RSS, its data on
# disk and the size of a full backup (`strongroom operator raft snapshot save`); at the largest, the
# time for a fresh fourth node to join and catch up by snapshot. Stops everything it started, by
# PID, however it ends.
set -euo pipefail

usage() {
  cat <<'EOF'
Usage: bench/scaling.sh [OPTIONS]

Starts a 3-node Strongroom dev cluster on 127.0.0.1 (TLS, initialized and unsealed) and a fourth
node that waits to join (join: true). For each size, ascending, tops the cluster up to that many
256-byte secrets (many writes in flight), then measures linearizable reads with 64 clients over
all of them, reads each node's VmRSS from /proc/PID/status and its data directory size, and saves
a backup with `strongroom operator raft snapshot save` (its size is reported; the file is deleted).
After the largest size the leader takes a Raft snapshot (purging the log) and the fourth node is
added with `operator raft add-peer`; the time until its applied index reaches the leader's commit
index is the join time. Prints a table and writes target/bench/scaling.json.

Options (each also read from the environment variable in brackets):
  --sizes LIST      ascending secret counts, e.g. 1k,100k,1M      [SCALING_SIZES, default 1k,100k,1M]
  --duration D      measured read time per size                    [BENCH_DURATION, default 20s]
  --warmup D        read warm-up before each measured run          [BENCH_WARMUP, default 5s]
  --settle D        idle pause after loading each size, so compaction
                    after the bulk load finishes before reads       [SCALING_SETTLE, default 0s]
  --load-clients N  writes in flight while loading                 [SCALING_LOAD_CLIENTS, default 256]
  --no-join         skip the fourth node's join
  --out DIR         where scaling.json goes                        [BENCH_OUT, default target/bench]
  --build-node      rebuild node/target/strongroom.jar first (default: build it only if missing)
  --no-build        build nothing; use the jars as they are
  --keep            keep the work directory (cluster data and logs)
  -h, --help        this text

Examples:
  bench/scaling.sh                                         # 1k, 100k, 1M (loading 1M takes minutes)
  bench/scaling.sh --sizes 1k,10k --warmup 1s --duration 3s   # a smoke run

Needs Java 17 and Maven (to build). Disk: about 1-2 GB per node at 1M secrets.
The throwaway cluster's root token is read from its dev.env and never printed.
EOF
}

cd "$(dirname "${BASH_SOURCE[0]}")/.."
root="$(pwd)"

sizes="${SCALING_SIZES:-1k,100k,1M}"
duration="${BENCH_DURATION:-20s}"
warmup="${BENCH_WARMUP:-5s}"
settle="${SCALING_SETTLE:-0s}"
load_clients="${SCALING_LOAD_CLIENTS:-256}"
out="${BENCH_OUT:-target/bench}"
join=1
build_node=0
build=1
keep=0
while (($#)); do
  case "$1" in
    --sizes) sizes="${2:?--sizes needs a value}"; shift 2 ;;
    --duration) duration="${2:?--duration needs a value}"; shift 2 ;;
    --warmup) warmup="${2:?--warmup needs a value}"; shift 2 ;;
    --settle) settle="${2:?--settle needs a value}"; shift 2 ;;
    --load-clients) load_clients="${2:?--load-clients needs a value}"; shift 2 ;;
    --no-join) join=0; shift ;;
    --out) out="${2:?--out needs a value}"; shift 2 ;;
    --build-node) build_node=1; shift ;;
    --no-build) build=0; shift ;;
    --keep) keep=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "scaling: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done

# shellcheck source=bench/lib.sh
source "$root/bench/lib.sh"

prepare_work_dir "$build" "$build_node" sr-scaling

sr="$work/strongroom"
start_strongroom_dev "$sr"

join_args=()
if ((join)); then
  # The fourth node: a node.yaml like dev's, with no peers and join: true. Dev's node certificates
  # all name 127.0.0.1 (and localhost), so n4 presents a copy of n3's: peers check the CA and the
  # Raft host named, not the node id.
  n4_raft="127.0.0.1:$(free_port)"
  n4_client="127.0.0.1:$(free_port)"
  n4_http="127.0.0.1:$(free_port)"
  mkdir -p "$sr/n4"
  tls=""
  if [[ -f "$sr/tls/n3.pem" ]]; then
    cp "$sr/tls/n3.pem" "$sr/tls/n4.pem"
    install -m 600 "$sr/tls/n3.key" "$sr/tls/n4.key"
    tls=$'tls:\n  cert: ../tls/n4.pem\n  key: ../tls/n4.key\n  ca: ../tls/ca.pem\n  require_client_cert: false\n'
  fi
  cat >"$sr/n4/node.yaml" <<EOF
# A node that joins the dev cluster, written by bench/scaling.sh.
node_id: n4
region: local
data_dir: data
raft_address: $n4_raft
client_address: $n4_client
http_address: $n4_http
join: true
$tls
EOF
  # The same JVM options the benchmark gives dev's nodes (bench/lib.sh), so the RSS figures compare.
  # shellcheck disable=SC2086
  (cd "$sr/n4" && exec java ${STRONGROOM_NODE_JAVA_OPTS:--Xms1g -Xmx1g -XX:+UseG1GC} -jar "$work/strongroom.jar" \
    server --config "$sr/n4/node.yaml" >"$sr/n4/node.log" 2>&1) &
  n4_pid=$!
  track_pid "$n4_pid" "strongroom node n4 (joining)"
  for _ in $(seq 1 120); do
    listening "${n4_client##*:}" && break
    kill -0 "$n4_pid" 2>/dev/null || die "node n4 exited; see $sr/n4/node.log"
    sleep 0.5
  done
  listening "${n4_client##*:}" || die "node n4 did not listen on $n4_client in 60 s; see $sr/n4/node.log"
  log "node n4 (pid $n4_pid) waits to join: raft $n4_raft, client $n4_client"
  join_args=(--join-id n4 --join-raft-address "$n4_raft" --join-client-address "$n4_client" --join-pid "$n4_pid")
fi

mkdir -p "$out"
log "running: sizes=$sizes settle=$settle warm-up=$warmup measured=$duration load-clients=$load_clients join=$join"
(
  set +x
  # shellcheck disable=SC1090
  source "$SR_ENV"
  export STRONGROOM_ADDR STRONGROOM_TOKEN STRONGROOM_CACERT
  exec java -Xmx1g -jar "$work/bench-compare.jar" scaling \
    --sizes "$sizes" --settle "$settle" --warmup "$warmup" --duration "$duration" --load-clients "$load_clients" \
    --node-pids "$SR_NODE_PIDS" --dev-dir "$sr" --strongroom-jar "$work/strongroom.jar" --work-dir "$work/backups" \
    --out "$out" "${join_args[@]}"
) &
track_pid $! "scaling load generator"
wait_tracked $!
log "done: $out/scaling.json"
