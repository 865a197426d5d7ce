#!/usr/bin/env bash
# Local fan-out benchmark: one publisher, SUBSCRIBERS WebSocket subscribers (10,000 by default), 64-byte text
# messages. Each fan-out server runs as its own process on 127.0.0.1 pinned to one core; the generator runs as
# another process pinned to another core, opens the subscribers (from rotating source addresses 127.0.0.2-17) and a
# control connection, and has the server publish a warm-up batch, then the measured batch, back to back (RATE=0) or
# at RATE messages/s. It measures at the subscribers: deliveries per second (first publish to last delivery) and, per
# message, the time until the last member had it (max over members of receive time - publish time; p50/p99 over the
# messages). Runs are interleaved (A B A B ...), REPS times per scenario; the report gives medians, min-max and
# ratios to the reference server (netty-fanout) in the same run.
#
#   duplex-benchmarks/run-fanout.sh                          # all three scenarios, all servers, 3 reps
#   SCENARIOS=fanout-reading MESSAGES=100 REPS=1 duplex-benchmarks/run-fanout.sh      # a quick look (~2 min)
#   SCENARIOS="fanout-paced-20" duplex-benchmarks/run-fanout.sh                       # latency at 20 msg/s
#   SCENARIOS="isolation-reading isolation-stalled" STALLED_PERCENT=1 duplex-benchmarks/run-fanout.sh
#
# Servers (java -jar duplex-benchmarks.jar server KIND):
#   netty-fanout        raw Netty 4.2, one shared TextWebSocketFrame written to a ChannelGroup (the reference);
#   netty-fanout-consolidated  the same with Netty's FlushConsolidationHandler in every subscriber's pipeline
#                       (back to back, the reference writes every message to every member on its own);
#   duplex-caller-loop  Duplex today: the application's own set of Callers, a loop of writeTextMessage.
#   duplex-group        Duplex's Group#broadcastText: every subscriber joins one group; each message is encoded once.
#
# Scenarios:
#   fanout-reading     SUBSCRIBERS x MESSAGES (10,000 x 200), every subscriber reads;
#   fanout-paced-N     the same at N messages/s (overrides RATE);
#   isolation-reading  ISOLATION_SUBSCRIBERS x ISOLATION_MESSAGES (100 x 70,000) at ISOLATION_RATE (2,000 msg/s),
#                      every subscriber reads;
#   isolation-stalled  the same with STALLED_PERCENT % (1) of the subscribers not reading after their upgrade (auto-read
#                      off, 4 KiB receive buffer); the figures are the others'; the report adds each server's
#                      deliveries/s as a ratio to its own isolation-reading median: the isolation figure.
# Why the isolation scenarios have their own size: a member that stops reading holds nobody back until the server's
# kernel send buffer for it is full, and Linux grows that buffer up to net.ipv4.tcp_wmem's maximum (4 MiB by
# default: about 60,000 messages of 64 B) before any library's own buffer fills. At 10,000 subscribers that would be
# 600 million deliveries per run; 100 subscribers x 70,000 messages is 7 million. Paced, so that a server whose
# publisher never waits (a group dropping a member's copies past its budget) is not measured dropping copies for
# members that read but were outrun. A batch that does not reach every reading subscriber within TIMEOUT ends the
# run: delivered % shows how much did.
# The generator needs a file descriptor per subscriber, and so does the server: the script raises its soft limit
# (ulimit -n) to the hard limit and stops if that is not enough.
#
# Settings (environment): SUBSCRIBERS (10000), MESSAGES (200), WARMUP_MESSAGES (50), RATE (0 = back to back),
# ISOLATION_SUBSCRIBERS (100), ISOLATION_MESSAGES (70000), ISOLATION_RATE (2000), STALLED_PERCENT (1),
# SCENARIOS ("fanout-reading isolation-reading isolation-stalled"), SERVERS, REFERENCE (netty-fanout), REPS (3),
# TIMEOUT (90s: how long a batch may take to reach every reading subscriber), SOURCE_ADDRESSES (16), SERVER_CPU and
# LOAD_CPU (cores for taskset: 0 and 1), JVM_OPTS (every JVM), SERVER_JVM_OPTS, JAVA, JAR, OUT, SKIP_BUILD=1.
# Output: OUT/results.txt (one RESULT line per run), OUT/fanout.log, OUT/server-NAME-N.log, OUT/report.md.
set -euo pipefail
cd "$(dirname "$0")/.."

SUBSCRIBERS=${SUBSCRIBERS:-10000}
MESSAGES=${MESSAGES:-200}
WARMUP_MESSAGES=${WARMUP_MESSAGES:-50}
RATE=${RATE:-0}
ISOLATION_SUBSCRIBERS=${ISOLATION_SUBSCRIBERS:-100}
ISOLATION_MESSAGES=${ISOLATION_MESSAGES:-70000}
ISOLATION_RATE=${ISOLATION_RATE:-2000}
STALLED_PERCENT=${STALLED_PERCENT:-1}
SCENARIOS=${SCENARIOS:-"fanout-reading isolation-reading isolation-stalled"}
SERVERS=${SERVERS:-"netty-fanout netty-fanout-consolidated duplex-caller-loop duplex-group"}
REFERENCE=${REFERENCE:-netty-fanout}
REPS=${REPS:-3}
TIMEOUT=${TIMEOUT:-90s}
SOURCE_ADDRESSES=${SOURCE_ADDRESSES:-16}
SERVER_CPU=${SERVER_CPU:-0}
LOAD_CPU=${LOAD_CPU:-1}
JVM_OPTS=${JVM_OPTS:-"-Xms1g -Xmx1g"}
SERVER_JVM_OPTS=${SERVER_JVM_OPTS:-}
JAVA=${JAVA:-java}
OUT=${OUT:-duplex-benchmarks/target/fanout-$(date +%Y%m%d-%H%M%S)}
JAR=${JAR:-duplex-benchmarks/target/duplex-benchmarks.jar}

# Generator options of scenario $1: size, rate, stalled share.
scenario_options() {
  local fanout="--subscribers $SUBSCRIBERS --messages $MESSAGES"
  local isolation="--subscribers $ISOLATION_SUBSCRIBERS --messages $ISOLATION_MESSAGES --rate $ISOLATION_RATE"
  case "$1" in
    fanout-reading)    echo "$fanout --rate $RATE" ;;
    fanout-paced-*)    echo "$fanout --rate ${1#fanout-paced-}" ;;
    isolation-reading) echo "$isolation" ;;
    isolation-stalled) echo "$isolation --stalled-percent $STALLED_PERCENT --tag baseline=isolation-reading" ;;
    *) echo "unknown scenario $1" >&2; exit 2 ;;
  esac
}
scenario_desc() {
  local pace="back to back"
  [ "$RATE" != 0 ] && pace="at $RATE msg/s"
  case "$1" in
    fanout-reading)    echo "$SUBSCRIBERS subscribers × $MESSAGES messages of 64 B, $pace" ;;
    fanout-paced-*)    echo "$SUBSCRIBERS subscribers × $MESSAGES messages of 64 B at ${1#fanout-paced-} msg/s" ;;
    isolation-reading) echo "$ISOLATION_SUBSCRIBERS subscribers × $ISOLATION_MESSAGES messages of 64 B at $ISOLATION_RATE msg/s" ;;
    isolation-stalled) echo "$ISOLATION_SUBSCRIBERS subscribers, $STALLED_PERCENT % of them not reading," \
                            "× $ISOLATION_MESSAGES messages of 64 B at $ISOLATION_RATE msg/s" ;;
  esac
}

# Descriptors: every subscriber is a socket in the generator and in the server.
needed=$((SUBSCRIBERS + 200))
if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt "$needed" ]; then
  ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
  if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt "$needed" ]; then
    echo "ulimit -n is $(ulimit -n), $SUBSCRIBERS subscribers need $needed (raise the hard limit)" >&2
    exit 1
  fi
fi

if [ "${SKIP_BUILD:-0}" != 1 ]; then
  mvn -B -q -Pbenchmark-jar -pl duplex-websocket,duplex-benchmarks -am package -DskipTests
fi
command -v taskset >/dev/null || { echo "taskset not found (util-linux)" >&2; exit 1; }
mkdir -p "$OUT"
echo "writing to $OUT"
# shellcheck source=duplex-benchmarks/bench-common.sh
source duplex-benchmarks/bench-common.sh
write_machine_txt "servers on core $SERVER_CPU, generator on core $LOAD_CPU; warm-up batch $WARMUP_MESSAGES messages; $REPS repetitions; ulimit -n $(ulimit -n); net.ipv4.tcp_wmem $(tr '\t' ' ' < /proc/sys/net/ipv4/tcp_wmem)"

declare -A starts
for scenario in $SCENARIOS; do
  options=$(scenario_options "$scenario")
  desc=$(scenario_desc "$scenario")
  for rep in $(seq 1 "$REPS"); do
    for server in $SERVERS; do
      starts[$server]=$(( ${starts[$server]:-0} + 1 ))
      # shellcheck disable=SC2086
      start_server_process "$server" "$OUT/server-$server-${starts[$server]}.log" $SERVER_JVM_OPTS
      echo "== $scenario rep $rep: $server (pid $server_pid, port $server_port)"
      # shellcheck disable=SC2086
      setsid taskset -c "$LOAD_CPU" "$JAVA" $JVM_OPTS -jar "$JAR" fanout --port "$server_port" \
          --server-pid "$server_pid" --warmup-messages "$WARMUP_MESSAGES" --source-addresses "$SOURCE_ADDRESSES" \
          --timeout "$TIMEOUT" $options --tag "scenario=$scenario" --tag "server=$server" --tag "rep=$rep" --tag "desc=$desc" \
          --tag "loadavg=$(cut -d' ' -f1 /proc/loadavg)" --tag "cpuPressure=$(cpu_pressure)" \
          > "$OUT/last-run.log" 2>&1 || true
      cat "$OUT/last-run.log" >> "$OUT/fanout.log"
      grep -v '^RESULT' "$OUT/last-run.log" | tail -3
      grep '^RESULT' "$OUT/last-run.log" >> "$OUT/results.txt" || true
      stop_server
    done
  done
done

echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$OUT/machine.txt"
{
  echo "## Fan-out results ($(date -u +%Y-%m-%d))"
  echo
  sed 's/^/- /' "$OUT/machine.txt"
  echo
  echo "Medians over $REPS interleaved repetitions, min–max in brackets; × $REFERENCE is the median divided by the"
  echo "reference server's median in the same run. Last member: per message, the time from its publish to its"
  echo "arrival at the last reading subscriber. Delivered %: deliveries at the reading subscribers over what they"
  echo "should have received within TIMEOUT=$TIMEOUT."
  echo
  [ -f "$OUT/results.txt" ] && "$JAVA" -jar "$JAR" fanout-report "$OUT/results.txt" --reference "$REFERENCE"
} > "$OUT/report.md"
echo "report: $OUT/report.md"
