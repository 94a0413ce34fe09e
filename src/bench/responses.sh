#!/usr/bin/env bash
# The Responses API's cost: the same short prompt as chat completions ("chat"), as a Responses request translated
# over chat completions without storing ("responses, store: false"), stored in memory and in PostgreSQL, and as a
# continuation (previous_response_id: one read and one write of the conversation store). Gateway and scripted
# provider pinned to CPU 0 (PostgreSQL too), wrk on CPU 1. Reports req/s, gateway CPU per request, p50 and p99.
#
#   src/bench/responses.sh [quarkus-app dir]     (default target/quarkus-app; needs wrk, curl, PostgreSQL's programs)
#
# Knobs (env): DURATION (10 s), WARMUP (20 s per row), CONNECTIONS (8), PIN (1), OUT.
set -euo pipefail
cd "$(dirname "$0")/../.."
APP=${1:-target/quarkus-app}
DURATION=${DURATION:-10}; WARMUP=${WARMUP:-20}; CONNECTIONS=${CONNECTIONS:-8}; PIN=${PIN:-1}
OUT=${OUT:-target/bench/responses-$(date +%Y%m%d-%H%M%S)}
mkdir -p "$OUT"; OUT=$(cd "$OUT" && pwd)
source src/bench/common.sh
start_provider 9131

# PostgreSQL in a fresh data directory (as the postgres user when run as root: it refuses root).
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
PGDIR=$(mktemp -d); AS=(); [ "$(id -u)" -eq 0 ] && { chown postgres "$PGDIR"; AS=(runuser -u postgres --); }
"${AS[@]}" "$PGBIN/initdb" -D "$PGDIR/data" -U moniker -A trust --no-sync >"$OUT/initdb.log" 2>&1
"${ON_GATEWAY_CPU[@]}" "${AS[@]}" "$PGBIN/postgres" -D "$PGDIR/data" -p 9132 -k "$PGDIR" \
  -c listen_addresses=127.0.0.1 >"$OUT/postgres.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 1 100); do "$PGBIN/pg_isready" -q -h 127.0.0.1 -p 9132 && break; sleep 0.1; done

config() {
  cat >"$OUT/moniker-$1.yaml" <<YAML
llm_providers:
  - model: self-hosted/bench-model
    provider_interface: openai
    base_url: http://127.0.0.1:9131/v1
model_aliases:
  chat-model:
    target: self-hosted/bench-model
YAML
  [ "$1" = postgres ] && printf 'state_storage:\n  type: postgres\n  connection_string: postgresql://moniker@127.0.0.1:9132/postgres\n' \
    >>"$OUT/moniker-$1.yaml"
  echo "$OUT/moniker-$1.yaml"
}

row() { # name url body
  post_script "$1" "$3" >/dev/null
  "${ON_LOAD_CPU[@]}" wrk -t1 -c"$CONNECTIONS" -d"${WARMUP}s" -s "$OUT/$1.lua" "$2" >/dev/null
  read -r rps cpu < <(measure "$1" "$2" -t1 -c"$CONNECTIONS" -d"${DURATION}s" --latency)
  p50=$(awk '$1 == "50%" {print $2}' "$OUT/$1.txt"); p99=$(awk '$1 == "99%" {print $2}' "$OUT/$1.txt")
  bad=$(awk '/Non-2xx/ {print $NF}' "$OUT/$1.txt"); bad=${bad:-0}
  echo "| $1 | $rps | $cpu | $p50 | $p99 | $bad |" | tee -a "$OUT/summary.md"
}

echo "| request | req/s | gateway CPU µs/req | p50 | p99 | non-2xx |" | tee "$OUT/summary.md"
echo "|---|---|---|---|---|---|" | tee -a "$OUT/summary.md"
R=http://127.0.0.1:12131/v1/responses
for store in memory postgres; do
  start_gateway "$(config $store)" 12131
  if [ $store = memory ]; then
    row "chat" http://127.0.0.1:12131/v1/chat/completions \
      '{"model":"chat-model","messages":[{"role":"user","content":"Say hello to the team"}]}'
    row "responses, store: false" $R '{"model":"chat-model","input":"Say hello to the team","store":false}'
  fi
  row "responses, stored ($store)" $R '{"model":"chat-model","input":"Say hello to the team"}'
  first=$(curl -sf -H 'Content-Type: application/json' -d '{"model":"chat-model","input":"My name is Ada"}' $R \
    | sed 's/^{"id":"\([^"]*\)".*/\1/')
  row "continuation ($store)" $R "{\"model\":\"chat-model\",\"input\":\"Who am I?\",\"previous_response_id\":\"$first\"}"
  kill "$GATEWAY"; wait "$GATEWAY" 2>/dev/null || true
done
grep -h "not stored" "$OUT"/moniker*.log | tee -a "$OUT/summary.md" || true
echo "rows: $("$PGBIN/psql" -h 127.0.0.1 -p 9132 -U moniker -d postgres -tAc 'SELECT count(*) FROM moniker_responses')" \
  | tee -a "$OUT/summary.md"
kill "${PIDS[@]}" 2>/dev/null || true; wait 2>/dev/null || true
rm -rf "$PGDIR"
