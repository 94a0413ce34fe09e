#!/usr/bin/env bash
# Side-by-side benchmark: the scripted provider directly, behind nginx (proxy_pass, keep-alive upstream,
# proxy_buffering off: the floor), and behind Moniker through an alias. Loopback only.
#
#   src/bench/run.sh            # full run, ~8-10 minutes
#   QUICK=1 src/bench/run.sh    # smoke run, under 2 minutes
#
# Needs root (or sudo) only to apt-get install wrk/nginx/curl when missing. Builds the gateway jar when missing.
# Results: $OUT (default target/bench/<timestamp>): raw.tsv (every run), summary.md (medians), logs.
# Knobs (env): ROUNDS, DURATION (s, closed loop), CONNECTIONS, RATE (req/s, fixed-rate run), RATE_DURATION (s),
#   TTFB_REPS, PROVIDER_CHUNKS (SSE events per stream), PROVIDER_CHUNK_DELAY_MS, MONIKER_JAVA_OPTS,
#   MONIKER_JAR, PROVIDER_PORT, NGINX_PORT, MONIKER_PORT; PIN=1 for the edge setup (the servers on CPU 0, load on CPU 1).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)

QUICK=${QUICK:-0}
if [ "$QUICK" = 1 ]; then
  ROUNDS=${ROUNDS:-1}; DURATION=${DURATION:-4}; RATE_DURATION=${RATE_DURATION:-3}; TTFB_REPS=${TTFB_REPS:-10}; WARMUP=${WARMUP:-6}
else
  ROUNDS=${ROUNDS:-3}; DURATION=${DURATION:-10}; RATE_DURATION=${RATE_DURATION:-8}; TTFB_REPS=${TTFB_REPS:-30}; WARMUP=${WARMUP:-15}
fi
CONNECTIONS=${CONNECTIONS:-32}
RATE=${RATE:-500}
PROVIDER_PORT=${PROVIDER_PORT:-9100}
NGINX_PORT=${NGINX_PORT:-9200}
MONIKER_PORT=${MONIKER_PORT:-12000}
export PROVIDER_CHUNKS=${PROVIDER_CHUNKS:-20}
export PROVIDER_CHUNK_DELAY_MS=${PROVIDER_CHUNK_DELAY_MS:-0}
# The flags docs/performance.md recommends for a small, steady footprint.
MONIKER_JAVA_OPTS=${MONIKER_JAVA_OPTS:--XX:+UseSerialGC -Xms32m -Xmx128m -XX:TrimNativeHeapInterval=1000 -Dio.netty.allocator.maxOrder=7 -XX:+ExitOnOutOfMemoryError}
MONIKER_JAR=${MONIKER_JAR:-target/quarkus-app/quarkus-run.jar}
OUT=${OUT:-target/bench/$(date +%Y%m%d-%H%M%S)}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)

log() { echo "[bench $(date +%H:%M:%S)] $*" >&2; }

# --- tools -------------------------------------------------------------------------------------------------------
need=()
command -v wrk >/dev/null || need+=(wrk)
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || need+=(nginx)
command -v curl >/dev/null || need+=(curl)
if [ ${#need[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
  log "installing ${need[*]}"
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi
NGINX=$(command -v nginx || echo /usr/sbin/nginx)

java_major() { "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/ *java.specification.version = //p'; }
if [ -z "${JAVA_HOME:-}" ] || [ "$(java_major "$JAVA_HOME")" -lt 21 ]; then
  for c in /usr/lib/jvm/*/; do c=${c%/}; [ -x "$c/bin/java" ] && [ "$(java_major "$c")" -ge 21 ] && JAVA_HOME=$c; done
fi
export JAVA_HOME; export PATH="$JAVA_HOME/bin:$PATH"
log "java: $JAVA_HOME ($(java_major "$JAVA_HOME"))"

if [ ! -f "$MONIKER_JAR" ]; then
  log "building the gateway jar"
  ./mvnw -B -q package -DskipTests
fi
LIB=$(dirname "$MONIKER_JAR")/lib/main
[ -d "$LIB" ] || LIB=target/quarkus-app/lib/main
BENCH_CP=$(ls "$LIB"/io.vertx.vertx-core-*.jar "$LIB"/io.netty.netty-*.jar "$LIB"/com.fasterxml.jackson.core.jackson-core-*.jar | tr '\n' ':')

# --- processes ---------------------------------------------------------------------------------------------------
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  kill "$(cat "$OUT/nginx/nginx.pid" 2>/dev/null)" 2>/dev/null || true
  wait 2>/dev/null || true
}
trap cleanup EXIT

wait_http() { # url [method]
  for _ in $(seq 1 200); do
    if curl -s -o /dev/null -m 1 "$1"; then return 0; fi
    sleep 0.1
  done
  log "timeout waiting for $1"; return 1
}

# PIN=1: the edge setup. The provider, nginx and Moniker share CPU 0 (a Knative pod's one CPU), the load generators
# run on CPU 1 with one wrk thread, so CPU per request is not blurred by them.
ON_GATEWAY_CPU=(); ON_LOAD_CPU=(); WRK_THREADS=2
if [ "${PIN:-0}" = 1 ]; then ON_GATEWAY_CPU=(taskset -c 0); ON_LOAD_CPU=(taskset -c 1); WRK_THREADS=1; fi
log "starting provider on $PROVIDER_PORT (chunks=$PROVIDER_CHUNKS delay=${PROVIDER_CHUNK_DELAY_MS}ms)"
"${ON_GATEWAY_CPU[@]}" java -XX:+UseSerialGC -Xmx256m -cp "$BENCH_CP" src/bench/Provider.java "$PROVIDER_PORT" >"$OUT/provider.log" 2>&1 &
PROVIDER_PID=$!; PIDS+=("$PROVIDER_PID")

mkdir -p "$OUT/nginx/logs"
cat >"$OUT/nginx/nginx.conf" <<NGINX
worker_processes auto;
pid $OUT/nginx/nginx.pid;
error_log $OUT/nginx/logs/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $OUT/nginx/client_body;
  proxy_temp_path $OUT/nginx/proxy;
  upstream provider { server 127.0.0.1:$PROVIDER_PORT; keepalive 128; }
  server {
    listen 127.0.0.1:$NGINX_PORT;
    location / {
      proxy_pass http://provider;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_buffering off;
    }
  }
}
NGINX
log "starting nginx on $NGINX_PORT"
"${ON_GATEWAY_CPU[@]}" "$NGINX" -p "$OUT/nginx" -c "$OUT/nginx/nginx.conf" -g 'daemon off;' 2>"$OUT/nginx/logs/stderr.log" &
NGINX_PID=$!; PIDS+=("$NGINX_PID")

cat >"$OUT/moniker.yaml" <<YAML
llm_providers:
  - model: openai/gpt-4o-mini
    access_key: bench-key
    base_url: http://127.0.0.1:$PROVIDER_PORT
model_aliases:
  fast-model:
    target: gpt-4o-mini
YAML
log "starting moniker on $MONIKER_PORT ($MONIKER_JAVA_OPTS)"
# shellcheck disable=SC2086
MONIKER_CONFIG="$OUT/moniker.yaml" QUARKUS_HTTP_PORT=$MONIKER_PORT \
  "${ON_GATEWAY_CPU[@]}" java $MONIKER_JAVA_OPTS -jar "$MONIKER_JAR" >"$OUT/moniker.log" 2>&1 &
MONIKER_PID=$!; PIDS+=("$MONIKER_PID")

wait_http "http://127.0.0.1:$PROVIDER_PORT/"
wait_http "http://127.0.0.1:$NGINX_PORT/"
wait_http "http://127.0.0.1:$MONIKER_PORT/q/health/ready"

# --- workload ----------------------------------------------------------------------------------------------------
BODY_JSON='{"model":"fast-model","messages":[{"role":"system","content":"You are a helpful assistant."},{"role":"user","content":"Say hello in one short sentence, and mention the weather in Z\u00fcrich."}],"temperature":0.2,"max_tokens":64,"user":"bench"}'
BODY_SSE='{"model":"fast-model","stream":true,"messages":[{"role":"system","content":"You are a helpful assistant."},{"role":"user","content":"Say hello in one short sentence, and mention the weather in Z\u00fcrich."}],"temperature":0.2,"max_tokens":64,"user":"bench"}'
printf '%s' "$BODY_JSON" >"$OUT/body-json.json"
printf '%s' "$BODY_SSE" >"$OUT/body-sse.json"
for mode in json sse; do
  cat >"$OUT/post-$mode.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer bench"
local f = io.open("$OUT/body-$mode.json", "rb"); wrk.body = f:read("*a"); f:close()
LUA
done

url_of() {
  case $1 in
    direct) echo "http://127.0.0.1:$PROVIDER_PORT/v1/chat/completions" ;;
    nginx) echo "http://127.0.0.1:$NGINX_PORT/v1/chat/completions" ;;
    moniker) echo "http://127.0.0.1:$MONIKER_PORT/v1/chat/completions" ;;
  esac
}
# Processes whose CPU is the proxy's: nginx master + workers, the Moniker JVM; "direct" has no proxy.
proxy_pids() {
  case $1 in
    direct) echo "" ;;
    nginx) echo "$NGINX_PID $(pgrep -P "$NGINX_PID" | tr '\n' ' ')" ;;
    moniker) echo "$MONIKER_PID" ;;
  esac
}
cpu_ticks() { # pids... -> utime+stime clock ticks summed
  local t=0 p
  for p in "$@"; do
    [ -r "/proc/$p/stat" ] || continue
    t=$((t + $(sed 's/^.*) //' "/proc/$p/stat" | awk '{print $12 + $13}')))
  done
  echo $t
}
rss_kb() {
  local t=0 p
  for p in "$@"; do
    [ -r "/proc/$p/status" ] || continue
    t=$((t + $(awk '/^VmRSS:/ {print $2}' "/proc/$p/status")))
  done
  echo $t
}
HZ=$(getconf CLK_TCK)
to_ms() { # wrk latency value like 312.00us / 1.20ms / 1.01s -> ms
  awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n *= 1; else if (v ~ /s$/) n *= 1000; printf "%.3f", n }'
}

RAW="$OUT/raw.tsv"
echo -e "kind\tround\tmode\ttarget\trps\tp50_ms\tp99_ms\trequests\terrors\tproxy_cpu_us_per_req\tprovider_cpu_us_per_req\tproxy_rss_mb" >"$RAW"

measure() { # kind round mode target -- command...  (command prints to $OUT/last.txt)
  local kind=$1 round=$2 mode=$3 target=$4; shift 5
  local pids; pids=$(proxy_pids "$target")
  # shellcheck disable=SC2086
  local c0 p0; c0=$(cpu_ticks $pids); p0=$(cpu_ticks "$PROVIDER_PID")
  local rssfile="$OUT/rss.tmp"; echo 0 >"$rssfile"
  ( sleep "$(( ${MEASURE_SECONDS:-$DURATION} / 2 ))"; rss_kb $pids >"$rssfile" ) &
  local sampler=$!
  "$@" >"$OUT/last.txt" 2>"$OUT/last.err" || true
  wait $sampler 2>/dev/null || true
  # shellcheck disable=SC2086
  local c1 p1; c1=$(cpu_ticks $pids); p1=$(cpu_ticks "$PROVIDER_PID")
  local rps p50 p99 reqs errs
  if [ "$kind" = closed ]; then
    rps=$(awk '/^Requests\/sec:/ {print $2}' "$OUT/last.txt")
    p50=$(to_ms "$(awk '$1 == "50%" {print $2}' "$OUT/last.txt")")
    p99=$(to_ms "$(awk '$1 == "99%" {print $2}' "$OUT/last.txt")")
    reqs=$(awk '/requests in/ {print $1}' "$OUT/last.txt")
    errs=$(awk '/Non-2xx|Socket errors/ {s += $NF} END {print s + 0}' "$OUT/last.txt")
  else
    local line; line=$(tail -1 "$OUT/last.txt")
    rps=$(sed -n 's/.* rate=\([0-9.]*\).*/\1/p' <<<"$line")
    p50=$(sed -n 's/.* p50_ms=\([0-9.]*\).*/\1/p' <<<"$line")
    p99=$(sed -n 's/.* p99_ms=\([0-9.]*\).*/\1/p' <<<"$line")
    reqs=$(sed -n 's/.* ok=\([0-9]*\).*/\1/p' <<<"$line")
    # warm-up requests (2 s at the rate) also cost CPU: count them
    errs=$(sed -n 's/.* errors=\([0-9]*\).*/\1/p' <<<"$line")
    reqs=$(( ${reqs:-0} + 2 * RATE ))
  fi
  local cpu="-" pcpu rss="-"
  if [ -n "$pids" ] && [ "${reqs:-0}" -gt 0 ]; then
    cpu=$(awk -v d=$((c1 - c0)) -v hz="$HZ" -v n="$reqs" 'BEGIN {printf "%.1f", d * 1e6 / hz / n}')
    rss=$(awk -v k="$(cat "$rssfile")" 'BEGIN {printf "%.0f", k / 1024}')
  fi
  pcpu=$(awk -v d=$((p1 - p0)) -v hz="$HZ" -v n="${reqs:-1}" 'BEGIN {printf "%.1f", d * 1e6 / hz / (n > 0 ? n : 1)}')
  echo -e "$kind\t$round\t$mode\t$target\t${rps:-0}\t${p50:-0}\t${p99:-0}\t${reqs:-0}\t${errs:-0}\t$cpu\t$pcpu\t$rss" >>"$RAW"
  log "$kind r$round $mode $target: rps=${rps:-?} p50=${p50:-?}ms p99=${p99:-?}ms proxy_cpu=${cpu}us/req rss=${rss}MB errors=${errs:-0}"
}

# Sanity: each target answers both modes.
for target in direct nginx moniker; do
  for mode in json sse; do
    code=$(curl -s -o "$OUT/check-$target-$mode.txt" -w '%{http_code}' -H 'content-type: application/json' \
      --data-binary "@$OUT/body-$mode.json" "$(url_of $target)")
    [ "$code" = 200 ] || { log "$target $mode answered $code"; cat "$OUT/check-$target-$mode.txt" >&2; exit 1; }
  done
done
grep -q '\[DONE\]' "$OUT/check-moniker-sse.txt" || { log "moniker stream has no [DONE]"; exit 1; }

log "warm-up ${WARMUP}s per proxy and mode (the JVM needs ~30 s of load to reach steady state on 2 cores)"
for target in nginx moniker; do
  for mode in json sse; do
    "${ON_LOAD_CPU[@]}" wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"${WARMUP}s" -s "$OUT/post-$mode.lua" "$(url_of $target)" >/dev/null 2>&1 || true
  done
done

TARGETS=(direct nginx moniker)
rotate() { # round -> targets rotated so no target always runs first
  local r=$1 i out=()
  for i in 0 1 2; do out+=("${TARGETS[$(( (i + r) % 3 ))]}"); done
  echo "${out[@]}"
}

for round in $(seq 1 "$ROUNDS"); do
  for mode in json sse; do
    for target in $(rotate "$round"); do
      MEASURE_SECONDS=$DURATION measure closed "$round" "$mode" "$target" -- \
        "${ON_LOAD_CPU[@]}" wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency -s "$OUT/post-$mode.lua" "$(url_of "$target")"
    done
  done
  for mode in json sse; do
    for target in $(rotate "$round"); do
      MEASURE_SECONDS=$((RATE_DURATION + 2)) measure rate "$round" "$mode" "$target" -- \
        "${ON_LOAD_CPU[@]}" java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp "$BENCH_CP" src/bench/OpenLoop.java "$(url_of "$target")" \
        "$OUT/body-$mode.json" "$RATE" "$RATE_DURATION" 64
    done
  done
done

log "time to first streamed byte, $TTFB_REPS interleaved requests per target (new connection each)"
TTFB="$OUT/ttfb.tsv"; : >"$TTFB"
for i in $(seq 1 "$TTFB_REPS"); do
  for target in $(rotate "$i"); do
    t=$(curl -s -o /dev/null -w '%{time_starttransfer}' -H 'content-type: application/json' \
      --data-binary "@$OUT/body-sse.json" "$(url_of "$target")")
    echo -e "$target\t$t" >>"$TTFB"
  done
done

# --- summary -----------------------------------------------------------------------------------------------------
median() { sort -g | awk '{a[NR] = $1} END {if (NR == 0) print "-"; else if (NR % 2) print a[(NR + 1) / 2]; else printf "%.3f\n", (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
col() { # kind mode target column -> values
  awk -F'\t' -v k="$1" -v m="$2" -v t="$3" -v c="$4" 'NR > 1 && $1 == k && $3 == m && $4 == t && $c != "-" {print $c}' "$RAW"
}
ttfb_med() { awk -F'\t' -v t="$1" '$1 == t {printf "%.3f\n", $2 * 1000}' "$TTFB" | median; }
{
  echo "## Moniker benchmark $(date -u +%Y-%m-%dT%H:%MZ)"
  echo
  echo "Machine: $(nproc) cores, $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo), $(awk '/MemTotal/ {printf "%.0f GB", $2 / 1048576}' /proc/meminfo); Java $(java_major "$JAVA_HOME"); $("$NGINX" -v 2>&1); wrk $(wrk -v 2>&1 | head -1 | awk '{print $2}')"
  echo "Rounds: $ROUNDS (medians), closed loop ${DURATION}s at $CONNECTIONS connections (wrk -t$WRK_THREADS), PIN=${PIN:-0}, fixed rate $RATE req/s for ${RATE_DURATION}s (src/bench/OpenLoop.java), SSE: $PROVIDER_CHUNKS events/stream, Moniker: $MONIKER_JAVA_OPTS"
  echo
  echo "| mode | target | req/s (closed) | p50 ms (closed) | p99 ms (closed) | p50 ms @${RATE}/s | p99 ms @${RATE}/s | proxy CPU µs/req (closed) | proxy CPU µs/req (@${RATE}/s) | proxy RSS MB (closed) |"
  echo "|---|---|---|---|---|---|---|---|---|---|"
  for mode in json sse; do
    for target in direct nginx moniker; do
      echo "| $mode | $target | $(col closed $mode $target 5 | median) | $(col closed $mode $target 6 | median) | $(col closed $mode $target 7 | median) | $(col rate $mode $target 6 | median) | $(col rate $mode $target 7 | median) | $(col closed $mode $target 10 | median) | $(col rate $mode $target 10 | median) | $(col closed $mode $target 12 | median) |"
    done
  done
  echo
  echo "Time to first streamed byte (median of $TTFB_REPS, new connection each, ms): direct $(ttfb_med direct), nginx $(ttfb_med nginx), moniker $(ttfb_med moniker)"
  echo
  echo "Errors (non-2xx or socket errors, all runs): $(awk -F'\t' 'NR > 1 {s += $9} END {print s + 0}' "$RAW")"
} >"$OUT/summary.md"
cat "$OUT/summary.md"
log "raw numbers: $RAW"
