#!/usr/bin/env bash
# LLMux load benchmarks: every scenario against every target in one run, all on 127.0.0.1.
#
#   benchmarks/run.sh                      # all targets, all scenarios
#   TARGETS="direct nginx facade" DURATION=10 benchmarks/run.sh
#
# Targets: direct (the mock upstream itself), nginx (a plain reverse proxy), facade (the LLMux
# sidecar, llmux-facade.jar, with its default upstream transport, or FACADE_TRANSPORT when set),
# facade-okhttp / facade-jetty / facade-jdk (the same jar with server.upstream_transport set, each
# its own process and port: the transports compared in one run), portkey (@portkey-ai/gateway on
# Node). Scenarios:
#   s1  100 connections, 50 ms upstream, non-streaming (closed loop)
#   s1o the same upstream, open loop at RATE requests/s (latency from the intended start)
#   s2  no-delay upstream, S2_CONNECTIONS connections: max RPS and CPU ms per request of the target
#   s3  100 connections, streams of 20 chunks 10 ms apart: time to first token
#   s3s 1 connection, one stream at a time (same streams): time to first token, sequential
#   s4  1 connection, sequential, no-delay upstream: added latency
#   s6  facade only: S6_STREAMS (1000 and 10000) slow streams held open at once (chunks
#       S6_CHUNK_INTERVAL_MS apart): heap after a full GC and threads per open stream, errors.
#       The driver for s6 runs on FACADE_JAVA (virtual threads); each stream needs two file
#       descriptors in the facade, so run.sh raises `ulimit -n` to its hard limit and caps a size
#       that would not fit (said in the log and the table).
# Output: $RESULTS/results.csv and results.md (ratios and differences against `direct`), plus the
# logs of everything started. Needs: a JDK 17+ (java on PATH), apt-get for nginx, npm for Portkey.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
TARGETS=${TARGETS:-"direct nginx facade portkey"}
SCENARIOS=${SCENARIOS:-"s1 s1o s2 s3 s3s s4 s6"}
DURATION=${DURATION:-15}
WARMUP=${WARMUP:-5}
TARGET_WARMUP=${TARGET_WARMUP:-60}   # seconds of unrecorded load per target before any scenario (the JIT)
RATE=${RATE:-1000}
OPEN_CONNECTIONS=${OPEN_CONNECTIONS:-200}  # open loop: workers (keep-alive connections) sending the due requests
S2_CONNECTIONS=${S2_CONNECTIONS:-32}
S6_STREAMS=${S6_STREAMS:-"1000 10000"}
S6_CHUNKS=${S6_CHUNKS:-45}                      # a stream lasts S6_CHUNKS x S6_CHUNK_INTERVAL_MS
S6_CHUNK_INTERVAL_MS=${S6_CHUNK_INTERVAL_MS:-2000}
S6_RAMP=${S6_RAMP:-500}                         # streams opened per second
S6_MAX_CONNECTIONS=${S6_MAX_CONNECTIONS:-12000} # the facade's server.max_connections when s6 runs
DRIVER_JAVA=${DRIVER_JAVA:-java}
MOCK_JAVA=${MOCK_JAVA:-java}
FACADE_JAVA=${FACADE_JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
[ -x "$FACADE_JAVA" ] || FACADE_JAVA=java
PORTKEY_VERSION=${PORTKEY_VERSION:-1.15.2}
WORK=${WORK:-/tmp/llmux-bench}
RESULTS=${RESULTS:-$ROOT/benchmarks/results/$(date -u +%Y%m%dT%H%M%SZ)}
BENCH_JAR=$ROOT/benchmarks/target/benchmarks.jar
FACADE_JAR=$ROOT/llmux-facade/target/llmux-facade.jar

FACADE_TRANSPORT=${FACADE_TRANSPORT:-}   # server.upstream_transport of target "facade" (empty: the facade's default)

# ports: mocks 91xx, nginx 92xx, facade 9400 (facade-okhttp 9401, facade-jetty 9402, facade-jdk
# 9403), portkey 9500 (one per upstream kind where needed)
MOCK_DELAY=9101; MOCK_NODELAY=9102; MOCK_STREAM=9103; MOCK_SLOW=9104
NGINX_DELAY=9201; NGINX_NODELAY=9202; NGINX_STREAM=9203
FACADE=9400; PORTKEY=9500

mkdir -p "$WORK" "$RESULTS"
has_scenario() { [[ " $SCENARIOS " == *" $1 "* ]]; }
# every child inherits this: s6 holds two sockets per stream in the facade
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
PIDS=()
log() { printf '%s %s\n' "$(date -u +%H:%M:%S)" "$*" | tee -a "$RESULTS/run.log"; }

cleanup() {
  for pid in "${PIDS[@]:-}"; do
    [ -n "$pid" ] && kill "$pid" 2>/dev/null || true
  done
  for pid in "${PIDS[@]:-}"; do
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null || true
  done
}
trap cleanup EXIT INT TERM

wait_http() { # url [tries]
  for _ in $(seq 1 "${2:-150}"); do
    curl -s -o /dev/null -m 2 "$1" && return 0
    sleep 0.2
  done
  log "not answering: $1"; return 1
}

has_target() { [[ " $TARGETS " == *" $1 "* ]]; }
facade_targets() { for t in $TARGETS; do case "$t" in facade|facade-*) echo "$t" ;; esac; done; }
facade_port() { case "$1" in facade) echo $FACADE ;; facade-okhttp) echo 9401 ;; facade-jetty) echo 9402 ;; facade-jdk) echo 9403 ;; *) echo "unknown facade target $1" >&2; return 1 ;; esac; }
facade_transport() { case "$1" in facade) echo "$FACADE_TRANSPORT" ;; *) echo "${1#facade-}" ;; esac; }

# ---- what we need -------------------------------------------------------------------------------
stale_jars() { # a jar missing, or a source or pom newer than it
  local jar
  for jar in "$BENCH_JAR" "$FACADE_JAR"; do
    [ -f "$jar" ] || return 0
    [ -z "$(cd "$ROOT" && find . -path ./node_modules -prune -o \( -name '*.java' -o -name pom.xml \) \
      -newer "$jar" -print 2>/dev/null | grep -v '/target/' | head -1)" ] || return 0
  done
  return 1
}
if stale_jars; then
  log "building benchmarks.jar and llmux-facade.jar"
  (cd "$ROOT" && ./mvnw -q -pl benchmarks,llmux-facade -am -DskipTests package)
fi
if has_target nginx && ! command -v nginx >/dev/null && [ ! -x /usr/sbin/nginx ]; then
  log "installing nginx (Debian package; the service is not started)"
  DEBIAN_FRONTEND=noninteractive apt-get install -y nginx-light >/dev/null
fi
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
if has_target portkey; then
  if [ ! -d "$WORK/portkey/node_modules/@portkey-ai/gateway" ] \
      || ! grep -q "\"version\": \"$PORTKEY_VERSION\"" "$WORK/portkey/node_modules/@portkey-ai/gateway/package.json"; then
    log "installing @portkey-ai/gateway@$PORTKEY_VERSION"
    mkdir -p "$WORK/portkey"
    (cd "$WORK/portkey" && { [ -f package.json ] || npm init -y >/dev/null; } \
      && npm install --no-audit --no-fund "@portkey-ai/gateway@$PORTKEY_VERSION" >/dev/null) \
      || { log "npm install failed: portkey skipped"; TARGETS=${TARGETS/portkey/}; }
  fi
fi

# ---- the machine ---------------------------------------------------------------------------------
{
  echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "commit: $(cd "$ROOT" && git rev-parse --short HEAD 2>/dev/null || echo unknown)$(cd "$ROOT" && git diff --quiet 2>/dev/null || echo ' (dirty)')"
  echo "nproc: $(nproc)"
  echo "memory: $(free -h | awk '/Mem:/ {print $2}')"
  echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "driver/mock java: $("$DRIVER_JAVA" -version 2>&1 | head -1)"
  echo "facade java: $("$FACADE_JAVA" -version 2>&1 | head -1)"
  echo "nginx: $("$NGINX" -v 2>&1)"
  echo "node: $(node --version 2>/dev/null || echo none)"
  echo "duration ${DURATION}s, warmup ${WARMUP}s per scenario and target"
} > "$RESULTS/machine.txt"
cat "$RESULTS/machine.txt" | tee -a "$RESULTS/run.log"

# ---- start everything ----------------------------------------------------------------------------
start_mock() { # port latency-ms chunks interval-ms
  "$MOCK_JAVA" -Xms256m -Xmx1g -cp "$BENCH_JAR" dev.llmux.bench.MockUpstream --port "$1" --latency-ms "$2" \
    --chunks "$3" --chunk-interval-ms "$4" > "$RESULTS/mock-$1.log" 2>&1 &
  PIDS+=($!)
  eval "MOCK_PID_$1=$!"
}
start_mock $MOCK_DELAY 50 20 0
start_mock $MOCK_NODELAY 0 20 0
start_mock $MOCK_STREAM 0 20 10
MOCKS="$MOCK_DELAY $MOCK_NODELAY $MOCK_STREAM"
if has_scenario s6; then
  start_mock $MOCK_SLOW 0 "$S6_CHUNKS" "$S6_CHUNK_INTERVAL_MS"
  MOCKS="$MOCKS $MOCK_SLOW"
fi
for p in $MOCKS; do wait_http "http://127.0.0.1:$p/v1/models"; done
log "mocks up"

if has_target nginx; then
  mkdir -p "$WORK/nginx/logs"
  cat > "$WORK/nginx/nginx.conf" <<NGINX
worker_processes auto;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/logs/error.log warn;
events { worker_connections 16384; }
http {
  access_log off;
  upstream delay   { server 127.0.0.1:$MOCK_DELAY;   keepalive 256; }
  upstream nodelay { server 127.0.0.1:$MOCK_NODELAY; keepalive 256; }
  upstream stream  { server 127.0.0.1:$MOCK_STREAM;  keepalive 256; }
  proxy_http_version 1.1;
  proxy_set_header Connection "";
  proxy_buffering off;
  keepalive_requests 1000000;
  server { listen 127.0.0.1:$NGINX_DELAY;   location / { proxy_pass http://delay; } }
  server { listen 127.0.0.1:$NGINX_NODELAY; location / { proxy_pass http://nodelay; } }
  server { listen 127.0.0.1:$NGINX_STREAM;  location / { proxy_pass http://stream; } }
}
NGINX
  "$NGINX" -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" -g 'daemon off;' > "$RESULTS/nginx.log" 2>&1 &
  NGINX_PID=$!; PIDS+=($NGINX_PID)
  wait_http "http://127.0.0.1:$NGINX_NODELAY/v1/models"
  log "nginx up (pid $NGINX_PID)"
fi

for ft in $(facade_targets); do
  fport=$(facade_port "$ft"); ftransport=$(facade_transport "$ft")
  cat > "$WORK/$ft.yaml" <<YAML
providers:
  - {name: up-delay,   type: openai, api_key: sk-bench, base_url: "http://127.0.0.1:$MOCK_DELAY/v1",   models: [{name: s-delay, model: mock-gpt}]}
  - {name: up-nodelay, type: openai, api_key: sk-bench, base_url: "http://127.0.0.1:$MOCK_NODELAY/v1", models: [{name: s-nodelay, model: mock-gpt}]}
  - {name: up-stream,  type: openai, api_key: sk-bench, base_url: "http://127.0.0.1:$MOCK_STREAM/v1",  models: [{name: s-stream, model: mock-gpt}]}
  - {name: up-slow,    type: openai, api_key: sk-bench, base_url: "http://127.0.0.1:$MOCK_SLOW/v1",    models: [{name: s-slow, model: mock-gpt}]}
server:
  host: 127.0.0.1
  port: $fport
YAML
  if [ -n "$ftransport" ]; then echo "  upstream_transport: $ftransport" >> "$WORK/$ft.yaml"; fi
  if [ "$ft" = facade ] && has_scenario s6; then echo "  max_connections: $S6_MAX_CONNECTIONS" >> "$WORK/$ft.yaml"; fi
  "$FACADE_JAVA" -Xms512m -Xmx2g -jar "$FACADE_JAR" --config "$WORK/$ft.yaml" > "$RESULTS/$ft.log" 2>&1 &
  fpid=$!; PIDS+=($fpid)
  eval "FACADE_PID_${ft//-/_}=$fpid"
  [ "$ft" = facade ] && FACADE_PID=$fpid
  wait_http "http://127.0.0.1:$fport/health/ready"
  log "$ft up (pid $fpid, upstream_transport ${ftransport:-default})"
done

if has_target portkey; then
  # Portkey 1.15.2 reuses a fetch Response's immutable headers in its Node adapter, which breaks
  # streaming on Node 20 ("TypeError: immutable", its issues #1550/#1389); this preload makes
  # Response headers mutable by copying them on first access.
  cat > "$WORK/portkey/mutable-headers.cjs" <<'JS'
const desc = Object.getOwnPropertyDescriptor(Response.prototype, 'headers');
Object.defineProperty(Response.prototype, 'headers', {
  configurable: true,
  get() {
    if (!this.__mutableHeaders) this.__mutableHeaders = new Headers(desc.get.call(this));
    return this.__mutableHeaders;
  },
});
JS
  # Portkey's Node server listens on every interface (no host option): this preload makes a
  # listen() without a host bind 127.0.0.1.
  cat > "$WORK/portkey/loopback.cjs" <<'JS'
const net = require('net');
const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (...args) {
  if (typeof args[0] === 'number' || (typeof args[0] === 'string' && /^\d+$/.test(args[0]))) {
    if (args[1] === undefined || args[1] === null) args[1] = '127.0.0.1';
    else if (typeof args[1] === 'function') args.splice(1, 0, '127.0.0.1');
  } else if (args[0] && typeof args[0] === 'object' && !args[0].path && !args[0].host) {
    args[0] = { ...args[0], host: '127.0.0.1' };
  }
  return listen.apply(this, args);
};
JS
  PK_DIR="$WORK/portkey/node_modules/@portkey-ai/gateway"
  PK_MAIN=$(ls "$PK_DIR"/build/start-server.js 2>/dev/null || true)
  if [ -z "$PK_MAIN" ]; then log "portkey: no build/start-server.js; skipped"; TARGETS=${TARGETS/portkey/}; else
    NODE_ENV=production node --require "$WORK/portkey/loopback.cjs" --require "$WORK/portkey/mutable-headers.cjs" \
      "$PK_MAIN" --port=$PORTKEY > "$RESULTS/portkey.log" 2>&1 &
    PORTKEY_PID=$!; PIDS+=($PORTKEY_PID)
    wait_http "http://127.0.0.1:$PORTKEY/" || true
    if ss -ltn | grep -q ":$PORTKEY " && ! ss -ltn | grep ":$PORTKEY " | grep -qv '127.0.0.1'; then
      log "portkey up on 127.0.0.1 only (pid $PORTKEY_PID)"
    else
      log "portkey not listening on loopback only: stopped, skipped"; kill "$PORTKEY_PID" 2>/dev/null || true
      TARGETS=${TARGETS/portkey/}
    fi
  fi
fi

# ---- scenarios -----------------------------------------------------------------------------------
url_for() { # target upstream-kind(delay|nodelay|stream)
  case "$1:$2" in
    direct:delay) echo "http://127.0.0.1:$MOCK_DELAY/v1/chat/completions" ;;
    direct:nodelay) echo "http://127.0.0.1:$MOCK_NODELAY/v1/chat/completions" ;;
    direct:stream) echo "http://127.0.0.1:$MOCK_STREAM/v1/chat/completions" ;;
    nginx:delay) echo "http://127.0.0.1:$NGINX_DELAY/v1/chat/completions" ;;
    nginx:nodelay) echo "http://127.0.0.1:$NGINX_NODELAY/v1/chat/completions" ;;
    nginx:stream) echo "http://127.0.0.1:$NGINX_STREAM/v1/chat/completions" ;;
    facade*:*) echo "http://127.0.0.1:$(facade_port "$1")/v1/chat/completions" ;;
    portkey:*) echo "http://127.0.0.1:$PORTKEY/v1/chat/completions" ;;
  esac
}
port_of() { case "$1" in delay) echo $MOCK_DELAY ;; nodelay) echo $MOCK_NODELAY ;; stream) echo $MOCK_STREAM ;; esac; }
pids_of() { # target kind: the processes whose CPU is the target's
  case "$1" in
    direct) eval echo "\$MOCK_PID_$(port_of "$2")" ;;
    nginx) echo "$NGINX_PID$(pgrep -P "$NGINX_PID" | sed 's/^/,/' | tr -d '\n')" ;;
    facade*) eval echo "\$FACADE_PID_${1//-/_}" ;;
    portkey) echo "$PORTKEY_PID" ;;
  esac
}

drive() { # target scenario kind extra-args...
  local target=$1 scenario=$2 kind=$3; shift 3
  local headers=""
  [ "$target" = portkey ] && headers="x-portkey-provider=openai;x-portkey-custom-host=http://127.0.0.1:$(port_of "$kind")/v1"
  log "$scenario $target"
  timeout $((DURATION + WARMUP + 120)) "$DRIVER_JAVA" -Xmx1g -cp "$BENCH_JAR" dev.llmux.bench.LoadDriver \
    --url "$(url_for "$target" "$kind")" --model "s-$kind" --headers "$headers" \
    --target "$target" --scenario "$scenario" --warmup-s "$WARMUP" --duration-s "$DURATION" \
    --cpu-pids "$(pids_of "$target" "$kind")" --clk-tck "$(getconf CLK_TCK)" --csv "$RESULTS/results.csv" "$@" \
    2>&1 | tee -a "$RESULTS/run.log" || log "driver failed: $scenario $target"
}

# s6: slow streams held open through the facade; heap and threads per open stream
hold_streams() {
  local fd_limit max n label
  fd_limit=$(ulimit -n)
  max=$(( (fd_limit - 300) / 2 ))   # the facade holds a client and an upstream socket per stream
  for n in $S6_STREAMS; do
    label=facade
    if [ "$n" -gt "$max" ]; then
      log "s6: $n streams need ~$((2 * n + 300)) file descriptors in the facade, ulimit -n is $fd_limit: holding $max"
      label="facade (capped from $n: ulimit -n $fd_limit)"
      n=$max
    fi
    log "s6 $n streams"
    timeout $(( n / S6_RAMP + S6_CHUNKS * S6_CHUNK_INTERVAL_MS / 1000 + 400 )) \
      "$FACADE_JAVA" -Xmx1g -cp "$BENCH_JAR" dev.llmux.bench.StreamHolder --port "$FACADE" --model s-slow \
      --streams "$n" --ramp-per-s "$S6_RAMP" --settle-s 30 --pid "$FACADE_PID" \
      --jcmd "$(dirname "$FACADE_JAVA")/jcmd" --target "$label" --md "$RESULTS/s6.md" --csv "$RESULTS/s6.csv" \
      2>&1 | tee -a "$RESULTS/run.log" || log "s6 driver failed: $n streams"
  done
}

# each target first gets TARGET_WARMUP seconds of unrecorded load (JIT, connection pools), half
# plain, half streamed
for target in $TARGETS; do
  log "warming up $target"
  for kind in nodelay stream; do
    headers=""
    [ "$target" = portkey ] && headers="x-portkey-provider=openai;x-portkey-custom-host=http://127.0.0.1:$(port_of "$kind")/v1"
    timeout $((TARGET_WARMUP + 120)) "$DRIVER_JAVA" -Xmx1g -cp "$BENCH_JAR" dev.llmux.bench.LoadDriver \
      --url "$(url_for "$target" "$kind")" --model "s-$kind" --headers "$headers" --target "$target" \
      --scenario warmup --warmup-s 0 --duration-s $((TARGET_WARMUP / 2)) --connections 16 \
      $([ "$kind" = stream ] && echo --stream) >> "$RESULTS/run.log" 2>&1 || log "warm-up failed: $target"
  done
done

for scenario in $SCENARIOS; do
  for target in $TARGETS; do
    case "$scenario" in
      s1) drive "$target" "s1 100 conns 50 ms upstream" delay --connections 100 ;;
      s1o) drive "$target" "s1o open loop $RATE/s 50 ms upstream" delay --mode open --rate "$RATE" --connections "$OPEN_CONNECTIONS" ;;
      s2) drive "$target" "s2 $S2_CONNECTIONS conns no-delay upstream" nodelay --connections "$S2_CONNECTIONS" ;;
      s3) drive "$target" "s3 100 streams of 20 chunks 10 ms apart" stream --connections 100 --stream ;;
      s3s) drive "$target" "s3s 1 stream at a time, 20 chunks 10 ms apart" stream --connections 1 --stream ;;
      s4) drive "$target" "s4 1 conn sequential no-delay upstream" nodelay --connections 1 ;;
      s6) if [ "$target" = facade ]; then hold_streams; fi ;;
    esac
  done
done

echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$RESULTS/machine.txt"
if [ -f "$RESULTS/results.csv" ]; then
  "$DRIVER_JAVA" -cp "$BENCH_JAR" dev.llmux.bench.Report "$RESULTS/results.csv" "$RESULTS/results.md" \
    "$(sed 's/^/    /' "$RESULTS/machine.txt")"
else
  sed 's/^/    /' "$RESULTS/machine.txt" > "$RESULTS/results.md"
fi
if [ -f "$RESULTS/s6.md" ]; then
  {
    printf '\n### s6 slow streams held open at once (chunks %s ms apart), facade on %s\n\n' \
      "$S6_CHUNK_INTERVAL_MS" "$("$FACADE_JAVA" -version 2>&1 | head -1)"
    cat "$RESULTS/s6.md"
    printf '\nHeap: used after a full GC (jcmd GC.run, GC.heap_info) with the streams open, minus the same\n'
    printf 'measure of the idle facade, per stream held at that moment. Threads: /proc/<pid>/status.\n'
  } >> "$RESULTS/results.md"
fi
log "results: $RESULTS/results.md"
cat "$RESULTS/results.md"
