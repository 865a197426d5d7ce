#!/usr/bin/env bash
# Every benchmark behind docs/performance.md, one after another, on a machine that should otherwise be idle
# (about an hour on 2 cores):
#   1. the server load benchmark (run-load.sh) on the newest JDK — virtual threads for DispatchMode.WORKER — with every
#      peer, scenarios 1-4 and the compression scenarios;
#   2. Netty and Duplex on JDK 17 (a platform-thread pool for WORKER), 64 B × 16 in flight and 1 MiB;
#   3. memory per idle connection (run-memory.sh, scenario 5) on the newest JDK;
#   4. the client benchmark (run-client.sh, scenario 6) on the newest JDK;
#   5. the JMH micro-benchmarks that carry allocation figures, with JMH's GC profiler, on the newest JDK;
#   6. only when PARTS names it: the fan-out benchmark (run-fanout.sh: 10,000 subscribers, isolation), newest JDK.
#
#   duplex-benchmarks/run-all.sh
#   NEW_JDK=/usr/lib/jvm/temurin-25-jdk-amd64 OLD_JDK=/usr/lib/jvm/java-17-openjdk-amd64 duplex-benchmarks/run-all.sh
#   PARTS="load memory" duplex-benchmarks/run-all.sh
#
# Settings (environment): NEW_JDK and OLD_JDK (JDK homes; defaults: the newest Temurin under /usr/lib/jvm, and the
# JDK of `java` on the PATH), PARTS (any of: load handshakes load17 memory client jmh fanout; default all but
# fanout), REPS (3),
# DURATION (4), WARMUP (2), LOAD_SCENARIOS, LOAD17_SERVERS, LOAD17_SCENARIOS, CLIENT_SCENARIOS (defaults below),
# OUT (output folder; each part writes a folder of its own inside it).
set -euo pipefail
cd "$(dirname "$0")/.."

NEW_JDK=${NEW_JDK:-$(ls -d /usr/lib/jvm/temurin-*-jdk-* 2>/dev/null | sort -V | tail -1)}
OLD_JDK=${OLD_JDK:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}
PARTS=${PARTS:-"load handshakes load17 memory client jmh"}
LOAD_SCENARIOS=${LOAD_SCENARIOS:-"s1-text64-d1 s1-text64-d16 s2-bin16k-d4 s2-bin1m-d1 s3-latency-20k
  s1-text64-d16-deflate s7-text4k-d4-deflate"}
LOAD17_SERVERS=${LOAD17_SERVERS:-"netty-ws duplex-worker duplex-event-loop"}
LOAD17_SCENARIOS=${LOAD17_SCENARIOS:-"s1-text64-d16 s2-bin1m-d1"}
CLIENT_SCENARIOS=${CLIENT_SCENARIOS:-"c1-text64-c10 c1-text64-c100"}
export REPS=${REPS:-3} DURATION=${DURATION:-4} WARMUP=${WARMUP:-2}
OUT=${OUT:-duplex-benchmarks/target/all-$(date +%Y%m%d-%H%M%S)}
[ -x "$NEW_JDK/bin/java" ] || { echo "no JDK at NEW_JDK=$NEW_JDK" >&2; exit 1; }
[ -x "$OLD_JDK/bin/java" ] || { echo "no JDK at OLD_JDK=$OLD_JDK" >&2; exit 1; }
mkdir -p "$OUT"
# Same flags for every JVM of a part: servers, generator and clients alike. Native access keeps JDK 22+ from
# warning about Netty's native transport.
NEW_OPTS="-Xms1g -Xmx1g --enable-native-access=ALL-UNNAMED"
OLD_OPTS="-Xms1g -Xmx1g"

mvn -B -q -Pbenchmark-jar -pl duplex-websocket,duplex-benchmarks -am package -DskipTests
export SKIP_BUILD=1

on_new_jdk() {
  PATH="$NEW_JDK/bin:$PATH" JAVA="$NEW_JDK/bin/java" JVM_OPTS="$NEW_OPTS" "$@"
}
on_old_jdk() {
  PATH="$OLD_JDK/bin:$PATH" JAVA="$OLD_JDK/bin/java" JVM_OPTS="$OLD_OPTS" "$@"
}

for part in $PARTS; do
  echo "=== $part ($(date -u +%H:%M:%S))"
  case "$part" in
    load)
      on_new_jdk env OUT="$OUT/load" SCENARIOS="$LOAD_SCENARIOS" duplex-benchmarks/run-load.sh ;;
    handshakes)
      # Handshakes exercise more code than an echo loop: a short warm-up mostly measures the JIT compiling it.
      on_new_jdk env OUT="$OUT/load-handshakes" WARMUP=10 SCENARIOS="s4-handshakes-c50" \
        duplex-benchmarks/run-load.sh ;;
    load17)
      on_old_jdk env OUT="$OUT/load17" SERVERS="$LOAD17_SERVERS" SCENARIOS="$LOAD17_SCENARIOS" \
        duplex-benchmarks/run-load.sh ;;
    memory)
      on_new_jdk env OUT="$OUT/memory" duplex-benchmarks/run-memory.sh ;;
    client)
      on_new_jdk env OUT="$OUT/client" SCENARIOS="$CLIENT_SCENARIOS" \
        CLIENTS="duplex-sync duplex-sync-vt duplex-push duplex-push-loop jdk okhttp netty" duplex-benchmarks/run-client.sh ;;
    fanout)
      on_new_jdk env OUT="$OUT/fanout" duplex-benchmarks/run-fanout.sh ;;
    jmh)
      mkdir -p "$OUT/jmh"
      # Netty's leak detector samples buffer allocations and keeps a trace of some: turned off so that the GC
      # profiler counts what Duplex allocates per message (docs/performance.md gives the figures with it on too).
      "$NEW_JDK/bin/java" -jar duplex-benchmarks/target/duplex-benchmarks.jar jmh \
        'DispatchBenchmark|BindingBenchmark|FrameDecodeBenchmark.decodeToServiceArgument|MaskingBenchmark|FrameEncodeBenchmark.server' \
        -f 1 -wi 3 -i 3 -w 1s -r 1s -prof gc \
        -jvmArgsPrepend "--enable-native-access=ALL-UNNAMED -Dio.netty.leakDetection.level=disabled" \
        -rf text -rff "$OUT/jmh/results.txt" > "$OUT/jmh/jmh.log" 2>&1
      tail -n +1 "$OUT/jmh/results.txt" | grep -v '^$' | head -200 ;;
    *) echo "unknown part $part" >&2; exit 2 ;;
  esac
done
echo "=== done ($(date -u +%H:%M:%S)); reports: $(find "$OUT" -name '*.md' -o -name results.txt | tr '\n' ' ')"
