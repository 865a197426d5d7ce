#!/usr/bin/env bash
# End-to-end load benchmark: every server under test runs as its own process on 127.0.0.1, pinned to one core; the
# load generator runs as another process pinned to another core. Runs are interleaved (A B C ... A B C ...), REPS
# times per scenario, and the report gives medians, min-max and ratios to the reference server (raw Netty WebSocket;
# for compression, raw Netty WebSocket behind Netty's compression handler).
#
#   duplex-benchmarks/run-load.sh                       # all scenarios, all servers, 3 repetitions of 5 s (~25 min)
#   DURATION=10 REPS=5 SERVERS="netty-ws duplex-worker" duplex-benchmarks/run-load.sh
#   SCENARIOS="s1-text64-d1" duplex-benchmarks/run-load.sh
#   SCENARIOS="s1-text64-d16-deflate s2-bin16k-d4-deflate s7-text4k-d4-deflate" duplex-benchmarks/run-load.sh
#
# Servers (java -jar duplex-benchmarks.jar server KIND): netty-ws, netty-ws-deflate, duplex-worker, duplex-event-loop,
# jetty, vertx, undertow, raw-tcp; each with one I/O thread per core it may use (one, pinned).
# Compression: scenarios named *-deflate add --deflate: the generator offers permessage-deflate (client without
# context takeover), fails a connection whose server does not agree, and sends every message pre-compressed. They run
# only the servers of SERVERS that are also in DEFLATE_SERVERS (those that agree to permessage-deflate as configured,
# ServerKind.deflate(), checked by LoadGeneratorSmokeTest:
# Duplex in both dispatch modes with its defaults, i.e. compression on and a 256-byte threshold below which it answers
# uncompressed; Netty with its compression handler; Jetty and Vert.x with their defaults; not netty-ws, undertow or
# raw-tcp). Servers named *-deflate run only in those scenarios. Text payloads are JSON-like ASCII (4 KiB deflates
# to about 850 B), binary payloads random bytes (incompressible: the deflate binary scenario measures the cost of trying).
#   SCENARIOS="s3-latency-20k s4-handshakes-c50" duplex-benchmarks/run-load.sh   # latency at a fixed rate; handshakes
#
# s3-latency-Nk (any N, e.g. s3-latency-10k; 20k by default) sends N thousand messages/s on a fixed schedule (open
# loop) and measures latency from when each message was due; s4 measures open-upgrade-close cycles from 50
# concurrent loops, from rotating source addresses 127.0.0.2-17 (raw-tcp is skipped: it has no handshake). Memory per
# idle connection (scenario 5) has its own script: run-memory.sh.
#
# Settings (environment): DURATION and WARMUP in seconds (5, 3), REPS (3), SERVERS, SCENARIOS, REFERENCE (netty-ws),
# DEFLATE_SERVERS, DEFLATE_REFERENCE (netty-ws-deflate: the reference of the *-deflate scenarios),
# SERVER_CPU and LOAD_CPU (cores for taskset: 0 and 1), JVM_OPTS (for every JVM, servers and generator alike),
# SERVER_JVM_OPTS (added to the servers' JVMs, e.g. a JFR recording), SKIP_BUILD=1, OUT (output folder),
# JAVA (the java command for servers and generator; default: java on the PATH), e.g.
#   JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java duplex-benchmarks/run-load.sh   # virtual threads for WORKER
# JAR (the benchmark jar; default: the one built here), e.g. a copy built from another commit for an A/B run.
# Output: OUT/results.txt (one RESULT line per run), OUT/load.log, OUT/server-NAME-N.log, OUT/report.md.
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-5}
WARMUP=${WARMUP:-3}
REPS=${REPS:-3}
SERVERS=${SERVERS:-"netty-ws netty-ws-deflate duplex-worker duplex-event-loop jetty vertx undertow raw-tcp"}
SCENARIOS=${SCENARIOS:-"s1-text64-d1 s1-text64-d16 s2-bin16k-d4 s2-bin1m-d1 s3-latency-20k s4-handshakes-c50
  s7-text4k-d4 s1-text64-d16-deflate s2-bin16k-d4-deflate s7-text4k-d4-deflate"}
REFERENCE=${REFERENCE:-netty-ws}
DEFLATE_SERVERS=${DEFLATE_SERVERS:-"netty-ws-deflate duplex-worker duplex-event-loop jetty vertx"}
DEFLATE_REFERENCE=${DEFLATE_REFERENCE:-netty-ws-deflate}
SERVER_CPU=${SERVER_CPU:-0}
LOAD_CPU=${LOAD_CPU:-1}
JVM_OPTS=${JVM_OPTS:-"-Xms1g -Xmx1g"}
SERVER_JVM_OPTS=${SERVER_JVM_OPTS:-}
JAVA=${JAVA:-java}
OUT=${OUT:-duplex-benchmarks/target/load-$(date +%Y%m%d-%H%M%S)}
JAR=${JAR:-duplex-benchmarks/target/duplex-benchmarks.jar}

# name | generator options | description; NAME-deflate is scenario NAME with --deflate (added by the loop below).
scenario_options() {
  case "${1%-deflate}" in
    s1-text64-d1)  echo "--connections 100 --size 64 --text --depth 1" ;;
    s1-text64-d16) echo "--connections 100 --size 64 --text --depth 16" ;;
    s2-bin16k-d4)  echo "--connections 100 --size 16384 --binary --depth 4" ;;
    s2-bin1m-d1)   echo "--connections 10 --size 1048576 --binary --depth 1" ;;
    s7-text4k-d4)  echo "--connections 100 --size 4096 --text --depth 4" ;;
    s3-latency-*k) local k=${1#s3-latency-}; echo "--connections 100 --size 64 --text --rate ${k%k}000" ;;
    s4-handshakes-c50) echo "--connections 50 --handshakes --source-addresses 16" ;;
    *) echo "unknown scenario $1" >&2; exit 2 ;;
  esac
}
scenario_desc() {
  local compression=""
  if deflate_scenario "$1"; then compression=", permessage-deflate"; fi
  case "${1%-deflate}" in
    s1-text64-d1)  echo "100 connections × 64 B text, 1 in flight$compression" ;;
    s1-text64-d16) echo "100 connections × 64 B text, 16 in flight$compression" ;;
    s2-bin16k-d4)  echo "100 connections × 16 KiB binary, 4 in flight$compression" ;;
    s2-bin1m-d1)   echo "10 connections × 1 MiB binary, 1 in flight$compression" ;;
    s7-text4k-d4)  echo "100 connections × 4 KiB JSON-like text, 4 in flight$compression" ;;
    s3-latency-*k) local k=${1#s3-latency-}
                   echo "100 connections × 64 B text at ${k%k},000 msg/s in total (open loop, latency from when due)" ;;
    s4-handshakes-c50) echo "handshakes: 50 concurrent loops of open, upgrade, close (server closes TCP first)" ;;
  esac
}
deflate_scenario() {
  [[ "$1" == *-deflate ]]
}
# The servers of SERVERS that run scenario $1 (see the header).
scenario_servers() {
  local server
  for server in $SERVERS; do
    if deflate_scenario "$1"; then
      if [[ " $DEFLATE_SERVERS " == *" $server "* ]]; then echo "$server"; fi
    elif [[ "$server" != *-deflate ]]; then
      echo "$server"
    fi
  done
}

if [ "${SKIP_BUILD:-0}" != 1 ]; then
  mvn -B -q -Pbenchmark-jar -pl duplex-websocket,duplex-benchmarks -am package -DskipTests
fi
command -v taskset >/dev/null || { echo "taskset not found (util-linux)" >&2; exit 1; }
mkdir -p "$OUT"
echo "writing to $OUT"
# shellcheck source=duplex-benchmarks/bench-common.sh
source duplex-benchmarks/bench-common.sh
write_machine_txt "servers on core $SERVER_CPU, generator on core $LOAD_CPU; warm-up ${WARMUP}s, measured ${DURATION}s, $REPS repetitions"

# Starts server $1 ($2 numbers its starts, for the log's name); sets server_pid and server_port.
start_server() {
  # shellcheck disable=SC2086
  start_server_process "$1" "$OUT/server-$1-$2.log" $SERVER_JVM_OPTS
}

declare -A starts
for scenario in $SCENARIOS; do
  options=$(scenario_options "$scenario")
  desc=$(scenario_desc "$scenario")
  reference=$REFERENCE
  if deflate_scenario "$scenario"; then
    options="$options --deflate"
    reference=$DEFLATE_REFERENCE
  fi
  servers=$(scenario_servers "$scenario" | tr '\n' ' ')
  if [ -z "$servers" ]; then
    echo "== $scenario: none of SERVERS runs it; skipped" >&2
    continue
  fi
  for rep in $(seq 1 "$REPS"); do
    for server in $servers; do
      # raw-tcp has no handshake to measure.
      [ "$scenario" = s4-handshakes-c50 ] && [ "$server" = raw-tcp ] && continue
      starts[$server]=$(( ${starts[$server]:-0} + 1 ))
      start_server "$server" "${starts[$server]}"
      raw=""
      [ "$server" = raw-tcp ] && raw="--raw"
      echo "== $scenario rep $rep: $server (pid $server_pid, port $server_port)"
      # shellcheck disable=SC2086
      setsid taskset -c "$LOAD_CPU" "$JAVA" $JVM_OPTS -jar "$JAR" load --port "$server_port" --server-pid "$server_pid" \
          $options $raw --warmup "${WARMUP}s" --duration "${DURATION}s" \
          --tag "scenario=$scenario" --tag "server=$server" --tag "rep=$rep" --tag "desc=$desc" \
          --tag "reference=$reference" \
          --tag "loadavg=$(cut -d' ' -f1 /proc/loadavg)" --tag "cpuPressure=$(cpu_pressure)" \
          > "$OUT/last-run.log" 2>&1 || true
      cat "$OUT/last-run.log" >> "$OUT/load.log"
      grep '^{' "$OUT/last-run.log" || tail -3 "$OUT/last-run.log"
      grep '^RESULT' "$OUT/last-run.log" >> "$OUT/results.txt" || true
      stop_server
    done
  done
done

echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$OUT/machine.txt"
{
  echo "## Load results ($(date -u +%Y-%m-%d))"
  echo
  sed 's/^/- /' "$OUT/machine.txt"
  echo
  echo "Medians over $REPS interleaved repetitions, min–max in brackets; × REF is the median divided by the"
  echo "reference server's median in the same run ($REFERENCE; $DEFLATE_REFERENCE for the permessage-deflate"
  echo "scenarios; above 1 is more throughput, or more latency/CPU)."
  echo
  "$JAVA" -jar "$JAR" report "$OUT/results.txt" --reference "$REFERENCE"
} > "$OUT/report.md"
echo "report: $OUT/report.md"
