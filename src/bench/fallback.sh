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
source src/bench/common.sh
start_provider 9111
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
start_gateway "$OUT/moniker.yaml" 12111
echo "| alias | req/s | p50 ms | p99 ms | gateway CPU µs/req |" | tee "$OUT/summary.md"
echo "|---|---|---|---|---|" | tee -a "$OUT/summary.md"
for alias in direct fallback; do
  post_script "$alias" "{\"model\":\"$alias\",\"messages\":[{\"role\":\"user\",\"content\":\"Say hello.\"}]}" >/dev/null
  "${ON_LOAD_CPU[@]}" wrk -t1 -c"$CONNECTIONS" -d"${WARMUP}s" -s "$OUT/$alias.lua" http://127.0.0.1:12111/v1/chat/completions >/dev/null
  read -r rps cpu < <(measure "$alias" http://127.0.0.1:12111/v1/chat/completions -t1 -c"$CONNECTIONS" -d"${DURATION}s" --latency)
  p50=$(awk '$1 == "50%" {print $2}' "$OUT/$alias.txt"); p99=$(awk '$1 == "99%" {print $2}' "$OUT/$alias.txt")
  echo "| $alias | $rps | $p50 | $p99 | $cpu |" | tee -a "$OUT/summary.md"
done
