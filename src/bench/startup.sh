#!/usr/bin/env bash
# Start-up of gateway builds: time from launch to the first answered chat request (through an alias, to the
# scripted provider), Quarkus' own "started in", and RSS right after that first answer. Interleaved repetitions,
# medians.
#
#   src/bench/startup.sh plain=/path/to/plain/quarkus-app 'aot=target/quarkus-app:::-XX:AOTCache=target/quarkus-app/app.aot'
#
# An AOT cache only loads with the class path it was trained with: measure it in place (target/quarkus-app after
# ./mvnw verify -Paot), not from a copy.
# Text after ::: is extra JVM options for that build. Knobs (env): REPS (5), MONIKER_JAVA_OPTS, OUT.
set -euo pipefail
cd "$(dirname "$0")/../.."
REPS=${REPS:-5}
MONIKER_JAVA_OPTS=${MONIKER_JAVA_OPTS:--XX:+UseSerialGC -Xms32m -Xmx128m -XX:TrimNativeHeapInterval=1000 -Dio.netty.allocator.maxOrder=7 -XX:+ExitOnOutOfMemoryError}
OUT=${OUT:-target/bench/startup-$(date +%Y%m%d-%H%M%S)}
mkdir -p "$OUT"; OUT=$(cd "$OUT" && pwd)
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
[ $# -gt 0 ] || { echo "usage: $0 LABEL=quarkus-app-dir[:::jvm options] ..." >&2; exit 2; }
FIRST_APP=${1#*=}; FIRST_APP=${FIRST_APP%%:::*}
LIB="$FIRST_APP/lib/main"
CP=$(ls "$LIB"/io.vertx.vertx-core-*.jar "$LIB"/io.netty.netty-*.jar "$LIB"/com.fasterxml.jackson.core.jackson-core-*.jar | tr '\n' ':')
"$JAVA" -XX:+UseSerialGC -cp "$CP" src/bench/Provider.java 9102 >"$OUT/provider.log" 2>&1 &
PROVIDER=$!
trap 'kill $PROVIDER 2>/dev/null || true' EXIT
cat >"$OUT/moniker.yaml" <<YAML
llm_providers:
  - model: openai/gpt-4o-mini
    access_key: bench-key
    base_url: http://127.0.0.1:9102
model_aliases:
  fast-model:
    target: gpt-4o-mini
YAML
BODY='{"model":"fast-model","messages":[{"role":"user","content":"Hi"}]}'
until curl -s -o /dev/null -d "$BODY" http://127.0.0.1:9102/v1/chat/completions; do sleep 0.1; done
echo -e "rep\tbuild\tfirst_answer_ms\tquarkus_started_ms\trss_mb" >"$OUT/raw.tsv"
for rep in $(seq 1 "$REPS"); do
  for arg in "$@"; do
    label=${arg%%=*}; app=${arg#*=}; extra=""
    if [[ $app == *":::"* ]]; then extra=${app#*:::}; app=${app%%:::*}; fi
    t0=$(date +%s%N)
    # shellcheck disable=SC2086
    MONIKER_CONFIG="$OUT/moniker.yaml" QUARKUS_HTTP_PORT=12200 "$JAVA" $MONIKER_JAVA_OPTS $extra \
      -jar "$app/quarkus-run.jar" >"$OUT/$label-$rep.log" 2>&1 &
    pid=$!
    until [ "$(curl -s -o /dev/null -w '%{http_code}' -d "$BODY" http://127.0.0.1:12200/v1/chat/completions)" = 200 ]; do
      kill -0 "$pid" 2>/dev/null || { echo "$label exited before answering, see $OUT/$label-$rep.log" >&2; exit 1; }
      sleep 0.005
    done
    t1=$(date +%s%N)
    rss=$(awk '/^VmRSS:/ {printf "%.0f", $2 / 1024}' "/proc/$pid/status")
    kill "$pid"; wait "$pid" 2>/dev/null || true
    started=$(sed -n 's/.* started in \([0-9.]*\)s.*/\1/p' "$OUT/$label-$rep.log" | awk '{printf "%.0f", $1 * 1000}')
    echo -e "$rep\t$label\t$(( (t1 - t0) / 1000000 ))\t${started:-?}\t$rss" >>"$OUT/raw.tsv"
  done
done
median() { sort -g | awk '{a[NR] = $1} END {if (NR % 2) print a[(NR + 1) / 2]; else printf "%.0f\n", (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
{
  echo "| build | first answered request, ms (median of $REPS) | Quarkus \"started in\", ms | RSS after first answer, MB |"
  echo "|---|---|---|---|"
  for arg in "$@"; do
    label=${arg%%=*}
    row="| $label"
    for c in 3 4 5; do row="$row | $(awk -F'\t' -v b="$label" -v c=$c 'NR > 1 && $2 == b {print $c}' "$OUT/raw.tsv" | median)"; done
    echo "$row |"
  done
} | tee "$OUT/summary.md"
