#!/usr/bin/env bash
# The cost of the content guardrails: the same 2 KB prompt through an alias without guardrails ("plain") and one
# with every rule on ("guarded": block_categories jailbreak + PII, content_filters profanity + sensitive_data), JSON
# and 20-chunk streams, against the scripted provider, on one gateway. Reports gateway CPU per request of each.
#
#   src/bench/guardrails.sh [quarkus-app dir]     (default target/quarkus-app; needs wrk and curl)
#
# Knobs (env): DURATION (10 s), WARMUP (40 s per alias and mode), CONNECTIONS (16), PIN (1: gateway+provider on
# CPU 0, wrk on CPU 1), OUT.
set -euo pipefail
cd "$(dirname "$0")/../.."
APP=${1:-target/quarkus-app}
DURATION=${DURATION:-10}; WARMUP=${WARMUP:-40}; CONNECTIONS=${CONNECTIONS:-16}; PIN=${PIN:-1}
OUT=${OUT:-target/bench/guardrails-$(date +%Y%m%d-%H%M%S)}
mkdir -p "$OUT"; OUT=$(cd "$OUT" && pwd)
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
export PROVIDER_CHUNKS=${PROVIDER_CHUNKS:-20}
ON_GATEWAY_CPU=(); ON_LOAD_CPU=()
if [ "$PIN" = 1 ]; then ON_GATEWAY_CPU=(taskset -c 0); ON_LOAD_CPU=(taskset -c 1); fi
CP=$(ls "$APP"/lib/main/io.vertx.vertx-core-*.jar "$APP"/lib/main/io.netty.netty-*.jar \
  "$APP"/lib/main/com.fasterxml.jackson.core.jackson-core-*.jar | tr '\n' ':')
PIDS=()
trap 'for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true' EXIT
"${ON_GATEWAY_CPU[@]}" "$JAVA" -XX:+UseSerialGC -cp "$CP" src/bench/Provider.java 9121 >"$OUT/provider.log" 2>&1 &
PIDS+=($!)
cat >"$OUT/moniker.yaml" <<YAML
llm_providers:
  - model: openai/gpt-4o-mini
    access_key: bench-key
    base_url: http://127.0.0.1:9121/v1
model_aliases:
  plain:
    target: gpt-4o-mini
  guarded:
    target: gpt-4o-mini
    guardrails:
      block_categories: ["jailbreak", "PII"]
      content_filters:
        - type: profanity
        - type: sensitive_data
YAML
MONIKER_CONFIG="$OUT/moniker.yaml" QUARKUS_HTTP_PORT=12121 "${ON_GATEWAY_CPU[@]}" "$JAVA" -XX:+UseSerialGC -Xms32m \
  -Xmx128m -jar "$APP/quarkus-run.jar" >"$OUT/moniker.log" 2>&1 &
GATEWAY=$!; PIDS+=("$GATEWAY")
for _ in $(seq 1 300); do curl -sf -o /dev/null http://127.0.0.1:12121/q/health/ready && break; sleep 0.1; done
# A 2 KB prompt of ordinary prose: nothing to block or redact, so both aliases reach the provider.
PROMPT=$(printf 'Please review the quarterly plan for the logistics team and suggest improvements to the routing of deliveries between the northern depots. %.0s' $(seq 1 15))
ticks() { sed 's/^.*) //' "/proc/$1/stat" | awk '{print $12 + $13}'; }
HZ=$(getconf CLK_TCK)
echo "| alias | mode | req/s | gateway CPU µs/req |" | tee "$OUT/summary.md"
echo "|---|---|---|---|" | tee -a "$OUT/summary.md"
for mode in json sse; do
  stream=false; [ $mode = sse ] && stream=true
  for alias in plain guarded; do
    printf '{"model":"%s","stream":%s,"messages":[{"role":"system","content":"You are a helpful planner."},{"role":"user","content":"%s"}]}' \
      "$alias" "$stream" "$PROMPT" >"$OUT/$alias-$mode.json"
    printf 'wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\nlocal f = io.open("%s", "rb"); wrk.body = f:read("*a"); f:close()\n' \
      "$OUT/$alias-$mode.json" >"$OUT/$alias-$mode.lua"
    "${ON_LOAD_CPU[@]}" wrk -t1 -c"$CONNECTIONS" -d"${WARMUP}s" -s "$OUT/$alias-$mode.lua" \
      http://127.0.0.1:12121/v1/chat/completions >/dev/null
    c0=$(ticks "$GATEWAY")
    "${ON_LOAD_CPU[@]}" wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" -s "$OUT/$alias-$mode.lua" \
      http://127.0.0.1:12121/v1/chat/completions >"$OUT/$alias-$mode.txt"
    c1=$(ticks "$GATEWAY")
    reqs=$(awk '/requests in/ {print $1}' "$OUT/$alias-$mode.txt"); rps=$(awk '/^Requests\/sec:/ {print $2}' "$OUT/$alias-$mode.txt")
    cpu=$(awk -v d=$((c1 - c0)) -v hz="$HZ" -v n="$reqs" 'BEGIN {printf "%.1f", d * 1e6 / hz / n}')
    echo "| $alias | $mode | $rps | $cpu |" | tee -a "$OUT/summary.md"
  done
done
