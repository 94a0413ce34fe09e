#!/usr/bin/env bash
# The guardrails' own CPU per request, isolated (src/bench/GuardrailCost.java): the input stages on a 2 KB prompt,
# the output filter on a JSON answer and on a 20-event stream, each against the same work without guardrails, on
# one pinned CPU with nothing else running. The gateway-level figure (guardrails.sh, compare.sh) includes HTTP
# and a second process; this one is only the part the guardrails add. The VM's speed still drifts between runs:
# compare builds by alternating runs of each.
#
#   src/bench/guardrail-cost.sh [classes dir] [quarkus-app dir]   (defaults: target/classes, target/quarkus-app)
#
# Knobs (env): ROUNDS (7), MILLIS (2000 per round and variant), CPU (1; "" for no pinning), PART (detectors: each
# detector alone, on the 2 KB prompt and on a stream window; request, answer or stream: that part only, for a
# profiler), JAVA_OPTS (added to the JVM's options, e.g. -XX:StartFlightRecording=...).
set -euo pipefail
cd "$(dirname "$0")/../.."
CLASSES=${1:-target/classes}; APP=${2:-target/quarkus-app}
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
CP="$CLASSES:$(ls "$APP"/lib/main/*.jar "$APP"/lib/boot/*.jar | tr '\n' ':')"
PIN=(); [ -n "${CPU-1}" ] && PIN=(taskset -c "${CPU-1}")
"${PIN[@]}" "$JAVA" -XX:+UseSerialGC -Xmx256m -Drounds="${ROUNDS:-7}" -Dmillis="${MILLIS:-2000}" -Dpart="${PART:-}" ${JAVA_OPTS:-} -cp "$CP" \
  src/bench/GuardrailCost.java
