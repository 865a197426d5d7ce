#!/usr/bin/env bash
# Client benchmark (issue 9, scenario 6): Duplex's Client against the JDK's java.net.http.WebSocket, OkHttp and
# Netty's WebSocket client, all running the same echo loop (one message in flight per connection: each echo sends
# the next) against one fixed server, the raw Netty echo (netty-ws). The server runs as its own process pinned to one
# core; each client runs as its own process pinned to the other core. Runs are interleaved (A B C ... A B C ...),
# REPS times per scenario; the report gives medians, min-max and ratios to the best peer client of the same run, for
# messages per second and for the client process's CPU time per message (the figure least affected by the server
# being the bottleneck). The target of issue 9 is 1.2x the best peer.
#
#   duplex-benchmarks/run-client.sh                                    # everything: 3 repetitions of 5 s
#   DURATION=10 REPS=5 CLIENTS="duplex-sync netty" duplex-benchmarks/run-client.sh
#   JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java duplex-benchmarks/run-client.sh   # adds duplex-sync-vt
#
# Settings (environment): DURATION and WARMUP in seconds (5, 3), REPS (3), CLIENTS, SCENARIOS, SERVER (netty-ws),
# SERVER_CPU and CLIENT_CPU (cores for taskset: 0 and 1), JAVA (the java command for every JVM), JVM_OPTS (for every
# JVM), CLIENT_JVM_OPTS (added to the clients' JVMs, e.g. a JFR recording), SKIP_BUILD=1, OUT (output folder).
# Output: OUT/results.txt (one RESULT line per run), OUT/client.log, OUT/server-N.log, OUT/report.md.
set -euo pipefail
cd "$(dirname "$0")/.."

JAVA=${JAVA:-java}
DURATION=${DURATION:-5}
WARMUP=${WARMUP:-3}
REPS=${REPS:-3}
if [ -z "${CLIENTS:-}" ]; then
  CLIENTS="duplex-sync duplex-sync-retry duplex-push duplex-push-loop jdk okhttp netty netty-blocking"
  # Virtual threads for the synchronous client where the JVM has them.
  if [ "$("$JAVA" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')" -ge 21 ]; then
    CLIENTS="duplex-sync duplex-sync-retry duplex-sync-vt duplex-push duplex-push-loop jdk okhttp netty netty-blocking"
  fi
fi
SCENARIOS=${SCENARIOS:-"c1-text64-c10 c1-text64-c100 c2-bin16k-c10"}
SERVER=${SERVER:-netty-ws}
SERVER_CPU=${SERVER_CPU:-0}
CLIENT_CPU=${CLIENT_CPU:-1}
JVM_OPTS=${JVM_OPTS:-"-Xms1g -Xmx1g"}
CLIENT_JVM_OPTS=${CLIENT_JVM_OPTS:-}
OUT=${OUT:-duplex-benchmarks/target/client-$(date +%Y%m%d-%H%M%S)}
JAR=duplex-benchmarks/target/duplex-benchmarks.jar

# name | client-load options | description
scenario_options() {
  case "$1" in
    c1-text64-c10)  echo "--connections 10 --size 64 --text" ;;
    c1-text64-c100) echo "--connections 100 --size 64 --text" ;;
    c2-bin16k-c10)  echo "--connections 10 --size 16384 --binary" ;;
    *) echo "unknown scenario $1" >&2; exit 2 ;;
  esac
}
scenario_desc() {
  case "$1" in
    c1-text64-c10)  echo "10 connections × 64 B text, 1 in flight" ;;
    c1-text64-c100) echo "100 connections × 64 B text, 1 in flight" ;;
    c2-bin16k-c10)  echo "10 connections × 16 KiB binary, 1 in flight" ;;
  esac
}

if [ "${SKIP_BUILD:-0}" != 1 ]; then
  mvn -B -q -Pbenchmark-jar -pl duplex-websocket,duplex-benchmarks -am package -DskipTests
fi
command -v taskset >/dev/null || { echo "taskset not found (util-linux)" >&2; exit 1; }
mkdir -p "$OUT"
echo "writing to $OUT"
# shellcheck source=duplex-benchmarks/bench-common.sh
source duplex-benchmarks/bench-common.sh
write_machine_txt "server $SERVER on core $SERVER_CPU, clients on core $CLIENT_CPU; warm-up ${WARMUP}s, measured ${DURATION}s, $REPS repetitions"

# A fresh server per client run, so no client inherits another's leftovers (connections, JIT state of the server's
# paths).
starts=0
start_server() {
  starts=$((starts + 1))
  start_server_process "$SERVER" "$OUT/server-$starts.log"
}

for scenario in $SCENARIOS; do
  options=$(scenario_options "$scenario")
  desc=$(scenario_desc "$scenario")
  for rep in $(seq 1 "$REPS"); do
    for client in $CLIENTS; do
      start_server
      echo "== $scenario rep $rep: $client (server pid $server_pid, port $server_port)"
      # shellcheck disable=SC2086
      setsid taskset -c "$CLIENT_CPU" "$JAVA" $JVM_OPTS $CLIENT_JVM_OPTS -jar "$JAR" client-load --client "$client" \
          --port "$server_port" --server-pid "$server_pid" $options \
          --warmup "${WARMUP}s" --duration "${DURATION}s" \
          --tag "scenario=$scenario" --tag "rep=$rep" --tag "desc=$desc" \
          --tag "loadavg=$(cut -d' ' -f1 /proc/loadavg)" --tag "cpuPressure=$(cpu_pressure)" \
          > "$OUT/last-run.log" 2>&1 || true
      cat "$OUT/last-run.log" >> "$OUT/client.log"
      grep '^{' "$OUT/last-run.log" || tail -3 "$OUT/last-run.log"
      grep '^RESULT' "$OUT/last-run.log" >> "$OUT/results.txt" || true
      stop_server
    done
  done
done

echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$OUT/machine.txt"
{
  echo "## Client results ($(date -u +%Y-%m-%d))"
  echo
  sed 's/^/- /' "$OUT/machine.txt"
  echo
  echo "Medians over $REPS interleaved repetitions, min–max in brackets. × best peer: the median divided by the best"
  echo "peer's median in the same run (JDK, OkHttp, Netty: most msg/s, or least client CPU per message)."
  echo "Client CPU is the client process's whole CPU time (every thread, JIT and GC included) over the window."
  echo "duplex-sync: synchronous Client, one platform thread per connection; duplex-sync-retry: the same with a"
  echo "retryConfig (each write then waits until written to the socket); duplex-sync-vt: the same on virtual"
  echo "threads; duplex-push: push client, service methods on workers (the workers tag says virtual or platform);"
  echo "duplex-push-loop: push client, service methods on the event loop; netty-blocking: Netty's client behind a"
  echo "blocking API (a platform thread per connection writes, then takes the echo from a queue the handler fills)."
  echo
  "$JAVA" -jar "$JAR" client-report "$OUT/results.txt"
} > "$OUT/report.md"
echo "report: $OUT/report.md"
