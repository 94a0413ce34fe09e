#!/usr/bin/env bash
# The warm-up curve, as a freshly scaled-out pod meets it: the gateway and the scripted provider pinned together to
# CPU 0, the load on CPU 1; load starts the moment the gateway answers its first request, and requests/s are
# recorded per 2-second slice from process start. Prints the curve and the first slice that reaches 90 % of the
# steady rate (the median of the last five slices).
#
#   src/bench/warmup.sh [quarkus-app dir] [extra JVM options...]
#
# Knobs (env): SECONDS_TOTAL (90), SLICE (2), CONNECTIONS (32), MODE (json|sse), OUT.
set -euo pipefail
cd "$(dirname "$0")/../.."
APP=${1:-target/quarkus-app}; shift || true
EXTRA=("$@")
SECONDS_TOTAL=${SECONDS_TOTAL:-90}; SLICE=${SLICE:-2}; CONNECTIONS=${CONNECTIONS:-32}; MODE=${MODE:-json}
OUT=${OUT:-target/bench/warmup-$(date +%Y%m%d-%H%M%S)}
mkdir -p "$OUT"; OUT=$(cd "$OUT" && pwd)
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
export PROVIDER_CHUNKS=${PROVIDER_CHUNKS:-20}
CP=$(ls "$APP"/lib/main/io.vertx.vertx-core-*.jar "$APP"/lib/main/io.netty.netty-*.jar \
  "$APP"/lib/main/com.fasterxml.jackson.core.jackson-core-*.jar | tr '\n' ':')
PIDS=()
trap 'for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true' EXIT
taskset -c 0 "$JAVA" -XX:+UseSerialGC -cp "$CP" src/bench/Provider.java 9131 >"$OUT/provider.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 1 100); do curl -s -o /dev/null http://127.0.0.1:9131/ && break; sleep 0.1; done
cat >"$OUT/moniker.yaml" <<YAML
llm_providers:
  - model: openai/gpt-4o-mini
    access_key: bench-key
    base_url: http://127.0.0.1:9131/v1
model_aliases:
  fast-model:
    target: gpt-4o-mini
YAML
stream=false; [ "$MODE" = sse ] && stream=true
printf '{"model":"fast-model","stream":%s,"messages":[{"role":"user","content":"Say hello in one short sentence."}]}' \
  "$stream" >"$OUT/body.json"
printf 'wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\nlocal f = io.open("%s", "rb"); wrk.body = f:read("*a"); f:close()\n' \
  "$OUT/body.json" >"$OUT/post.lua"
START=$(date +%s.%N)
MONIKER_CONFIG="$OUT/moniker.yaml" QUARKUS_HTTP_PORT=12131 taskset -c 0 "$JAVA" -XX:+UseSerialGC -Xms32m -Xmx128m \
  "${EXTRA[@]}" -jar "$APP/quarkus-run.jar" >"$OUT/moniker.log" 2>&1 &
PIDS+=($!)
until curl -s -o /dev/null -H 'Content-Type: application/json' -d @"$OUT/body.json" \
  http://127.0.0.1:12131/v1/chat/completions; do sleep 0.02; done
FIRST=$(date +%s.%N)
echo "first answer $(awk -v a="$START" -v b="$FIRST" 'BEGIN {printf "%.2f", b - a}') s after launch" | tee "$OUT/curve.txt"
echo "slice_end_s	req_per_s" >"$OUT/curve.tsv"
slices=$(( SECONDS_TOTAL / SLICE ))
for i in $(seq 1 "$slices"); do
  taskset -c 1 wrk -t1 -c"$CONNECTIONS" -d"${SLICE}s" -s "$OUT/post.lua" http://127.0.0.1:12131/v1/chat/completions \
    >"$OUT/slice.txt" 2>&1 || true
  rps=$(awk '/^Requests\/sec:/ {printf "%.0f", $2}' "$OUT/slice.txt")
  now=$(date +%s.%N)
  echo "$(awk -v a="$START" -v b="$now" 'BEGIN {printf "%.1f", b - a}')	${rps:-0}" >>"$OUT/curve.tsv"
done
steady=$(tail -n 5 "$OUT/curve.tsv" | cut -f2 | sort -n | sed -n 3p)
reached=$(awk -v s="$steady" 'NR > 1 && $2 >= 0.9 * s {print $1; exit}' "$OUT/curve.tsv")
column -t "$OUT/curve.tsv" | tee -a "$OUT/curve.txt"
echo "steady ${steady} req/s (median of the last 5 slices); 90 % first reached ${reached:-never} s after launch" \
  | tee -a "$OUT/curve.txt"
