#!/usr/bin/env bash
# Cluster benchmark (issue 14): 1, 2 and 3 Duplex nodes, each its own JVM pinned with taskset, share one redis-server
# that this script starts on a free port of 127.0.0.1 without persistence. Subscribers are spread round-robin over the
# nodes and all join one group (without history); one publisher, connected to the first node, broadcasts to it at a
# fixed rate (open loop). Per run: deliveries per second (measured deliveries that arrived in the measured window),
# p50/p99/max publish-to-delivery latency (from when each message was due; publisher and subscribers share one
# process, so one clock), lost deliveries, Redis CPU per published message and the nodes' CPU per delivery (utime +
# stime of /proc/PID/stat over the window and the drain; Redis's also net of its idle CPU, and the time it spent inside
# PUBLISH from INFO commandstats). Then memory per group membership: live heap of every node
# (total of `jcmd PID GC.class_histogram`, which runs a full GC first, as run-memory.sh) and Redis's used_memory,
# with CONNECTIONS idle connections in no group, then with each of them in MEMBERSHIP_GROUPS groups.
#
#   duplex-benchmarks/run-cluster.sh                                    # 1, 2, 3 nodes, 3 repetitions, then memory
#   NODE_COUNTS="1 2" REPS=1 SUBSCRIBERS=300 RATE=100 WARMUP=2 DURATION=4 MEMORY=0 duplex-benchmarks/run-cluster.sh
#   NODE_COUNTS= MEMORY_NODES=2 CONNECTIONS=2000 MEMBERSHIP_GROUPS=10 duplex-benchmarks/run-cluster.sh   # memory only
#
# Runs are interleaved (1 2 3 nodes, 1 2 3 nodes ...). Cores: node i runs on the i-th core of NODE_CPUS (in turn when
# there are more nodes than cores), the load on LOAD_CPU, redis-server on REDIS_CPU. On a 2-core machine the defaults
# put every node on core 0 and the load with Redis on core 1, so more nodes share one core: the figures then show
# the cost the broker adds, not how far more machines would scale. Give each process its own core where there are
# enough (e.g. NODE_CPUS="0 1 2" REDIS_CPU=3 LOAD_CPU=4).
#
# Settings (environment): NODE_COUNTS ("1 2 3"), REPS (3), SUBSCRIBERS (1000), RATE (published messages/s: 100),
# SIZE (message characters: 64), WARMUP and DURATION in seconds (3, 5), NODE_CPUS ("0"), LOAD_CPU (1), REDIS_CPU (1),
# JVM_OPTS (every JVM: "-Xms512m -Xmx512m"), NODE_JVM_OPTS (added to the nodes' JVMs), MEMORY (1: measure memory),
# MEMORY_NODES (1), CONNECTIONS (2000), MEMBERSHIP_GROUPS (groups per connection: 5), SKIP_BUILD=1, OUT (output
# folder), JAVA, JAR, REDIS_SERVER (the redis-server command; default: the one on the PATH, else in /usr/bin or
# /usr/sbin).
# Output: OUT/results.txt (one RESULT line per run), OUT/memory.txt (MEMORY lines), OUT/node-N-R.log, OUT/load.log,
# OUT/redis/redis.log, OUT/histogram-*.txt, OUT/commandstats-N-nodes-repR.txt, OUT/report.md.
set -euo pipefail
cd "$(dirname "$0")/.."

NODE_COUNTS=${NODE_COUNTS-"1 2 3"}
REPS=${REPS:-3}
SUBSCRIBERS=${SUBSCRIBERS:-1000}
RATE=${RATE:-100}
SIZE=${SIZE:-64}
WARMUP=${WARMUP:-3}
DURATION=${DURATION:-5}
NODE_CPUS=${NODE_CPUS:-0}
LOAD_CPU=${LOAD_CPU:-1}
REDIS_CPU=${REDIS_CPU:-1}
JVM_OPTS=${JVM_OPTS:-"-Xms512m -Xmx512m"}
NODE_JVM_OPTS=${NODE_JVM_OPTS:-}
MEMORY=${MEMORY:-1}
MEMORY_NODES=${MEMORY_NODES:-1}
CONNECTIONS=${CONNECTIONS:-2000}
MEMBERSHIP_GROUPS=${MEMBERSHIP_GROUPS:-5}
JAVA=${JAVA:-java}
OUT=${OUT:-duplex-benchmarks/target/cluster-$(date +%Y%m%d-%H%M%S)}
JAR=${JAR:-duplex-benchmarks/target/duplex-benchmarks.jar}
REDIS_SERVER=${REDIS_SERVER:-$(command -v redis-server || ls /usr/bin/redis-server /usr/sbin/redis-server 2>/dev/null \
    | head -1 || true)}
[ -n "$REDIS_SERVER" ] || { echo "redis-server not found; .ci/install-test-tools installs it" >&2; exit 1; }
command -v taskset >/dev/null || { echo "taskset not found (util-linux)" >&2; exit 1; }

if [ "${SKIP_BUILD:-0}" != 1 ]; then
  mvn -B -q -Pbenchmark-jar -pl duplex-websocket,duplex-websocket-redis,duplex-benchmarks -am package -DskipTests
fi
JCMD=${JCMD:-$(dirname "$(readlink -f "$(command -v "$JAVA")")")/jcmd}
[ -x "$JCMD" ] || JCMD=jcmd
mkdir -p "$OUT/redis"
echo "writing to $OUT"
read -r -a node_cpus <<< "$NODE_CPUS"

redis_pid=
holder_pid=
node_pids=()
node_ports=()
stop_nodes() {
  local pid
  for pid in "${node_pids[@]}"; do
    if kill -0 "$pid" 2>/dev/null; then kill "$pid"; wait "$pid" 2>/dev/null || true; fi
  done
  node_pids=()
  node_ports=()
}
cleanup() {
  if [ -n "$holder_pid" ] && kill -0 "$holder_pid" 2>/dev/null; then kill "$holder_pid"; fi
  stop_nodes
  if [ -n "$redis_pid" ] && kill -0 "$redis_pid" 2>/dev/null; then kill "$redis_pid"; wait "$redis_pid" || true; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Sends one inline command to Redis and prints the reply's lines (a bulk reply's body included).
redis_command() {
  local reply line
  exec 3<>"/dev/tcp/127.0.0.1/$redis_port"
  printf '%s\r\n' "$1" >&3
  IFS= read -r -t 2 reply <&3 || { exec 3<&-; return 1; }
  if [[ "$reply" == \$* ]]; then
    while IFS= read -r -t 0.2 line <&3; do printf '%s\n' "${line%$'\r'}"; done
  else
    printf '%s\n' "${reply%$'\r'}"
  fi
  exec 3<&-
}

# A port of 127.0.0.1 nothing listens on (checked by connecting), then redis-server on it, pinned, no persistence.
start_redis() {
  local port
  for _ in $(seq 1 50); do
    port=$(( 20000 + RANDOM % 30000 ))
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || break
  done
  redis_port=$port
  setsid taskset -c "$REDIS_CPU" "$REDIS_SERVER" --port "$redis_port" --bind 127.0.0.1 --save "" \
      --appendonly no --dir "$OUT/redis" >"$OUT/redis/redis.log" 2>&1 &
  redis_pid=$!
  for _ in $(seq 1 150); do
    [ "$(redis_command PING 2>/dev/null || true)" = "+PONG" ] && return 0
    kill -0 "$redis_pid" 2>/dev/null || break
    sleep 0.1
  done
  echo "redis-server did not start; see $OUT/redis/redis.log" >&2
  exit 1
}

# start_nodes COUNT RUN: COUNT node JVMs, node i on core node_cpus[i % cores]; fills node_pids and node_ports.
start_nodes() {
  local count=$1 run=$2 i log port pid
  for i in $(seq 0 $(( count - 1 ))); do
    log="$OUT/node-$(( i + 1 ))-$run.log"
    # shellcheck disable=SC2086
    setsid taskset -c "${node_cpus[$(( i % ${#node_cpus[@]} ))]}" "$JAVA" $JVM_OPTS $NODE_JVM_OPTS -jar "$JAR" \
        cluster node --redis "redis://127.0.0.1:$redis_port" --node-id "node-$(( i + 1 ))" >"$log" 2>&1 &
    pid=$!
    node_pids+=("$pid")
    port=
    for _ in $(seq 1 600); do
      port=$(sed -n 's/^READY .* port=\([0-9]*\)$/\1/p' "$log" 2>/dev/null || true)
      [ -n "$port" ] && break
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    [ -n "$port" ] || { echo "node $(( i + 1 )) did not start; see $log" >&2; exit 1; }
    node_ports+=("$port")
  done
}

joined() { local IFS=,; echo "$*"; }

# run_load RUN [load options...]: one cluster load against the running nodes; its RESULT line goes to results.txt.
run_load() {
  local run=$1
  shift
  # shellcheck disable=SC2086
  setsid taskset -c "$LOAD_CPU" "$JAVA" $JVM_OPTS -jar "$JAR" cluster load --ports "$(joined "${node_ports[@]}")" \
      --redis-pid "$redis_pid" --node-pids "$(joined "${node_pids[@]}")" "$@" > "$OUT/last-run.log" 2>&1 || true
  cat "$OUT/last-run.log" >> "$OUT/load.log"
  grep '^RESULT' "$OUT/last-run.log" || { tail -5 "$OUT/last-run.log"; return 0; }
  [ "$run" = memory-warmup ] || grep '^RESULT' "$OUT/last-run.log" >> "$OUT/results.txt"
}

# Keeps Redis's INFO commandstats of the run (since CONFIG RESETSTAT before it) and adds the time Redis spent inside
# one PUBLISH, on average, to the run's RESULT line: the command itself, without the wake-ups and system calls that
# the process's CPU time also holds.
record_commandstats() {
  local stats="$OUT/commandstats-$1-nodes-rep$2.txt" micros
  redis_command "INFO commandstats" > "$stats"
  grep -q "^RESULT" "$OUT/last-run.log" || return 0
  micros=$(sed -n 's/^cmdstat_publish:.*usec_per_call=\([0-9.]*\).*/\1/p' "$stats")
  sed -i '$ s/$/\tredisPublishMicrosPerCall='"${micros:-n\/a}"'/' "$OUT/results.txt"
}

start_redis
{
  echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "nproc: $(nproc); cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')"
  echo "java: $("$JAVA" -version 2>&1 | head -1); redis: $("$REDIS_SERVER" --version | head -1)"
  echo "nodes on cores ($NODE_CPUS) in turn, load on core $LOAD_CPU, redis-server on core $REDIS_CPU"
  echo "JVM_OPTS: $JVM_OPTS"
  echo "$SUBSCRIBERS subscribers, $RATE messages/s of $SIZE characters"
  echo "warm-up ${WARMUP}s, measured ${DURATION}s, $REPS repetitions"
  echo "load average at start (other processes on this machine): $(cut -d' ' -f1-3 /proc/loadavg)"
} > "$OUT/machine.txt"

run=0
for rep in $(seq 1 "$REPS"); do
  for nodes in $NODE_COUNTS; do
    run=$(( run + 1 ))
    start_nodes "$nodes" "$run"
    echo "== $nodes node(s), rep $rep: ports ${node_ports[*]}, redis port $redis_port"
    redis_command "CONFIG RESETSTAT" >/dev/null
    run_load "$run" --subscribers "$SUBSCRIBERS" --rate "$RATE" --size "$SIZE" --warmup "${WARMUP}s" \
        --duration "${DURATION}s" --tag "rep=$rep" --tag "rate=$RATE" --tag "loadavg=$(cut -d' ' -f1 /proc/loadavg)"
    record_commandstats "$nodes" "$rep"
    stop_nodes
  done
done

# The live heap of node $1 (histogram kept as histogram-$2.txt).
node_heap() {
  "$JCMD" "${node_pids[$1]}" GC.class_histogram > "$OUT/histogram-$2.txt"
  awk '$1 == "Total" { print $3 }' "$OUT/histogram-$2.txt"
}
# One MEMORY line: every node's live heap summed, and Redis's used_memory, at $1 memberships.
measure_memory() {
  local heap=0 i used
  for i in "${!node_pids[@]}"; do
    heap=$(( heap + $(node_heap "$i" "node$(( i + 1 ))-$1") ))
  done
  used=$(redis_command "INFO memory" | sed -n 's/^used_memory:\([0-9]*\).*/\1/p')
  printf 'MEMORY\tnodes=%s\tconnections=%s\tmemberships=%s\theapBytes=%s\tredisUsedBytes=%s\n' "${#node_pids[@]}" \
      "$CONNECTIONS" "$1" "$heap" "$used" | tee -a "$OUT/memory.txt"
}
holder_command() {
  echo "$1" >&"${HOLD[1]}"
  read -r -t 600 answer <&"${HOLD[0]}" || { echo "no answer from the holder to '$1'" >&2; exit 1; }
  echo "   $answer"
}

if [ "$MEMORY" = 1 ]; then
  echo "== memory: $MEMORY_NODES node(s), $CONNECTIONS connections, $MEMBERSHIP_GROUPS groups each"
  start_nodes "$MEMORY_NODES" memory
  # Warm-up: a short run, so the classes of joining and broadcasting are loaded before the first histogram.
  run_load memory-warmup --subscribers 20 --rate 100 --warmup 1s --duration 1s --tag phase=warmup >/dev/null
  coproc HOLD { taskset -c "$LOAD_CPU" "$JAVA" $JVM_OPTS -jar "$JAR" cluster hold \
      --ports "$(joined "${node_ports[@]}")" 2>>"$OUT/hold.log"; }
  holder_pid=$HOLD_PID
  holder_command "open $CONNECTIONS"
  measure_memory 0
  holder_command "join $MEMBERSHIP_GROUPS"
  measure_memory $(( CONNECTIONS * MEMBERSHIP_GROUPS ))
  holder_command close
  wait "$holder_pid" 2>/dev/null || true
  holder_pid=
  stop_nodes
fi

echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$OUT/machine.txt"
{
  echo "## Cluster results ($(date -u +%Y-%m-%d))"
  echo
  sed 's/^/- /' "$OUT/machine.txt"
  echo
  echo "Redis CPU per message: gross, and net of its idle CPU (idle %: measured before publishing); in PUBLISH:"
  echo "Redis's own time inside one PUBLISH command on average (INFO commandstats)."
  echo
  header="| nodes | rep | deliveries/s | lost | p50 µs | p99 µs | max µs | Redis µs/msg | net | idle %"
  echo "$header | in PUBLISH µs | nodes' CPU µs/delivery |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|---|"
  [ -f "$OUT/results.txt" ] && awk -F'\t' '{
      for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = substr($i, length(kv[1]) + 2) }
      printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", v["nodes"], v["rep"],
          v["deliveriesPerSec"], v["lost"], v["p50Micros"], v["p99Micros"], v["maxMicros"],
          v["redisCpuMicrosPerMsg"], v["redisNetCpuMicrosPerMsg"], v["redisIdleCpuPct"],
          v["redisPublishMicrosPerCall"], v["nodesCpuMicrosPerDelivery"] }' "$OUT/results.txt"
  if [ -f "$OUT/memory.txt" ]; then
    echo
    awk -F'\t' '{ for (i = 2; i <= NF; i++) { split($i, kv, "="); v[NR, kv[1]] = kv[2] } }
      END { m = v[2, "memberships"]
        if (m > 0) printf "Per group membership (%d memberships of %s connections on %s node(s)): " \
          "%.0f B of node heap, %.0f B in Redis\n", m, v[2, "connections"], v[2, "nodes"],
          (v[2, "heapBytes"] - v[1, "heapBytes"]) / m,
          (v[2, "redisUsedBytes"] - v[1, "redisUsedBytes"]) / m }' "$OUT/memory.txt"
  fi
} > "$OUT/report.md"
echo "report: $OUT/report.md"
