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
export PROVIDER_CHUNKS=${PROVIDER_CHUNKS:-20}
source src/bench/common.sh
start_provider 9121
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
start_gateway "$OUT/moniker.yaml" 12121
# A 2 KB prompt of ordinary prose: nothing to block or redact, so both aliases reach the provider.
PROMPT=$(printf 'Please review the quarterly plan for the logistics team and suggest improvements to the routing of deliveries between the northern depots. %.0s' $(seq 1 15))
echo "| alias | mode | req/s | gateway CPU µs/req |" | tee "$OUT/summary.md"
echo "|---|---|---|---|" | tee -a "$OUT/summary.md"
for mode in json sse; do
  stream=false; [ $mode = sse ] && stream=true
  for alias in plain guarded; do
    post_script "$alias-$mode" "{\"model\":\"$alias\",\"stream\":$stream,\"messages\":[{\"role\":\"system\",\"content\":\"You are a helpful planner.\"},{\"role\":\"user\",\"content\":\"$PROMPT\"}]}" >/dev/null
    "${ON_LOAD_CPU[@]}" wrk -t1 -c"$CONNECTIONS" -d"${WARMUP}s" -s "$OUT/$alias-$mode.lua" \
      http://127.0.0.1:12121/v1/chat/completions >/dev/null
    read -r rps cpu < <(measure "$alias-$mode" http://127.0.0.1:12121/v1/chat/completions -t1 -c"$CONNECTIONS" -d"${DURATION}s")
    echo "| $alias | $mode | $rps | $cpu |" | tee -a "$OUT/summary.md"
  done
done
