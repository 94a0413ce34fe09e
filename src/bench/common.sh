# Shared by the single-gateway benchmark scripts (fallback.sh, guardrails.sh): sourced after APP, OUT and PIN are set.
# Defines JAVA, the pinning prefixes, the provider's class path, the process cleanup, and:
#   start_provider PORT          the scripted provider (src/bench/Provider.java), pinned with the gateway
#   start_gateway CONFIG PORT    the gateway jar under APP; sets GATEWAY to its pid once it is ready
#   post_script NAME BODY        a wrk Lua script posting BODY; prints its path
#   measure NAME URL [wrk args]  a wrk run on the load CPU; prints "req/s cpu_us_per_req" of the gateway
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
ON_GATEWAY_CPU=(); ON_LOAD_CPU=()
if [ "${PIN:-1}" = 1 ]; then ON_GATEWAY_CPU=(taskset -c 0); ON_LOAD_CPU=(taskset -c 1); fi
BENCH_CP=$(ls "$APP"/lib/main/io.vertx.vertx-core-*.jar "$APP"/lib/main/io.netty.netty-*.jar \
  "$APP"/lib/main/com.fasterxml.jackson.core.jackson-core-*.jar | tr '\n' ':')
PIDS=()
trap 'for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true' EXIT
HZ=$(getconf CLK_TCK)

start_provider() {
  "${ON_GATEWAY_CPU[@]}" "$JAVA" -XX:+UseSerialGC -cp "$BENCH_CP" src/bench/Provider.java "$1" >"$OUT/provider.log" 2>&1 &
  PIDS+=($!)
}

start_gateway() {
  MONIKER_CONFIG="$1" QUARKUS_HTTP_PORT="$2" "${ON_GATEWAY_CPU[@]}" "$JAVA" -XX:+UseSerialGC -Xms32m -Xmx128m \
    -jar "$APP/quarkus-run.jar" >"$OUT/moniker.log" 2>&1 &
  GATEWAY=$!; PIDS+=("$GATEWAY")
  for _ in $(seq 1 300); do curl -sf -o /dev/null "http://127.0.0.1:$2/q/health/ready" && return; sleep 0.1; done
}

post_script() {
  printf '%s' "$2" >"$OUT/$1.json"
  printf 'wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\nlocal f = io.open("%s", "rb"); wrk.body = f:read("*a"); f:close()\n' \
    "$OUT/$1.json" >"$OUT/$1.lua"
  echo "$OUT/$1.lua"
}

ticks() { sed 's/^.*) //' "/proc/$1/stat" | awk '{print $12 + $13}'; }

measure() {
  local name=$1 url=$2; shift 2
  local c0 c1 reqs rps
  c0=$(ticks "$GATEWAY")
  "${ON_LOAD_CPU[@]}" wrk "$@" -s "$OUT/$name.lua" "$url" >"$OUT/$name.txt"
  c1=$(ticks "$GATEWAY")
  reqs=$(awk '/requests in/ {print $1}' "$OUT/$name.txt"); rps=$(awk '/^Requests\/sec:/ {print $2}' "$OUT/$name.txt")
  echo "$rps $(awk -v d=$((c1 - c0)) -v hz="$HZ" -v n="$reqs" 'BEGIN {printf "%.1f", d * 1e6 / hz / n}')"
}
