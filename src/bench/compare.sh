#!/usr/bin/env bash
# Before/after of gateway builds: CPU per request and closed-loop req/s of several quarkus-app directories,
# side by side against one scripted provider, measured in interleaved rounds (medians). Used to record each
# optimization in docs/performance.md; needs wrk and curl (src/bench/run.sh installs them).
#
#   src/bench/compare.sh LABEL=path/to/quarkus-app [LABEL=path ...]
#   src/bench/compare.sh plain=target/quarkus-app 'loops2=target/quarkus-app:::-Dquarkus.vertx.event-loops-pool-size=2'
#   (text after ::: is extra JVM options for that instance)
#
# Knobs (env): ROUNDS (3), DURATION (8 s), WARMUP (12 s per mode), CONNECTIONS (32), MONIKER_JAVA_OPTS, OUT,
# PROMPT or PROMPT_2KB=1 (the user's message);
# AUTH sends "Authorization: Bearer $AUTH" (for builds given a file with client_keys: ':::-Dmoniker.config=FILE').
# PIN=1 runs the edge setup: the gateways and the provider share CPU 0 (taskset), wrk runs on CPU 1 with one thread,
# so CPU per request is not blurred by the load generator and the gateway meets the one CPU a Knative pod has.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROUNDS=${ROUNDS:-3}; DURATION=${DURATION:-8}; WARMUP=${WARMUP:-12}; CONNECTIONS=${CONNECTIONS:-32}
MONIKER_JAVA_OPTS=${MONIKER_JAVA_OPTS:--XX:+UseSerialGC -Xms32m -Xmx128m -XX:TrimNativeHeapInterval=1000 -Dio.netty.allocator.maxOrder=7 -XX:+ExitOnOutOfMemoryError}
OUT=${OUT:-target/bench/compare-$(date +%Y%m%d-%H%M%S)}
mkdir -p "$OUT"; OUT=$(cd "$OUT" && pwd)
export PROVIDER_CHUNKS=${PROVIDER_CHUNKS:-20}
PIN=${PIN:-0}
# The user's message (JSON-escaped); PROMPT_2KB=1 sends guardrails.sh's 2 KB of ordinary prose instead.
PROMPT=${PROMPT:-Say hello in one short sentence, and mention the weather in Z\\u00fcrich.}
if [ "${PROMPT_2KB:-0}" = 1 ]; then
  PROMPT=$(printf 'Please review the quarterly plan for the logistics team and suggest improvements to the routing of deliveries between the northern depots. %.0s' $(seq 1 15))
fi
ON_GATEWAY_CPU=(); ON_LOAD_CPU=(); WRK_THREADS=2
if [ "$PIN" = 1 ]; then ON_GATEWAY_CPU=(taskset -c 0); ON_LOAD_CPU=(taskset -c 1); WRK_THREADS=1; fi
[ $# -gt 0 ] || { echo "usage: $0 LABEL=quarkus-app-dir ..." >&2; exit 2; }
log() { echo "[compare $(date +%H:%M:%S)] $*" >&2; }
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java

FIRST_APP=${1#*=}; FIRST_APP=${FIRST_APP%%:::*}
LIB="$FIRST_APP/lib/main"
CP=$(ls "$LIB"/io.vertx.vertx-core-*.jar "$LIB"/io.netty.netty-*.jar "$LIB"/com.fasterxml.jackson.core.jackson-core-*.jar | tr '\n' ':')
PIDS=()
trap 'for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true' EXIT
"${ON_GATEWAY_CPU[@]}" "$JAVA" -XX:+UseSerialGC -cp "$CP" src/bench/Provider.java 9101 >"$OUT/provider.log" 2>&1 &
PIDS+=($!)
cat >"$OUT/moniker.yaml" <<YAML
llm_providers:
  - model: openai/gpt-4o-mini
    access_key: bench-key
    base_url: http://127.0.0.1:9101
model_aliases:
  fast-model:
    target: gpt-4o-mini
YAML
LABELS=(); declare -A PID_OF PORT_OF
port=12101
for arg in "$@"; do
  label=${arg%%=*}; app=${arg#*=}; extra=""
  if [[ $app == *":::"* ]]; then extra=${app#*:::}; app=${app%%:::*}; fi
  # shellcheck disable=SC2086
  MONIKER_CONFIG="$OUT/moniker.yaml" QUARKUS_HTTP_PORT=$port "${ON_GATEWAY_CPU[@]}" "$JAVA" $MONIKER_JAVA_OPTS $extra -jar "$app/quarkus-run.jar" \
    >"$OUT/$label.log" 2>&1 &
  PIDS+=($!); PID_OF[$label]=$!; PORT_OF[$label]=$port; LABELS+=("$label"); port=$((port + 1))
done
for label in "${LABELS[@]}"; do
  for _ in $(seq 1 300); do curl -sf -o /dev/null "http://127.0.0.1:${PORT_OF[$label]}/q/health/ready" && break; sleep 0.1; done
done
for mode in json sse; do
  stream=false; [ $mode = sse ] && stream=true
  printf '{"model":"fast-model","stream":%s,"messages":[{"role":"system","content":"You are a helpful assistant."},{"role":"user","content":"%s"}],"temperature":0.2,"max_tokens":64,"user":"bench"}' "$stream" "$PROMPT" >"$OUT/body-$mode.json"
  printf 'wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\nlocal f = io.open("%s", "rb"); wrk.body = f:read("*a"); f:close()\n' "$OUT/body-$mode.json" >"$OUT/post-$mode.lua"
  if [ -n "${AUTH:-}" ]; then printf 'wrk.headers["Authorization"] = "Bearer %s"\n' "$AUTH" >>"$OUT/post-$mode.lua"; fi
done
log "warm-up ${WARMUP}s per build and mode"
for label in "${LABELS[@]}"; do
  for mode in json sse; do
    "${ON_LOAD_CPU[@]}" wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"${WARMUP}s" -s "$OUT/post-$mode.lua" "http://127.0.0.1:${PORT_OF[$label]}/v1/chat/completions" >/dev/null
  done
done
ticks() { sed 's/^.*) //' "/proc/$1/stat" | awk '{print $12 + $13}'; }
HZ=$(getconf CLK_TCK)
echo -e "round\tmode\tbuild\trps\tcpu_us_per_req" >"$OUT/raw.tsv"
n=${#LABELS[@]}
for round in $(seq 1 "$ROUNDS"); do
  for mode in json sse; do
    for i in $(seq 0 $((n - 1))); do
      label=${LABELS[$(( (i + round) % n ))]}
      c0=$(ticks "${PID_OF[$label]}")
      "${ON_LOAD_CPU[@]}" wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"${DURATION}s" -s "$OUT/post-$mode.lua" "http://127.0.0.1:${PORT_OF[$label]}/v1/chat/completions" >"$OUT/last.txt"
      c1=$(ticks "${PID_OF[$label]}")
      reqs=$(awk '/requests in/ {print $1}' "$OUT/last.txt"); rps=$(awk '/^Requests\/sec:/ {print $2}' "$OUT/last.txt")
      cpu=$(awk -v d=$((c1 - c0)) -v hz="$HZ" -v n="$reqs" 'BEGIN {printf "%.1f", d * 1e6 / hz / n}')
      echo -e "$round\t$mode\t$label\t$rps\t$cpu" >>"$OUT/raw.tsv"
      log "r$round $mode $label: rps=$rps cpu=${cpu}us/req"
    done
  done
done
# Memory after the rounds: resident now, and the peak (VmHWM) over the process' life.
rss_mb() { awk -v k="$2:" '$1 == k {printf "%.0f", $2 / 1024}' "/proc/$1/status"; }
declare -A RSS_OF
for label in "${LABELS[@]}"; do RSS_OF[$label]="$(rss_mb "${PID_OF[$label]}" VmRSS) / $(rss_mb "${PID_OF[$label]}" VmHWM)"; done
# The median of the numbers on stdin, printed with the given format (%.1f by default).
median() { sort -g | awk -v f="${1:-%.1f}" '{a[NR] = $1} END {printf f "\n", NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
# On a noisy machine the rounds' speed drifts more than builds differ: each round's CPU per request is divided by
# the first build's in the same round and mode, and the median of those ratios is reported.
paired() {
  awk -F'\t' -v m="$2" -v b="$1" -v f="${LABELS[0]}" 'NR > 1 && $2 == m && $3 == f {base[$1] = $5}
    NR > 1 && $2 == m && $3 == b {own[$1] = $5} END {for (r in own) if (base[r] > 0) print own[r] / base[r]}' \
    "$OUT/raw.tsv" | median %.2f
}
{
  echo "| build | JSON req/s | JSON CPU µs/req | SSE req/s | SSE CPU µs/req | CPU vs ${LABELS[0]}, JSON / SSE | RSS MB after / peak |"
  echo "|---|---|---|---|---|---|---|"
  for label in "${LABELS[@]}"; do
    row="| $label"
    for mode in json sse; do
      for c in 4 5; do
        row="$row | $(awk -F'\t' -v m=$mode -v b="$label" -v c=$c 'NR > 1 && $2 == m && $3 == b {print $c}' "$OUT/raw.tsv" | median)"
      done
    done
    echo "$row | $(paired "$label" json) / $(paired "$label" sse) | ${RSS_OF[$label]} |"
  done
} | tee "$OUT/summary.md"
