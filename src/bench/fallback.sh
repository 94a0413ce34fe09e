#!/usr/bin/env bash
# The cost of one fallback step: the same request through an alias that answers at once ("direct") and through one
# whose primary answers 429 and whose fallback answers ("fallback"), against the scripted provider, on one gateway.
# Reports gateway CPU per request and latency percentiles of each; the difference is what one fallback step costs.
#
#   src/bench/fallback.sh [quarkus-app dir]      (default target/quarkus-app; needs wrk and curl)
#
# Knobs (env): DURATION (10 s), WARMUP (20 s), CONNECTIONS (8), PIN (1: gateway+provider on CPU 0, wrk on CPU 1), OUT.
set -euo pipefail
cd "$(dirname "$0")/../.."
APP=${1:-target/quarkus-app}
DURATION=${DURATION:-10}; WARMUP=${WARMUP:-20}; CONNECTIONS=${CONNECTIONS:-8}; PIN=${PIN:-1}
OUT=${OUT:-target/bench/fallback-$(date +%Y%m%d-%H%M%S)}
mkdir -p "$OUT"; OUT=$(cd "$OUT" && pwd)
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
ON_GATEWAY_CPU=(); ON_LOAD_CPU=()
if [ "$PIN" = 1 ]; then ON_GATEWAY_CPU=(taskset -c 0); ON_LOAD_CPU=(taskset -c 1); fi
CP=$(ls "$APP"/lib/main/io.vertx.vertx-core-*.jar "$APP"/lib/main/io.netty.netty-*.jar \
  "$APP"/lib/main/com.fasterxml.jackson.core.jackson-core-*.jar | tr '\n' ':')
PIDS=()
trap 'for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true' EXIT
"${ON_GATEWAY_CPU[@]}" "$JAVA" -XX:+UseSerialGC -cp "$CP" src/bench/Provider.java 9111 >"$OUT/provider.log" 2>&1 &
PIDS+=($!)
cat >"$OUT/moniker.yaml" <<YAML
llm_providers:
  - model: bench-ok/gpt-4o-mini
    provider_interface: openai
    base_url: http://127.0.0.1:9111/v1
  - model: bench-quota/gpt-4o-mini
    provider_interface: openai
    base_url: http://127.0.0.1:9111/quota/v1
model_aliases:
  direct:
    target: bench-ok/gpt-4o-mini
  fallback:
    target: bench-quota/gpt-4o-mini
    fallbacks:
      - target: bench-ok/gpt-4o-mini
        conditions: ["quota_exceeded"]
YAML
MONIKER_CONFIG="$OUT/moniker.yaml" QUARKUS_HTTP_PORT=12111 "${ON_GATEWAY_CPU[@]}" "$JAVA" -XX:+UseSerialGC -Xms32m \
  -Xmx128m -jar "$APP/quarkus-run.jar" >"$OUT/moniker.log" 2>&1 &
GATEWAY=$!; PIDS+=("$GATEWAY")
for _ in $(seq 1 300); do curl -sf -o /dev/null http://127.0.0.1:12111/q/health/ready && break; sleep 0.1; done
ticks() { sed 's/^.*) //' "/proc/$1/stat" | awk '{print $12 + $13}'; }
HZ=$(getconf CLK_TCK)
for alias in direct fallback; do
  printf '{"model":"%s","messages":[{"role":"user","content":"Say hello."}]}' "$alias" >"$OUT/$alias.json"
  printf 'wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\nlocal f = io.open("%s", "rb"); wrk.body = f:read("*a"); f:close()\n' \
    "$OUT/$alias.json" >"$OUT/$alias.lua"
  "${ON_LOAD_CPU[@]}" wrk -t1 -c"$CONNECTIONS" -d"${WARMUP}s" -s "$OUT/$alias.lua" http://127.0.0.1:12111/v1/chat/completions >/dev/null
done
echo "| alias | req/s | p50 ms | p99 ms | gateway CPU µs/req |" | tee "$OUT/summary.md"
echo "|---|---|---|---|---|" | tee -a "$OUT/summary.md"
for alias in direct fallback; do
  c0=$(ticks "$GATEWAY")
  "${ON_LOAD_CPU[@]}" wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" --latency -s "$OUT/$alias.lua" \
    http://127.0.0.1:12111/v1/chat/completions >"$OUT/$alias.txt"
  c1=$(ticks "$GATEWAY")
  reqs=$(awk '/requests in/ {print $1}' "$OUT/$alias.txt"); rps=$(awk '/^Requests\/sec:/ {print $2}' "$OUT/$alias.txt")
  p50=$(awk '$1 == "50%" {print $2}' "$OUT/$alias.txt"); p99=$(awk '$1 == "99%" {print $2}' "$OUT/$alias.txt")
  cpu=$(awk -v d=$((c1 - c0)) -v hz="$HZ" -v n="$reqs" 'BEGIN {printf "%.1f", d * 1e6 / hz / n}')
  echo "| $alias | $rps | $p50 | $p99 | $cpu |" | tee -a "$OUT/summary.md"
done
