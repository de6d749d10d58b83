#!/usr/bin/env bash
# multi-region.sh: a 5-node, 3-region Strongroom cluster on this machine, as real node processes
# on 127.0.0.1, each started the way production starts it:
#   java -jar strongroom.jar server --config nK/node.yaml
#
#   node  region    zone         Raft       client        HTTP
#   n1    us-east   us-east-1a   BASE+1     BASE+11       BASE+21
#   n2    us-east   us-east-1b   BASE+2     BASE+12       BASE+22
#   n3    eu-west   eu-west-1a   BASE+3     BASE+13       BASE+23
#   n4    eu-west   eu-west-1b   BASE+4     BASE+14       BASE+24
#   n5    ap-south  ap-south-1a  BASE+5     BASE+15       BASE+25
#
# Five voters split 2/2/1: losing any one region leaves at least 3 of 5, a majority.
#
# With DELAY_PROXY=on (the default) Raft traffic between regions is delayed: each node's
# raft_address names a host (nK.strongroom.test) that each node's JVM resolves through its own
# hosts file (-Djdk.net.hosts.file): its region's nodes at 127.0.0.1, the others at its region's
# delay proxy address (us-east 127.0.2.1, eu-west 127.0.2.2, ap-south 127.0.2.3), where one
# `strongroom dev delay-proxy` process relays each byte after the one-way latency between the two
# regions (LATENCY_MS). Clients reach the nodes directly (client_address stays 127.0.0.1).
#
# Usage: multi-region.sh up | down [--purge] | status | help
#   up       write the configs (and a rehearsal CA with node certificates), start the 5 nodes in
#            the background, record their PIDs, and wait until each answers HTTP on
#            /v1/sys/health. Nodes start uninitialized (501) or, on a restart, sealed (503): the
#            next steps are printed. A directory that already holds the cluster is reused (same
#            ports, same data).
#   down     stop exactly the recorded PIDs (after checking each still runs this cluster's node):
#            SIGTERM, then SIGKILL after STOP_GRACE_SECONDS. --purge then deletes the directory.
#   status   each node's region, process, health, Raft role (leader, follower, listener), term,
#            commit and applied index and lag (from its /metrics), the delay proxy's state, then the
#            cluster's own view (strongroom status; with STRONGROOM_TOKEN set, also operator raft
#            list-peers). Exit 0 if every node (and the proxy, when on) runs and answers, 1 otherwise.
#
# Environment:
#   STRONGROOM_MR_DIR   state, configs, data and logs (default: <repo>/target/multi-region)
#   BASE_PORT           first port of the block (20000-32740; default: a free block of
#                       20000-32767 picked by probing, below Linux's ephemeral range)
#   STRONGROOM_JAR      the node jar (default: node/target/strongroom.jar, built with
#                       ./strongroom only if missing); each up runs a private copy of it
#   JAVA                the java command (default: java; Java 17+)
#   NODE_JAVA_OPTS      JVM options per node (default: -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1)
#   PROFILE             lan | multi-region: the nodes' timeout profile (default: lan)
#   TLS                 on | off (default: on: TLS 1.3 for clients, mutual TLS between peers)
#   UP_TIMEOUT_SECONDS  how long up waits for every node to answer (default: 120)
#   STOP_GRACE_SECONDS  how long down waits after SIGTERM before SIGKILL (default: 20)
#   DELAY_PROXY         on (the default) | off. on: Raft traffic between regions pays LATENCY_MS
#                       one way, through the delay proxy (see above; its log is
#                       STRONGROOM_MR_DIR/proxy/proxy.log). off: every node reaches every other
#                       directly and the regions are labels only. A cluster keeps the mode it was
#                       created with (its Raft addresses differ): down --purge to change it.
#   LATENCY_MS          one-way latency per region pair (default:
#                       us-east/eu-west=40,eu-west/ap-south=60,us-east/ap-south=80). It simulates a
#                       fixed delay only: no jitter, loss, bandwidth limit or TCP-handshake round trip.
#   PRIMARY_REGION      the region whose unsealed voters hold the leadership (primary_region in
#                       node.yaml; default: none). The leader moves there once a node of it is
#                       unsealed and caught up.
#
# Logs: STRONGROOM_MR_DIR/nK/node.log. Development and rehearsal only: the CA key lies in
# STRONGROOM_MR_DIR/tls/.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
HEALTH="$ROOT/deploy/container/strongroom-health"
GEN_CERTS="$ROOT/deploy/tls/gen-certs.sh"
DIR="${STRONGROOM_MR_DIR:-$ROOT/target/multi-region}"
JAR="${STRONGROOM_JAR:-$ROOT/node/target/strongroom.jar}"
JAVA="${JAVA:-java}"
NODE_JAVA_OPTS="${NODE_JAVA_OPTS:--Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1}"
PROFILE="${PROFILE:-lan}"
TLS="${TLS:-on}"
UP_TIMEOUT_SECONDS="${UP_TIMEOUT_SECONDS:-120}"
STOP_GRACE_SECONDS="${STOP_GRACE_SECONDS:-20}"
DELAY_PROXY="${DELAY_PROXY:-on}"
LATENCY_MS="${LATENCY_MS:-us-east/eu-west=40,eu-west/ap-south=60,us-east/ap-south=80}"
PRIMARY_REGION="${PRIMARY_REGION:-}"

NODES=(n1 n2 n3 n4 n5)
REGIONS=(us-east us-east eu-west eu-west ap-south)
ZONES=(us-east-1a us-east-1b eu-west-1a eu-west-1b ap-south-1a)
PROXY_REGIONS=(us-east eu-west ap-south)
PROXY_ADDRESSES=(127.0.2.1 127.0.2.2 127.0.2.3)

usage() {
  sed -n '2,/^set -euo/p' "$0" | sed -e '$d' -e 's/^# \{0,1\}//'
}

die() {
  echo "multi-region: $*" >&2
  exit 2
}

say() {
  echo "multi-region: $*"
}

# --- ports -------------------------------------------------------------------------------------

raft_port() { echo $((BASE_PORT + $1 + 1)); }
client_port() { echo $((BASE_PORT + $1 + 11)); }
http_port() { echo $((BASE_PORT + $1 + 21)); }

all_ports() {
  local i
  for i in "${!NODES[@]}"; do
    raft_port "$i"
    client_port "$i"
    http_port "$i"
  done
}

# Whether something uses PORT on this machine: a listener or a live connection (TIME_WAIT leftovers
# of a stopped node do not count: the node binds with SO_REUSEADDR).
port_in_use() {
  local port="$1"
  if command -v ss >/dev/null; then
    [[ -n "$(ss -Htan exclude time-wait "( sport = :$port )" 2>/dev/null)" ]] && return 0
  fi
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null
}

block_free() {
  local port
  for port in $(all_ports); do
    if port_in_use "$port"; then
      return 1
    fi
  done
}

pick_base_port() {
  local attempt
  for attempt in $(seq 1 50); do
    BASE_PORT=$((20000 + (RANDOM % 1270) * 10))
    if block_free; then
      return 0
    fi
  done
  die "found no free block of ports in 20000-32767 after $attempt tries; set BASE_PORT"
}

# --- DELAY_PROXY HOOK ----------------------------------------------------------------------------
# The Raft configuration is replicated, so every node dials a given peer at the SAME address. The
# per-region-pair delay therefore comes from name resolution, which is per process: the address is
# nK.strongroom.test:PORT everywhere, and each node's JVM resolves it through its own hosts file
# (written by `strongroom dev delay-proxy --hosts-for nK`): to 127.0.0.1 inside its region, to its
# region's proxy address (127.0.2.R) otherwise. The proxy listens on every (region, other-region
# node's Raft port) pair and knows the delay of each. Ratis' gRPC ignores HTTP proxies
# (RATIS-2133), so a ProxySelector/CONNECT proxy cannot do this.
check_delay_proxy() {
  case "$DELAY_PROXY" in
    on | off) ;;
    *) die "DELAY_PROXY must be on or off, was '$DELAY_PROXY'" ;;
  esac
  if [[ "$DELAY_PROXY" == on ]]; then
    latency_ms us-east eu-west >/dev/null
    latency_ms eu-west ap-south >/dev/null
    latency_ms us-east ap-south >/dev/null
  fi
  if [[ -n "$PRIMARY_REGION" ]]; then
    case " ${REGIONS[*]} " in
      *" $PRIMARY_REGION "*) ;;
      *) die "PRIMARY_REGION must be one of us-east, eu-west, ap-south (or empty), was '$PRIMARY_REGION'" ;;
    esac
  fi
}

# The one-way latency between regions A and B from LATENCY_MS (either order).
latency_ms() {
  local a="$1" b="$2" entry key value
  for entry in ${LATENCY_MS//,/ }; do
    key="${entry%%=*}"
    value="${entry#*=}"
    if [[ "$key" == "$a/$b" || "$key" == "$b/$a" ]]; then
      [[ "$value" =~ ^[0-9]+$ ]] && ((value <= 10000)) || die "LATENCY_MS: '$entry' needs whole milliseconds (0-10000)"
      echo "$value"
      return 0
    fi
  done
  die "LATENCY_MS has no entry for $a/$b (was '$LATENCY_MS')"
}

node_host() {
  echo "${NODES[$1]}.strongroom.test"
}

peer_raft_address() {
  if [[ "$DELAY_PROXY" == on ]]; then
    echo "$(node_host "$1"):$(raft_port "$1")"
  else
    echo "127.0.0.1:$(raft_port "$1")"
  fi
}

write_proxy_config() {
  local i r j
  {
    echo "# Written by deploy/local/multi-region.sh; rewritten at every up."
    echo "regions:"
    for r in "${!PROXY_REGIONS[@]}"; do
      echo "  ${PROXY_REGIONS[$r]}: ${PROXY_ADDRESSES[$r]}"
    done
    echo "latency_ms:"
    for r in "${!PROXY_REGIONS[@]}"; do
      for ((j = r + 1; j < ${#PROXY_REGIONS[@]}; j++)); do
        echo "  ${PROXY_REGIONS[$r]}/${PROXY_REGIONS[$j]}: $(latency_ms "${PROXY_REGIONS[$r]}" "${PROXY_REGIONS[$j]}")"
      done
    done
    echo "nodes:"
    for i in "${!NODES[@]}"; do
      echo "  - {id: ${NODES[$i]}, region: ${REGIONS[$i]}, host: $(node_host "$i"), ip: 127.0.0.1, ports: [$(raft_port "$i")]}"
    done
  } >"$DIR/delay-proxy.yaml"
}

# The PID of the running delay proxy of this cluster, or nothing.
proxy_pid() {
  local file="$DIR/proxy/pid" pid
  [[ -f "$file" ]] || return 0
  pid="$(cat "$file")"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 0
  if running "$pid" && [[ "$(process_args "$pid")" == *"$DIR/delay-proxy.yaml"* ]]; then
    echo "$pid"
  fi
}

# Writes the proxy config and each node's hosts file, then starts the proxy and waits for its routes.
start_delay_proxy() {
  local i pid
  mkdir -p "$DIR/proxy"
  write_proxy_config
  for i in "${!NODES[@]}"; do
    "$JAVA" -Xmx64m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Djava.io.tmpdir="$DIR/tmp" -jar "$DIR/strongroom.jar" \
      dev delay-proxy --config "$DIR/delay-proxy.yaml" --hosts-for "${NODES[$i]}" >"$DIR/${NODES[$i]}/hosts" \
      || die "could not write the hosts file of ${NODES[$i]}"
  done
  # shellcheck disable=SC2086 # NODE_JAVA_OPTS is a list of options
  (
    cd "$DIR/proxy"
    exec nohup "$JAVA" -Xmx128m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:-CreateCoredumpOnCrash -Djava.io.tmpdir="$DIR/tmp" \
      -jar "$DIR/strongroom.jar" dev delay-proxy --config "$DIR/delay-proxy.yaml" </dev/null >>"$DIR/proxy/proxy.log" 2>&1
  ) &
  pid=$!
  echo "$pid" >"$DIR/proxy/pid"
  local deadline=$((SECONDS + 60))
  until grep -q "serving until interrupted" "$DIR/proxy/proxy.log" 2>/dev/null; do
    if ! running "$pid"; then
      echo "multi-region: the delay proxy exited; from $DIR/proxy/proxy.log:" >&2
      tail -n 10 "$DIR/proxy/proxy.log" >&2 || true
      exit 1
    fi
    ((SECONDS < deadline)) || die "the delay proxy did not start within 60s (see $DIR/proxy/proxy.log)"
    sleep 0.2
  done
  say "delay proxy pid $pid: us-east/eu-west $(latency_ms us-east eu-west) ms, eu-west/ap-south $(latency_ms eu-west ap-south) ms, us-east/ap-south $(latency_ms us-east ap-south) ms one way"
}

stop_delay_proxy() {
  local pid
  pid="$(proxy_pid)"
  if [[ -z "$pid" ]]; then
    rm -f "$DIR/proxy/pid"
    return 0
  fi
  kill -TERM "$pid" 2>/dev/null || true
  local deadline=$((SECONDS + 10))
  while running "$pid" && ((SECONDS < deadline)); do
    sleep 0.2
  done
  if running "$pid"; then
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$DIR/proxy/pid"
  say "stopped the delay proxy (pid $pid)"
}
# --- end of DELAY_PROXY HOOK ---------------------------------------------------------------------

# --- state -------------------------------------------------------------------------------------

load_state() {
  [[ -f "$DIR/cluster.env" ]] || return 1
  local saved
  saved="$(sed -n 's/^BASE_PORT=\([0-9][0-9]*\)$/\1/p' "$DIR/cluster.env")"
  [[ -n "$saved" ]] || die "$DIR/cluster.env names no BASE_PORT; remove $DIR or repair it"
  if [[ -n "${BASE_PORT:-}" && "$BASE_PORT" != "$saved" ]]; then
    die "$DIR holds a cluster on base port $saved, not BASE_PORT=$BASE_PORT; use that, or 'down --purge' first"
  fi
  BASE_PORT="$saved"
}

# The command line of process PID, or nothing if it does not run.
process_args() {
  local pid="$1"
  if [[ -r "/proc/$pid/cmdline" ]]; then
    tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null || true
  else
    ps -o args= -p "$pid" 2>/dev/null || true
  fi
}

# Whether PID runs (a zombie waiting to be reaped has stopped).
running() {
  local pid="$1"
  kill -0 "$pid" 2>/dev/null || return 1
  if [[ -r "/proc/$pid/stat" ]]; then
    local stat
    stat="$(cat "/proc/$pid/stat" 2>/dev/null || true)"
    stat="${stat##*) }"
    [[ "${stat%% *}" != Z ]]
  fi
}

# The PID recorded for node I if that process still runs this cluster's node I; else nothing.
node_pid() {
  local i="$1" file pid
  file="$DIR/${NODES[$i]}/pid"
  [[ -f "$file" ]] || return 0
  pid="$(cat "$file")"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 0
  if running "$pid" && [[ "$(process_args "$pid")" == *"$DIR/${NODES[$i]}/node.yaml"* ]]; then
    echo "$pid"
  fi
}

# --- up ----------------------------------------------------------------------------------------

write_config() {
  local i="$1" id="${NODES[$1]}" j
  mkdir -p "$DIR/$id"
  {
    echo "# Written by deploy/local/multi-region.sh; rewritten at every up."
    echo "node_id: $id"
    echo "region: ${REGIONS[$i]}"
    echo "zone: ${ZONES[$i]}"
    echo "data_dir: data"
    echo "raft_address: $(peer_raft_address "$i")"
    echo "client_address: 127.0.0.1:$(client_port "$i")"
    echo "http_address: 127.0.0.1:$(http_port "$i")"
    echo "profile: $PROFILE"
    if [[ -n "$PRIMARY_REGION" ]]; then
      echo "primary_region: $PRIMARY_REGION"
    fi
    echo "peers:"
    for j in "${!NODES[@]}"; do
      echo "  - {id: ${NODES[$j]}, raft_address: $(peer_raft_address "$j"), client_address: 127.0.0.1:$(client_port "$j"), region: ${REGIONS[$j]}, zone: ${ZONES[$j]}}"
    done
    if [[ "$TLS" == on ]]; then
      echo "tls:"
      echo "  cert: ../tls/$id.pem"
      echo "  key: ../tls/$id.key"
      echo "  ca: ../tls/ca.pem"
      echo "  require_client_cert: false"
    fi
  } >"$DIR/$id/node.yaml"
}

client_addresses() {
  local i out=""
  for i in "${!NODES[@]}"; do
    out="${out:+$out,}127.0.0.1:$(client_port "$i")"
  done
  echo "$out"
}

ensure_jar() {
  if [[ ! -f "$JAR" ]]; then
    if [[ -z "${STRONGROOM_JAR:-}" ]]; then
      say "building $JAR (missing) with ./strongroom version"
      "$ROOT/strongroom" version >/dev/null
    fi
    [[ -f "$JAR" ]] || die "no node jar at $JAR"
  fi
  command -v "$JAVA" >/dev/null || die "no '$JAVA' on PATH: Java 17+ is needed (or set JAVA)"
}

cmd_up() {
  check_delay_proxy
  case "$PROFILE" in lan | multi-region) ;; *) die "PROFILE must be lan or multi-region, was '$PROFILE'" ;; esac
  case "$TLS" in on | off) ;; *) die "TLS must be on or off, was '$TLS'" ;; esac
  [[ "$UP_TIMEOUT_SECONDS" =~ ^[1-9][0-9]*$ ]] || die "UP_TIMEOUT_SECONDS must be a whole number, was '$UP_TIMEOUT_SECONDS'"
  if [[ -n "${BASE_PORT:-}" ]] && { [[ ! "$BASE_PORT" =~ ^[0-9]+$ ]] || ((BASE_PORT < 20000 || BASE_PORT > 32740)); }; then
    die "BASE_PORT must be in 20000-32740 (the block is BASE+1..BASE+25), was '$BASE_PORT'"
  fi
  ensure_jar

  local i id pid fresh=1
  if load_state; then
    fresh=0
    for i in "${!NODES[@]}"; do
      pid="$(node_pid "$i")"
      [[ -z "$pid" ]] || die "${NODES[$i]} already runs (pid $pid); use status, or down first"
    done
  else
    [[ -n "${BASE_PORT:-}" ]] || pick_base_port
  fi
  block_free || die "a port of the block $((BASE_PORT + 1))-$((BASE_PORT + 25)) is in use; pick another BASE_PORT (or down --purge)"
  if ((!fresh)); then
    local was
    was="$(sed -n 's/^DELAY_PROXY=\(on\|off\)$/\1/p' "$DIR/cluster.env")"
    if [[ "${was:-off}" != "$DELAY_PROXY" ]]; then
      die "$DIR holds a cluster made with DELAY_PROXY=${was:-off} (its Raft addresses differ); use that, or 'down --purge' first"
    fi
    [[ -z "$(proxy_pid)" ]] || die "the delay proxy already runs (pid $(proxy_pid)); use status, or down first"
  fi

  mkdir -p "$DIR/tmp"
  printf 'BASE_PORT=%s\nDELAY_PROXY=%s\n' "$BASE_PORT" "$DELAY_PROXY" >"$DIR/cluster.env"
  if [[ "$TLS" == on ]]; then
    local specs=() i
    for i in "${!NODES[@]}"; do
      id="${NODES[$i]}"
      specs+=("$id=IP:127.0.0.1,DNS:localhost,DNS:$(node_host "$i")")
    done
    "$GEN_CERTS" "$DIR/tls" "${specs[@]}" 2>/dev/null
  fi
  for i in "${!NODES[@]}"; do
    write_config "$i"
  done
  {
    echo "export STRONGROOM_ADDR=$(client_addresses)"
    if [[ "$TLS" == on ]]; then
      echo "export STRONGROOM_CACERT=$DIR/tls/ca.pem"
    fi
  } >"$DIR/client.env"
  # A private copy: rebuilding node/target/strongroom.jar cannot pull classes from under the nodes.
  cp "$JAR" "$DIR/strongroom.jar.new"
  mv -f "$DIR/strongroom.jar.new" "$DIR/strongroom.jar"

  local resolve=()
  if [[ "$DELAY_PROXY" == on ]]; then
    start_delay_proxy
  fi
  for i in "${!NODES[@]}"; do
    id="${NODES[$i]}"
    resolve=()
    if [[ "$DELAY_PROXY" == on ]]; then
      resolve=(-Djdk.net.hosts.file="$DIR/$id/hosts")
    fi
    # shellcheck disable=SC2086 # NODE_JAVA_OPTS is a list of options
    (
      cd "$DIR/$id"
      exec nohup "$JAVA" $NODE_JAVA_OPTS -XX:-CreateCoredumpOnCrash -XX:+ExitOnOutOfMemoryError "${resolve[@]}" \
        -Djava.io.tmpdir="$DIR/tmp" -jar "$DIR/strongroom.jar" server --config "$DIR/$id/node.yaml" \
        </dev/null >>"$DIR/$id/node.log" 2>&1
    ) &
    echo "$!" >"$DIR/$id/pid"
    say "started $id (${REGIONS[$i]}/${ZONES[$i]}) pid $! Raft $(raft_port "$i") client $(client_port "$i") HTTP $(http_port "$i")"
  done

  local deadline=$((SECONDS + UP_TIMEOUT_SECONDS)) waiting
  while :; do
    waiting=()
    for i in "${!NODES[@]}"; do
      id="${NODES[$i]}"
      if [[ -z "$(node_pid "$i")" ]]; then
        echo "multi-region: $id exited during start; from $DIR/$id/node.log:" >&2
        grep -m 3 -E 'Exception|Error|error:' "$DIR/$id/node.log" >&2 || true
        echo "  (last lines)" >&2
        tail -n 10 "$DIR/$id/node.log" >&2 || true
        cmd_down >&2 || true
        exit 1
      fi
      if ! "$HEALTH" live "http://127.0.0.1:$(http_port "$i")/v1/sys/health" >/dev/null 2>&1; then
        waiting+=("$id")
      fi
    done
    if [[ ${#waiting[@]} -eq 0 ]]; then
      break
    fi
    if ((SECONDS >= deadline)); then
      echo "multi-region: ${waiting[*]} did not answer on /v1/sys/health within ${UP_TIMEOUT_SECONDS}s; stopping the cluster" >&2
      cmd_down >&2 || true
      exit 1
    fi
    sleep 0.5
  done

  say "all ${#NODES[@]} nodes answer on /v1/sys/health (state in $DIR)"
  echo
  if ((fresh)); then
    echo "Next steps (a new cluster is uninitialized; see docs/operations.md for the ceremony):"
    echo "  source $DIR/client.env"
    echo "  ./strongroom operator init --key-shares 5 --key-threshold 3"
  else
    echo "Next steps (restarted nodes are sealed):"
    echo "  source $DIR/client.env"
  fi
  echo "  ./strongroom operator unseal --node 127.0.0.1:$(client_port 0)    # threshold shares, then the same per node"
  echo "  $0 status"
}

# --- down --------------------------------------------------------------------------------------

cmd_down() {
  local purge=0
  if [[ "${1:-}" == --purge ]]; then
    purge=1
  elif [[ -n "${1:-}" ]]; then
    usage >&2
    exit 2
  fi
  [[ "$STOP_GRACE_SECONDS" =~ ^[0-9]+$ ]] || die "STOP_GRACE_SECONDS must be a whole number, was '$STOP_GRACE_SECONDS'"
  if [[ ! -f "$DIR/cluster.env" ]]; then
    say "nothing to stop: no cluster in $DIR"
    return 0
  fi
  local i id pid pids=() names=()
  for i in "${!NODES[@]}"; do
    id="${NODES[$i]}"
    [[ -f "$DIR/$id/pid" ]] || continue
    pid="$(node_pid "$i")"
    if [[ -n "$pid" ]]; then
      kill -TERM "$pid" 2>/dev/null || true
      pids+=("$pid")
      names+=("$id")
    else
      say "$id is not running (recorded pid $(cat "$DIR/$id/pid") is gone or runs something else: left alone)"
      rm -f "$DIR/$id/pid"
    fi
  done
  local deadline=$((SECONDS + STOP_GRACE_SECONDS)) left
  while :; do
    left=0
    for pid in "${pids[@]}"; do
      if running "$pid"; then
        left=$((left + 1))
      fi
    done
    if ((left == 0 || SECONDS >= deadline)); then
      break
    fi
    sleep 0.2
  done
  for i in "${!pids[@]}"; do
    pid="${pids[$i]}"
    if running "$pid"; then
      say "${names[$i]} (pid $pid) did not stop within ${STOP_GRACE_SECONDS}s of SIGTERM: SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
    fi
  done
  deadline=$((SECONDS + 10))
  local failed=0
  for i in "${!pids[@]}"; do
    pid="${pids[$i]}"
    while running "$pid" && ((SECONDS < deadline)); do
      sleep 0.2
    done
    if running "$pid"; then
      echo "multi-region: ${names[$i]} (pid $pid) still runs after SIGKILL" >&2
      failed=1
    else
      rm -f "$DIR/${names[$i]}/pid"
      say "stopped ${names[$i]} (pid $pid)"
    fi
  done
  stop_delay_proxy
  if ((failed)); then
    return 1
  fi
  if ((purge)); then
    rm -rf -- "$DIR"
    say "deleted $DIR"
  fi
}

# --- status ------------------------------------------------------------------------------------

# The value of gauge NAME in the Prometheus text METRICS, as a whole number; "-" if absent.
gauge() {
  local value
  value="$(awk -v name="$1" '$1 == name { printf "%d", $2; found = 1; exit } END { if (!found) printf "-" }' <<<"$2")"
  echo "$value"
}

cmd_status() {
  load_state || {
    say "no cluster in $DIR (run up)"
    exit 1
  }
  local have_curl=0
  if command -v curl >/dev/null; then
    have_curl=1
  fi
  local i id pid process code health metrics role term commit applied
  local -a rows=()
  local leader_commit="" max_commit="" healthy=1
  local -a commits=() applieds=()
  for i in "${!NODES[@]}"; do
    id="${NODES[$i]}"
    pid="$(node_pid "$i")"
    process="running"
    [[ -n "$pid" ]] || { process="stopped"; pid="-"; healthy=0; }
    code="000"
    metrics=""
    if [[ "$process" == running ]]; then
      if ((have_curl)); then
        code="$(curl -s -o /dev/null -w '%{http_code}' --max-time 3 "http://127.0.0.1:$(http_port "$i")/v1/sys/health" || true)"
        metrics="$(curl -s --max-time 3 "http://127.0.0.1:$(http_port "$i")/metrics" || true)"
      else
        code="$("$HEALTH" live "http://127.0.0.1:$(http_port "$i")/v1/sys/health" | sed -n 's/^live: ok: \([0-9]*\).*/\1/p' || true)"
      fi
    fi
    case "$code" in
      200) health="200 active" ;;
      429) health="429 standby" ;;
      501) health="501 uninitialized" ;;
      503) health="503 sealed" ;;
      000 | "") health="no answer"; healthy=0 ;;
      *) health="$code" ;;
    esac
    role="-"
    case "$(gauge strongroom_raft_leader "$metrics")" in
      1) role="leader" ;;
      0) role="follower" ;;
    esac
    if [[ "$(gauge strongroom_raft_listener "$metrics")" == 1 ]]; then
      role="listener"
    fi
    term="$(gauge strongroom_raft_term "$metrics")"
    commit="$(gauge strongroom_raft_commit_index "$metrics")"
    applied="$(gauge strongroom_raft_applied_index "$metrics")"
    commits[i]="$commit"
    applieds[i]="$applied"
    if [[ "$commit" != - ]]; then
      if [[ "$role" == leader ]]; then
        leader_commit="$commit"
      fi
      if [[ -z "$max_commit" ]] || ((commit > max_commit)); then
        max_commit="$commit"
      fi
    fi
    rows[i]="$(printf '%-5s %-9s %-12s %-8s %-8s %-18s %-9s %-5s' "$id" "${REGIONS[$i]}" "${ZONES[$i]}" "$pid" "$process" "$health" "$role" "$term")"
  done
  # Lag: how far a node's applied index trails the leader's commit index (the highest known
  # commit index when there is no leader).
  local reference="${leader_commit:-$max_commit}" lag
  local mode proxy
  mode="$(sed -n 's/^DELAY_PROXY=\(on\|off\)$/\1/p' "$DIR/cluster.env")"
  mode="${mode:-off}"
  if [[ "$mode" == on ]]; then
    proxy="$(proxy_pid)"
    if [[ -n "$proxy" ]]; then
      echo "cluster in $DIR: base port $BASE_PORT, DELAY_PROXY=on (pid $proxy; one way: $(sed -n 's/^  \([a-z-]*\/[a-z-]*\): \([0-9]*\)$/\1 \2 ms/p' "$DIR/delay-proxy.yaml" | paste -sd, - | sed 's/,/, /g'))"
    else
      echo "cluster in $DIR: base port $BASE_PORT, DELAY_PROXY=on but the delay proxy is NOT running: nodes in different regions cannot reach each other"
      healthy=0
    fi
  else
    echo "cluster in $DIR: base port $BASE_PORT, DELAY_PROXY=off (regions are labels: no inter-region delay is simulated)"
  fi
  printf '%-5s %-9s %-12s %-8s %-8s %-18s %-9s %-5s %-7s %-8s %s\n' NODE REGION ZONE PID PROCESS HEALTH ROLE TERM COMMIT APPLIED LAG
  for i in "${!NODES[@]}"; do
    lag="-"
    if [[ -n "$reference" && "${applieds[$i]}" != - ]]; then
      lag=$((reference - applieds[i]))
    fi
    printf '%s %-7s %-8s %s\n' "${rows[$i]}" "${commits[$i]}" "${applieds[$i]}" "$lag"
  done
  if ((!have_curl)); then
    echo "(no curl on PATH: role, term and indexes come from /metrics, which needs curl)"
  fi

  local addresses=()
  for i in "${!NODES[@]}"; do
    [[ -n "$(node_pid "$i")" ]] && addresses+=("127.0.0.1:$(client_port "$i")")
  done
  if [[ ${#addresses[@]} -gt 0 && -f "$DIR/strongroom.jar" ]] && command -v "$JAVA" >/dev/null; then
    local joined
    joined="$(IFS=,; echo "${addresses[*]}")"
    local cli=("$JAVA" -Xmx128m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Djava.io.tmpdir="$DIR/tmp" -jar "$DIR/strongroom.jar")
    local tls_env=()
    if grep -q '^tls:' "$DIR/${NODES[0]}/node.yaml"; then
      tls_env=(STRONGROOM_CACERT="$DIR/tls/ca.pem")
    fi
    echo
    echo "The cluster's view (strongroom status):"
    env "${tls_env[@]}" "${cli[@]}" status --address "$joined" --timeout 5s || healthy=0
    if [[ -n "${STRONGROOM_TOKEN:-}" ]]; then
      echo
      echo "Raft membership (strongroom operator raft list-peers):"
      env "${tls_env[@]}" "${cli[@]}" operator raft list-peers --address "$joined" --timeout 5s || healthy=0
    fi
  fi
  ((healthy)) || return 1
}

# --- main --------------------------------------------------------------------------------------

main() {
  if [[ $# -eq 0 ]]; then
    usage >&2
    exit 2
  fi
  local command="$1"
  shift
  case "$command" in
    up)
      [[ $# -eq 0 ]] || { usage >&2; exit 2; }
      cmd_up
      ;;
    down)
      [[ $# -le 1 ]] || { usage >&2; exit 2; }
      cmd_down "$@"
      ;;
    status)
      [[ $# -eq 0 ]] || { usage >&2; exit 2; }
      cmd_status
      ;;
    help | -h | --help)
      usage
      ;;
    *)
      echo "multi-region: unknown command '$command'" >&2
      usage >&2
      exit 2
      ;;
  esac
}

main "$@"
