#!/usr/bin/env bash
# Scenario 5, memory per idle connection: for each server, one at a time, its RSS and live heap with no connections
# (after a short echo warm-up, so lazily loaded classes are in), then while it holds COUNTS idle WebSocket connections
# (handshake completed, then nothing). Connections come from 127.0.0.2 … 127.0.0.(1 + SOURCES) in turn; each process
# stays under the 20,000 open files allowed here (one generator holding 18,000 connections, the server 18,000 plus
# its own files).
#
#   duplex-benchmarks/run-memory.sh                                   # every WebSocket server, 10,000 and 18,000
#   SERVERS="netty-ws duplex-event-loop" COUNTS="10000 18000" duplex-benchmarks/run-memory.sh
#
# How it measures: RSS is VmRSS of /proc/PID/status. Live heap is the total of `jcmd PID GC.class_histogram`, which
# runs a full GC first and counts only reachable objects. The servers run with JVM_OPTS plus MEMORY_JVM_OPTS
# (default -XX:+AlwaysPreTouch: the whole heap is resident from the start, so RSS growth is memory outside the Java
# heap — direct buffers, native structures — rather than how much of the heap the collector happened to touch).
# The generator reports how many connections completed their handshake; a count is measured only once all of them
# have (and it checks again after the measurement that none was dropped). The histograms at 0 and at the largest
# count are kept, and the classes that grew most are listed: where the memory per connection goes.
#
# Settings (environment): SERVERS (default: every WebSocket server kind of the jar), COUNTS ("10000 18000"),
# SOURCES (8), REFERENCE (netty-ws), JVM_OPTS ("-Xms1g -Xmx1g", as run-load.sh), MEMORY_JVM_OPTS, SERVER_CPU and
# LOAD_CPU (0 and 1), SKIP_BUILD=1, OUT (output folder).
# Output: OUT/memory.txt (one MEMORY line per measurement), OUT/histogram-SERVER-N.txt, OUT/growth-SERVER.txt,
# OUT/server-SERVER.log, OUT/idle-SERVER.log, OUT/memory.md (the tables).
set -euo pipefail
cd "$(dirname "$0")/.."

COUNTS=${COUNTS:-"10000 18000"}
SOURCES=${SOURCES:-8}
REFERENCE=${REFERENCE:-netty-ws}
SERVER_CPU=${SERVER_CPU:-0}
LOAD_CPU=${LOAD_CPU:-1}
JVM_OPTS=${JVM_OPTS:-"-Xms1g -Xmx1g"}
MEMORY_JVM_OPTS=${MEMORY_JVM_OPTS:-"-XX:+AlwaysPreTouch"}
OUT=${OUT:-duplex-benchmarks/target/memory-$(date +%Y%m%d-%H%M%S)}
JAR=duplex-benchmarks/target/duplex-benchmarks.jar

if [ "${SKIP_BUILD:-0}" != 1 ]; then
  mvn -B -q -Pbenchmark-jar -pl duplex-websocket,duplex-benchmarks -am package -DskipTests
fi
SERVERS=${SERVERS:-$(java -jar "$JAR" websocket-servers | tr '\n' ' ')}
JCMD=${JCMD:-$(dirname "$(readlink -f "$(command -v java)")")/jcmd}
[ -x "$JCMD" ] || JCMD=jcmd
for count in $COUNTS; do
  if [ "$count" -ge "$(ulimit -n)" ]; then
    echo "COUNTS: $count connections need more than the $(ulimit -n) open files allowed per process" >&2
    exit 2
  fi
done
mkdir -p "$OUT"
echo "writing to $OUT"

server_pid=
idle_pid=
cleanup() {
  if [ -n "$idle_pid" ] && kill -0 "$idle_pid" 2>/dev/null; then
    kill "$idle_pid"
    wait "$idle_pid" 2>/dev/null || true
  fi
  idle_pid=
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid"
    wait "$server_pid" 2>/dev/null || true
  fi
  server_pid=
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Records the server's RSS, threads and live heap while it holds $2 connections. RSS first: the full GC of the
# histogram allocates native memory of its own (marking stacks) that would count in RSS afterwards.
measure() {
  local server=$1 connections=$2 histogram="$OUT/histogram-$1-$2.txt"
  local heap rss threads
  rss=$(awk '$1 == "VmRSS:" { print $2 }' "/proc/$server_pid/status")
  threads=$(awk '$1 == "Threads:" { print $2 }' "/proc/$server_pid/status")
  "$JCMD" "$server_pid" GC.class_histogram > "$histogram"
  heap=$(awk '$1 == "Total" { print $3 }' "$histogram")
  printf 'MEMORY\tserver=%s\tconnections=%s\trssKiB=%s\theapBytes=%s\tthreads=%s\n' "$server" "$connections" \
      "$rss" "$heap" "$threads" | tee -a "$OUT/memory.txt"
}

# The classes whose live bytes grew most between histograms $1 and $2, per connection ($3 connections).
growth() {
  awk -v n="$3" '
    FNR == 1 { file++ }
    $1 ~ /^[0-9]+:$/ { bytes[$4] += (file == 1 ? -$3 : $3); count[$4] += (file == 1 ? -$2 : $2) }
    END {
      for (c in bytes) if (bytes[c] > 0) printf "%12d bytes %9d instances %8.1f B/conn %6.2f /conn  %s\n",
          bytes[c], count[c], bytes[c] / n, count[c] / n, c
    }' "$1" "$2" | sort -k1,1nr | awk 'NR <= 25'  # not head: under pipefail, sort's SIGPIPE would end the run
}

# Sends a command to the idle-connection holder and sets answer to its one-line answer (not in a subshell: the
# coprocess's pipes are this shell's).
answer=
idle_command() {
  echo "$1" >&"${IDLE[1]}"
  if ! read -r -t 600 answer <&"${IDLE[0]}"; then
    echo "no answer from the connection holder to '$1'; see $OUT/idle-$server.log" >&2
    exit 1
  fi
}

for server in $SERVERS; do
  echo "== $server"
  # shellcheck disable=SC2086
  setsid taskset -c "$SERVER_CPU" java $JVM_OPTS $MEMORY_JVM_OPTS -jar "$JAR" server "$server" \
      >"$OUT/server-$server.log" 2>&1 &
  server_pid=$!
  port=
  for _ in $(seq 1 600); do
    port=$(sed -n 's/^READY .* port=\([0-9]*\)$/\1/p' "$OUT/server-$server.log" 2>/dev/null || true)
    [ -n "$port" ] && break
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.1
  done
  [ -n "$port" ] || { echo "server $server did not start; see $OUT/server-$server.log" >&2; exit 1; }

  # Warm-up: real echoes and a few handshakes, so the classes of a connection's whole life are loaded.
  # shellcheck disable=SC2086
  taskset -c "$LOAD_CPU" java $JVM_OPTS -jar "$JAR" load --port "$port" --connections 4 --warmup 0s \
      --duration 1s >>"$OUT/idle-$server.log" 2>&1
  measure "$server" 0

  # shellcheck disable=SC2086
  coproc IDLE { taskset -c "$LOAD_CPU" java $JVM_OPTS -jar "$JAR" idle --port "$port" \
      --source-addresses "$SOURCES" 2>>"$OUT/idle-$server.log"; }
  idle_pid=$IDLE_PID
  last=0
  for count in $COUNTS; do
    idle_command "open $count"
    echo "   $answer"
    case "$answer" in
      "OPEN open=$count "*) ;;
      *) echo "could not hold $count connections to $server: $answer" >&2; exit 1 ;;
    esac
    measure "$server" "$count"
    idle_command check
    case "$answer" in
      "OPEN open=$count "*) ;;
      *) echo "$server dropped connections while measured: $answer" >&2; exit 1 ;;
    esac
    last=$count
  done
  idle_command close
  echo "   $answer"
  wait "$idle_pid" 2>/dev/null || true
  idle_pid=
  growth "$OUT/histogram-$server-0.txt" "$OUT/histogram-$server-$last.txt" "$last" > "$OUT/growth-$server.txt"
  cleanup
done

{
  echo "## Memory per idle connection ($(date -u +%Y-%m-%d))"
  echo
  echo "- nproc $(nproc); java: $(java -version 2>&1 | head -1); server JVM: $JVM_OPTS $MEMORY_JVM_OPTS"
  echo "- RSS: VmRSS; live heap: total of jcmd GC.class_histogram (after a full GC); per connection: growth since"
  echo "  0 connections (after a warm-up) divided by the connections; connections from $SOURCES source addresses"
  echo
  java -jar "$JAR" memory-report "$OUT/memory.txt" --reference "$REFERENCE"
  echo
  for server in $SERVERS; do
    echo "Classes that grew most in $server (0 → $last connections):"
    echo
    echo '```'
    head -12 "$OUT/growth-$server.txt"
    echo '```'
    echo
  done
} > "$OUT/memory.md"
echo "report: $OUT/memory.md"
