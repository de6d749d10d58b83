# shellcheck shell=bash
# Shared by bench/compare-etcd.sh and bench/scaling.sh (sourced, never run): logging, builds,
# processes tracked by PID and stopped on exit, the etcd cluster and the Strongroom dev cluster.
# Every server listens on 127.0.0.1 only. Callers set `root` (the repository) and `work` (a
# directory of their own under /tmp) and call start_cleanup_trap before starting anything.

# shellcheck disable=SC2154  # root and work are the caller's
# shellcheck disable=SC2034  # ETCD_ENDPOINTS, SR_ENV and SR_NODE_PIDS are the caller's to read
script_name="$(basename "$0" .sh)"

log() { printf '[%s] %s: %s\n' "$(date +%T)" "$script_name" "$*" >&2; }
die() { log "error: $*"; exit 1; }

# --- processes ---------------------------------------------------------------------------------
# Every process started is tracked by PID; cleanup stops them newest first (SIGTERM, then SIGKILL
# after 15 s), but only while the PID still belongs to a process of this run (its command line
# names the work directory), so a reused PID is never signalled.
tracked_pids=()
declare -A tracked_names=()

track_pid() { # PID NAME
  tracked_pids+=("$1")
  tracked_names[$1]="$2"
}

ours() { # PID: still alive and one of this run's processes
  [[ -r "/proc/$1/cmdline" ]] && tr '\0' ' ' <"/proc/$1/cmdline" 2>/dev/null | grep -qF -- "$work"
}

cleanup() {
  local status=$? pid i deadline
  trap - EXIT INT TERM
  for ((i = ${#tracked_pids[@]} - 1; i >= 0; i--)); do
    pid="${tracked_pids[i]}"
    if ours "$pid"; then
      log "stopping ${tracked_names[$pid]} (pid $pid)"
      kill -TERM "$pid" 2>/dev/null || true
    fi
  done
  deadline=$((SECONDS + 15))
  for pid in "${tracked_pids[@]}"; do
    while ours "$pid" && ((SECONDS < deadline)); do sleep 0.2; done
    if ours "$pid"; then
      log "killing ${tracked_names[$pid]} (pid $pid): still running after SIGTERM"
      kill -KILL "$pid" 2>/dev/null || true
    fi
  done
  # Reap our own children (the others were reaped by their parents).
  wait 2>/dev/null || true
  if [[ -n "${work:-}" && -d "$work" ]]; then
    # Kept when asked, and after a failure (for its logs); not after Ctrl-C or SIGTERM.
    if ((${keep:-0})) || ((status != 0 && status != 130 && status != 143)); then
      log "kept $work (logs and data; dev.env there holds the throwaway cluster's root token)"
    else
      rm -rf "$work"
    fi
  fi
  exit "$status"
}

start_cleanup_trap() {
  trap cleanup EXIT
  trap 'log "interrupted"; exit 130' INT
  trap 'log "terminated"; exit 143' TERM
}

wait_tracked() { # PID: waits for a tracked child; fails with its exit code
  local rc=0
  wait "$1" || rc=$?
  ((rc == 0)) || die "${tracked_names[$1]} (pid $1) exited with code $rc"
}

# --- ports -------------------------------------------------------------------------------------
declare -A taken_ports=()

listening() { # PORT: whether something listens on 127.0.0.1:PORT
  if command -v ss >/dev/null; then
    [[ -n "$(ss -Htln "sport = :$1" 2>/dev/null)" ]]
  else
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
  fi
}

free_port() { # prints a port on 127.0.0.1 that nothing listens on, below the ephemeral range
  local p
  for _ in $(seq 1 200); do
    p=$((20000 + RANDOM % 12000))
    if [[ -z "${taken_ports[$p]:-}" ]] && ! listening "$p"; then
      taken_ports[$p]=1
      echo "$p"
      return 0
    fi
  done
  die "no free port found"
}

# --- builds --------------------------------------------------------------------------------------
mvn_package() { # LOG ARGS...: an offline build first; online when something is not downloaded yet
  local logfile="$1"; shift
  if ! (cd "$root" && mvn -B -q -o "$@" package -DskipTests) >"$logfile" 2>&1; then
    log "offline build failed (see $logfile); trying again online"
    if ! (cd "$root" && mvn -B -q "$@" package -DskipTests) >"$logfile" 2>&1; then
      tail -n 30 "$logfile" >&2
      die "build failed: mvn $* package (log: $logfile)"
    fi
  fi
}

build_bench_compare() {
  mkdir -p "$root/target"
  log "building bench-compare (mvn -Pcompare-etcd -pl bench-compare -am package)"
  mvn_package "$root/target/bench-compare-build.log" -Pcompare-etcd -pl bench-compare -am
}

build_node_jar() {
  mkdir -p "$root/target"
  log "building node/target/strongroom.jar (mvn -pl node -am package)"
  mvn_package "$root/target/node-build.log" -pl node -am
}

# --- etcd ----------------------------------------------------------------------------------------
# prepare_work_dir BUILD BUILD_NODE NAME: builds bench-compare (and the node jar when BUILD_NODE is
# 1 or it is missing) unless BUILD is 0, then makes the run's work directory ($work, cleaned up on
# exit) holding private copies of both jars, so a rebuild during the run cannot change what is measured.
prepare_work_dir() {
  if (($1)); then
    build_bench_compare
    if (($2)) || [[ ! -f node/target/strongroom.jar ]]; then
      build_node_jar
    fi
  fi
  [[ -f node/target/strongroom.jar ]] || die "node/target/strongroom.jar is missing (run without --no-build)"
  [[ -f bench-compare/target/bench-compare.jar ]] || die "bench-compare/target/bench-compare.jar is missing (run without --no-build)"
  work="$(mktemp -d "${TMPDIR:-/tmp}/$3.XXXXXX")"
  start_cleanup_trap
  cp node/target/strongroom.jar "$work/strongroom.jar"
  cp bench-compare/target/bench-compare.jar "$work/bench-compare.jar"
  log "work directory $work; strongroom.jar built $(date -r node/target/strongroom.jar '+%F %T')"
}

ensure_etcd() {
  if command -v etcd >/dev/null && command -v etcdctl >/dev/null; then
    return 0
  fi
  log "etcd is missing: installing Debian's etcd-server and etcd-client"
  [[ "$(id -u)" == 0 ]] || die "installing etcd needs root (apt-get install -y etcd-server etcd-client)"
  export DEBIAN_FRONTEND=noninteractive
  if ! apt-get install -y -qq etcd-server etcd-client >/dev/null; then
    log "apt-get install failed; running apt-get update first"
    apt-get update -qq
    apt-get install -y -qq etcd-server etcd-client >/dev/null
  fi
  if ! command -v etcd >/dev/null || ! command -v etcdctl >/dev/null; then
    die "etcd still missing after apt-get install"
  fi
}

# start_etcd_cluster DIR: three members on 127.0.0.1, default durability (fsync on), each with its
# data dir and log under DIR; waits until all three are healthy; sets ETCD_ENDPOINTS.
start_etcd_cluster() {
  local dir="$1" i cluster="" pid
  local -a cport=() pport=()
  mkdir -p "$dir"
  for i in 1 2 3; do
    cport[i]="$(free_port)"
    pport[i]="$(free_port)"
    cluster+="${cluster:+,}e$i=http://127.0.0.1:${pport[i]}"
  done
  ETCD_ENDPOINTS=""
  for i in 1 2 3; do
    etcd --name "e$i" --data-dir "$dir/e$i" \
      --listen-client-urls "http://127.0.0.1:${cport[i]}" --advertise-client-urls "http://127.0.0.1:${cport[i]}" \
      --listen-peer-urls "http://127.0.0.1:${pport[i]}" --initial-advertise-peer-urls "http://127.0.0.1:${pport[i]}" \
      --initial-cluster "$cluster" --initial-cluster-state new --initial-cluster-token "sr-bench-$$" \
      >"$dir/e$i.log" 2>&1 &
    pid=$!
    track_pid "$pid" "etcd e$i"
    ETCD_ENDPOINTS+="${ETCD_ENDPOINTS:+,}http://127.0.0.1:${cport[i]}"
  done
  log "etcd $(etcd --version 2>/dev/null | head -1 | awk '{print $3}'): 3 members on $ETCD_ENDPOINTS (data and logs in $dir)"
  for _ in $(seq 1 120); do
    if ETCDCTL_API=3 etcdctl --endpoints "$ETCD_ENDPOINTS" --command-timeout=2s endpoint health >/dev/null 2>&1; then
      log "etcd: all 3 members healthy"
      return 0
    fi
    for pid in "${tracked_pids[@]}"; do
      [[ "${tracked_names[$pid]}" == etcd* ]] && ! kill -0 "$pid" 2>/dev/null && die "${tracked_names[$pid]} exited; see $dir"
    done
    sleep 0.5
  done
  die "etcd did not become healthy in 60 s; see $dir/e*.log"
}

# start_strongroom_dev DIR [JVM_OPTS]: `strongroom dev` from the private jar copy ($work/strongroom.jar),
# 3 nodes on 127.0.0.1 with TLS, initialized and unsealed; waits for DIR/dev.env and tracks the
# dev process and each node process. Sets SR_ENV (the dev.env path; it holds the root token: source
# it only in a subshell, never print it) and SR_NODE_PIDS (id:pid,...). dev's stdout (which repeats
# the export lines, token included) goes nowhere; its progress (stderr) to DIR.log.
start_strongroom_dev() {
  local dir="$1" opts="${2:-}" pid node_pids="" entry
  # shellcheck disable=SC2086
  # Nodes run with a production JVM's options (deploy/systemd/strongroom.env), not dev's small
  # client-compiler-only defaults; STRONGROOM_NODE_JAVA_OPTS overrides them.
  STRONGROOM_NODE_JAVA_OPTS="${STRONGROOM_NODE_JAVA_OPTS:--Xms1g -Xmx1g -XX:+UseG1GC}" \
    JAVA_TOOL_OPTIONS="$opts" java -jar "$work/strongroom.jar" dev --data-dir "$dir" >/dev/null 2>"$dir.log" &
  pid=$!
  track_pid "$pid" "strongroom dev"
  for _ in $(seq 1 360); do
    if [[ -f "$dir/dev.env" ]] && grep -q '^export STRONGROOM_NODE_PIDS=' "$dir/dev.env"; then
      node_pids="$(sed -n "s/^export STRONGROOM_NODE_PIDS='\(.*\)'$/\1/p" "$dir/dev.env")"
      break
    fi
    kill -0 "$pid" 2>/dev/null || die "strongroom dev exited; see $dir.log"
    sleep 0.5
  done
  [[ -n "$node_pids" ]] || die "the Strongroom dev cluster did not start in 180 s; see $dir.log"
  IFS=',' read -ra entries <<<"$node_pids"
  for entry in "${entries[@]}"; do
    track_pid "${entry#*:}" "strongroom node ${entry%%:*}"
  done
  SR_ENV="$dir/dev.env"
  SR_NODE_PIDS="$node_pids"
  log "strongroom: 3 nodes (pids $node_pids; data and logs in $dir), initialized and unsealed"
}
