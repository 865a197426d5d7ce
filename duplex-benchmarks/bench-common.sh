# Sourced by run-load.sh and run-client.sh: what both do the same way around the process under measurement.
# Expects JAVA, JVM_OPTS, JAR, OUT and SERVER_CPU to be set.

# Writes OUT/machine.txt; $1 says what runs where.
write_machine_txt() {
  {
    echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "nproc: $(nproc)"
    echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')"
    echo "java: $("$JAVA" -version 2>&1 | head -1)"
    echo "$1"
    echo "JVM_OPTS: $JVM_OPTS"
    echo "load average at start (other processes on this machine): $(cut -d' ' -f1-3 /proc/loadavg)"
  } > "$OUT/machine.txt"
}

# Share of the last 10 s in which some runnable task waited for a CPU (Linux PSI): other load on the machine.
cpu_pressure() {
  sed -n 's/^some avg10=\([0-9.]*\).*/\1/p' /proc/pressure/cpu 2>/dev/null || echo n/a
}

server_pid=
server_port=
stop_server() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid"
    wait "$server_pid" 2>/dev/null || true
  fi
  server_pid=
}
trap stop_server EXIT
trap 'exit 130' INT TERM

# start_server_process KIND LOG [JVM options...]: starts server KIND pinned to SERVER_CPU, its output in LOG, and
# waits for its READY line; sets server_pid and server_port. setsid: its own session, so the server is scheduled as
# a process of its own (Linux autogroups), not as a part of the script's session.
start_server_process() {
  local kind=$1 log=$2
  shift 2
  # shellcheck disable=SC2086
  setsid taskset -c "$SERVER_CPU" "$JAVA" $JVM_OPTS "$@" -jar "$JAR" server "$kind" >"$log" 2>&1 &
  server_pid=$!
  server_port=
  for _ in $(seq 1 600); do
    server_port=$(sed -n 's/^READY .* port=\([0-9]*\)$/\1/p' "$log" 2>/dev/null || true)
    [ -n "$server_port" ] && return 0
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.1
  done
  echo "server $kind did not start; see $log" >&2
  exit 1
}
