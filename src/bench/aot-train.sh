#!/usr/bin/env bash
# Records a JDK 25 AOT cache (JEP 483 classes + JEP 515 method profiles) from a training run that drives real
# traffic through the hot paths, instead of the few requests of the integration tests (-Paot): OpenAI and Anthropic
# ingress, JSON and SSE, an Anthropic-format target (translation both ways) and a fallback from a dead endpoint.
# The scripted provider serves everything; nothing reaches a real provider. The cache is written when the
# gateway exits (-XX:AOTCacheOutput).
#
#   src/bench/aot-train.sh [quarkus-app dir] [cache file]     (defaults: target/quarkus-app, <dir>/app.aot)
#   then: java -XX:AOTCache=<cache file> ... -jar <dir>/quarkus-run.jar
#
# Knobs (env): TRAIN_SECONDS (8 per path), OUT. Needs JDK 25+, wrk and curl.
set -euo pipefail
cd "$(dirname "$0")/../.."
APP=${1:-target/quarkus-app}; CACHE=${2:-$APP/app.aot}
TRAIN_SECONDS=${TRAIN_SECONDS:-8}
OUT=${OUT:-target/bench/aot-train-$(date +%Y%m%d-%H%M%S)}
mkdir -p "$OUT"; OUT=$(cd "$OUT" && pwd)
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
export PROVIDER_CHUNKS=${PROVIDER_CHUNKS:-20}
CP=$(ls "$APP"/lib/main/io.vertx.vertx-core-*.jar "$APP"/lib/main/io.netty.netty-*.jar \
  "$APP"/lib/main/com.fasterxml.jackson.core.jackson-core-*.jar | tr '\n' ':')
PIDS=()
trap 'for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true' EXIT
"$JAVA" -XX:+UseSerialGC -cp "$CP" src/bench/Provider.java 9141 >"$OUT/provider.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 1 100); do curl -s -o /dev/null http://127.0.0.1:9141/ && break; sleep 0.1; done
DEAD=$(( 20000 + RANDOM % 20000 )) # a closed loopback port: the fallback's dead primary
cat >"$OUT/moniker.yaml" <<YAML
llm_providers:
  - model: openai/gpt-4o-mini
    access_key: train-key
    base_url: http://127.0.0.1:9141/v1
  - name: dead-primary
    model: openai/gpt-4o
    access_key: train-key
    base_url: http://127.0.0.1:$DEAD/v1
model_aliases:
  fast-model:
    target: gpt-4o-mini
  fallback-model:
    target: dead-primary
    fallbacks:
      - target: gpt-4o-mini
YAML
MONIKER_CONFIG="$OUT/moniker.yaml" QUARKUS_HTTP_PORT=12141 "$JAVA" -XX:AOTCacheOutput="$CACHE" -XX:+UseSerialGC \
  -Xms32m -Xmx128m -jar "$APP/quarkus-run.jar" >"$OUT/moniker.log" 2>&1 &
GATEWAY=$!; PIDS+=("$GATEWAY")
for _ in $(seq 1 300); do curl -sf -o /dev/null http://127.0.0.1:12141/q/health/ready && break; sleep 0.1; done
train() { # name path body
  printf '%s' "$3" >"$OUT/$1.json"
  printf 'wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\nwrk.headers["x-api-key"] = "k"\nlocal f = io.open("%s", "rb"); wrk.body = f:read("*a"); f:close()\n' \
    "$OUT/$1.json" >"$OUT/$1.lua"
  wrk -t1 -c16 -d"${TRAIN_SECONDS}s" -s "$OUT/$1.lua" "http://127.0.0.1:12141$2" | awk -v n="$1" '/^Requests\/sec:/ {print n ": " $2 " req/s"}'
}
MSG='"messages":[{"role":"user","content":"Say hello in one short sentence."}]'
train openai-json /v1/chat/completions "{\"model\":\"fast-model\",$MSG}"
train openai-sse /v1/chat/completions "{\"model\":\"fast-model\",\"stream\":true,$MSG}"
train anthropic-json /v1/messages "{\"model\":\"fast-model\",\"max_tokens\":64,$MSG}"
train anthropic-sse /v1/messages "{\"model\":\"fast-model\",\"max_tokens\":64,\"stream\":true,$MSG}"
train fallback-json /v1/chat/completions "{\"model\":\"fallback-model\",$MSG}"
kill -TERM "$GATEWAY"
wait "$GATEWAY" 2>/dev/null || true
ls -l "$CACHE" && echo "AOT cache written: $CACHE"
