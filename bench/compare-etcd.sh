#!/usr/bin/env bash
# Strongroom against etcd, side by side (issue 8): a 3-node Strongroom dev cluster and a 3-member
# etcd cluster on 127.0.0.1, both with default durability (fsync before acknowledging), driven by
# one JVM load generator (bench-compare) with the same closed-loop workloads, alternating the two
# systems so machine drift hits both. Stops everything it started, by PID, however it ends.
set -euo pipefail

usage() {
  cat <<'EOF'
Usage: bench/compare-etcd.sh [OPTIONS]

Starts a 3-member etcd cluster and a 3-node Strongroom dev cluster on 127.0.0.1 only, writes 1,000
keys of 256-byte values to each, then runs each workload on both (Strongroom then etcd; the order
flips every round), a warm-up then a measured run each. Prints a table of the medians over rounds
and writes target/bench/compare.json and target/bench/compare.svg. Progress goes to stderr, one
line per run. Everything it starts (etcd, java) is stopped by PID on exit, Ctrl-C included.

Options (each also read from the environment variable in brackets):
  --duration D     measured time per run, e.g. 20s, 500ms, 2m   [BENCH_DURATION, default 20s]
  --warmup D       warm-up before each measured run              [BENCH_WARMUP, default 5s]
  --initial-warmup D  once, before the first workload: the 90/10 mix with 64 clients on each
                   system, so the nodes' JIT compilers have finished [BENCH_INITIAL_WARMUP, default 180s]
  --shape-warmup D once, after that: each selected workload on each system, for the paths
                   only it takes (a single writer's)              [BENCH_SHAPE_WARMUP, default 15s]
  --rounds N       rounds per workload; medians are reported     [BENCH_ROUNDS, default 1]
  --workloads L    comma-separated subset of: write-c1, write-c16, write-c64, read-c16,
                   read-c64, mixed-c64; or all                   [BENCH_WORKLOADS, default all]
  --out DIR        where compare.json and compare.svg go         [BENCH_OUT, default target/bench]
  --build-node     rebuild node/target/strongroom.jar first (default: build it only if missing)
  --no-build       build nothing; use the jars as they are
  --keep           keep the work directory (cluster data and logs) instead of deleting it
  -h, --help       this text

Examples:
  bench/compare-etcd.sh                                   # every workload, 5 s + 20 s, 1 round
  bench/compare-etcd.sh --rounds 3                        # medians of 3 rounds
  bench/compare-etcd.sh --initial-warmup 0s --shape-warmup 0s --warmup 1s --duration 3s --workloads write-c1,read-c16   # a smoke run

Needs: Java 17, Maven (to build), and etcd 3.4 (installed from Debian's etcd-server and
etcd-client when missing; apt-get needs root). The Strongroom cluster runs TLS 1.3 between
clients and nodes and between nodes (as `strongroom dev` does); etcd runs plaintext, its default.
The root token of the throwaway dev cluster is read from its dev.env and never printed.
EOF
}

cd "$(dirname "${BASH_SOURCE[0]}")/.."
root="$(pwd)"

duration="${BENCH_DURATION:-20s}"
warmup="${BENCH_WARMUP:-5s}"
initial_warmup="${BENCH_INITIAL_WARMUP:-180s}"
shape_warmup="${BENCH_SHAPE_WARMUP:-15s}"
rounds="${BENCH_ROUNDS:-1}"
workloads="${BENCH_WORKLOADS:-all}"
out="${BENCH_OUT:-target/bench}"
build_node=0
build=1
keep=0
while (($#)); do
  case "$1" in
    --duration) duration="${2:?--duration needs a value}"; shift 2 ;;
    --warmup) warmup="${2:?--warmup needs a value}"; shift 2 ;;
    --initial-warmup) initial_warmup="${2:?--initial-warmup needs a value}"; shift 2 ;;
    --shape-warmup) shape_warmup="${2:?--shape-warmup needs a value}"; shift 2 ;;
    --rounds) rounds="${2:?--rounds needs a value}"; shift 2 ;;
    --workloads) workloads="${2:?--workloads needs a value}"; shift 2 ;;
    --out) out="${2:?--out needs a value}"; shift 2 ;;
    --build-node) build_node=1; shift ;;
    --no-build) build=0; shift ;;
    --keep) keep=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "compare-etcd: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done

# shellcheck source=bench/lib.sh
source "$root/bench/lib.sh"

# --- etcd ------------------------------------------------------------------------------------
ensure_etcd

# --- build -----------------------------------------------------------------------------------
prepare_work_dir "$build" "$build_node" sr-compare

# --- clusters ----------------------------------------------------------------------------------
start_etcd_cluster "$work/etcd"          # sets ETCD_ENDPOINTS
start_strongroom_dev "$work/strongroom"  # sets SR_ENV (the dev.env path)

# --- the load generator ------------------------------------------------------------------------
mkdir -p "$out"
log "running: workloads=$workloads rounds=$rounds warm-up=$warmup measured=$duration"
# A subshell reads dev.env (address, CA, root token) into its environment only; nothing is echoed.
(
  set +x
  # shellcheck disable=SC1090
  source "$SR_ENV"
  export STRONGROOM_ADDR STRONGROOM_TOKEN STRONGROOM_CACERT
  # Both clients share this JVM; with one spare core the JDK would run no common pool (see Main).
  exec java -Xmx1g -Djava.util.concurrent.ForkJoinPool.common.parallelism=2 -jar "$work/bench-compare.jar" compare \
    --etcd "$ETCD_ENDPOINTS" --workloads "$workloads" --rounds "$rounds" \
    --warmup "$warmup" --initial-warmup "$initial_warmup" --shape-warmup "$shape_warmup" --duration "$duration" --out "$out"
) &
track_pid $! "load generator"
wait_tracked $!
log "done: $out/compare.json, $out/compare.svg"
